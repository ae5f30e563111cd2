"""The documents' tables as XLSX workbooks (openpyxl), for provincial staff who sort and filter.

Numbers are stored as numbers (points as Decimals with two decimals, format '0.00'; rates as
fractions of 1, format '0.0%'; counts as integers), never as text, unless a spreadsheet cannot hold
them exactly (more than 15 digits). Text never becomes a formula (see domain/cells.py). Row 1 holds
the Vietnamese headers (bold, frozen, with an auto-filter); sheet names are Vietnamese.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..domain import cells
from . import formatting as fmt
from .content import RecognitionDecision, RecognitionReport, SelfAssessmentReport

POINTS = "0.00"
RATE = "0.0%"
COUNT = "#,##0"
TEXT = "@"

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
TOP = Alignment(vertical="top")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


class Column:
    """A column: Vietnamese header, width (characters), number format (None for text), wrap."""

    def __init__(self, header: str, width: float, number_format: str | None = None, wrap: bool = False):
        self.header = header
        self.width = width
        self.number_format = number_format
        self.wrap = wrap


def points(value: Decimal | None) -> Decimal | None:
    """A score as stored in a cell: Decimal with exactly two decimals (openpyxl writes it as a number)."""
    return None if value is None else fmt.quantize(value)


def _cell_value(value: Any) -> Any:
    """What a cell gets: text cleaned of characters XML cannot hold; a number it cannot hold as text."""
    if value is None or isinstance(value, (bool, date, datetime)):
        return value                      # a date stays a date cell (datetime is a date too)
    if isinstance(value, str):
        return cells.clean_text(value)
    if isinstance(value, (int, float, Decimal)):
        return value if cells.fits_a_spreadsheet(value) else cells.number_text(value)
    return cells.clean_text(str(value))


def _append(ws: Worksheet, values: Sequence[Any]) -> None:
    ws.append([_cell_value(v) for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cells.looks_like_formula(cell.value):
            cell.data_type = "s"          # openpyxl made "=…" a formula: keep it the text it was
            cell.quotePrefix = True       # and the spreadsheet keeps it text when the cell is edited


def _sheet(ws: Worksheet, title: str, columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> Worksheet:
    ws.title = title
    _append(ws, [c.header for c in columns])
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGN
        cell.border = BORDER
    for row in rows:
        _append(ws, row)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = column.width
        align = WRAP if column.wrap else TOP
        for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
            if column.number_format and isinstance(cell.value, (int, float, Decimal)):
                cell.number_format = column.number_format
            cell.alignment = align
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 32
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return ws


def _workbook_bytes(wb: Workbook, title: str) -> bytes:
    wb.properties.title = title
    wb.properties.creator = "criteria_app"
    wb.properties.language = "vi-VN"
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _info_sheet(wb: Workbook, title: str, pairs: Sequence[tuple[str, Any]]) -> None:
    ws = wb.create_sheet(title)
    for key, value in pairs:
        _append(ws, [key, value])
        ws.cell(ws.max_row, 1).font = HEADER_FONT
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 90
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = WRAP


# ---------------------------------------------------------------------------------------------

SELF_COLUMNS = (
    Column("Mã", 9), Column("Chỉ tiêu", 60, wrap=True), Column("Trả lời", 22, wrap=True),
    Column("Số lượng", 10, COUNT), Column("Tử số", 11, COUNT), Column("Mẫu số", 11, COUNT),
    Column("Tỷ lệ", 9, RATE), Column("Điểm", 9, POINTS), Column("Điểm tối đa", 10, POINTS),
    Column("Kết quả", 13), Column("Minh chứng", 60, wrap=True),
)
SELF_CRITERIA_COLUMNS = (
    Column("Mã", 9), Column("Tiêu chí", 60, wrap=True), Column("Bắt buộc", 10),
    Column("Điểm", 9, POINTS), Column("Điểm tối đa", 10, POINTS), Column("Kết quả", 13),
)


def _rate(rate) -> float | str | None:
    if rate is None:
        return None
    try:
        return float(rate)
    except OverflowError:
        return cells.number_text(rate)


def self_assessment_xlsx(report: SelfAssessmentReport) -> bytes:
    """Sheets: 'Tự đánh giá' (one row per item), 'Tổng hợp tiêu chí' (one row per criterion and
    the total), 'Thông tin' (unit, campaign, criteria set, conclusion)."""
    wb = Workbook()
    rows = []
    for item in report.items:
        rate = item.rate
        rows.append([
            item.code, item.label, item.answer_text, item.count, item.numerator, item.denominator,
            _rate(rate), points(item.score), points(item.max), item.status_text,
            "\n".join(item.evidence_lines),
        ])
    _sheet(wb.active, "Tự đánh giá", SELF_COLUMNS, rows)
    crit_rows = [[c.code, c.title, "Có" if c.mandatory else "", points(c.score), points(c.max), c.status_text]
                 for c in report.criteria]
    crit_rows.append(["", f"Tổng cộng ({report.passed_count}/{report.criteria_count} tiêu chí đạt)", "",
                      points(report.total), points(report.max_total),
                      "Đạt" if report.meets_standard else ("Chưa đủ" if not report.complete else "Không đạt")])
    ws = _sheet(wb.create_sheet(), "Tổng hợp tiêu chí", SELF_CRITERIA_COLUMNS, crit_rows)
    for cell in ws[ws.max_row]:
        cell.font = HEADER_FONT
    _info_sheet(wb, "Thông tin", [
        ("Văn bản", f"{report.header.title} {report.header.number_line}"),
        ("Trích yếu", report.header.subtitle),
        ("Ngày", report.header.date_line),
        ("Đơn vị", report.unit_path),
        ("Đợt đánh giá", report.campaign_name),
        ("Bộ tiêu chí", f"{report.criteria_set_title} (phiên bản {report.criteria_set_version})"),
        ("Tổng điểm tự chấm", points(report.total)),
        ("Kết luận", report.conclusion),
    ])
    wb["Thông tin"]["B7"].number_format = POINTS
    return _workbook_bytes(wb, f"{report.header.title} {report.header.subtitle}")


def recognition_columns(report: RecognitionReport) -> tuple[Column, ...]:
    return (
        Column("STT", 6), Column("Đơn vị", 26, wrap=True), Column("Địa bàn", 34, wrap=True),
        Column("Điểm tự chấm", 10, POINTS), Column("Điểm thẩm định", 11, POINTS),
        Column("Tiêu chí bắt buộc", 12), Column("Kết quả", 11),
        *(Column(c.code, 7.5, POINTS) for c in report.criteria),
    )


def recognition_xlsx(report: RecognitionReport) -> bytes:
    """Sheets: 'Kết quả thẩm định' (one row per unit: totals, mandatory criteria, result, then the
    inspection score of each criterion TC01..TC13), 'Tiêu chí' (each criterion, its maximum,
    whether mandatory, how many units pass it)."""
    wb = Workbook()
    codes = [c.code for c in report.criteria]
    rows = []
    for n, u in enumerate(report.units, start=1):
        by_code = {s.code: s for s in u.criteria}
        rows.append([n, u.unit_name, u.area, points(u.self_total), points(u.inspection_total),
                     u.mandatory_text, u.result_text,
                     *(points(by_code[c].inspection_score) if c in by_code else None for c in codes)])
    _sheet(wb.active, "Kết quả thẩm định", recognition_columns(report), rows)
    crit_rows = [[c.code, c.title, points(c.max), "Có" if c.mandatory else "", n]
                 for c, n in report.criterion_pass_counts()]
    _sheet(wb.create_sheet(), "Tiêu chí", (
        Column("Mã", 9), Column("Tiêu chí", 70, wrap=True), Column("Điểm tối đa", 10, POINTS),
        Column("Bắt buộc", 10), Column("Số đơn vị đạt", 12, COUNT)), crit_rows)
    return _workbook_bytes(wb, f"{report.header.title} {report.header.subtitle}")


def decision_xlsx(decision: RecognitionDecision) -> bytes:
    """Sheet 'Danh sách công nhận': the decision's annex (STT, Đơn vị, Địa bàn, Tổng điểm)."""
    wb = Workbook()
    rows = [[n, u.unit_name, u.area, points(u.total)] for n, u in enumerate(decision.units, start=1)]
    _sheet(wb.active, "Danh sách công nhận", (
        Column("STT", 6), Column("Đơn vị", 30, wrap=True), Column("Địa bàn", 40, wrap=True),
        Column("Tổng điểm", 11, POINTS)), rows)
    return _workbook_bytes(wb, f"{decision.header.title} {decision.header.number_line}")


# ---------------------------------------------------------------------------------------------
# The province's file of a campaign (services/province_table.py gives the data)
# ---------------------------------------------------------------------------------------------

DATE = "dd/mm/yyyy"


def province_columns(table) -> tuple[Column, ...]:
    per_criterion = []
    for code, _title, _max, _mandatory in table.criteria:
        per_criterion += [Column(f"{code} tự chấm", 8, POINTS), Column(f"{code} kiểm tra", 8, POINTS)]
    return (
        Column("STT", 6), Column("Đơn vị", 26, wrap=True), Column("Địa bàn", 30, wrap=True),
        Column("Trạng thái", 16, wrap=True), Column("Điểm tự chấm", 10, POINTS), Column("Điểm kiểm tra", 10, POINTS),
        Column("Tiêu chí bắt buộc không đạt", 14, wrap=True), Column("Văn bản", 22, wrap=True),
        Column("Số văn bản", 16), Column("Ngày văn bản", 12, DATE), *per_criterion,
    )


def province_xlsx(table) -> bytes:
    """Sheets: 'Đơn vị' (one row per unit: status, self and team totals, failed mandatory criteria, the act in
    force with its number and date, then each criterion's self score beside the team's), 'Tiêu chí'."""
    wb = Workbook()
    rows = []
    for n, r in enumerate(table.rows, start=1):
        scores = []
        for code, *_ in table.criteria:
            scores += [points(r.self_scores.get(code)), points(r.team_scores.get(code))]
        rows.append([n, r.unit_name, r.area, r.status, points(r.self_total), points(r.team_total),
                     ", ".join(r.mandatory_failed), r.act, r.act_number, r.act_date, *scores])
    ws = _sheet(wb.active, "Đơn vị", province_columns(table), rows)
    date_col = 10
    for (cell,) in ws.iter_rows(min_row=2, min_col=date_col, max_col=date_col):
        if cell.value is not None:
            cell.number_format = DATE
    _sheet(wb.create_sheet(), "Tiêu chí", (
        Column("Mã", 9), Column("Tiêu chí", 70, wrap=True), Column("Điểm tối đa", 10, POINTS),
        Column("Bắt buộc", 10)),
        [[code, title, points(mx), "Có" if m else ""] for code, title, mx, m in table.criteria])
    return _workbook_bytes(wb, f"Kết quả đánh giá {table.campaign_name}")
