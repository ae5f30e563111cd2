"""Inspection and province screens over HTTP: autosave fragments, reasons demanded, merge, minutes,
returns with diff, decisions with Vietnamese messages, history and its CSV."""
import csv
import io

from criteria_app.domain.workflow import Status
from criteria_app.extensions import db
from criteria_app.models import Inspection
from criteria_app.services import inspections as svc
from criteria_app.services.uow import transaction
from tests.factories import PNG, director, minutes_fields, scored, signed, submitted

HX = {"HX-Request": "true"}


def test_the_lead_starts_and_a_member_scores_with_a_reason_demanded(world, login, client):
    a = submitted(world)
    login("truongdoan")
    assert "Bắt đầu kiểm tra" in client.get(f"/kiem-tra/{a.id}").get_data(as_text=True)
    assert client.post(f"/kiem-tra/{a.id}/bat-dau").status_code == 302
    client.post("/logout")
    login("kiemtra1")
    page = client.get(f"/kiem-tra/{a.id}/tieu-chi/TC02").get_data(as_text=True)
    assert "Phường/xã tự đánh giá" in page and 'capture="environment"' in page
    response = client.post(f"/kiem-tra/{a.id}/chi-tieu/TC02.3", data={"value": "no"}, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Khác phường/xã" in html and "Cần nêu lý do" in html
    html = client.post(f"/kiem-tra/{a.id}/chi-tieu/TC02.3/ly-do", data={"reason": "Chưa có bộ nhận diện"},
                       headers=HX).get_data(as_text=True)
    assert "Cần nêu lý do" not in html and "Đã lưu" in html
    bad = client.post(f"/kiem-tra/{a.id}/chi-tieu/TC01.3", data={"numerator": "9", "denominator": "x"}, headers=HX)
    assert bad.status_code == 422 and "không phải là số nguyên" in bad.get_data(as_text=True)
    photo = client.post(f"/kiem-tra/{a.id}/chi-tieu/TC02.3/anh", data={"photo": (io.BytesIO(PNG), "IMG_1.png"),
                        "taken_at": "1690182000000"}, content_type="multipart/form-data", headers=HX)
    assert photo.status_code == 200 and 'id="photos-TC02_3"' in photo.get_data(as_text=True)
    inspection = db.session.query(Inspection).one()
    assert svc.photos(inspection)["TC02.3"][0].taken_at.year == 2023
    assert client.post(f"/kiem-tra/{a.id}/tong-hop/chi-tieu/TC02.3", data={"value": "no"}).status_code == 403


def test_the_ward_and_the_province_cannot_score(world, login, client):
    a = submitted(world)
    with transaction():
        svc.start_inspection(a, world.users["truongdoan"])
    for username in ("nghithu", "tinh"):
        login(username)
        assert client.post(f"/kiem-tra/{a.id}/chi-tieu/TC02.3", data={"value": "no"}).status_code == 403
        assert client.get(f"/kiem-tra/{a.id}/tieu-chi/TC02").status_code == 403
        client.post("/logout")


def test_merge_page_shows_members_side_by_side_and_minutes_are_confirmed_by_password(world, login, client):
    a = submitted(world)
    with transaction():
        inspection = svc.start_inspection(a, world.users["truongdoan"])
        scored(world, inspection)
    login("truongdoan")
    merge = client.get(f"/kiem-tra/{a.id}/tong-hop/TC02").get_data(as_text=True)
    assert 'data-testid="members-TC02.2"' in merge and "Các thành viên chấm khác nhau" in merge
    client.post(f"/kiem-tra/{a.id}/tong-hop/thong-nhat")
    saved = client.post(f"/kiem-tra/{a.id}/tong-hop/chi-tieu/TC02.2", data={"value": "0", "reason": ""}, headers=HX)
    assert "Cần nêu lý do" in saved.get_data(as_text=True)
    refused = client.post(f"/kiem-tra/{a.id}/bien-ban", data={"place": "P", "ward_representatives": "R",
                                                                 "findings": "", "conclusion": "K"})
    assert refused.status_code == 422 and "TC02.2" in refused.get_data(as_text=True)
    assert 'value="P"' in refused.get_data(as_text=True)          # what was typed is kept
    client.post(f"/kiem-tra/{a.id}/tong-hop/chi-tieu/TC02.2", data={"value": "0", "reason": "Máy quét hỏng"}, headers=HX)
    done = client.post(f"/kiem-tra/{a.id}/bien-ban", data={"place": "Bộ phận Một cửa", "ward_representatives":
                       "Ông Nguyễn Đình Chủ – Chủ tịch", "findings": "Tốt", "conclusion": "Đạt"})
    assert done.status_code == 302
    minutes = client.get(f"/kiem-tra/{a.id}/bien-ban").get_data(as_text=True)
    assert "Dự thảo" in minutes and "Máy quét hỏng" in minutes and "99,00" in minutes
    early = client.post(f"/kiem-tra/{a.id}/bien-ban/xac-nhan", data={"password": "pw"})   # no number, no end yet
    assert early.status_code == 422 and "ghi số biên bản và giờ kết thúc" in early.get_data(as_text=True)
    assert db.session.query(Inspection).one().lead_confirmed_at is None
    written = client.post(f"/kiem-tra/{a.id}/bien-ban/luu", data={"number": "12", "started_at": "2023-07-18T08:30",
                                                                    "ended_at": "2023-07-18T11:45"})
    assert written.status_code == 302
    client.post(f"/kiem-tra/{a.id}/bien-ban/xac-nhan", data={"password": "sai"})
    assert db.session.query(Inspection).one().lead_confirmed_at is None
    client.post(f"/kiem-tra/{a.id}/bien-ban/xac-nhan", data={"password": "pw"})
    client.post("/logout")
    login("chutich.nghithu")
    client.post(f"/kiem-tra/{a.id}/bien-ban/xac-nhan", data={"password": "pw"})
    db.session.expire_all()
    assert db.session.query(Inspection).one().status == "signed"
    assert a.status == Status.INSPECTED.value or db.session.get(type(a), a.id).status == Status.INSPECTED.value
    page = client.get(f"/kiem-tra/{a.id}/bien-ban").get_data(as_text=True)
    assert "Dự thảo" not in page and page.count("Đã xác nhận trên hệ thống lúc") == 2
    assert "Số: 12/BB-ĐKT" in page and "ký điện tử" not in page


def test_province_returns_sees_the_diff_and_decides(world, login, client):
    a, _ = signed(world)
    login("tinh")
    missing = client.post(f"/tinh/ho-so/{a.id}/tra-lai", data={"ret-reason": "x"})
    assert missing.status_code == 422 and "Chọn ít nhất một tiêu chí" in missing.get_data(as_text=True)
    assert client.post(f"/tinh/ho-so/{a.id}/tra-lai", data={"ret-criteria": ["TC02"], "ret-reason":
                       "Bổ sung ảnh máy quét"}).status_code == 302
    client.post("/logout")
    login("nghithu")
    client.post(f"/danh-gia/{a.id}/chi-tieu/TC02.2", data={"value": "3"}, headers=HX)
    assert client.post(f"/danh-gia/{a.id}/chi-tieu/TC01.1", data={"value": "no"}, headers=HX).status_code == 403
    client.post("/logout")
    login("chutich.nghithu")
    assert client.post(f"/danh-gia/{a.id}/gui", data={"report_number": "31", "report_date": "2023-10-02"}).status_code == 302
    client.post("/logout")
    login("tinh")
    page = client.get(f"/tinh/ho-so/{a.id}").get_data(as_text=True)
    assert 'data-testid="diff"' in page and "TC02.2" in page and "3 máy" in page
    early = client.post(f"/tinh/ho-so/{a.id}/cong-nhan", data={"app-number": "1/QĐ-UBND"})
    assert early.status_code == 422 and "Không thể «Công nhận» khi hồ sơ đang ở trạng thái «Đã gửi»" in early.get_data(as_text=True)
    # the team failed TC02 (mandatory): neither proposed nor recognised, and the page says why
    refused = client.post(f"/tinh/ho-so/{a.id}/de-nghi", data={"pro-note": "Đủ điều kiện", "pro-number": "245",
                          "pro-issued_on": "2023-11-20", "pro-signer": str(director(world).id)})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Tiêu chí bắt buộc không đạt: TC02" in html
    assert db.session.get(type(a), a.id).status == Status.SUBMITTED.value
    # the team checks again (lần 2) and finds the scanner: now the unit meets the rule
    with transaction():
        inspection = svc.start_inspection(a, world.users["truongdoan"])
        scored(world, inspection, differing=("TC02.2", 3))
        lead = world.users["truongdoan"]
        svc.adopt_unanimous(inspection, lead)
        svc.set_team_answer(inspection, "TC02.2", 3, None, lead)
        svc.finalise(inspection, lead, place="Bộ phận Một cửa", ward_representatives="Ông Nguyễn Đình Chủ – Chủ tịch",
                     **minutes_fields())
        svc.confirm_minutes(inspection, lead, "pw")
        svc.confirm_minutes(inspection, world.users["chutich.nghithu"], "pw")
    assert inspection.round == 2
    proposal = {"pro-note": "Đủ điều kiện", "pro-number": "245", "pro-issued_on": "2023-11-20",
                "pro-signer": str(director(world).id)}
    assert client.post(f"/tinh/ho-so/{a.id}/de-nghi", data=proposal).status_code == 302
    signer = str(world.users["tinh"].id)
    bad = client.post(f"/tinh/ho-so/{a.id}/cong-nhan", data={"app-number": "", "app-decided_on": "31/12/2023",
                                                               "app-signer": signer, "app-valid_from": "2023-12-31"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Nhập số quyết định." in html and "Ngày không hợp lệ." in html
    assert f'<option selected value="{signer}">' in html or f'value="{signer}" selected' in html
    ok = client.post(f"/tinh/ho-so/{a.id}/cong-nhan", data={"app-number": "2345", "app-decided_on": "2023-12-31",
                     "app-signer": signer, "app-valid_from": "2024-01-01", "app-valid_to": "2024-12-31"})
    assert ok.status_code == 302
    listing = client.get(f"/tinh/dot/{world.campaign.id}").get_data(as_text=True)
    assert "Đã công nhận" in listing
    assert "Đã công nhận" in client.get(f"/tinh/dot/{world.campaign.id}?q=NGHI%20THU&status=recognised").get_data(as_text=True)
    assert "Phường Nghi Thu" not in client.get(f"/tinh/dot/{world.campaign.id}?status=returned").get_data(as_text=True)
    review_page = client.get(f"/tinh/ho-so/{a.id}").get_data(as_text=True)
    assert "Quyết định số 2345/QĐ-UBND ngày 31/12/2023" in review_page
    assert 'data-testid="decision-pdf"' in review_page and 'data-testid="minutes-pdf"' in review_page
    history = client.get(f"/danh-gia/{a.id}/lich-su").get_data(as_text=True)
    for label in ("Gửi hồ sơ đề nghị", "Bắt đầu kiểm tra", "Xác nhận biên bản", "Trả lại để bổ sung", "Công nhận"):
        assert label in history, label
    rows = list(csv.reader(io.StringIO(client.get(f"/danh-gia/{a.id}/lich-su.csv").get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][0].startswith("Thời điểm") and any(r[3] == "Chuyển trạng thái" and "Đã công nhận" in r[6] for r in rows)


def test_the_campaign_list_filters_by_status(world, login, client):
    """The filter's name must not collide with the response's HTTP status."""
    submitted(world)
    login("tinh")
    response = client.get(f"/tinh/dot/{world.campaign.id}?status=submitted")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Phường Nghi Thu" in html and "Phường Nghi Hương" not in html
    assert '<option value="submitted" selected>' in html


def test_return_checkboxes_are_not_each_required(world, login, client):
    signed(world)
    login("tinh")
    html = client.get(f"/tinh/ho-so/{world.nghi_thu_assessment.id}").get_data(as_text=True)
    box = html.split('name="ret-criteria"', 1)[1].split(">", 1)[0]
    assert "required" not in box
