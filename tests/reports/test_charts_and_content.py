"""Charts (SVG), formatting rules of Decree 30 documents, and the content of documents built from records."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from criteria_app.reports import charts, formatting as fmt
from criteria_app.reports.builders import answer_text, in_sentence, requirement_text
from criteria_app.reports.content import (CriterionHeading, CriterionScore, DocumentFooter, DocumentHeader,
                                          RecognitionReport, Signature, UnitResult)
from tests.factories import reference_data

CODES = [f"TC{n:02d}" for n in range(1, 14)]


def _report(n_units: int) -> RecognitionReport:
    """A province's results of n units (the charts only read totals and per-criterion passes)."""
    headings = tuple(CriterionHeading(code, code, Decimal("8.00"), code in ("TC02", "TC09")) for code in CODES)
    units = []
    for i in range(n_units):
        total = Decimal(60 + (i * 37) % 41).quantize(Decimal("0.01"))
        scores = tuple(CriterionScore(code, Decimal("8.00"), Decimal("8.00"), Decimal("8.00"), (i + k) % 3 != 0)
                       for k, code in enumerate(CODES))
        units.append(UnitResult(f"Xã Số {i + 1}", "Tỉnh Thử", total, total, True, total >= 90, scores))
    header = DocumentHeader(issuer=("CÔNG AN TỈNH THỬ",), symbol="TTr", place="Thử", title="TỜ TRÌNH")
    return RecognitionReport(header=header, footer=DocumentFooter(signatures=(Signature("GIÁM ĐỐC"),)),
                             campaign_name="Đợt thử", criteria_set_title="Bộ tiêu chí", criteria=headings,
                             units=tuple(units), max_total=Decimal("100.00"), min_total=Decimal(90))

SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [t.text for t in root.iter(f"{SVG}text")]


def test_unit_totals_chart_labels_every_bar_and_the_threshold():
    entries = [("Phường Nghi Thu", Decimal("94.71")), ("Phường Nghi Thủy", Decimal("87.25")),
               ("Xã A & B <mới>", Decimal("100.00"))]
    svg = charts.unit_totals_chart(entries, threshold=Decimal(90))
    texts = _texts(svg)          # well-formed XML, names escaped
    for name, value in entries:
        assert name in texts
        assert fmt.score(value) in texts
    assert "Ngưỡng 90 điểm" in texts
    root = ET.fromstring(svg)
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect")]
    assert fills == [charts.DARK, charts.LIGHT, charts.DARK]   # pass / fail told apart without colour
    assert all("Liberation Serif" in t.get("font-family") for t in root.iter(f"{SVG}text"))
    assert "<script" not in svg and "href" not in svg and "http://" not in svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")


def test_criteria_pass_chart_has_one_labelled_bar_per_criterion():
    report = _report(7)
    counts = [(c.code, n) for c, n in report.criterion_pass_counts()]
    texts = _texts(charts.criteria_pass_chart(counts, 7))
    for code, n in counts:
        assert code in texts
    assert [t for t in texts if t in {str(n) for _, n in counts}]
    assert "Tổng số đơn vị: 7 (cột đậm: tất cả đơn vị đều đạt)" in texts


def test_recognition_charts_split_or_summarise_many_units():
    few = charts.recognition_charts(_report(7))
    assert [t for t, _ in few] == ["Biểu đồ 1. Điểm thẩm định của các đơn vị",
                                   "Biểu đồ 2. Số đơn vị đạt từng tiêu chí (kết quả thẩm định)"]
    province = charts.recognition_charts(_report(130))
    assert len(province) == 5 and province[0][0] == "Biểu đồ 1 (phần 1/4). Điểm thẩm định của các đơn vị"
    country = charts.recognition_charts(_report(500))
    assert country[0][0] == "Biểu đồ 1. Phân bố điểm thẩm định của 500 đơn vị"
    texts = _texts(country[0][1])
    assert "Ngưỡng 90 điểm" in texts
    bands = [t for t in texts if "–" in t]
    assert bands[0] == "0–<50" and bands[-1] == "95–100"


def test_nice_axis_steps():
    assert [charts.nice_step(n) for n in (4, 7, 10, 11, 130, 3321)] == [1, 2, 2, 5, 50, 1000]


def test_decree_30_dates_and_numbers():
    assert fmt.place_date_line("Nghệ An", date(2023, 7, 24)) == "Nghệ An, ngày 24 tháng 7 năm 2023"
    assert fmt.long_date(date(2024, 2, 5)) == "ngày 05 tháng 02 năm 2024"
    assert fmt.long_date(date(2024, 12, 1)) == "ngày 01 tháng 12 năm 2024"
    assert fmt.short_date(date(2023, 7, 24)) == "24/7/2023"
    header = DocumentHeader(issuer=("UBND TỈNH NGHỆ AN",), symbol="BC-UBND", place="Nghệ An", title="BÁO CÁO",
                            number="15", issued_on=date(2023, 7, 24))
    assert header.number_line == "Số: 15/BC-UBND"
    assert header.date_line == "Nghệ An, ngày 24 tháng 7 năm 2023"
    blank = DocumentHeader(issuer=("UBND TỈNH NGHỆ AN",), symbol="BC-UBND", place="Nghệ An", title="BÁO CÁO",
                           year=2023)
    assert blank.number_line == "Số:" + "\u00a0" * 6 + "/BC-UBND"
    assert " ".join(blank.number_line.split()) == "Số: /BC-UBND"
    assert blank.date_line == "Nghệ An, ngày" + "\u00a0" * 6 + "tháng" + "\u00a0" * 6 + "năm 2023"
    assert header.attached_note("Quyết định", "Chủ tịch UBND tỉnh Nghệ An") == \
        "(Kèm theo Quyết định số 15/BC-UBND ngày 24/7/2023 của Chủ tịch UBND tỉnh Nghệ An)"


def test_numbers_are_written_the_vietnamese_way():
    assert fmt.score(Decimal("87.5")) == "87,50"
    assert fmt.score(Decimal("1234.5")) == "1.234,50"
    assert fmt.percent(Fraction(11, 12)) == "91,7%"
    assert fmt.percent(Fraction(1, 16)) == "6,3%"            # half up, not to even
    assert fmt.ratio_text(11, 12) == "11/12 (91,7%)"
    assert fmt.ratio_text(647873, 682493) == "647.873/682.493 (94,9%)"
    assert fmt.integer(34400) == "34.400"


def test_unit_paths_in_a_sentence():
    path = "Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An"
    assert fmt.split_unit_path(path) == ("Phường Nghi Thu", "Thị xã Cửa Lò, Tỉnh Nghệ An")
    assert in_sentence("Thị xã Cửa Lò") == "thị xã Cửa Lò" and in_sentence("Tỉnh Nghệ An") == "tỉnh Nghệ An"


def test_answers_and_requirements_as_printed():
    from criteria_app.domain.criteria import parse_criteria_set
    cs = parse_criteria_set(reference_data())
    from criteria_app.domain.answers import NA, Ratio
    assert answer_text(cs.item("TC01.1"), True) == "Có"
    assert answer_text(cs.item("TC01.1"), False) == "Không"
    assert answer_text(cs.item("TC02.7"), 3) == "3 máy"
    assert answer_text(cs.item("TC10.2"), Ratio(11, 12)) == "11/12 (91,7%)"
    assert answer_text(cs.item("TC08.2"), NA) == "Không phát sinh"
    assert answer_text(cs.item("TC01.1"), None) == ""
    assert requirement_text(cs.item("TC02.7")) == "Yêu cầu: từ 2 máy trở lên"
    assert requirement_text(cs.item("TC04.1")) == "Yêu cầu: từ 90% trở lên"
    assert requirement_text(cs.item("TC09.1")) == "Yêu cầu: 100%"
    assert requirement_text(cs.item("TC01.1")) == ""


def test_a_password_confirmation_is_printed_in_vietnam_time_and_never_as_a_digital_signature():
    s = Signature(position="TRƯỞNG ĐOÀN", name="Trần Quốc Bảo", signed_at=datetime(2023, 7, 18, 4, 50))
    assert s.signed_text == "Đã xác nhận trên hệ thống lúc 11:50 ngày 18/7/2023"


def test_a_trich_yeu_is_broken_into_balanced_lines_without_breaking_a_name():
    text = "Về việc công nhận phường Nghi Thu đạt chuẩn đơn vị điển hình, kiểu mẫu thực hiện Đề án 06 năm 2023"
    lines = fmt.balanced_lines(text, 14, 150, bold=True, keep=("phường Nghi Thu",))
    assert " ".join(lines) == text and len(lines) == 2
    assert all("phường Nghi Thu" in line or "Nghi Thu" not in line for line in lines)
    assert all(not line.endswith(("đơn", "Đề án")) for line in lines)
    widths = [fmt.text_width_mm(line, 14, bold=True) for line in lines]
    assert max(widths) <= 150 and min(widths) > 0.6 * max(widths)          # balanced, not one long, one short
    assert fmt.rule_mm(lines, 14) == round(0.4 * max(widths), 1)


@pytest.mark.parametrize("name", ["self_assessment", "inspection_minutes", "proposal", "decision", "refusal_letter"])
def test_content_is_frozen(rendered, name):
    import dataclasses
    content = rendered[name].content
    with pytest.raises(dataclasses.FrozenInstanceError):
        content.header = None


def test_the_proposal_keeps_the_summary_table_and_the_lists_at_the_countrys_scale(app_ctx):
    """3,321 units: every unit with signed minutes is in a list (proposed, or not with its reason); the
    summary table counts them per criterion; the per-unit detail is the spreadsheet's."""
    from criteria_app.reports.acts import proposal_document
    from criteria_app.services.criteria_sets import load_set
    from criteria_app.services.recognition import signed_inspections
    from criteria_app.services.synthetic import create_campaign
    from criteria_app.services.uow import transaction
    with transaction():
        record, _ = load_set(reference_data())
        campaign = create_campaign(3321, seed=6, criteria_set=record)
    report = proposal_document(campaign)
    assert report.header.issuer == ("BỘ CÔNG AN", "CÔNG AN TỈNH THỬ NGHIỆM 3321")
    assert 0 < report.recognised_count < len(report.units) <= len(signed_inspections(campaign))
    assert all(u.reason for u in report.not_proposed) and not any(u.reason for u in report.recognised_units)
    assert report.proposed_annex.label == "Phụ lục 1" and report.others_annex.label == "Phụ lục 2"
    counts = dict((c.code, n) for c, n in report.criterion_pass_counts())
    assert counts["TC01"] == sum(1 for u in report.units if u.criteria[0].passed)
    assert not report.show_unit_annexes
