"""The province's list of a campaign's units: status, self and inspection totals, mandatory criteria.

A fixed number of queries whatever the number of units: every answer of the campaign is read at once
and scored in memory with the one scoring engine.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from ..domain.answers import answer_from_json
from ..domain.scoring import SetResult, score_set
from ..domain.text import fold, sort_key
from ..domain.workflow import Status
from ..extensions import db
from ..models import Answer, Assessment, Campaign, Inspection, TeamAnswer


@dataclass(frozen=True)
class Row:
    assessment: Assessment
    status: Status
    self_result: SetResult
    team_result: SetResult | None

    @property
    def self_total(self) -> Decimal:
        return self.self_result.total

    @property
    def team_total(self) -> Decimal | None:
        return None if self.team_result is None else self.team_result.total

    @property
    def failing_criteria(self) -> tuple[str, ...]:
        result = self.team_result or self.self_result
        return tuple(c.code for c in result.criteria if c.complete and not c.passed)


def campaign_rows(campaign: Campaign, *, status: str | None = None, query: str = "",
                  failing: str | None = None) -> list[Row]:
    criteria_set = campaign.criteria_set.parsed()
    stmt = db.select(Assessment).filter_by(campaign_id=campaign.id)
    if status:
        stmt = stmt.filter_by(status=status)
    assessments = list(db.session.execute(stmt).scalars())
    if query:
        q = fold(query)
        assessments = [a for a in assessments if q in fold(a.unit_path)]
    ids = [a.id for a in assessments]
    answers: dict[int, dict] = {i: {} for i in ids}
    team: dict[int, dict] = {}
    if ids:
        for assessment_id, code, value in db.session.execute(
                db.select(Answer.assessment_id, Answer.item_code, Answer.value)
                .where(Answer.assessment_id.in_(ids), Answer.value.is_not(None))):
            if criteria_set.has_item(code):
                answers[assessment_id][code] = answer_from_json(criteria_set.item(code), json.loads(value))
        latest = (db.select(Inspection.assessment_id, db.func.max(Inspection.round).label("round"))
                  .where(Inspection.assessment_id.in_(ids)).group_by(Inspection.assessment_id).subquery())
        inspections = db.session.execute(
            db.select(Inspection.id, Inspection.assessment_id)
            .join(latest, (Inspection.assessment_id == latest.c.assessment_id) & (Inspection.round == latest.c.round))
            .where(Inspection.status != "open")).all()
        by_inspection = {iid: aid for iid, aid in inspections}
        for aid in by_inspection.values():
            team[aid] = {}
        if by_inspection:
            for inspection_id, code, value in db.session.execute(
                    db.select(TeamAnswer.inspection_id, TeamAnswer.item_code, TeamAnswer.value)
                    .where(TeamAnswer.inspection_id.in_(list(by_inspection)), TeamAnswer.value.is_not(None))):
                if criteria_set.has_item(code):
                    team[by_inspection[inspection_id]][code] = answer_from_json(criteria_set.item(code), json.loads(value))
    rows = [Row(a, a.status_enum, score_set(criteria_set, answers[a.id]),
                score_set(criteria_set, team[a.id]) if a.id in team else None) for a in assessments]
    if failing:
        rows = [r for r in rows if failing in r.failing_criteria]
    return sorted(rows, key=lambda r: sort_key(r.assessment.unit_name))


def campaigns_of(province_id: int | None) -> list[Campaign]:
    return list(db.session.execute(db.select(Campaign).filter_by(province_id=province_id)
                                   .order_by(Campaign.year.desc(), Campaign.id.desc())).scalars())


@dataclass(frozen=True)
class CampaignCounts:
    """How far a campaign went, as a tờ trình reports it."""
    units: int
    submitted: int
    inspected: int
    teams: list


def campaign_counts(campaign: Campaign) -> CampaignCounts:
    from ..models import Submission, Team
    units = db.session.execute(db.select(db.func.count(Assessment.id)).filter_by(campaign_id=campaign.id)).scalar_one()
    submitted = db.session.execute(
        db.select(db.func.count(db.distinct(Submission.assessment_id))).join(Assessment)
        .where(Assessment.campaign_id == campaign.id)).scalar_one()
    inspected = db.session.execute(
        db.select(db.func.count(db.distinct(Inspection.assessment_id))).join(Assessment)
        .where(Assessment.campaign_id == campaign.id, Inspection.status == "signed")).scalar_one()
    team_ids = set(db.session.execute(
        db.select(db.distinct(Inspection.team_id)).join(Assessment)
        .where(Assessment.campaign_id == campaign.id, Inspection.status == "signed")).scalars())
    teams = sorted((db.session.get(Team, t) for t in team_ids), key=lambda t: sort_key(t.name))
    return CampaignCounts(units, submitted, inspected, teams)
