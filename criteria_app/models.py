"""Persistence: SQLAlchemy models. Rules live in domain/, use cases in services/."""
from __future__ import annotations

import json
import secrets
from datetime import date, datetime, timezone
from functools import cached_property

from flask_login import UserMixin
from sqlalchemy import Enum, ForeignKey, Index, String, Text, UniqueConstraint, func, text
from sqlalchemy.ext.hybrid import Comparator, hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .domain.criteria import CriteriaSet, parse_criteria_set
from .domain.inspection_lifecycle import InspectionState, Minutes
from .domain.permissions import Actor, InspectionRef, UnitRef
from .domain.records import DecisionKind, EvidenceStage, JobStatus
from .domain.roles import Role
from .domain.workflow import Status
from .extensions import db


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def enum_column(enum_class, length: int = 20) -> Enum:
    """A str enum stored as its value in a plain VARCHAR (no database enum type, no migration)."""
    return Enum(enum_class, native_enum=False, length=length, validate_strings=True, create_constraint=False,
                values_callable=lambda members: [m.value for m in members])


class UnitType:
    """Administrative unit types (domain.md section 4), level 1 province, 2 district, 3 commune."""
    LABELS = {
        "tinh": "Tỉnh", "thanh_pho_tw": "Thành phố",
        "huyen": "Huyện", "thi_xa": "Thị xã", "thanh_pho": "Thành phố", "quan": "Quận",
        "xa": "Xã", "phuong": "Phường", "thi_tran": "Thị trấn", "dac_khu": "Đặc khu",
    }
    LEVEL = {"tinh": 1, "thanh_pho_tw": 1, "huyen": 2, "thi_xa": 2, "thanh_pho": 2, "quan": 2,
             "xa": 3, "phuong": 3, "thi_tran": 3, "dac_khu": 3}


class Unit(db.Model):
    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("code", "valid_from", name="uq_unit_code_valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(200))          # full name, NFC: "Phường Nghi Thu"
    name_folded: Mapped[str] = mapped_column(String(200), index=True)  # search key: "phuong nghi thu"
    type: Mapped[str] = mapped_column(String(20))
    level: Mapped[int]
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    province_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    valid_from: Mapped[date]
    valid_to: Mapped[date | None]
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    source: Mapped[str] = mapped_column(String(40), default="")  # e.g. "vietnamadminunits:2025"

    parent: Mapped["Unit | None"] = relationship(remote_side=[id], foreign_keys=[parent_id])

    @property
    def type_label(self) -> str:
        return UnitType.LABELS.get(self.type, self.type)

    def ref(self) -> UnitRef:
        return UnitRef(id=self.id, province_id=self.province_id if self.level > 1 else self.id)

    def path(self) -> list["Unit"]:
        chain, unit = [], self
        while unit is not None:
            chain.append(unit)
            unit = unit.parent
        return chain

    def path_name(self) -> str:
        """'Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An'."""
        return ", ".join(u.name for u in self.path())

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class UnitSuccession(db.Model):
    """A unit merged or divided into its successors: many-to-many."""
    __tablename__ = "unit_succession"
    predecessor_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), primary_key=True)
    successor_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), primary_key=True)
    effective: Mapped[date]


class Team(db.Model):
    """An inspection team (đoàn kiểm tra) and the units assigned to it."""
    __tablename__ = "team"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    province_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    active: Mapped[bool] = mapped_column(default=True)
    # The decision that formed the team, cited by its minutes, and the body it works for (the minutes'
    # parent line): "Quyết định số 1520/QĐ-UBND ngày 10/7/2023 của Chủ tịch UBND tỉnh", "UBND tỉnh Nghệ An".
    decision_number: Mapped[str | None] = mapped_column(String(100))
    decision_date: Mapped[date | None]
    decision_issuer: Mapped[str | None] = mapped_column(String(200))
    parent_body: Mapped[str | None] = mapped_column(String(200))
    units: Mapped[list[Unit]] = relationship(secondary="team_unit")
    members: Mapped[list["User"]] = relationship(back_populates="team", foreign_keys="User.team_id")


class TeamUnit(db.Model):
    __tablename__ = "team_unit"
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), primary_key=True)


class User(UserMixin, db.Model):
    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    active: Mapped[bool] = mapped_column(default=True)
    # What documents print about the person: Ông/Bà, the rank they sign with, their role in their team.
    gender: Mapped[str | None] = mapped_column(String(10))          # domain.documents.Gender
    signing_rank: Mapped[str | None] = mapped_column(String(20))    # domain.documents.Rank
    team_role: Mapped[str | None] = mapped_column(String(20))       # domain.documents.TeamRole
    # Bumped on logout and password change, so an old session cookie stops working.
    session_nonce: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_hex(16))

    unit: Mapped[Unit | None] = relationship()
    team: Mapped[Team | None] = relationship(back_populates="members", foreign_keys=[team_id])

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_nonce}"

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @cached_property
    def actor(self) -> Actor:
        role = self.role_enum
        province_id = None
        if self.unit is not None:
            province_id = self.unit.province_id if self.unit.level > 1 else self.unit.id
        elif self.team is not None:
            province_id = self.team.province_id
        team_units = frozenset(u.id for u in self.team.units) if self.team is not None else frozenset()
        return Actor(user_id=self.id, role=role, unit_id=self.unit_id, province_id=province_id,
                     team_unit_ids=team_units, team_id=self.team_id, active=self.active)


class CriteriaSetRecord(db.Model):
    """A loaded criteria set; (set_id, version) is unique and its content never changes."""
    __tablename__ = "criteria_set"
    __table_args__ = (UniqueConstraint("set_id", "version", name="uq_criteria_set_id_version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[int]
    title: Mapped[str] = mapped_column(String(500))
    content: Mapped[str] = mapped_column(Text)  # the JSON document as loaded
    content_hash: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def data(self) -> dict:
        return json.loads(self.content)

    def parsed(self) -> CriteriaSet:
        return _parsed_set(self.content_hash, self.content)


_SET_CACHE: dict[str, CriteriaSet] = {}


def _parsed_set(content_hash: str, content: str) -> CriteriaSet:
    # Content is immutable per hash, so the parse can be shared by every request.
    if content_hash not in _SET_CACHE:
        _SET_CACHE[content_hash] = parse_criteria_set(json.loads(content))
    return _SET_CACHE[content_hash]


class Campaign(db.Model):
    """Đợt đánh giá: a year, a criteria set version, and the units taking part."""
    __tablename__ = "campaign"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    year: Mapped[int]
    province_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    criteria_set_id: Mapped[int] = mapped_column(ForeignKey("criteria_set.id"))
    reference_date: Mapped[date]        # units are taken as they were on this day
    self_deadline: Mapped[date | None]
    inspection_deadline: Mapped[date | None]
    decision_deadline: Mapped[date | None]
    is_open: Mapped[bool] = mapped_column(default=True)

    province: Mapped[Unit] = relationship(foreign_keys=[province_id])
    criteria_set: Mapped[CriteriaSetRecord] = relationship()
    basis: Mapped["CampaignBasis | None"] = relationship(back_populates="campaign", uselist=False)
    legal_texts: Mapped[list["LegalText"]] = relationship(order_by="LegalText.position, LegalText.id",
                                                          back_populates="campaign")


class CampaignBasis(db.Model):
    """What a campaign's documents cite and who issues them (căn cứ): the province's plan, the decision
    issuing the criteria set, the standing body that proposes and the authority that decides."""
    __tablename__ = "campaign_basis"
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), primary_key=True)
    plan_number: Mapped[str | None] = mapped_column(String(100))       # "78/KH-UBND"
    plan_date: Mapped[date | None]
    plan_issuer: Mapped[str | None] = mapped_column(String(200))       # "UBND tỉnh"
    plan_summary: Mapped[str | None] = mapped_column(Text)             # "về triển khai thực hiện Đề án 06 …"
    criteria_number: Mapped[str | None] = mapped_column(String(100))   # "1520/QĐ-UBND"
    criteria_date: Mapped[date | None]
    criteria_issuer: Mapped[str | None] = mapped_column(String(200))
    criteria_summary: Mapped[str | None] = mapped_column(Text)
    standing_body: Mapped[str | None] = mapped_column(String(200))     # "Công an tỉnh Nghệ An"
    standing_parent: Mapped[str | None] = mapped_column(String(200))   # "Bộ Công an"
    standing_abbr: Mapped[str | None] = mapped_column(String(30))      # "CAT": symbol of its documents
    standing_unit: Mapped[str | None] = mapped_column(String(30))      # "PC06": its drafting unit
    authority: Mapped[str] = mapped_column(String(20), default="individual")   # domain.documents.Authority
    decision_unit: Mapped[str | None] = mapped_column(String(30))      # "NC": drafting unit of the decisions

    campaign: Mapped[Campaign] = relationship(back_populates="basis")


class LegalText(db.Model):
    """A legal text in force that a campaign's decisions cite, in order: the laws (with their dates, so a
    2025 campaign cites the 2025 law) and the Prime Minister's decision on Đề án 06."""
    __tablename__ = "legal_text"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(300))             # "Luật Tổ chức chính quyền địa phương", "Quyết định"
    number: Mapped[str | None] = mapped_column(String(100))     # "06/QĐ-TTg"
    issued_on: Mapped[date]
    issuer: Mapped[str | None] = mapped_column(String(200))     # "Thủ tướng Chính phủ"
    summary: Mapped[str | None] = mapped_column(Text)           # trích yếu

    campaign: Mapped[Campaign] = relationship(back_populates="legal_texts")


class Assessment(db.Model):
    """One unit's record in one campaign, from self-assessment to decision."""
    __tablename__ = "assessment"
    __table_args__ = (UniqueConstraint("campaign_id", "unit_id", name="uq_assessment_campaign_unit"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    status: Mapped[str] = mapped_column(String(30), default=Status.SELF_ASSESSMENT.value, index=True)
    # Counts the status changes: a decision or a submission records the change that made it.
    status_version: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    # As the unit was when the assessment was made; reports print these, never today's name.
    unit_name: Mapped[str] = mapped_column(String(200))
    unit_path: Mapped[str] = mapped_column(String(600))
    returned_criteria: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of criterion codes
    return_reason: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None]
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    campaign: Mapped[Campaign] = relationship()
    unit: Mapped[Unit] = relationship()
    submitted_by: Mapped[User | None] = relationship()
    answers: Mapped[list["Answer"]] = relationship(back_populates="assessment")

    @property
    def status_enum(self) -> Status:
        return Status(self.status)

    @property
    def returned_codes(self) -> frozenset[str]:
        return frozenset(json.loads(self.returned_criteria or "[]"))

    def criteria_set(self) -> CriteriaSet:
        return self.campaign.criteria_set.parsed()


class Answer(db.Model):
    """One item's answer in the self-assessment (raw counts), and its written explanation."""
    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("assessment_id", "item_code", name="uq_answer_assessment_item"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    item_code: Mapped[str] = mapped_column(String(50))
    value: Mapped[str | None] = mapped_column(Text)        # JSON: true, 3, {"numerator":..}, "na"
    explanation: Mapped[str | None] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    assessment: Mapped[Assessment] = relationship(back_populates="answers")


class Evidence(db.Model):
    """A file attached to an item; stored outside static under a server-made name.

    One live file per item and content: a resent upload finds the row it already made.
    """
    __tablename__ = "evidence"
    __table_args__ = (
        Index("uq_evidence_live_content", "assessment_id", "item_code", "stage",
              func.coalesce(text("inspection_id"), 0), "sha256", unique=True,
              sqlite_where=text("deleted_at IS NULL"), postgresql_where=text("deleted_at IS NULL")),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    item_code: Mapped[str] = mapped_column(String(50))
    stored_name: Mapped[str] = mapped_column(String(100), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    deleted_at: Mapped[datetime | None]
    stage: Mapped[EvidenceStage] = mapped_column(enum_column(EvidenceStage), default=EvidenceStage.SELF)
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspection.id"))
    taken_at: Mapped[datetime | None]   # when the photo was taken, as the device reported it

    uploaded_by: Mapped[User | None] = relationship()

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class AuditEvent(db.Model):
    """Who did what, when, from what to what."""
    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_assessment_at", "assessment_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessment.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(String(50))
    target: Mapped[str | None] = mapped_column(String(100))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)

    actor: Mapped[User | None] = relationship()


class Submission(db.Model):
    """What the ward sent, frozen at each submission, so reviewers can see what changed."""
    __tablename__ = "submission"
    __table_args__ = (UniqueConstraint("assessment_id", "number", name="uq_submission_assessment_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    number: Mapped[int]
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    snapshot: Mapped[str] = mapped_column(Text)  # JSON {item_code: {value, explanation, evidence: [...]}}
    self_total: Mapped[str] = mapped_column(String(20))
    # The report (báo cáo tự đánh giá) sent with it, as the chairman numbered and dated it.
    report_number: Mapped[str | None] = mapped_column(String(100))
    report_date: Mapped[date | None]

    submitted_by: Mapped[User | None] = relationship()

    @property
    def items(self) -> dict:
        return json.loads(self.snapshot)


class Inspection(db.Model):
    """One on-site inspection of an assessment by a team (a re-check is a new round)."""
    __tablename__ = "inspection"
    __table_args__ = (UniqueConstraint("assessment_id", "round", name="uq_inspection_assessment_round"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    round: Mapped[int] = mapped_column(default=1)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"))
    status: Mapped[InspectionState] = mapped_column(enum_column(InspectionState), default=InspectionState.OPEN)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    place: Mapped[str] = mapped_column(String(300), default="")
    ward_representatives: Mapped[str] = mapped_column(Text, default="")  # one "Name – position" per line
    findings: Mapped[str] = mapped_column(Text, default="")
    conclusion: Mapped[str] = mapped_column(Text, default="")     # the lead's addition to the generated one
    # The minutes as the lead writes them until they are confirmed: number, real times, recommendations.
    number: Mapped[str | None] = mapped_column(String(100))
    ended_at: Mapped[datetime | None]
    recommendations: Mapped[str] = mapped_column(Text, default="")
    copies: Mapped[int] = mapped_column(default=3, server_default=text("3"))
    roster: Mapped[str | None] = mapped_column(Text)   # JSON: the team as it was when the scoring closed
    finalised_at: Mapped[datetime | None]
    lead_confirmed_at: Mapped[datetime | None]
    lead_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    lead_signature: Mapped[str | None] = mapped_column(Text)       # optional drawn signature (PNG data URL)
    chairman_confirmed_at: Mapped[datetime | None]
    chairman_confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    chairman_signature: Mapped[str | None] = mapped_column(Text)

    assessment: Mapped[Assessment] = relationship()
    team: Mapped[Team] = relationship()
    lead_confirmed_by: Mapped[User | None] = relationship(foreign_keys=[lead_confirmed_by_id])
    chairman_confirmed_by: Mapped[User | None] = relationship(foreign_keys=[chairman_confirmed_by_id])

    @property
    def locked(self) -> bool:
        return self.status == InspectionState.SIGNED

    @property
    def minutes(self) -> Minutes:
        return Minutes(InspectionState(self.status), self.lead_confirmed_at is not None,
                       self.chairman_confirmed_at is not None)

    def ref(self) -> InspectionRef:
        return InspectionRef(team_id=self.team_id, unit=self.assessment.unit.ref(), minutes=self.minutes)


class InspectionAnswer(db.Model):
    """A member's own answer to an item, with the reason where it differs from the ward's."""
    __tablename__ = "inspection_answer"
    __table_args__ = (UniqueConstraint("inspection_id", "inspector_id", "item_code", name="uq_inspection_answer_item"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    inspector_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    item_code: Mapped[str] = mapped_column(String(50))
    value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    inspector: Mapped[User] = relationship()


class TeamAnswer(db.Model):
    """The team's answer to an item, set by the lead after comparing the members' answers."""
    __tablename__ = "team_answer"
    __table_args__ = (UniqueConstraint("inspection_id", "item_code", name="uq_team_answer_item"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    item_code: Mapped[str] = mapped_column(String(50))
    value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class CriterionNote(db.Model):
    """An inspector's note on a criterion (findings seen on site)."""
    __tablename__ = "criterion_note"
    __table_args__ = (UniqueConstraint("inspection_id", "author_id", "criterion_code", name="uq_criterion_note"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    criterion_code: Mapped[str] = mapped_column(String(50))
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship()


class Proposal(db.Model):
    """The standing body's tờ trình to the province's People's Committee: its number, date and signer,
    and the units it proposes (and those it does not, with the reason), frozen when it is issued."""
    __tablename__ = "proposal"
    __table_args__ = (UniqueConstraint("campaign_id", "number", name="uq_proposal_campaign_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    number: Mapped[str] = mapped_column(String(100))          # "245/TTr-CAT"
    issued_on: Mapped[date]
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    signer_name: Mapped[str] = mapped_column(String(200))     # as it was when signed
    signer_rank: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    campaign: Mapped[Campaign] = relationship()
    entries: Mapped[list["ProposalEntry"]] = relationship(back_populates="proposal", order_by="ProposalEntry.id")


class ProposalEntry(db.Model):
    """A unit in a tờ trình: proposed (on the minutes of `inspection_id`), or listed with the reason why not."""
    __tablename__ = "proposal_entry"
    __table_args__ = (UniqueConstraint("proposal_id", "assessment_id", name="uq_proposal_entry_unit"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id"), index=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspection.id"))
    proposed: Mapped[bool] = mapped_column(default=True)
    reason: Mapped[str] = mapped_column(Text, default="")

    proposal: Mapped[Proposal] = relationship(back_populates="entries")
    assessment: Mapped[Assessment] = relationship()
    inspection: Mapped["Inspection | None"] = relationship()


class Decision(db.Model):
    """A legal act of the province on units of a campaign: a recognition decision, a revocation decision
    (citing the decision it revokes), or a letter refusing recognition; one number, date and signer.

    The units it concerns are its entries; approving several units under the same number and date adds them
    to the same decision."""
    __tablename__ = "decision"
    __table_args__ = (UniqueConstraint("campaign_id", "number", name="uq_decision_campaign_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    kind: Mapped[DecisionKind] = mapped_column(enum_column(DecisionKind))
    # "1234/QĐ-UBND"; None only for a revocation recorded before acts were numbered
    number: Mapped[str | None] = mapped_column(String(100))
    decided_on: Mapped[date]
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    signer_name: Mapped[str | None] = mapped_column(String(200))   # as it was when signed
    signer_rank: Mapped[str | None] = mapped_column(String(20))
    authority: Mapped[str] = mapped_column(String(20), default="individual")   # as it was when decided
    reason: Mapped[str | None] = mapped_column(Text)
    revokes_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    campaign: Mapped[Campaign] = relationship()
    revokes: Mapped["Decision | None"] = relationship(remote_side=[id])
    entries: Mapped[list["DecisionEntry"]] = relationship(back_populates="decision", order_by="DecisionEntry.id")

    @property
    def kind_enum(self) -> DecisionKind:
        return DecisionKind(self.kind)

    @hybrid_property
    def assessment_id(self) -> list[int]:
        """The units it concerns. In a query, `Decision.assessment_id == x` (and filter_by(assessment_id=x))
        means "has an entry for assessment x", as it did when a decision concerned one unit."""
        return [e.assessment_id for e in self.entries]

    @assessment_id.comparator
    def assessment_id(cls):
        return _ConcernsAssessment()


class _ConcernsAssessment(Comparator):
    def __init__(self):
        super().__init__(None)

    def __eq__(self, other):
        return Decision.entries.any(DecisionEntry.assessment_id == other)


class DecisionEntry(db.Model):
    """One unit under a decision, made by one status change of its assessment: the database refuses a second
    entry for the same change (two concurrent approvals of one unit cannot both land)."""
    __tablename__ = "decision_entry"
    __table_args__ = (UniqueConstraint("assessment_id", "status_version", name="uq_decision_assessment_change"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), index=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id"), index=True)
    status_version: Mapped[int]
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspection.id"))   # the minutes it rests on
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposal.id"))       # the tờ trình that proposed it

    decision: Mapped[Decision] = relationship(back_populates="entries")
    assessment: Mapped[Assessment] = relationship()
    inspection: Mapped["Inspection | None"] = relationship()
    proposal_record: Mapped["Proposal | None"] = relationship()


class Job(db.Model):
    """A long piece of work (a whole-campaign report) run in the background, with its progress."""
    __tablename__ = "job"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(50))
    params: Mapped[str] = mapped_column(Text, default="{}")
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id"), index=True)
    province_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    status: Mapped[JobStatus] = mapped_column(enum_column(JobStatus), default=JobStatus.QUEUED)
    progress: Mapped[int] = mapped_column(default=0)                    # 0..100
    message: Mapped[str] = mapped_column(String(300), default="")
    result_path: Mapped[str | None] = mapped_column(String(300))
    result_name: Mapped[str | None] = mapped_column(String(300))
    result_type: Mapped[str | None] = mapped_column(String(100))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    @property
    def finished(self) -> bool:
        return JobStatus(self.status).finished
