"""Administration screens (/quan-tri): campaigns, inspection teams, users.

Who: admin and province (approver) users, each in their own province only. Both read everything
and manage campaigns; only admins change teams and users (403 for the province role). Any other
role gets 403 on every page; an object of another province is 404.
"""
from __future__ import annotations

import json
from functools import wraps

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user, login_user
from wtforms import SelectChoice

from ..domain.roles import Role
from ..domain.text import sort_key
from ..domain.workflow import Status
from ..extensions import db, login_manager
from ..models import CriteriaSetRecord, Unit, User
from ..services import admin as svc
from ..services.uow import transaction
from ..services.units.dataset import UNKNOWN_START
from .admin_forms import (CampaignForm, PasswordForm, TeamForm, TeamMembersForm, UserCreateForm,
                          UserEditForm)
from .forms import ConfirmForm
from .htmx import is_htmx, render

bp = Blueprint("admin", __name__, url_prefix="/quan-tri")

ACTION_TEXT = {
    "campaign_created": "Tạo đợt đánh giá", "campaign_updated": "Sửa đợt đánh giá",
    "campaign_unit_added": "Thêm đơn vị vào đợt", "campaign_unit_removed": "Bỏ đơn vị khỏi đợt",
    "campaign_closed": "Đóng đợt đánh giá", "campaign_reopened": "Mở lại đợt đánh giá",
    "team_created": "Tạo đoàn kiểm tra", "team_members_set": "Cập nhật trưởng đoàn, thành viên",
    "team_units_assigned": "Giao đơn vị cho đoàn", "team_unit_removed": "Bỏ đơn vị khỏi đoàn",
    "team_member_added": "Vào đoàn kiểm tra", "team_member_moved": "Chuyển đoàn kiểm tra",
    "team_member_removed": "Ra khỏi đoàn kiểm tra",
    "user_created": "Tạo tài khoản", "user_updated": "Sửa tài khoản", "password_reset": "Đặt lại mật khẩu",
    "user_deactivated": "Khóa tài khoản", "user_reactivated": "Mở khóa tài khoản",
}
FIELD_TEXT = {"name": "tên", "year": "năm", "criteria_set": "bộ tiêu chí", "reference_date": "ngày tham chiếu",
              "self_deadline": "hạn tự đánh giá", "inspection_deadline": "hạn kiểm tra",
              "decision_deadline": "hạn quyết định", "full_name": "họ tên", "position": "chức vụ",
              "role": "vai trò", "unit_id": "đơn vị", "team_id": "đoàn", "lead": "trưởng đoàn",
              "members": "thành viên"}


# ---------------------------------------------------------------------------------------------
# Access
# ---------------------------------------------------------------------------------------------

@bp.before_request
def _province_wide_only():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.role_enum.is_province_wide or current_user.actor.province_id is None:
        abort(403)
    return None


def _me() -> User:
    return current_user._get_current_object()


def _people_admin(view):
    """Teams and users change only by an administrator."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not svc.can_manage_people(_me()):
            abort(403)
        return view(*args, **kwargs)
    return wrapper


def _campaign_manager(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not svc.can_manage_campaigns(_me()):
            abort(403)
        return view(*args, **kwargs)
    return wrapper


def _confirmed() -> None:
    """Buttons post a form with nothing but the CSRF token."""
    if not ConfirmForm().validate_on_submit():
        abort(400)


def _call(fn, *args, **kwargs):
    """One use case, one transaction (PermissionDenied and NotFound reach the app-wide handlers)."""
    with transaction():
        return fn(*args, **kwargs)


def _campaign(campaign_id: int):
    return svc.campaign_in_scope(_me(), campaign_id) or abort(404)


def _team(team_id: int):
    return svc.team_in_scope(_me(), team_id) or abort(404)


def _user(user_id: int):
    return svc.user_in_scope(_me(), user_id) or abort(404)


def _units_from_form() -> list[Unit]:
    ids = {int(v) for v in request.form.getlist("unit_id") if v.isdigit()}
    return [u for u in (db.session.get(Unit, i) for i in sorted(ids)) if u is not None]


def _describe(event) -> str:
    """One line of history in Vietnamese."""
    before = json.loads(event.before) if event.before else {}
    after = json.loads(event.after) if event.after else {}
    if event.action in ("campaign_unit_added", "campaign_unit_removed"):
        return (after or before).get("unit", "")
    if event.action == "team_units_assigned":
        return "; ".join(u["unit"].split(", ")[0] for u in after.get("units", []))
    if event.action == "team_unit_removed":
        return before.get("unit", "").split(", ")[0]
    if event.action == "team_member_moved":
        return f"{before.get('team')} → {after.get('team')}"
    if event.action in ("team_member_added",):
        return after.get("team") or ""
    if event.action in ("team_member_removed",):
        return before.get("team") or ""
    if event.action in ("campaign_updated", "user_updated", "team_members_set"):
        return "Đổi " + ", ".join(FIELD_TEXT.get(k, k) for k in sorted(after))
    return ""


def _validity(unit: Unit) -> str:
    """'đến 30/11/2024', 'từ 01/07/2025', '' for a unit valid from an unknown day until now."""
    start = None if unit.valid_from == UNKNOWN_START else f"{unit.valid_from:%d/%m/%Y}"
    end = None if unit.valid_to is None else f"{unit.valid_to:%d/%m/%Y}"
    if start and end:
        return f"hiệu lực {start} – {end}"
    if end:
        return f"hiệu lực đến {end}"
    if start:
        return f"hiệu lực từ {start}"
    return ""


def _page(template: str, status: int = 200, **context):
    me = _me()
    return render(template, http_status=status, me=me, province=svc.province_of(me),
                  can_people=svc.can_manage_people(me), can_campaigns=svc.can_manage_campaigns(me),
                  validity=_validity, Role=Role, Status=Status, ACTION_TEXT=ACTION_TEXT,
                  describe=_describe, **context)


# ---------------------------------------------------------------------------------------------
# Home
# ---------------------------------------------------------------------------------------------

@bp.get("/")
def index():
    return _page("admin/index.html", counts=svc.counts(_me()), section="index")


# ---------------------------------------------------------------------------------------------
# Campaigns
# ---------------------------------------------------------------------------------------------

@bp.get("/dot-danh-gia")
def campaigns():
    rows = svc.campaigns(_me())
    sizes = {c.id: len(svc.participants(c)) for c in rows}
    return _page("admin/campaigns.html", campaigns=rows, sizes=sizes, section="campaigns")


def _campaign_form(campaign=None) -> CampaignForm:
    form = CampaignForm(obj=campaign)
    form.criteria_set_id.choices = [SelectChoice(r.id, f"{r.title} – {r.set_id}, phiên bản {r.version}")
                                    for r in svc.criteria_sets()]
    return form


def _save_campaign(form: CampaignForm, campaign=None):
    record = db.session.get(CriteriaSetRecord, form.criteria_set_id.data)
    values = dict(name=form.name.data, year=form.year.data, criteria_set_record=record,
                  reference_date=form.reference_date.data, self_deadline=form.self_deadline.data,
                  inspection_deadline=form.inspection_deadline.data, decision_deadline=form.decision_deadline.data)
    try:
        if campaign is None:
            return _call(svc.create_campaign, _me(), **values), None
        changed = _call(svc.update_campaign, campaign, _me(), **values)
        return campaign, changed
    except svc.AdminError as exc:
        form.add_error(exc.field, exc.message)
        return None, None


@bp.route("/dot-danh-gia/moi", methods=["GET", "POST"])
@_campaign_manager
def campaign_new():
    form = _campaign_form()
    if request.method == "GET" and form.criteria_set_id.choices:
        form.criteria_set_id.data = form.criteria_set_id.choices[0].value
    if form.validate_on_submit():
        campaign, _ = _save_campaign(form)
        if campaign is not None:
            flash(f"Đã tạo đợt đánh giá «{campaign.name}». Thêm các xã/phường tham gia.", "success")
            return redirect(url_for("admin.campaign_detail", campaign_id=campaign.id))
    status = 422 if request.method == "POST" else 200
    return _page("admin/campaign_form.html", status=status, form=form, campaign=None, section="campaigns")


@bp.route("/dot-danh-gia/<int:campaign_id>/sua", methods=["GET", "POST"])
@_campaign_manager
def campaign_edit(campaign_id: int):
    campaign = _campaign(campaign_id)
    form = _campaign_form(campaign)
    if request.method == "GET":
        form.criteria_set_id.data = campaign.criteria_set_id
    if form.validate_on_submit():
        saved, changed = _save_campaign(form, campaign)
        if saved is not None:
            flash("Đã lưu đợt đánh giá." if changed else "Không có thay đổi.", "success" if changed else "info")
            return redirect(url_for("admin.campaign_detail", campaign_id=campaign.id))
    status = 422 if request.method == "POST" else 200
    return _page("admin/campaign_form.html", status=status, form=form, campaign=campaign,
                 locked_set=svc.has_answers(campaign), section="campaigns")


def _campaign_detail(campaign, *, q: str = "", error: str | None = None, selected=frozenset(), status=200):
    participants = svc.participants(campaign)
    units = svc.search_campaign_units(campaign, q) if q else []
    teams_by_unit = svc.team_of_unit_ids(campaign.province_id)
    return _page("admin/campaign_detail.html", status=status, campaign=campaign, participants=participants,
                 q=q, units=units, already={p.assessment.unit_id for p in participants}, error=error,
                 selected=selected, teams_by_unit=teams_by_unit, history=svc.history(f"campaign:{campaign.id}"),
                 confirm=ConfirmForm(), section="campaigns")


@bp.get("/dot-danh-gia/<int:campaign_id>")
def campaign_detail(campaign_id: int):
    campaign = _campaign(campaign_id)
    return _campaign_detail(campaign, q=request.args.get("q", "").strip())


@bp.get("/dot-danh-gia/<int:campaign_id>/tim-don-vi")
def campaign_unit_search(campaign_id: int):
    campaign = _campaign(campaign_id)
    q = request.args.get("q", "").strip()
    if not is_htmx():
        return redirect(url_for("admin.campaign_detail", campaign_id=campaign.id, q=q or None, _anchor="them-don-vi"))
    already = {p.assessment.unit_id for p in svc.participants(campaign)}
    return _page("admin/_unit_results.html", q=q, units=svc.search_campaign_units(campaign, q), already=already,
                 selected=frozenset(), error=None, already_text="Đã tham gia", add_text="Thêm các đơn vị đã chọn",
                 add_url=url_for("admin.campaign_add_units", campaign_id=campaign.id),
                 can_add=svc.can_manage_campaigns(_me()) and campaign.is_open)


@bp.post("/dot-danh-gia/<int:campaign_id>/don-vi")
@_campaign_manager
def campaign_add_units(campaign_id: int):
    campaign = _campaign(campaign_id)
    units = _units_from_form()
    try:
        created = _call(svc.add_units_to_campaign, campaign, units, _me())
    except svc.AdminError as exc:
        return _campaign_detail(campaign, q=request.form.get("q", "").strip(), error=exc.message,
                                selected={u.id for u in units}, status=422)
    if created:
        flash(f"Đã thêm {len(created)} đơn vị: " + ", ".join(a.unit_name for a in created) + ".", "success")
    else:
        flash("Các đơn vị đã chọn đều đã tham gia đợt đánh giá.", "info")
    return redirect(url_for("admin.campaign_detail", campaign_id=campaign.id))


@bp.post("/dot-danh-gia/<int:campaign_id>/don-vi/<int:unit_id>/bo")
@_campaign_manager
def campaign_remove_unit(campaign_id: int, unit_id: int):
    campaign = _campaign(campaign_id)
    unit = svc.unit_in_scope(_me(), unit_id) or abort(404)
    _confirmed()
    try:
        _call(svc.remove_unit_from_campaign, campaign, unit, _me())
        flash(f"Đã bỏ {unit.name} khỏi đợt đánh giá.", "success")
    except svc.AdminError as exc:
        flash(exc.message, "error")
    return redirect(url_for("admin.campaign_detail", campaign_id=campaign.id))


@bp.post("/dot-danh-gia/<int:campaign_id>/dong")
@_campaign_manager
def campaign_close(campaign_id: int):
    campaign = _campaign(campaign_id)
    _confirmed()
    try:
        _call(svc.close_campaign, campaign, _me())
        flash("Đã đóng đợt đánh giá.", "success")
    except svc.AdminError as exc:
        flash(exc.message, "error")
    return redirect(url_for("admin.campaign_detail", campaign_id=campaign.id))


@bp.post("/dot-danh-gia/<int:campaign_id>/mo-lai")
@_campaign_manager
def campaign_reopen(campaign_id: int):
    campaign = _campaign(campaign_id)
    _confirmed()
    try:
        _call(svc.reopen_campaign, campaign, _me())
        flash("Đã mở lại đợt đánh giá.", "success")
    except svc.AdminError as exc:
        flash(exc.message, "error")
    return redirect(url_for("admin.campaign_detail", campaign_id=campaign.id))


# ---------------------------------------------------------------------------------------------
# Inspection teams
# ---------------------------------------------------------------------------------------------

@bp.get("/doan-kiem-tra")
def teams():
    return _page("admin/teams.html", teams=svc.teams(_me()), lead=svc.team_lead, members=svc.team_members,
                 section="teams")


@bp.route("/doan-kiem-tra/moi", methods=["GET", "POST"])
@_people_admin
def team_new():
    form = TeamForm()
    if form.validate_on_submit():
        try:
            team = _call(svc.create_team, form.name.data, svc.province_of(_me()), _me())
        except svc.AdminError as exc:
            form.add_error(exc.field, exc.message)
        else:
            flash(f"Đã tạo {team.name}. Chọn trưởng đoàn, thành viên và các đơn vị được giao.", "success")
            return redirect(url_for("admin.team_detail", team_id=team.id))
    status = 422 if request.method == "POST" else 200
    return _page("admin/team_form.html", status=status, form=form, section="teams")


def _members_form(team) -> TeamMembersForm:
    me = _me()
    form = TeamMembersForm()
    leads = [u for u in svc.people_with_role(me, Role.TEAM_LEAD) if u.active or u.team_id == team.id]
    inspectors = [u for u in svc.people_with_role(me, Role.INSPECTOR) if u.active or u.team_id == team.id]
    form.lead.choices = [SelectChoice(0, "— Chưa có trưởng đoàn —")] + [SelectChoice(u.id, u.display_name)
                                                                         for u in leads]
    form.members.choices = [SelectChoice(u.id, u.display_name) for u in inspectors]
    form.people = {u.id: u for u in leads + inspectors}
    if request.method == "GET":
        lead = svc.team_lead(team)
        form.lead.data = lead.id if lead else 0
        form.members.data = [u.id for u in svc.team_members(team)]
    return form


def _team_detail(team, *, form=None, q: str = "", error: str | None = None, selected=frozenset(), status=200):
    units = svc.search_team_units(team, q) if q else []
    return _page("admin/team_detail.html", status=status, team=team, lead=svc.team_lead(team),
                 members=svc.team_members(team), assigned=sorted(team.units, key=lambda u: sort_key(u.name)),
                 form=form or _members_form(team), q=q, units=units, already={u.id for u in team.units},
                 error=error, selected=selected, history=svc.history(f"team:{team.id}"), confirm=ConfirmForm(),
                 section="teams")


@bp.get("/doan-kiem-tra/<int:team_id>")
def team_detail(team_id: int):
    team = _team(team_id)
    return _team_detail(team, q=request.args.get("q", "").strip())


@bp.post("/doan-kiem-tra/<int:team_id>/thanh-vien")
@_people_admin
def team_members(team_id: int):
    team = _team(team_id)
    form = _members_form(team)
    if form.validate_on_submit():
        lead = form.people.get(form.lead.data) if form.lead.data else None
        members = [form.people[i] for i in form.members.data or [] if i in form.people]
        moved = [u for u in ([lead] if lead else []) + members if u.team_id not in (None, team.id)]
        try:
            _call(svc.set_team_members, team, lead, members, _me())
        except svc.AdminError as exc:
            form.add_error(exc.field, exc.message)
        else:
            note = (" Đã chuyển sang đoàn này: " + ", ".join(u.display_name for u in moved) + ".") if moved else ""
            flash("Đã lưu trưởng đoàn và thành viên." + note, "success")
            return redirect(url_for("admin.team_detail", team_id=team.id))
    return _team_detail(team, form=form, status=422)


@bp.get("/doan-kiem-tra/<int:team_id>/tim-don-vi")
def team_unit_search(team_id: int):
    team = _team(team_id)
    q = request.args.get("q", "").strip()
    if not is_htmx():
        return redirect(url_for("admin.team_detail", team_id=team.id, q=q or None, _anchor="giao-don-vi"))
    return _page("admin/_unit_results.html", q=q, units=svc.search_team_units(team, q),
                 already={u.id for u in team.units}, selected=frozenset(), error=None, already_text="Đã giao",
                 add_text="Giao các đơn vị đã chọn",
                 add_url=url_for("admin.team_add_units", team_id=team.id), can_add=svc.can_manage_people(_me()))


@bp.post("/doan-kiem-tra/<int:team_id>/don-vi")
@_people_admin
def team_add_units(team_id: int):
    team = _team(team_id)
    units = _units_from_form()
    try:
        added = _call(svc.assign_units_to_team, team, units, _me())
    except svc.AdminError as exc:
        return _team_detail(team, q=request.form.get("q", "").strip(), error=exc.message,
                            selected={u.id for u in units}, status=422)
    if added:
        flash(f"Đã giao {len(added)} đơn vị cho đoàn: " + ", ".join(u.name for u in added) + ".", "success")
    else:
        flash("Các đơn vị đã chọn đều đã được giao cho đoàn.", "info")
    return redirect(url_for("admin.team_detail", team_id=team.id))


@bp.post("/doan-kiem-tra/<int:team_id>/don-vi/<int:unit_id>/bo")
@_people_admin
def team_remove_unit(team_id: int, unit_id: int):
    team = _team(team_id)
    unit = svc.unit_in_scope(_me(), unit_id) or abort(404)
    _confirmed()
    _call(svc.unassign_unit_from_team, team, unit, _me())
    flash(f"Đã bỏ {unit.name} khỏi các đơn vị của đoàn.", "success")
    return redirect(url_for("admin.team_detail", team_id=team.id))


# ---------------------------------------------------------------------------------------------
# Users
# ---------------------------------------------------------------------------------------------

def _role_filter() -> Role | None:
    try:
        return Role(request.args.get("vai_tro", ""))
    except ValueError:
        return None


@bp.get("/nguoi-dung")
def users():
    role, q = _role_filter(), request.args.get("q", "").strip()
    rows = svc.users(_me(), role=role, query=q)
    template = "admin/_user_rows.html" if is_htmx() and request.headers.get("HX-Target") == "user-results" \
        else "admin/users.html"
    return _page(template, users=rows, role=role, q=q, section="users")


def _user_form(form_class, user=None):
    form = form_class(obj=user)
    form.team_id.choices = [SelectChoice(0, "— Chọn đoàn kiểm tra —")] + [SelectChoice(t.id, t.name)
                                                                        for t in svc.teams(_me())]
    if request.method == "GET" and user is not None:
        form.role.data = user.role
        form.team_id.data = user.team_id or 0
        form.unit_id.data = user.unit_id if user.unit is not None and user.unit.level == svc.COMMUNE_LEVEL else None
    return form


def _placement(form) -> tuple[Unit | None, object]:
    """The unit and team the form designates for its role."""
    me = _me()
    try:
        role = Role(form.role.data)
    except ValueError:
        return None, None
    if role.is_province_wide:
        return svc.province_of(me), None
    if role.is_ward:
        return (db.session.get(Unit, form.unit_id.data) if form.unit_id.data else None), None
    return None, (svc.team_in_scope(me, form.team_id.data) if form.team_id.data else None)


def _chosen_unit(form):
    unit = db.session.get(Unit, form.unit_id.data) if form.unit_id.data else None
    if unit is None or unit.level != svc.COMMUNE_LEVEL or svc.unit_province_id(unit) != svc.province_id_of(_me()):
        return None
    return unit


@bp.route("/nguoi-dung/moi", methods=["GET", "POST"])
@_people_admin
def user_new():
    form = _user_form(UserCreateForm)
    if form.validate_on_submit():
        unit, team = _placement(form)
        try:
            user = _call(svc.create_user, form.username.data, form.full_name.data, form.position.data,
                         form.role.data, unit, team, form.password.data, _me())
        except svc.AdminError as exc:
            form.add_error(exc.field, exc.message)
        else:
            flash(f"Đã tạo tài khoản {user.username}.", "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    status = 422 if request.method == "POST" else 200
    return _page("admin/user_form.html", status=status, form=form, user=None, chosen=_chosen_unit(form),
                 section="users")


@bp.get("/nguoi-dung/<int:user_id>")
def user_detail(user_id: int):
    user = _user(user_id)
    return _page("admin/user_detail.html", user=user, confirm=ConfirmForm(),
                 history=svc.history(f"user:{user.id}"), section="users")


@bp.route("/nguoi-dung/<int:user_id>/sua", methods=["GET", "POST"])
@_people_admin
def user_edit(user_id: int):
    user = _user(user_id)
    form = _user_form(UserEditForm, user)
    if form.validate_on_submit():
        unit, team = _placement(form)
        try:
            changed = _call(svc.update_user, user, form.full_name.data, form.position.data, form.role.data,
                            unit, team, _me())
        except svc.AdminError as exc:
            form.add_error(exc.field, exc.message)
        else:
            flash("Đã lưu tài khoản." if changed else "Không có thay đổi.", "success" if changed else "info")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    status = 422 if request.method == "POST" else 200
    return _page("admin/user_form.html", status=status, form=form, user=user, chosen=_chosen_unit(form),
                 section="users")


@bp.get("/nguoi-dung/tim-don-vi")
def user_unit_search():
    q = request.args.get("q", "").strip()
    units = svc.search_ward_units(_me(), q) if q else []
    chosen_id = request.args.get("unit_id", "")
    chosen = svc.unit_in_scope(_me(), int(chosen_id)) if chosen_id.isdigit() else None
    if chosen is not None and chosen.level != svc.COMMUNE_LEVEL:
        chosen = None
    return _page("admin/_ward_unit_results.html", q=q, units=units, chosen=chosen)


@bp.route("/nguoi-dung/<int:user_id>/mat-khau", methods=["GET", "POST"])
@_people_admin
def user_password(user_id: int):
    user = _user(user_id)
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            _call(svc.reset_password, user, form.password.data, _me())
        except svc.AdminError as exc:
            form.add_error(exc.field, exc.message)
        else:
            if user.id == _me().id:
                login_user(user)   # the admin's own password: keep this session, end the others
            flash(f"Đã đặt lại mật khẩu của {user.username}; các phiên đăng nhập cũ đã kết thúc.", "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    status = 422 if request.method == "POST" else 200
    return _page("admin/user_password.html", status=status, form=form, user=user, section="users")


@bp.post("/nguoi-dung/<int:user_id>/khoa")
@_people_admin
def user_deactivate(user_id: int):
    user = _user(user_id)
    _confirmed()
    try:
        _call(svc.deactivate_user, user, _me())
        flash(f"Đã khóa tài khoản {user.username}.", "success")
    except svc.AdminError as exc:
        flash(exc.message, "error")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.post("/nguoi-dung/<int:user_id>/mo-khoa")
@_people_admin
def user_reactivate(user_id: int):
    user = _user(user_id)
    _confirmed()
    try:
        _call(svc.reactivate_user, user, _me())
        flash(f"Đã mở khóa tài khoản {user.username}.", "success")
    except svc.AdminError as exc:
        flash(exc.message, "error")
    return redirect(url_for("admin.user_detail", user_id=user.id))
