"""The province starts the tờ trình in the background, watches the progress bar, downloads the PDF; the ward
downloads its own self-assessment report; every document kind of the demo is downloadable from the province's
pages for the right units."""
import subprocess

from playwright.sync_api import expect

from .helpers import NGHI_THU, login_as, screenshot


def test_province_starts_the_campaign_report_watches_progress_and_downloads(page, data, tmp_path):
    campaign_id = data.campaign_id(NGHI_THU)
    login_as(page, "tinh", lands_on="**/tinh/dot/*")
    page.goto(f"/tinh/dot/{campaign_id}/bao-cao")
    page.click("[data-testid=start-recognition_pdf]")
    job = page.locator("[data-testid=job]").first
    expect(job).to_be_visible()
    seen = set()
    for _ in range(120):                       # the fragment polls itself every second
        # status and bar read from one snapshot: the fragment may be swapped between two separate reads
        status, value = page.evaluate("""() => { const j = document.querySelector('[data-testid=job]');
            return [j.dataset.status, +j.querySelector('[data-testid=job-progress]').getAttribute('aria-valuenow')]; }""")
        seen.add(value)
        if status in ("done", "failed"):
            break
        page.wait_for_timeout(500)
    assert job.get_attribute("data-status") == "done", job.inner_text()
    assert min(seen) < 100 and max(seen) == 100                 # the bar was watched moving to the end
    expect(job.locator("[data-testid=job-percent]")).to_have_text("100%")
    screenshot(page, "report-job-done")
    with page.expect_download() as download_info:
        job.locator("[data-testid=job-download]").click()
    path = tmp_path / "report.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "BỘ CÔNG AN" in text and "CÔNG AN TỈNH NGHỆ AN" in text and "TỜ TRÌNH" in text
    assert "DỰ THẢO" in text                         # the next tờ trình, not issued yet


def test_the_ward_downloads_its_self_assessment_report(page, data, tmp_path):
    aid = data.assessment_id(NGHI_THU)
    login_as(page, "nghithu")
    response = page.request.get(f"/danh-gia/{aid}/bao-cao.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    path = tmp_path / "self.pdf"
    path.write_bytes(response.body())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "ỦY BAN NHÂN DÂN\nPHƯỜNG NGHI THU" in text and "Lãnh đạo, chỉ đạo và tổ chức thực hiện" in text
    assert "DỰ THẢO" in text and "Nghi Thu, ngày" in text       # still being self-assessed: a draft


def test_every_document_kind_is_downloadable_from_the_provinces_pages(page, data, tmp_path):
    """The demo's story: a recognised unit's decision and minutes are direct links on its review page; the
    documents page lists each decision, letter and revocation with its PDF."""
    import re
    login_as(page, "tinh", lands_on="**/tinh/dot/*")
    campaign_id = data.campaign_id("Phường Thu Thủy")
    page.goto(f"/tinh/ho-so/{data.assessment_id('Phường Thu Thủy')}")
    expect(page.get_by_test_id("status")).to_have_text("Đã công nhận")
    links = page.get_by_test_id("documents")
    expect(links.get_by_test_id("decision-pdf")).to_contain_text("Quyết định công nhận số 3125/QĐ-UBND")
    for testid, wanted in (("decision-pdf", "Số: 3125/QĐ-UBND"), ("minutes-pdf", "Số: 24/BB-ĐKT"),
                           ("self-report-pdf", "Số: 25/BC-UBND")):
        response = page.request.get(links.get_by_test_id(testid).get_attribute("href"))
        assert response.status == 200 and response.headers["content-type"] == "application/pdf", testid
        path = tmp_path / f"{testid}.pdf"
        path.write_bytes(response.body())
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert wanted in text, (testid, text[:400])
    page.goto(f"/tinh/dot/{campaign_id}/van-ban")
    decisions = page.get_by_test_id("decisions")
    expect(decisions).to_contain_text("3125/QĐ-UBND")
    expect(decisions).to_contain_text("4120/UBND-NC")
    expect(page.get_by_test_id("proposals")).to_contain_text("245/TTr-CAT-PC06")
    screenshot(page, "documents-2023")
    hrefs = [a.get_attribute("href") for a in decisions.locator("a", has_text=re.compile(r"^PDF$")).all()]
    assert len(hrefs) == 2
    for href in hrefs:
        response = page.request.get(href)
        assert response.status == 200 and response.body().startswith(b"%PDF")
