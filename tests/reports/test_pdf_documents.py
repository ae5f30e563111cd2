"""The four documents as PDFs: exact Vietnamese text, A4, Decree 30 margins, page numbers from
page 2, header in two columns, title centred, signatures right, "Nơi nhận" bottom left."""
from __future__ import annotations

import re

import pytest

from tests.reports import samples

from .conftest import MM, ROOT, run, squash

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"
TOL = 1 * MM   # glyph boxes may overhang the layout box by a hair

# Lines that must come out of pdftotext exactly as written, on one line.
EXACT_LINES = {
    "self_assessment": ["UBND THỊ XÃ CỬA LÒ", "UBND PHƯỜNG NGHI THU", "Số: 15/BC-UBND",
                        "Nghệ An, ngày 10 tháng 7 năm 2023", "BÁO CÁO", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
                        "Hoàng Văn Minh", "Nơi nhận:"],
    "inspection_minutes": ["UBND TỈNH NGHỆ AN", "ĐOÀN KIỂM TRA", "Số: 12/BB-ĐKT",
                           "Nghệ An, ngày 18 tháng 7 năm 2023", "BIÊN BẢN", "TRƯỞNG ĐOÀN KIỂM TRA",
                           "TM. UBND PHƯỜNG NGHI THU", "(Đã ký điện tử lúc 11:50 ngày 18/7/2023)",
                           "(Đã ký điện tử lúc 11:52 ngày 18/7/2023)", "Trần Quốc Bảo", "Hoàng Văn Minh"],
    "recognition_report": ["BỘ CÔNG AN", "CÔNG AN TỈNH NGHỆ AN", "Số: 245/BC-CAT-PC06",
                           "Nghệ An, ngày 21 tháng 7 năm 2023", "BÁO CÁO", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC",
                           "Nơi nhận:", "Phụ lục 1", "Phụ lục 7", "KẾT QUẢ THẨM ĐỊNH PHƯỜNG NGHI THU",
                           "Ngưỡng 90 điểm"],
    "recognition_decision": ["UBND TỈNH NGHỆ AN", "Số: 2156/QĐ-UBND", "Nghệ An, ngày 24 tháng 7 năm 2023",
                             "QUYẾT ĐỊNH", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", "QUYẾT ĐỊNH:",
                             "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Minh Đức", "Nơi nhận:", "Phụ lục"],
}

# Phrases that may wrap across lines (compared with whitespace collapsed).
PHRASES = {
    "self_assessment": ["Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An", "Đề án 06", "11/12 (91,7%)",
                        "1.085/1.142 (95,0%)", "Không phát sinh", "Cộng tiêu chí TC01", "2 máy", "6 mô hình",
                        "Giải trình: Trong kỳ không phát sinh phiếu thu thập thông tin dân cư sai sót.",
                        "Ảnh 02 máy điều hòa.jpg", "Tổng cộng (12/13 tiêu chí đạt)",
                        "Phường Nghi Thu tự đánh giá đạt 99,19/100,00 điểm, đạt 12/13 tiêu chí",
                        "UBND thị xã Cửa Lò;", "Yêu cầu: từ 2 máy trở lên", "Yêu cầu: từ 90% trở lên"],
    "inspection_minutes": ["Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An", "Đề án 06",
                           "Vào hồi 08 giờ 30 phút, ngày 18 tháng 7 năm 2023",
                           "Ông Trần Quốc Bảo, Phó Giám đốc Công an tỉnh – Trưởng đoàn",
                           "1.085/1.142 (95,0%)", "1.031/1.142 (90,3%)", "14 đợt", "10 đợt", "4,00 → 0,00",
                           "28 hồ sơ thanh toán qua chuyển khoản tại quầy, không qua Cổng Dịch vụ công.",
                           "III. NHẬN XÉT", "IV. KIẾN NGHỊ", "V. KẾT LUẬN",
                           "đủ điều kiện đề nghị công nhận đơn vị điển hình, kiểu mẫu thực hiện Đề án 06"],
    "recognition_report": [*samples.CUA_LO_WARDS, "Thị xã Cửa Lò, Tỉnh Nghệ An", "Đề án 06",
                           "Biểu đồ 1. Điểm thẩm định của các đơn vị",
                           "Biểu đồ 2. Số đơn vị đạt từng tiêu chí (kết quả thẩm định)",
                           "Kết quả: 6/7 đơn vị đạt đủ điều kiện",
                           "(Kèm theo Báo cáo số 245/BC-CAT-PC06 ngày 21/7/2023 của Công an tỉnh Nghệ An)"],
    "recognition_decision": [*(w for w in samples.CUA_LO_WARDS if w != "Phường Nghi Thủy"),
                             "Thị xã Cửa Lò, Tỉnh Nghệ An", "Đề án 06",
                             "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
                             "Điều 1. Công nhận 6 xã, phường có tên tại Phụ lục kèm theo Quyết định này",
                             "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", "Điều 3.",
                             "chịu trách nhiệm thi hành Quyết định này./.",
                             "DANH SÁCH ĐƠN VỊ ĐƯỢC CÔNG NHẬN ĐẠT CHUẨN ĐƠN VỊ ĐIỂN HÌNH, KIỂU MẪU",
                             "(Kèm theo Quyết định số 2156/QĐ-UBND ngày 24/7/2023 của Chủ tịch UBND tỉnh Nghệ An)",
                             "Danh sách có 6 đơn vị./."],
}

WITH_CRITERIA = ("self_assessment", "inspection_minutes", "recognition_report")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


def test_header_motto_extracts_exactly_in_plain_and_layout_modes(document):
    plain, layout = document.text(), document.text(layout=True)
    assert MOTTO in _lines(plain)
    assert SLOGAN in _lines(plain)
    assert MOTTO in layout and SLOGAN in layout
    first_page = document.text(layout=True, first=1, last=1)
    assert MOTTO in first_page and SLOGAN in first_page


def test_exact_lines(document):
    lines = _lines(document.text())
    for expected in EXACT_LINES[document.name]:
        assert expected in lines, (expected, [line for line in lines if expected[:6] in line][:5])


def test_phrases_with_diacritics(document):
    plain = squash(document.text())
    layout = document.text(layout=True)
    for phrase in PHRASES[document.name]:
        assert phrase in plain, phrase
    for short in ("Cửa Lò", "Nghi Thu", "Đề án"):
        assert short in layout


def test_unit_name_and_path_survive_layout_mode(rendered):
    for name in ("self_assessment", "inspection_minutes"):
        assert "Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An" in squash(rendered[name].text(layout=True))


@pytest.mark.parametrize("name", WITH_CRITERIA)
def test_every_criterion_title_is_printed(rendered, name):
    plain = squash(rendered[name].text())
    for criterion in samples.reference_set().criteria:
        assert criterion.title in plain, criterion.title


def test_text_is_never_transformed_by_css():
    for template in (ROOT / "templates" / "reports").glob("*.html"):
        source = template.read_text(encoding="utf-8")
        assert re.search(r"text-transform\s*:", source) is None, template.name
        assert re.search(r"letter-spacing:(?!\s*normal)", source) is None, template.name


def test_pages_are_a4_portrait(document):
    sizes = document.page_sizes()
    assert len(sizes) == document.page_count
    for width, height in sizes:
        assert width == pytest.approx(595.28, abs=0.5)
        assert height == pytest.approx(841.89, abs=0.5)


def test_every_document_has_several_pages(document):
    assert document.page_count >= 2


def test_words_stay_inside_the_decree_30_margins(document):
    for page in document.pages():
        left, right = 30 * MM - TOL, page.width - 15 * MM + TOL
        top, bottom = 20 * MM - TOL, page.height - 20 * MM + TOL
        in_top_margin = [w for w in page.words if w.y0 < top]
        if page.number == 1:
            assert in_top_margin == []
        else:
            # Only the page number lives in the top margin, centred over the text block.
            assert [w.text for w in in_top_margin] == [str(page.number)]
            number = in_top_margin[0]
            centre = 30 * MM + (page.width - 45 * MM) / 2
            assert abs((number.x0 + number.x1) / 2 - centre) < 2 * MM
            assert number.y1 < 20 * MM
        for w in page.words:
            if w in in_top_margin:
                continue
            assert w.x0 >= left, (page.number, w)
            assert w.x1 <= right, (page.number, w)
            assert w.y1 <= bottom, (page.number, w)


def test_text_block_uses_the_full_width_between_margins(rendered):
    # Justified paragraphs touch both margins: the margins are 30 mm and 15 mm, not more.
    page = rendered["self_assessment"].pages()[0]
    assert min(w.x0 for w in page.words) < 30 * MM + 1 * MM
    assert max(w.x1 for w in page.words) > page.width - 15 * MM - 1 * MM


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def test_page_numbers_start_on_page_two(document):
    assert _first_line(document.text(first=1, last=1)) != "1"
    assert _first_line(document.text(first=2, last=2)) == "2"
    for n in range(2, document.page_count + 1):
        assert _first_line(document.text(first=n, last=n)) == str(n)


def test_only_the_shipped_serif_font_is_embedded(document):
    listing = run("pdffonts", str(document.path)).splitlines()[2:]
    assert listing
    for row in listing:
        name, *_rest = row.split()
        assert name.split("+")[-1].startswith("ReportSerif"), row
        assert " yes " in row, row   # embedded (subset)


# ---------------------------------------------------------------------------------------------
# Layout, from word boxes
# ---------------------------------------------------------------------------------------------

def _find(page, *texts: str):
    """The first run of consecutive words equal to ``texts`` on the page."""
    words = page.words
    for i in range(len(words) - len(texts) + 1):
        if all(words[i + k].text == t for k, t in enumerate(texts)):
            return words[i:i + len(texts)]
    raise AssertionError(f"{' '.join(texts)!r} not on page {page.number}")


def _content_centre(page) -> float:
    return 30 * MM + (page.width - 45 * MM) / 2


def test_header_is_two_columns_with_the_title_centred(document):
    page = document.pages()[0]
    motto = _find(page, "CỘNG", "HÒA")
    issuer_top = min(page.words, key=lambda w: (round(w.y0), w.x0))
    assert issuer_top.x0 < motto[0].x0
    assert abs(issuer_top.y0 - motto[0].y0) < 3          # same top line
    assert motto[0].x0 > _content_centre(page) - 60      # right column (62% of the width)
    slogan = _find(page, "Độc", "lập")
    date = next(w for w in page.words if w.text == "Nghệ" and w.y0 > slogan[0].y0)
    assert date.x0 > _content_centre(page) - 60          # place and date under the motto
    number = next(w for w in page.words if w.text == "Số:")
    assert number.x1 < motto[0].x0 and abs(number.y0 - date.y0) < 3   # number under the issuer
    title_text = document.content.header.title.split()
    title = _find(page, *title_text)
    assert abs((title[0].x0 + title[-1].x1) / 2 - _content_centre(page)) < 3
    assert title[0].y0 > date.y1


def _last_body_page(document):
    """The page with the signature: the last page before the annexes."""
    for page in document.pages():
        if any(w.text == "nhận:" for w in page.words) or any(w.text == "TRƯỞNG" for w in page.words):
            found = page
    return found


@pytest.mark.parametrize("name", ["self_assessment", "recognition_report", "recognition_decision"])
def test_signature_right_and_recipients_bottom_left(rendered, name):
    document = rendered[name]
    page = _last_body_page(document)
    signature = document.content.footer.signatures[0]
    surname = signature.name.split()[0]
    signer = [w for w in page.words if w.text == surname][-1]
    assert signer.x0 > _content_centre(page)
    recipients = _find(page, "Nơi", "nhận:")[0]
    assert recipients.x0 < 30 * MM + 1 * MM
    first_authority = (signature.authority or (signature.position,))[0].split()[0]
    authority = [w for w in page.words if w.text == first_authority and w.x0 > _content_centre(page) - 30][-1]
    assert abs(authority.y0 - recipients.y0) < 4         # side by side, same top
    assert signer.y0 > authority.y0 + 20 * MM            # room for the signature and seal


def test_minutes_have_two_signature_blocks_side_by_side(rendered):
    document = rendered["inspection_minutes"]
    page = _last_body_page(document)
    left = _find(page, "Hoàng", "Văn", "Minh")[0]
    right = _find(page, "Trần", "Quốc", "Bảo")[0]
    assert left.x1 < _content_centre(page) < right.x0
    assert abs(left.y0 - right.y0) < 1                   # names aligned
    lead = _find(page, "TRƯỞNG", "ĐOÀN", "KIỂM", "TRA")[0]
    ward = _find(page, "TM.", "UBND", "PHƯỜNG", "NGHI", "THU")[0]
    assert abs(lead.y0 - ward.y0) < 1 and ward.x1 < lead.x0


def _top_row(page) -> str:
    body = [w for w in page.words if w.y0 > 20 * MM]
    top = min(w.y0 for w in body)
    return " ".join(w.text for w in sorted((w for w in body if abs(w.y0 - top) < 2), key=lambda w: w.x0))


def test_table_headers_repeat_on_every_page_of_a_table(rendered):
    # The criterion tables continue across pages; a page that starts inside a table starts with
    # its header row again (thead repeated), never with a bare row.
    continued = 0
    for page in rendered["self_assessment"].pages()[1:]:
        row = _top_row(page)
        if row.startswith("TC") or row.startswith("Mã") or row.startswith("STT"):
            assert row in ("Mã Chỉ tiêu Tự đánh giá Điểm Kết quả Minh chứng",
                           "STT Mã Tiêu chí Điểm tối Điểm tự Kết quả"), row
            continued += 1
    assert continued >= 2
