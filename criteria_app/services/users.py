"""User accounts of a province (domain.md section 2): who they are, their role and where they work
(a ward, the province, or an inspection team), their password and whether they may log in.

Admin and province users read them; only administrators change them (permissions.can_manage_people).
Each change is audited (assessment_id None, never the password) and flushed; the caller's boundary commits.
"""
from __future__ import annotations

import re

from sqlalchemy import or_

from ..domain import permissions
from ..domain.roles import Role
from ..domain.text import fold, sort_key
from ..extensions import db
from ..models import Team, Unit, User
from . import accounts, audit
from .administration import COMMUNE_LEVEL, AdminError, FieldErrors, in_province, require, search_communes, text
from .errors import NotFound
from .scope import unit_province_id, user_province_id
from .teams import team_lead

USERNAME_MIN, USERNAME_MAX = 3, 80
USERNAME_RE = re.compile(r"^[a-z0-9._-]+$")
NAME_MAX = POSITION_MAX = 200


# ---- reading -----------------------------------------------------------------------------------

def users(actor: User, role: Role | None = None, query: str = "") -> list[User]:
    """The province's users (by their unit, or their team), filtered by role and by a name typed
    with or without diacritics; in Vietnamese order of their names."""
    province_id = require(actor)
    unit, team = db.aliased(Unit), db.aliased(Team)
    stmt = (db.select(User).outerjoin(unit, User.unit_id == unit.id).outerjoin(team, User.team_id == team.id)
            .where(or_(unit.id == province_id, unit.province_id == province_id,
                       (User.unit_id.is_(None)) & (team.province_id == province_id))))
    if role is not None:
        stmt = stmt.where(User.role == role.value)
    rows = list(db.session.execute(stmt).scalars())
    wanted = fold(query or "")
    if wanted:
        rows = [u for u in rows if wanted in fold(u.full_name) or wanted in fold(u.username)]
    return sorted(rows, key=lambda u: (sort_key(u.full_name or u.username), u.username))


def user_in_scope(actor: User, user_id: int) -> User | None:
    user = db.session.get(User, user_id)
    if user is None or not permissions.can_view_province(actor.actor, user_province_id(user)):
        return None
    return user


def counts(actor: User) -> dict[str, int]:
    people = users(actor)
    return {"users": len(people), "active_users": sum(1 for u in people if u.active)}


def search_ward_units(actor: User, query: str, limit: int = 30) -> list[Unit]:
    """Commune-level units of the actor's province, of every period (for a ward user's unit)."""
    return search_communes(query, require(actor), limit=limit)


# ---- checks ------------------------------------------------------------------------------------

def _state(u: User) -> dict:
    return {"username": u.username, "full_name": u.full_name, "position": u.position, "role": u.role,
            "unit_id": u.unit_id, "team_id": u.team_id, "active": u.active}


def _check_password(errors: FieldErrors, password: str | None, missing: str, username: str) -> None:
    """The password policy of services/accounts.py (length, common passwords, not the username)."""
    if not password:
        errors.add("password", missing)
    elif problem := accounts.password_problem(password, username):
        errors.add("password", problem)


def _texts(errors: FieldErrors, full_name: str | None, position: str | None) -> tuple[str, str]:
    full_name, position = text(full_name), text(position)
    if not full_name:
        errors.add("full_name", "Nhập họ và tên.")
    elif len(full_name) > NAME_MAX:
        errors.add("full_name", f"Họ và tên tối đa {NAME_MAX} ký tự.")
    if len(position) > POSITION_MAX:
        errors.add("position", f"Chức vụ tối đa {POSITION_MAX} ký tự.")
    return full_name, position


def _role(errors: FieldErrors, role: Role | str) -> Role | None:
    try:
        return Role(role)
    except ValueError:
        errors.add("role", "Chọn vai trò.")
        return None


def _placement(errors: FieldErrors, role: Role, unit: Unit | None, team: Team | None, province_id: int,
               user: User | None = None) -> tuple[Unit | None, Team | None]:
    """The (unit, team) a user of `role` gets. Team roles keep the province as unit."""
    province = db.session.get(Unit, province_id)
    if role.is_ward:
        if unit is None or unit.level != COMMUNE_LEVEL:
            errors.add("unit_id", "Cán bộ và Chủ tịch UBND xã/phường cần chọn một xã/phường.")
        elif unit_province_id(unit) != province_id:
            errors.add("unit_id", f"{unit.name} không thuộc {province.name}.")
        return unit, None
    if role.is_province_wide:
        if unit is None or unit.id != province_id:
            errors.add("unit_id", f"Vai trò {role.label} phải gắn với {province.name}.")
        return unit, None
    if team is None:
        errors.add("team_id", f"Vai trò {role.label} cần chọn đoàn kiểm tra.")
        return province, None
    if team.province_id != province_id:
        raise NotFound("team")
    if role == Role.TEAM_LEAD:
        lead = team_lead(team)
        if lead is not None and (user is None or lead.id != user.id):
            errors.add("team_id", f"{team.name} đã có trưởng đoàn ({lead.display_name}); "
                                  "đổi trưởng đoàn ở trang của đoàn.")
    return province, team


def _check_username(errors: FieldErrors, username: str | None) -> str:
    username = (username or "").strip()
    if not username:
        errors.add("username", "Nhập tên đăng nhập.")
    elif not USERNAME_MIN <= len(username) <= USERNAME_MAX:
        errors.add("username", f"Tên đăng nhập dài từ {USERNAME_MIN} đến {USERNAME_MAX} ký tự.")
    elif not USERNAME_RE.match(username):
        errors.add("username", "Tên đăng nhập chỉ gồm chữ thường không dấu (a-z), chữ số và các dấu . _ -")
    elif db.session.execute(db.select(User.id).filter_by(username=username)).first() is not None:
        errors.add("username", f"Tên đăng nhập «{username}» đã được dùng.")
    return username


# ---- changes -----------------------------------------------------------------------------------

def create_user(username: str, full_name: str, position: str, role: Role | str, unit: Unit | None,
                team: Team | None, password: str, actor: User) -> User:
    province_id = require(actor, permissions.can_manage_people)
    errors = FieldErrors()
    username = _check_username(errors, username)
    full_name, position = _texts(errors, full_name, position)
    role = _role(errors, role)
    if role is not None:
        unit, team = _placement(errors, role, unit, team, province_id)
    _check_password(errors, password, "Nhập mật khẩu.", username or "")
    errors.done()
    user = User(username=username, full_name=full_name, position=position, role=role.value,
                password_hash=accounts.hash_password(password), unit=unit, team=team, active=True)
    db.session.add(user)
    db.session.flush()
    audit.record("user_created", actor=actor, target=f"user:{user.id}", after=_state(user))
    db.session.flush()
    return user


def _check_scope(actor: User, user: User) -> int:
    province_id = require(actor, permissions.can_manage_people)
    in_province(actor, user_province_id(user), "user")
    return province_id


def update_user(user: User, full_name: str, position: str, role: Role | str, unit: Unit | None,
                team: Team | None, actor: User) -> bool:
    """Change a user's name, position, role and placement. Returns False when nothing changed."""
    province_id = _check_scope(actor, user)
    errors = FieldErrors()
    full_name, position = _texts(errors, full_name, position)
    role = _role(errors, role)
    if role is not None:
        if user.id == actor.id and role != user.role_enum:
            errors.add("role", "Không thể tự đổi vai trò của chính mình.")
        unit, team = _placement(errors, role, unit, team, province_id, user)
    errors.done()
    before = _state(user)
    user.full_name, user.position, user.role, user.unit, user.team = full_name, position, role.value, unit, team
    after = _state(user)
    if after == before:
        return False
    changed = {k for k in after if after[k] != before[k]}
    audit.record("user_updated", actor=actor, target=f"user:{user.id}",
                 before={k: before[k] for k in changed}, after={k: after[k] for k in changed})
    db.session.flush()
    user.__dict__.pop("actor", None)   # the cached Actor of the old role and placement
    return True


def reset_password(user: User, new_password: str, actor: User) -> None:
    """A new password, and every session of the user ends (old cookies stop working)."""
    _check_scope(actor, user)
    errors = FieldErrors()
    _check_password(errors, new_password, "Nhập mật khẩu mới.", user.username)
    errors.done()
    user.password_hash = accounts.hash_password(new_password)
    audit.record("password_reset", actor=actor, target=f"user:{user.id}")
    accounts.end_sessions(user)
    db.session.flush()


def deactivate_user(user: User, actor: User) -> None:
    _check_scope(actor, user)
    if user.id == actor.id:
        raise AdminError("Không thể tự khóa tài khoản của chính mình.")
    if not user.active:
        raise AdminError(f"Tài khoản {user.username} đã bị khóa.")
    user.active = False
    audit.record("user_deactivated", actor=actor, target=f"user:{user.id}",
                 before={"active": True}, after={"active": False})
    accounts.end_sessions(user)
    db.session.flush()


def reactivate_user(user: User, actor: User) -> None:
    _check_scope(actor, user)
    if user.active:
        raise AdminError(f"Tài khoản {user.username} đang hoạt động.")
    user.active = True
    audit.record("user_reactivated", actor=actor, target=f"user:{user.id}",
                 before={"active": False}, after={"active": True})
    db.session.flush()
