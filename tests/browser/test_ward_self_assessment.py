"""A ward's self-assessment in a real browser, on a tablet: autosave, errors, submission, scope, evidence.

Every test that writes to Nghi Thu's assessment takes the `nghi_thu` fixture, which resets it before
and after, so the tests pass in any order. Screenshots of the main screens go to
test-artifacts/screenshots/ for a human to look at.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from criteria_app.domain.answers import Ratio

from .helpers import (NGHI_HUONG, NGHI_THU, assert_not_navigated, csrf_token, dom_id, item, login_as,
                      mark_page, png_bytes, screenshot)


def state(page: Page, code: str):
    return page.locator(f'[data-testid="state-{code}"]')


def points(page: Page, code: str):
    return page.locator(f'[data-testid="points-{code}"]')


def total(page: Page):
    return page.get_by_test_id("total")


def choose(page: Page, code: str, label: str) -> None:
    """Tap "Có"/"Không" on a check item (the radio itself is visually hidden)."""
    item(page, code).locator(".segmented").get_by_text(label, exact=True).click()


def type_and_leave(field, text: str) -> None:
    field.fill(text)
    field.press("Tab")


# --------------------------------------------------------------------------- 1. autosave and reload

def test_officer_answers_are_saved_live_scored_and_still_there_after_reload(page, nghi_thu, data):
    login_as(page, "nghithu")
    screenshot(page, "01-ho-so-nghithu")
    page.locator("table.list tr", has_text=NGHI_THU).get_by_role("link", name="Mở").click()
    page.wait_for_url(f"**/danh-gia/{nghi_thu}")
    expect(page.get_by_role("heading", level=1)).to_have_text(NGHI_THU)
    expect(total(page)).to_have_text("0,00")
    screenshot(page, "02-overview-nghithu")

    page.locator("tr[data-criterion=TC01] a.row-link").click()
    page.wait_for_url(f"**/danh-gia/{nghi_thu}/tieu-chi/TC01")
    criterion_score = page.get_by_test_id("criterion-score")
    expect(criterion_score).to_have_text("0,00 / 5,00 điểm")
    expect(state(page, "TC01.1")).to_contain_text("Chưa trả lời")
    expect(state(page, "TC01.3")).to_contain_text("Chưa trả lời")
    mark_page(page)

    choose(page, "TC01.1", "Có")
    expect(state(page, "TC01.1")).to_contain_text("Đã lưu")
    expect(points(page, "TC01.1")).to_have_text("2,00/2,00 điểm")
    expect(total(page)).to_have_text("2,00")

    tc013 = item(page, "TC01.3")
    tc013.locator("input[name=numerator]").fill("11")
    tc013.locator("input[name=denominator]").fill("12")
    expect(page.get_by_test_id("rate-TC01.3")).to_have_text("91,7%")      # live, before it is saved
    tc013.locator("input[name=denominator]").press("Tab")
    expect(state(page, "TC01.3")).to_contain_text("Đã lưu")
    expect(points(page, "TC01.3")).to_have_text("1,83/2,00 điểm")
    expect(page.get_by_test_id("rate-TC01.3")).to_have_text("91,7%")
    expect(criterion_score).to_have_text("3,83 / 5,00 điểm")
    expect(total(page)).to_have_text("3,83")
    expect(page.get_by_test_id("mini-TC01")).to_contain_text("3,83/5")
    assert_not_navigated(page)
    screenshot(page, "03-criterion-TC01-saved")
    assert data.stored_answer(NGHI_THU, "TC01.3")[0] == '{"numerator": 11, "denominator": 12}'

    page.reload()
    assert page.evaluate("window.__marker") is None            # it really was a new page
    expect(item(page, "TC01.1").locator("input[value=yes]")).to_be_checked()
    expect(item(page, "TC01.1").locator("input[value=no]")).not_to_be_checked()
    expect(tc013.locator("input[name=numerator]")).to_have_value("11")
    expect(tc013.locator("input[name=denominator]")).to_have_value("12")
    expect(page.get_by_test_id("rate-TC01.3")).to_have_text("91,7%")
    expect(state(page, "TC01.1")).to_contain_text("Đã lưu")
    expect(state(page, "TC01.3")).to_contain_text("Đã lưu")
    expect(points(page, "TC01.3")).to_have_text("1,83/2,00 điểm")
    expect(criterion_score).to_have_text("3,83 / 5,00 điểm")
    expect(total(page)).to_have_text("3,83")


# --------------------------------------------------------------------------- 2. invalid values

def test_invalid_values_are_refused_beside_the_field_and_the_saved_value_is_kept(page, nghi_thu, data):
    data.answer(NGHI_THU, {"TC05.1": Ratio(11, 12)})
    login_as(page, "nghithu")
    page.goto(f"/danh-gia/{nghi_thu}/tieu-chi/TC05")
    tc051 = item(page, "TC05.1")
    numerator, denominator = tc051.locator("input[name=numerator]"), tc051.locator("input[name=denominator]")
    expect(numerator).to_have_value("11")
    expect(state(page, "TC05.1")).to_contain_text("Đã lưu")
    total_before = total(page).inner_text()
    mark_page(page)

    type_and_leave(numerator, "13")
    beside_numerator = tc051.locator("label.field:has(input[name=numerator]) .field-error")
    expect(beside_numerator).to_contain_text("không được lớn hơn mẫu số")
    expect(beside_numerator).to_have_attribute("role", "alert")
    expect(tc051.locator("label.field:has(input[name=denominator]) .field-error")).to_have_text("")
    expect(numerator).to_have_value("13")                       # what was typed stays in the field
    expect(denominator).to_have_value("12")
    expect(state(page, "TC05.1")).to_contain_text("Lỗi – chưa lưu")
    expect(page.get_by_test_id("kept-TC05.1")).to_contain_text("11/12")
    expect(total(page)).to_have_text(total_before)
    assert_not_navigated(page)
    screenshot(page, "04-criterion-TC05-ratio-error")
    assert data.stored_answer(NGHI_THU, "TC05.1")[0] == '{"numerator": 11, "denominator": 12}'

    page.reload()
    expect(numerator).to_have_value("11")
    expect(denominator).to_have_value("12")
    expect(state(page, "TC05.1")).to_contain_text("Đã lưu")
    expect(beside_numerator).to_be_hidden()

    # Counts: letters and negatives, each message beside the field; nothing is stored.
    page.goto(f"/danh-gia/{nghi_thu}/tieu-chi/TC02")
    tc022 = item(page, "TC02.2")
    count = tc022.locator("input[name=value]")
    beside_count = tc022.locator("label.field:has(input[name=value]) + .field-error")
    type_and_leave(count, "abc")
    expect(beside_count).to_contain_text("không phải là số nguyên")
    expect(count).to_have_value("abc")
    expect(state(page, "TC02.2")).to_contain_text("Lỗi – chưa lưu")
    expect(page.get_by_test_id("kept-TC02.2")).to_contain_text("Chưa trả lời")
    type_and_leave(count, "-3")
    expect(beside_count).to_contain_text("Không được là số âm")
    expect(count).to_have_value("-3")
    expect(state(page, "TC02.2")).to_contain_text("Lỗi – chưa lưu")
    screenshot(page, "05-criterion-TC02-count-error")
    assert data.stored_answer(NGHI_THU, "TC02.2") is None


# --------------------------------------------------------------------------- 3. submission

def test_chairman_sees_what_is_missing_then_submits_and_the_record_locks(page, nghi_thu, data):
    codes = data.criterion_codes(NGHI_THU)
    login_as(page, "chutich.nghithu")
    page.goto(f"/danh-gia/{nghi_thu}")
    page.get_by_role("link", name="Gửi hồ sơ…").click()
    page.wait_for_url(f"**/danh-gia/{nghi_thu}/gui")
    expect(page.get_by_test_id("missing-summary")).to_contain_text("Chưa thể gửi")
    links = page.get_by_test_id("missing").locator("a")
    expect(links.first).to_be_visible()
    listed = set()
    for i in range(links.count()):
        link = links.nth(i)
        code = link.locator("strong").inner_text()
        href = link.get_attribute("href")
        assert href.endswith(f"#item-{code}"), (code, href)
        assert f"/tieu-chi/{code.split('.')[0]}#" in href, (code, href)
        listed.add(code)
    every_item = set(data.all_answers_except(NGHI_THU, set())[0])
    assert listed == every_item                                  # nothing is answered yet: every item listed
    screenshot(page, "06-submit-missing")

    page.get_by_test_id("missing").locator("a", has=page.locator("strong", has_text="TC07.2")).first.click()
    page.wait_for_url(re.compile(rf"/danh-gia/{nghi_thu}/tieu-chi/TC07#item-TC07\.2$"))
    expect(page.locator("section.criterion h2")).to_contain_text("TC07.")
    expect(item(page, "TC07.2")).to_be_in_viewport()

    # Everything answered through the service layer but two items, which the chairman answers himself.
    answers, explanations = data.all_answers_except(NGHI_THU, {"TC01.2", "TC13.2"})
    data.answer(NGHI_THU, answers, explanations=explanations)
    page.goto(f"/danh-gia/{nghi_thu}/gui")
    remaining = page.get_by_test_id("missing").locator("a strong")
    expect(remaining).to_have_count(3)           # TC01.2 unanswered + its evidence; TC13.2 unanswered
    assert sorted(set(remaining.all_inner_texts())) == ["TC01.2", "TC13.2"]

    page.get_by_test_id("missing").locator("a", has=page.locator("strong", has_text="TC01.2")).first.click()
    page.wait_for_url(re.compile(r"/tieu-chi/TC01#item-TC01\.2$"))
    choose(page, "TC01.2", "Có")
    expect(state(page, "TC01.2")).to_contain_text("Đã lưu")
    with page.expect_response(lambda r: r.url.endswith("/chi-tieu/TC01.2/giai-trinh")) as saved:
        type_and_leave(item(page, "TC01.2").locator("textarea[name=explanation]"),
                       "Kế hoạch số 12/KH-UBND lưu tại văn phòng.")
    assert saved.value.status == 200
    expect(state(page, "TC01.2")).to_contain_text("Đã lưu")
    page.get_by_test_id("mini-TC13").click()
    page.wait_for_url("**/tieu-chi/TC13")
    type_and_leave(item(page, "TC13.2").locator("input[name=value]"), "12")
    expect(state(page, "TC13.2")).to_contain_text("Đã lưu")
    expect(page.get_by_test_id("recognition")).to_contain_text("Đủ điều kiện đề nghị công nhận")
    assert data.stored_answer(NGHI_THU, "TC01.2") == ("true", "Kế hoạch số 12/KH-UBND lưu tại văn phòng.")

    page.goto(f"/danh-gia/{nghi_thu}/gui")
    expect(page.get_by_test_id("missing")).to_have_count(0)
    screenshot(page, "07-submit-ready")
    page.get_by_test_id("submit").click()                    # the report sent with it needs its number
    expect(page.locator(".field-error")).to_contain_text("Nhập số báo cáo")
    page.get_by_test_id("report-number").fill("15")
    page.get_by_test_id("submit").click()
    page.wait_for_url(f"**/danh-gia/{nghi_thu}")
    expect(page.get_by_test_id("status")).to_have_text("Đã gửi")
    expect(page.locator(".flash-success")).to_contain_text("Đã gửi hồ sơ")
    screenshot(page, "08-overview-submitted")

    for code in codes:
        page.goto(f"/danh-gia/{nghi_thu}/tieu-chi/{code}")
        expect(page.get_by_test_id("read-only")).to_contain_text("chỉ xem")
        expect(page.locator("input[name=numerator], input[name=denominator], input[name=value], "
                            "input[name=na], input[name=file], textarea[name=explanation]")).to_have_count(0)
        expect(page.locator("article.item .answer-readonly").first).to_be_visible()
    screenshot(page, "09-criterion-read-only")
    page.goto(f"/danh-gia/{nghi_thu}/gui")
    expect(page.get_by_test_id("submit")).to_have_count(0)


# --------------------------------------------------------------------------- 4. scope

@pytest.fixture
def nghi_huong(data):
    aid = data.reset_assessment(NGHI_HUONG)
    yield aid
    data.reset_assessment(NGHI_HUONG)


def test_another_ward_gets_nothing_of_nghi_thu(new_page, nghi_thu, nghi_huong, data):
    codes = data.criterion_codes(NGHI_THU)
    officer = login_as(new_page(), "nghithu")
    officer.goto(f"/danh-gia/{nghi_thu}/tieu-chi/TC13")
    item(officer, "TC13.1").locator("form.upload input[name=file]").set_input_files(
        {"name": "mo-hinh.png", "mimeType": "image/png", "buffer": png_bytes()})
    file_link = item(officer, "TC13.1").locator("ul.files a")
    expect(file_link).to_contain_text("mo-hinh.png")
    evidence_url = file_link.get_attribute("href")
    thumb_url = file_link.locator("img.thumb").get_attribute("src")
    evidence_id = int(re.search(r"/minh-chung/(\d+)", evidence_url).group(1))
    own = officer.request.get(thumb_url)
    assert own.status == 200 and own.headers["content-type"] == "image/jpeg"  # the server-made thumbnail
    assert officer.request.get(evidence_url).headers["content-type"] == "image/png"

    other = login_as(new_page(), "nghihuong")
    expect(other.locator("main")).to_contain_text(NGHI_HUONG)
    expect(other.locator("body")).not_to_contain_text("Nghi Thu")
    screenshot(other, "10-ho-so-nghihuong")

    urls = [f"/danh-gia/{nghi_thu}", *(f"/danh-gia/{nghi_thu}/tieu-chi/{c}" for c in codes),
            f"/danh-gia/{nghi_thu}/gui", evidence_url, thumb_url,
            f"/danh-gia/{nghi_huong}/minh-chung/{evidence_id}?xem=1"]   # Nghi Thu's file through his own record
    for url in urls:
        response = other.goto(url)
        assert response.status in (403, 404), (url, response.status)
        expect(other.locator("body")).not_to_contain_text("Nghi Thu")
    screenshot(other, "11-refused")

    token = csrf_token(other)
    headers = {"X-CSRFToken": token, "HX-Request": "true"}
    base = f"/danh-gia/{nghi_thu}"
    posts = [
        (f"{base}/chi-tieu/TC01.1", {"form": {"value": "yes"}}),
        (f"{base}/chi-tieu/TC01.3", {"form": {"numerator": "1", "denominator": "1"}}),
        (f"{base}/chi-tieu/TC13.2", {"form": {"value": "99"}}),
        (f"{base}/chi-tieu/TC01.1/giai-trinh", {"form": {"explanation": "Không phải của tôi"}}),
        (f"{base}/chi-tieu/TC01.1/minh-chung", {"multipart": {
            "csrf_token": token, "file": {"name": "x.png", "mimeType": "image/png", "buffer": png_bytes()}}}),
        (f"{base}/minh-chung/{evidence_id}/xoa", {"form": {"csrf_token": token}}),
        (f"/danh-gia/{nghi_huong}/minh-chung/{evidence_id}/xoa", {"form": {"csrf_token": token}}),
        (f"{base}/gui", {"form": {"csrf_token": token}}),
    ]
    for url, body in posts:
        response = other.request.post(url, headers=headers, max_redirects=0, **body)
        assert response.status in (403, 404), (url, response.status, response.text()[:300])

    # The same token is accepted on his own record: the refusals above are about scope, not CSRF.
    control = other.request.post(f"/danh-gia/{nghi_huong}/chi-tieu/TC01.1", headers=headers, form={"value": "yes"})
    assert control.status == 200, control.text()[:300]

    # Nothing of Nghi Thu changed.
    for code in ("TC01.1", "TC01.3", "TC13.2"):
        assert data.stored_answer(NGHI_THU, code) is None
    officer.reload()
    expect(item(officer, "TC13.1").locator("ul.files a")).to_contain_text("mo-hinh.png")
    expect(officer.get_by_test_id("status")).to_have_text("Đang tự đánh giá")


# --------------------------------------------------------------------------- 5. evidence

def test_evidence_upload_shows_its_thumbnail_and_a_fake_pdf_is_refused(page, nghi_thu):
    login_as(page, "nghithu")
    page.goto(f"/danh-gia/{nghi_thu}/tieu-chi/TC02")
    tc023 = item(page, "TC02.3")
    files = tc023.locator("ul.files li")
    expect(files).to_have_count(0)
    mark_page(page)

    tc023.locator("form.upload input[name=file]").set_input_files(
        {"name": "bo-nhan-dien.png", "mimeType": "image/png", "buffer": png_bytes(64, 48)})
    expect(files).to_have_count(1)
    link = files.first.locator("a")
    expect(link).to_contain_text("bo-nhan-dien.png")
    thumb = link.locator("img.thumb")
    expect(thumb).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth === 64", arg=thumb.element_handle())
    assert_not_navigated(page)
    screenshot(page, "12-evidence-uploaded")

    tc023.locator("form.upload input[name=file]").set_input_files(
        {"name": "bao-cao.pdf", "mimeType": "application/pdf", "buffer": "Đây là văn bản, không phải PDF.\n".encode()})
    beside_file = tc023.locator("form.upload .field-error")
    expect(beside_file).to_contain_text("Chỉ nhận tệp PDF, JPEG hoặc PNG")
    expect(state(page, "TC02.3")).to_contain_text("Lỗi – chưa lưu")
    expect(files).to_have_count(1)
    assert_not_navigated(page)
    screenshot(page, "13-evidence-refused")

    page.reload()
    expect(files).to_have_count(1)
    expect(files.first.locator("a")).to_contain_text("bo-nhan-dien.png")
    expect(page.locator(f"#err-{dom_id('TC02.3')}-file")).to_be_hidden()


# --------------------------------------------------------------------------- 6. tablet

MEASURE = """() => {
  const targets = 'button, a.btn, .btn, .segmented span, input[type=text], input[type=password]';
  const visible = el => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const describe = el => {
    const r = el.getBoundingClientRect();
    const where = el.closest('[id]');
    return `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).trim().replace(/\\s+/g, '.') : ''}`
      + `${el.name ? '[name=' + el.name + ']' : ''} «${(el.innerText || el.value || '').trim().slice(0, 30)}»`
      + ` in #${where ? where.id : '-'}: ${Math.round(r.width)}×${Math.round(r.height)} at x=${Math.round(r.left)}`;
  };
  const small = [...document.querySelectorAll(targets)].filter(visible)
    .filter(el => el.getBoundingClientRect().height < 44).map(describe);
  const wide = [...document.querySelectorAll('body *')].filter(visible)
    .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).map(describe);
  return {scrollWidth: document.documentElement.scrollWidth, small, wide,
          measured: [...document.querySelectorAll(targets)].filter(visible).length,
          radios: [...document.querySelectorAll('.segmented span')].filter(visible).length,
          textInputs: [...document.querySelectorAll('input[type=text]')].filter(visible).length};
}"""


def test_tablet_layout_has_no_horizontal_scroll_and_touch_sized_targets(page, nghi_thu):
    login_as(page, "nghithu")
    screens = {"14-tablet-overview": f"/danh-gia/{nghi_thu}",
               "15-tablet-criterion-TC01": f"/danh-gia/{nghi_thu}/tieu-chi/TC01",
               "16-tablet-criterion-TC02": f"/danh-gia/{nghi_thu}/tieu-chi/TC02"}
    problems = []
    for name, url in screens.items():
        page.goto(url)
        page.evaluate("document.fonts.ready.then(() => true)")
        found = page.evaluate(MEASURE)
        if found["scrollWidth"] > 1024:
            problems.append(f"{url}: horizontal scroll, scrollWidth {found['scrollWidth']} > 1024")
        problems += [f"{url}: sticks out to the right: {w}" for w in found["wide"]]
        problems += [f"{url}: smaller than 44 px: {s}" for s in found["small"]]
        if "/tieu-chi/" in url:     # the criterion pages really have answer controls to measure
            assert found["radios"] and found["textInputs"], (url, found)
        assert found["measured"] >= 2, (url, found)
        screenshot(page, name)
    assert not problems, "\n".join(problems)
