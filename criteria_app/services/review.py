"""The province's part: returns for correction, what changed on resubmission, proposal, decision,
revocation and reopening."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from ..domain.workflow import Action
from ..extensions import db
from ..models import Assessment, Decision, Submission, User, utcnow
from . import workflow
from .errors import ServiceError


def _require(text: str | None, message: str) -> str:
    if not (text or "").strip():
        raise ServiceError(message)
    return text.strip()


def return_criteria(assessment: Assessment, codes: list[str], reason: str, user: User) -> None:
    valid = [c.code for c in assessment.criteria_set().criteria]
    codes = [c for c in valid if c in set(codes)]
    if not codes:
        raise ServiceError("Chọn ít nhất một tiêu chí cần bổ sung.")
    reason = _require(reason, "Nêu lý do trả lại.")
    workflow.apply(assessment, Action.RETURN, user, criteria=codes, reason=reason)
    assessment.returned_criteria = json.dumps(codes)
    assessment.return_reason = reason
    db.session.commit()


def propose(assessment: Assessment, user: User, note: str = "") -> None:
    workflow.apply(assessment, Action.PROPOSE, user, note=note.strip() or None)
    db.session.commit()


def current_decision(assessment: Assessment) -> Decision | None:
    return db.session.execute(db.select(Decision).filter_by(assessment_id=assessment.id)
                              .order_by(Decision.id.desc()).limit(1)).scalar_one_or_none()


def approve(assessment: Assessment, user: User, *, number: str, decided_on: date, signer: str,
            valid_from: date, valid_to: date | None) -> Decision:
    number = _require(number, "Nhập số quyết định.")
    signer = _require(signer, "Nhập người ký quyết định.")
    if valid_to is not None and valid_to < valid_from:
        raise ServiceError("Ngày hết hiệu lực phải sau ngày có hiệu lực.")
    workflow.apply(assessment, Action.APPROVE, user, number=number, decided_on=decided_on.isoformat())
    decision = Decision(assessment_id=assessment.id, kind="approve", number=number, decided_on=decided_on,
                        signer=signer, valid_from=valid_from, valid_to=valid_to, created_by_id=user.id)
    db.session.add(decision)
    db.session.commit()
    return decision


def refuse(assessment: Assessment, user: User, *, reason: str, decided_on: date, number: str = "",
           signer: str = "") -> Decision:
    reason = _require(reason, "Nêu lý do không công nhận.")
    workflow.apply(assessment, Action.REFUSE, user, reason=reason)
    decision = Decision(assessment_id=assessment.id, kind="refuse", number=number.strip() or None,
                        decided_on=decided_on, signer=signer.strip() or None, reason=reason, created_by_id=user.id)
    db.session.add(decision)
    db.session.commit()
    return decision


def revoke(assessment: Assessment, user: User, reason: str) -> None:
    reason = _require(reason, "Nêu lý do thu hồi.")
    workflow.apply(assessment, Action.REVOKE, user, reason=reason)
    decision = current_decision(assessment)
    if decision is not None:
        decision.revoked_at, decision.revoked_reason, decision.revoked_by_id = utcnow(), reason, user.id
    db.session.commit()


def reopen(assessment: Assessment, user: User, reason: str) -> None:
    reason = _require(reason, "Nêu lý do mở lại hồ sơ.")
    workflow.apply(assessment, Action.REOPEN, user, reason=reason)
    db.session.commit()


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
