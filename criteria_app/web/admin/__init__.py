"""Administration screens (/quan-tri): campaigns, inspection teams, users (one module each).

Who: admin and province (approver) users, each in their own province only (permissions.can_use_admin).
Both read everything and manage campaigns; only admins change teams and users (403 for the province
role, from the loaders and predicates). Any other role gets 403 on every page; a record of another
province is 404.
"""
from __future__ import annotations

import json

from flask import Blueprint, abort, flash, redirect
from flask_login import current_user

from ...domain import permissions
from ...domain.roles import Role
from ...domain.workflow import Status
from ...extensions import login_manager
from ...models import Unit
from ...services import administration
from ...services import campaigns as campaigns_svc
from ...services import teams as teams_svc
from ...services import users as users_svc
from ...services.errors import ServiceError
from ...services.units.dataset import UNKNOWN_START
from ...services.uow import transaction
from ..forms import ConfirmForm, show_service_error
from ..htmx import render
from ..loaders import actor, me

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


# ---- access --------------------------------------------------------------------------------------

@bp.before_request
def _province_wide_only():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not permissions.can_use_admin(actor()):
        abort(403)
    return None


def require(allowed) -> None:
    """403 unless `allowed` (a predicate of domain/permissions.py) lets the current user, for the pages
    that change something without a record in their URL (the loaders check the others)."""
    if not allowed(actor()):
        abort(403)


def confirmed() -> None:
    """Buttons post a form with nothing but the CSRF token."""
    if not ConfirmForm().validate_on_submit():
        abort(400)


# ---- use cases -----------------------------------------------------------------------------------

class _Unreadable(Exception):
    """The browser sent a value the form could not read: nothing is committed."""


def submit(form, use_case) -> tuple[bool, object]:
    """A form's use case, in one transaction: (True, its result), or (False, None) with every refusal
    beside its field. The use case runs even when a value could not be read (it arrives as missing),
    so the user sees all the service's refusals at once; then nothing is committed."""
    readable = form.validate()
    try:
        with transaction():
            result = use_case()
            if not readable:
                raise _Unreadable()
    except _Unreadable:
        return False, None
    except ServiceError as exc:
        show_service_error(form, exc)
        return False, None
    return True, result


def button(use_case, done: str, back: str):
    """An action behind a button, in one transaction: its refusal or `done` as a message on `back`."""
    confirmed()
    try:
        with transaction():
            use_case()
    except ServiceError as exc:
        flash(exc.message, "error")
    else:
        flash(done, "success")
    return redirect(back)


# ---- pages ---------------------------------------------------------------------------------------

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


def page(template: str, status: int = 200, **context):
    """An administration page or fragment, with what every one of them shows."""
    return render(template, http_status=status, me=me(), province=administration.province_of(me()),
                  can_people=permissions.can_manage_people(actor()),
                  can_campaigns=permissions.can_manage_campaigns(actor()),
                  validity=_validity, Role=Role, Status=Status, ACTION_TEXT=ACTION_TEXT,
                  describe=_describe, **context)


@bp.get("/")
def index():
    counts = {**campaigns_svc.counts(me()), **teams_svc.counts(me()), **users_svc.counts(me())}
    return page("admin/index.html", counts=counts, section="index")


from . import campaigns, documents, teams, users  # noqa: E402,F401  (their routes, on bp)

# the references and signers screens (/quan-tri/can-cu) sit behind the administration's access rule
bp.register_blueprint(documents.bp)
