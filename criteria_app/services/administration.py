"""What the administration use cases (campaigns.py, teams.py, users.py) share: the province an actor
administers, refusals tagged with their form field, and the checks on units added to a campaign or a team.

Scope: everything belongs to one province (the actor's). Who may do what is decided by the predicates of
domain/permissions.py: can_use_admin to read, can_manage_campaigns, can_manage_people to change. A record of
another province is reported as NotFound, never as "forbidden", so its existence does not leak.
"""
from __future__ import annotations

from datetime import date
from typing import Callable, Iterable

from ..domain import permissions
from ..domain.permissions import Actor
from ..domain.text import sort_key
from ..extensions import db
from ..models import AuditEvent, Unit, User
from .errors import InvalidInput, NotFound, PermissionDenied, ServiceError
from .scope import unit_province_id
from .units.queries import search_units

COMMUNE_LEVEL = 3


class AdminError(ServiceError):
    """A refusal of an administration use case; `field` names the form field it belongs beside."""


class AdminInvalidInput(InvalidInput, AdminError):
    """Several fields of one form refused at once."""


class FieldErrors:
    """Collects the refusals of one form, the first per field, so the user sees them all at once."""

    def __init__(self):
        self.errors: dict[str | None, str] = {}

    def add(self, field: str | None, message: str) -> None:
        self.errors.setdefault(field, message)

    def done(self) -> None:
        if self.errors:
            raise AdminInvalidInput(self.errors)


def text(value: str | None) -> str:
    """A one-line text as typed, with runs of spaces made one."""
    return " ".join((value or "").split())


# ---- scope -------------------------------------------------------------------------------------

def require(actor: User, allowed: Callable[[Actor], bool] = permissions.can_use_admin) -> int:
    """The province the actor administers, if `allowed` (a predicate of domain/permissions.py) lets
    them; PermissionDenied otherwise."""
    if not allowed(actor.actor):
        raise PermissionDenied("admin")
    return actor.actor.province_id


def province_of(actor: User) -> Unit:
    return db.session.get(Unit, require(actor))


def in_province(actor: User, province_id: int | None, what: str) -> None:
    """NotFound unless the record belongs to the actor's province."""
    if not permissions.can_view_province(actor.actor, province_id):
        raise NotFound(what)


def unit_in_scope(actor: User, unit_id: int) -> Unit | None:
    unit = db.session.get(Unit, unit_id)
    if unit is None or not permissions.can_view_province(actor.actor, unit_province_id(unit)):
        return None
    return unit


def history(target: str, limit: int = 20) -> list[AuditEvent]:
    rows = db.session.execute(db.select(AuditEvent).filter_by(target=target)
                              .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)).scalars()
    return list(rows)


# ---- units added to a campaign or a team ---------------------------------------------------------

def search_communes(query: str, province_id: int, on_date: date | None = None, limit: int = 30) -> list[Unit]:
    """Commune-level units of a province (valid on `on_date` if given), found by name."""
    return search_units(query, province_id=province_id, level=COMMUNE_LEVEL, on_date=on_date, limit=limit)


def checked_units(units: Iterable[Unit], province: Unit, on_date: date | None = None,
                  what: str = "") -> list[Unit]:
    """The chosen units, once each, in Vietnamese order; AdminError (field "units") when none is chosen or
    one is not a commune-level unit of the province (valid on `on_date`, the `what`'s reference date)."""
    units = list({u.id: u for u in units}.values())
    if not units:
        raise AdminError("Chọn ít nhất một xã/phường.", "units")
    for unit in units:
        if unit_province_id(unit) != province.id:
            raise AdminError(f"{unit.name} không thuộc {province.name}.", "units")
        if unit.level != COMMUNE_LEVEL:
            raise AdminError(f"{unit.name} không phải đơn vị hành chính cấp xã.", "units")
        if on_date is not None and not unit.valid_on(on_date):
            raise AdminError(f"{unit.name} không có hiệu lực vào ngày tham chiếu của {what} "
                             f"({on_date:%d/%m/%Y}).", "units")
    return sorted(units, key=lambda u: sort_key(u.name))
