"""On-site inspection: start, members' scoring with reasons, photos, notes, the lead's merge,
finalising, and the minutes confirmed by both sides.

The inspection's states and who may move them are domain rules (domain/inspection_lifecycle.py);
every change of state locks the assessment's row, then the inspection's, so concurrent
confirmations are settled one after the other.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from ..domain import inspection as rules
from ..domain import inspection_lifecycle as lifecycle
from ..domain import permissions
from ..domain.answers import Answer, answer_to_json, validate_answer
from ..domain.criteria import CriteriaSet
from ..domain.documents import NumberRefused, TeamRole, in_sentence, reference
from ..domain.inspection_lifecycle import InspectionState
from ..domain.records import EvidenceStage
from ..domain.roles import Role
from ..domain.scoring import SetResult, score_set
from ..domain.workflow import Action, TransitionRefused
from ..extensions import db
from ..models import (Assessment, CriterionNote, Evidence, Inspection, InspectionAnswer, TeamAnswer, User,
                      utcnow)
from . import answer_store, audit, store, workflow
from .accounts import verify_password
from .assessments import answer_rows, typed_answers
from .errors import InvalidInput, PermissionDenied, ServiceError
from .images import clean_signature
from .legal import roster, roster_to_json

current_inspection = workflow.latest_inspection


def is_member(user: User, inspection: Inspection) -> bool:
    return permissions.is_team_member(user.actor, inspection.team_id)


def is_lead(user: User, inspection: Inspection) -> bool:
    return permissions.is_team_lead(user.actor, inspection.team_id)


def ward_chairman(unit_id: int) -> User | None:
    """The unit's active chairman: the ward's signatory on the minutes."""
    return db.session.execute(db.select(User).filter_by(unit_id=unit_id, role=Role.WARD_CHAIRMAN.value, active=True)
                              .order_by(User.id)).scalars().first()


def start_inspection(assessment: Assessment, lead: User) -> Inspection:
    if lead.team_id is None or not permissions.can_view_unit(lead.actor, assessment.unit.ref()):
        raise PermissionDenied("start_inspection")
    workflow.apply(assessment, Action.START_INSPECTION, lead)   # locks the record first
    previous = current_inspection(assessment)
    inspection = Inspection(assessment_id=assessment.id, round=(previous.round + 1) if previous else 1,
                            team_id=lead.team_id, started_by_id=lead.id,
                            place=f"Bộ phận Một cửa, UBND {in_sentence(assessment.unit_name)}")
    db.session.add(inspection)
    db.session.flush()
    audit.record("inspection_started", actor=lead, assessment_id=assessment.id, target=f"round {inspection.round}")
    return inspection


def lock(inspection: Inspection, *, share: bool = False) -> Inspection:
    """Re-read the inspection's row in the current transaction and lock it (see workflow.lock)."""
    return db.session.execute(db.select(Inspection).where(Inspection.id == inspection.id)
                              .with_for_update(read=share)
                              .execution_options(populate_existing=True)).scalar_one()


def _check_scoring(inspection: Inspection, user: User) -> CriteriaSet:
    if not is_member(user, inspection):
        raise PermissionDenied("inspection")
    lock(inspection, share=True)
    if inspection.status != InspectionState.OPEN:
        raise ServiceError("Đoàn đã chốt kết quả; không sửa được nữa.")
    return inspection.assessment.criteria_set()


def _member_keys(inspection: Inspection, user: User, item_code: str) -> dict:
    return {"inspection_id": inspection.id, "inspector_id": user.id, "item_code": item_code}


def _json_or_none(raw: str | None):
    return None if raw is None else json.loads(raw)


def member_rows(inspection: Inspection, user: User | None = None) -> list[InspectionAnswer]:
    query = db.select(InspectionAnswer).filter_by(inspection_id=inspection.id)
    if user is not None:
        query = query.filter_by(inspector_id=user.id)
    return list(db.session.execute(query.execution_options(populate_existing=True)).scalars())


def save_member_answer(inspection: Inspection, item_code: str, answer: Answer | None, user: User) -> bool:
    criteria_set = _check_scoring(inspection, user)
    if not criteria_set.has_item(item_code):
        raise ServiceError(f"Không có chỉ tiêu {item_code}.")
    if answer is not None:
        validate_answer(criteria_set.item(item_code), answer, bounded=True)
    new = None if answer is None else json.dumps(answer_to_json(answer))
    return store.save_fields(InspectionAnswer, _member_keys(inspection, user, item_code), {"value": new},
                             actor=user, action="inspection_answer", assessment_id=inspection.assessment_id,
                             target=item_code, shown=lambda v: _json_or_none(v["value"]))


REASON_MAX = 2000
NOTE_MAX = 5000


def save_member_reason(inspection: Inspection, item_code: str, reason: str, user: User) -> bool:
    if len(reason) > REASON_MAX:
        raise ServiceError("Lý do tối đa 2.000 ký tự.", "reason")
    _check_scoring(inspection, user)
    return store.save_fields(InspectionAnswer, _member_keys(inspection, user, item_code),
                             {"reason": reason.strip() or None}, actor=user, action="inspection_reason",
                             assessment_id=inspection.assessment_id, target=item_code,
                             shown=lambda v: v["reason"])


def save_note(inspection: Inspection, criterion_code: str, note: str, user: User) -> bool:
    if len(note) > NOTE_MAX:
        raise ServiceError("Ghi chú tối đa 5.000 ký tự.", "note")
    _check_scoring(inspection, user)
    return store.save_fields(CriterionNote, {"inspection_id": inspection.id, "author_id": user.id,
                                             "criterion_code": criterion_code},
                             {"note": note.strip()}, actor=user, action="inspection_note",
                             assessment_id=inspection.assessment_id, target=criterion_code,
                             shown=lambda v: v["note"])


def notes(inspection: Inspection) -> list[CriterionNote]:
    return list(db.session.execute(db.select(CriterionNote).filter_by(inspection_id=inspection.id)
                                   .order_by(CriterionNote.criterion_code, CriterionNote.id)
                                   .execution_options(populate_existing=True)).scalars())


def add_photo(inspection: Inspection, item_code: str, stream, filename: str, taken_at: datetime | None,
              user: User) -> Evidence:
    from .evidence import store_file
    _check_scoring(inspection, user)
    evidence = store_file(inspection.assessment, item_code, stream, filename, user, stage=EvidenceStage.INSPECTION,
                          inspection_id=inspection.id, taken_at=taken_at or utcnow())
    if getattr(evidence, "was_duplicate", False):
        return evidence
    audit.record("photo_added", actor=user, assessment_id=inspection.assessment_id, target=item_code,
                 after={"id": evidence.id, "name": evidence.original_name, "taken_at": str(evidence.taken_at)})
    return evidence


def photos(inspection: Inspection) -> dict[str, list[Evidence]]:
    out: dict[str, list[Evidence]] = {}
    rows = db.session.execute(db.select(Evidence).filter_by(inspection_id=inspection.id, deleted_at=None)
                              .order_by(Evidence.id)).scalars()
    for ev in rows:
        out.setdefault(ev.item_code, []).append(ev)
    return out


def team_rows(inspection: Inspection) -> dict[str, TeamAnswer]:
    rows = db.session.execute(db.select(TeamAnswer).filter_by(inspection_id=inspection.id)
                              .execution_options(populate_existing=True)).scalars()
    return {r.item_code: r for r in rows}


def set_team_answer(inspection: Inspection, item_code: str, answer: Answer | None, reason: str | None,
                    lead: User) -> bool:
    if not is_lead(lead, inspection):
        raise PermissionDenied("team_answer")
    if len(reason or "") > REASON_MAX:
        raise ServiceError("Lý do tối đa 2.000 ký tự.", "reason")
    criteria_set = _check_scoring(inspection, lead)
    if not criteria_set.has_item(item_code):
        raise ServiceError(f"Không có chỉ tiêu {item_code}.")
    if answer is not None:
        validate_answer(criteria_set.item(item_code), answer, bounded=True)
    new = None if answer is None else json.dumps(answer_to_json(answer))
    return store.save_fields(TeamAnswer, {"inspection_id": inspection.id, "item_code": item_code},
                             {"value": new, "reason": (reason or "").strip() or None}, actor=lead,
                             action="team_answer", assessment_id=inspection.assessment_id, target=item_code,
                             shown=lambda v: {"value": _json_or_none(v["value"]), "reason": v["reason"]},
                             extra={"updated_by_id": lead.id})


@dataclass
class Board:
    """Everything the inspection screens show for one inspection, computed once."""
    inspection: Inspection
    criteria_set: CriteriaSet
    ward: dict            # item_code -> Answer (the ward's self-assessment)
    ward_result: SetResult
    members: list[User]
    member_answers: dict  # user_id -> {item_code -> Answer}
    member_reasons: dict  # user_id -> {item_code -> str}
    team: dict            # item_code -> Answer
    team_reasons: dict    # item_code -> str
    team_result: SetResult

    def answers_of(self, user: User) -> dict:
        return self.member_answers.get(user.id, {})

    def result_of(self, user: User) -> SetResult:
        # asked once per item by the templates: score each member's answers once per board
        cache = self.__dict__.setdefault("_results", {})
        if user.id not in cache:
            cache[user.id] = score_set(self.criteria_set, self.answers_of(user))
        return cache[user.id]

    def members_for(self, item_code: str) -> list:
        return [self.member_answers.get(m.id, {}).get(item_code) for m in self.members
                if item_code in self.member_answers.get(m.id, {})]

    def member_reason_missing(self, user: User, item_code: str) -> bool:
        item = self.criteria_set.item(item_code)
        mine = self.answers_of(user).get(item_code)
        return rules.member_reason_required(item, self.ward.get(item_code), mine) and \
            not (self.member_reasons.get(user.id, {}).get(item_code) or "").strip()

    def member_differs(self, user: User, item_code: str) -> bool:
        item = self.criteria_set.item(item_code)
        return rules.member_reason_required(item, self.ward.get(item_code), self.answers_of(user).get(item_code))

    def team_reason_required(self, item_code: str) -> bool:
        item = self.criteria_set.item(item_code)
        return rules.team_reason_required(item, self.ward.get(item_code), self.team.get(item_code),
                                          self.members_for(item_code))

    def members_disagree(self, item_code: str) -> bool:
        return rules.members_disagree(self.criteria_set.item(item_code), self.members_for(item_code))

    def outstanding(self) -> list[rules.Outstanding]:
        return rules.outstanding_for_finalising(
            self.criteria_set, self.ward, self.team, self.team_reasons,
            {code: self.members_for(code) for code in (i.code for i in self.criteria_set.items())})


def board(inspection: Inspection) -> Board:
    assessment = inspection.assessment
    criteria_set = assessment.criteria_set()
    ward = typed_answers(criteria_set, answer_rows(assessment))
    members = sorted((u for u in inspection.team.members if u.role_enum.is_team),
                     key=lambda u: (u.role_enum != Role.TEAM_LEAD, u.username))
    rows = member_rows(inspection)
    scored_by = {row.inspector_id for row in rows}
    member_answers = answer_store.decode_grouped(
        criteria_set, ((row.inspector_id, row.item_code, row.value) for row in rows))
    member_reasons: dict = {}
    for row in rows:
        if row.reason:
            member_reasons.setdefault(row.inspector_id, {})[row.item_code] = row.reason
    stored = team_rows(inspection)
    team = answer_store.decode_rows(criteria_set, ((code, row.value) for code, row in stored.items()))
    team_reasons = {code: row.reason for code, row in stored.items() if row.reason}
    # members who scored nothing (often the lead, who merges) are not listed beside the others
    members = [m for m in members if m.id in scored_by] or members
    return Board(inspection, criteria_set, ward, score_set(criteria_set, ward), members, member_answers,
                 member_reasons, team, team_reasons, score_set(criteria_set, team))


def adopt_unanimous(inspection: Inspection, lead: User) -> int:
    """Set the team's answer wherever every member answered alike; returns how many items were set."""
    if not is_lead(lead, inspection):
        raise PermissionDenied("team_answer")
    b = board(inspection)
    count = 0
    for item in b.criteria_set.items():
        if item.code in b.team:
            continue
        common = rules.unanimous(item, [b.member_answers.get(m.id, {}).get(item.code) for m in b.members
                                        if b.member_answers.get(m.id)])
        if common is None:
            continue
        reasons = "; ".join(sorted({r for m in b.members if (r := b.member_reasons.get(m.id, {}).get(item.code))}))
        if set_team_answer(inspection, item.code, common, reasons or None, lead):
            count += 1
    return count


def _locked_minutes(inspection: Inspection) -> lifecycle.Minutes:
    """Lock the assessment, then the inspection (always in this order), and read the minutes' state."""
    workflow.lock(inspection.assessment)
    return lock(inspection).minutes


PLACE_MAX = 300
TEXT_MAX = 5000
MINUTES_FIELDS = ("number", "started_at", "ended_at", "place", "ward_representatives", "findings",
                  "recommendations", "conclusion", "copies")


def _minutes_values(inspection: Inspection, values: dict) -> dict:
    """The minutes' fields as the lead sent them (missing ones keep their value), checked together."""
    errors: dict[str, str] = {}
    out = {}
    for field in MINUTES_FIELDS:
        out[field] = values[field] if field in values else getattr(inspection, field)
    for field in ("place", "ward_representatives", "findings", "recommendations", "conclusion"):
        text = (out[field] or "").strip()
        limit = PLACE_MAX if field == "place" else TEXT_MAX
        if len(text) > limit:
            errors[field] = f"Tối đa {limit:,} ký tự.".replace(",", ".")
        out[field] = text
    if out["number"]:
        try:
            out["number"] = reference(out["number"], "BB-ĐKT")
        except NumberRefused as exc:
            errors["number"] = str(exc)
    else:
        out["number"] = None
    copies = out["copies"]
    if not isinstance(copies, int) or not 1 <= copies <= 20:
        errors["copies"] = "Số bản từ 1 đến 20."
    if out["started_at"] is None:
        errors["started_at"] = "Nhập giờ bắt đầu."
    if out["ended_at"] is not None and out["started_at"] is not None and out["ended_at"] <= out["started_at"]:
        errors["ended_at"] = "Giờ kết thúc phải sau giờ bắt đầu."
    if errors:
        raise InvalidInput(errors)
    return out


def _check_editable(inspection: Inspection, lead: User) -> lifecycle.Minutes:
    if not is_lead(lead, inspection):
        raise PermissionDenied("minutes")
    minutes = _locked_minutes(inspection)
    if minutes.state == InspectionState.SIGNED or minutes.any_confirmed:
        raise ServiceError("Biên bản đã có người xác nhận; không sửa được nữa.")
    return minutes


def save_minutes(inspection: Inspection, lead: User, **values) -> bool:
    """The lead writes the minutes (number, real times, place, representatives, findings, recommendations,
    the addition to the conclusion) until someone confirms them. Returns False when nothing changed."""
    _check_editable(inspection, lead)
    clean = _minutes_values(inspection, values)
    before = {f: getattr(inspection, f) for f in MINUTES_FIELDS}
    if clean == before:
        return False
    for field, value in clean.items():
        setattr(inspection, field, value)
    audit.record("minutes_saved", actor=lead, assessment_id=inspection.assessment_id,
                 target=f"round {inspection.round}",
                 after={k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in clean.items()
                        if before[k] != v})
    db.session.flush()
    return True


def finalise(inspection: Inspection, lead: User, **values) -> None:
    """The lead closes the team's scoring; the minutes are then drafted from the data, with the team as it is
    now (its roster is kept with the minutes)."""
    minutes = _check_editable(inspection, lead)
    if minutes.state != InspectionState.OPEN:
        raise ServiceError(lifecycle.REFUSALS[lifecycle.InspectionAction.FINALISE])
    outstanding = board(inspection).outstanding()
    if outstanding:
        raise ServiceError(f"Còn {len(outstanding)} chỉ tiêu chưa xong: "
                           + ", ".join(f"{o.item_code} ({o.reason})" for o in outstanding[:6])
                           + ("…" if len(outstanding) > 6 else ""))
    clean = _minutes_values(inspection, values)
    errors = {}
    if not clean["place"]:
        errors["place"] = "Nhập địa điểm kiểm tra."
    if not clean["ward_representatives"]:
        errors["ward_representatives"] = "Ghi đại diện phường/xã (mỗi người một dòng: Ông/Bà họ tên – chức vụ)."
    if errors:
        raise InvalidInput(errors)
    members = roster(inspection.team)
    if not any(m.role == TeamRole.THU_KY for m in members):
        raise ServiceError("Đoàn chưa có thư ký: biên bản cần chữ ký của thư ký "
                           "(Quản trị › Căn cứ, người ký › Đoàn kiểm tra › Vai trò trong đoàn).")
    inspection.status = lifecycle.finalise(minutes, outstanding=0).state
    for field, value in clean.items():
        setattr(inspection, field, value)
    inspection.roster = roster_to_json(members)
    inspection.finalised_at = utcnow()
    audit.record("inspection_finalised", actor=lead, assessment_id=inspection.assessment_id,
                 target=f"round {inspection.round}", after={"team_total": str(board(inspection).team_result.total)})
    db.session.flush()


def reopen_scoring(inspection: Inspection, lead: User) -> None:
    """Before anyone has confirmed the minutes, the lead may reopen the team's scoring."""
    if not is_lead(lead, inspection):
        raise PermissionDenied("finalise")
    try:
        inspection.status = lifecycle.reopen(_locked_minutes(inspection)).state
    except TransitionRefused as exc:
        raise ServiceError(exc.message) from None
    inspection.finalised_at = None
    inspection.roster = None
    audit.record("inspection_reopened", actor=lead, assessment_id=inspection.assessment_id,
                 target=f"round {inspection.round}")
    db.session.flush()


def confirm_minutes(inspection: Inspection, user: User, password: str, signature: str | None = None) -> None:
    """The lead and the ward chairman each confirm by re-entering their password; the second signs."""
    minutes = _locked_minutes(inspection)
    side = permissions.minutes_side(user.actor, inspection.ref())
    if side is None:
        raise PermissionDenied("confirm")
    if minutes.state != InspectionState.FINALISED:
        raise ServiceError("Biên bản chỉ được xác nhận sau khi trưởng đoàn chốt kết quả."
                           if minutes.state == InspectionState.OPEN else "Biên bản đã được ký.")
    if minutes.confirmed_by(side):
        raise ServiceError("Bạn đã xác nhận biên bản này.")
    if not minutes.any_confirmed and (not inspection.number or inspection.ended_at is None):
        raise ServiceError("Trưởng đoàn ghi số biên bản và giờ kết thúc trước khi xác nhận.")
    if not verify_password(user, password):
        raise ServiceError("Mật khẩu không đúng.", "password")
    signature = clean_signature(signature)   # re-encoded PNG, never SVG, never huge
    after = lifecycle.confirm(minutes, side)
    setattr(inspection, f"{side.value}_confirmed_at", utcnow())
    setattr(inspection, f"{side.value}_confirmed_by_id", user.id)
    setattr(inspection, f"{side.value}_signature", signature or None)
    audit.record("minutes_confirmed", actor=user, assessment_id=inspection.assessment_id, target=side.value)
    inspection.status = after.state
    db.session.flush()
    if after.state == InspectionState.SIGNED:
        workflow.apply(inspection.assessment, Action.FINISH_INSPECTION, user,
                       team_total=str(board(inspection).team_result.total))
