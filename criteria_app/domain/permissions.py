"""Who may see and do what: every rule is a predicate over an Actor, shared by services, views,
templates and the scope queries.

Scope first: a ward user sees its own unit, a team member the units assigned to the team, a
province-wide user (administrator, province approver) every unit of the province. Then, per
record, what the actor may do with it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .inspection_lifecycle import InspectionAction, InspectionState, Minutes, Side, allowed
from .roles import Role
from .workflow import TRANSITIONS, WARD_EDITABLE, Action, Status, allowed_actions


@dataclass(frozen=True)
class Actor:
    user_id: int
    role: Role
    unit_id: int | None = None          # a ward user's unit; the province of province-wide and team users
    province_id: int | None = None      # the province the user works in
    team_unit_ids: frozenset[int] = field(default_factory=frozenset)
    team_id: int | None = None
    active: bool = True


@dataclass(frozen=True)
class UnitRef:
    id: int
    province_id: int | None


@dataclass(frozen=True)
class InspectionRef:
    """What the rules need to know of an inspection."""
    team_id: int
    unit: UnitRef
    minutes: Minutes


# ---- scope -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    """The units an actor may see, as a query can apply it: a set of unit ids, or a whole province."""
    unit_ids: frozenset[int] = frozenset()
    province_id: int | None = None

    def contains(self, unit: UnitRef) -> bool:
        if self.province_id is not None:
            return unit.province_id == self.province_id
        return unit.id in self.unit_ids


NOTHING = Scope()


def unit_scope(actor: Actor) -> Scope:
    if not actor.active:
        return NOTHING
    if actor.role.is_province_wide:
        return Scope(province_id=actor.province_id) if actor.province_id is not None else NOTHING
    if actor.role.is_ward:
        return Scope(unit_ids=frozenset({actor.unit_id})) if actor.unit_id is not None else NOTHING
    if actor.role.is_team:
        return Scope(unit_ids=actor.team_unit_ids)
    return NOTHING


def can_view_unit(actor: Actor, unit: UnitRef) -> bool:
    return unit_scope(actor).contains(unit)


def can_view_province(actor: Actor, province_id: int | None) -> bool:
    """Campaign lists, dashboards, reports and jobs of a province: its province-wide users."""
    return actor.active and actor.role.is_province_wide and province_id is not None \
        and actor.province_id == province_id


# ---- the ward's self-assessment ----------------------------------------------------------------

def can_edit_self_assessment(actor: Actor, unit: UnitRef, status: Status) -> bool:
    return actor.active and actor.role.is_ward and actor.unit_id == unit.id and status in WARD_EDITABLE


def can_edit_item(actor: Actor, unit: UnitRef, status: Status, criterion_code: str,
                  returned_codes: frozenset[str] = frozenset()) -> bool:
    """While returned, the ward may change only the criteria the province returned."""
    if not can_edit_self_assessment(actor, unit, status):
        return False
    return status != Status.RETURNED or criterion_code in returned_codes


def can_submit(actor: Actor, unit: UnitRef, status: Status) -> bool:
    return actor.active and actor.role == Role.WARD_CHAIRMAN and actor.unit_id == unit.id \
        and status in WARD_EDITABLE


# ---- the province's decisions ------------------------------------------------------------------

def can_review(actor: Actor, unit: UnitRef) -> bool:
    """The province's review page of a unit: its province-wide users."""
    return actor.role.is_province_wide and can_view_unit(actor, unit)


def province_actions(actor: Actor, unit: UnitRef, status: Status) -> list[Action]:
    """The province's actions on a record in this status (the buttons the review page shows)."""
    if not can_review(actor, unit):
        return []
    return allowed_actions(status, actor.role)


# ---- inspection --------------------------------------------------------------------------------

def is_team_member(actor: Actor, team_id: int | None) -> bool:
    return actor.active and actor.role.is_team and team_id is not None and actor.team_id == team_id


def is_team_lead(actor: Actor, team_id: int | None) -> bool:
    return is_team_member(actor, team_id) and actor.role == Role.TEAM_LEAD


def can_start_inspection(actor: Actor, unit: UnitRef, status: Status) -> bool:
    return actor.active and actor.role == Role.TEAM_LEAD and actor.team_id is not None \
        and can_view_unit(actor, unit) and Action.START_INSPECTION in allowed_actions(status, actor.role)


def can_view_inspection(actor: Actor, inspection: InspectionRef) -> bool:
    """The inspection's overview and minutes: whoever may see the unit."""
    return can_view_unit(actor, inspection.unit)


def can_score(actor: Actor, inspection: InspectionRef) -> bool:
    """A member enters their own answers, reasons, notes and photos while the scoring is open."""
    return is_team_member(actor, inspection.team_id) and inspection.minutes.state == InspectionState.OPEN


def can_merge(actor: Actor, inspection: InspectionRef) -> bool:
    """The lead sets the team's answers while the scoring is open."""
    return is_team_lead(actor, inspection.team_id) and can_score(actor, inspection)


def can_view_merge(actor: Actor, inspection: InspectionRef) -> bool:
    return is_team_member(actor, inspection.team_id) or (actor.role.is_province_wide
                                                          and can_view_unit(actor, inspection.unit))


def can_finalise(actor: Actor, inspection: InspectionRef) -> bool:
    return is_team_lead(actor, inspection.team_id) and allowed(inspection.minutes, InspectionAction.FINALISE,
                                                                Side.LEAD)


def can_reopen_scoring(actor: Actor, inspection: InspectionRef) -> bool:
    return is_team_lead(actor, inspection.team_id) and allowed(inspection.minutes, InspectionAction.REOPEN,
                                                                Side.LEAD)


def minutes_side(actor: Actor, inspection: InspectionRef) -> Side | None:
    """Which side of the minutes the actor confirms for: the team's lead, or the ward's chairman."""
    if is_team_lead(actor, inspection.team_id):
        return Side.LEAD
    if actor.active and actor.role == Role.WARD_CHAIRMAN and actor.unit_id == inspection.unit.id:
        return Side.CHAIRMAN
    return None


def can_confirm_minutes(actor: Actor, inspection: InspectionRef) -> bool:
    side = minutes_side(actor, inspection)
    return side is not None and allowed(inspection.minutes, InspectionAction.CONFIRM, side)


# ---- which links a screen shows -------------------------------------------------------------

def opens_as_inspection(actor: Actor) -> bool:
    """In the list of records, a team member opens the inspection; everyone else the self-assessment."""
    return actor.role.is_team


def shows_inspection_link(actor: Actor, status: Status) -> bool:
    """The ward sees the inspection's pages once an inspection has begun; the team and the province always."""
    return not actor.role.is_ward or status not in (WARD_EDITABLE | {Status.SUBMITTED})


# ---- administration ----------------------------------------------------------------------------

def can_use_admin(actor: Actor) -> bool:
    """The administration screens (read): province-wide users of a province."""
    return actor.active and actor.role.is_province_wide and actor.province_id is not None


def can_manage_campaigns(actor: Actor) -> bool:
    return can_use_admin(actor) and actor.role in (Role.ADMIN, Role.PROVINCE)


def can_manage_people(actor: Actor) -> bool:
    """Teams and users: administrators only."""
    return can_use_admin(actor) and actor.role == Role.ADMIN


# ---- the province's documents ------------------------------------------------------------------

def can_view_documents(actor: Actor, province_id: int | None) -> bool:
    """The list of a campaign's tờ trình, decisions and letters, and their files: the province's users."""
    return can_view_province(actor, province_id)


def can_issue_proposal(actor: Actor, province_id: int | None) -> bool:
    """Issuing the standing body's tờ trình proposes units: whoever may propose (the province's approvers)."""
    return can_view_province(actor, province_id) and any(
        t.action == Action.PROPOSE and actor.role in t.roles for t in TRANSITIONS)


def can_edit_minutes(actor: Actor, inspection: InspectionRef) -> bool:
    """The lead writes the minutes (number, real times, place, findings…) until someone confirms them."""
    minutes = inspection.minutes
    return is_team_lead(actor, inspection.team_id) and minutes.state != InspectionState.SIGNED \
        and not minutes.any_confirmed
