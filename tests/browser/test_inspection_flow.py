"""The inspection and the province's part in a real browser: from a submitted self-assessment to the
recognition decision (a unit below the rule is refused until the team's second round finds it meets it),
and saves that survive a dropped connection without being lost or doubled.

Every test takes `nghi_thu_wiped`, which puts Nghi Thu back to a fresh self-assessment with no
inspection, submission, decision or audit event, before and after the test. What is not the subject
of a test (the ward's answers, most of the members' answers) is prepared through the service layer.
Screenshots of the main screens go to test-artifacts/screenshots/flow-*.png.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from .helpers import DEMO_PASSWORD, NGHI_THU, assert_not_navigated, item, login_as, mark_page, png_bytes, screenshot

K1_NAME, K2_NAME = "Lê Thị Kiểm", "Phạm Văn Tra"
K1_REASON = "Không có bộ nhận diện tại Bộ phận Một cửa khi đoàn đến."
TEAM_REASON = "Đoàn kiểm tra trực tiếp: chưa có bộ nhận diện (ảnh của thành viên đoàn)."
RETURN_REASON = "Đề nghị rà soát lại số liệu tiêu chí 2."


def state(page: Page, code: str):
    return page.get_by_test_id(f"state-{code}")


def choose(page: Page, code: str, label: str) -> None:
    """Tap "Có"/"Không" on a check item (the radio itself is visually hidden)."""
    item(page, code).locator(".segmented").get_by_text(label, exact=True).click()


def type_and_leave(field, text: str) -> None:
    field.fill(text)
    field.press("Tab")


def click_and_load(page: Page, target, lands_on: str) -> None:
    """Click a button that posts a form, wait for the page that answers and check where it landed
    (a refusal answers on the form's own URL, with its message in <main>)."""
    with page.expect_navigation():
        target.click()
    landed = page.url.split("#", 1)[0]   # the path answers where it landed; an anchor only scrolls
    assert landed.endswith(lands_on), f"{page.url}: {page.locator('main').inner_text()[:600]}"


def open_action(page: Page, label: str) -> None:
    """Open one of the province's <details> action forms by its summary's exact text."""
    page.locator("details > summary").filter(has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")).click()


# Every criterion checkbox of the return form carries `required` (WTForms renders DataRequired on each
# option), so the browser refuses the form unless all 13 are ticked. See
# test_province_returns_a_single_criterion, which fails until the form is fixed.
BLOCKED_RETURN = """form => [...form.elements].filter(el => !el.checkValidity()).map(el => el.name + '=' + el.value)"""


def return_criteria(page: Page, aid: int, codes: list[str], reason: str, *,
                    work_around_required_boxes: bool = False) -> None:
    """Open "Trả lại để bổ sung…", tick `codes`, give the reason and send."""
    open_action(page, "Trả lại để bổ sung…")
    for code in codes:
        page.locator(f"input[name=ret-criteria][value={code}]").check()
    page.fill("textarea[name=ret-reason]", reason)
    form = page.locator("form", has=page.get_by_test_id("do-return"))
    blocked = form.evaluate(BLOCKED_RETURN)
    if work_around_required_boxes and blocked and all(b.startswith("ret-criteria=") for b in blocked):
        form.evaluate("form => form.querySelectorAll('input[name=ret-criteria]').forEach(b => b.required = false)")
        blocked = form.evaluate(BLOCKED_RETURN)
    assert not blocked, f"the browser refuses to send the return form; invalid fields: {blocked}"
    click_and_load(page, page.get_by_test_id("do-return"), f"/tinh/ho-so/{aid}")


def propose(page: Page, aid: int, data, *, lands_on: str | None = None) -> None:
    """Open "Đề nghị công nhận…", name the standing body's tờ trình and its signer, and send."""
    open_action(page, "Đề nghị công nhận…")
    page.fill("input[name=pro-number]", "245")
    page.fill("input[name=pro-issued_on]", "2023-11-20")
    page.select_option("select[name=pro-signer]", value=str(data.user_id("pgd.congan")))
    click_and_load(page, page.get_by_test_id("do-propose"), lands_on or f"/tinh/ho-so/{aid}")


def prepare_submitted(data, **overrides) -> dict:
    """Nghi Thu answered in full (every item passing, explanations where evidence is required) and submitted."""
    answers, explanations = data.all_answers_except(NGHI_THU, set())
    answers.update(overrides)
    data.answer(NGHI_THU, answers, explanations=explanations)
    data.submit(NGHI_THU)
    return answers


# --------------------------------------------------------------------------- 1. the whole flow

def test_from_submission_through_inspection_and_return_to_recognition(new_page, nghi_thu_wiped, data):
    aid = nghi_thu_wiped
    ward = prepare_submitted(data, **{"TC02.2": 2})
    n_items = len(ward)

    # The lead starts the inspection.
    lead = login_as(new_page(), "truongdoan")
    lead.goto(f"/kiem-tra/{aid}")
    expect(lead.get_by_test_id("status")).to_have_text("Đã gửi")
    screenshot(lead, "flow-01-inspection-not-started")
    click_and_load(lead, lead.get_by_test_id("start-inspection"), f"/kiem-tra/{aid}")
    expect(lead.get_by_test_id("status")).to_have_text("Đang kiểm tra")
    expect(lead.get_by_test_id("inspection-status")).to_have_text("Đang chấm")
    expect(lead.get_by_test_id("adopt")).to_be_visible()

    # Both members agree with the ward everywhere but TC02.3, which they score in the page.
    agreed = {code: value for code, value in ward.items() if code != "TC02.3"}
    data.member_answers(NGHI_THU, "kiemtra1", agreed)
    data.member_answers(NGHI_THU, "kiemtra2", agreed)

    k1 = login_as(new_page(), "kiemtra1")
    k1.goto(f"/kiem-tra/{aid}/tieu-chi/TC02")
    tc023 = item(k1, "TC02.3")
    expect(k1.get_by_test_id("ward-answer-TC02.3")).to_have_text("Có")
    expect(k1.get_by_test_id("ward-answer-TC02.2")).to_contain_text("2")
    expect(state(k1, "TC02.3")).to_contain_text("Chưa chấm")
    expect(state(k1, "TC02.2")).to_contain_text("Đã lưu")                   # prepared, equal to the ward's
    expect(k1.get_by_test_id("differs-TC02.2")).to_have_count(0)
    mark_page(k1)

    choose(k1, "TC02.3", "Không")
    expect(state(k1, "TC02.3")).to_contain_text("Đã lưu")
    expect(k1.get_by_test_id("differs-TC02.3")).to_have_text("Khác phường/xã")
    need_reason = k1.get_by_test_id("need-reason-TC02.3")
    expect(need_reason).to_have_text("Cần nêu lý do vì kết quả khác phường/xã tự đánh giá")
    screenshot(k1, "flow-02-member-reason-demanded")
    with k1.expect_response(lambda r: r.url.endswith("/chi-tieu/TC02.3/ly-do")) as saved:
        type_and_leave(tc023.locator("textarea[name=reason]"), K1_REASON)
    assert saved.value.status == 200
    expect(need_reason).to_have_count(0)
    expect(state(k1, "TC02.3")).to_contain_text("Đã lưu")
    expect(k1.get_by_test_id("differs-TC02.3")).to_be_visible()             # still different, now explained

    k1.get_by_test_id("photo-TC02.3").set_input_files(
        {"name": "mot-cua.png", "mimeType": "image/png", "buffer": png_bytes(64, 48)})
    photos = tc023.locator(".photos ul.thumbs li")
    expect(photos).to_have_count(1)
    thumb = photos.first.locator("img.thumb")
    expect(thumb).to_be_visible()
    k1.wait_for_function("img => img.complete && img.naturalWidth === 64", arg=thumb.element_handle())
    expect(photos.first).to_contain_text(K1_NAME)                           # who
    expect(photos.first).to_contain_text(re.compile(r"\d{2}/\d{2}/\d{4}"))   # when
    expect(state(k1, "TC02.3")).to_contain_text("Đã lưu")
    assert_not_navigated(k1)
    screenshot(k1, "flow-03-member-reason-and-photo")
    assert data.member_rows(NGHI_THU, "kiemtra1", "TC02.3") == [("false", K1_REASON)]

    k2 = login_as(new_page(), "kiemtra2")
    k2.goto(f"/kiem-tra/{aid}/tieu-chi/TC02")
    choose(k2, "TC02.3", "Có")
    expect(state(k2, "TC02.3")).to_contain_text("Đã lưu")
    expect(k2.get_by_test_id("differs-TC02.3")).to_have_count(0)
    expect(k2.get_by_test_id("need-reason-TC02.3")).to_have_count(0)
    expect(item(k2, "TC02.3").locator(".photos img.thumb")).to_have_count(1)   # the team's photo, shared
    assert data.member_rows(NGHI_THU, "kiemtra2", "TC02.3") == [("true", None)]

    # The lead adopts what the members agree on, then decides TC02.3 himself.
    lead.goto(f"/kiem-tra/{aid}")
    click_and_load(lead, lead.get_by_test_id("adopt"), f"/kiem-tra/{aid}")
    expect(lead.locator(".flash-success")).to_contain_text(
        f"Đã lấy kết quả thống nhất của các thành viên cho {n_items - 1} chỉ tiêu")
    screenshot(lead, "flow-04-inspection-overview-adopted")

    lead.goto(f"/kiem-tra/{aid}/tong-hop/TC02")
    members = lead.get_by_test_id("members-TC02.3")
    expect(members.locator("tbody tr", has_text=K1_NAME)).to_contain_text("Không")
    expect(members.locator("tbody tr", has_text=K1_NAME)).to_contain_text("Khác phường/xã")
    expect(members.locator("tbody tr", has_text=K1_NAME)).to_contain_text(K1_REASON)
    expect(members.locator("tbody tr", has_text=K2_NAME)).to_contain_text("Có")
    expect(members.locator("tbody tr", has_text=K2_NAME)).not_to_contain_text("Khác phường/xã")
    expect(item(lead, "TC02.3")).to_contain_text("Các thành viên chấm khác nhau")
    team_state = lead.get_by_test_id("team-state-TC02.3")
    expect(team_state).to_contain_text("Chưa có kết quả của đoàn")
    expect(lead.get_by_test_id("team-state-TC02.2")).to_contain_text("Đã lưu")   # adopted
    screenshot(lead, "flow-05-merge-TC02")

    choose(lead, "TC02.3", "Không")
    expect(team_state).to_contain_text("Đã lưu")
    expect(team_state).to_contain_text("Cần nêu lý do")
    type_and_leave(item(lead, "TC02.3").locator("textarea[name=reason]"), TEAM_REASON)
    expect(team_state.locator(".need-reason")).to_have_count(0)
    expect(team_state).to_contain_text("Đã lưu")
    screenshot(lead, "flow-06-merge-TC02-decided")

    # Minutes: finalised by the lead, confirmed by the lead and by the ward's chairman.
    lead.goto(f"/kiem-tra/{aid}/bien-ban")
    expect(lead.locator("ul.missing")).to_have_count(0)                      # nothing outstanding
    lead.fill("input[name=number]", "12")                                   # the real number and times
    lead.fill("input[name=started_at]", "2023-07-18T08:30")
    lead.fill("input[name=ended_at]", "2023-07-18T11:45")
    lead.fill("input[name=place]", "Bộ phận Một cửa, UBND phường Nghi Thu")
    lead.fill("textarea[name=ward_representatives]",
              "Ông Nguyễn Đình Chủ – Chủ tịch UBND phường\nBà Hồ Thị Thu – Công an phường")
    lead.fill("textarea[name=findings]", "Chưa có bộ nhận diện tại Bộ phận Một cửa.")
    lead.fill("textarea[name=conclusion]", "Phường cơ bản đáp ứng các tiêu chí; bổ sung bộ nhận diện.")
    click_and_load(lead, lead.get_by_test_id("finalise"), f"/kiem-tra/{aid}/bien-ban")
    expect(lead.get_by_test_id("inspection-status")).to_have_text("Đã chốt, chờ ký biên bản")
    differences = lead.get_by_test_id("differences")
    expect(differences.locator("tr", has_text="TC02.3")).to_contain_text(TEAM_REASON)
    lead.get_by_test_id("confirm-password").fill(DEMO_PASSWORD)
    click_and_load(lead, lead.get_by_test_id("confirm-minutes"), f"/kiem-tra/{aid}/bien-ban")
    expect(lead.get_by_test_id("signed")).to_have_count(1)
    expect(lead.get_by_test_id("confirm-minutes")).to_have_count(0)
    screenshot(lead, "flow-07-minutes-lead-confirmed")

    chairman = login_as(new_page(), "chutich.nghithu")
    chairman.goto(f"/kiem-tra/{aid}")
    chairman.wait_for_url(f"**/kiem-tra/{aid}/bien-ban")
    chairman.get_by_test_id("confirm-password").fill(DEMO_PASSWORD)
    click_and_load(chairman, chairman.get_by_test_id("confirm-minutes"), f"/kiem-tra/{aid}/bien-ban")
    signed = chairman.get_by_test_id("signed")
    expect(signed).to_have_count(2)
    for i in range(2):
        expect(signed.nth(i)).to_contain_text("Đã xác nhận trên hệ thống lúc")
    expect(chairman.get_by_test_id("status")).to_have_text("Đã kiểm tra")
    expect(chairman.get_by_test_id("inspection-status")).to_have_text("Biên bản đã ký")
    screenshot(chairman, "flow-08-minutes-signed")

    # The province returns TC02; the ward corrects TC02.2 and resubmits.
    province = login_as(new_page(), "tinh", lands_on="**/tinh/dot/*")
    province.goto(f"/tinh/ho-so/{aid}")
    expect(province.get_by_test_id("status")).to_have_text("Đã kiểm tra")
    comparison = province.get_by_test_id("comparison")
    expect(comparison.locator("tbody tr", has_text="TC02")).to_contain_text(f"TC02.3: Có → Không – {TEAM_REASON}")
    expect(province.get_by_test_id("diff")).to_have_count(0)
    screenshot(province, "flow-09-review-inspected")
    return_criteria(province, aid, ["TC02"], RETURN_REASON, work_around_required_boxes=True)
    expect(province.get_by_test_id("status")).to_have_text("Trả lại bổ sung")
    expect(province.locator(".flash-info")).to_contain_text(f"TC02: {RETURN_REASON}")

    officer = login_as(new_page(), "nghithu")
    officer.goto(f"/danh-gia/{aid}/tieu-chi/TC02")
    count = item(officer, "TC02.2").locator("input[name=value]")
    expect(count).to_have_value("2")
    with officer.expect_response(lambda r: r.url.endswith("/chi-tieu/TC02.2")) as saved:   # "Đã lưu" shows already
        type_and_leave(count, "3")
    assert saved.value.status == 200
    expect(state(officer, "TC02.2")).to_contain_text("Đã lưu")
    assert data.stored_answer(NGHI_THU, "TC02.2")[0] == "3"
    screenshot(officer, "flow-10-ward-corrects-TC02")
    officer.goto(f"/danh-gia/{aid}/tieu-chi/TC03")                          # not returned: read only
    expect(officer.locator("article.item form.answer")).to_have_count(0)
    expect(item(officer, "TC03.1").locator(".answer-readonly")).to_be_visible()

    chairman.goto(f"/danh-gia/{aid}/gui")
    expect(chairman.get_by_test_id("missing")).to_have_count(0)
    chairman.get_by_test_id("report-number").fill("31")
    click_and_load(chairman, chairman.get_by_test_id("submit"), f"/danh-gia/{aid}")
    expect(chairman.get_by_test_id("status")).to_have_text("Đã gửi")

    # The province sees what changed, proposes, then records the decision.
    province.goto(f"/tinh/ho-so/{aid}")
    diff = province.get_by_test_id("diff")
    expect(diff).to_contain_text("lần gửi 2 so với lần 1")
    expect(diff.locator("tbody tr")).to_have_count(1)
    changed = diff.locator("tbody tr", has_text="TC02.2")
    expect(changed.locator("td").nth(1)).to_have_text(re.compile(r"^\s*2\b"))
    expect(changed.locator("td").nth(2)).to_have_text(re.compile(r"^\s*3\b"))
    screenshot(province, "flow-11-review-diff")
    # The team's result (TC02 failed, a mandatory criterion) does not meet the rule: no proposal, and why.
    expect(province.get_by_test_id("eligibility")).to_contain_text("Tiêu chí bắt buộc không đạt: TC02")
    propose(province, aid, data, lands_on=f"/tinh/ho-so/{aid}/de-nghi")
    expect(province.get_by_test_id("rule-failures")).to_contain_text("Tiêu chí bắt buộc không đạt: TC02")
    expect(province.get_by_test_id("status")).to_have_text("Đã gửi")
    screenshot(province, "flow-11b-propose-refused")

    # The team checks again (lần 2): the brand identity is in place now; then the unit is proposed.
    data.reinspect(NGHI_THU, {"TC02.3": True, "TC02.2": 3})
    province.goto(f"/tinh/ho-so/{aid}")
    expect(province.get_by_test_id("status")).to_have_text("Đã kiểm tra")
    expect(province.get_by_test_id("eligibility")).to_contain_text("đủ điều kiện công nhận")
    propose(province, aid, data)
    expect(province.get_by_test_id("status")).to_have_text("Đề nghị công nhận")

    open_action(province, "Công nhận…")
    province.fill("input[name=app-number]", "1234/QĐ-UBND")
    province.fill("input[name=app-decided_on]", "2023-12-15")
    province.select_option("select[name=app-signer]", value=str(data.user_id("tinh")))
    province.fill("input[name=app-valid_from]", "2023-12-15")
    province.fill("input[name=app-valid_to]", "2026-12-14")
    click_and_load(province, province.get_by_test_id("do-approve"), f"/tinh/ho-so/{aid}")
    expect(province.get_by_test_id("status")).to_have_text("Đã công nhận")
    expect(province.locator("main")).to_contain_text("Quyết định số 1234/QĐ-UBND ngày 15/12/2023")
    expect(province.locator("main")).to_contain_text("hiệu lực 15/12/2023–14/12/2026")
    screenshot(province, "flow-12-review-recognised")

    province.goto(f"/tinh/dot/{data.campaign_id(NGHI_THU)}")
    province.get_by_test_id("search").fill("nghi thu")                     # no diacritics needed
    nghi_thu_row = province.locator(f'#units tbody tr[data-unit="{NGHI_THU}"]')
    expect(province.locator('#units tbody tr[data-unit="Phường Nghi Hương"]')).to_have_count(0)   # filtered
    expect(nghi_thu_row).to_contain_text("Đã công nhận")                   # (Nghi Thủy matches "nghi thu" too)
    expect(province).to_have_url(re.compile(r"[?&]q=nghi(\+|%20)thu"))     # the filter is in the address
    screenshot(province, "flow-13-campaign-list")

    # Every step is in the history, and in its CSV.
    province.goto(f"/danh-gia/{aid}/lich-su")
    history = province.get_by_test_id("history")
    for step in ("Gửi hồ sơ đề nghị", "Bắt đầu kiểm tra", "Thành viên đoàn chấm", "Lý do của thành viên",
                 "Chụp ảnh", "Kết quả của đoàn", "Chốt kết quả của đoàn", "Xác nhận biên bản",
                 "Trả lại để bổ sung", "Sửa câu trả lời", "Đề nghị công nhận", "Công nhận"):
        expect(history).to_contain_text(step)
    expect(history.locator("tbody tr", has_text="Xác nhận biên bản")).to_have_count(4)   # two rounds, two sides
    expect(history.locator("tbody tr", has=province.locator("td:nth-child(4)", has_text="Gửi hồ sơ đề nghị"))
           ).to_have_count(2)
    screenshot(province, "flow-14-history")
    with province.expect_download() as download:
        province.get_by_test_id("history-csv").click()
    assert download.value.suggested_filename.endswith(".csv")
    csv_text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    for text in ("Đã công nhận", "1234/QĐ-UBND", "Xác nhận biên bản", "Trả lại để bổ sung", "Bắt đầu kiểm tra"):
        assert text in csv_text, text


# --------------------------------------------------------------------------- 2. dropped connections

def _inspector_on_tc02(new_page, data, aid, username="kiemtra1"):
    prepare_submitted(data)
    data.start_inspection(NGHI_THU)
    page = login_as(new_page(), username)
    page.goto(f"/kiem-tra/{aid}/tieu-chi/TC02")
    return page


def _retry_button(page: Page, code: str):
    return state(page, code).locator("button.retry")


# Counts the saves of one item the page sends (htmx:beforeSend fires as each request goes out).
COUNT_SAVES = """code => {
    window.__saves = 0;
    document.addEventListener("htmx:beforeSend", e => {
        if (e.detail.requestConfig.path.endsWith("/chi-tieu/" + code)) window.__saves++;
    });
}"""
LONGEST_BACK_OFF_MS = 30_000   # static/app.js: retries wait 2, 4, 8… seconds, never more than 30


def test_inspector_save_made_offline_is_sent_once_when_the_connection_returns(new_page, nghi_thu_wiped, data):
    aid = nghi_thu_wiped
    page = new_page()
    page.clock.install()                 # the page's timers run on a clock this test can stop and move forward
    _inspector_on_tc02(lambda: page, data, aid)
    mark_page(page)
    page.evaluate(COUNT_SAVES, "TC02.3")
    save_url = re.compile(rf"/kiem-tra/{aid}/chi-tieu/TC02\.3$")
    sent = []
    page.on("request", lambda r: sent.append(r.url) if save_url.search(r.url) else None)

    page.evaluate("window.__online = 0; window.addEventListener('online', () => window.__online++)")
    page.context.set_offline(True)
    choose(page, "TC02.3", "Không")
    expect(state(page, "TC02.3")).to_contain_text("Lỗi kết nối")
    expect(_retry_button(page, "TC02.3")).to_be_visible()
    expect(_retry_button(page, "TC02.3")).to_have_text("Thử lại")
    screenshot(page, "flow-15-offline-save")
    assert data.member_rows(NGHI_THU, "kiemtra1", "TC02.3") == []          # nothing reached the server
    # From here no timer of the page fires unless the test moves the clock: the scheduled retry waits.
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 0.001)

    with page.expect_response(save_url) as answered:
        page.context.set_offline(False)
    assert answered.value.status == 200
    expect(state(page, "TC02.3")).to_contain_text("Đã lưu")
    expect(state(page, "TC02.3")).not_to_contain_text("Lỗi kết nối")
    expect(_retry_button(page, "TC02.3")).to_be_hidden()
    expect(page.get_by_test_id("need-reason-TC02.3")).to_be_visible()        # the answer really is the saved one
    assert page.evaluate("window.__online") == 1                             # the page did see the connection return
    saves_at_response, requests_at_response = page.evaluate("window.__saves"), len(sent)

    # Past the longest back-off: a retry still scheduled would be sent now. None is.
    page.clock.run_for(LONGEST_BACK_OFF_MS + 1_000)
    assert page.evaluate("window.__saves") == saves_at_response
    expect(state(page, "TC02.3")).not_to_have_class(re.compile(r"\bhtmx-request\b"))   # nothing in flight
    assert len(sent) == requests_at_response
    assert_not_navigated(page)
    assert data.member_rows(NGHI_THU, "kiemtra1", "TC02.3") == [("false", None)]
    events = data.audit_events(NGHI_THU, "inspection_answer", "TC02.3")
    assert len(events) == 1, events
    assert events[0]["actor"] == "kiemtra1" and json.loads(events[0]["after"]) is False


def test_inspector_save_dropped_on_the_way_is_retried_by_the_button_and_by_itself(new_page, nghi_thu_wiped, data):
    aid = nghi_thu_wiped
    page = _inspector_on_tc02(new_page, data, aid)
    save_url = re.compile(rf"/kiem-tra/{aid}/chi-tieu/TC02\.2$")
    network = {"down": True, "dropped": 0, "passed": 0}

    def flaky(route):
        if network["down"]:
            network["dropped"] += 1
            route.abort("internetdisconnected")
        else:
            network["passed"] += 1
            route.continue_()

    page.route(save_url, flaky)
    count = item(page, "TC02.2").locator("input[name=value]")
    type_and_leave(count, "4")
    expect(state(page, "TC02.2")).to_contain_text("Lỗi kết nối")
    retry = _retry_button(page, "TC02.2")
    expect(retry).to_be_visible()
    assert network["dropped"] >= 1
    with page.expect_request(save_url, timeout=1_000):     # the button sends again at once (still down)
        retry.click()
    expect(state(page, "TC02.2")).to_contain_text("Lỗi kết nối")
    expect(retry).to_be_visible()
    assert data.member_rows(NGHI_THU, "kiemtra1", "TC02.2") == []

    network["down"] = False                                # back: the automatic back-off does the rest
    expect(state(page, "TC02.2")).to_contain_text("Đã lưu", timeout=10_000)
    expect(count).to_have_value("4")
    page.unroute(save_url)
    assert network["passed"] >= 1
    assert data.member_rows(NGHI_THU, "kiemtra1", "TC02.2") == [("4", None)]
    events = data.audit_events(NGHI_THU, "inspection_answer", "TC02.2")
    assert len(events) == 1, events
    assert json.loads(events[0]["after"]) == 4


def test_ward_save_whose_response_was_lost_is_resent_and_recorded_once(page, nghi_thu_wiped, data):
    aid = nghi_thu_wiped
    login_as(page, "nghithu")
    page.goto(f"/danh-gia/{aid}/tieu-chi/TC01")
    mark_page(page)
    save_url = re.compile(rf"/danh-gia/{aid}/chi-tieu/TC01\.1$")
    seen = {"requests": 0, "first_status": None}

    def lose_first_response(route):
        seen["requests"] += 1
        if seen["requests"] == 1:
            response = route.fetch()                       # the server receives and saves it...
            seen["first_status"] = response.status
            route.abort("connectionreset")                 # ...but the answer never reaches the tablet
        else:
            route.continue_()

    page.route(save_url, lose_first_response)
    choose(page, "TC01.1", "Có")
    expect(state(page, "TC01.1")).to_contain_text("Lỗi kết nối")
    expect(_retry_button(page, "TC01.1")).to_be_visible()
    assert seen["first_status"] == 200
    assert data.answer_rows(NGHI_THU, "TC01.1") == [("true", None)]       # saved, although the tablet does not know

    expect(state(page, "TC01.1")).to_contain_text("Đã lưu", timeout=10_000)   # the app re-sends by itself
    expect(_retry_button(page, "TC01.1")).to_be_hidden()
    assert seen["requests"] == 2
    page.unroute(save_url)
    assert_not_navigated(page)
    assert data.answer_rows(NGHI_THU, "TC01.1") == [("true", None)]
    events = data.audit_events(NGHI_THU, "answer", "TC01.1")
    assert len(events) == 1, events                       # the identical resave is not a second change
    assert events[0]["actor"] == "nghithu" and json.loads(events[0]["after"]) is True


def test_inspector_photo_taken_offline_is_kept_and_sent_when_the_connection_returns(new_page, nghi_thu_wiped, data):
    """A photo taken with no connection says it is not saved, and goes up once when the connection is back."""
    aid = nghi_thu_wiped
    page = _inspector_on_tc02(new_page, data, aid)
    page.context.set_offline(True)
    page.get_by_test_id("photo-TC02.3").set_input_files(
        {"name": "tai-cho.png", "mimeType": "image/png", "buffer": png_bytes(32, 24)})
    try:
        expect(state(page, "TC02.3")).to_contain_text("Lỗi kết nối", timeout=3_000)
        expect(_retry_button(page, "TC02.3")).to_be_visible()
    finally:
        page.context.set_offline(False)
    expect(item(page, "TC02.3").locator(".photos img.thumb")).to_have_count(1)
    assert len(data.audit_events(NGHI_THU, "photo_added", "TC02.3")) == 1


# --------------------------------------------------------------------------- 3. the return form

def test_province_returns_a_single_criterion(new_page, nghi_thu_wiped, data):
    """Ticking one criterion is enough to return a record (no checkbox is `required` on its own)."""
    aid = nghi_thu_wiped
    prepare_submitted(data)
    province = login_as(new_page(), "tinh", lands_on="**/tinh/dot/*")
    province.goto(f"/tinh/ho-so/{aid}")
    expect(province.get_by_test_id("status")).to_have_text("Đã gửi")
    return_criteria(province, aid, ["TC05"], RETURN_REASON)
    expect(province.get_by_test_id("status")).to_have_text("Trả lại bổ sung")
    expect(province.locator(".flash-info")).to_contain_text(f"TC05: {RETURN_REASON}")


# --------------------------------------------------------------------------- 4. the campaign list's status filter

def test_province_filters_the_campaign_list_by_status(new_page, nghi_thu_wiped, data):
    """Choosing a status keeps only the units in it, and the list answers 200."""
    prepare_submitted(data)
    province = login_as(new_page(), "tinh", lands_on="**/tinh/dot/*")
    province.goto(f"/tinh/dot/{data.campaign_id(NGHI_THU)}")          # the demo's 2023 campaign
    units = province.locator("#units tbody tr[data-unit]")
    expect(units).to_have_count(7)
    with province.expect_response(lambda r: "status=submitted" in r.url) as answered:
        province.get_by_test_id("status-filter").select_option("submitted")
    assert answered.value.status == 200, f"HTTP {answered.value.status} {answered.value.status_text}"
    expect(units).to_have_count(2)                                      # Nghi Thu, and Nghi Hương in the demo
    expect(province.locator(f'#units tbody tr[data-unit="{NGHI_THU}"]')).to_contain_text("Đã gửi")
    expect(province.locator('#units tbody tr[data-unit="Phường Nghi Hương"]')).to_contain_text("Đã gửi")
