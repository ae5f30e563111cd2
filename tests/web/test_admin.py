"""The administration screens (/quan-tri) over HTTP: access by role and province (generated from the URL
map), campaign, team and user forms, unit search without diacritics, password reset, deactivation, CSRF.
test_scope.py skips the admin.* rules: this file covers them."""
from __future__ import annotations

import re
from datetime import date

import pytest
from flask import g

from criteria_app import create_app
from criteria_app.extensions import db
from criteria_app.models import Assessment, AuditEvent, Campaign, Team, User
from criteria_app.services import campaigns as campaigns_svc
from tests.factories import team_named

HX = {"HX-Request": "true"}
PEOPLE_CHANGES = {"admin.team_new", "admin.team_members", "admin.team_add_units", "admin.team_remove_unit",
                  "admin.user_new", "admin.user_edit", "admin.user_password", "admin.user_deactivate",
                  "admin.user_reactivate",
                  "admin.documents.team_decision", "admin.documents.team_roles", "admin.documents.person"}
SCOPED_ARGS = {"campaign_id", "team_id", "user_id"}


def _values(world) -> dict:
    from criteria_app.models import LegalText
    return {"campaign_id": world.campaign.id, "team_id": team_named("Đoàn kiểm tra số 1").id,
            "user_id": world.users["nghithu"].id, "unit_id": world.nghi_thu.id,
            "text_id": db.session.execute(db.select(LegalText.id).filter_by(campaign_id=world.campaign.id)).scalars().first()}


def _admin_urls(app, world):
    """(endpoint, method, url, arguments) of every rule of the admin blueprint."""
    values = _values(world)
    out = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("admin."):
            continue
        unknown = set(rule.arguments) - set(values)
        assert not unknown, f"teach test_admin the argument(s) {unknown} of {rule.endpoint}"
        url = rule.build(values, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            out.append((rule.endpoint, method, url, set(rule.arguments)))
    assert len(out) >= 25
    return out


def _form_data():
    return {"name": "Đợt mới", "year": "2024", "criteria_set_id": "1", "reference_date": "2023-07-24",
            "unit_id": "1", "username": "x.y", "full_name": "X", "role": "admin", "password": "mat-khau-moi",
            "password_confirm": "mat-khau-moi", "lead": "0", "members": []}


def _snapshot():
    return (db.session.query(AuditEvent).count(), db.session.query(Campaign).count(),
            db.session.query(Assessment).count(), db.session.query(Team).count(), db.session.query(User).count(),
            [(u.username, u.active, u.session_nonce, u.team_id) for u in db.session.query(User).order_by(User.id)])


def _html(response) -> str:
    return response.get_data(as_text=True)


class Own:
    """A test client whose every request loads its user from its own session cookie. The `world`
    fixture keeps one app context, hence one flask.g, open across requests, and Flask-Login caches
    the current user in g: without this, a second client would act as the first one's user."""

    def __init__(self, client):
        self._client = client

    def __getattr__(self, name):
        attr = getattr(self._client, name)
        if name not in ("get", "post", "open"):
            return attr

        def request(*args, **kwargs):
            g.pop("_login_user", None)
            return attr(*args, **kwargs)
        return request


def _logged_in(app, username: str, password: str = "pw") -> Own:
    client = Own(app.test_client())
    assert client.post("/login", data={"username": username, "password": password}).status_code == 302
    return client


# --------------------------------------------------------------------------- access

def test_the_top_bar_links_to_administration_for_admin_and_province_only(world, login, client):
    for username, shown in [("admin", True), ("tinh", True), ("nghithu", False), ("truongdoan", False)]:
        login(username)
        assert ('href="/quan-tri/"' in _html(client.get("/ho-so"))) is shown, username
        client.post("/logout")


def test_the_home_page_counts_and_links(world, login):
    html = _html(login("admin").get("/quan-tri/"))
    assert "Quản trị · Tỉnh Nghệ An" in html
    for href in ("/quan-tri/dot-danh-gia", "/quan-tri/doan-kiem-tra", "/quan-tri/nguoi-dung",
                 "/quan-tri/nguoi-dung/moi", "/quan-tri/doan-kiem-tra/moi", "/quan-tri/dot-danh-gia/moi"):
        assert f'href="{href}"' in html
    tiles = re.findall(r'<div class="big">(\d+)</div>', html)
    assert tiles == ["1", "2", "9"]          # open campaigns, teams, active users of Nghệ An


def test_anonymous_users_are_sent_to_the_login_page(app, world, client):
    for endpoint, method, url, _ in _admin_urls(app, world):
        response = client.open(url, method=method)
        assert response.status_code == 302 and "/login" in response.headers["Location"], (endpoint, method)


@pytest.mark.parametrize("username", ["nghithu", "chutich.nghithu", "truongdoan", "kiemtra1"])
def test_ward_and_team_roles_get_403_on_every_admin_page(app, world, login, client, username):
    login(username)
    before = _snapshot()
    for endpoint, method, url, _ in _admin_urls(app, world):
        response = client.open(url, method=method, data=_form_data() if method == "POST" else None)
        assert response.status_code == 403, (username, endpoint, method, response.status_code)
        assert "Bạn không có quyền truy cập trang này." in _html(response)
        response = client.open(url, method=method, headers=HX)
        assert response.status_code == 403, (username, endpoint, method, "htmx")
    db.session.expire_all()
    assert _snapshot() == before


def test_the_province_role_reads_everything_but_gets_403_on_team_and_user_changes(app, world, login, client):
    login("tinh")
    before = _snapshot()
    for endpoint, method, url, _ in _admin_urls(app, world):
        if endpoint in PEOPLE_CHANGES:
            response = client.open(url, method=method, data=_form_data() if method == "POST" else None)
            assert response.status_code == 403, (endpoint, method)
        elif method == "GET":
            response = client.get(url + "?q=nghi", headers=HX if "tim-don-vi" in url else {})
            assert response.status_code == 200, (endpoint, response.status_code)
    db.session.expire_all()
    assert _snapshot() == before
    # read-only screens offer no change buttons
    assert "Tạo tài khoản" not in _html(client.get("/quan-tri/nguoi-dung"))
    team_html = _html(client.get(f"/quan-tri/doan-kiem-tra/{team_named('Đoàn kiểm tra số 1').id}"))
    assert "Lưu trưởng đoàn" not in team_html and "Người dùng truongdoan" in team_html
    user_html = _html(client.get(f"/quan-tri/nguoi-dung/{world.users['nghithu'].id}"))
    assert "Đặt lại mật khẩu" not in user_html and "Khóa tài khoản" not in user_html
    # but the province role manages campaigns
    assert "Tạo đợt đánh giá" in _html(client.get("/quan-tri/dot-danh-gia"))


@pytest.mark.parametrize("username", ["tinh.hatinh", "admin.hatinh"])
def test_another_province_gets_404_on_nghe_an_objects_and_sees_none_of_them(app, world, login, client, username):
    if username == "admin.hatinh":
        db.session.add(User(username=username, full_name="Quản trị Hà Tĩnh", role="admin",
                            password_hash=world.users["admin"].password_hash, unit=world.other_province_ward.parent))
        db.session.commit()
    login(username)
    before = _snapshot()
    for endpoint, method, url, arguments in _admin_urls(app, world):
        if method == "POST" and not arguments & SCOPED_ARGS:
            continue        # creating in one's own province: not about Nghệ An
        data = _form_data() if method == "POST" else None
        response = client.open(url, method=method, data=data)
        if endpoint in PEOPLE_CHANGES and username == "tinh.hatinh":
            assert response.status_code == 403, (endpoint, method, response.status_code)   # the role first
        elif arguments & SCOPED_ARGS:
            assert response.status_code == 404, (endpoint, method, response.status_code)
        elif method == "GET":
            assert response.status_code == 200, (endpoint, response.status_code)
        html = _html(response)
        for secret in ("Nghi Thu", "Đợt đánh giá năm 2023", "Đoàn kiểm tra số 1", "Người dùng nghithu"):
            assert secret not in html, (endpoint, method, secret)
    assert "Phường Nghi Thu" not in _html(client.get("/quan-tri/nguoi-dung/tim-don-vi?q=nghi+thu", headers=HX))
    assert "Đợt đánh giá Hà Tĩnh 2023" in _html(client.get("/quan-tri/dot-danh-gia"))
    db.session.expire_all()
    assert _snapshot() == before


# --------------------------------------------------------------------------- campaigns

def _campaign_form(**overrides):
    data = {"name": "Đánh giá xã, phường kiểu mẫu năm 2024", "year": "2024", "criteria_set_id": "1",
            "reference_date": "2023-07-24", "self_deadline": "2023-09-30", "inspection_deadline": "",
            "decision_deadline": ""}
    data.update(overrides)
    return data


def test_create_a_campaign_through_the_form(world, login):
    client = login("tinh")
    html = _html(client.get("/quan-tri/dot-danh-gia/moi"))
    assert 'type="date"' in html and "Bộ tiêu chí và phiên bản" in html
    response = client.post("/quan-tri/dot-danh-gia/moi", data=_campaign_form())
    assert response.status_code == 302
    campaign = db.session.execute(db.select(Campaign).filter_by(year=2024)).scalar_one()
    assert response.headers["Location"] == f"/quan-tri/dot-danh-gia/{campaign.id}"
    assert campaign.self_deadline == date(2023, 9, 30) and campaign.inspection_deadline is None
    html = _html(client.get(response.headers["Location"]))
    assert "Đã tạo đợt đánh giá «Đánh giá xã, phường kiểu mẫu năm 2024»" in html
    assert "Chưa có xã/phường nào tham gia đợt này." in html


@pytest.mark.parametrize("overrides, message", [
    ({"name": ""}, "Nhập tên đợt đánh giá."),
    ({"year": "hai nghìn"}, "Nhập một số nguyên."),
    ({"year": "1990"}, "Năm đánh giá phải từ 2020 đến 2100."),
    ({"reference_date": ""}, "Nhập ngày tham chiếu."),
    ({"reference_date": "2023-02-30"}, "Ngày không hợp lệ."),
    ({"criteria_set_id": "999"}, "Lựa chọn không hợp lệ."),
    ({"self_deadline": "2023-10-01", "inspection_deadline": "2023-09-01"},
     "Hạn kiểm tra thực tế không được trước hạn tự đánh giá (01/10/2023)."),
])
def test_bad_campaign_input_is_shown_beside_the_field_and_kept(world, login, overrides, message):
    client = login("admin")
    response = client.post("/quan-tri/dot-danh-gia/moi", data={**_campaign_form(name="Đợt thử"), **overrides})
    assert response.status_code == 422
    html = _html(response)
    assert f'role="alert">{message}</span>' in html or f'role="alert">{message}' in html, html[:3000]
    assert 'aria-invalid="true"' in html
    if "name" not in overrides:
        assert 'value="Đợt thử"' in html                  # what was typed stays
    assert "Not a valid" not in html
    assert db.session.query(Campaign).count() == 2


def test_every_refused_campaign_field_is_shown_at_once(world, login):
    client = login("admin")
    response = client.post("/quan-tri/dot-danh-gia/moi",
                           data=_campaign_form(name="", year="hai nghìn", reference_date=""))
    assert response.status_code == 422
    html = _html(response)
    for message in ("Nhập tên đợt đánh giá.", "Nhập một số nguyên.", "Nhập ngày tham chiếu."):
        assert f'role="alert">{message}</span>' in html, message
    assert db.session.query(Campaign).count() == 2


def test_an_unreadable_optional_date_saves_nothing(world, login):
    client = login("admin")
    response = client.post("/quan-tri/dot-danh-gia/moi", data=_campaign_form(decision_deadline="2023-02-30"))
    assert response.status_code == 422
    assert 'role="alert">Ngày không hợp lệ.</span>' in _html(response)
    assert db.session.query(Campaign).count() == 2


def test_edit_a_campaign(world, login):
    client = login("admin")
    url = f"/quan-tri/dot-danh-gia/{world.campaign.id}/sua"
    assert 'value="Đợt đánh giá năm 2023"' in _html(client.get(url))
    response = client.post(url, data=_campaign_form(name="Đợt đánh giá năm 2023 (sửa)", year="2023",
                                                    decision_deadline="2023-12-31"))
    assert response.status_code == 302
    db.session.expire_all()
    campaign = db.session.get(Campaign, world.campaign.id)
    assert campaign.name == "Đợt đánh giá năm 2023 (sửa)" and campaign.decision_deadline == date(2023, 12, 31)
    response = client.post(url, data=_campaign_form(reference_date="2025-08-01", year="2025",
                                                    self_deadline="2025-09-01"))
    assert response.status_code == 422
    assert "không còn hiệu lực vào ngày 01/08/2025" in _html(response)


def test_the_unit_search_finds_a_ward_without_diacritics(world, login):
    client = login("admin")
    campaign = campaigns_svc.create_campaign(world.users["admin"], "Đợt bổ sung", 2023,
                                             world.campaign.criteria_set, date(2023, 7, 24))
    detail = _html(client.get(f"/quan-tri/dot-danh-gia/{campaign.id}"))
    assert 'hx-trigger="input changed delay:300ms, search"' in detail
    assert f'hx-get="/quan-tri/dot-danh-gia/{campaign.id}/tim-don-vi"' in detail
    for query in ("nghi thu", "NGHI THU", "Nghi Thu", "nghi thu "):
        response = client.get(f"/quan-tri/dot-danh-gia/{campaign.id}/tim-don-vi", query_string={"q": query},
                              headers=HX)
        html = _html(response)
        assert response.status_code == 200 and "Phường Nghi Thu" in html, query
        assert f'name="unit_id" value="{world.nghi_thu.id}"' in html
        assert "<html" not in html and "Thêm các đơn vị đã chọn</button>" in html      # a fragment
        assert "Nghi Hương" not in html and "Bắc Hà" not in html
    html = _html(client.get(f"/quan-tri/dot-danh-gia/{campaign.id}/tim-don-vi?q=bac+ha", headers=HX))
    assert "Không tìm thấy đơn vị nào khớp «bac ha»." in html
    # without JavaScript: the search box submits to the page, which lists the results
    response = client.get(f"/quan-tri/dot-danh-gia/{campaign.id}/tim-don-vi?q=nghi+thu")
    assert response.status_code == 302
    html = _html(client.get(response.headers["Location"]))
    assert f'name="unit_id" value="{world.nghi_thu.id}"' in html
    # a unit already taking part is shown as such
    html = _html(client.get(f"/quan-tri/dot-danh-gia/{world.campaign.id}/tim-don-vi?q=nghi+thu", headers=HX))
    assert "Đã tham gia" in html and f'name="unit_id" value="{world.nghi_thu.id}"' not in html


def test_add_and_remove_units_of_a_campaign(world, login):
    client = login("admin")
    campaign = campaigns_svc.create_campaign(world.users["admin"], "Đợt bổ sung", 2023,
                                             world.campaign.criteria_set, date(2023, 7, 24))
    url = f"/quan-tri/dot-danh-gia/{campaign.id}"
    response = client.post(f"{url}/don-vi", data={"unit_id": [str(world.nghi_thu.id), str(world.nghi_huong.id)]})
    assert response.status_code == 302
    html = _html(client.get(url))
    assert "Đã thêm 2 đơn vị: Phường Nghi Hương, Phường Nghi Thu." in html
    assert html.count("Đang tự đánh giá") == 2
    assert db.session.query(Assessment).filter_by(campaign_id=campaign.id).count() == 2
    # a ward of another province: refused with the message beside the search box, nothing added
    response = client.post(f"{url}/don-vi", data={"unit_id": str(world.other_province_ward.id), "q": "bac ha"})
    assert response.status_code == 422
    html = _html(response)
    assert 'data-testid="units-error">Phường Bắc Hà không thuộc Tỉnh Nghệ An.</p>' in html
    assert 'value="bac ha"' in html
    response = client.post(f"{url}/don-vi", data={})
    assert response.status_code == 422 and "Chọn ít nhất một xã/phường." in _html(response)
    # remove one
    response = client.post(f"{url}/don-vi/{world.nghi_huong.id}/bo")
    assert response.status_code == 302
    html = _html(client.get(url))
    assert "Đã bỏ Phường Nghi Hương khỏi đợt đánh giá." in html
    assert db.session.query(Assessment).filter_by(campaign_id=campaign.id).count() == 1
    # a unit of another province in the URL: 404
    assert client.post(f"{url}/don-vi/{world.other_province_ward.id}/bo").status_code == 404


def test_a_unit_with_answers_cannot_be_removed(world, login):
    client = login("nghithu")
    client.post(f"/danh-gia/{world.nghi_thu_assessment.id}/chi-tieu/TC01.1", data={"value": "yes"}, headers=HX)
    client.post("/logout")
    client = login("admin")
    url = f"/quan-tri/dot-danh-gia/{world.campaign.id}"
    html = _html(client.get(url))
    assert f"/don-vi/{world.nghi_thu.id}/bo" not in html and f"/don-vi/{world.nghi_huong.id}/bo" in html
    response = client.post(f"{url}/don-vi/{world.nghi_thu.id}/bo", follow_redirects=True)
    assert "Không thể bỏ Phường Nghi Thu khỏi đợt đánh giá: hồ sơ đã có dữ liệu" in _html(response)
    assert db.session.get(Assessment, world.nghi_thu_assessment.id) is not None


def test_close_and_reopen_a_campaign(world, login):
    client = login("tinh")
    url = f"/quan-tri/dot-danh-gia/{world.campaign.id}"
    assert client.post(f"{url}/dong").status_code == 302
    html = _html(client.get(url))
    assert "Đã đóng đợt đánh giá." in html and "Mở lại đợt" in html and "Thêm xã/phường" not in html
    assert "Đợt đánh giá đã đóng; mở lại đợt trước khi thay đổi." in _html(
        client.post(f"{url}/don-vi", data={"unit_id": str(world.nghi_thu.id)}))
    assert client.post(f"{url}/mo-lai").status_code == 302
    assert "Đã mở lại đợt đánh giá." in _html(client.get(url))


# --------------------------------------------------------------------------- teams

def test_create_a_team_and_set_its_members(world, login):
    client = login("admin")
    response = client.post("/quan-tri/doan-kiem-tra/moi", data={"name": ""})
    assert response.status_code == 422 and "Nhập tên đoàn kiểm tra." in _html(response)
    response = client.post("/quan-tri/doan-kiem-tra/moi", data={"name": "Đoàn kiểm tra số 1"})
    assert response.status_code == 422 and "Đã có đoàn kiểm tra tên «Đoàn kiểm tra số 1»." in _html(response)
    response = client.post("/quan-tri/doan-kiem-tra/moi", data={"name": "Đoàn kiểm tra số 3"})
    assert response.status_code == 302
    team = team_named("Đoàn kiểm tra số 3")
    html = _html(client.get(response.headers["Location"]))
    assert "đang ở Đoàn kiểm tra số 2 (sẽ chuyển sang đoàn này)" in html      # kiemtra9
    # an inspector as lead: refused beside the field
    response = client.post(f"/quan-tri/doan-kiem-tra/{team.id}/thanh-vien",
                           data={"lead": str(world.users["kiemtra1"].id), "members": []})
    assert response.status_code == 422
    assert "Lựa chọn không hợp lệ." in _html(response)          # not offered as a lead at all
    response = client.post(f"/quan-tri/doan-kiem-tra/{team.id}/thanh-vien",
                           data={"lead": "0", "members": [str(world.users["kiemtra9"].id)]})
    assert response.status_code == 302
    assert "Đã chuyển sang đoàn này: Người dùng kiemtra9." in _html(client.get(response.headers["Location"]))
    db.session.expire_all()
    assert db.session.get(User, world.users["kiemtra9"].id).team_id == team.id
    assert db.session.query(AuditEvent).filter_by(action="team_member_moved").count() == 1


def test_assign_units_to_a_team_with_the_search(world, login):
    client = login("admin")
    team = team_named("Đoàn kiểm tra số 2")
    url = f"/quan-tri/doan-kiem-tra/{team.id}"
    html = _html(client.get(f"{url}/tim-don-vi?q=NGHI+HUONG", headers=HX))
    assert f'name="unit_id" value="{world.nghi_huong.id}"' in html and "Giao các đơn vị đã chọn</button>" in html
    assert client.post(f"{url}/don-vi", data={"unit_id": str(world.nghi_huong.id)}).status_code == 302
    html = _html(client.get(url))
    assert "Đã giao 1 đơn vị cho đoàn: Phường Nghi Hương." in html
    assert 'data-testid="assigned"' in html
    response = client.post(f"{url}/don-vi", data={"unit_id": str(world.other_province_ward.id)})
    assert response.status_code == 422 and "Phường Bắc Hà không thuộc Tỉnh Nghệ An." in _html(response)
    assert client.post(f"{url}/don-vi/{world.nghi_huong.id}/bo").status_code == 302
    db.session.expire_all()
    assert db.session.get(Team, team.id).units == []


# --------------------------------------------------------------------------- users

def test_the_user_list_filters_by_role_and_searches_without_diacritics(world, login):
    client = login("tinh")
    html = _html(client.get("/quan-tri/nguoi-dung"))
    assert "Người dùng nghithu" in html and "tinh.hatinh" not in html
    assert 'hx-target="#user-results"' in html
    html = _html(client.get("/quan-tri/nguoi-dung?vai_tro=ward_chairman"))
    assert "Người dùng chutich.nghithu" in html and "Người dùng nghithu<" not in html
    headers = {**HX, "HX-Target": "user-results"}
    html = _html(client.get("/quan-tri/nguoi-dung?q=NGUOI+DUNG+KIEMTRA", headers=headers))
    assert html.lstrip().startswith('<div id="user-results"') and "<html" not in html
    assert "kiemtra1" in html and "kiemtra9" in html and "truongdoan" not in html
    html = _html(client.get("/quan-tri/nguoi-dung?q=người+dùng+TRUONGDOAN&vai_tro=team_lead", headers=headers))
    assert "1 tài khoản khớp điều kiện lọc" in html


def _user_form(world, **overrides):
    data = {"username": "canbo.nghithu", "full_name": "Hồ Thị Thu", "position": "Công an phường Nghi Thu",
            "role": "ward_officer", "unit_id": str(world.nghi_thu.id), "team_id": "0",
            "password": "mat-khau-moi", "password_confirm": "mat-khau-moi"}
    data.update(overrides)
    return data


def test_create_a_user_through_the_form(world, login):
    client = login("admin")
    html = _html(client.get("/quan-tri/nguoi-dung/moi"))
    assert 'hx-get="/quan-tri/nguoi-dung/tim-don-vi"' in html and "Cán bộ xã/phường" in html
    response = client.post("/quan-tri/nguoi-dung/moi", data=_user_form(world))
    assert response.status_code == 302
    user = db.session.execute(db.select(User).filter_by(username="canbo.nghithu")).scalar_one()
    assert user.unit_id == world.nghi_thu.id and user.role == "ward_officer"
    assert "Đã tạo tài khoản canbo.nghithu." in _html(client.get(response.headers["Location"]))
    # a team member and a province user
    team = team_named("Đoàn kiểm tra số 2")
    assert client.post("/quan-tri/nguoi-dung/moi", data=_user_form(
        world, username="kiemtra.moi", role="inspector", unit_id="", team_id=str(team.id))).status_code == 302
    assert client.post("/quan-tri/nguoi-dung/moi", data=_user_form(
        world, username="pho.chutich", role="province", unit_id="")).status_code == 302
    created = {u.username: u for u in db.session.execute(db.select(User)).scalars()}
    assert created["kiemtra.moi"].team_id == team.id
    assert created["pho.chutich"].unit_id == world.province.id


@pytest.mark.parametrize("overrides, message", [
    ({"username": "nghithu"}, "Tên đăng nhập «nghithu» đã được dùng."),
    ({"username": "Ho.Thu"}, "Tên đăng nhập chỉ gồm chữ thường không dấu (a-z), chữ số và các dấu . _ -"),
    ({"unit_id": ""}, "Cán bộ và Chủ tịch UBND xã/phường cần chọn một xã/phường."),
    ({"role": "ward_chairman", "unit_id": "OTHER"}, "Phường Bắc Hà không thuộc Tỉnh Nghệ An."),
    ({"role": "inspector", "unit_id": ""}, "Vai trò Thành viên đoàn kiểm tra cần chọn đoàn kiểm tra."),
    ({"password": "ngan", "password_confirm": "ngan"}, "Mật khẩu phải có ít nhất 12 ký tự."),
    ({"password_confirm": "khac-mat-khau"}, "Hai lần nhập mật khẩu không khớp."),
    ({"role": ""}, "Chọn vai trò."),
])
def test_user_form_refusals_are_shown_beside_the_field_and_keep_what_was_typed(world, login, overrides, message):
    if overrides.get("unit_id") == "OTHER":
        overrides = {**overrides, "unit_id": str(world.other_province_ward.id)}
    client = login("admin")
    count = db.session.query(User).count()
    response = client.post("/quan-tri/nguoi-dung/moi", data=_user_form(world, **overrides))
    assert response.status_code == 422
    html = _html(response)
    assert re.search(r'<span class="field-error"[^>]*>' + re.escape(message), html), html[-4000:]
    assert 'value="Hồ Thị Thu"' in html and 'value="Công an phường Nghi Thu"' in html
    assert "Not a valid" not in html and "This field" not in html
    assert db.session.query(User).count() == count


def test_every_refused_user_field_is_shown_at_once(world, login):
    client = login("admin")
    count = db.session.query(User).count()
    response = client.post("/quan-tri/nguoi-dung/moi", data=_user_form(
        world, username="", full_name="", role="", password="", password_confirm="khac"))
    assert response.status_code == 422
    html = _html(response)
    for message in ("Nhập tên đăng nhập.", "Nhập họ và tên.", "Chọn vai trò.", "Nhập mật khẩu.",
                    "Hai lần nhập mật khẩu không khớp."):
        assert re.search(r'<span class="field-error"[^>]*>' + re.escape(message), html), message
    assert 'value="Công an phường Nghi Thu"' in html
    assert db.session.query(User).count() == count


def test_the_chosen_ward_stays_chosen_after_a_refusal_and_in_the_search(world, login):
    client = login("admin")
    html = _html(client.post("/quan-tri/nguoi-dung/moi", data=_user_form(world, username="nghithu")))
    assert re.search(rf'name="unit_id" value="{world.nghi_thu.id}" checked', html)
    html = _html(client.get(f"/quan-tri/nguoi-dung/tim-don-vi?q=nghi+huong&unit_id={world.nghi_thu.id}",
                            headers=HX))
    assert re.search(rf'name="unit_id" value="{world.nghi_thu.id}" checked', html)
    assert f'name="unit_id" value="{world.nghi_huong.id}"' in html


def test_edit_a_user(world, login):
    client = login("admin")
    user = world.users["nghihuong"]
    url = f"/quan-tri/nguoi-dung/{user.id}/sua"
    html = _html(client.get(url))
    assert 'value="Người dùng nghihuong"' in html
    assert re.search(rf'name="unit_id" value="{world.nghi_huong.id}" checked', html)
    response = client.post(url, data={"full_name": "Đặng Văn Hương", "position": "Công an phường",
                                      "role": "ward_officer", "unit_id": str(world.nghi_huong.id), "team_id": "0"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).full_name == "Đặng Văn Hương"
    admin = world.users["admin"]
    response = client.post(f"/quan-tri/nguoi-dung/{admin.id}/sua", data={
        "full_name": "Quản trị", "position": "", "role": "province", "unit_id": "", "team_id": "0"})
    assert response.status_code == 422 and "Không thể tự đổi vai trò của chính mình." in _html(response)


def test_reset_password_ends_the_old_session_and_the_new_password_works(app, world):
    victim = _logged_in(app, "nghithu")
    assessment_url = f"/danh-gia/{world.nghi_thu_assessment.id}"
    assert victim.get(assessment_url).status_code == 200

    client = _logged_in(app, "admin")
    url = f"/quan-tri/nguoi-dung/{world.users['nghithu'].id}/mat-khau"
    response = client.post(url, data={"password": "ngan", "password_confirm": "ngan"})
    assert response.status_code == 422 and "Mật khẩu phải có ít nhất 12 ký tự." in _html(response)
    assert victim.get(assessment_url).status_code == 200            # nothing changed yet
    response = client.post(url, data={"password": "mat-khau-moi-2025", "password_confirm": "mat-khau-moi-2025"})
    assert response.status_code == 302
    assert "các phiên đăng nhập cũ đã kết thúc" in _html(client.get(response.headers["Location"]))

    response = victim.get(assessment_url)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    fresh = Own(app.test_client())
    assert fresh.post("/login", data={"username": "nghithu", "password": "pw"}).status_code == 401
    assert fresh.post("/login", data={"username": "nghithu", "password": "mat-khau-moi-2025"}).status_code == 302
    assert fresh.get(assessment_url).status_code == 200
    assert db.session.query(AuditEvent).filter_by(action="password_reset").count() == 1


def test_an_admin_resetting_their_own_password_stays_logged_in(world, login):
    client = login("admin")
    url = f"/quan-tri/nguoi-dung/{world.users['admin'].id}/mat-khau"
    assert client.post(url, data={"password": "mat-khau-moi", "password_confirm": "mat-khau-moi"}).status_code == 302
    assert client.get("/quan-tri/").status_code == 200


def test_a_deactivated_user_cannot_log_in_and_an_admin_cannot_deactivate_themself(app, world):
    victim = _logged_in(app, "chutich.nghithu")
    assert victim.get("/ho-so").status_code == 200
    client = _logged_in(app, "admin")
    user = world.users["chutich.nghithu"]
    assert client.post(f"/quan-tri/nguoi-dung/{user.id}/khoa").status_code == 302
    assert "Đã khóa tài khoản chutich.nghithu." in _html(client.get(f"/quan-tri/nguoi-dung/{user.id}"))
    assert victim.get("/ho-so").status_code == 302
    response = Own(app.test_client()).post("/login", data={"username": "chutich.nghithu", "password": "pw"})
    assert response.status_code == 401 and "Tên đăng nhập hoặc mật khẩu không đúng." in _html(response)
    assert "Đã khóa" in _html(client.get("/quan-tri/nguoi-dung?q=chutich"))
    assert client.post(f"/quan-tri/nguoi-dung/{user.id}/mo-khoa").status_code == 302
    assert _logged_in(app, "chutich.nghithu").get("/ho-so").status_code == 200

    admin = world.users["admin"]
    assert "Khóa tài khoản" not in _html(client.get(f"/quan-tri/nguoi-dung/{admin.id}"))   # no button for oneself
    response = client.post(f"/quan-tri/nguoi-dung/{admin.id}/khoa", follow_redirects=True)
    assert "Không thể tự khóa tài khoản của chính mình." in _html(response)
    db.session.expire_all()
    assert db.session.get(User, admin.id).active


def test_the_user_page_shows_the_history(world, login):
    client = login("admin")
    user = world.users["nghithu"]
    client.post(f"/quan-tri/nguoi-dung/{user.id}/khoa")
    client.post(f"/quan-tri/nguoi-dung/{user.id}/mo-khoa")
    html = _html(client.get(f"/quan-tri/nguoi-dung/{user.id}"))
    assert "Lịch sử thay đổi" in html and "Khóa tài khoản" in html and "Mở khóa tài khoản" in html


# --------------------------------------------------------------------------- CSRF

@pytest.fixture
def csrf_client(database_url, tmp_path):
    from tests.factories import build_world
    url, options = database_url
    app = create_app({"MODE": "test", "SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options,
                      "UPLOAD_FOLDER": str(tmp_path / "uploads"), "SECRET_KEY": "csrf-test", "WTF_CSRF_ENABLED": True})
    with app.app_context():
        db.drop_all()
        db.create_all()
        build_world()
        yield app.test_client()
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _token(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def test_every_admin_form_carries_a_csrf_token_and_posts_without_it_are_refused(csrf_client):
    client = csrf_client
    token = _token(_html(client.get("/login")))
    assert client.post("/login", data={"username": "admin", "password": "pw", "csrf_token": token}).status_code == 302
    user = db.session.execute(db.select(User).filter_by(username="nghithu")).scalar_one()
    campaign = db.session.execute(db.select(Campaign).filter_by(year=2023)).scalars().first()
    for page in ("/quan-tri/nguoi-dung/moi", "/quan-tri/dot-danh-gia/moi", "/quan-tri/doan-kiem-tra/moi",
                 f"/quan-tri/nguoi-dung/{user.id}/sua", f"/quan-tri/nguoi-dung/{user.id}/mat-khau",
                 f"/quan-tri/nguoi-dung/{user.id}", f"/quan-tri/dot-danh-gia/{campaign.id}"):
        html = _html(client.get(page))
        forms = re.findall(r'<form[^>]*method="post".*?</form>', html, re.S)
        assert forms, page
        for form in forms:
            assert 'name="csrf_token"' in form, (page, form[:200])
    response = client.post(f"/quan-tri/nguoi-dung/{user.id}/khoa")
    assert response.status_code == 400 and "Phiên làm việc đã hết hạn" in _html(response)
    page = _html(client.get("/quan-tri/doan-kiem-tra/moi"))
    response = client.post("/quan-tri/doan-kiem-tra/moi", data={"name": "Đoàn số 5", "csrf_token": _token(page)})
    assert response.status_code == 302
