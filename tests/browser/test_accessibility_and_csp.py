"""axe-core (the npm package pinned in tests/browser/package.json) finds no accessibility violation,
and the browser reports no Content-Security-Policy violation, on the pages people work in: log-in,
the ward's self-assessment (overview and a criterion), an inspector's criterion page, the
province's review of a record and the campaign dashboard."""
from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from .helpers import NGHI_THU, login_as
from .test_inspection_flow import prepare_submitted


def axe_violations(page: Page, axe_source: str) -> list[str]:
    # evaluated through the DevTools protocol, not as a <script> of the page: the CSP does not apply
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    results = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
    }""")
    return [json.dumps(v, ensure_ascii=False) for v in results]


def check(page: Page, axe_source: str, what: str) -> None:
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page, axe_source)
    assert not violations, f"{what} ({page.url}):\n" + "\n".join(violations)
    assert not page.csp_violations, f"{what}: {page.csp_violations}"


def test_the_csp_listener_sees_a_violation(page, axe_source):
    """The check below can fail: an inline script added to a page is blocked and reported."""
    page.goto("/login")
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';
                             document.body.appendChild(s); }""")
    page.wait_for_function("() => true")
    expect(page.locator("body")).to_be_visible()
    page.wait_for_timeout(200)        # the violation event is delivered asynchronously
    assert page.evaluate("() => window.__ran") is None
    assert any("script-src" in v for v in page.csp_violations), page.csp_violations
    page.csp_violations.clear()


def test_the_axe_check_sees_a_violation(page, axe_source):
    """…and so can the accessibility check: an image without alt text is reported."""
    page.goto("/login")
    page.evaluate("() => document.querySelector('main').appendChild(document.createElement('img'))")
    assert any('"image-alt"' in v for v in axe_violations(page, axe_source))


def test_log_in_and_the_wards_pages(page, axe_source, nghi_thu):
    page.goto("/login")
    check(page, axe_source, "log-in")
    page.fill("#username", "nghithu")
    page.fill("#password", "sai")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator(".form-error")).to_be_visible()
    check(page, axe_source, "log-in refused")
    login_as(page, "nghithu")
    check(page, axe_source, "the ward's list")
    page.goto(f"/danh-gia/{nghi_thu}")
    check(page, axe_source, "self-assessment overview")
    page.goto(f"/danh-gia/{nghi_thu}/tieu-chi/TC01")
    check(page, axe_source, "self-assessment criterion")
    page.goto(f"/danh-gia/{nghi_thu}/tieu-chi/TC02")
    check(page, axe_source, "self-assessment criterion with counts and photos")


def test_the_inspectors_and_the_provinces_pages(new_page, axe_source, nghi_thu_wiped, data):
    aid = nghi_thu_wiped
    prepare_submitted(data)
    data.start_inspection(NGHI_THU)
    inspector = login_as(new_page(), "kiemtra1")
    inspector.goto(f"/kiem-tra/{aid}/tieu-chi/TC02")
    check(inspector, axe_source, "inspector's criterion page")

    province = login_as(new_page(), "tinh", lands_on="**/tinh/dot/*")
    check(province, axe_source, "campaign list")
    province.goto(f"/tinh/ho-so/{aid}")
    check(province, axe_source, "province review")
    province.goto(f"/tinh/dot/{data.campaign_id(NGHI_THU)}/tong-quan")
    check(province, axe_source, "dashboard")
