"""Queries restricted to what an actor may see, built from the domain's Scope (never by hand)."""
from __future__ import annotations

from ..domain.permissions import Actor, Scope, unit_scope
from ..extensions import db
from ..models import Assessment, Campaign, Unit, User


def unit_condition(scope: Scope, unit_id_column, province_id_column):
    """The WHERE clause matching Scope.contains for a query with a unit id and that unit's province id."""
    if scope.province_id is not None:
        return province_id_column == scope.province_id
    return unit_id_column.in_(sorted(scope.unit_ids) or [-1])


def visible_assessments(actor: Actor) -> list[Assessment]:
    """Every assessment the actor may see, newest campaign first."""
    query = (db.select(Assessment).join(Assessment.campaign).join(Assessment.unit)
             .where(unit_condition(unit_scope(actor), Assessment.unit_id, Unit.province_id))
             .order_by(Campaign.year.desc(), Unit.name_folded))
    return list(db.session.execute(query).scalars())


def unit_province_id(unit: Unit) -> int | None:
    return unit.id if unit.level == 1 else unit.province_id


def user_province_id(user: User) -> int | None:
    """The province a user belongs to: by their unit, or by their team."""
    if user.unit is not None:
        return unit_province_id(user.unit)
    if user.team is not None:
        return user.team.province_id
    return None


def province_users(province_id: int) -> list[User]:
    """Every user of a province: by their unit (the province itself or one of its units), or by their team."""
    from ..models import Team
    unit, team = db.aliased(Unit), db.aliased(Team)
    query = (db.select(User).outerjoin(unit, User.unit_id == unit.id).outerjoin(team, User.team_id == team.id)
             .where((unit.id == province_id) | (unit.province_id == province_id)
                    | (User.unit_id.is_(None) & (team.province_id == province_id))))
    return list(db.session.execute(query).scalars())
