"""builders.self_assessment_report from the models (runs on SQLite and PostgreSQL via `world`)."""
from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime
from decimal import Decimal

from criteria_app.domain.answers import NA, Ratio
from criteria_app.extensions import db
from criteria_app.models import Evidence
from criteria_app.reports import builders, formatting as fmt, pdf
from criteria_app.services import assessments as svc

from .conftest import ARTIFACTS, squash


def _answer_a_few(world):
    a, user = world.nghi_thu_assessment, world.users["nghithu"]
    svc.save_answer(a, "TC01.1", True, user)
    svc.save_answer(a, "TC01.3", Ratio(11, 12), user)
    svc.save_answer(a, "TC02.7", 3, user)
    svc.save_answer(a, "TC08.2", NA, user)
    svc.save_explanation(a, "TC01.1", "Quyết định lưu tại hồ sơ giấy của Văn phòng UBND phường", user)
    db.session.add(Evidence(assessment_id=a.id, item_code="TC01.1", stored_name="e1", size=10,
                            original_name="QĐ thành lập Tổ công tác Đề án 06.pdf", content_type="application/pdf",
                            sha256="0" * 64, uploaded_by_id=user.id))
    db.session.add(Evidence(assessment_id=a.id, item_code="TC01.1", stored_name="e2", size=10,
                            original_name="bản cũ đã xóa.pdf", content_type="application/pdf",
                            sha256="1" * 64, uploaded_by_id=user.id, deleted_at=datetime(2023, 7, 1)))
    db.session.commit()
    return a


def test_self_assessment_report_from_the_models(world, engine_name, tmp_path):
    a = _answer_a_few(world)
    chairman = world.users["chutich.nghithu"]
    a.submitted_at = datetime(2023, 7, 23, 18, 30)        # UTC: already 24/7 in Vietnam
    a.submitted_by_id = chairman.id
    world.cua_lo.name = "Thành phố Vinh"                  # later renaming: the report keeps the snapshot
    db.session.commit()

    report = builders.self_assessment_report(a)

    assert report.unit_name == "Phường Nghi Thu"
    assert report.unit_path == "Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An"
    assert report.header.issuer == ("UBND THỊ XÃ CỬA LÒ", "UBND PHƯỜNG NGHI THU")
    assert report.header.place == "Nghệ An"
    assert report.header.issued_on == date(2023, 7, 24)
    assert report.header.date_line == "Nghệ An, ngày 24 tháng 7 năm 2023"
    assert squash(report.header.number_line) == "Số: /BC-UBND"
    assert report.campaign_name == "Đợt đánh giá năm 2023"
    assert report.footer.signatures[0].name == chairman.full_name
    assert report.footer.recipients == ("UBND tỉnh Nghệ An (qua Công an tỉnh);", "UBND thị xã Cửa Lò;", "Lưu: VT.")

    items = {i.code: i for i in report.items}
    assert len(items) == 32
    assert items["TC01.1"].answer_text == "Có"
    assert items["TC01.1"].evidence_files == ("QĐ thành lập Tổ công tác Đề án 06.pdf",)
    assert items["TC01.1"].explanation == "Quyết định lưu tại hồ sơ giấy của Văn phòng UBND phường"
    assert items["TC01.3"].answer_text == "11/12 (91,7%)"
    assert (items["TC01.3"].numerator, items["TC01.3"].denominator) == (11, 12)
    assert items["TC01.3"].score == Decimal("1.83") and items["TC01.3"].status == "failed"
    assert items["TC02.7"].answer_text == "3 máy" and items["TC02.7"].count == 3
    assert items["TC08.2"].answer_text == "Không phát sinh" and items["TC08.2"].not_applicable
    assert items["TC09.1"].answer_text == "" and items["TC09.1"].status_text == "Chưa trả lời"

    result = svc.result(a)
    assert report.total == result.total == Decimal("8.83")   # 2 + 1.83 + 1 + 4
    assert [c.score for c in report.criteria] == [c.score for c in result.criteria]
    assert report.criteria[0].status == "pending" and not report.complete
    assert "còn chỉ tiêu chưa trả lời" in report.conclusion

    if engine_name == "sqlite":   # the PDF itself once: the content does not depend on the engine
        data = pdf.render_document(report)
        path = tmp_path / "self_assessment_from_db.pdf"
        path.write_bytes(data)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, ARTIFACTS / path.name)
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                              capture_output=True, text=True).stdout
        lines = [line.strip() for line in text.splitlines()]
        assert "UBND PHƯỜNG NGHI THU" in lines and "UBND THỊ XÃ CỬA LÒ" in lines
        assert "Nghệ An, ngày 24 tháng 7 năm 2023" in lines
        layout = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", "-f", "1", "-l", "1", str(path), "-"],
                                check=True, capture_output=True, text=True).stdout
        assert re.search(r"^\s*Số:\s+/BC-UBND\s{2,}Nghệ An, ngày 24 tháng 7 năm 2023$", layout, re.M), layout[:600]
        assert "Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An" in squash(text)
        assert "11/12 (91,7%)" in text and "Thành phố Vinh" not in text


def test_unsubmitted_report_is_dated_today_in_vietnam(world):
    report = builders.self_assessment_report(world.nghi_thu_assessment)
    assert report.header.issued_on == fmt.local_date(None)
    assert report.footer.signatures[0].name == ""
    assert report.total == Decimal("0.00")
