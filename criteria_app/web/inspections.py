"""On-site inspection on a tablet: members score beside the ward's answers, the lead merges, both sides
confirm the minutes."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import login_required

from ..domain import permissions
from ..domain.answers import AnswerError, answer_from_form
from ..domain.inspection_lifecycle import InspectionState
from ..services import inspections as svc
from ..services.errors import ServiceError
from ..services.uow import transaction
from .forms import ConfirmForm
from .htmx import render
from .limits import password_confirmation_limits
from .loaders import actor, load_assessment, load_inspection, load_merge, me

bp = Blueprint("inspections", __name__, url_prefix="/kiem-tra")


def _criterion_context(assessment, inspection, code: str | None, **extra):
    board = svc.board(inspection)
    user, ref = me(), inspection.ref()
    member = permissions.is_team_member(actor(), inspection.team_id)
    result = board.result_of(user) if member else board.team_result
    criteria = board.criteria_set.criteria
    codes = [c.code for c in criteria]
    criterion = board.criteria_set.criterion(code) if code else None
    i = codes.index(code) if code else 0
    from ..services.assessments import answer_rows, evidence_by_item
    return dict(assessment=assessment, inspection=inspection, board=board, me=user, result=result,
                criteria_set=board.criteria_set, criterion=criterion,
                prev_code=codes[i - 1] if code and i else None,
                next_code=codes[i + 1] if code and i + 1 < len(codes) else None,
                rows=answer_rows(assessment), files=evidence_by_item(assessment), photos=svc.photos(inspection),
                notes=svc.notes(inspection), is_lead=permissions.is_team_lead(actor(), inspection.team_id),
                scoring=permissions.can_score(actor(), ref), can_merge=permissions.can_merge(actor(), ref),
                scores_title="Điểm kiểm tra của bạn" if member else "Điểm của đoàn",
                criterion_endpoint="inspections.criterion", **extra)


@bp.get("/<int:assessment_id>")
@login_required
def overview(assessment_id: int):
    assessment = load_assessment(assessment_id)
    inspection = svc.current_inspection(assessment)
    can_start = permissions.can_start_inspection(actor(), assessment.unit.ref(), assessment.status_enum)
    if inspection is None:
        if actor().role.is_ward:
            abort(404)
        return render("inspections/not_started.html", assessment=assessment, can_start=can_start,
                      form=ConfirmForm(), criteria_set=assessment.criteria_set())
    if actor().role.is_ward:
        return redirect(url_for("inspections.minutes", assessment_id=assessment.id))
    return render("inspections/overview.html", can_start=can_start and inspection.status == InspectionState.SIGNED,
                  form=ConfirmForm(), **_criterion_context(assessment, inspection, None))


@bp.post("/<int:assessment_id>/bat-dau")
@login_required
def start(assessment_id: int):
    assessment = load_assessment(assessment_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with transaction():
        svc.start_inspection(assessment, me())
    return redirect(url_for("inspections.overview", assessment_id=assessment.id))


@bp.get("/<int:assessment_id>/tieu-chi/<code>")
@login_required
def criterion(assessment_id: int, code: str):
    assessment = load_assessment(assessment_id)
    inspection = load_inspection(assessment, as_member=True)
    if code not in [c.code for c in assessment.criteria_set().criteria]:
        abort(404)
    return render("inspections/criterion.html", **_criterion_context(assessment, inspection, code))


def _item_or_404(assessment, item_code):
    cs = assessment.criteria_set()
    if not cs.has_item(item_code):
        abort(404)
    return cs.item(item_code)


def _state_response(assessment, inspection, item_code, *, errors=None, status=200, state="saved",
                    photos_changed=False):
    ctx = _criterion_context(assessment, inspection, assessment.criteria_set().criterion_of(item_code).code)
    return render("inspections/_item_saved.html", http_status=status, item=ctx["criteria_set"].item(item_code),
                  errors=errors or {}, state=state, photos_changed=photos_changed, **ctx)


@bp.post("/<int:assessment_id>/chi-tieu/<item_code>")
@login_required
def save_answer(assessment_id: int, item_code: str):
    assessment = load_assessment(assessment_id)
    inspection = load_inspection(assessment, as_member=True)
    item = _item_or_404(assessment, item_code)
    try:
        answer = answer_from_form(item, request.form)
        with transaction():
            svc.save_member_answer(inspection, item_code, answer, me())
    except AnswerError as exc:
        return _state_response(assessment, inspection, item_code, errors={exc.field: exc.message},
                               status=422, state="error")
    except ServiceError as exc:
        return _state_response(assessment, inspection, item_code, errors={"value": exc.message},
                               status=422, state="error")
    return _state_response(assessment, inspection, item_code)


@bp.post("/<int:assessment_id>/chi-tieu/<item_code>/ly-do")
@login_required
def save_reason(assessment_id: int, item_code: str):
    assessment = load_assessment(assessment_id)
    inspection = load_inspection(assessment, as_member=True)
    _item_or_404(assessment, item_code)
    try:
        with transaction():
            svc.save_member_reason(inspection, item_code, request.form.get("reason", ""), me())
    except ServiceError as exc:
        return _state_response(assessment, inspection, item_code, errors={"reason": exc.message},
                               status=422, state="error")
    return _state_response(assessment, inspection, item_code)


def _taken_at(raw: str | None) -> datetime | None:
    """The device's time for the photo (file lastModified, milliseconds since the epoch)."""
    text = (raw or "").strip()
    if not text.isdigit() or len(text) > 15:       # milliseconds: 13 digits until the year 2286
        return None
    taken = datetime.fromtimestamp(int(text) / 1000, tz=timezone.utc).replace(tzinfo=None)
    return taken if taken.year >= 2000 else None


@bp.post("/<int:assessment_id>/chi-tieu/<item_code>/anh")
@login_required
def add_photo(assessment_id: int, item_code: str):
    assessment = load_assessment(assessment_id)
    inspection = load_inspection(assessment, as_member=True)
    _item_or_404(assessment, item_code)
    upload = request.files.get("photo")
    if upload is None or not upload.filename:
        return _state_response(assessment, inspection, item_code, errors={"photo": "Chụp hoặc chọn một ảnh."},
                               status=422, state="error")
    try:
        with transaction():
            svc.add_photo(inspection, item_code, upload.stream, upload.filename,
                          _taken_at(request.form.get("taken_at")), me())
    except ServiceError as exc:
        return _state_response(assessment, inspection, item_code, errors={"photo": exc.message},
                               status=422, state="error")
    return _state_response(assessment, inspection, item_code, photos_changed=True)


@bp.post("/<int:assessment_id>/ghi-chu/<code>")
@login_required
def save_note(assessment_id: int, code: str):
    assessment = load_assessment(assessment_id)
    inspection = load_inspection(assessment, as_member=True)
    if code not in [c.code for c in assessment.criteria_set().criteria]:
        abort(404)
    with transaction():
        svc.save_note(inspection, code, request.form.get("note", ""), me())
    return render("inspections/_note_saved.html")


# ---- the lead's merge -----------------------------------------------------------------------

@bp.get("/<int:assessment_id>/tong-hop/<code>")
@login_required
def merge(assessment_id: int, code: str):
    assessment = load_assessment(assessment_id)
    inspection = load_merge(assessment)
    if code not in [c.code for c in assessment.criteria_set().criteria]:
        abort(404)
    ctx = _criterion_context(assessment, inspection, code)
    ctx.update(result=ctx["board"].team_result, scores_title="Điểm của đoàn",
               criterion_endpoint="inspections.merge", merging=ctx["can_merge"])
    return render("inspections/merge.html", form=ConfirmForm(), **ctx)


@bp.post("/<int:assessment_id>/tong-hop/chi-tieu/<item_code>")
@login_required
def set_team_answer(assessment_id: int, item_code: str):
    assessment = load_assessment(assessment_id)
    inspection = load_inspection(assessment, as_lead=True)
    item = _item_or_404(assessment, item_code)
    errors = {}
    try:
        answer = answer_from_form(item, request.form)
        with transaction():
            svc.set_team_answer(inspection, item_code, answer, request.form.get("reason", ""), me())
    except AnswerError as exc:
        errors = {exc.field: exc.message}
    except ServiceError as exc:
        errors = {exc.field or "value": exc.message}
    ctx = _criterion_context(assessment, inspection, assessment.criteria_set().criterion_of(item_code).code)
    ctx.update(result=ctx["board"].team_result, scores_title="Điểm của đoàn", criterion_endpoint="inspections.merge",
               merging=True)
    return render("inspections/_team_saved.html", item=item, errors=errors, state="error" if errors else "saved",
                  http_status=422 if errors else 200, **ctx)


@bp.post("/<int:assessment_id>/tong-hop/thong-nhat")
@login_required
def adopt(assessment_id: int):
    assessment = load_assessment(assessment_id)
    inspection = load_inspection(assessment, as_lead=True)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with transaction():
        count = svc.adopt_unanimous(inspection, me())
    flash(f"Đã lấy kết quả thống nhất của các thành viên cho {count} chỉ tiêu.", "success")
    return redirect(url_for("inspections.overview", assessment_id=assessment.id))


# ---- minutes ----------------------------------------------------------------------------------

MINUTES_TEXTS = ("number", "place", "ward_representatives", "findings", "recommendations", "conclusion")


def _local_moment(raw: str | None) -> datetime | None:
    """A time typed on the page (Vietnam time, 'YYYY-MM-DDTHH:MM') as stored (naive UTC); ValueError if unreadable."""
    from ..reports.formatting import LOCAL
    raw = (raw or "").strip()
    if not raw:
        return None
    moment = datetime.fromisoformat(raw)
    return moment.replace(tzinfo=LOCAL).astimezone(timezone.utc).replace(tzinfo=None)


def _minutes_input() -> tuple[dict, dict]:
    """What the lead sent for the minutes, and the fields that could not be read (kept as typed)."""
    values, unreadable = {}, {}
    for key in MINUTES_TEXTS:
        if key in request.form:
            values[key] = request.form.get(key, "")
    for key in ("started_at", "ended_at"):
        if key in request.form:
            try:
                values[key] = _local_moment(request.form.get(key))
            except ValueError:
                unreadable[key] = "Giờ không hợp lệ."
    if "copies" in request.form:
        try:
            values["copies"] = int(request.form.get("copies", ""))
        except ValueError:
            unreadable["copies"] = "Nhập số bản."
    return values, unreadable


def _local_input(moment: datetime | None) -> str:
    from ..reports.formatting import to_local
    return to_local(moment).strftime("%Y-%m-%dT%H:%M") if moment else ""


def _minutes_page(assessment, inspection, form, *, error=None, errors=None, confirm_errors=None, status=200):
    from ..reports.builders import inspection_minutes
    ref = inspection.ref()
    moments = {"started_at": _local_input(inspection.started_at), "ended_at": _local_input(inspection.ended_at)}
    return render("inspections/minutes.html", http_status=status, error=error, errors=errors or {},
                  confirm_errors=confirm_errors or {}, form=form,
                  assessment=assessment, inspection=inspection, content=inspection_minutes(inspection),
                  outstanding=svc.board(inspection).outstanding() if inspection.status == InspectionState.OPEN else [],
                  can_finalise=permissions.can_finalise(actor(), ref),
                  can_edit_minutes=permissions.can_edit_minutes(actor(), ref),
                  can_reopen=permissions.can_reopen_scoring(actor(), ref),
                  can_confirm=permissions.can_confirm_minutes(actor(), ref), values=request.form, moments=moments)


def _write_minutes(assessment, use_case, done: str):
    inspection = load_inspection(assessment, as_lead=True)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    values, unreadable = _minutes_input()
    try:
        with transaction():
            use_case(inspection, me(), **values)
            if unreadable:
                raise _Unreadable()
    except _Unreadable:
        return _minutes_page(assessment, inspection, form, errors=unreadable, status=422)
    except ServiceError as exc:
        errors = {**(getattr(exc, "errors", None) or ({exc.field: exc.message} if exc.field else {})), **unreadable}
        return _minutes_page(assessment, inspection, form, errors=errors,
                             error=None if getattr(exc, "errors", None) or exc.field else exc.message, status=422)
    flash(done, "success")
    return redirect(url_for("inspections.minutes", assessment_id=assessment.id))


class _Unreadable(Exception):
    """A field could not be read: nothing is committed."""


@bp.route("/<int:assessment_id>/bien-ban", methods=["GET", "POST"])
@login_required
def minutes(assessment_id: int):
    assessment = load_assessment(assessment_id)
    if request.method == "POST":
        return _write_minutes(assessment, svc.finalise, "Đã chốt kết quả của đoàn. Biên bản chờ hai bên xác nhận.")
    return _minutes_page(assessment, load_inspection(assessment), ConfirmForm())


@bp.post("/<int:assessment_id>/bien-ban/luu")
@login_required
def save_minutes(assessment_id: int):
    assessment = load_assessment(assessment_id)
    return _write_minutes(assessment, svc.save_minutes, "Đã lưu biên bản.")


@bp.post("/<int:assessment_id>/bien-ban/xac-nhan")
@password_confirmation_limits
@login_required
def confirm(assessment_id: int):
    assessment = load_assessment(assessment_id)
    inspection = load_inspection(assessment)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        with transaction():
            svc.confirm_minutes(inspection, me(), request.form.get("password", ""),
                                request.form.get("signature") or None)
    except ServiceError as exc:   # shown on the minutes, beside the password field when it is about it
        return _minutes_page(assessment, inspection, form, confirm_errors={exc.field or "form": exc.message},
                             status=422)
    flash("Đã xác nhận biên bản." + (" Biên bản đã đủ hai bên xác nhận và được khóa."
                                     if inspection.status == InspectionState.SIGNED else ""), "success")
    return redirect(url_for("inspections.minutes", assessment_id=assessment.id))


@bp.post("/<int:assessment_id>/bien-ban/mo-lai")
@login_required
def reopen(assessment_id: int):
    assessment = load_assessment(assessment_id)
    inspection = load_inspection(assessment, as_lead=True)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with transaction():
        svc.reopen_scoring(inspection, me())
    return redirect(url_for("inspections.overview", assessment_id=assessment.id))


@bp.get("/<int:assessment_id>/bien-ban.pdf")
@login_required
def minutes_pdf(assessment_id: int):
    from ..reports.builders import inspection_minutes
    from ..reports.pdf import render_document
    from .downloads import file_response
    assessment = load_assessment(assessment_id)
    inspection = load_inspection(assessment)
    return file_response(render_document(inspection_minutes(inspection)), "application/pdf",
                         f"bien-ban-kiem-tra-{assessment.unit_name}-lan-{inspection.round}.pdf")
