"""Administration of what the documents cite and who signs them (/quan-tri/can-cu): a campaign's legal
references, the decision forming a team and its members' roles, each person's gender and signing rank.

Registered under the administration blueprint, so its access rule (province-wide users of their own
province) applies first; changing campaign references needs can_manage_campaigns, teams and people
can_manage_people (the loaders check, the services check again).
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from ...domain import permissions
from ...domain.documents import Authority, Gender, Rank, TeamRole
from ...domain.roles import Role
from ...domain.text import sort_key
from ...services import legal
from ...services.errors import ServiceError
from ...services.scope import province_users
from ...services.uow import transaction
from ..forms import ConfirmForm, VnDateField, show_service_error
from ..htmx import render
from ..loaders import actor, load_campaign, load_team, load_user, me
from .forms import AdminForm

bp = Blueprint("documents", __name__, url_prefix="/can-cu")


class BasisForm(AdminForm):
    plan_number = StringField("Số kế hoạch của tỉnh")
    plan_date = VnDateField("Ngày kế hoạch", validators=[Optional()])
    plan_issuer = StringField("Cơ quan ban hành kế hoạch")
    plan_summary = TextAreaField("Trích yếu kế hoạch")
    criteria_number = StringField("Số quyết định ban hành bộ tiêu chí")
    criteria_date = VnDateField("Ngày quyết định", validators=[Optional()])
    criteria_issuer = StringField("Người, cơ quan ban hành")
    criteria_summary = TextAreaField("Trích yếu quyết định")
    standing_body = StringField("Cơ quan thường trực")
    standing_parent = StringField("Cơ quan cấp trên của cơ quan thường trực")
    standing_abbr = StringField("Chữ viết tắt của cơ quan thường trực")
    standing_unit = StringField("Đơn vị soạn thảo của cơ quan thường trực")
    authority = SelectField("Thẩm quyền quyết định công nhận",
                            choices=[SelectChoice(a.value, a.label) for a in Authority])
    decision_unit = StringField("Đơn vị soạn thảo quyết định (Văn phòng UBND tỉnh)")


class LegalTextForm(AdminForm):
    title = StringField("Tên văn bản")
    number = StringField("Số, ký hiệu")
    issued_on = VnDateField("Ngày ban hành", validators=[Optional()])
    issuer = StringField("Cơ quan, người ban hành")
    summary = TextAreaField("Trích yếu")


class TeamDecisionForm(AdminForm):
    decision_number = StringField("Số quyết định thành lập đoàn")
    decision_date = VnDateField("Ngày quyết định", validators=[Optional()])
    decision_issuer = StringField("Người, cơ quan ban hành")
    parent_body = StringField("Cơ quan của đoàn (dòng trên «ĐOÀN KIỂM TRA»)")


def _page(template: str, status: int = 200, **context):
    a = actor()
    return render(template, http_status=status, me=me(), section=context.pop("section", "campaigns"),
                  can_campaigns=permissions.can_manage_campaigns(a), can_people=permissions.can_manage_people(a),
                  confirm=ConfirmForm(), **context)


def _fields(form, names) -> dict:
    return {n: getattr(form, n).data for n in names}


def _save(form, call, *args, **kwargs) -> bool:
    """Run one use case in its transaction; a refusal goes beside its field. False if refused or unreadable."""
    readable = form.validate_on_submit()
    if form.meta.csrf and form.csrf_token.errors:
        abort(400)
    try:
        with transaction():
            call(*args, **kwargs)
            if not readable:
                raise _Unreadable()
    except _Unreadable:
        return False
    except ServiceError as exc:
        show_service_error(form, exc)
        return False
    return True


class _Unreadable(Exception):
    """A value the form could not read: nothing is committed."""


# ---- campaigns ----------------------------------------------------------------------------------------

def _campaign_page(campaign, basis_form=None, text_form=None, status=200, editing=None):
    basis_form = basis_form or BasisForm(obj=legal.basis_of(campaign), prefix="cc")
    text_form = text_form or LegalTextForm(prefix="vb")
    return _page("admin_documents/campaign.html", status=status, campaign=campaign, basis_form=basis_form,
                 text_form=text_form, editing=editing, missing=legal.missing_references(campaign))


@bp.get("/dot/<int:campaign_id>")
def campaign(campaign_id: int):
    return _campaign_page(load_campaign(campaign_id))


@bp.post("/dot/<int:campaign_id>")
def save_basis(campaign_id: int):
    c = load_campaign(campaign_id, manage=True)
    form = BasisForm(prefix="cc")
    if _save(form, legal.save_basis, c, me(), **_fields(form, legal.BASIS_FIELDS)):
        flash("Đã lưu căn cứ của đợt đánh giá.", "success")
        return redirect(url_for("admin.documents.campaign", campaign_id=c.id))
    return _campaign_page(c, basis_form=form, status=422)


TEXT_FIELDS = ("title", "number", "issued_on", "issuer", "summary")


@bp.post("/dot/<int:campaign_id>/van-ban")
def add_text(campaign_id: int):
    c = load_campaign(campaign_id, manage=True)
    form = LegalTextForm(prefix="vb")
    if _save(form, legal.add_legal_text, c, me(), **_fields(form, TEXT_FIELDS)):
        flash("Đã thêm văn bản làm căn cứ.", "success")
        return redirect(url_for("admin.documents.campaign", campaign_id=c.id, _anchor="van-ban"))
    return _campaign_page(c, text_form=form, status=422)


def _text(c, text_id: int):
    text = legal.legal_text_in(c, text_id)
    if text is None:
        abort(404)
    return text


@bp.route("/dot/<int:campaign_id>/van-ban/<int:text_id>", methods=["GET", "POST"])
def edit_text(campaign_id: int, text_id: int):
    c = load_campaign(campaign_id, manage=True)
    text = _text(c, text_id)
    if request.method == "GET":
        return _campaign_page(c, text_form=LegalTextForm(obj=text, prefix="vb"), editing=text)
    form = LegalTextForm(prefix="vb")
    if _save(form, legal.update_legal_text, text, me(), **_fields(form, TEXT_FIELDS)):
        flash("Đã sửa văn bản làm căn cứ.", "success")
        return redirect(url_for("admin.documents.campaign", campaign_id=c.id, _anchor="van-ban"))
    return _campaign_page(c, text_form=form, editing=text, status=422)


@bp.post("/dot/<int:campaign_id>/van-ban/<int:text_id>/xoa")
def delete_text(campaign_id: int, text_id: int):
    c = load_campaign(campaign_id, manage=True)
    text = _text(c, text_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with transaction():
        legal.delete_legal_text(text, me())
    flash("Đã bỏ văn bản khỏi căn cứ.", "success")
    return redirect(url_for("admin.documents.campaign", campaign_id=c.id, _anchor="van-ban"))


# ---- teams ----------------------------------------------------------------------------------------------

def _team_page(team, form=None, status=200, role_errors=None):
    form = form or TeamDecisionForm(obj=team, prefix="qd")
    if not form.parent_body.data and request.method == "GET":
        form.parent_body.data = f"UBND {team_province_name(team)}"
    members = [m for m in team.members if m.role_enum.is_team]
    members.sort(key=lambda m: (m.role != Role.TEAM_LEAD.value, sort_key(m.full_name or m.username)))
    return _page("admin_documents/team.html", status=status, team=team, form=form, members=members,
                 team_role_of=legal.team_role_of, roles=[r for r in TeamRole if r != TeamRole.TRUONG_DOAN],
                 genders=list(Gender), role_errors=role_errors or {}, values=request.form, section="teams",
                 roster=legal.roster(team))


def team_province_name(team) -> str:
    from ...extensions import db
    from ...models import Unit
    province = db.session.get(Unit, team.province_id)
    return province.name[:1].lower() + province.name[1:] if province else ""


def _people_manager() -> None:
    """Teams and people change by an administrator: the role is checked before the record is looked up."""
    if not permissions.can_manage_people(actor()):
        abort(403)


@bp.get("/doan/<int:team_id>")
def team(team_id: int):
    return _team_page(load_team(team_id))


@bp.post("/doan/<int:team_id>")
def team_decision(team_id: int):
    _people_manager()
    t = load_team(team_id, manage=True)
    form = TeamDecisionForm(prefix="qd")
    if _save(form, legal.save_team_decision, t, me(), **_fields(form, legal.TEAM_FIELDS)):
        flash("Đã lưu quyết định thành lập đoàn.", "success")
        return redirect(url_for("admin.documents.team", team_id=t.id))
    return _team_page(t, form=form, status=422)


@bp.post("/doan/<int:team_id>/thanh-vien")
def team_roles(team_id: int):
    _people_manager()
    t = load_team(team_id, manage=True)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    roles, genders = {}, {}
    for m in t.members:
        if f"role-{m.id}" in request.form:
            roles[m.id] = request.form[f"role-{m.id}"]
        if f"gender-{m.id}" in request.form:
            genders[m.id] = request.form[f"gender-{m.id}"]
    try:
        with transaction():
            legal.set_team_roles(t, me(), roles)
            for m in t.members:
                if m.id in genders:
                    legal.set_person(m, me(), gender=genders[m.id], signing_rank=m.signing_rank)
    except ServiceError as exc:
        return _team_page(t, status=422, role_errors=getattr(exc, "errors", None) or {"": exc.message})
    flash("Đã lưu vai trò trong đoàn.", "success")
    return redirect(url_for("admin.documents.team", team_id=t.id, _anchor="thanh-vien"))


# ---- people ---------------------------------------------------------------------------------------------

def _people_page(status=200, errors=None):
    a = actor()
    people = sorted(province_users(a.province_id), key=lambda u: sort_key(u.full_name or u.username))
    return _page("admin_documents/people.html", status=status, people=people, genders=list(Gender),
                 ranks=list(Rank), errors=errors or {}, values=request.form, section="users")


@bp.get("/nguoi-ky")
def people():
    return _people_page()


@bp.post("/nguoi-ky/<int:user_id>")
def person(user_id: int):
    _people_manager()
    person = load_user(user_id, manage=True)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        with transaction():
            legal.set_person(person, me(), gender=request.form.get(f"gender-{person.id}"),
                             signing_rank=request.form.get(f"rank-{person.id}"))
    except ServiceError as exc:
        return _people_page(status=422, errors=getattr(exc, "errors", None) or {"": exc.message})
    flash(f"Đã lưu: {person.display_name}.", "success")
    return redirect(url_for("admin.documents.people", _anchor=f"nguoi-{person.id}"))
