"""Campaigns (domain.md section 3): an assessment round of one province, the units taking part and
the deadlines.

Admin and province (approver) users read and manage them (permissions.can_manage_campaigns). Each
change is audited (assessment_id None) and flushed; the caller's boundary commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable

from sqlalchemy import func

from ..domain import permissions
from ..domain.text import sort_key
from ..domain.workflow import Status
from ..extensions import db
from ..models import (
    Answer,
    Assessment,
    AuditEvent,
    Campaign,
    CriteriaSetRecord,
    Decision,
    Evidence,
    Inspection,
    Submission,
    Unit,
    User,
)
from . import audit
from .administration import AdminError, FieldErrors, checked_units, in_province, require, search_communes, text
from .assessments import open_assessment
from .errors import NotFound

NAME_MAX = 300
YEAR_MIN, YEAR_MAX = 2020, 2100
DEADLINES = (("self_deadline", "Hạn tự đánh giá"), ("inspection_deadline", "Hạn kiểm tra thực tế"),
             ("decision_deadline", "Hạn quyết định công nhận"))


# ---- reading -----------------------------------------------------------------------------------

def campaigns(actor: User) -> list[Campaign]:
    rows = db.session.execute(db.select(Campaign).where(Campaign.province_id == require(actor))
                              .order_by(Campaign.year.desc(), Campaign.id.desc())).scalars()
    return list(rows)


def campaign_in_scope(actor: User, campaign_id: int) -> Campaign | None:
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None or not permissions.can_view_province(actor.actor, campaign.province_id):
        return None
    return campaign


def counts(actor: User) -> dict[str, int]:
    """For the administration's home page."""
    rows = campaigns(actor)
    taking_part = db.session.execute(
        db.select(func.count(Assessment.id)).join(Campaign, Assessment.campaign_id == Campaign.id)
        .where(Campaign.province_id == require(actor), Campaign.is_open.is_(True))).scalar_one()
    return {"campaigns": len(rows), "open_campaigns": sum(1 for c in rows if c.is_open), "units_open": taking_part}


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


def has_answers(campaign: Campaign) -> bool:
    return db.session.execute(
        db.select(Answer.id).join(Assessment, Answer.assessment_id == Assessment.id)
        .where(Assessment.campaign_id == campaign.id).limit(1)).first() is not None


def search_campaign_units(campaign: Campaign, query: str, limit: int = 30) -> list[Unit]:
    """Commune-level units of the campaign's province as they were on its reference date."""
    return search_communes(query, campaign.province_id, on_date=campaign.reference_date, limit=limit)


# ---- the campaign itself -----------------------------------------------------------------------

def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _state(c: Campaign) -> dict:
    return {"name": c.name, "year": c.year, "criteria_set": f"{c.criteria_set.set_id} v{c.criteria_set.version}",
            "reference_date": _day(c.reference_date), "self_deadline": _day(c.self_deadline),
            "inspection_deadline": _day(c.inspection_deadline), "decision_deadline": _day(c.decision_deadline),
            "is_open": c.is_open}


def _checked_fields(errors: FieldErrors, name: str, year, criteria_set_record, reference_date,
                    deadlines: dict[str, date | None]) -> str:
    """The campaign's fields, every refusal collected in `errors`; returns the name as it is kept."""
    name = text(name)
    if not name:
        errors.add("name", "Nhập tên đợt đánh giá.")
    elif len(name) > NAME_MAX:
        errors.add("name", f"Tên đợt đánh giá tối đa {NAME_MAX} ký tự.")
    if year is None:
        errors.add("year", "Nhập năm đánh giá.")
    elif not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        errors.add("year", f"Năm đánh giá phải từ {YEAR_MIN} đến {YEAR_MAX}.")
    if criteria_set_record is None:
        errors.add("criteria_set_id", "Chọn bộ tiêu chí.")
    if reference_date is None:
        errors.add("reference_date", "Nhập ngày tham chiếu.")
    given = [(field, deadlines[field], label) for field, label in DEADLINES if deadlines[field] is not None]
    for (_, earlier, earlier_label), (field, later, later_label) in zip(given, given[1:]):
        if later < earlier:
            errors.add(field, f"{later_label} không được trước {earlier_label.lower()} ({earlier:%d/%m/%Y}).")
    if reference_date is not None:
        for field, day, label in given:
            if day < reference_date:
                errors.add(field, f"{label} không được trước ngày tham chiếu ({reference_date:%d/%m/%Y}).")
    return name


def create_campaign(actor_user: User, name: str, year: int | None, criteria_set_record: CriteriaSetRecord | None,
                    reference_date: date | None, self_deadline: date | None = None,
                    inspection_deadline: date | None = None, decision_deadline: date | None = None) -> Campaign:
    province_id = require(actor_user, permissions.can_manage_campaigns)
    errors = FieldErrors()
    name = _checked_fields(errors, name, year, criteria_set_record, reference_date,
                           {"self_deadline": self_deadline, "inspection_deadline": inspection_deadline,
                            "decision_deadline": decision_deadline})
    errors.done()
    campaign = Campaign(name=name, year=year, province_id=province_id, criteria_set=criteria_set_record,
                        reference_date=reference_date, self_deadline=self_deadline,
                        inspection_deadline=inspection_deadline, decision_deadline=decision_deadline, is_open=True)
    db.session.add(campaign)
    db.session.flush()
    audit.record("campaign_created", actor=actor_user, target=f"campaign:{campaign.id}", after=_state(campaign))
    db.session.flush()
    return campaign


def _check_scope(actor_user: User, campaign: Campaign) -> None:
    require(actor_user, permissions.can_manage_campaigns)
    in_province(actor_user, campaign.province_id, "campaign")


def _check_open(campaign: Campaign) -> None:
    if not campaign.is_open:
        raise AdminError("Đợt đánh giá đã đóng; mở lại đợt trước khi thay đổi.")


def update_campaign(campaign: Campaign, actor_user: User, name: str, year: int | None,
                    criteria_set_record: CriteriaSetRecord | None, reference_date: date | None,
                    self_deadline: date | None = None, inspection_deadline: date | None = None,
                    decision_deadline: date | None = None) -> bool:
    """Change a campaign. The criteria set can change only while no unit has answered anything;
    the reference date only to a day on which every unit taking part is valid. Returns False when
    nothing changed."""
    _check_scope(actor_user, campaign)
    _check_open(campaign)
    errors = FieldErrors()
    name = _checked_fields(errors, name, year, criteria_set_record, reference_date,
                           {"self_deadline": self_deadline, "inspection_deadline": inspection_deadline,
                            "decision_deadline": decision_deadline})
    if criteria_set_record is not None and criteria_set_record.id != campaign.criteria_set_id \
            and has_answers(campaign):
        errors.add("criteria_set_id", "Không thể đổi bộ tiêu chí: đã có xã/phường nhập kết quả tự đánh giá "
                                      "trong đợt này.")
    if reference_date is not None and reference_date != campaign.reference_date:
        invalid = [p.assessment.unit for p in participants(campaign)
                   if not p.assessment.unit.valid_on(reference_date)]
        if invalid:
            names = ", ".join(u.name for u in invalid[:5]) + ("…" if len(invalid) > 5 else "")
            errors.add("reference_date", f"Không thể đổi ngày tham chiếu: {names} không còn hiệu lực vào ngày "
                                         f"{reference_date:%d/%m/%Y}.")
    errors.done()
    before = _state(campaign)
    campaign.name, campaign.year, campaign.criteria_set = name, year, criteria_set_record
    campaign.reference_date, campaign.self_deadline = reference_date, self_deadline
    campaign.inspection_deadline, campaign.decision_deadline = inspection_deadline, decision_deadline
    after = _state(campaign)
    if after == before:
        return False
    changed = {k for k in after if after[k] != before[k]}
    audit.record("campaign_updated", actor=actor_user, target=f"campaign:{campaign.id}",
                 before={k: before[k] for k in changed}, after={k: after[k] for k in changed})
    db.session.flush()
    return True


def close_campaign(campaign: Campaign, user: User) -> None:
    _check_scope(user, campaign)
    if not campaign.is_open:
        raise AdminError("Đợt đánh giá đã đóng.")
    campaign.is_open = False
    audit.record("campaign_closed", actor=user, target=f"campaign:{campaign.id}",
                 before={"is_open": True}, after={"is_open": False})
    db.session.flush()


def reopen_campaign(campaign: Campaign, user: User) -> None:
    _check_scope(user, campaign)
    if campaign.is_open:
        raise AdminError("Đợt đánh giá đang mở.")
    campaign.is_open = True
    audit.record("campaign_reopened", actor=user, target=f"campaign:{campaign.id}",
                 before={"is_open": False}, after={"is_open": True})
    db.session.flush()


# ---- the units taking part ---------------------------------------------------------------------

def add_units_to_campaign(campaign: Campaign, units: Iterable[Unit], user: User) -> list[Assessment]:
    """Units take part: each gets its assessment (with a snapshot of its name and path).
    All or nothing: one unit that does not qualify refuses the whole request. Units already
    taking part are skipped. Returns the new assessments."""
    _check_scope(user, campaign)
    _check_open(campaign)
    units = checked_units(units, campaign.province, on_date=campaign.reference_date, what="đợt đánh giá")
    present = set(db.session.execute(db.select(Assessment.unit_id).filter_by(campaign_id=campaign.id)).scalars())
    created = []
    for unit in units:
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
    _check_scope(user, campaign)
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
