"""The province starts the whole-campaign report, watches the progress bar, downloads the PDF;
the ward downloads its own self-assessment report."""
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
    assert "UBND TỈNH NGHỆ AN" in text


def test_the_ward_downloads_its_self_assessment_report(page, data, tmp_path):
    aid = data.assessment_id(NGHI_THU)
    login_as(page, "nghithu")
    response = page.request.get(f"/danh-gia/{aid}/bao-cao.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    path = tmp_path / "self.pdf"
    path.write_bytes(response.body())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "UBND PHƯỜNG NGHI THU" in text and "Lãnh đạo, chỉ đạo và tổ chức thực hiện" in text
