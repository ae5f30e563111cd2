"""The inspection minutes (biên bản kiểm tra) as plain data: the page prints it, the PDF prints it."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from ..domain.inspection import results_differ
from ..domain.roles import Role
from ..models import Inspection
from . import inspections as svc


@dataclass(frozen=True)
class Person:
    name: str
    position: str
    role: str = ""


@dataclass(frozen=True)
class CriterionLine:
    code: str
    title: str
    max: Decimal
    self_score: Decimal
    team_score: Decimal
    self_status: str
    team_status: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Difference:
    item_code: str
    label: str
    self_answer: str
    team_answer: str
    reason: str


@dataclass(frozen=True)
class Confirmation:
    name: str
    position: str
    at: datetime | None
    signature: str | None = None   # PNG data URL when drawn on the tablet


@dataclass(frozen=True)
class MinutesContent:
    unit_name: str
    unit_path: str
    campaign: str
    round: int
    status: str
    team_name: str
    place: str
    started_at: datetime
    members: tuple[Person, ...]
    ward_representatives: tuple[str, ...]
    criteria: tuple[CriterionLine, ...]
    differences: tuple[Difference, ...]
    findings: str
    conclusion: str
    self_total: Decimal
    team_total: Decimal
    max_total: Decimal
    team_recognised: bool
    mandatory_failed: tuple[str, ...]
    lead: Confirmation | None = None
    chairman: Confirmation | None = None
    extra: dict = field(default_factory=dict)


def answer_text(item, answer) -> str:
    from ..domain.answers import NA, Ratio
    from ..domain.text import percent
    if answer is None:
        return "Chưa trả lời"
    if item.kind == "check":
        return "Có" if answer else "Không"
    if item.kind == "count_at_least":
        return f"{answer} {item.unit}"
    if answer is NA:
        return "Không phát sinh"
    assert isinstance(answer, Ratio)
    if answer.denominator == 0:
        return "0/0 (không phát sinh)"
    return f"{answer.numerator}/{answer.denominator} ({percent(answer.numerator, answer.denominator)})"


STATUS = {"passed": "Đạt", "failed": "Không đạt", "pending": "Chưa chấm"}


def minutes_content(inspection: Inspection) -> MinutesContent:
    b = svc.board(inspection)
    a = inspection.assessment
    notes_by_criterion: dict[str, list[str]] = {}
    for note in svc.notes(inspection):
        if note.note:
            notes_by_criterion.setdefault(note.criterion_code, []).append(f"{note.author.display_name}: {note.note}")
    criteria = tuple(
        CriterionLine(c.code, c.title, b.ward_result.criterion(c.code).max, b.ward_result.criterion(c.code).score,
                      b.team_result.criterion(c.code).score, STATUS[b.ward_result.criterion(c.code).status],
                      STATUS[b.team_result.criterion(c.code).status], tuple(notes_by_criterion.get(c.code, ())))
        for c in b.criteria_set.criteria)
    differences = tuple(
        Difference(item.code, item.label, answer_text(item, b.ward.get(item.code)),
                   answer_text(item, b.team.get(item.code)), b.team_reasons.get(item.code, ""))
        for item in b.criteria_set.items()
        if item.code in b.team and results_differ(item, b.ward.get(item.code), b.team.get(item.code)))
    members = tuple(Person(m.display_name, m.position, "Trưởng đoàn" if m.role_enum == Role.TEAM_LEAD else "Thành viên")
                    for m in b.members)
    lead = chairman = None
    if inspection.lead_confirmed_by:
        u = inspection.lead_confirmed_by
        lead = Confirmation(u.display_name, u.position, inspection.lead_confirmed_at, inspection.lead_signature)
    if inspection.chairman_confirmed_by:
        u = inspection.chairman_confirmed_by
        chairman = Confirmation(u.display_name, u.position, inspection.chairman_confirmed_at,
                                inspection.chairman_signature)
    return MinutesContent(
        unit_name=a.unit_name, unit_path=a.unit_path, campaign=a.campaign.name, round=inspection.round,
        status=inspection.status, team_name=inspection.team.name, place=inspection.place,
        started_at=inspection.started_at, members=members,
        ward_representatives=tuple(line.strip() for line in inspection.ward_representatives.splitlines() if line.strip()),
        criteria=criteria, differences=differences, findings=inspection.findings, conclusion=inspection.conclusion,
        self_total=b.ward_result.total, team_total=b.team_result.total, max_total=b.team_result.max,
        team_recognised=b.team_result.recognised, mandatory_failed=b.team_result.mandatory_failed,
        lead=lead, chairman=chairman)
