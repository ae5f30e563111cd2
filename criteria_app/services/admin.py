"""Administration (domain.md sections 2-4): campaigns, inspection teams, users.

One function per use case. Each checks the actor's role and province, validates its input,
raises AdminError (a ServiceError with a Vietnamese message, and the form field it concerns) on
refusal, writes an audit event (assessment_id None) and flushes; the caller's boundary commits.

Scope: everything belongs to one province (the actor's, `actor.actor.province_id`). Objects of
another province are reported as NotFound, never as "forbidden", so their existence does not leak.
Who may change what: admin and province (approver) users may read everything of their province
and manage campaigns; only admins manage teams and users.

A team-role user (trưởng đoàn, thành viên đoàn) keeps the province unit as `unit`: the model has no
province column on users, and a team member taken out of a team must stay visible to the
province's administrators (User.actor takes the province from the unit before the team).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from sqlalchemy import func, or_

from ..domain.roles import Role
from ..domain.text import fold, sort_key
from ..domain.workflow import Status
from ..extensions import db
from ..models import (Answer, Assessment, AuditEvent, Campaign, CriteriaSetRecord, Decision, Evidence,
                      Inspection, Submission, Team, TeamUnit, Unit, User)
from . import accounts, audit
from .assessments import open_assessment
from .errors import NotFound, PermissionDenied, ServiceError
from .units.queries import search_units

COMMUNE_LEVEL = 3
PASSWORD_MIN = 8
USERNAME_RE = re.compile(r"^[a-z0-9._-]+$")
CAMPAIGN_ROLES = frozenset({Role.ADMIN, Role.PROVINCE})
ADMIN_ROLES = frozenset({Role.ADMIN})


class AdminError(ServiceError):
    """A refusal; `field` names the form field the message belongs beside (None: the whole form)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# ---------------------------------------------------------------------------------------------
# Scope
# ---------------------------------------------------------------------------------------------

def province_id_of(actor: User) -> int:
    """The province an admin or province user works in; PermissionDenied for any other role."""
    if not actor.role_enum.is_province_wide or not actor.active:
        raise PermissionDenied("admin")
    province_id = actor.actor.province_id
    if province_id is None:
        raise PermissionDenied("admin")
    return province_id


def province_of(actor: User) -> Unit:
    return db.session.get(Unit, province_id_of(actor))


def _require(actor: User, roles: frozenset[Role]) -> int:
    province_id = province_id_of(actor)
    if actor.role_enum not in roles:
        raise PermissionDenied("admin")
    return province_id


def can_manage_campaigns(actor: User) -> bool:
    return actor.role_enum in CAMPAIGN_ROLES


def can_manage_people(actor: User) -> bool:
    """Teams and users: administrators only."""
    return actor.role_enum in ADMIN_ROLES


def unit_province_id(unit: Unit) -> int:
    return unit.id if unit.level == 1 else unit.province_id


def user_province_id(user: User) -> int | None:
    if user.unit is not None:
        return unit_province_id(user.unit)
    if user.team is not None:
        return user.team.province_id
    return None


def _same_province(actor_province_id: int, province_id: int | None, what: str) -> None:
    if province_id != actor_province_id:
        raise NotFound(what)


def campaign_in_scope(actor: User, campaign_id: int) -> Campaign | None:
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None or campaign.province_id != province_id_of(actor):
        return None
    return campaign


def team_in_scope(actor: User, team_id: int) -> Team | None:
    team = db.session.get(Team, team_id)
    if team is None or team.province_id != province_id_of(actor):
        return None
    return team


def user_in_scope(actor: User, user_id: int) -> User | None:
    user = db.session.get(User, user_id)
    if user is None or user_province_id(user) != province_id_of(actor):
        return None
    return user


def unit_in_scope(actor: User, unit_id: int) -> Unit | None:
    unit = db.session.get(Unit, unit_id)
    if unit is None or unit_province_id(unit) != province_id_of(actor):
        return None
    return unit


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------

def campaigns(actor: User) -> list[Campaign]:
    rows = db.session.execute(db.select(Campaign).where(Campaign.province_id == province_id_of(actor))
                              .order_by(Campaign.year.desc(), Campaign.id.desc())).scalars()
    return list(rows)


def teams(actor: User) -> list[Team]:
    rows = db.session.execute(db.select(Team).where(Team.province_id == province_id_of(actor))).scalars()
    return sorted(rows, key=lambda t: sort_key(t.name))


def users(actor: User, role: Role | None = None, query: str = "") -> list[User]:
    """The province's users (by their unit, or their team), filtered by role and by a name typed
    with or without diacritics; in Vietnamese order of their names."""
    province_id = province_id_of(actor)
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


def counts(actor: User) -> dict[str, int]:
    province_id = province_id_of(actor)
    all_campaigns = campaigns(actor)
    people = users(actor)
    taking_part = db.session.execute(
        db.select(func.count(Assessment.id)).join(Campaign, Assessment.campaign_id == Campaign.id)
        .where(Campaign.province_id == province_id, Campaign.is_open.is_(True))).scalar_one()
    return {"campaigns": len(all_campaigns), "open_campaigns": sum(1 for c in all_campaigns if c.is_open),
            "units_open": taking_part, "teams": len(teams(actor)),
            "users": len(people), "active_users": sum(1 for u in people if u.active)}


def criteria_sets() -> list[CriteriaSetRecord]:
    rows = db.session.execute(db.select(CriteriaSetRecord)
                              .order_by(CriteriaSetRecord.set_id, CriteriaSetRecord.version.desc())).scalars()
    return list(rows)


@dataclass(frozen=True)
class Participant:
    """A unit taking part in a campaign, as its assessment shows it."""
    assessment: Assessment
    answers: int

    @property
    def removable(self) -> bool:
        return self.answers == 0 and self.assessment.status == Status.SELF_ASSESSMENT.value


def participants(campaign: Campaign) -> list[Participant]:
    rows = list(db.session.execute(db.select(Assessment).filter_by(campaign_id=campaign.id)).scalars())
    answered = dict(db.session.execute(
        db.select(Answer.assessment_id, func.count(Answer.id)).join(Assessment, Answer.assessment_id == Assessment.id)
        .where(Assessment.campaign_id == campaign.id).group_by(Answer.assessment_id)).tuples().all())
    return sorted((Participant(a, answered.get(a.id, 0)) for a in rows),
                  key=lambda p: sort_key(p.assessment.unit_name))


def team_of_unit_ids(province_id: int) -> dict[int, list[Team]]:
    rows = db.session.execute(db.select(TeamUnit.unit_id, Team).join(Team, TeamUnit.team_id == Team.id)
                              .where(Team.province_id == province_id)).all()
    out: dict[int, list[Team]] = {}
    for unit_id, team in rows:
        out.setdefault(unit_id, []).append(team)
    return out


def team_lead(team: Team) -> User | None:
    leads = [u for u in team.members if u.role == Role.TEAM_LEAD.value]
    return leads[0] if leads else None


def team_members(team: Team) -> list[User]:
    return sorted((u for u in team.members if u.role != Role.TEAM_LEAD.value),
                  key=lambda u: sort_key(u.full_name or u.username))


def people_with_role(actor: User, role: Role) -> list[User]:
    return users(actor, role=role)


def search_campaign_units(campaign: Campaign, query: str, limit: int = 30) -> list[Unit]:
    """Commune-level units of the campaign's province as they were on its reference date."""
    return search_units(query, province_id=campaign.province_id, level=COMMUNE_LEVEL,
                        on_date=campaign.reference_date, limit=limit)


def search_team_units(team: Team, query: str, limit: int = 30) -> list[Unit]:
    """Commune-level units of the team's province taking part in one of its open campaigns."""
    taking_part = set(db.session.execute(
        db.select(Assessment.unit_id).join(Campaign, Assessment.campaign_id == Campaign.id)
        .where(Campaign.province_id == team.province_id, Campaign.is_open.is_(True))).scalars())
    found = search_units(query, province_id=team.province_id, level=COMMUNE_LEVEL, limit=2000)
    return [u for u in found if u.id in taking_part][:limit]


def search_ward_units(actor: User, query: str, limit: int = 30) -> list[Unit]:
    """Commune-level units of the actor's province, of every period (for a ward user's unit)."""
    return search_units(query, province_id=province_id_of(actor), level=COMMUNE_LEVEL, limit=limit)


def history(target: str, limit: int = 20) -> list[AuditEvent]:
    rows = db.session.execute(db.select(AuditEvent).filter_by(target=target)
                              .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)).scalars()
    return list(rows)


# ---------------------------------------------------------------------------------------------
# Campaigns
# ---------------------------------------------------------------------------------------------

def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _campaign_state(c: Campaign) -> dict:
    return {"name": c.name, "year": c.year, "criteria_set": f"{c.criteria_set.set_id} v{c.criteria_set.version}",
            "reference_date": _day(c.reference_date), "self_deadline": _day(c.self_deadline),
            "inspection_deadline": _day(c.inspection_deadline), "decision_deadline": _day(c.decision_deadline),
            "is_open": c.is_open}


def _check_campaign_fields(name: str, year, criteria_set_record, reference_date, self_deadline,
                           inspection_deadline, decision_deadline) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise AdminError("Nhập tên đợt đánh giá.", "name")
    if len(name) > 300:
        raise AdminError("Tên đợt đánh giá tối đa 300 ký tự.", "name")
    if not isinstance(year, int) or not 2020 <= year <= 2100:
        raise AdminError("Năm đánh giá phải từ 2020 đến 2100.", "year")
    if criteria_set_record is None:
        raise AdminError("Chọn bộ tiêu chí.", "criteria_set_id")
    if reference_date is None:
        raise AdminError("Nhập ngày tham chiếu (danh mục đơn vị hành chính theo ngày này).", "reference_date")
    deadlines = [("self_deadline", self_deadline, "Hạn tự đánh giá"),
                 ("inspection_deadline", inspection_deadline, "Hạn kiểm tra thực tế"),
                 ("decision_deadline", decision_deadline, "Hạn quyết định công nhận")]
    given = [(f, d, label) for f, d, label in deadlines if d is not None]
    for (_, earlier, earlier_label), (field, later, later_label) in zip(given, given[1:]):
        if later < earlier:
            raise AdminError(f"{later_label} không được trước {earlier_label.lower()} "
                             f"({earlier:%d/%m/%Y}).", field)
    for field, day, label in given:
        if day < reference_date:
            raise AdminError(f"{label} không được trước ngày tham chiếu ({reference_date:%d/%m/%Y}).", field)
    return name


def create_campaign(actor_user: User, name: str, year: int, criteria_set_record: CriteriaSetRecord | None,
                    reference_date: date | None, self_deadline: date | None = None,
                    inspection_deadline: date | None = None, decision_deadline: date | None = None) -> Campaign:
    province_id = _require(actor_user, CAMPAIGN_ROLES)
    name = _check_campaign_fields(name, year, criteria_set_record, reference_date, self_deadline,
                                  inspection_deadline, decision_deadline)
    campaign = Campaign(name=name, year=year, province_id=province_id, criteria_set=criteria_set_record,
                        reference_date=reference_date, self_deadline=self_deadline,
                        inspection_deadline=inspection_deadline, decision_deadline=decision_deadline, is_open=True)
    db.session.add(campaign)
    db.session.flush()
    audit.record("campaign_created", actor=actor_user, target=f"campaign:{campaign.id}",
                 after=_campaign_state(campaign))
    db.session.flush()
    return campaign


def has_answers(campaign: Campaign) -> bool:
    return db.session.execute(
        db.select(Answer.id).join(Assessment, Answer.assessment_id == Assessment.id)
        .where(Assessment.campaign_id == campaign.id).limit(1)).first() is not None


def _check_open(campaign: Campaign) -> None:
    if not campaign.is_open:
        raise AdminError("Đợt đánh giá đã đóng; mở lại đợt trước khi thay đổi.")


def _check_campaign_scope(actor_user: User, campaign: Campaign) -> None:
    province_id = _require(actor_user, CAMPAIGN_ROLES)
    _same_province(province_id, campaign.province_id, "campaign")


def update_campaign(campaign: Campaign, actor_user: User, name: str, year: int,
                    criteria_set_record: CriteriaSetRecord | None, reference_date: date | None,
                    self_deadline: date | None = None, inspection_deadline: date | None = None,
                    decision_deadline: date | None = None) -> bool:
    """Change a campaign. The criteria set can change only while no unit has answered anything;
    the reference date only to a day on which every unit taking part is valid. Returns False when
    nothing changed."""
    _check_campaign_scope(actor_user, campaign)
    _check_open(campaign)
    name = _check_campaign_fields(name, year, criteria_set_record, reference_date, self_deadline,
                                  inspection_deadline, decision_deadline)
    if criteria_set_record.id != campaign.criteria_set_id and has_answers(campaign):
        raise AdminError("Không thể đổi bộ tiêu chí: đã có xã/phường nhập kết quả tự đánh giá trong đợt này.",
                         "criteria_set_id")
    if reference_date != campaign.reference_date:
        invalid = [p.assessment.unit for p in participants(campaign)
                   if not p.assessment.unit.valid_on(reference_date)]
        if invalid:
            names = ", ".join(u.name for u in invalid[:5]) + ("…" if len(invalid) > 5 else "")
            raise AdminError(f"Không thể đổi ngày tham chiếu: {names} không còn hiệu lực vào ngày "
                             f"{reference_date:%d/%m/%Y}.", "reference_date")
    before = _campaign_state(campaign)
    campaign.name, campaign.year, campaign.criteria_set = name, year, criteria_set_record
    campaign.reference_date, campaign.self_deadline = reference_date, self_deadline
    campaign.inspection_deadline, campaign.decision_deadline = inspection_deadline, decision_deadline
    after = _campaign_state(campaign)
    if after == before:
        return False
    changed = {k for k in after if after[k] != before[k]}
    audit.record("campaign_updated", actor=actor_user, target=f"campaign:{campaign.id}",
                 before={k: before[k] for k in changed}, after={k: after[k] for k in changed})
    db.session.flush()
    return True


def add_units_to_campaign(campaign: Campaign, units: Iterable[Unit], user: User) -> list[Assessment]:
    """Units take part: each gets its assessment (with a snapshot of its name and path).
    All or nothing: one unit that does not qualify refuses the whole request. Units already
    taking part are skipped. Returns the new assessments."""
    _check_campaign_scope(user, campaign)
    _check_open(campaign)
    units = list({u.id: u for u in units}.values())
    if not units:
        raise AdminError("Chọn ít nhất một xã/phường.", "units")
    province = campaign.province
    for unit in units:
        if unit_province_id(unit) != campaign.province_id:
            raise AdminError(f"{unit.name} không thuộc {province.name}.", "units")
        if unit.level != COMMUNE_LEVEL:
            raise AdminError(f"{unit.name} không phải đơn vị hành chính cấp xã.", "units")
        if not unit.valid_on(campaign.reference_date):
            raise AdminError(f"{unit.name} không có hiệu lực vào ngày tham chiếu của đợt đánh giá "
                             f"({campaign.reference_date:%d/%m/%Y}).", "units")
    present = set(db.session.execute(db.select(Assessment.unit_id).filter_by(campaign_id=campaign.id)).scalars())
    created = []
    for unit in sorted(units, key=lambda u: sort_key(u.name)):
        if unit.id in present:
            continue
        assessment = open_assessment(campaign, unit)
        audit.record("campaign_unit_added", actor=user, target=f"campaign:{campaign.id}",
                     after={"unit_id": unit.id, "unit": assessment.unit_path, "assessment_id": assessment.id})
        created.append(assessment)
    db.session.flush()
    return created


def _has_record(assessment: Assessment) -> bool:
    """Anything written about the assessment besides its creation."""
    for model in (Answer, Evidence, Submission, Inspection, Decision, AuditEvent):
        if db.session.execute(db.select(model.id).filter_by(assessment_id=assessment.id).limit(1)).first():
            return True
    return False


def remove_unit_from_campaign(campaign: Campaign, unit: Unit, user: User) -> None:
    """A unit leaves the campaign: only while its assessment is untouched (no answer, no file,
    still in self-assessment). Its assessment is deleted."""
    _check_campaign_scope(user, campaign)
    _check_open(campaign)
    assessment = db.session.execute(
        db.select(Assessment).filter_by(campaign_id=campaign.id, unit_id=unit.id)).scalar_one_or_none()
    if assessment is None:
        raise NotFound("assessment")
    if assessment.status != Status.SELF_ASSESSMENT.value or _has_record(assessment):
        raise AdminError(f"Không thể bỏ {assessment.unit_name} khỏi đợt đánh giá: hồ sơ đã có dữ liệu "
                         f"({assessment.status_enum.label}).")
    details = {"unit_id": unit.id, "unit": assessment.unit_path, "assessment_id": assessment.id}
    db.session.delete(assessment)
    audit.record("campaign_unit_removed", actor=user, target=f"campaign:{campaign.id}", before=details)
    db.session.flush()


def close_campaign(campaign: Campaign, user: User) -> None:
    _check_campaign_scope(user, campaign)
    if not campaign.is_open:
        raise AdminError("Đợt đánh giá đã đóng.")
    campaign.is_open = False
    audit.record("campaign_closed", actor=user, target=f"campaign:{campaign.id}",
                 before={"is_open": True}, after={"is_open": False})
    db.session.flush()


def reopen_campaign(campaign: Campaign, user: User) -> None:
    _check_campaign_scope(user, campaign)
    if campaign.is_open:
        raise AdminError("Đợt đánh giá đang mở.")
    campaign.is_open = True
    audit.record("campaign_reopened", actor=user, target=f"campaign:{campaign.id}",
                 before={"is_open": False}, after={"is_open": True})
    db.session.flush()


# ---------------------------------------------------------------------------------------------
# Inspection teams
# ---------------------------------------------------------------------------------------------

def _check_team_scope(user: User, team: Team) -> int:
    province_id = _require(user, ADMIN_ROLES)
    _same_province(province_id, team.province_id, "team")
    return province_id


def _team_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise AdminError("Nhập tên đoàn kiểm tra.", "name")
    if len(name) > 200:
        raise AdminError("Tên đoàn kiểm tra tối đa 200 ký tự.", "name")
    return name


def create_team(name: str, province: Unit, user: User) -> Team:
    province_id = _require(user, ADMIN_ROLES)
    _same_province(province_id, province.id if province is not None else None, "province")
    name = _team_name(name)
    existing = db.session.execute(db.select(Team.name).filter_by(province_id=province_id)).scalars()
    if any(fold(n) == fold(name) for n in existing):
        raise AdminError(f"Đã có đoàn kiểm tra tên «{name}».", "name")
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
    province_id = _check_team_scope(user, team)
    members = list({u.id: u for u in member_users}.values())
    if lead_user is not None:
        if user_province_id(lead_user) != province_id:
            raise NotFound("user")
        if lead_user.role != Role.TEAM_LEAD.value:
            raise AdminError(f"{lead_user.display_name} không có vai trò {Role.TEAM_LEAD.label}.", "lead")
        if not lead_user.active and lead_user.team_id != team.id:
            raise AdminError(f"Tài khoản {lead_user.username} đang bị khóa.", "lead")
    for member in members:
        if user_province_id(member) != province_id:
            raise NotFound("user")
        if member.role != Role.INSPECTOR.value:
            raise AdminError(f"{member.display_name} không có vai trò {Role.INSPECTOR.label}.", "members")
        if not member.active and member.team_id != team.id:
            raise AdminError(f"Tài khoản {member.username} đang bị khóa.", "members")
    wanted = ([lead_user] if lead_user is not None else []) + members
    wanted_ids = {u.id for u in wanted}
    before = {"lead": (team_lead(team).username if team_lead(team) else None),
              "members": sorted(u.username for u in team_members(team))}
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
    province_id = _check_team_scope(user, team)
    units = list({u.id: u for u in units}.values())
    if not units:
        raise AdminError("Chọn ít nhất một xã/phường.", "units")
    province = db.session.get(Unit, province_id)
    for unit in units:
        if unit_province_id(unit) != province_id:
            raise AdminError(f"{unit.name} không thuộc {province.name}.", "units")
        if unit.level != COMMUNE_LEVEL:
            raise AdminError(f"{unit.name} không phải đơn vị hành chính cấp xã.", "units")
    have = {u.id for u in team.units}
    added = [u for u in sorted(units, key=lambda u: sort_key(u.name)) if u.id not in have]
    if added:
        team.units.extend(added)
        audit.record("team_units_assigned", actor=user, target=f"team:{team.id}",
                     after={"units": [{"unit_id": u.id, "unit": u.path_name()} for u in added]})
    db.session.flush()
    return added


def unassign_unit_from_team(team: Team, unit: Unit, user: User) -> None:
    _check_team_scope(user, team)
    if unit not in team.units:
        raise NotFound("unit")
    team.units.remove(unit)
    audit.record("team_unit_removed", actor=user, target=f"team:{team.id}",
                 before={"unit_id": unit.id, "unit": unit.path_name()})
    db.session.flush()


# ---------------------------------------------------------------------------------------------
# Users
# ---------------------------------------------------------------------------------------------

def _user_state(u: User) -> dict:
    return {"username": u.username, "full_name": u.full_name, "position": u.position, "role": u.role,
            "unit_id": u.unit_id, "team_id": u.team_id, "active": u.active}


def _check_password(password: str, field: str = "password") -> None:
    if len(password or "") < PASSWORD_MIN:
        raise AdminError(f"Mật khẩu phải có ít nhất {PASSWORD_MIN} ký tự.", field)
    if len(password) > 200:
        raise AdminError("Mật khẩu tối đa 200 ký tự.", field)


def _placement(role: Role, unit: Unit | None, team: Team | None, province_id: int,
               user: User | None = None) -> tuple[Unit | None, Team | None]:
    """The (unit, team) a user of `role` gets, or AdminError. Team roles keep the province as unit."""
    province = db.session.get(Unit, province_id)
    if role.is_ward:
        if unit is None or unit.level != COMMUNE_LEVEL:
            raise AdminError("Cán bộ và Chủ tịch UBND xã/phường cần chọn một xã/phường.", "unit_id")
        if unit_province_id(unit) != province_id:
            raise AdminError(f"{unit.name} không thuộc {province.name}.", "unit_id")
        return unit, None
    if role.is_province_wide:
        if unit is None or unit.id != province_id:
            raise AdminError(f"Vai trò {role.label} phải gắn với {province.name}.", "unit_id")
        return unit, None
    if team is None:
        raise AdminError(f"Vai trò {role.label} cần chọn đoàn kiểm tra.", "team_id")
    if team.province_id != province_id:
        raise NotFound("team")
    if role == Role.TEAM_LEAD:
        lead = team_lead(team)
        if lead is not None and (user is None or lead.id != user.id):
            raise AdminError(f"{team.name} đã có trưởng đoàn ({lead.display_name}); "
                             "đổi trưởng đoàn ở trang của đoàn.", "team_id")
    return province, team


def _texts(full_name: str, position: str) -> tuple[str, str]:
    full_name = " ".join((full_name or "").split())
    position = " ".join((position or "").split())
    if not full_name:
        raise AdminError("Nhập họ và tên.", "full_name")
    if len(full_name) > 200:
        raise AdminError("Họ và tên tối đa 200 ký tự.", "full_name")
    if len(position) > 200:
        raise AdminError("Chức vụ tối đa 200 ký tự.", "position")
    return full_name, position


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise AdminError("Chọn vai trò.", "role") from None


def create_user(username: str, full_name: str, position: str, role: Role | str, unit: Unit | None,
                team: Team | None, password: str, actor: User) -> User:
    province_id = _require(actor, ADMIN_ROLES)
    username = (username or "").strip()
    if not username:
        raise AdminError("Nhập tên đăng nhập.", "username")
    if len(username) < 3 or len(username) > 80:
        raise AdminError("Tên đăng nhập dài từ 3 đến 80 ký tự.", "username")
    if not USERNAME_RE.match(username):
        raise AdminError("Tên đăng nhập chỉ gồm chữ thường không dấu (a-z), chữ số và các dấu . _ -", "username")
    if db.session.execute(db.select(User.id).filter_by(username=username)).first() is not None:
        raise AdminError(f"Tên đăng nhập «{username}» đã được dùng.", "username")
    full_name, position = _texts(full_name, position)
    role = _role(role)
    unit, team = _placement(role, unit, team, province_id)
    _check_password(password)
    user = User(username=username, full_name=full_name, position=position, role=role.value,
                password_hash=accounts.hash_password(password), unit=unit, team=team, active=True)
    db.session.add(user)
    db.session.flush()
    audit.record("user_created", actor=actor, target=f"user:{user.id}", after=_user_state(user))
    db.session.flush()
    return user


def _check_user_scope(actor: User, user: User) -> int:
    province_id = _require(actor, ADMIN_ROLES)
    _same_province(province_id, user_province_id(user), "user")
    return province_id


def update_user(user: User, full_name: str, position: str, role: Role | str, unit: Unit | None,
                team: Team | None, actor: User) -> bool:
    """Change a user's name, position, role and placement. Returns False when nothing changed."""
    province_id = _check_user_scope(actor, user)
    full_name, position = _texts(full_name, position)
    role = _role(role)
    if user.id == actor.id and role != user.role_enum:
        raise AdminError("Không thể tự đổi vai trò của chính mình.", "role")
    unit, team = _placement(role, unit, team, province_id, user)
    before = _user_state(user)
    user.full_name, user.position, user.role, user.unit, user.team = full_name, position, role.value, unit, team
    after = _user_state(user)
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
    _check_user_scope(actor, user)
    _check_password(new_password)
    user.password_hash = accounts.hash_password(new_password)
    audit.record("password_reset", actor=actor, target=f"user:{user.id}")
    accounts.end_sessions(user)
    db.session.flush()


def deactivate_user(user: User, actor: User) -> None:
    _check_user_scope(actor, user)
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
    _check_user_scope(actor, user)
    if user.active:
        raise AdminError(f"Tài khoản {user.username} đang hoạt động.")
    user.active = True
    audit.record("user_reactivated", actor=actor, target=f"user:{user.id}",
                 before={"active": False}, after={"active": True})
    db.session.flush()
