"""Charts (SVG), formatting rules of Decree 30 documents, and the sample content."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from criteria_app.reports import charts
from criteria_app.reports import formatting as fmt
from criteria_app.reports.builders import answer_text, in_sentence, requirement_text
from criteria_app.reports.content import DocumentHeader, Signature
from tests.reports import samples

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
    assert all("ReportSerif" in t.get("font-family") for t in root.iter(f"{SVG}text"))
    assert "<script" not in svg and "href" not in svg and "http://" not in svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")


def test_criteria_pass_chart_has_one_labelled_bar_per_criterion():
    report = samples.example_recognition_report(7)
    counts = [(c.code, n) for c, n in report.criterion_pass_counts()]
    texts = _texts(charts.criteria_pass_chart(counts, 7))
    for code, n in counts:
        assert code in texts
    assert [t for t in texts if t in {str(n) for _, n in counts}]
    assert "Tổng số đơn vị: 7 (cột đậm: tất cả đơn vị đều đạt)" in texts


def test_recognition_charts_split_or_summarise_many_units():
    few = charts.recognition_charts(samples.example_recognition_report(7))
    assert [t for t, _ in few] == ["Biểu đồ 1. Điểm thẩm định của các đơn vị",
                                   "Biểu đồ 2. Số đơn vị đạt từng tiêu chí (kết quả thẩm định)"]
    province = charts.recognition_charts(samples.example_recognition_report(130))
    assert len(province) == 5 and province[0][0] == "Biểu đồ 1 (phần 1/4). Điểm thẩm định của các đơn vị"
    country = charts.recognition_charts(samples.example_recognition_report(500, show_unit_annexes=False))
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


def test_issuer_and_place_from_the_snapshotted_path():
    path = "Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An"
    assert fmt.issuer_lines(path) == ("UBND THỊ XÃ CỬA LÒ", "UBND PHƯỜNG NGHI THU")
    assert fmt.province_short_name(path) == "Nghệ An"
    assert fmt.issuer_lines("Phường Cửa Lò, Tỉnh Nghệ An") == ("UBND TỈNH NGHỆ AN", "UBND PHƯỜNG CỬA LÒ")
    assert fmt.province_short_name("Phường Ba Đình, Thành phố Hà Nội") == "Hà Nội"
    assert fmt.split_unit_path(path) == ("Phường Nghi Thu", "Thị xã Cửa Lò, Tỉnh Nghệ An")
    assert in_sentence("Thị xã Cửa Lò") == "thị xã Cửa Lò" and in_sentence("Tỉnh Nghệ An") == "tỉnh Nghệ An"


def test_answers_and_requirements_as_printed():
    cs = samples.reference_set()
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


def test_electronic_signature_is_printed_in_vietnam_time():
    s = Signature(position="TRƯỞNG ĐOÀN KIỂM TRA", name="Trần Quốc Bảo", signed_at=datetime(2023, 7, 18, 4, 50))
    assert s.signed_text == "Đã ký điện tử lúc 11:50 ngày 18/7/2023"


def test_samples_scale_to_a_province_and_the_country():
    province = samples.example_recognition_report(130, show_unit_annexes=False)
    assert len(province.units) == 130
    assert [u.unit_name for u in province.units[:7]] == list(samples.CUA_LO_WARDS)
    assert all(u.area.endswith("Tỉnh Nghệ An") for u in province.units)
    assert len({(u.unit_name, u.area) for u in province.units}) == 130
    country = samples.example_recognition_report(3321, show_unit_annexes=False)
    assert len(country.units) == 3321
    assert len({(u.unit_name, u.area) for u in country.units}) == 3321
    for u in country.units[:50]:
        assert u.inspection_total == sum((c.inspection_score for c in u.criteria), Decimal("0.00"))
        assert u.recognised == (u.inspection_total >= 90 and u.mandatory_passed)
    decision = samples.example_recognition_decision(130)
    assert len(decision.units) == province.recognised_count


def test_sample_minutes_agree_with_the_self_assessment():
    report = samples.example_self_assessment_report()
    minutes = samples.example_inspection_minutes()
    assert minutes.self_total == report.total
    assert [d.item_code for _, d in minutes.differences] == ["TC03.3", "TC06.1", "TC10.1", "TC13.2"]
    assert all(d.reason for _, d in minutes.differences)
    assert minutes.inspection_total == Decimal("94.71") and not minutes.mandatory_failed


@pytest.mark.parametrize("factory", [samples.example_self_assessment_report, samples.example_inspection_minutes,
                                     samples.example_recognition_report, samples.example_recognition_decision])
def test_content_is_frozen(factory):
    import dataclasses
    content = factory()
    with pytest.raises(dataclasses.FrozenInstanceError):
        content.header = None
