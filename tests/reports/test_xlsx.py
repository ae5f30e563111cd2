"""XLSX round trips: what openpyxl reads back equals the content, as numbers, with Vietnamese headers."""
from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from criteria_app.reports import xlsx
from tests.reports import samples

CENT = Decimal("0.01")


def as_points(value) -> Decimal:
    assert isinstance(value, (int, float)) and not isinstance(value, bool), f"not a number: {value!r}"
    return Decimal(str(value)).quantize(CENT)


def _rows(ws):
    header = [c.value for c in ws[1]]
    return header, [dict(zip(header, row)) for row in ws.iter_rows(min_row=2, values_only=True)]


@pytest.fixture(scope="module")
def self_report():
    return samples.example_self_assessment_report()


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
    assert "Ảnh 02 máy điều hòa.jpg" in by_code["TC02.7"]["Minh chứng"]
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


@pytest.mark.parametrize("n_units", [7, 130])
def test_recognition_round_trip(n_units):
    report = samples.example_recognition_report(n_units)
    wb = load_workbook(BytesIO(xlsx.recognition_xlsx(report)))
    assert wb.sheetnames == ["Kết quả thẩm định", "Tiêu chí"]
    ws = wb["Kết quả thẩm định"]
    assert ws.freeze_panes == "A2"
    header, rows = _rows(ws)
    codes = [f"TC{n:02d}" for n in range(1, 14)]
    assert header == ["STT", "Đơn vị", "Địa bàn", "Điểm tự chấm", "Điểm thẩm định", "Tiêu chí bắt buộc",
                      "Kết quả", *codes]
    assert all(cell.font.b for cell in ws[1])
    assert len(rows) == n_units
    for n, (row, unit) in enumerate(zip(rows, report.units), start=1):
        assert row["STT"] == n
        assert (row["Đơn vị"], row["Địa bàn"]) == (unit.unit_name, unit.area)
        assert as_points(row["Điểm tự chấm"]) == unit.self_total
        assert as_points(row["Điểm thẩm định"]) == unit.inspection_total
        assert row["Tiêu chí bắt buộc"] == ("Đạt" if unit.mandatory_passed else "Không đạt")
        assert row["Kết quả"] == ("Đạt" if unit.recognised else "Không đạt")
        scores = [as_points(row[c]) for c in codes]
        assert scores == [s.inspection_score for s in unit.criteria]
        assert sum(scores) == unit.inspection_total
    assert rows[0]["Đơn vị"] == "Phường Nghi Thu" and rows[0]["Địa bàn"] == "Thị xã Cửa Lò, Tỉnh Nghệ An"
    col = header.index("Điểm thẩm định") + 1
    assert ws.cell(2, col).number_format == "0.00"
    crit_header, crit_rows = _rows(wb["Tiêu chí"])
    assert crit_header == ["Mã", "Tiêu chí", "Điểm tối đa", "Bắt buộc", "Số đơn vị đạt"]
    assert [r["Số đơn vị đạt"] for r in crit_rows] == [n for _, n in report.criterion_pass_counts()]


def test_decision_round_trip():
    decision = samples.example_recognition_decision(130)
    wb = load_workbook(BytesIO(xlsx.decision_xlsx(decision)))
    ws = wb["Danh sách công nhận"]
    assert ws.freeze_panes == "A2"
    header, rows = _rows(ws)
    assert header == ["STT", "Đơn vị", "Địa bàn", "Tổng điểm"]
    assert len(rows) == len(decision.units) > 6
    for row, unit in zip(rows, decision.units):
        assert (row["Đơn vị"], row["Địa bàn"]) == (unit.unit_name, unit.area)
        assert as_points(row["Tổng điểm"]) == unit.total
