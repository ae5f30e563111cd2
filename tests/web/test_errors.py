"""Refusals at the door and error pages that survive a failed database transaction."""
import pytest
from sqlalchemy import text

from criteria_app.extensions import db


def test_a_json_body_is_refused_with_415_on_login_and_on_forms(world, login, client):
    assert client.post("/login", json={"username": "nghithu", "password": "pw"}).status_code == 415
    login("admin")
    response = client.post("/quan-tri/dot-danh-gia/moi", json={"name": "x"})
    assert response.status_code == 415 and "Chỉ nhận dữ liệu gửi từ biểu mẫu." in response.get_data(as_text=True)


def test_a_megabyte_search_is_cut_not_a_failure(world, login, client):
    login("tinh")
    response = client.get(f"/tinh/dot/{world.campaign.id}?q=" + "x" * 1_000_000)
    assert response.status_code == 200 and "Không có đơn vị nào khớp" in response.get_data(as_text=True)
    assert len(response.data) < 50_000                  # the search box echoes 200 characters, not a megabyte


def test_control_characters_never_reach_the_database(world, login, client):
    from criteria_app.models import Answer
    login("nghithu")
    aid = world.nghi_thu_assessment.id
    response = client.post(f"/danh-gia/{aid}/chi-tieu/TC01.1/giai-trinh", headers={"HX-Request": "true"},
                           data={"explanation": "Kế hoạch\x00 số\x1b 12\tngày 05/07"})
    assert response.status_code == 200
    db.session.rollback()
    row = db.session.execute(db.select(Answer).filter_by(assessment_id=aid, item_code="TC01.1")).scalar_one()
    assert row.explanation == "Kế hoạch số 12\tngày 05/07"


@pytest.fixture
def failing_app(app):
    """An app with one route whose query fails in the database (as a broken statement would)."""
    def broken():
        db.session.execute(text("SELECT * FROM bang_khong_co"))
        return "unreachable"
    app.add_url_rule("/hong", "broken", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False      # as in production: the error page, not the exception
    return app


def test_after_a_database_error_the_error_page_still_renders_in_vietnamese(failing_app, world):
    client = failing_app.test_client()
    assert client.post("/login", data={"username": "nghithu", "password": "pw"}).status_code == 302
    response = client.get("/hong")
    html = response.get_data(as_text=True)
    assert response.status_code == 500 and "Lỗi hệ thống" in html and "Dữ liệu đã lưu trước đó không bị mất" in html
    assert "Hồ Thị Thu" in html or "nghithu" in html or "Người dùng nghithu" in html   # the page's own header
    assert client.get("/ho-so").status_code == 200                                    # and the next request works
