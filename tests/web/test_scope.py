"""Generated from the URL map: no page, fragment or file of a unit leaks to a user outside its scope."""
import io

import pytest

from criteria_app.extensions import db
from criteria_app.models import Answer, Assessment, AuditEvent, Evidence
from tests.web.test_self_assessment import PNG

OUTSIDERS = ["nghihuong", "chutich.nghihuong", "tinh.hatinh", "kiemtra9"]
PUBLIC = {"static", "auth.login", "healthz"}
NO_UNIT = {"auth.logout", "auth.home", "wards.index"}   # pages without a unit in their URL


def _snapshot():
    return (db.session.query(Answer).count(), db.session.query(Evidence).filter_by(deleted_at=None).count(),
            db.session.query(AuditEvent).count(), [a.status for a in db.session.query(Assessment).order_by(Assessment.id)])


def _urls(app, world, evidence_id):
    values = {"assessment_id": world.nghi_thu_assessment.id, "code": "TC01", "item_code": "TC01.1",
              "evidence_id": evidence_id}
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC or rule.endpoint in NO_UNIT:
            continue
        unknown = set(rule.arguments) - set(values)
        assert not unknown, f"teach test_scope the argument(s) {unknown} of {rule.endpoint}"
        assert "assessment_id" in rule.arguments, f"{rule.endpoint} has no unit in its URL: add it to NO_UNIT with its own test"
        url = rule.build(values, append_unknown=False)[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            out.append((rule.endpoint, method, url))
    return out


@pytest.fixture
def nghi_thu_with_evidence(app, world, login, client):
    login("nghithu")
    aid = world.nghi_thu_assessment.id
    client.post(f"/danh-gia/{aid}/chi-tieu/TC01.1", data={"value": "yes"})
    client.post(f"/danh-gia/{aid}/chi-tieu/TC01.1/minh-chung", data={"file": (io.BytesIO(PNG), "a.png")},
                content_type="multipart/form-data")
    client.post("/logout")
    return db.session.execute(db.select(Evidence)).scalar_one().id


@pytest.mark.parametrize("username", OUTSIDERS)
def test_outsiders_get_404_or_403_everywhere_and_change_nothing(app, world, login, client, username,
                                                               nghi_thu_with_evidence):
    urls = _urls(app, world, nghi_thu_with_evidence)
    assert len(urls) >= 8
    login(username)
    before = _snapshot()
    for endpoint, method, url in urls:
        data = {"value": "no", "numerator": "1", "denominator": "2", "explanation": "x",
                "file": (io.BytesIO(PNG), "b.png")}
        response = client.open(url, method=method, data=data if method == "POST" else None,
                               content_type="multipart/form-data" if method == "POST" else None,
                               headers={"HX-Request": "true"} if method == "POST" else {})
        assert response.status_code in (403, 404), (username, endpoint, method, url, response.status_code)
        assert "Nghi Thu" not in response.get_data(as_text=True), (endpoint, url)
    db.session.expire_all()
    assert _snapshot() == before
    listing = client.get("/ho-so").get_data(as_text=True)
    assert "Nghi Thu" not in listing


@pytest.mark.parametrize("username", ["nghithu", "chutich.nghithu", "tinh", "admin", "truongdoan", "kiemtra1"])
def test_users_in_scope_can_read_every_page(app, world, login, client, username, nghi_thu_with_evidence):
    login(username)
    for endpoint, method, url in _urls(app, world, nghi_thu_with_evidence):
        if method == "GET":
            assert client.get(url).status_code == 200, (username, endpoint, url)
    assert "Phường Nghi Thu" in client.get("/ho-so").get_data(as_text=True)


@pytest.mark.parametrize("username", ["tinh", "admin", "truongdoan", "kiemtra1"])
def test_only_the_ward_changes_its_self_assessment(world, login, client, username, nghi_thu_with_evidence):
    login(username)
    before = _snapshot()
    aid = world.nghi_thu_assessment.id
    assert client.post(f"/danh-gia/{aid}/chi-tieu/TC01.1", data={"value": "no"}).status_code == 403
    assert client.post(f"/danh-gia/{aid}/minh-chung/{nghi_thu_with_evidence}/xoa").status_code == 403
    db.session.expire_all()
    assert _snapshot() == before
