"""The province's documents of a campaign: the standing body's tờ trình (issue one, print it), and each
decision or letter as its own PDF and spreadsheet, listing exactly its units."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import login_required

from ..domain import permissions
from ..services import decisions as acts
from ..services import proposals, recognition
from ..services.errors import ServiceError
from ..services.uow import transaction
from .forms import ConfirmForm, IssueProposalForm, show_service_error
from .htmx import render
from .loaders import actor, load_campaign, me

bp = Blueprint("documents", __name__, url_prefix="/tinh")


@bp.before_request
@login_required
def _province_only():
    if not permissions.can_use_admin(actor()):
        abort(403)


def _issue_form(campaign) -> IssueProposalForm:
    from ..reports.formatting import local_date
    from .province import signer_choices
    form = IssueProposalForm(prefix="tt")
    form.signer.choices = signer_choices(campaign.province_id, committee=False)
    if request.method == "GET" and form.issued_on.data is None:
        form.issued_on.data = local_date(None)
    return form


def _page(campaign, form, status: int = 200):
    from .province import REPORT_KINDS, _recent_jobs
    return render("province/documents.html", http_status=status, campaign=campaign, form=form,
                  proposals=acts.campaign_proposals(campaign), decisions=acts.campaign_decisions(campaign),
                  candidates=recognition.candidates(campaign), jobs=_recent_jobs(campaign), kinds=REPORT_KINDS,
                  confirm=ConfirmForm(),
                  can_issue=permissions.can_issue_proposal(actor(), campaign.province_id))


@bp.get("/dot/<int:campaign_id>/van-ban")
def index(campaign_id: int):
    campaign = load_campaign(campaign_id)
    return _page(campaign, _issue_form(campaign))


@bp.post("/dot/<int:campaign_id>/to-trinh")
def issue(campaign_id: int):
    campaign = load_campaign(campaign_id)
    if not permissions.can_issue_proposal(actor(), campaign.province_id):
        abort(403)
    form = _issue_form(campaign)
    readable = form.validate_on_submit()
    if getattr(form, "csrf_token", None) is not None and form.csrf_token.errors:
        abort(400)
    try:
        with transaction():
            proposal = proposals.issue(campaign, me(), number=form.number.data, issued_on=form.issued_on.data,
                                       signer=acts.signer_by_id(form.signer.data))
            if not readable:
                raise _Unreadable()
    except _Unreadable:
        return _page(campaign, form, 422)
    except ServiceError as exc:
        show_service_error(form, exc)
        return _page(campaign, form, 422)
    flash(f"Đã ban hành Tờ trình số {proposal.number}: đề nghị công nhận "
          f"{sum(1 for e in proposal.entries if e.proposed)} đơn vị.", "success")
    return redirect(url_for("documents.index", campaign_id=campaign.id, _anchor=f"to-trinh-{proposal.id}"))


class _Unreadable(Exception):
    """The browser sent a value the form could not read: nothing is committed."""


@bp.get("/dot/<int:campaign_id>/to-trinh/<int:proposal_id>/du-thao-quyet-dinh.pdf")
def draft_decision(campaign_id: int, proposal_id: int):
    """The decision the tờ trình asks for, as a draft for the People's Committee (DỰ THẢO, no number)."""
    from ..reports.acts import draft_decision as build
    from ..reports.pdf import render_document
    from .downloads import file_response
    campaign = load_campaign(campaign_id)
    proposal = acts.proposal_in(campaign, proposal_id)
    if proposal is None:
        abort(404)
    content = build(proposal)
    if content is None:
        flash("Các đơn vị của tờ trình này đã có quyết định.", "info")
        return redirect(url_for("documents.index", campaign_id=campaign.id, _anchor=f"to-trinh-{proposal.id}"))
    return file_response(render_document(content), "application/pdf",
                         f"du-thao-quyet-dinh-theo-to-trinh-{proposal.number.split('/')[0]}.pdf")


@bp.get("/dot/<int:campaign_id>/van-ban/<int:decision_id>.<fmt>")
def decision_file(campaign_id: int, decision_id: int, fmt: str):
    """A decision or a letter, exactly as issued: PDF, or its list of units as a spreadsheet."""
    from ..domain.text import fold
    from ..reports.acts import decision_document
    from .downloads import file_response
    campaign = load_campaign(campaign_id)
    decision = acts.decision_in(campaign, decision_id)
    if decision is None or fmt not in ("pdf", "xlsx"):
        abort(404)
    content = decision_document(decision)
    stem = fold(f"{decision.kind_enum.document} {decision.number or decision.id}").replace(" ", "-").replace("/", "-")
    if fmt == "pdf":
        from ..reports.pdf import render_document
        return file_response(render_document(content), "application/pdf", stem + ".pdf")
    from ..reports.content import RecognitionDecision
    from ..reports.xlsx import decision_xlsx
    if not isinstance(content, RecognitionDecision):
        abort(404)
    return file_response(decision_xlsx(content),
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", stem + ".xlsx")
