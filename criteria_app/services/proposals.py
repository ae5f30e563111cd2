"""The standing body's tờ trình to the People's Committee: issuing one for every unit that meets the rule,
or proposing one unit under a tờ trình's number from its review page.

A tờ trình is frozen when it is issued: the units it proposes (each on the minutes it rests on) and those
it does not, with the reason. Only units that meet the recognition rule are proposed.
"""
from __future__ import annotations

from datetime import date

from ..domain.workflow import Action
from ..extensions import db
from ..models import Assessment, Campaign, Proposal, ProposalEntry, User
from . import recognition, workflow
from .decisions import Checks, check_signer, lock_campaign, proposal_symbol, same_act_or_refuse

NUMBER_REQUIRED = "Nhập số tờ trình."
DATE_REQUIRED = "Nhập ngày tờ trình."


def _checked(campaign: Campaign, number: str | None, issued_on: date | None, signer: User | None,
             note: str | None = None) -> tuple[str, User]:
    checks = Checks()
    number = checks.number(number, proposal_symbol(campaign), NUMBER_REQUIRED)
    checks.present(issued_on, "issued_on", DATE_REQUIRED)
    signer = check_signer(checks, campaign, signer, committee=False)
    checks.text(note, "note")
    checks.done()
    return number, signer


def _by_number(campaign: Campaign, number: str) -> Proposal | None:
    query = db.select(Proposal).filter_by(campaign_id=campaign.id, number=number)
    return db.session.execute(query).scalar_one_or_none()


def _new(campaign: Campaign, number: str, issued_on: date, signer: User, user: User) -> Proposal:
    proposal = Proposal(campaign_id=campaign.id, number=number, issued_on=issued_on, signer_id=signer.id,
                        signer_name=signer.display_name, signer_rank=signer.signing_rank, created_by_id=user.id)
    db.session.add(proposal)
    db.session.flush()
    return proposal


def _list_not_proposed(proposal: Proposal, campaign: Campaign, skip: set[int]) -> None:
    """Freeze, with the tờ trình, the units it does not propose and why."""
    for c in recognition.candidates(campaign):
        if c.assessment.id not in skip and not c.proposed:
            db.session.add(ProposalEntry(proposal_id=proposal.id, assessment_id=c.assessment.id,
                                         inspection_id=c.inspection.id, proposed=False, reason=c.reason))


def issue(campaign: Campaign, user: User, *, number: str | None, issued_on: date | None,
          signer: User | None) -> Proposal:
    """A new tờ trình proposing every unit that meets the rule on its signed minutes and is not decided or
    proposed yet; each proposed unit moves to «Đề nghị công nhận». Refused when there is none."""
    number, signer = _checked(campaign, number, issued_on, signer)
    found = recognition.candidates(campaign)
    proposed = [c for c in found if c.proposed]
    for c in proposed:    # locks each record first; a unit changed meanwhile is refused with its reason
        if c.assessment.status_enum.value != "proposed":
            workflow.apply(c.assessment, Action.PROPOSE, user, proposal=number)
    lock_campaign(campaign)
    if _by_number(campaign, number) is not None:
        raise_number_used(number)
    if not proposed:
        checks = Checks()
        checks.refuse("number", "Không có đơn vị nào đạt điều kiện công nhận để đề nghị "
                                "(cần biên bản kiểm tra đã ký và kết quả đạt).")
        checks.done()
    proposal = _new(campaign, number, issued_on, signer, user)
    for c in found:
        db.session.add(ProposalEntry(proposal_id=proposal.id, assessment_id=c.assessment.id,
                                     inspection_id=c.inspection.id, proposed=c.proposed, reason=c.reason))
    db.session.flush()
    return proposal


def raise_number_used(number: str) -> None:
    checks = Checks()
    checks.refuse("number", f"Số {number} đã được dùng cho một tờ trình khác của đợt này.")
    checks.done()


def propose(assessment: Assessment, user: User, *, number: str | None, issued_on: date | None,
            signer: User | None, note: str | None = "") -> Proposal:
    """One unit proposed under a tờ trình's number: the same number and date add it to that tờ trình."""
    workflow.check(assessment, Action.PROPOSE, user)
    campaign = assessment.campaign
    number, signer = _checked(campaign, number, issued_on, signer, note)
    _, inspection = recognition.require_rule(assessment, "đề nghị công nhận")
    lock_campaign(campaign)
    proposal = _by_number(campaign, number)
    if proposal is not None:
        same_act_or_refuse(proposal, what="Tờ trình", decided_on=issued_on, signer=signer)
    workflow.apply(assessment, Action.PROPOSE, user, note=(note or "").strip() or None, proposal=number)
    if proposal is None:
        proposal = _new(campaign, number, issued_on, signer, user)
        _list_not_proposed(proposal, campaign, skip={assessment.id})
    entry = db.session.execute(db.select(ProposalEntry).filter_by(proposal_id=proposal.id,
                                                                  assessment_id=assessment.id)).scalar_one_or_none()
    if entry is None:
        entry = ProposalEntry(proposal_id=proposal.id, assessment_id=assessment.id)
        db.session.add(entry)
    entry.inspection_id, entry.proposed, entry.reason = inspection.id, True, ""
    db.session.flush()
    db.session.expire(proposal, ["entries"])
    return proposal
