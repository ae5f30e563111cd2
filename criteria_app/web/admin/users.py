"""User account screens (/quan-tri/nguoi-dung): the list, the form, a user's page, password, locking."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_login import login_user
from wtforms import PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import EqualTo

from ...domain import permissions
from ...domain.roles import ROLE_LABELS, Role
from ...extensions import db
from ...models import Unit, User
from ...services import users as svc
from ...services.accounts import PASSWORD_MIN_LENGTH
from ...services.administration import COMMUNE_LEVEL, history, province_of, unit_in_scope
from ...services.scope import unit_province_id
from ...services.teams import team_in_scope, teams
from ..converters import parse_id
from ..forms import ConfirmForm
from ..htmx import is_htmx
from ..loaders import actor, load_user, me
from . import bp, button, page, require, submit
from .forms import AdminForm, WholeNumberField

ROLE_CHOICES = [SelectChoice("", "— Chọn vai trò —")] + [SelectChoice(r.value, ROLE_LABELS[r]) for r in Role]
_PASSWORDS_DIFFER = "Hai lần nhập mật khẩu không khớp."


def _role_or_blank(value):
    return value or ""


class _UserFields(AdminForm):
    full_name = StringField("Họ và tên", render_kw={"required": True, "maxlength": svc.NAME_MAX})
    position = StringField("Chức vụ, nơi công tác", render_kw={"maxlength": svc.POSITION_MAX})
    role = SelectField("Vai trò", choices=ROLE_CHOICES, coerce=_role_or_blank, render_kw={"required": True})
    unit_id = WholeNumberField("Xã/phường")
    team_id = SelectField("Đoàn kiểm tra", coerce=int, validate_choice=False)


class UserCreateForm(_UserFields):
    username = StringField("Tên đăng nhập", render_kw={"required": True, "minlength": svc.USERNAME_MIN,
                                                        "maxlength": svc.USERNAME_MAX})
    password = PasswordField("Mật khẩu", render_kw={"required": True, "minlength": PASSWORD_MIN_LENGTH})
    password_confirm = PasswordField("Nhập lại mật khẩu", validators=[EqualTo("password", _PASSWORDS_DIFFER)])


class UserEditForm(_UserFields):
    pass


class PasswordForm(AdminForm):
    password = PasswordField("Mật khẩu mới", render_kw={"required": True, "minlength": PASSWORD_MIN_LENGTH})
    password_confirm = PasswordField("Nhập lại mật khẩu mới", validators=[EqualTo("password", _PASSWORDS_DIFFER)])


def _role_filter() -> Role | None:
    try:
        return Role(request.args.get("vai_tro", ""))
    except ValueError:
        return None


@bp.get("/nguoi-dung")
def users():
    role, q = _role_filter(), request.args.get("q", "").strip()
    rows = svc.users(me(), role=role, query=q)
    template = "admin/_user_rows.html" if is_htmx() and request.headers.get("HX-Target") == "user-results" \
        else "admin/users.html"
    return page(template, users=rows, role=role, q=q, section="users")


def _form(form_class, user: User | None = None):
    form = form_class(obj=user)
    form.team_id.choices = [SelectChoice(0, "— Chọn đoàn kiểm tra —")] + [SelectChoice(t.id, t.name)
                                                                        for t in teams(me())]
    if request.method == "GET" and user is not None:
        form.role.data = user.role
        form.team_id.data = user.team_id or 0
        form.unit_id.data = user.unit_id if user.unit is not None and user.unit.level == COMMUNE_LEVEL else None
    return form


def _placement(form) -> tuple[Unit | None, object]:
    """The unit and team the form designates for its role."""
    try:
        role = Role(form.role.data)
    except ValueError:
        return None, None
    if role.is_province_wide:
        return province_of(me()), None
    if role.is_ward:
        return (db.session.get(Unit, form.unit_id.data) if form.unit_id.data else None), None
    return None, (team_in_scope(me(), form.team_id.data) if form.team_id.data else None)


def _chosen_unit(form) -> Unit | None:
    """The ward ticked in the form, shown as chosen again."""
    unit = db.session.get(Unit, form.unit_id.data) if form.unit_id.data else None
    if unit is None or unit.level != COMMUNE_LEVEL or unit_province_id(unit) != actor().province_id:
        return None
    return unit


@bp.route("/nguoi-dung/moi", methods=["GET", "POST"])
def user_new():
    require(permissions.can_manage_people)
    form = _form(UserCreateForm)
    if request.method == "POST":
        unit, team = _placement(form)
        saved, user = submit(form, lambda: svc.create_user(form.username.data, form.full_name.data,
                                                           form.position.data, form.role.data, unit, team,
                                                           form.password.data, me()))
        if saved:
            flash(f"Đã tạo tài khoản {user.username}.", "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    status = 422 if request.method == "POST" else 200
    return page("admin/user_form.html", status=status, form=form, user=None, chosen=_chosen_unit(form),
                section="users")


@bp.get("/nguoi-dung/<int:user_id>")
def user_detail(user_id: int):
    user = load_user(user_id)
    return page("admin/user_detail.html", user=user, confirm=ConfirmForm(), history=history(f"user:{user.id}"),
                section="users")


@bp.route("/nguoi-dung/<int:user_id>/sua", methods=["GET", "POST"])
def user_edit(user_id: int):
    user = load_user(user_id, manage=True)
    form = _form(UserEditForm, user)
    if request.method == "POST":
        unit, team = _placement(form)
        saved, changed = submit(form, lambda: svc.update_user(user, form.full_name.data, form.position.data,
                                                              form.role.data, unit, team, me()))
        if saved:
            flash("Đã lưu tài khoản." if changed else "Không có thay đổi.", "success" if changed else "info")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    status = 422 if request.method == "POST" else 200
    return page("admin/user_form.html", status=status, form=form, user=user, chosen=_chosen_unit(form),
                section="users")


@bp.get("/nguoi-dung/tim-don-vi")
def user_unit_search():
    q = request.args.get("q", "").strip()
    units = svc.search_ward_units(me(), q) if q else []
    chosen_id = request.args.get("unit_id", "")
    chosen = unit_in_scope(me(), parse_id(chosen_id)) if parse_id(chosen_id) else None
    if chosen is not None and chosen.level != COMMUNE_LEVEL:
        chosen = None
    return page("admin/_ward_unit_results.html", q=q, units=units, chosen=chosen)


@bp.route("/nguoi-dung/<int:user_id>/mat-khau", methods=["GET", "POST"])
def user_password(user_id: int):
    user = load_user(user_id, manage=True)
    form = PasswordForm()
    if request.method == "POST":
        saved, _ = submit(form, lambda: svc.reset_password(user, form.password.data, me()))
        if saved:
            if user.id == me().id:
                login_user(user)   # the admin's own password: keep this session, end the others
            flash(f"Đã đặt lại mật khẩu của {user.username}; các phiên đăng nhập cũ đã kết thúc.", "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    status = 422 if request.method == "POST" else 200
    return page("admin/user_password.html", status=status, form=form, user=user, section="users")


@bp.post("/nguoi-dung/<int:user_id>/khoa")
def user_deactivate(user_id: int):
    user = load_user(user_id, manage=True)
    return button(lambda: svc.deactivate_user(user, me()), f"Đã khóa tài khoản {user.username}.",
                  url_for("admin.user_detail", user_id=user.id))


@bp.post("/nguoi-dung/<int:user_id>/mo-khoa")
def user_reactivate(user_id: int):
    user = load_user(user_id, manage=True)
    return button(lambda: svc.reactivate_user(user, me()), f"Đã mở khóa tài khoản {user.username}.",
                  url_for("admin.user_detail", user_id=user.id))
