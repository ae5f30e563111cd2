"""The long documents, run as background jobs (a request never renders them itself)."""
from __future__ import annotations

import threading

from ..services.jobs import job_campaign, runner
from . import builders

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SECONDS_PER_PAGE = 0.25   # measured WeasyPrint layout rate on these documents


def _render_pdf(content, pages_estimate: int, progress) -> bytes:
    """WeasyPrint has no progress callback: while it lays out, the bar advances on the measured rate."""
    from .pdf import render_document
    done = threading.Event()
    expected = max(2.0, pages_estimate * SECONDS_PER_PAGE)

    def tick():
        elapsed = 0.0
        while not done.wait(1.0):
            elapsed += 1.0
            progress(20 + int(75 * min(elapsed / expected, 0.99)), "Đang dàn trang PDF (ước tính)")

    from flask import current_app
    app = current_app._get_current_object()

    def tick_in_app():
        with app.app_context():
            tick()

    ticker = threading.Thread(target=tick_in_app, daemon=True)
    ticker.start()
    try:
        return render_document(content)
    finally:
        done.set()
        ticker.join(5)


def _name(campaign, stem: str, ext: str) -> str:
    return f"{stem}-{campaign.year}-dot-{campaign.id}.{ext}"


@runner("recognition_pdf")
def recognition_pdf(job, progress):
    campaign = job_campaign(job)
    progress(5, "Tổng hợp kết quả các đơn vị")
    content = builders.recognition_report(campaign, progress=progress)
    pages = 4 + len(content.units) // 25 + (len(content.units) if content.show_unit_annexes else 0)
    progress(20, "Đang dàn trang PDF")
    return _render_pdf(content, pages, progress), _name(campaign, "bao-cao-ket-qua-tham-dinh", "pdf"), "application/pdf"


@runner("recognition_xlsx")
def recognition_xlsx(job, progress):
    from .xlsx import recognition_xlsx as to_xlsx
    campaign = job_campaign(job)
    content = builders.recognition_report(campaign, progress=progress)
    progress(60, "Đang ghi bảng tính")
    return to_xlsx(content), _name(campaign, "ket-qua-tham-dinh", "xlsx"), XLSX


@runner("decision_pdf")
def decision_pdf(job, progress):
    campaign = job_campaign(job)
    content = builders.recognition_decision(campaign)
    progress(20, "Đang dàn trang PDF")
    return _render_pdf(content, 3 + len(content.units) // 30, progress), _name(campaign, "quyet-dinh-cong-nhan", "pdf"), \
        "application/pdf"
