"""Every kind of document built from the records, as PDF: the layout of Decree 30/2020/NĐ-CP (A4, margins,
font and sizes, header in two columns, rules sized to their text, page numbers from page 2, annexes
numbered from 1, signature right, "Nơi nhận" bottom left, the shipped serif embedded) and what each kind
must say (signature block of its authority, căn cứ with dates, one number per decision, the minutes'
closing and roster, draft marks, place names, unit types in lower case in running text)."""
from __future__ import annotations

import re
import subprocess

import pytest
from PIL import Image

from .conftest import DRAFTS, FINAL, MM, ROOT, run, squash

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"
TOL = 1 * MM   # glyph boxes may overhang the layout box by a hair
EM = 1.107     # Liberation Serif: a word's box is (ascent + descent) = 1.107 × the font size


# ---------------------------------------------------------------------------------------------
# What each kind says
# ---------------------------------------------------------------------------------------------

# Lines that must come out of pdftotext exactly as written, on one line (names never broken).
EXACT_LINES = {
    "self_assessment": ["UBND THỊ XÃ CỬA LÒ", "ỦY BAN NHÂN DÂN", "PHƯỜNG THU THỦY", "Số: 25/BC-UBND",
                        "Thu Thủy, ngày 08 tháng 8 năm 2023", "BÁO CÁO", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
                        "Đặng Thị Thu", "Nơi nhận:"],
    "self_assessment_2025": ["ỦY BAN NHÂN DÂN", "PHƯỜNG CỬA LÒ", "Số: 31/BC-UBND",
                             "Cửa Lò, ngày 10 tháng 9 năm 2025"],
    "inspection_minutes": ["UBND TỈNH NGHỆ AN", "ĐOÀN KIỂM TRA", "Số: 24/BB-ĐKT", "Nghệ An, ngày 15 tháng 9 năm 2023",
                           "BIÊN BẢN", "THƯ KÝ", "TRƯỞNG ĐOÀN", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Thị Kiểm",
                           "Trần Đức Đoàn", "Đặng Thị Thu", "Nơi nhận:"],
    "minutes_failing": ["Số: 21/BB-ĐKT", "Nghệ An, ngày 12 tháng 9 năm 2023", "Nguyễn Văn Sơn"],
    "proposal": ["BỘ CÔNG AN", "CÔNG AN TỈNH NGHỆ AN", "Số: 245/TTr-CAT-PC06", "Nghệ An, ngày 20 tháng 11 năm 2023",
                 "TỜ TRÌNH", "Kính gửi: Ủy ban nhân dân tỉnh Nghệ An.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Hồ Văn Thành",
                 "Nơi nhận:", "Phụ lục 1", "Phụ lục 2"],
    "decision": ["ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", "Số: 3125/QĐ-UBND", "Nghệ An, ngày 15 tháng 12 năm 2023",
                 "QUYẾT ĐỊNH", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", "QUYẾT ĐỊNH:", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                 "Nguyễn Văn Tỉnh", "Nơi nhận:"],
    "decision_collective": ["Số: 2876/QĐ-UBND", "Nghệ An, ngày 05 tháng 11 năm 2025", "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN",
                            "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Phụ lục"],
    "revocation": ["Số: 655/QĐ-UBND", "Nghệ An, ngày 10 tháng 3 năm 2026", "TM. ỦY BAN NHÂN DÂN"],
    "refusal_letter": ["Số: 4120/UBND-NC", "Nghệ An, ngày 18 tháng 12 năm 2023", "TM. ỦY BAN NHÂN DÂN",
                       "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Tỉnh"],
}

# Phrases that may wrap across lines (compared with whitespace collapsed).
PHRASES = {
    "self_assessment": ["Căn cứ Kế hoạch số 78/KH-UBND ngày 28 tháng 01 năm 2022 của Ủy ban nhân dân (UBND) tỉnh",
                        "Đơn vị: phường Thu Thủy, thị xã Cửa Lò, tỉnh Nghệ An.",
                        "điều kiện công nhận: đạt từ 90,00 điểm trở lên và đạt tất cả các tiêu chí bắt buộc "
                        "(TC02, TC08, TC09, TC10)", "- UBND tỉnh Nghệ An (qua Công an tỉnh);", "- Lưu: VT."],
    "inspection_minutes": [
        "Căn cứ Quyết định số 1912/QĐ-UBND ngày 10 tháng 7 năm 2023 của Chủ tịch Ủy ban nhân dân (UBND) tỉnh về "
        "việc thành lập Đoàn kiểm tra số 1;",
        "Căn cứ Kế hoạch số 78/KH-UBND ngày 28 tháng 01 năm 2022 của UBND tỉnh",
        "Hôm nay, vào hồi 08 giờ 30 phút, ngày 15 tháng 9 năm 2023, tại Bộ phận Một cửa, UBND phường Thu Thủy",
        "tại phường Thu Thủy, thị xã Cửa Lò, tỉnh Nghệ An",
        "- Ông Trần Đức Đoàn, Phó Giám đốc Công an tỉnh – Trưởng đoàn;",
        "- Bà Lê Thị Kiểm, Cán bộ Công an tỉnh – Thư ký;", "- Ông Phạm Văn Tra, Cán bộ Sở Nội vụ – Thành viên;",
        "- Bà Đặng Thị Thu, Chủ tịch UBND phường Thu Thủy;", "IV. KIẾN NGHỊ", "V. KẾT LUẬN",
        "Biên bản kết thúc vào hồi 11 giờ 15 phút cùng ngày, được lập thành 03 bản có giá trị pháp lý như nhau, "
        "đã đọc lại cho các thành viên tham dự cùng nghe và thống nhất ký tên.",
        "(Đã xác nhận trên hệ thống lúc 11:20 ngày 15/9/2023)", "(Đã xác nhận trên hệ thống lúc 11:25 ngày 15/9/2023)",
        "Đơn vị đủ điều kiện đề nghị công nhận"],
    "minutes_failing": [
        "Theo kết quả kiểm tra, phường Nghi Hải đạt 89,33/100,00 điểm, đạt 9/13 tiêu chí. Điều kiện công nhận: đạt từ "
        "90,00 điểm trở lên và đạt tất cả các tiêu chí bắt buộc (TC02, TC08, TC09, TC10). Đơn vị chưa đủ điều kiện đề "
        "nghị công nhận: tổng điểm 89,33 dưới mức 90,00 điểm; tiêu chí bắt buộc không đạt: TC02, TC09, TC10.",
        "Khu vực tiếp nhận chỉ có 01 máy điều hòa hoạt động", "Thay máy điều hòa khu vực tiếp nhận"],
    "proposal": ["Căn cứ Quyết định số 06/QĐ-TTg ngày 06 tháng 01 năm 2022 của Thủ tướng Chính phủ",
                 "I. QUÁ TRÌNH TỔ CHỨC THỰC HIỆN", "II. ĐIỀU KIỆN CÔNG NHẬN", "III. KẾT QUẢ THẨM ĐỊNH",
                 "IV. ĐỀ NGHỊ", "Đoàn kiểm tra số 1 (thành lập theo Quyết định số 1912/QĐ-UBND ngày 10/7/2023)",
                 "Công an tỉnh kính đề nghị Ủy ban nhân dân tỉnh Nghệ An xem xét, công nhận 02 xã, phường có tên tại "
                 "Phụ lục 1", "Kính trình Ủy ban nhân dân tỉnh Nghệ An xem xét, quyết định./.",
                 "DANH SÁCH XÃ, PHƯỜNG ĐỀ NGHỊ CÔNG NHẬN ĐẠT CHUẨN",
                 "(Kèm theo Tờ trình số 245/TTr-CAT-PC06 ngày 20/11/2023 của Công an tỉnh Nghệ An)",
                 "Tổng điểm 89,33 dưới mức 90,00 điểm; Tiêu chí bắt buộc không đạt: TC02, TC09, TC10",
                 "- Giám đốc Công an tỉnh (để b/c);", "- Lưu: VT, PC06."],
    "decision": ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
                 "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa "
                 "phương ngày 22 tháng 11 năm 2019;",
                 "Căn cứ Quyết định số 06/QĐ-TTg ngày 06 tháng 01 năm 2022 của Thủ tướng Chính phủ phê duyệt Đề án "
                 "phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc "
                 "gia giai đoạn 2022 - 2025, tầm nhìn đến năm 2030;",
                 "Căn cứ Kế hoạch số 78/KH-UBND ngày 28 tháng 01 năm 2022 của Ủy ban nhân dân (UBND) tỉnh",
                 "Căn cứ Quyết định số 1876/QĐ-UBND ngày 30 tháng 6 năm 2023 của Chủ tịch UBND tỉnh ban hành "
                 "Bộ tiêu chí",
                 "Theo đề nghị của Giám đốc Công an tỉnh tại Tờ trình số 245/TTr-CAT-PC06 ngày 20/11/2023.",
                 "Điều 1. Công nhận phường Thu Thủy, thị xã Cửa Lò, tỉnh Nghệ An đạt chuẩn đơn vị điển hình, kiểu mẫu "
                 "thực hiện Đề án 06 năm 2023",
                 "Kết quả công nhận có giá trị từ ngày 15/12/2023 đến hết ngày 14/12/2024.",
                 "Chủ tịch UBND thị xã Cửa Lò và Chủ tịch UBND phường Thu Thủy chịu trách nhiệm thi hành Quyết định "
                 "này./.", "- Như Điều 3;", "- Lưu: VT, NC."],
    "decision_collective": ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
                            "Theo đề nghị của Giám đốc Công an tỉnh tại Tờ trình số 512/TTr-CAT-PC06 ngày 20/10/2025.",
                            "Điều 1. Công nhận 02 xã, phường có tên tại Phụ lục kèm theo Quyết định này",
                            "Chủ tịch UBND các xã, phường có tên tại Điều 1 chịu trách nhiệm",
                            "(Kèm theo Quyết định số 2876/QĐ-UBND ngày 05/11/2025 của UBND tỉnh Nghệ An)",
                            "Danh sách có 2 đơn vị./."],
    "revocation": ["Căn cứ Quyết định số 2876/QĐ-UBND ngày 05/11/2025 của UBND tỉnh Nghệ An về việc công nhận",
                   "Điều 1. Thu hồi kết quả công nhận phường Vinh Hưng, tỉnh Nghệ An đạt chuẩn đơn vị điển hình, kiểu "
                   "mẫu thực hiện Đề án 06 năm 2025 tại Quyết định số 2876/QĐ-UBND ngày 05/11/2025",
                   "Lý do thu hồi: Sau khi hợp nhất Bộ phận Một cửa"],
    "refusal_letter": ["V/v không công nhận phường Nghi Thủy đạt chuẩn đơn vị điển hình, kiểu mẫu thực hiện Đề án 06 "
                       "năm 2023", "Kính gửi: - Ủy ban nhân dân phường Nghi Thủy; - Công an tỉnh Nghệ An.",
                       "Biên bản kiểm tra số 26/BB-ĐKT ngày 19/9/2023 của Đoàn kiểm tra, Ủy ban nhân dân (UBND) tỉnh",
                       "Phường Nghi Thủy, thị xã Cửa Lò, tỉnh Nghệ An chưa đủ điều kiện công nhận",
                       "Lý do: Kết quả kiểm tra thực tế đạt 87,31 điểm",
                       "Kết quả kiểm tra của đơn vị: 87,31/100,00 điểm; tổng điểm 87,31 dưới mức 90,00 điểm.",
                       "- UBND thị xã Cửa Lò;", "- Lưu: VT, NC."],
}

ALL = FINAL + DRAFTS


@pytest.mark.parametrize("name", FINAL)
def test_exact_lines(rendered, name):
    lines = rendered[name].lines()
    for expected in EXACT_LINES[name]:
        assert expected in lines, (expected, [line for line in lines if expected[:6] in line][:5])


@pytest.mark.parametrize("name", [n for n in FINAL if n in PHRASES])
def test_phrases(rendered, name):
    plain = squash(rendered[name].text())
    for phrase in PHRASES[name]:
        assert phrase in plain, phrase


@pytest.mark.parametrize("name", ALL)
def test_the_motto_extracts_exactly(rendered, name):
    document = rendered[name]
    lines = document.lines()
    assert MOTTO in lines and SLOGAN in lines
    first_page = document.text(layout=True, first=1, last=1)
    assert MOTTO in first_page and SLOGAN in first_page


def test_a_decision_of_the_chairman_is_signed_for_him_and_one_of_the_committee_on_its_behalf(rendered):
    individual = rendered["decision"].lines()
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NGHỆ AN" in individual
    assert not any(line.startswith("TM.") for line in individual)          # TM. only for a collective body
    at = individual.index("KT. CHỦ TỊCH")
    assert individual[at + 1] == "PHÓ CHỦ TỊCH"
    collective = rendered["decision_collective"].lines()
    assert "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN" in collective and "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NGHỆ AN" not in collective
    at = collective.index("TM. ỦY BAN NHÂN DÂN")
    assert collective[at + 1: at + 3] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_one_number_per_decision_listing_exactly_its_units(rendered):
    decision = squash(rendered["decision"].text())
    assert decision.count("Số: ") == 1 and "3125/QĐ-UBND" in decision
    assert "2876" not in decision and "Nghi Tân" not in decision       # proposed in the same tờ trình, not decided
    collective = squash(rendered["decision_collective"].text())
    assert "Phường Cửa Lò" in collective and "Phường Vinh Hưng" in collective and "Thu Thủy" not in collective
    assert "3125" not in collective


def test_district_chairs_only_where_a_district_existed_on_the_decision_date(rendered):
    assert "Chủ tịch UBND thị xã Cửa Lò" in squash(rendered["decision"].text())          # 2023: thị xã Cửa Lò
    assert "thị xã" not in squash(rendered["decision_collective"].text())                 # 2025: two levels


def test_the_proposal_lists_only_units_meeting_the_rule_and_the_others_with_their_reason(rendered):
    proposal = rendered["proposal"]
    annex_one, annex_two = (squash(proposal.text(first=n, last=n)) for n in (proposal.page_count - 1,
                                                                            proposal.page_count))
    assert "Phường Nghi Tân" in annex_one and "Phường Thu Thủy" in annex_one
    assert "Nghi Hải" not in annex_one and "Nghi Thủy" not in annex_one
    assert "Phường Nghi Hải" in annex_two and "Tiêu chí bắt buộc không đạt: TC02, TC09, TC10" in annex_two
    text = squash(proposal.text())
    for unsigned in ("Nghi Thu", "Nghi Hương", "Nghi Hòa"):          # no signed minutes: not in a tờ trình
        assert f"Phường {unsigned} " not in text and not text.endswith(f"Phường {unsigned}")


def test_the_minutes_never_say_digital_signature_and_list_the_roster_with_its_roles(rendered):
    for name in ("inspection_minutes", "minutes_failing", "minutes_open_round"):
        assert "ký điện tử" not in squash(rendered[name].text())
    roster = rendered["inspection_minutes"].content.team_members
    assert [(p.name, p.role) for p in roster] == [("Ông Trần Đức Đoàn", "Trưởng đoàn"), ("Bà Lê Thị Kiểm", "Thư ký"),
                                                  ("Ông Phạm Văn Tra", "Thành viên")]


def test_drafts_print_du_thao_and_no_number(rendered):
    for name in DRAFTS:
        document = rendered[name]
        assert "DỰ THẢO" in document.lines(), name
        first_page = document.text(layout=True, first=1, last=1)
        assert re.search(r"Số:\s+/[A-ZĐ]", first_page) and not re.search(r"Số:\s*\d", first_page), name
        assert re.search(r", ngày\s+tháng\s+năm \d{4}", document.text()), name
    for name in FINAL:
        assert "DỰ THẢO" not in rendered[name].text(), name


def test_the_draft_decision_of_a_tờ_trình_lists_the_units_still_awaiting_it(rendered):
    text = squash(rendered["decision_draft"].text())
    assert "Công nhận phường Nghi Tân, thị xã Cửa Lò, tỉnh Nghệ An đạt chuẩn" in text and "Thu Thủy" not in text
    assert "Theo đề nghị của Giám đốc Công an tỉnh tại Tờ trình số 245/TTr-CAT-PC06 ngày 20/11/2023." in text


def test_an_open_round_is_numbered_and_never_prints_unscored_criteria_as_final(rendered):
    text = squash(rendered["minutes_open_round"].text())
    assert "Kiểm tra thực tế lần 2" in text
    assert "Chưa chấm" not in text and "0,00 Đang chấm" not in text
    assert "Đoàn kiểm tra chưa chốt kết quả chấm điểm" in text


def test_place_names_of_the_issuer(rendered):
    assert "Thu Thủy, ngày 08 tháng 8 năm 2023" in rendered["self_assessment"].lines()
    assert "Cửa Lò, ngày 10 tháng 9 năm 2025" in rendered["self_assessment_2025"].lines()
    for name in ("proposal", "decision", "refusal_letter", "inspection_minutes"):
        assert any(line.startswith("Nghệ An, ngày ") for line in rendered[name].lines()), name


UNIT_TYPE = r"(?:Phường|Xã|Thị xã|Thị trấn|Huyện|Quận|Tỉnh|Thành phố|Đặc khu) [A-ZĐ0-9]"


@pytest.mark.parametrize("name", ALL)
def test_no_unit_type_capitals_in_running_text(rendered, name):
    """'phường Nghi Thu, thị xã Cửa Lò, tỉnh Nghệ An' in a sentence; a capital only where a sentence, a table
    cell or a list entry starts."""
    text = squash(rendered[name].text())
    after_comma = re.findall(r", " + UNIT_TYPE, text)
    after_word = re.findall(r"\b(?:tại|của|thuộc|cho|với|và|đối với|công nhận|Đơn vị:) " + UNIT_TYPE, text)
    assert after_comma == [] and after_word == [], (after_comma, after_word)


@pytest.mark.parametrize("name", FINAL)
def test_the_committee_is_spelled_out_at_its_first_use(rendered, name):
    """The first 'UBND' of the body (after the title; document symbols such as QĐ-UBND are not uses) is
    'Ủy ban nhân dân (UBND)'."""
    text = squash(rendered[name].text())
    title = rendered[name].content.header.title or "Kính gửi"
    body = text[text.index(title) + len(title):]
    match = re.search(r"(?<![\w/-])UBND(?![\w-])", body)
    if match:
        assert body[:match.start()].endswith("Ủy ban nhân dân ("), body[max(0, match.start() - 80):match.end()]


def test_text_is_never_transformed_by_css():
    for template in (ROOT / "templates" / "reports").glob("*.html"):
        source = template.read_text(encoding="utf-8")
        assert re.search(r"text-transform\s*:", source) is None, template.name
        assert re.search(r"letter-spacing:(?!\s*normal)", source) is None, template.name


# ---------------------------------------------------------------------------------------------
# Layout, from word boxes and from the page images
# ---------------------------------------------------------------------------------------------

def test_pages_are_a4_portrait(document):
    sizes = document.page_sizes()
    assert len(sizes) == document.page_count
    for width, height in sizes:
        assert width == pytest.approx(595.28, abs=0.5)
        assert height == pytest.approx(841.89, abs=0.5)


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def test_words_stay_inside_the_decree_30_margins_and_page_numbers_start_on_page_two(document):
    for page in document.pages():
        own = document.own_number(page.number)    # an annex counts from 1
        left, right = 30 * MM - TOL, page.width - 15 * MM + TOL
        top, bottom = 20 * MM - TOL, page.height - 20 * MM + TOL
        in_top_margin = [w for w in page.words if w.y0 < top]
        if own == 1:
            assert in_top_margin == [], (page.number, in_top_margin)
        else:
            # Only the page number lives in the top margin, 13 pt, centred over the text block.
            assert [w.text for w in in_top_margin] == [str(own)], page.number
            number = in_top_margin[0]
            centre = 30 * MM + (page.width - 45 * MM) / 2
            assert abs((number.x0 + number.x1) / 2 - centre) < 2 * MM
            assert number.y1 < 20 * MM
            assert (number.y1 - number.y0) / EM == pytest.approx(13, abs=0.3)
        for w in page.words:
            if w in in_top_margin:
                continue
            assert w.x0 >= left, (page.number, w)
            assert w.x1 <= right, (page.number, w)
            assert w.y1 <= bottom, (page.number, w)


def test_annexes_number_their_own_pages_from_one(rendered, story_app, tmp_path):
    """The tờ trình of a 400-unit campaign: its annexes run over several pages, each numbered from 1."""
    from criteria_app.extensions import db
    from criteria_app.models import CriteriaSetRecord
    from criteria_app.reports import pdf
    from criteria_app.reports.acts import proposal_document
    from criteria_app.services.synthetic import create_campaign
    from criteria_app.services.uow import transaction
    with story_app.app_context():
        with transaction():
            campaign = create_campaign(400, seed=9, criteria_set=db.session.execute(
                db.select(CriteriaSetRecord)).scalars().first())
        content = proposal_document(campaign)
    path = tmp_path / "big.pdf"
    path.write_bytes(pdf.render_document(content))
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(path))).group(1))
    starts = [1]
    for n in range(2, pages + 1):
        first = _first_line(run("pdftotext", "-f", str(n), "-l", str(n), str(path), "-"))
        if first.startswith("Phụ lục"):
            starts.append(n)                                  # an annex's first page carries no number
        else:
            assert first == str(n - starts[-1] + 1), (n, first)
    lengths = [b - a for a, b in zip(starts, starts[1:] + [pages + 1])]
    assert len(starts) == 3 and max(lengths[1:]) >= 2          # an annex ran over several pages


def test_only_the_shipped_serif_font_is_embedded(document):
    listing = run("pdffonts", str(document.path)).splitlines()[2:]
    assert listing
    for row in listing:
        name, *_rest = row.split()
        assert name.split("+")[-1].startswith("Liberation-Serif"), row    # the font's own name
        assert " yes " in row, row   # embedded (subset)
    font_file = ROOT / "criteria_app" / "static" / "fonts" / "LiberationSerif-Regular.ttf"
    assert font_file.is_file()


def _find(page, *texts: str):
    """The first run of consecutive words equal to ``texts`` on the page."""
    words = page.words
    for i in range(len(words) - len(texts) + 1):
        if all(words[i + k].text == t for k, t in enumerate(texts)):
            return words[i:i + len(texts)]
    raise AssertionError(f"{' '.join(texts)!r} not on page {page.number}")


def _find_last(page, *texts: str):
    words = page.words
    for i in range(len(words) - len(texts), -1, -1):
        if all(words[i + k].text == t for k, t in enumerate(texts)):
            return words[i:i + len(texts)]
    raise AssertionError(f"{' '.join(texts)!r} not on page {page.number}")


def _content_centre(page) -> float:
    return 30 * MM + (page.width - 45 * MM) / 2


def _size(words) -> float:
    return max(w.y1 - w.y0 for w in words) / EM


def test_header_two_columns_sizes_and_the_title_centred(document):
    page = document.pages()[0]
    header = document.content.header
    motto = _find(page, "CỘNG", "HÒA")
    body_first = _find(page, *header.body_lines_text[0].split())
    assert abs(body_first[0].y0 - motto[0].y0) < 3 + 16 * bool(header.superior_lines)   # same top rows
    assert body_first[-1].x1 < motto[0].x0                                            # left column
    slogan = _find(page, "Độc", "lập")
    assert _size(motto) == pytest.approx(12, abs=0.3) and _size(slogan) == pytest.approx(13, abs=0.3)
    assert _size(body_first) == pytest.approx(12, abs=0.3)
    for line in header.superior_lines:
        assert _size(_find(page, *line.split())) == pytest.approx(12, abs=0.3)
    number = next(w for w in page.words if w.text == "Số:")
    place = _find(page, *header.date_line.split()[:2])
    assert number.x1 < motto[0].x0 and abs(number.y0 - place[0].y0) < 3   # number | place and date
    assert place[0].x0 > motto[0].x0 - 40
    assert _size([number]) == pytest.approx(13, abs=0.3)
    if header.title:
        title = _find(page, *header.title.split())
        assert abs((title[0].x0 + title[-1].x1) / 2 - _content_centre(page)) < 3
        assert title[0].y0 > place[0].y1 and _size(title) == pytest.approx(14, abs=0.3)


def _rules(image: Image.Image, min_px: int) -> list[tuple[int, int, int]]:
    """Thin horizontal black lines: (y, x0, x1) of every run of at least min_px dark pixels whose rows
    two pixels above and below are light along it (text is never that long and thin)."""
    width, height = image.size
    px = image.load()
    found = []
    for y in range(2, height - 2):
        x = 0
        while x < width:
            if px[x, y] < 110:
                start = x
                while x < width and px[x, y] < 110:
                    x += 1
                if x - start >= min_px:
                    above = sum(px[i, y - 2] < 110 for i in range(start, x))
                    below = sum(px[i, y + 2] < 110 for i in range(start, x))
                    if above < (x - start) * 0.2 and below < (x - start) * 0.2:
                        if not any(abs(fy - y) <= 2 and abs(fx - start) < 3 for fy, fx, _ in found):
                            found.append((y, start, x))
            x += 1
    return found


def test_rules_are_sized_to_their_text(document, tmp_path):
    """Under the issuing body and under the trích yếu: 1/3 to 1/2 of the line above; under the slogan: the
    slogan's length (Decree 30)."""
    dpi = 150
    scale = dpi / 72
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-f", "1", "-l", "1", "-png", str(document.path),
                    str(tmp_path / "p")], check=True)
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    page = document.pages()[0]
    rules = _rules(image, int(8 * MM * scale))
    header = document.content.header

    def rule_under(words):
        bottom = max(w.y1 for w in words) * scale
        centre = (words[0].x0 + words[-1].x1) / 2 * scale
        below = [r for r in rules if 0 < r[0] - bottom < 12 * scale and abs((r[1] + r[2]) / 2 - centre) < 6 * scale]
        assert below, (words, rules)
        y, x0, x1 = min(below)
        return (x1 - x0) / scale

    body_words = [_find(page, *line.split()) for line in header.body_lines_text]
    widest = max(ws[-1].x1 - ws[0].x0 for ws in body_words)
    assert 1 / 3 <= rule_under(body_words[-1]) / widest <= 1 / 2
    slogan = _find(page, *SLOGAN.split())
    assert rule_under(slogan) / (slogan[-1].x1 - slogan[0].x0) == pytest.approx(1, abs=0.06)
    if header.title and header.subtitle:
        lines = [_find(page, *line.split()) for line in header.subtitle_lines]
        widest = max(ws[-1].x1 - ws[0].x0 for ws in lines)
        assert 1 / 3 <= rule_under(lines[-1]) / widest <= 1 / 2


def _last_body_page(document):
    """The page with the signature: the last page before the annexes."""
    return document.pages()[document.body_pages - 1]


@pytest.mark.parametrize("name", ["self_assessment", "proposal", "decision", "decision_collective", "refusal_letter"])
def test_signature_right_and_recipients_bottom_left(rendered, name):
    document = rendered[name]
    page = _last_body_page(document)
    signature = document.content.footer.signatures[0]
    surname = signature.name.split()[0]
    signer = [w for w in page.words if w.text == surname][-1]
    assert signer.x0 > _content_centre(page)
    assert _size([signer]) == pytest.approx(14, abs=0.3)
    recipients = _find(page, "Nơi", "nhận:")[0]
    assert recipients.x0 < 30 * MM + 1 * MM and _size([recipients]) == pytest.approx(12, abs=0.3)
    first_authority = (signature.authority or (signature.position,))[0].split()[0]
    authority = [w for w in page.words if w.text == first_authority and w.x0 > _content_centre(page) - 30][-1]
    assert abs(authority.y0 - recipients.y0) < 4         # side by side, same top
    assert signer.y0 > authority.y0 + 20 * MM            # room for the signature and seal


def test_minutes_have_the_secretary_and_the_lead_side_by_side_and_the_ward_below(rendered):
    document = rendered["inspection_minutes"]
    page = _last_body_page(document)
    secretary = _find_last(page, "Lê", "Thị", "Kiểm")
    lead = _find_last(page, "Trần", "Đức", "Đoàn")
    ward = _find_last(page, "Đặng", "Thị", "Thu")
    assert secretary[-1].x1 < _content_centre(page) < lead[0].x0
    assert abs(secretary[0].y0 - lead[0].y0) < 1                # names aligned
    assert ward[0].y0 > lead[0].y0 + 10 * MM
    assert abs((ward[0].x0 + ward[-1].x1) / 2 - _content_centre(page)) < 3
