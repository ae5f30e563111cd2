"""The province's part: returns for correction, what changed on resubmission, proposal, decision,
revocation and reopening."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from ..domain.records import DecisionKind
from ..domain.workflow import Action
from ..extensions import db
from ..models import Assessment, Decision, Submission, User, utcnow
from . import workflow
from .errors import InvalidInput


TEXT_LIMITS = {"reason": 5000, "note": 5000, "number": 100, "signer": 200}


class Checks:
    """Collects every refused field of one form, so the user sees them all at once."""

    def __init__(self):
        self.errors: dict[str, str] = {}

    def text(self, value: str | None, field: str, required: str | None = None) -> str:
        value = (value or "").strip()
        limit = TEXT_LIMITS[field]
        if required and not value:
            self.errors.setdefault(field, required)
        elif len(value) > limit:
            self.errors.setdefault(field, f"Tối đa {limit:,} ký tự.".replace(",", "."))
        return value

    def present(self, value, field: str, message: str):
        if value is None:
            self.errors.setdefault(field, message)
        return value

    def refuse(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def done(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors)


# Each action's input rules, usable on their own (the page shows them beside the fields even when
# the browser sent a date that could not be read) and applied by the use case itself.

def return_input(assessment: Assessment, codes: list[str], reason: str | None) -> Checks:
    checks = Checks()
    valid = [c.code for c in assessment.criteria_set().criteria]
    chosen = [c for c in valid if c in set(codes or [])]
    if not chosen:
        checks.refuse("criteria", "Chọn ít nhất một tiêu chí cần bổ sung.")
    checks.text(reason, "reason", "Nêu lý do trả lại.")
    return checks


def propose_input(note: str | None) -> Checks:
    checks = Checks()
    checks.text(note, "note")
    return checks


def approve_input(number: str | None, decided_on: date | None, signer: str | None, valid_from: date | None,
                  valid_to: date | None) -> Checks:
    checks = Checks()
    checks.text(number, "number", "Nhập số quyết định.")
    checks.present(decided_on, "decided_on", "Nhập ngày quyết định.")
    checks.text(signer, "signer", "Nhập người ký quyết định.")
    checks.present(valid_from, "valid_from", "Nhập ngày có hiệu lực.")
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        checks.refuse("valid_to", "Ngày hết hiệu lực phải sau ngày có hiệu lực.")
    return checks


def refuse_input(reason: str | None, decided_on: date | None, number: str | None) -> Checks:
    checks = Checks()
    checks.text(reason, "reason", "Nêu lý do không công nhận.")
    checks.present(decided_on, "decided_on", "Nhập ngày quyết định.")
    checks.text(number, "number")
    return checks


def reason_input(reason: str | None, required: str) -> Checks:
    checks = Checks()
    checks.text(reason, "reason", required)
    return checks


REVOKE_REASON = "Nêu lý do thu hồi."
REOPEN_REASON = "Nêu lý do mở lại hồ sơ."


def return_criteria(assessment: Assessment, codes: list[str], reason: str, user: User) -> None:
    workflow.check(assessment, Action.RETURN, user)
    return_input(assessment, codes, reason).done()
    codes = [c.code for c in assessment.criteria_set().criteria if c.code in set(codes)]
    reason = reason.strip()
    workflow.apply(assessment, Action.RETURN, user, criteria=codes, reason=reason)
    assessment.returned_criteria = json.dumps(codes)
    assessment.return_reason = reason


def propose(assessment: Assessment, user: User, note: str = "") -> None:
    workflow.check(assessment, Action.PROPOSE, user)
    propose_input(note).done()
    workflow.apply(assessment, Action.PROPOSE, user, note=(note or "").strip() or None)


def current_decision(assessment: Assessment) -> Decision | None:
    return db.session.execute(db.select(Decision).filter_by(assessment_id=assessment.id)
                              .order_by(Decision.id.desc()).limit(1)).scalar_one_or_none()


def _decide(assessment: Assessment, kind: DecisionKind, user: User, **fields) -> Decision:
    """The decision made by the status change just applied: one per change (a unique constraint)."""
    decision = Decision(assessment_id=assessment.id, kind=kind, status_version=assessment.status_version,
                        created_by_id=user.id, **fields)
    db.session.add(decision)
    db.session.flush()
    return decision


def live_approvals(assessment_ids: list[int]) -> list[Decision]:
    """The recognitions in force (not revoked) of these assessments, oldest first."""
    return list(db.session.execute(db.select(Decision).where(Decision.assessment_id.in_(assessment_ids or [-1]),
                                                             Decision.kind == DecisionKind.APPROVE,
                                                             Decision.revoked_at.is_(None))
                                   .order_by(Decision.id)).scalars())


def approve(assessment: Assessment, user: User, *, number: str, decided_on: date | None, signer: str,
            valid_from: date | None, valid_to: date | None) -> Decision:
    workflow.check(assessment, Action.APPROVE, user)
    approve_input(number, decided_on, signer, valid_from, valid_to).done()
    number, signer = number.strip(), signer.strip()
    workflow.apply(assessment, Action.APPROVE, user, number=number, decided_on=decided_on.isoformat())
    return _decide(assessment, DecisionKind.APPROVE, user, number=number, decided_on=decided_on, signer=signer,
                   valid_from=valid_from, valid_to=valid_to)


def refuse(assessment: Assessment, user: User, *, reason: str, decided_on: date | None, number: str = "",
           signer: str = "") -> Decision:
    workflow.check(assessment, Action.REFUSE, user)
    refuse_input(reason, decided_on, number).done()
    reason = reason.strip()
    workflow.apply(assessment, Action.REFUSE, user, reason=reason)
    return _decide(assessment, DecisionKind.REFUSE, user, number=(number or "").strip() or None,
                   decided_on=decided_on, signer=(signer or "").strip() or None, reason=reason)


def revoke(assessment: Assessment, user: User, reason: str) -> None:
    workflow.check(assessment, Action.REVOKE, user)
    reason_input(reason, REVOKE_REASON).done()
    reason = reason.strip()
    workflow.apply(assessment, Action.REVOKE, user, reason=reason)
    decision = current_decision(assessment)
    if decision is not None:
        decision.revoked_at, decision.revoked_reason, decision.revoked_by_id = utcnow(), reason, user.id
    db.session.flush()


def reopen(assessment: Assessment, user: User, reason: str) -> None:
    workflow.check(assessment, Action.REOPEN, user)
    reason_input(reason, REOPEN_REASON).done()
    workflow.apply(assessment, Action.REOPEN, user, reason=reason.strip())


def submissions(assessment: Assessment) -> list[Submission]:
    return list(db.session.execute(db.select(Submission).filter_by(assessment_id=assessment.id)
                                   .order_by(Submission.number)).scalars())


@dataclass(frozen=True)
class ItemChange:
    item_code: str
    criterion_code: str
    label: str
    before: dict
    after: dict
    evidence_added: list
    evidence_removed: list

    @property
    def answer_changed(self) -> bool:
        return self.before.get("value") != self.after.get("value")

    @property
    def explanation_changed(self) -> bool:
        return (self.before.get("explanation") or "") != (self.after.get("explanation") or "")


def changes_between(assessment: Assessment, earlier: Submission, later: Submission) -> list[ItemChange]:
    """Per item: the answer, the explanation and the evidence files that changed between two submissions."""
    criteria_set = assessment.criteria_set()
    before, after = earlier.items, later.items
    out = []
    for item in criteria_set.items():
        b, a = before.get(item.code, {}), after.get(item.code, {})
        b_files = {f["id"]: f for f in b.get("evidence", [])}
        a_files = {f["id"]: f for f in a.get("evidence", [])}
        added = [a_files[i] for i in a_files if i not in b_files]
        removed = [b_files[i] for i in b_files if i not in a_files]
        if b.get("value") != a.get("value") or (b.get("explanation") or "") != (a.get("explanation") or "") \
                or added or removed:
            out.append(ItemChange(item.code, criteria_set.criterion_of(item.code).code, item.label, b, a,
                                  added, removed))
    return out


def latest_changes(assessment: Assessment) -> tuple[list[Submission], list[ItemChange]]:
    subs = submissions(assessment)
    if len(subs) < 2:
        return subs, []
    return subs, changes_between(assessment, subs[-2], subs[-1])
