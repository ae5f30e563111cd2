"""The long documents, run as background jobs (a request never renders them itself)."""
from __future__ import annotations

import threading

import json

from ..services.jobs import job_campaign, runner

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


def _proposal(job, campaign):
    """The tờ trình a job prints: the one its parameters name, else the draft of the next one."""
    from ..services.decisions import proposal_in
    proposal_id = json.loads(job.params or "{}").get("proposal_id")
    return proposal_in(campaign, int(proposal_id)) if proposal_id else None


@runner("recognition_pdf")
def recognition_pdf(job, progress):
    """The standing body's tờ trình đề nghị công nhận (issued, or the draft of the next one)."""
    from .acts import proposal_document
    campaign = job_campaign(job)
    progress(5, "Tổng hợp kết quả các đơn vị")
    proposal = _proposal(job, campaign)
    content = proposal_document(campaign, proposal, progress=progress)
    pages = 5 + len(content.units) // 25
    progress(20, "Đang dàn trang PDF")
    stem = f"to-trinh-{proposal.number.split('/')[0]}" if proposal else "du-thao-to-trinh"
    return _render_pdf(content, pages, progress), _name(campaign, stem, "pdf"), "application/pdf"


@runner("recognition_xlsx")
def recognition_xlsx(job, progress):
    """The province's spreadsheet: every unit, its status, self and team scores per criterion, decisions."""
    from ..services.province_table import province_table
    from .xlsx import province_xlsx
    campaign = job_campaign(job)
    progress(10, "Tổng hợp kết quả các đơn vị")
    table = province_table(campaign)
    progress(60, "Đang ghi bảng tính")
    return province_xlsx(table), _name(campaign, "ket-qua-danh-gia", "xlsx"), XLSX
