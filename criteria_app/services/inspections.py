"""On-site inspection: start, members' scoring with reasons, photos, notes, the lead's merge,
finalising, and the minutes confirmed by both sides."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite

from ..domain import inspection as rules
from ..domain import permissions
from ..domain.answers import Answer, answer_from_json, answer_to_json, validate_answer
from ..domain.criteria import CriteriaSet
from ..domain.roles import Role
from ..domain.scoring import SetResult, score_set
from ..domain.workflow import Action
from ..extensions import db
from ..models import (Assessment, CriterionNote, Evidence, Inspection, InspectionAnswer, TeamAnswer, User,
                      utcnow)
from . import audit, workflow
from .accounts import verify_password
from .assessments import answer_rows, typed_answers
from .errors import PermissionDenied, ServiceError

current_inspection = workflow.latest_inspection


def _insert_for(table):
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def is_member(user: User, inspection: Inspection) -> bool:
    return user.role_enum.is_team and user.team_id == inspection.team_id and user.active


def is_lead(user: User, inspection: Inspection) -> bool:
    return user.role_enum == Role.TEAM_LEAD and user.team_id == inspection.team_id


def start_inspection(assessment: Assessment, lead: User) -> Inspection:
    if lead.team is None or not permissions.can_view_unit(lead.actor, assessment.unit.ref()):
        raise PermissionDenied("start_inspection")
    previous = current_inspection(assessment)
    workflow.apply(assessment, Action.START_INSPECTION, lead)
    inspection = Inspection(assessment_id=assessment.id, round=(previous.round + 1) if previous else 1,
                            team_id=lead.team_id, started_by_id=lead.id,
                            place=f"Bộ phận Một cửa, UBND {assessment.unit_name}")
    db.session.add(inspection)
    db.session.flush()
    audit.record("inspection_started", actor=lead, assessment_id=assessment.id, target=f"round {inspection.round}")
    db.session.commit()
    return inspection


def _check_scoring(inspection: Inspection, user: User) -> CriteriaSet:
    if not is_member(user, inspection):
        raise PermissionDenied("inspection")
    if inspection.status != "open":
        raise ServiceError("Đoàn đã chốt kết quả; không sửa được nữa.")
    return inspection.assessment.criteria_set()


def _upsert(model, keys: dict, values: dict) -> None:
    stmt = _insert_for(model).values(**keys, **values, updated_at=utcnow())
    update = {**values, "updated_at": utcnow()}
    if "revision" in model.__table__.c:
        update["revision"] = model.__table__.c.revision + 1
    db.session.execute(stmt.on_conflict_do_update(index_elements=list(keys), set_=update))


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
        validate_answer(criteria_set.item(item_code), answer)
    new = None if answer is None else json.dumps(answer_to_json(answer))
    old_row = next((r for r in member_rows(inspection, user) if r.item_code == item_code), None)
    old = old_row.value if old_row else None
    if old == new:
        db.session.rollback()
        return False
    _upsert(InspectionAnswer, {"inspection_id": inspection.id, "inspector_id": user.id, "item_code": item_code},
            {"value": new})
    audit.record("inspection_answer", actor=user, assessment_id=inspection.assessment_id, target=item_code,
                 before=None if old is None else json.loads(old), after=None if new is None else json.loads(new))
    db.session.commit()
    return True


def save_member_reason(inspection: Inspection, item_code: str, reason: str, user: User) -> bool:
    _check_scoring(inspection, user)
    reason = reason.strip() or None
    old_row = next((r for r in member_rows(inspection, user) if r.item_code == item_code), None)
    if (old_row.reason if old_row else None) == reason:
        db.session.rollback()
        return False
    _upsert(InspectionAnswer, {"inspection_id": inspection.id, "inspector_id": user.id, "item_code": item_code},
            {"reason": reason})
    audit.record("inspection_reason", actor=user, assessment_id=inspection.assessment_id, target=item_code,
                 before=old_row.reason if old_row else None, after=reason)
    db.session.commit()
    return True


def save_note(inspection: Inspection, criterion_code: str, note: str, user: User) -> None:
    _check_scoring(inspection, user)
    _upsert(CriterionNote, {"inspection_id": inspection.id, "author_id": user.id, "criterion_code": criterion_code},
            {"note": note.strip()})
    audit.record("inspection_note", actor=user, assessment_id=inspection.assessment_id, target=criterion_code,
                 after=note.strip())
    db.session.commit()


def notes(inspection: Inspection) -> list[CriterionNote]:
    return list(db.session.execute(db.select(CriterionNote).filter_by(inspection_id=inspection.id)
                                   .order_by(CriterionNote.criterion_code, CriterionNote.id)
                                   .execution_options(populate_existing=True)).scalars())


def add_photo(inspection: Inspection, item_code: str, stream, filename: str, taken_at: datetime | None,
              user: User) -> Evidence:
    from .evidence import store_file
    _check_scoring(inspection, user)
    evidence = store_file(inspection.assessment, item_code, stream, filename, user, stage="inspection",
                          inspection_id=inspection.id, taken_at=taken_at or utcnow())
    if getattr(evidence, "was_duplicate", False):
        return evidence
    audit.record("photo_added", actor=user, assessment_id=inspection.assessment_id, target=item_code,
                 after={"id": evidence.id, "name": evidence.original_name, "taken_at": str(evidence.taken_at)})
    db.session.commit()
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
                    lead: User) -> None:
    criteria_set = _check_scoring(inspection, lead)
    if not is_lead(lead, inspection):
        raise PermissionDenied("team_answer")
    if answer is not None:
        validate_answer(criteria_set.item(item_code), answer)
    row = team_rows(inspection).get(item_code)
    new = None if answer is None else json.dumps(answer_to_json(answer))
    reason = (reason or "").strip() or None
    if row is not None and row.value == new and row.reason == reason:
        db.session.rollback()
        return
    _upsert(TeamAnswer, {"inspection_id": inspection.id, "item_code": item_code},
            {"value": new, "reason": reason, "updated_by_id": lead.id})
    audit.record("team_answer", actor=lead, assessment_id=inspection.assessment_id, target=item_code,
                 before=None if row is None else {"value": json.loads(row.value) if row.value else None, "reason": row.reason},
                 after={"value": None if new is None else json.loads(new), "reason": reason})
    db.session.commit()


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
    scored_by = {row.inspector_id for row in member_rows(inspection)}
    member_answers: dict = {}
    member_reasons: dict = {}
    for row in member_rows(inspection):
        if row.value is not None and criteria_set.has_item(row.item_code):
            member_answers.setdefault(row.inspector_id, {})[row.item_code] = \
                answer_from_json(criteria_set.item(row.item_code), json.loads(row.value))
        if row.reason:
            member_reasons.setdefault(row.inspector_id, {})[row.item_code] = row.reason
    team, team_reasons = {}, {}
    for code, row in team_rows(inspection).items():
        if row.value is not None and criteria_set.has_item(code):
            team[code] = answer_from_json(criteria_set.item(code), json.loads(row.value))
        if row.reason:
            team_reasons[code] = row.reason
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
        set_team_answer(inspection, item.code, common, reasons or None, lead)
        count += 1
    return count


def finalise(inspection: Inspection, lead: User, *, place: str, ward_representatives: str, findings: str,
             conclusion: str) -> None:
    """The lead closes the team's scoring; the minutes are then drafted from the data."""
    if not is_lead(lead, inspection):
        raise PermissionDenied("finalise")
    if inspection.status != "open":
        raise ServiceError("Kết quả của đoàn đã được chốt.")
    outstanding = board(inspection).outstanding()
    if outstanding:
        raise ServiceError(f"Còn {len(outstanding)} chỉ tiêu chưa xong: "
                           + ", ".join(f"{o.item_code} ({o.reason})" for o in outstanding[:6])
                           + ("…" if len(outstanding) > 6 else ""))
    if not place.strip() or not ward_representatives.strip() or not conclusion.strip():
        raise ServiceError("Cần ghi địa điểm, đại diện phường/xã và kết luận của biên bản.")
    inspection.place, inspection.ward_representatives = place.strip(), ward_representatives.strip()
    inspection.findings, inspection.conclusion = findings.strip(), conclusion.strip()
    inspection.status = "finalised"
    inspection.finalised_at = utcnow()
    audit.record("inspection_finalised", actor=lead, assessment_id=inspection.assessment_id,
                 target=f"round {inspection.round}", after={"team_total": str(board(inspection).team_result.total)})
    db.session.commit()


def reopen_scoring(inspection: Inspection, lead: User) -> None:
    """Before anyone has confirmed the minutes, the lead may reopen the team's scoring."""
    if not is_lead(lead, inspection):
        raise PermissionDenied("finalise")
    if inspection.status != "finalised" or inspection.lead_confirmed_at or inspection.chairman_confirmed_at:
        raise ServiceError("Chỉ mở lại được khi biên bản chưa có ai xác nhận.")
    inspection.status = "open"
    inspection.finalised_at = None
    audit.record("inspection_reopened", actor=lead, assessment_id=inspection.assessment_id,
                 target=f"round {inspection.round}")
    db.session.commit()


def confirm_minutes(inspection: Inspection, user: User, password: str, signature: str | None = None) -> None:
    """The lead and the ward chairman each confirm by re-entering their password; both → signed."""
    if inspection.status != "finalised":
        raise ServiceError("Biên bản chỉ được xác nhận sau khi trưởng đoàn chốt kết quả.")
    assessment = inspection.assessment
    if is_lead(user, inspection):
        side = "lead"
    elif user.role_enum == Role.WARD_CHAIRMAN and user.unit_id == assessment.unit_id:
        side = "chairman"
    else:
        raise PermissionDenied("confirm")
    if getattr(inspection, f"{side}_confirmed_at") is not None:
        raise ServiceError("Bạn đã xác nhận biên bản này.")
    if not verify_password(user, password):
        raise ServiceError("Mật khẩu không đúng.")
    if signature and not (signature.startswith("data:image/png;base64,") and len(signature) < 400_000):
        raise ServiceError("Chữ ký không hợp lệ.")
    setattr(inspection, f"{side}_confirmed_at", utcnow())
    setattr(inspection, f"{side}_confirmed_by_id", user.id)
    setattr(inspection, f"{side}_signature", signature or None)
    audit.record("minutes_confirmed", actor=user, assessment_id=assessment.id, target=side)
    if inspection.lead_confirmed_at and inspection.chairman_confirmed_at:
        inspection.status = "signed"
        workflow.apply(assessment, Action.FINISH_INSPECTION, user,
                       team_total=str(board(inspection).team_result.total))
    db.session.commit()
