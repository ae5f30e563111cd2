"""Inspection teams (domain.md section 2): a lead, members and the units the team inspects.

Admin and province users read them; only administrators change them (permissions.can_manage_people).
Each change is audited (assessment_id None) and flushed; the caller's boundary commits.

A team-role user keeps the province unit as `unit`: the model has no province column on users, and a
member taken out of a team must stay visible to the province's administrators.
"""
from __future__ import annotations

from typing import Iterable

from ..domain import permissions
from ..domain.roles import Role
from ..domain.text import fold, sort_key
from ..extensions import db
from ..models import Assessment, Campaign, Team, TeamUnit, Unit, User
from . import audit
from .administration import FieldErrors, checked_units, in_province, require, search_communes, text
from .errors import NotFound
from .scope import user_province_id

NAME_MAX = 200


# ---- reading -----------------------------------------------------------------------------------

def teams(actor: User) -> list[Team]:
    rows = db.session.execute(db.select(Team).where(Team.province_id == require(actor))).scalars()
    return sorted(rows, key=lambda t: sort_key(t.name))


def team_in_scope(actor: User, team_id: int) -> Team | None:
    team = db.session.get(Team, team_id)
    if team is None or not permissions.can_view_province(actor.actor, team.province_id):
        return None
    return team


def counts(actor: User) -> dict[str, int]:
    return {"teams": len(teams(actor))}


def team_lead(team: Team) -> User | None:
    leads = [u for u in team.members if u.role == Role.TEAM_LEAD.value]
    return leads[0] if leads else None


def team_members(team: Team) -> list[User]:
    return sorted((u for u in team.members if u.role != Role.TEAM_LEAD.value),
                  key=lambda u: sort_key(u.full_name or u.username))


def teams_by_unit(province_id: int) -> dict[int, list[Team]]:
    """The teams each unit of the province is assigned to."""
    rows = db.session.execute(db.select(TeamUnit.unit_id, Team).join(Team, TeamUnit.team_id == Team.id)
                              .where(Team.province_id == province_id)).all()
    out: dict[int, list[Team]] = {}
    for unit_id, team in rows:
        out.setdefault(unit_id, []).append(team)
    return out


def search_team_units(team: Team, query: str, limit: int = 30) -> list[Unit]:
    """Commune-level units of the team's province taking part in one of its open campaigns."""
    taking_part = set(db.session.execute(
        db.select(Assessment.unit_id).join(Campaign, Assessment.campaign_id == Campaign.id)
        .where(Campaign.province_id == team.province_id, Campaign.is_open.is_(True))).scalars())
    found = search_communes(query, team.province_id, limit=2000)
    return [u for u in found if u.id in taking_part][:limit]


# ---- changes -----------------------------------------------------------------------------------

def _check_scope(user: User, team: Team) -> int:
    province_id = require(user, permissions.can_manage_people)
    in_province(user, team.province_id, "team")
    return province_id


def create_team(name: str, province: Unit, user: User) -> Team:
    province_id = require(user, permissions.can_manage_people)
    in_province(user, province.id if province is not None else None, "province")
    errors = FieldErrors()
    name = text(name)
    if not name:
        errors.add("name", "Nhập tên đoàn kiểm tra.")
    elif len(name) > NAME_MAX:
        errors.add("name", f"Tên đoàn kiểm tra tối đa {NAME_MAX} ký tự.")
    elif any(fold(n) == fold(name) for n in
             db.session.execute(db.select(Team.name).filter_by(province_id=province_id)).scalars()):
        errors.add("name", f"Đã có đoàn kiểm tra tên «{name}».")
    errors.done()
    team = Team(name=name, province_id=province_id, active=True)
    db.session.add(team)
    db.session.flush()
    audit.record("team_created", actor=user, target=f"team:{team.id}", after={"name": name})
    db.session.flush()
    return team


def _leave_team(member: User) -> None:
    """Out of any team: the user keeps the province as unit, so the province still sees them."""
    if member.unit_id is None and member.team is not None:
        member.unit_id = member.team.province_id
    member.team = None


def set_team_members(team: Team, lead_user: User | None, member_users: Iterable[User], user: User) -> None:
    """The team's lead and members, replacing the previous ones. A user is in one team at most:
    one taken from another team is moved (and the move audited); one left out leaves the team."""
    province_id = _check_scope(user, team)
    members = list({u.id: u for u in member_users}.values())
    errors = FieldErrors()
    for person, field, role in ([(lead_user, "lead", Role.TEAM_LEAD)] if lead_user is not None else []) \
            + [(m, "members", Role.INSPECTOR) for m in members]:
        if user_province_id(person) != province_id:
            raise NotFound("user")
        if person.role != role.value:
            errors.add(field, f"{person.display_name} không có vai trò {role.label}.")
        elif not person.active and person.team_id != team.id:
            errors.add(field, f"Tài khoản {person.username} đang bị khóa.")
    errors.done()
    wanted = ([lead_user] if lead_user is not None else []) + members
    wanted_ids = {u.id for u in wanted}
    lead = team_lead(team)
    before = {"lead": lead.username if lead else None, "members": sorted(u.username for u in team_members(team))}
    for current in list(team.members):
        if current.id not in wanted_ids:
            _leave_team(current)
            audit.record("team_member_removed", actor=user, target=f"user:{current.id}",
                         before={"team_id": team.id, "team": team.name}, after={"team_id": None})
    for person in wanted:
        if person.team_id != team.id:
            if person.team is not None:
                audit.record("team_member_moved", actor=user, target=f"user:{person.id}",
                             before={"team_id": person.team.id, "team": person.team.name},
                             after={"team_id": team.id, "team": team.name})
            else:
                audit.record("team_member_added", actor=user, target=f"user:{person.id}",
                             before={"team_id": None}, after={"team_id": team.id, "team": team.name})
            if person.unit_id is None:
                person.unit_id = province_id
            person.team = team
    db.session.flush()
    db.session.expire(team, ["members"])
    after = {"lead": lead_user.username if lead_user else None, "members": sorted(u.username for u in members)}
    if after != before:
        audit.record("team_members_set", actor=user, target=f"team:{team.id}", before=before, after=after)
    db.session.flush()


def assign_units_to_team(team: Team, units: Iterable[Unit], user: User) -> list[Unit]:
    """Units the team inspects (added to those it has). Returns the units newly assigned."""
    province_id = _check_scope(user, team)
    units = checked_units(units, db.session.get(Unit, province_id))
    have = {u.id for u in team.units}
    added = [u for u in units if u.id not in have]
    if added:
        team.units.extend(added)
        audit.record("team_units_assigned", actor=user, target=f"team:{team.id}",
                     after={"units": [{"unit_id": u.id, "unit": u.path_name()} for u in added]})
    db.session.flush()
    return added


def unassign_unit_from_team(team: Team, unit: Unit, user: User) -> None:
    _check_scope(user, team)
    if unit not in team.units:
        raise NotFound("unit")
    team.units.remove(unit)
    audit.record("team_unit_removed", actor=user, target=f"team:{team.id}",
                 before={"unit_id": unit.id, "unit": unit.path_name()})
    db.session.flush()

