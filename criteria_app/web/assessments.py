"""The ward's self-assessment: overview, one criterion's items, autosave, evidence, submission."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, request, send_file, url_for
from flask_login import login_required

from ..domain import permissions
from ..domain.answers import AnswerError, answer_from_form
from ..domain.workflow import TransitionRefused
from ..services import assessments as svc
from ..services import evidence as evidence_svc
from ..services.errors import ServiceError
from ..services.uow import transaction
from .forms import SubmitForm, show_service_error
from .htmx import is_htmx, render
from .loaders import actor, load_assessment, load_evidence, me

bp = Blueprint("assessments", __name__, url_prefix="/danh-gia")


def _context(assessment, criterion_code: str | None = None, **extra) -> dict:
    """Everything the page and its fragments print, computed once per request."""
    criteria_set = assessment.criteria_set()
    rows = svc.answer_rows(assessment)
    result = svc.result(assessment, rows)
    who = actor()
    unit = assessment.unit.ref()
    criterion = criteria_set.criterion(criterion_code) if criterion_code else None
    editable = {
        c.code: permissions.can_edit_item(who, unit, assessment.status_enum, c.code, assessment.returned_codes)
        for c in criteria_set.criteria
    }
    return dict(assessment=assessment, criteria_set=criteria_set, rows=rows, result=result,
                criterion=criterion, editable=editable,
                can_submit=permissions.can_submit(who, unit, assessment.status_enum),
                files=svc.evidence_by_item(assessment), **extra)


@bp.get("/<int:assessment_id>")
@login_required
def overview(assessment_id: int):
    assessment = load_assessment(assessment_id)
    return render("assessments/overview.html", **_context(assessment))


@bp.get("/<int:assessment_id>/tieu-chi/<code>")
@login_required
def criterion(assessment_id: int, code: str):
    assessment = load_assessment(assessment_id)
    codes = [c.code for c in assessment.criteria_set().criteria]
    if code not in codes:
        abort(404)
    i = codes.index(code)
    return render("assessments/criterion.html", **_context(
        assessment, code, prev_code=codes[i - 1] if i else None,
        next_code=codes[i + 1] if i + 1 < len(codes) else None))


def _item_response(assessment, item_code: str, *, errors=None, status=200, state="saved",
                   evidence_changed=False):
    ctx = _context(assessment, assessment.criteria_set().criterion_of(item_code).code)
    return render("assessments/_item_saved.html", http_status=status, item=ctx["criteria_set"].item(item_code),
                  errors=errors or {}, state=state, evidence_changed=evidence_changed, **ctx)


def _editable_item(assessment, item_code: str):
    criteria_set = assessment.criteria_set()
    if not criteria_set.has_item(item_code):
        abort(404)
    return criteria_set.item(item_code)


@bp.post("/<int:assessment_id>/chi-tieu/<item_code>")
@login_required
def save_item(assessment_id: int, item_code: str):
    assessment = load_assessment(assessment_id)
    item = _editable_item(assessment, item_code)
    try:
        answer = answer_from_form(item, request.form)
        with transaction():
            svc.save_answer(assessment, item_code, answer, me())
    except AnswerError as exc:
        # Nothing is written: the last good value stays saved; the typed inputs are left as typed.
        return _item_response(assessment, item_code, errors={exc.field: exc.message}, status=422, state="error")
    return _item_response(assessment, item_code)


@bp.post("/<int:assessment_id>/chi-tieu/<item_code>/giai-trinh")
@login_required
def save_explanation(assessment_id: int, item_code: str):
    assessment = load_assessment(assessment_id)
    _editable_item(assessment, item_code)
    try:
        with transaction():
            svc.save_explanation(assessment, item_code, request.form.get("explanation", ""), me())
    except ServiceError as exc:
        return _item_response(assessment, item_code, errors={exc.field or "explanation": exc.message},
                              status=422, state="error")
    return _item_response(assessment, item_code)


@bp.post("/<int:assessment_id>/chi-tieu/<item_code>/minh-chung")
@login_required
def upload_evidence(assessment_id: int, item_code: str):
    assessment = load_assessment(assessment_id)
    _editable_item(assessment, item_code)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _item_response(assessment, item_code, errors={"file": "Chọn một tệp để tải lên."},
                              status=422, state="error")
    try:
        with transaction():
            evidence_svc.add_evidence(assessment, item_code, upload.stream, upload.filename, me())
    except ServiceError as exc:
        return _item_response(assessment, item_code, errors={"file": exc.message}, status=422, state="error")
    if not is_htmx():
        return redirect(_criterion_url(assessment, item_code))
    return _item_response(assessment, item_code, evidence_changed=True)


@bp.post("/<int:assessment_id>/minh-chung/<int:evidence_id>/xoa")
@login_required
def delete_evidence(assessment_id: int, evidence_id: int):
    assessment = load_assessment(assessment_id)
    evidence = load_evidence(assessment, evidence_id)
    with transaction():
        evidence_svc.remove_evidence(evidence, me())
    if not is_htmx():
        return redirect(_criterion_url(assessment, evidence.item_code))
    return _item_response(assessment, evidence.item_code, evidence_changed=True)


@bp.get("/<int:assessment_id>/minh-chung/<int:evidence_id>")
@login_required
def download_evidence(assessment_id: int, evidence_id: int):
    assessment = load_assessment(assessment_id)
    evidence = load_evidence(assessment, evidence_id)
    path = evidence_svc.path_of(evidence)
    if not path.is_file():
        current_app.logger.error("evidence file missing: %s", evidence.stored_name)
        abort(404)
    # images were re-encoded on upload and may show in the page; a PDF is only ever downloaded
    return _private_file(send_file(path, mimetype=evidence.content_type, download_name=evidence.original_name,
                                   as_attachment=not evidence.is_image, max_age=0))


@bp.get("/<int:assessment_id>/minh-chung/<int:evidence_id>/anh-nho")
@login_required
def evidence_thumbnail(assessment_id: int, evidence_id: int):
    """The small server-made JPEG that lists and pages show instead of the full image."""
    assessment = load_assessment(assessment_id)
    evidence = load_evidence(assessment, evidence_id)
    thumb = evidence_svc.thumbnail_of(evidence)
    if thumb is None:
        abort(404)
    return _private_file(send_file(thumb, mimetype="image/jpeg", max_age=0))


def _private_file(response):
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _criterion_url(assessment, item_code: str) -> str:
    code = assessment.criteria_set().criterion_of(item_code).code
    return url_for("assessments.criterion", assessment_id=assessment.id, code=code, _anchor=f"item-{item_code}")


@bp.route("/<int:assessment_id>/gui", methods=["GET", "POST"])
@login_required
def submit(assessment_id: int):
    from ..reports.formatting import local_date
    assessment = load_assessment(assessment_id)
    form = SubmitForm()
    missing = svc.missing_for_submission(assessment)
    refused = None
    if request.method == "GET":
        form.report_date.data = local_date(None)   # the ward's day (Asia/Ho_Chi_Minh)
    if request.method == "POST":
        readable = form.validate_on_submit()
        if getattr(form, "csrf_token", None) is not None and form.csrf_token.errors:
            abort(400)
        try:
            with transaction():
                svc.submit_assessment(assessment, me(), report_number=form.report_number.data,
                                      report_date=form.report_date.data)
                if not readable:
                    raise TransitionRefused("")
        except svc.SubmissionIncomplete as exc:
            missing = exc.missing
        except TransitionRefused as exc:
            refused = exc.message or None
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            flash("Đã gửi hồ sơ tự đánh giá. Hồ sơ đã được khóa.", "success")
            return redirect(url_for("assessments.overview", assessment_id=assessment.id))
    status = 200 if request.method == "GET" else 422
    return render("assessments/submit.html", form=form, missing=missing, refused=refused,
                  http_status=status, **_context(assessment))


@bp.get("/<int:assessment_id>/lich-su")
@login_required
def history(assessment_id: int):
    from ..services.history import entries
    assessment = load_assessment(assessment_id)
    return render("assessments/history.html", assessment=assessment, entries=entries(assessment))


@bp.get("/<int:assessment_id>/lich-su.csv")
@login_required
def history_csv(assessment_id: int):
    from flask import Response

    from ..domain.text import fold
    from ..services.history import as_csv
    assessment = load_assessment(assessment_id)
    name = fold(assessment.unit_name).replace(" ", "-")
    return Response(as_csv(assessment), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="lich-su-{name}-{assessment.campaign.year}.csv"',
                             "Cache-Control": "private, no-store"})


@bp.get("/<int:assessment_id>/bao-cao.<fmt>")
@login_required
def report(assessment_id: int, fmt: str):
    """The Báo cáo tự đánh giá as PDF (a few pages: rendered in the request) or XLSX."""
    from ..reports.builders import self_assessment_report
    from .downloads import file_response
    assessment = load_assessment(assessment_id)
    content = self_assessment_report(assessment)
    name = f"bao-cao-tu-danh-gia-{assessment.unit_name}-{assessment.campaign.year}"
    if fmt == "pdf":
        from ..reports.pdf import render_document
        return file_response(render_document(content), "application/pdf", name + ".pdf")
    if fmt == "xlsx":
        from ..reports.xlsx import self_assessment_xlsx
        return file_response(self_assessment_xlsx(content),
                             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx")
    abort(404)
