"""Who may see and change what: predicates shared by views, services and templates."""
from __future__ import annotations

from dataclasses import dataclass, field

from .roles import Role
from .workflow import WARD_EDITABLE, Status


@dataclass(frozen=True)
class Actor:
    user_id: int
    role: Role
    unit_id: int | None = None          # a ward user's unit; the province of province-wide users
    province_id: int | None = None      # the province the user works in
    team_unit_ids: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class UnitRef:
    id: int
    province_id: int | None


def can_view_unit(actor: Actor, unit: UnitRef) -> bool:
    if actor.role.is_province_wide:
        return actor.province_id is not None and actor.province_id == unit.province_id
    if actor.role.is_ward:
        return actor.unit_id is not None and actor.unit_id == unit.id
    if actor.role.is_team:
        return unit.id in actor.team_unit_ids
    return False


def can_edit_self_assessment(actor: Actor, unit: UnitRef, status: Status) -> bool:
    return actor.role.is_ward and actor.unit_id == unit.id and status in WARD_EDITABLE


def can_edit_item(actor: Actor, unit: UnitRef, status: Status, criterion_code: str,
                  returned_codes: frozenset[str] = frozenset()) -> bool:
    """While returned, the ward may change only the criteria the province returned."""
    if not can_edit_self_assessment(actor, unit, status):
        return False
    return status != Status.RETURNED or criterion_code in returned_codes


def can_submit(actor: Actor, unit: UnitRef, status: Status) -> bool:
    return actor.role == Role.WARD_CHAIRMAN and actor.unit_id == unit.id and status in WARD_EDITABLE
