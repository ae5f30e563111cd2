"""The ward's self-assessment: open, answer, explain, submit."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from ..domain import permissions
from ..domain.answers import Answer, answer_to_json, validate_answer
from ..domain.criteria import CriteriaSet
from ..domain.documents import NumberRefused, reference
from ..domain.records import EvidenceStage
from ..domain.scoring import SetResult, score_set
from ..domain.workflow import Action, Status
from ..extensions import db
from ..models import Answer as AnswerRow
from ..models import Assessment, Campaign, Evidence, Submission, Unit, User, utcnow
from . import answer_store, store, workflow
from .errors import InvalidInput, PermissionDenied, ServiceError


def open_assessment(campaign: Campaign, unit: Unit) -> Assessment:
    """The unit's assessment in the campaign, created with a snapshot of the unit's name and path."""
    existing = db.session.execute(
        db.select(Assessment).filter_by(campaign_id=campaign.id, unit_id=unit.id)).scalar_one_or_none()
    if existing is not None:
        return existing
    assessment = Assessment(campaign=campaign, unit=unit, status=Status.SELF_ASSESSMENT.value,
                            unit_name=unit.name, unit_path=unit.path_name())
    db.session.add(assessment)
    db.session.flush()
    return assessment


def answer_rows(assessment: Assessment) -> dict[str, AnswerRow]:
    rows = db.session.execute(db.select(AnswerRow).filter_by(assessment_id=assessment.id)
                              .execution_options(populate_existing=True)).scalars()
    return {row.item_code: row for row in rows}


def typed_answers(criteria_set: CriteriaSet, rows: dict[str, AnswerRow]) -> dict[str, Answer]:
    return answer_store.decode_rows(criteria_set, ((code, row.value) for code, row in rows.items()))


def result(assessment: Assessment, rows: dict[str, AnswerRow] | None = None) -> SetResult:
    criteria_set = assessment.criteria_set()
    rows = answer_rows(assessment) if rows is None else rows
    return score_set(criteria_set, typed_answers(criteria_set, rows))


def _check_edit(assessment: Assessment, user: User, item_code: str) -> CriteriaSet:
    """Inside the writing transaction: the status, re-read under a shared lock, still lets `user`
    change this item (a concurrent submission makes the save wait, then refuses it)."""
    criteria_set = assessment.criteria_set()
    if not criteria_set.has_item(item_code):
        raise ServiceError(f"Không có chỉ tiêu {item_code} trong bộ tiêu chí.")
    workflow.lock(assessment, share=True)
    criterion = criteria_set.criterion_of(item_code)
    if not permissions.can_edit_item(user.actor, assessment.unit.ref(), assessment.status_enum,
                                     criterion.code, assessment.returned_codes):
        raise PermissionDenied(item_code)
    return criteria_set


def _json_or_none(raw: str | None):
    return None if raw is None else json.loads(raw)


def save_answer(assessment: Assessment, item_code: str, answer: Answer | None, user: User) -> bool:
    """Store one answer (None clears it). Returns False when nothing changed (a retried save)."""
    criteria_set = _check_edit(assessment, user, item_code)
    if answer is not None:
        validate_answer(criteria_set.item(item_code), answer, bounded=True)
    new = None if answer is None else json.dumps(answer_to_json(answer))
    return store.save_fields(AnswerRow, {"assessment_id": assessment.id, "item_code": item_code}, {"value": new},
                             actor=user, action="answer", assessment_id=assessment.id, target=item_code,
                             shown=lambda v: _json_or_none(v["value"]), extra={"updated_by_id": user.id})


EXPLANATION_MAX = 5000


def save_explanation(assessment: Assessment, item_code: str, text: str, user: User) -> bool:
    if len(text) > EXPLANATION_MAX:
        raise ServiceError(f"Giải trình tối đa {EXPLANATION_MAX:,} ký tự.".replace(",", "."), "explanation")
    _check_edit(assessment, user, item_code)
    return store.save_fields(AnswerRow, {"assessment_id": assessment.id, "item_code": item_code},
                             {"explanation": text.strip() or None}, actor=user, action="explanation",
                             assessment_id=assessment.id, target=item_code, shown=lambda v: v["explanation"],
                             extra={"updated_by_id": user.id})


@dataclass(frozen=True)
class Missing:
    item_code: str
    criterion_code: str
    label: str
    reason: str


def evidence_by_item(assessment: Assessment) -> dict[str, list[Evidence]]:
    files: dict[str, list[Evidence]] = {}
    rows = db.session.execute(
        db.select(Evidence).filter_by(assessment_id=assessment.id, deleted_at=None, stage=EvidenceStage.SELF)
        .order_by(Evidence.id).execution_options(populate_existing=True)).scalars()
    for ev in rows:
        files.setdefault(ev.item_code, []).append(ev)
    return files


def missing_for_submission(assessment: Assessment) -> list[Missing]:
    """What stands between the ward and submission: unanswered items, required evidence."""
    criteria_set = assessment.criteria_set()
    rows = answer_rows(assessment)
    answers = typed_answers(criteria_set, rows)
    files = evidence_by_item(assessment)
    missing = []
    for criterion in criteria_set.criteria:
        for item in criterion.items:
            if item.code not in answers:
                missing.append(Missing(item.code, criterion.code, item.label, "Chưa trả lời"))
            if item.evidence == "required":
                row = rows.get(item.code)
                if not files.get(item.code) and not (row and row.explanation):
                    missing.append(Missing(item.code, criterion.code, item.label,
                                           "Thiếu minh chứng (tệp đính kèm hoặc giải trình)"))
    return missing


class SubmissionIncomplete(ServiceError):
    def __init__(self, missing: list[Missing]):
        self.missing = missing
        super().__init__(f"Còn {len(missing)} mục chưa hoàn thành.")


def snapshot(assessment: Assessment) -> dict:
    """The ward's answers, explanations and evidence as they stand: what a submission freezes."""
    rows = answer_rows(assessment)
    files = evidence_by_item(assessment)
    out = {}
    for item in assessment.criteria_set().items():
        row = rows.get(item.code)
        out[item.code] = {
            "value": json.loads(row.value) if row and row.value is not None else None,
            "explanation": row.explanation if row else None,
            "evidence": [{"id": f.id, "name": f.original_name, "sha256": f.sha256} for f in files.get(item.code, [])],
        }
    return out


REPORT_SYMBOL = "BC-UBND"


def report_reference(report_number: str | None, report_date: date | None) -> str:
    """The report's number as printed ('15/BC-UBND'), or InvalidInput beside the fields."""
    errors = {}
    number = (report_number or "").strip()
    if not number:
        errors["report_number"] = "Nhập số báo cáo tự đánh giá (số văn bản của UBND)."
    elif len(number) > 100:
        errors["report_number"] = "Tối đa 100 ký tự."
    else:
        try:
            number = reference(number, REPORT_SYMBOL)
        except NumberRefused as exc:
            errors["report_number"] = str(exc)
    if report_date is None:
        errors["report_date"] = "Nhập ngày của báo cáo."
    if errors:
        raise InvalidInput(errors)
    return number


def submit_assessment(assessment: Assessment, user: User, *, report_number: str | None = None,
                      report_date: date | None = None) -> Submission:
    """The chairman submits the report (numbered and dated by the chairman): refused with the list of what is
    missing, else the answers lock."""
    workflow.check(assessment, Action.SUBMIT, user)   # locked: refuse before listing what is missing
    missing = missing_for_submission(assessment)
    if missing:
        raise SubmissionIncomplete(missing)
    report_number = report_reference(report_number, report_date)
    total = result(assessment).total
    number = 1 + (db.session.execute(
        db.select(db.func.max(Submission.number)).filter_by(assessment_id=assessment.id)).scalar() or 0)
    workflow.apply(assessment, Action.SUBMIT, user, self_total=str(total), submission=number)
    assessment.submitted_at = utcnow()
    assessment.submitted_by_id = user.id
    assessment.returned_criteria = "[]"
    submission = Submission(assessment_id=assessment.id, number=number, submitted_by_id=user.id,
                            snapshot=json.dumps(snapshot(assessment), ensure_ascii=False), self_total=str(total),
                            report_number=report_number, report_date=report_date)
    db.session.add(submission)
    db.session.flush()
    return submission


def latest_submission(assessment: Assessment) -> Submission | None:
    return db.session.execute(db.select(Submission).filter_by(assessment_id=assessment.id)
                              .order_by(Submission.number.desc()).limit(1)).scalar_one_or_none()
