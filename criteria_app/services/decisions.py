"""The province's legal acts as records: tờ trình (proposals) of the standing body, recognition and
revocation decisions and refusal letters of the People's Committee, each with its number, date and
signer, and the units it concerns as entries.

The same number and date in one campaign is the same act: approving a second unit under a decision's
number adds the unit to it; the same number with another date, signer or kind is refused beside the
field. Writers lock the assessment first (services/workflow.py), then the campaign's row, so two
requests never create the same number twice.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..domain.documents import (
    Authority,
    NumberRefused,
    Rank,
    SignatureRefused,
    committee_signature,
    director_signature,
    reference,
    short_date,
)
from ..domain.records import DecisionKind
from ..extensions import db
from ..models import Assessment, Campaign, CampaignBasis, Decision, DecisionEntry, Proposal, ProposalEntry, User
from .errors import InvalidInput
from .scope import user_province_id

TEXT_LIMITS = {"reason": 5000, "note": 5000, "number": 100}


def lock_campaign(campaign: Campaign) -> Campaign:
    return db.session.execute(db.select(Campaign).where(Campaign.id == campaign.id).with_for_update()
                              .execution_options(populate_existing=True)).scalar_one()


def basis(campaign: Campaign) -> CampaignBasis:
    return campaign.basis or CampaignBasis(campaign_id=campaign.id, authority=Authority.INDIVIDUAL.value)


def symbol_for(kind: DecisionKind, campaign: Campaign) -> str:
    """What follows the number when a person types the number alone: 'QĐ-UBND'; a letter 'UBND-NC'."""
    if kind == DecisionKind.REFUSE:
        unit = basis(campaign).decision_unit
        return f"UBND-{unit}" if unit else "UBND"
    return "QĐ-UBND"


def proposal_symbol(campaign: Campaign) -> str:
    b = basis(campaign)
    return "TTr-" + "-".join(p for p in (b.standing_abbr, b.standing_unit) if p) if b.standing_abbr else "TTr"


# ---- checking what a form sent -------------------------------------------------------------------

class Checks:
    """Every refused field of one form at once."""

    def __init__(self):
        self.errors: dict[str, str] = {}

    def text(self, value: str | None, field: str, required: str | None = None, limit: int | None = None) -> str:
        value = (value or "").strip()
        limit = limit or TEXT_LIMITS.get(field, 5000)
        if required and not value:
            self.errors.setdefault(field, required)
        elif len(value) > limit:
            self.errors.setdefault(field, f"Tối đa {limit:,} ký tự.".replace(",", "."))
        return value

    def number(self, value: str | None, symbol: str, required: str, field: str = "number") -> str:
        value = self.text(value, field, required)
        if not value:
            return value
        try:
            return reference(value, symbol)
        except NumberRefused as exc:
            self.errors.setdefault(field, str(exc))
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


def signer_lines(person: User | None, *, committee: bool, authority: Authority = Authority.INDIVIDUAL) -> tuple:
    """The signature block's lines for this person, or SignatureRefused."""
    rank = Rank(person.signing_rank) if person is not None and person.signing_rank else None
    return committee_signature(authority, rank) if committee else director_signature(rank)


def check_signer(checks: Checks, campaign: Campaign, signer: User | None, *, committee: bool,
                 field: str = "signer") -> User | None:
    """A signer of the campaign's province with a rank that can sign for the body."""
    if signer is None:
        checks.refuse(field, "Chọn người ký.")
        return None
    if user_province_id(signer) != campaign.province_id or not signer.active:
        checks.refuse(field, "Người ký không thuộc tỉnh này.")
        return None
    try:
        signer_lines(signer, committee=committee)
    except SignatureRefused as exc:
        checks.refuse(field, f"{signer.display_name}: {exc} (Quản trị › Người ký)")
        return None
    return signer


def signer_by_id(value) -> User | None:
    try:
        return db.session.get(User, int(value)) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


# ---- the acts ------------------------------------------------------------------------------------

def decision_by_number(campaign: Campaign, number: str) -> Decision | None:
    query = db.select(Decision).filter_by(campaign_id=campaign.id, number=number)
    return db.session.execute(query).scalar_one_or_none()


def same_act_or_refuse(existing, *, what: str, decided_on: date, signer: User, kind=None) -> None:
    """A number already used must be the same act: same kind, date and signer; else refused beside it."""
    day = getattr(existing, "decided_on", None) or getattr(existing, "issued_on", None)
    existing_kind = getattr(existing, "kind", None)
    if (kind is not None and existing_kind is not None and DecisionKind(existing_kind) != kind) \
            or day != decided_on or existing.signer_id != signer.id:
        label = DecisionKind(existing_kind).document if existing_kind is not None else what
        raise InvalidInput({"number": f"Số này đã dùng cho {label.lower()} ngày {short_date(day)} do "
                                      f"{existing.signer_name} ký: cùng số thì cùng ngày, cùng người ký."})


def decision_for(campaign: Campaign, kind: DecisionKind, number: str, decided_on: date, signer: User, user: User,
                 *, reason: str | None = None, revokes: Decision | None = None, shared: bool = True) -> Decision:
    """The act with this number: the existing one (approvals only, shared=True) or a new one."""
    lock_campaign(campaign)
    existing = decision_by_number(campaign, number)
    if existing is not None:
        if not shared:
            raise InvalidInput({"number": f"Số {number} đã được dùng ({DecisionKind(existing.kind).document.lower()} "
                                          f"ngày {short_date(existing.decided_on)})."})
        same_act_or_refuse(existing, what="", decided_on=decided_on, signer=signer, kind=kind)
        return existing
    b = basis(campaign)
    decision = Decision(campaign_id=campaign.id, kind=kind, number=number, decided_on=decided_on, signer_id=signer.id,
                        signer_name=signer.display_name, signer_rank=signer.signing_rank,
                        authority=Authority.COLLECTIVE.value if kind == DecisionKind.REFUSE else b.authority,
                        reason=reason, revokes_id=revokes.id if revokes else None, created_by_id=user.id)
    db.session.add(decision)
    db.session.flush()
    return decision


def add_entry(decision: Decision, assessment: Assessment, *, inspection_id: int | None = None,
              valid_from: date | None = None, valid_to: date | None = None) -> DecisionEntry:
    """The unit under the act, made by the status change just applied (one per change: a unique constraint)."""
    entry = DecisionEntry(decision_id=decision.id, assessment_id=assessment.id,
                          status_version=assessment.status_version, valid_from=valid_from, valid_to=valid_to,
                          inspection_id=inspection_id, proposal_id=_proposal_id(assessment, inspection_id))
    db.session.add(entry)
    db.session.flush()
    db.session.expire(decision, ["entries"])
    return entry


def _proposal_id(assessment: Assessment, inspection_id: int | None) -> int | None:
    query = (db.select(ProposalEntry.proposal_id).filter_by(assessment_id=assessment.id, proposed=True)
             .order_by(ProposalEntry.id.desc()).limit(1))
    if inspection_id is not None:
        query = query.filter_by(inspection_id=inspection_id)
    return db.session.execute(query).scalar_one_or_none()


def entries_of(assessment: Assessment) -> list[DecisionEntry]:
    """Every act on the unit, in the order of the changes that made them."""
    return list(db.session.execute(db.select(DecisionEntry).filter_by(assessment_id=assessment.id)
                                   .order_by(DecisionEntry.status_version, DecisionEntry.id)).scalars())


def current_entry(assessment: Assessment) -> DecisionEntry | None:
    entries = entries_of(assessment)
    return entries[-1] if entries else None


def live_approval(assessment: Assessment) -> DecisionEntry | None:
    """The recognition in force: the latest act is an approval and the unit is recognised."""
    entry = current_entry(assessment)
    if entry is None or entry.decision.kind != DecisionKind.APPROVE or assessment.status != "recognised":
        return None
    return entry


def campaign_decisions(campaign: Campaign) -> list[Decision]:
    return list(db.session.execute(db.select(Decision).filter_by(campaign_id=campaign.id)
                                   .order_by(Decision.decided_on, Decision.id)).scalars())


def campaign_proposals(campaign: Campaign) -> list[Proposal]:
    return list(db.session.execute(db.select(Proposal).filter_by(campaign_id=campaign.id)
                                   .order_by(Proposal.issued_on, Proposal.id)).scalars())


def decision_in(campaign: Campaign, decision_id: int) -> Decision | None:
    decision = db.session.get(Decision, decision_id)
    return decision if decision is not None and decision.campaign_id == campaign.id else None


def proposal_in(campaign: Campaign, proposal_id: int) -> Proposal | None:
    proposal = db.session.get(Proposal, proposal_id)
    return proposal if proposal is not None and proposal.campaign_id == campaign.id else None


@dataclass(frozen=True)
class UnitActs:
    """What the review page shows of a unit's acts: the one in force and the proposal."""
    current: DecisionEntry | None
    proposal: ProposalEntry | None


def unit_acts(assessment: Assessment) -> UnitActs:
    proposal = db.session.execute(db.select(ProposalEntry).filter_by(assessment_id=assessment.id, proposed=True)
                                  .order_by(ProposalEntry.id.desc()).limit(1)).scalar_one_or_none()
    return UnitActs(current_entry(assessment), proposal)
