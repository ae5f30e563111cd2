"""Log-in throttling (per account and per address), the throttled password confirmation of the
minutes, a new session and CSRF token at log-in, and the way back after an expired session."""
from __future__ import annotations

import re
import time
import types
from urllib.parse import parse_qs, urlsplit

import pytest

from criteria_app import create_app
from criteria_app.extensions import db
from criteria_app.models import Inspection


class Clock:
    """Stands in for the clock of the limiter's in-memory storage: the window passes without waiting."""

    def __init__(self):
        self.now = time.time()

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    import limits.storage.memory
    fake = Clock()
    monkeypatch.setattr(limits.storage.memory, "time", types.SimpleNamespace(time=fake.time))
    return fake


def _login(client, username, password, **kwargs):
    return client.post("/login", data={"username": username, "password": password}, **kwargs)


def test_the_31st_wrong_password_in_a_minute_is_refused_even_when_right_then_works_after_the_window(
        client, world, clock):
    for _ in range(30):
        assert _login(client, "nghithu", "sai-mat-khau").status_code == 401
    refused = _login(client, "nghithu", "pw")
    assert refused.status_code == 429
    html = refused.get_data(as_text=True)
    assert re.search(r"Đã nhập sai mật khẩu quá nhiều lần\. Vui lòng thử lại sau \d+ giây \(lúc \d\d:\d\d:\d\d\)\.", html)
    assert 'id="password-error"' in html and 'aria-describedby="password-error"' in html
    assert 'value="nghithu"' in html                       # what was typed stays
    assert int(refused.headers["Retry-After"]) > 0
    assert "_user_id" not in _session(client)              # not logged in
    # another account from the same address is not locked out by this one
    assert _login(client, "nghihuong", "pw").status_code == 302
    client.post("/logout")
    clock.now += 61
    assert _login(client, "nghithu", "pw").status_code == 302


def test_successful_log_ins_do_not_count(client, world, clock):
    for _ in range(35):
        assert _login(client, "nghithu", "pw").status_code == 302
        client.post("/logout")


def test_many_accounts_tried_from_one_address_are_refused_by_address(app, client, world, clock):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per minute"     # the window is configurable
    for username in ("nghithu", "nghihuong", "tinh"):
        assert _login(client, username, "sai-mat-khau").status_code == 401
    assert _login(client, "admin", "pw").status_code == 429
    other_address = _login(client, "admin", "pw", environ_base={"REMOTE_ADDR": "10.0.0.7"})
    assert other_address.status_code == 302


@pytest.fixture
def limiter_state():
    """The limiter is one object for every app of this process: after its storage was found dead it
    keeps using its in-memory fallback, which would leak into the next test's app."""
    from criteria_app.extensions import limiter
    yield limiter
    limiter._storage_dead = False


def test_an_unreachable_redis_does_not_stop_log_in(database_url, tmp_path, limiter_state):
    url, options = database_url
    app = create_app({"MODE": "test", "SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options,
                      "UPLOAD_FOLDER": str(tmp_path), "WTF_CSRF_ENABLED": False,
                      "REDIS_URL": "redis://127.0.0.1:1/0"})
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:1/0"
    with app.app_context():
        db.drop_all()
        db.create_all()
        from tests.factories import build_world
        build_world()
        client = app.test_client()
        assert _login(client, "nghithu", "sai").status_code == 401
        assert _login(client, "nghithu", "pw").status_code == 302
        assert limiter_state._storage_dead          # the counters went to memory instead
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_the_minutes_password_confirmation_is_throttled(app, world, login, client, clock):
    from tests.factories import minutes_fields, scored, submitted
    from criteria_app.services import inspections as svc
    a = submitted(world)
    inspection = svc.start_inspection(a, world.users["truongdoan"])
    scored(world, inspection, differing=("TC01.1", True))
    lead = world.users["truongdoan"]
    svc.adopt_unanimous(inspection, lead)
    svc.finalise(inspection, lead, place="x", ward_representatives="y", findings="", conclusion="z",
                 **minutes_fields())
    app.config["PASSWORD_CONFIRM_LIMIT_PER_ACCOUNT"] = "3 per minute"
    login("truongdoan")
    url = f"/kiem-tra/{a.id}/bien-ban/xac-nhan"
    for _ in range(3):
        wrong = client.post(url, data={"password": "sai"})
        assert wrong.status_code == 422 and 'data-testid="confirm-password-error"' in wrong.get_data(as_text=True)
    refused = client.post(url, data={"password": "pw"})
    assert refused.status_code == 303 and refused.headers["Location"].endswith(f"/kiem-tra/{a.id}/bien-ban")
    page = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert "Đã nhập mật khẩu xác nhận quá nhiều lần. Vui lòng thử lại sau" in page
    db.session.expire_all()
    assert db.session.get(Inspection, inspection.id).lead_confirmed_at is None
    clock.now += 61
    client.post(url, data={"password": "pw"})
    db.session.expire_all()
    assert db.session.get(Inspection, inspection.id).lead_confirmed_at is not None


def _session(client) -> dict:
    with client.session_transaction() as session:
        return dict(session)


def test_log_in_starts_a_new_session_with_a_new_csrf_token(client, world):
    client.get("/login?lang=en")
    before = _session(client)
    assert before.get("csrf_token")
    assert _login(client, "nghithu", "pw").status_code == 302
    client.get(f"/danh-gia/{world.nghi_thu_assessment.id}")
    after = _session(client)
    assert after.get("csrf_token") and after["csrf_token"] != before["csrf_token"]
    assert after.get("lang") == "en"                         # the chosen language is kept


def test_an_expired_session_during_autosave_comes_back_to_the_page_after_log_in(client, world):
    aid = world.nghi_thu_assessment.id
    page = f"/danh-gia/{aid}/tieu-chi/TC01?lang=vi"
    response = client.post(f"/danh-gia/{aid}/chi-tieu/TC01.1", data={"value": "yes"},
                           headers={"HX-Request": "true", "HX-Current-URL": "http://localhost" + page})
    assert response.status_code == 401
    redirect = urlsplit(response.headers["HX-Redirect"])
    assert redirect.path == "/login" and parse_qs(redirect.query)["next"] == [page]
    back = client.post(response.headers["HX-Redirect"], data={"username": "nghithu", "password": "pw"})
    assert back.status_code == 302 and back.headers["Location"] == page


@pytest.mark.parametrize("current", ["http://evil.example/danh-gia/1", "javascript:alert(1)", "//evil.example/x"])
def test_an_expired_session_never_sends_the_user_to_another_site(client, world, current):
    response = client.post(f"/danh-gia/{world.nghi_thu_assessment.id}/chi-tieu/TC01.1", data={"value": "yes"},
                           headers={"HX-Request": "true", "HX-Current-URL": current})
    assert response.headers["HX-Redirect"] == "/login"
