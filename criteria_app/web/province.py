"""The province: the campaign list, the review of one unit (self against team, what changed),
returns, proposal, decision, revocation and reopening."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import login_required

from ..domain import permissions
from ..domain.inspection_lifecycle import InspectionState
from ..domain.workflow import Action, Status, TransitionRefused, find_transition
from ..services import overview as overview_svc
from ..services import review
from ..services.assessments import answer_rows, evidence_by_item
from ..services.errors import ServiceError
from ..services.recognition import RuleNotMet
from ..services.inspections import board, current_inspection
from ..services.uow import transaction
from .converters import parse_id
from .forms import ApproveForm, ConfirmForm, ProposeForm, ReasonForm, RefuseForm, ReturnForm, RevokeForm, show_service_error
from .htmx import render
from .loaders import actor, load_campaign, load_job, load_review, me

bp = Blueprint("province", __name__, url_prefix="/tinh")


@bp.before_request
@login_required
def _province_only():
    if not permissions.can_use_admin(actor()):
        abort(403)


@bp.get("/")
def index():
    campaigns = overview_svc.campaigns_of(actor().province_id)
    if not campaigns:
        return render("province/no_campaign.html")
    return redirect(url_for("province.campaign", campaign_id=campaigns[0].id))


@bp.get("/dot/<int:campaign_id>")
def campaign(campaign_id: int):
    campaign = load_campaign(campaign_id)
    status = request.args.get("status") or None
    if status and status not in {s.value for s in Status}:
        status = None
    failing = request.args.get("failing") or None
    query = request.args.get("q", "").strip()
    rows = overview_svc.campaign_rows(campaign, status=status, query=query, failing=failing)
    return render("province/campaign.html", campaign=campaign, rows=rows, status_filter=status, query=query,
                  failing=failing, campaigns=overview_svc.campaigns_of(actor().province_id),
                  criteria=campaign.criteria_set.parsed().criteria)


def signer_choices(province_id: int, *, committee: bool) -> list:
    """The people who may sign for the People's Committee (committee) or the standing body."""
    from wtforms import SelectChoice

    from ..domain.documents import Rank
    from ..services.legal import signers
    return [SelectChoice("", "— Chọn người ký —")] + [
        SelectChoice(str(u.id), f"{u.display_name} – {u.position or Rank(u.signing_rank).label}")
        for u in signers(province_id, committee=committee)]


def _forms(assessment):
    from ..reports.formatting import local_date
    codes = [(c.code, f"{c.code}. {c.title}") for c in assessment.criteria_set().criteria]
    forms = dict(return_form=ReturnForm(prefix="ret"), propose_form=ProposeForm(prefix="pro"),
                 approve_form=ApproveForm(prefix="app"), refuse_form=RefuseForm(prefix="ref"),
                 revoke_form=RevokeForm(prefix="rev"), reopen_form=ReasonForm(prefix="reo"))
    forms["return_form"].criteria.choices = codes
    province_id = assessment.campaign.province_id
    committee = signer_choices(province_id, committee=True)
    for name in ("approve_form", "refuse_form", "revoke_form"):
        forms[name].signer.choices = committee
    forms["propose_form"].signer.choices = signer_choices(province_id, committee=False)
    if request.method == "GET":
        today = local_date(None)   # the province's day (Asia/Ho_Chi_Minh), not the server's
        forms["propose_form"].issued_on.data = forms["propose_form"].issued_on.data or today
        forms["approve_form"].decided_on.data = forms["approve_form"].decided_on.data or today
        forms["approve_form"].valid_from.data = forms["approve_form"].valid_from.data or today
        forms["refuse_form"].decided_on.data = forms["refuse_form"].decided_on.data or today
        forms["revoke_form"].decided_on.data = forms["revoke_form"].decided_on.data or today
    return forms


def _review_page(assessment, http_status=200, error=None, open_form=None, failures=(), **forms):
    from ..domain import recognition as rule
    from ..services import decisions, recognition
    from ..services.assessments import result
    inspection = current_inspection(assessment)
    b = board(inspection) if inspection is not None and inspection.status != InspectionState.OPEN else None
    subs, changes = review.latest_changes(assessment)
    judged, judged_on = recognition.judged_result(assessment)
    return render("province/review.html", http_status=http_status, assessment=assessment, error=error,
                  open_form=open_form, self_result=result(assessment), board=b, inspection=inspection,
                  submissions=subs, changes=changes, criteria_set=assessment.criteria_set(),
                  rows=answer_rows(assessment), files=evidence_by_item(assessment),
                  acts=decisions.unit_acts(assessment), judged=judged, judged_on=judged_on,
                  rule_failures=rule.failures(judged), rule_text=rule.rule_text(judged), failures=failures,
                  actions=permissions.province_actions(actor(), assessment.unit.ref(), assessment.status_enum),
                  **forms)


@bp.get("/ho-so/<int:assessment_id>")
def assessment(assessment_id: int):
    a = load_review(assessment_id)
    return _review_page(a, **_forms(a))


ACTIONS = {
    "tra-lai": (Action.RETURN, "return_form"), "de-nghi": (Action.PROPOSE, "propose_form"),
    "cong-nhan": (Action.APPROVE, "approve_form"), "khong-cong-nhan": (Action.REFUSE, "refuse_form"),
    "thu-hoi": (Action.REVOKE, "revoke_form"), "mo-lai": (Action.REOPEN, "reopen_form"),
}


@bp.post("/ho-so/<int:assessment_id>/<verb>")
def act(assessment_id: int, verb: str):
    if verb not in ACTIONS:
        abort(404)
    a = load_review(assessment_id)
    action, form_name = ACTIONS[verb]
    forms = _forms(a)
    form = forms[form_name]
    try:
        find_transition(a.status_enum, action, actor().role)
    except TransitionRefused as exc:
        return _review_page(a, http_status=422, error=exc.message, **forms)
    readable = form.validate_on_submit()
    if getattr(form, "csrf_token", None) is not None and form.csrf_token.errors:
        abort(400)
    try:
        with transaction():
            # the service checks every field (an unreadable date reaches it as missing) and refuses them all
            _act(a, action, form, me())
            if not readable:
                raise _Unreadable()
    except _Unreadable:
        return _review_page(a, http_status=422, open_form=form_name, **forms)
    except TransitionRefused as exc:
        return _review_page(a, http_status=422, error=exc.message, open_form=form_name, **forms)
    except RuleNotMet as exc:
        return _review_page(a, http_status=422, error=exc.message, failures=exc.failures, open_form=form_name,
                            **forms)
    except ServiceError as exc:
        show_service_error(form, exc)
        return _review_page(a, http_status=422, error=None if exc.field else exc.message, open_form=form_name,
                            **forms)
    flash(f"Đã thực hiện: {action.label}. Trạng thái mới: {a.status_enum.label}.", "success")
    # the form posted to #xu-ly; without an anchor of its own the redirect would keep it and hide the flash
    return redirect(url_for("province.assessment", assessment_id=a.id, _anchor="noi-dung"))


class _Unreadable(Exception):
    """The browser sent a value the form could not read: nothing is committed."""


def _act(a, action: Action, form, user) -> None:
    from ..services.decisions import signer_by_id
    if action == Action.RETURN:
        review.return_criteria(a, form.criteria.data, form.reason.data, user)
    elif action == Action.PROPOSE:
        review.propose(a, user, form.note.data or "", number=form.number.data, issued_on=form.issued_on.data,
                       signer=signer_by_id(form.signer.data))
    elif action == Action.APPROVE:
        review.approve(a, user, number=form.number.data, decided_on=form.decided_on.data,
                       signer=signer_by_id(form.signer.data), valid_from=form.valid_from.data,
                       valid_to=form.valid_to.data)
    elif action == Action.REFUSE:
        review.refuse(a, user, reason=form.reason.data, decided_on=form.decided_on.data, number=form.number.data,
                      signer=signer_by_id(form.signer.data))
    elif action == Action.REVOKE:
        review.revoke(a, user, form.reason.data, number=form.number.data, decided_on=form.decided_on.data,
                      signer=signer_by_id(form.signer.data))
    else:
        review.reopen(a, user, form.reason.data)


HEATMAP_PAGE = 200


@bp.get("/dot/<int:campaign_id>/tong-quan")
def dashboard(campaign_id: int):
    from markupsafe import Markup

    from ..services import dashboard as dashboard_svc
    from .dashboard_svg import STATUS_COLOURS, STATUS_MARKS, timeline_chart, units_map
    campaign = load_campaign(campaign_id)
    status = request.args.get("status") or None
    if status and status not in {s.value for s in Status}:
        status = None
    board = dashboard_svc.build(campaign, status=status, query=request.args.get("q", "").strip(),
                                failing=request.args.get("failing") or None, area=request.args.get("area") or None)
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page = 1
    shown = board.rows[(page - 1) * HEATMAP_PAGE: page * HEATMAP_PAGE]
    return render("province/dashboard.html", campaign=campaign, board=board, shown=shown, page=page,
                  pages=max(1, -(-len(board.rows) // HEATMAP_PAGE)), args=request.args,
                  criteria=campaign.criteria_set.parsed().criteria, colours=STATUS_COLOURS, marks=STATUS_MARKS,
                  map_svg=Markup(units_map(board.points)),
                  timeline_svg=Markup(timeline_chart(board.timeline, board.all_count)))


REPORT_KINDS = {
    "recognition_pdf": "Tờ trình đề nghị công nhận (PDF)",
    "recognition_xlsx": "Bảng kết quả đánh giá của tỉnh (XLSX)",
}


def _recent_jobs(campaign):
    from ..services.jobs import recent_jobs
    return recent_jobs(campaign)


@bp.get("/dot/<int:campaign_id>/bao-cao")
def reports(campaign_id: int):
    from .forms import ConfirmForm
    campaign = load_campaign(campaign_id)
    return render("province/reports.html", campaign=campaign, kinds=REPORT_KINDS, jobs=_recent_jobs(campaign),
                  form=ConfirmForm())


@bp.post("/dot/<int:campaign_id>/bao-cao/<kind>")
def start_report(campaign_id: int, kind: str):
    from ..services import jobs
    from .forms import ConfirmForm
    from .htmx import is_htmx
    campaign = load_campaign(campaign_id)
    if kind not in REPORT_KINDS:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    params = {}
    proposal_id = request.form.get("proposal_id", "")
    if kind == "recognition_pdf" and proposal_id:
        from ..services.decisions import proposal_in
        proposal = proposal_in(campaign, parse_id(proposal_id)) if parse_id(proposal_id) else None
        if proposal is None:
            abort(404)
        params["proposal_id"] = proposal.id
    return _started(lambda: jobs.enqueue(kind, me(), campaign_id=campaign.id, **params), campaign.id)


def _started(start, campaign_id: int):
    """The new job's fragment (or page); the queue's refusal as a message, with nothing queued.
    (A job commits its own row before the queue hears of it: see services.jobs.enqueue.)"""
    from ..services.jobs import QueueUnavailable
    from .htmx import is_htmx
    try:
        job = start()
    except QueueUnavailable as exc:
        if is_htmx():
            return render("province/_job_refused.html", message=exc.message, http_status=422)
        flash(exc.message, "error")
        return redirect(url_for("province.reports", campaign_id=campaign_id))
    if is_htmx():
        return render("province/_job.html", job=job, kinds=REPORT_KINDS, form=ConfirmForm())
    return redirect(url_for("province.job", job_id=job.id))


@bp.post("/bao-cao/<job_id>/thu-lai")
def retry_job(job_id: str):
    from ..domain.records import JobStatus
    from ..services import jobs
    job = load_job(job_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    jobs.reconcile(job)
    if job.status != JobStatus.FAILED:
        abort(409)
    return _started(lambda: jobs.retry(job, me()), job.campaign_id)


@bp.get("/bao-cao/<job_id>")
def job(job_id: str):
    from .htmx import is_htmx
    from ..services.jobs import reconcile
    job = reconcile(load_job(job_id))
    if is_htmx():
        return render("province/_job.html", job=job, kinds=REPORT_KINDS, form=ConfirmForm())
    return render("province/job.html", job=job, kinds=REPORT_KINDS, form=ConfirmForm())


@bp.get("/bao-cao/<job_id>/tai")
def job_download(job_id: str):
    from pathlib import Path

    from ..domain.records import JobStatus
    from .downloads import file_response
    job = load_job(job_id)
    if job.status != JobStatus.DONE or not job.result_path or not Path(job.result_path).is_file():
        abort(404)
    return file_response(Path(job.result_path).read_bytes(), job.result_type, job.result_name)
