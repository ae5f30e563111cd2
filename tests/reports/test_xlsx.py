"""XLSX round trips: what openpyxl reads back equals the content, as numbers, with Vietnamese headers."""
from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from criteria_app.reports import xlsx

CENT = Decimal("0.01")


def as_points(value) -> Decimal:
    assert isinstance(value, (int, float)) and not isinstance(value, bool), f"not a number: {value!r}"
    return Decimal(str(value)).quantize(CENT)


def _rows(ws):
    header = [c.value for c in ws[1]]
    return header, [dict(zip(header, row)) for row in ws.iter_rows(min_row=2, values_only=True)]


@pytest.fixture
def self_report(world):
    """Nghi Thu's report of 07/2023, answered through the use cases with the article's figures."""
    from criteria_app.reports.builders import self_assessment_report
    from criteria_app.services.assessments import save_answer, save_explanation
    from criteria_app.services.demo_data import NGHI_THU
    from criteria_app.services.uow import transaction
    a, officer = world.nghi_thu_assessment, world.users["nghithu"]
    with transaction():
        for code, value in NGHI_THU.items():
            save_answer(a, code, value, officer)
        save_explanation(a, "TC08.2", "Trong kỳ không phát sinh phiếu thu thập thông tin dân cư sai sót.", officer)
        save_explanation(a, "TC02.7", "Ảnh 02 máy điều hòa lưu tại Bộ phận Một cửa.", officer)
    return self_assessment_report(a)


def test_self_assessment_round_trip(self_report):
    wb = load_workbook(BytesIO(xlsx.self_assessment_xlsx(self_report)))
    assert wb.sheetnames == ["Tự đánh giá", "Tổng hợp tiêu chí", "Thông tin"]
    ws = wb["Tự đánh giá"]
    assert ws.freeze_panes == "A2"
    header, rows = _rows(ws)
    assert header == ["Mã", "Chỉ tiêu", "Trả lời", "Số lượng", "Tử số", "Mẫu số", "Tỷ lệ", "Điểm",
                      "Điểm tối đa", "Kết quả", "Minh chứng"]
    assert all(cell.font.b for cell in ws[1])
    items = self_report.items
    assert len(rows) == len(items) == 32
    for row, item in zip(rows, items):
        assert row["Mã"] == item.code
        assert row["Chỉ tiêu"] == item.label
        assert row["Trả lời"] == (item.answer_text or None)
        assert as_points(row["Điểm"]) == item.score
        assert as_points(row["Điểm tối đa"]) == item.max
        assert row["Kết quả"] == item.status_text
        assert row["Tử số"] == item.numerator and row["Mẫu số"] == item.denominator
        assert row["Số lượng"] == item.count
        if item.rate is None:
            assert row["Tỷ lệ"] is None
        else:
            assert row["Tỷ lệ"] == pytest.approx(float(item.rate), abs=1e-12)
    by_code = {r["Mã"]: r for r in rows}
    assert by_code["TC10.2"]["Trả lời"] == "11/12 (91,7%)"
    assert (by_code["TC10.2"]["Tử số"], by_code["TC10.2"]["Mẫu số"]) == (11, 12)
    assert as_points(by_code["TC10.2"]["Điểm"]) == Decimal("2.75")
    assert by_code["TC02.7"]["Số lượng"] == 2
    assert by_code["TC08.2"]["Trả lời"] == "Không phát sinh"
    assert "Ảnh 02 máy điều hòa lưu tại Bộ phận Một cửa." in by_code["TC02.7"]["Minh chứng"]
    # number formats: points '0.00', rates '0.0%'
    col = {name: i + 1 for i, name in enumerate(header)}
    for r in range(2, ws.max_row + 1):
        assert ws.cell(r, col["Điểm"]).number_format == "0.00"
        if ws.cell(r, col["Tỷ lệ"]).value is not None:
            assert ws.cell(r, col["Tỷ lệ"]).number_format == "0.0%"


def test_self_assessment_criteria_sheet_totals(self_report):
    wb = load_workbook(BytesIO(xlsx.self_assessment_xlsx(self_report)))
    ws = wb["Tổng hợp tiêu chí"]
    assert ws.freeze_panes == "A2"
    header, rows = _rows(ws)
    assert header == ["Mã", "Tiêu chí", "Bắt buộc", "Điểm", "Điểm tối đa", "Kết quả"]
    for row, c in zip(rows, self_report.criteria):
        assert (row["Mã"], row["Tiêu chí"]) == (c.code, c.title)
        assert as_points(row["Điểm"]) == c.score
    total = rows[-1]
    assert as_points(total["Điểm"]) == self_report.total == Decimal("99.19")
    assert sum(as_points(r["Điểm"]) for r in rows[:-1]) == self_report.total


def test_the_province_file_reads_back_as_the_database(world):
    """Every unit of the campaign: status, self score beside team score per criterion, the mandatory criteria
    failed, and the act in force with its number and date."""
    from datetime import date

    from criteria_app.services import review
    from criteria_app.services.overview import campaign_rows
    from criteria_app.services.province_table import province_table
    from criteria_app.services.uow import transaction
    from tests.factories import signed
    a, _ = signed(world)
    with transaction():
        review.refuse(a, world.users["tinh"], reason="Chưa đạt TC02", decided_on=date(2023, 12, 1), number="4120",
                      signer=world.users["tinh"])
    wb = load_workbook(BytesIO(xlsx.province_xlsx(province_table(world.campaign))))
    assert wb.sheetnames == ["Đơn vị", "Tiêu chí"]
    ws = wb["Đơn vị"]
    assert ws.freeze_panes == "A2"
    header, rows = _rows(ws)
    codes = [f"TC{n:02d}" for n in range(1, 14)]
    assert header[:10] == ["STT", "Đơn vị", "Địa bàn", "Trạng thái", "Điểm tự chấm", "Điểm kiểm tra",
                           "Tiêu chí bắt buộc không đạt", "Văn bản", "Số văn bản", "Ngày văn bản"]
    assert header[10:] == [f"{c} {side}" for c in codes for side in ("tự chấm", "kiểm tra")]
    by_unit = {r["Đơn vị"]: r for r in rows}
    assert set(by_unit) == {"Phường Nghi Thu", "Phường Nghi Hương"}
    nghi_thu = by_unit["Phường Nghi Thu"]
    db_row = next(r for r in campaign_rows(world.campaign) if r.assessment.id == a.id)
    assert nghi_thu["Địa bàn"] == "Thị xã Cửa Lò, tỉnh Nghệ An" and nghi_thu["Trạng thái"] == "Không công nhận"
    assert as_points(nghi_thu["Điểm tự chấm"]) == db_row.self_total
    assert as_points(nghi_thu["Điểm kiểm tra"]) == db_row.team_total
    assert nghi_thu["Tiêu chí bắt buộc không đạt"] == "TC02"
    assert (nghi_thu["Văn bản"], nghi_thu["Số văn bản"]) == ("Công văn không công nhận", "4120/UBND-NC")
    assert nghi_thu["Ngày văn bản"].date() == date(2023, 12, 1)
    for c in db_row.team_result.criteria:
        assert as_points(nghi_thu[f"{c.code} kiểm tra"]) == c.score
    for c in db_row.self_result.criteria:
        assert as_points(nghi_thu[f"{c.code} tự chấm"]) == c.score
    untouched = by_unit["Phường Nghi Hương"]
    assert untouched["Điểm kiểm tra"] is None and untouched["Trạng thái"] == "Đang tự đánh giá"
    assert untouched["Văn bản"] is None and untouched["TC01 kiểm tra"] is None
    crit_header, crit_rows = _rows(wb["Tiêu chí"])
    assert crit_header == ["Mã", "Tiêu chí", "Điểm tối đa", "Bắt buộc"]
    assert [r["Bắt buộc"] for r in crit_rows if r["Mã"] in ("TC02", "TC08", "TC09", "TC10")] == ["Có"] * 4


def test_a_decision_spreadsheet_lists_exactly_its_units(rendered):
    decision = rendered["decision_collective"].content
    wb = load_workbook(BytesIO(xlsx.decision_xlsx(decision)))
    ws = wb["Danh sách công nhận"]
    assert ws.freeze_panes == "A2"
    header, rows = _rows(ws)
    assert header == ["STT", "Đơn vị", "Địa bàn", "Tổng điểm"]
    assert [(r["Đơn vị"], r["Địa bàn"]) for r in rows] == [(u.unit_name, u.area) for u in decision.units] \
        == [("Phường Cửa Lò", "Tỉnh Nghệ An"), ("Phường Vinh Hưng", "Tỉnh Nghệ An")]
    for row, unit in zip(rows, decision.units):
        assert as_points(row["Tổng điểm"]) == unit.total
