"""The result the recognition rule is applied to, per unit and for a whole campaign.

A unit is judged on the team's result of its latest signed minutes (the ward's own result only where no
minutes were ever signed). Every refusal lists what fails, in the words of domain/recognition.py.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..domain import recognition
from ..domain.inspection_lifecycle import InspectionState
from ..domain.scoring import SetResult, score_set
from ..domain.workflow import Status
from ..extensions import db
from ..models import Assessment, Campaign, Inspection, ProposalEntry
from . import answer_store
from .errors import ServiceError


class RuleNotMet(ServiceError):
    """The unit does not meet the recognition rule; `failures` says each reason."""

    def __init__(self, unit_name: str, failures: list[str], doing: str):
        self.failures = failures
        super().__init__(f"Không thể {doing} {unit_name}: chưa đạt điều kiện công nhận ("
                         + "; ".join(f[:1].lower() + f[1:] for f in failures) + ").")


def latest_signed_inspection(assessment: Assessment) -> Inspection | None:
    return db.session.execute(
        db.select(Inspection).filter_by(assessment_id=assessment.id, status=InspectionState.SIGNED)
        .order_by(Inspection.round.desc()).limit(1)).scalar_one_or_none()


def team_result(inspection: Inspection) -> SetResult:
    criteria_set = inspection.assessment.criteria_set()
    answers = answer_store.team_answers(criteria_set, [inspection.id]).get(inspection.id, {})
    return score_set(criteria_set, answers)


def ward_result(assessment: Assessment) -> SetResult:
    criteria_set = assessment.criteria_set()
    return score_set(criteria_set, answer_store.ward_answers(criteria_set, [assessment.id]).get(assessment.id, {}))


def judged_result(assessment: Assessment) -> tuple[SetResult, Inspection | None]:
    """The team's result on the latest signed minutes, or the ward's own where there are none."""
    inspection = latest_signed_inspection(assessment)
    if inspection is not None:
        return team_result(inspection), inspection
    return ward_result(assessment), None


def require_rule(assessment: Assessment, doing: str) -> tuple[SetResult, Inspection | None]:
    result, inspection = judged_result(assessment)
    failures = recognition.failures(result)
    if inspection is None:
        failures = ["Chưa có biên bản kiểm tra thực tế đã ký"] + failures
    if failures:
        raise RuleNotMet(assessment.unit_name, failures, doing)
    return result, inspection


# ---- a campaign at once (the tờ trình) ------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    """A unit with signed minutes, as a tờ trình considers it."""
    assessment: Assessment
    inspection: Inspection
    ward_result: SetResult
    team_result: SetResult
    proposed: bool
    reason: str = ""


# Units a new tờ trình leaves out: decided already, or proposed in an earlier one.
DECIDED = frozenset({Status.RECOGNISED, Status.REFUSED, Status.REVOKED})
PENDING_REASONS = {
    Status.RETURNED: "Đang trả lại để bổ sung hồ sơ",
    Status.INSPECTING: "Đang kiểm tra thực tế lại",
    Status.SELF_ASSESSMENT: "Đang tự đánh giá lại",
}


def signed_inspections(campaign: Campaign) -> dict[int, Inspection]:
    """assessment id → its latest signed inspection, for every unit of the campaign that has one."""
    rows = db.session.execute(
        db.select(Inspection).join(Assessment, Inspection.assessment_id == Assessment.id)
        .where(Assessment.campaign_id == campaign.id, Inspection.status == InspectionState.SIGNED)
        .order_by(Inspection.assessment_id, Inspection.round)).scalars()
    return {i.assessment_id: i for i in rows}


def already_proposed(campaign: Campaign) -> set[tuple[int, int]]:
    """(assessment, inspection) pairs proposed in a tờ trình: a unit is proposed once on the same minutes."""
    from ..models import Proposal
    rows = db.session.execute(
        db.select(ProposalEntry.assessment_id, ProposalEntry.inspection_id).join(Proposal)
        .where(Proposal.campaign_id == campaign.id, ProposalEntry.proposed.is_(True))).all()
    return {(a, i) for a, i in rows}


def candidates(campaign: Campaign, progress=None) -> list[Candidate]:
    """Every unit a new tờ trình lists: those meeting the rule on signed minutes (proposed) and those that
    do not, with the reason. Left out: no signed minutes, decided already, proposed in an earlier one."""
    criteria_set = campaign.criteria_set.parsed()
    inspections = signed_inspections(campaign)
    if not inspections:
        return []
    assessments = {a.id: a for a in db.session.execute(
        db.select(Assessment).where(Assessment.id.in_(list(inspections)))).scalars()}
    done = already_proposed(campaign)
    ward = answer_store.ward_answers(criteria_set, list(inspections))
    team = answer_store.team_answers(criteria_set, [i.id for i in inspections.values()])
    out = []
    for n, (aid, inspection) in enumerate(inspections.items(), 1):
        assessment = assessments[aid]
        status = assessment.status_enum
        if status in DECIDED or (aid, inspection.id) in done:
            continue
        team_result = score_set(criteria_set, team.get(inspection.id, {}))
        ward_result = score_set(criteria_set, ward.get(aid, {}))
        if status in PENDING_REASONS:
            out.append(Candidate(assessment, inspection, ward_result, team_result, False, PENDING_REASONS[status]))
        elif team_result.recognised:
            out.append(Candidate(assessment, inspection, ward_result, team_result, True))
        else:
            out.append(Candidate(assessment, inspection, ward_result, team_result, False,
                                 recognition.failures_text(team_result)))
        if progress and n % 500 == 0:
            progress(n, len(inspections))
    return out
