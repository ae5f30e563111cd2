"""The ward's screens over HTTP: pages, autosave fragments, inline errors, evidence, submission."""
import io
import json

from criteria_app.extensions import db
from criteria_app.models import Answer, Evidence
from tests.factories import PNG

HX = {"HX-Request": "true"}


def _save(client, world, code, **data):
    return client.post(f"/danh-gia/{world.nghi_thu_assessment.id}/chi-tieu/{code}", data=data, headers=HX)


def test_overview_shows_the_13_criteria_the_total_and_the_mandatory_ones(world, login):
    html = login("nghithu").get(f"/danh-gia/{world.nghi_thu_assessment.id}").get_data(as_text=True)
    for n in range(1, 14):
        assert f"TC{n:02d}" in html
    assert "Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An" in html
    assert 'aria-valuemax="32" aria-valuenow="0"' in html and "Đã trả lời 0/32 chỉ tiêu" in html
    assert html.count("★ bắt buộc") == 4
    assert "0,00" in html and "100,00" in html


def test_the_progress_counter_counts_the_answered_items(world, login):
    client = login("nghithu")
    _save(client, world, "TC01.1", value="yes")
    _save(client, world, "TC02.2", value="0")                  # a failed answer is still an answer
    _save(client, world, "TC01.3", numerator="11", denominator="12")
    _save(client, world, "TC01.3", numerator="", denominator="")   # cleared again: not counted
    html = client.get(f"/danh-gia/{world.nghi_thu_assessment.id}").get_data(as_text=True)
    assert 'aria-valuemax="32" aria-valuenow="2"' in html and "Đã trả lời 2/32 chỉ tiêu" in html


def test_criterion_page_has_the_input_each_kind_needs(world, login):
    html = login("nghithu").get(f"/danh-gia/{world.nghi_thu_assessment.id}/tieu-chi/TC04").get_data(as_text=True)
    assert 'name="numerator"' in html and 'name="denominator"' in html
    assert "Không phát sinh" in html                        # TC04.2 allows it
    html = login("nghithu").get(f"/danh-gia/{world.nghi_thu_assessment.id}/tieu-chi/TC02").get_data(as_text=True)
    assert 'value="yes"' in html and "(máy)" in html


def test_a_save_returns_the_item_state_and_the_scores_out_of_band(world, login):
    client = login("nghithu")
    response = _save(client, world, "TC01.3", numerator="11", denominator="12")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Đã lưu" in html and "1,83/2,00" in html
    assert 'id="scores" class="scores" aria-live="polite" hx-swap-oob="true"' in html
    assert 'id="criterion-head"' in html and "1,83" in html
    assert "HX-Request" in response.headers["Vary"]


def test_bad_input_gets_a_vietnamese_message_and_the_saved_value_stays(world, login):
    client = login("nghithu")
    _save(client, world, "TC01.3", numerator="11", denominator="12")
    cases = [
        ("TC01.3", {"numerator": "13", "denominator": "12"}, "numerator", "không được lớn hơn mẫu số"),
        ("TC01.3", {"numerator": "-1", "denominator": "12"}, "numerator", "Không được là số âm"),
        ("TC01.3", {"numerator": "1a", "denominator": "12"}, "numerator", "không phải là số nguyên"),
        ("TC01.3", {"numerator": "1", "denominator": "0"}, "denominator", "Mẫu số phải lớn hơn 0"),
        ("TC02.2", {"value": "abc"}, "value", "không phải là số nguyên"),
        ("TC02.2", {"value": "1.5"}, "value", "không phải là số nguyên"),
        ("TC01.3", {"na": "1"}, "numerator", "Không phát sinh"),
    ]
    for code, data, field, message in cases:
        response = _save(client, world, code, **data)
        assert response.status_code == 422, (code, data)
        html = response.get_data(as_text=True)
        did = code.replace(".", "_")
        error_span = html.split(f'id="err-{did}-{field}"', 1)[1].split("</span>", 1)[0]
        assert message in error_span, (code, data, error_span)
        assert "Lỗi – chưa lưu" in html
    db.session.expire_all()
    row = db.session.execute(db.select(Answer).filter_by(item_code="TC01.3")).scalar_one()
    assert json.loads(row.value) == {"numerator": 11, "denominator": 12}
    assert db.session.execute(db.select(Answer).filter_by(item_code="TC02.2")).scalar_one_or_none() is None


def test_na_and_zero_denominator_where_allowed(world, login):
    client = login("nghithu")
    assert _save(client, world, "TC04.2", na="1").status_code == 200
    assert _save(client, world, "TC06.1", numerator="0", denominator="0").status_code == 200
    html = client.get(f"/danh-gia/{world.nghi_thu_assessment.id}/tieu-chi/TC04").get_data(as_text=True)
    assert "4,00/4,00 điểm" in html


def test_a_reload_shows_exactly_what_was_saved(world, login):
    client = login("nghithu")
    _save(client, world, "TC02.2", value="3")
    _save(client, world, "TC02.1", numerator="4", denominator="5")
    _save(client, world, "TC02.3", value="no")
    html = client.get(f"/danh-gia/{world.nghi_thu_assessment.id}/tieu-chi/TC02").get_data(as_text=True)
    assert 'name="value" value="3"' in html
    assert 'name="numerator" value="4"' in html and 'name="denominator" value="5"' in html
    assert 'value="no" checked' in html


def test_evidence_is_checked_by_content_and_served_only_in_scope(app, world, login, client):
    client = login("nghithu")
    url = f"/danh-gia/{world.nghi_thu_assessment.id}/chi-tieu/TC01.1/minh-chung"
    refused = client.post(url, data={"file": (io.BytesIO(b"hello, not a pdf"), "quyet-dinh.pdf")}, headers=HX,
                          content_type="multipart/form-data")
    assert refused.status_code == 422
    assert "Chỉ nhận tệp PDF, JPEG hoặc PNG" in refused.get_data(as_text=True)

    ok = client.post(url, data={"file": (io.BytesIO(PNG), "anh-mot-cua.txt")}, headers=HX,
                     content_type="multipart/form-data")
    assert ok.status_code == 200
    evidence = db.session.execute(db.select(Evidence)).scalar_one()
    assert evidence.content_type == "image/png" and evidence.stored_name.endswith(".png")
    assert "anh-mot-cua" not in evidence.stored_name
    stored = app.config["UPLOAD_FOLDER"]
    assert "static" not in stored
    assert evidence.original_name == "anh-mot-cua.png"          # the extension of what the content is
    download = client.get(f"/danh-gia/{world.nghi_thu_assessment.id}/minh-chung/{evidence.id}")
    assert download.status_code == 200 and download.mimetype == "image/png"
    # re-encoded on upload (metadata gone), the same picture
    from PIL import Image
    assert Image.open(io.BytesIO(download.data)).convert("RGB").tobytes() == \
        Image.open(io.BytesIO(PNG)).convert("RGB").tobytes()
    assert download.headers["X-Content-Type-Options"] == "nosniff"

    client.post("/logout")
    login("nghihuong")
    assert client.get(f"/danh-gia/{world.nghi_thu_assessment.id}/minh-chung/{evidence.id}").status_code == 404
    # Nghi Hương's own assessment id with Nghi Thu's evidence id: still refused
    assert client.get(f"/danh-gia/{world.nghi_huong_assessment.id}/minh-chung/{evidence.id}").status_code == 404


def test_evidence_over_the_size_cap_is_refused(app, world, login):
    app.config["EVIDENCE_MAX_BYTES"] = 1024
    client = login("nghithu")
    big = b"%PDF-1.4\n" + b"0" * 2048
    response = client.post(f"/danh-gia/{world.nghi_thu_assessment.id}/chi-tieu/TC01.1/minh-chung",
                           data={"file": (io.BytesIO(big), "lon.pdf")}, headers=HX, content_type="multipart/form-data")
    assert response.status_code == 422 and "Tệp quá lớn" in response.get_data(as_text=True)
    assert db.session.query(Evidence).count() == 0


def test_an_explanation_counts_as_evidence_and_can_be_cleared(world, login):
    client = login("nghithu")
    aid = world.nghi_thu_assessment.id
    url = f"/danh-gia/{aid}/chi-tieu/TC01.2/giai-trinh"

    def explanation():
        db.session.expire_all()
        row = db.session.execute(db.select(Answer).filter_by(assessment_id=aid, item_code="TC01.2")).scalar_one_or_none()
        return row and row.explanation

    def missing_evidence(code):
        return f"{code}</strong> – Thiếu minh chứng" in client.get(f"/danh-gia/{aid}/gui").get_data(as_text=True)

    assert missing_evidence("TC01.2")
    assert client.post(url, data={"explanation": "Kế hoạch số 12/KH-UBND"}, headers=HX).status_code == 200
    assert explanation() == "Kế hoạch số 12/KH-UBND"
    assert not missing_evidence("TC01.2") and missing_evidence("TC01.1")

    cleared = client.post(url, data={"explanation": "  "}, headers=HX)   # emptied (blanks only)
    assert cleared.status_code == 200 and "Kế hoạch số 12/KH-UBND" not in cleared.get_data(as_text=True)
    assert explanation() is None
    assert missing_evidence("TC01.2")                                       # no longer counts as evidence


def test_submit_page_lists_missing_items_with_links_then_submits(world, login):
    from criteria_app.domain.answers import answer_from_json
    from criteria_app.services.assessments import save_answer, save_explanation
    from tests.factories import full_answers
    client = login("chutich.nghithu")
    aid = world.nghi_thu_assessment.id
    page = client.get(f"/danh-gia/{aid}/gui").get_data(as_text=True)
    assert f'href="/danh-gia/{aid}/tieu-chi/TC01#item-TC01.1"' in page
    refused = client.post(f"/danh-gia/{aid}/gui")
    assert refused.status_code == 422 and "Chưa thể gửi" in refused.get_data(as_text=True)

    from criteria_app.services.uow import transaction
    a, officer = world.nghi_thu_assessment, world.users["nghithu"]
    cs = a.criteria_set()
    with transaction():
        for code, raw in full_answers(cs).items():
            save_answer(a, code, answer_from_json(cs.item(code), raw), officer)
        for item in cs.items():
            if item.evidence == "required":
                save_explanation(a, item.code, "Có hồ sơ", officer)
    form = client.get(f"/danh-gia/{aid}/gui").get_data(as_text=True)
    assert 'name="report_number"' in form and 'name="report_date"' in form
    missing = client.post(f"/danh-gia/{aid}/gui", data={"report_number": "", "report_date": "24/07/2023"})
    html = missing.get_data(as_text=True)
    assert missing.status_code == 422 and "Nhập số báo cáo tự đánh giá" in html and "Ngày không hợp lệ." in html
    assert db.session.get(type(a), aid).status == "self_assessment"
    done = client.post(f"/danh-gia/{aid}/gui", data={"report_number": "15", "report_date": "2023-07-24"})
    assert done.status_code == 302
    html = client.get(f"/danh-gia/{aid}/tieu-chi/TC01").get_data(as_text=True)
    assert "Đã gửi" in html and "chỉ xem" in html and 'name="value"' not in html
    assert _save(client, world, "TC01.1", value="no").status_code == 403


def test_the_officer_cannot_submit(world, login):
    html = login("nghithu").get(f"/danh-gia/{world.nghi_thu_assessment.id}/gui").get_data(as_text=True)
    assert 'data-testid="submit"' not in html
