"""The province's part: returns for correction, what changed on resubmission, proposal, decision,
refusal, revocation and reopening. Each act is a numbered record (services/decisions.py)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from ..domain.records import DecisionKind
from ..domain.workflow import Action
from ..extensions import db
from ..models import Assessment, Decision, Proposal, Submission, User
from . import decisions, proposals, recognition, workflow
from .decisions import Checks

# Each action's input rules, usable on their own (the page shows them beside the fields even when the
# browser sent a date that could not be read) and applied by the use case itself.

def return_input(assessment: Assessment, codes: list[str], reason: str | None) -> Checks:
    checks = Checks()
    valid = [c.code for c in assessment.criteria_set().criteria]
    chosen = [c for c in valid if c in set(codes or [])]
    if not chosen:
        checks.refuse("criteria", "Chọn ít nhất một tiêu chí cần bổ sung.")
    checks.text(reason, "reason", "Nêu lý do trả lại.")
    return checks


def _act_input(campaign, kind: DecisionKind, number: str | None, decided_on: date | None, signer: User | None,
               *, reason: str | None = None, reason_required: str | None = None) -> tuple[Checks, str, User | None]:
    checks = Checks()
    number = checks.number(number, decisions.symbol_for(kind, campaign),
                           "Nhập số công văn." if kind == DecisionKind.REFUSE else "Nhập số quyết định.")
    checks.present(decided_on, "decided_on", "Nhập ngày ký.")
    signer = decisions.check_signer(checks, campaign, signer, committee=True)
    if reason_required is not None:
        checks.text(reason, "reason", reason_required)
    return checks, number, signer


def approve_input(campaign, number: str | None, decided_on: date | None, signer: User | None,
                  valid_from: date | None, valid_to: date | None) -> Checks:
    checks, _, _ = _act_input(campaign, DecisionKind.APPROVE, number, decided_on, signer)
    checks.present(valid_from, "valid_from", "Nhập ngày có hiệu lực.")
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        checks.refuse("valid_to", "Ngày hết hiệu lực phải sau ngày có hiệu lực.")
    return checks


REFUSE_REASON = "Nêu lý do không công nhận."
REVOKE_REASON = "Nêu lý do thu hồi."
REOPEN_REASON = "Nêu lý do mở lại hồ sơ."


def reason_input(reason: str | None, required: str) -> Checks:
    checks = Checks()
    checks.text(reason, "reason", required)
    return checks


def return_criteria(assessment: Assessment, codes: list[str], reason: str, user: User) -> None:
    workflow.check(assessment, Action.RETURN, user)
    return_input(assessment, codes, reason).done()
    codes = [c.code for c in assessment.criteria_set().criteria if c.code in set(codes)]
    reason = reason.strip()
    workflow.apply(assessment, Action.RETURN, user, criteria=codes, reason=reason)
    assessment.returned_criteria = json.dumps(codes)
    assessment.return_reason = reason


def propose(assessment: Assessment, user: User, note: str = "", *, number: str | None = None,
            issued_on: date | None = None, signer: User | None = None) -> Proposal:
    """The unit, if it meets the rule, into the standing body's tờ trình with this number (services/proposals.py)."""
    return proposals.propose(assessment, user, number=number, issued_on=issued_on, signer=signer, note=note)


def current_decision(assessment: Assessment) -> Decision | None:
    """The latest act on the unit (approval, refusal letter or revocation)."""
    entry = decisions.current_entry(assessment)
    return entry.decision if entry is not None else None


def approve(assessment: Assessment, user: User, *, number: str | None, decided_on: date | None,
            signer: User | None, valid_from: date | None, valid_to: date | None) -> Decision:
    """Recognise a unit that meets the rule, under a decision's number: the same number and date add the unit
    to that decision. Refused, with what fails, when the unit does not meet the rule."""
    workflow.check(assessment, Action.APPROVE, user)
    campaign = assessment.campaign
    checks = approve_input(campaign, number, decided_on, signer, valid_from, valid_to)
    checks.done()
    number = checks.number(number, decisions.symbol_for(DecisionKind.APPROVE, campaign), "")
    _, inspection = recognition.require_rule(assessment, "công nhận")
    decision = decisions.decision_for(campaign, DecisionKind.APPROVE, number, decided_on, signer, user)
    workflow.apply(assessment, Action.APPROVE, user, number=number, decided_on=decided_on.isoformat())
    decisions.add_entry(decision, assessment, inspection_id=inspection.id if inspection else None,
                        valid_from=valid_from, valid_to=valid_to)
    return decision


def refuse(assessment: Assessment, user: User, *, reason: str | None, decided_on: date | None,
           number: str | None = None, signer: User | None = None) -> Decision:
    """Not recognised: a letter (công văn) of the People's Committee with its number and the reasons."""
    workflow.check(assessment, Action.REFUSE, user)
    campaign = assessment.campaign
    checks, number, signer = _act_input(campaign, DecisionKind.REFUSE, number, decided_on, signer, reason=reason,
                                        reason_required=REFUSE_REASON)
    checks.done()
    reason = reason.strip()
    _, inspection = recognition.judged_result(assessment)
    letter = decisions.decision_for(campaign, DecisionKind.REFUSE, number, decided_on, signer, user, reason=reason,
                                    shared=False)
    workflow.apply(assessment, Action.REFUSE, user, reason=reason, number=number)
    decisions.add_entry(letter, assessment, inspection_id=inspection.id if inspection else None)
    return letter


def revoke(assessment: Assessment, user: User, reason: str | None, *, number: str | None = None,
           decided_on: date | None = None, signer: User | None = None) -> Decision:
    """A recognition revoked by a decision of its own, citing the decision it revokes."""
    workflow.check(assessment, Action.REVOKE, user)
    campaign = assessment.campaign
    checks, number, signer = _act_input(campaign, DecisionKind.REVOKE, number, decided_on, signer, reason=reason,
                                        reason_required=REVOKE_REASON)
    checks.done()
    reason = reason.strip()
    approval = decisions.live_approval(assessment)
    revocation = decisions.decision_for(campaign, DecisionKind.REVOKE, number, decided_on, signer, user,
                                        reason=reason, revokes=approval.decision if approval else None, shared=False)
    workflow.apply(assessment, Action.REVOKE, user, reason=reason, number=number)
    decisions.add_entry(revocation, assessment, inspection_id=approval.inspection_id if approval else None)
    return revocation


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
