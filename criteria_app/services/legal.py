"""What the documents cite and who signs them, as the administration records it: a campaign's legal
references (căn cứ), the decision that formed a team and its members' roles, and each person's gender and
signing rank. Documents read these; they never make a number up.

Who may change what: campaign references with the campaigns (administrators and the province's approvers);
teams and people with the people (administrators). Every change is audited.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from ..domain import permissions
from ..domain.documents import TEAM_ROLE_ORDER, Authority, Gender, NumberRefused, Rank, TeamRole, reference
from ..domain.roles import Role
from ..domain.text import sort_key
from ..extensions import db
from ..models import Campaign, CampaignBasis, LegalText, Team, User
from . import audit
from .errors import InvalidInput, PermissionDenied

LIMITS = {"number": 100, "issuer": 200, "summary": 2000, "body": 200, "abbr": 30, "title": 300}


class Fields:
    """Collects the refused fields of one form, so all their messages show at once."""

    def __init__(self):
        self.errors: dict[str, str] = {}

    def text(self, value: str | None, field: str, limit: int, required: str | None = None) -> str | None:
        value = " ".join((value or "").split())
        if not value:
            if required:
                self.errors.setdefault(field, required)
            return None
        if len(value) > limit:
            self.errors.setdefault(field, f"Tối đa {limit} ký tự.")
        return value

    def number(self, value: str | None, field: str, symbol: str, required: str | None = None) -> str | None:
        value = self.text(value, field, LIMITS["number"], required)
        if value is None:
            return None
        try:
            return reference(value, symbol)
        except NumberRefused as exc:
            self.errors.setdefault(field, str(exc))
            return value

    def day(self, value: date | None, field: str, required: str | None = None) -> date | None:
        if value is None and required:
            self.errors.setdefault(field, required)
        return value

    def both_or_neither(self, number, day, number_field: str, day_field: str, what: str) -> None:
        if number and day is None:
            self.errors.setdefault(day_field, f"Nhập ngày của {what}.")
        if day is not None and not number:
            self.errors.setdefault(number_field, f"Nhập số của {what}.")

    def done(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors)


def _manage_campaign(user: User, campaign: Campaign) -> None:
    actor = user.actor
    if not permissions.can_manage_campaigns(actor) or not permissions.can_view_province(actor, campaign.province_id):
        raise PermissionDenied("campaign")


def _manage_people(user: User, province_id: int | None) -> None:
    actor = user.actor
    if not permissions.can_manage_people(actor) or not permissions.can_view_province(actor, province_id):
        raise PermissionDenied("people")


# ---- a campaign's references ----------------------------------------------------------------------

BASIS_FIELDS = ("plan_number", "plan_date", "plan_issuer", "plan_summary", "criteria_number", "criteria_date",
                "criteria_issuer", "criteria_summary", "standing_body", "standing_parent", "standing_abbr",
                "standing_unit", "authority", "decision_unit")


def basis_of(campaign: Campaign) -> CampaignBasis:
    """The campaign's references; an empty, unsaved one when none were recorded yet."""
    return campaign.basis or CampaignBasis(campaign_id=campaign.id, authority=Authority.INDIVIDUAL.value)


def _state(obj, fields) -> dict:
    return {f: (v.isoformat() if isinstance(v, date) else v) for f in fields if (v := getattr(obj, f)) is not None}


def save_basis(campaign: Campaign, user: User, **values) -> CampaignBasis:
    """The plan, the decision issuing the criteria, the standing body and the deciding authority."""
    _manage_campaign(user, campaign)
    f = Fields()
    clean = {
        "plan_number": f.number(values.get("plan_number"), "plan_number", "KH-UBND"),
        "plan_date": f.day(values.get("plan_date"), "plan_date"),
        "plan_issuer": f.text(values.get("plan_issuer"), "plan_issuer", LIMITS["issuer"]),
        "plan_summary": f.text(values.get("plan_summary"), "plan_summary", LIMITS["summary"]),
        "criteria_number": f.number(values.get("criteria_number"), "criteria_number", "QĐ-UBND"),
        "criteria_date": f.day(values.get("criteria_date"), "criteria_date"),
        "criteria_issuer": f.text(values.get("criteria_issuer"), "criteria_issuer", LIMITS["issuer"]),
        "criteria_summary": f.text(values.get("criteria_summary"), "criteria_summary", LIMITS["summary"]),
        "standing_body": f.text(values.get("standing_body"), "standing_body", LIMITS["body"],
                                "Nhập tên cơ quan thường trực, ví dụ Công an tỉnh Nghệ An."),
        "standing_parent": f.text(values.get("standing_parent"), "standing_parent", LIMITS["body"]),
        "standing_abbr": f.text(values.get("standing_abbr"), "standing_abbr", LIMITS["abbr"],
                                "Nhập chữ viết tắt của cơ quan thường trực, ví dụ CAT."),
        "standing_unit": f.text(values.get("standing_unit"), "standing_unit", LIMITS["abbr"]),
        "decision_unit": f.text(values.get("decision_unit"), "decision_unit", LIMITS["abbr"]),
    }
    f.both_or_neither(clean["plan_number"], clean["plan_date"], "plan_number", "plan_date", "kế hoạch")
    f.both_or_neither(clean["criteria_number"], clean["criteria_date"], "criteria_number", "criteria_date",
                      "quyết định ban hành bộ tiêu chí")
    for field in ("standing_abbr", "standing_unit", "decision_unit"):
        if clean[field] and " " in clean[field]:
            f.errors.setdefault(field, "Chữ viết tắt không có dấu cách.")
    try:
        clean["authority"] = Authority(values.get("authority") or "").value
    except ValueError:
        f.errors.setdefault("authority", "Chọn Chủ tịch UBND tỉnh hoặc UBND tỉnh.")
    f.done()
    basis = campaign.basis
    before = _state(basis, BASIS_FIELDS) if basis is not None else {}
    if basis is None:
        basis = CampaignBasis(campaign_id=campaign.id)
        db.session.add(basis)
        campaign.basis = basis
    for field, value in clean.items():
        setattr(basis, field, value)
    after = _state(basis, BASIS_FIELDS)
    if after != before:
        audit.record("campaign_basis_saved", actor=user, target=f"campaign:{campaign.id}",
                     before={k: before.get(k) for k in after if before.get(k) != after.get(k)},
                     after={k: after[k] for k in after if before.get(k) != after.get(k)})
    db.session.flush()
    return basis


TEXT_FIELDS = ("position", "title", "number", "issued_on", "issuer", "summary")


def _text_values(f: Fields, values: dict) -> dict:
    title = f.text(values.get("title"), "title", LIMITS["title"],
                   "Nhập tên văn bản, ví dụ Luật Tổ chức chính quyền địa phương, hoặc Quyết định.")
    number = f.text(values.get("number"), "number", LIMITS["number"])
    issued_on = f.day(values.get("issued_on"), "issued_on", "Nhập ngày ban hành.")
    issuer = f.text(values.get("issuer"), "issuer", LIMITS["issuer"])
    summary = f.text(values.get("summary"), "summary", LIMITS["summary"])
    position = values.get("position")
    if position is None:
        position = 0
    return {"title": title, "number": number, "issued_on": issued_on, "issuer": issuer, "summary": summary,
            "position": int(position)}


def add_legal_text(campaign: Campaign, user: User, **values) -> LegalText:
    """A law or decision in force that the campaign's decisions cite ('Căn cứ …')."""
    _manage_campaign(user, campaign)
    f = Fields()
    clean = _text_values(f, values)
    f.done()
    if not values.get("position"):
        clean["position"] = 1 + max((t.position for t in campaign.legal_texts), default=0)
    text = LegalText(campaign_id=campaign.id, **clean)
    db.session.add(text)
    db.session.flush()
    audit.record("legal_text_added", actor=user, target=f"campaign:{campaign.id}", after=_state(text, TEXT_FIELDS))
    db.session.flush()
    db.session.expire(campaign, ["legal_texts"])
    return text


def update_legal_text(text: LegalText, user: User, **values) -> None:
    _manage_campaign(user, text.campaign)
    f = Fields()
    clean = _text_values(f, {**values, "position": values.get("position", text.position)})
    f.done()
    before = _state(text, TEXT_FIELDS)
    for field, value in clean.items():
        setattr(text, field, value)
    after = _state(text, TEXT_FIELDS)
    if after != before:
        audit.record("legal_text_updated", actor=user, target=f"campaign:{text.campaign_id}", before=before,
                     after=after)
    db.session.flush()


def delete_legal_text(text: LegalText, user: User) -> None:
    campaign = text.campaign
    _manage_campaign(user, campaign)
    audit.record("legal_text_removed", actor=user, target=f"campaign:{campaign.id}", before=_state(text, TEXT_FIELDS))
    db.session.delete(text)
    db.session.flush()
    db.session.expire(campaign, ["legal_texts"])


def legal_text_in(campaign: Campaign, text_id: int) -> LegalText | None:
    text = db.session.get(LegalText, text_id)
    return text if text is not None and text.campaign_id == campaign.id else None


def missing_references(campaign: Campaign) -> list[str]:
    """What the campaign's documents will lack until it is recorded."""
    basis = campaign.basis
    out = []
    if basis is None or not basis.plan_number:
        out.append("Kế hoạch của tỉnh (số, ngày)")
    if basis is None or not basis.criteria_number:
        out.append("Quyết định ban hành bộ tiêu chí (số, ngày)")
    if basis is None or not basis.standing_body:
        out.append("Cơ quan thường trực (tên, cơ quan cấp trên, chữ viết tắt)")
    if not campaign.legal_texts:
        out.append("Các văn bản pháp lý làm căn cứ (luật, Quyết định 06/QĐ-TTg)")
    return out


# ---- a team: the decision that formed it, its members' roles ----------------------------------------

TEAM_FIELDS = ("decision_number", "decision_date", "decision_issuer", "parent_body")


def save_team_decision(team: Team, user: User, *, decision_number: str | None, decision_date: date | None,
                       decision_issuer: str | None, parent_body: str | None) -> None:
    _manage_people(user, team.province_id)
    f = Fields()
    clean = {
        "decision_number": f.number(decision_number, "decision_number", "QĐ-UBND",
                                    "Nhập số quyết định thành lập đoàn."),
        "decision_date": f.day(decision_date, "decision_date", "Nhập ngày của quyết định thành lập đoàn."),
        "decision_issuer": f.text(decision_issuer, "decision_issuer", LIMITS["issuer"],
                                  "Nhập người hoặc cơ quan ban hành, ví dụ Chủ tịch UBND tỉnh."),
        "parent_body": f.text(parent_body, "parent_body", LIMITS["body"],
                              "Nhập cơ quan của đoàn (dòng trên «ĐOÀN KIỂM TRA»), ví dụ UBND tỉnh Nghệ An."),
    }
    f.done()
    before = _state(team, TEAM_FIELDS)
    for field, value in clean.items():
        setattr(team, field, value)
    after = _state(team, TEAM_FIELDS)
    if after != before:
        audit.record("team_decision_saved", actor=user, target=f"team:{team.id}", before=before, after=after)
    db.session.flush()


def team_role_of(member: User) -> TeamRole:
    """The lead is always the trưởng đoàn; a member without a recorded role is a thành viên."""
    if member.role == Role.TEAM_LEAD.value:
        return TeamRole.TRUONG_DOAN
    try:
        role = TeamRole(member.team_role or TeamRole.THANH_VIEN.value)
    except ValueError:
        return TeamRole.THANH_VIEN
    return TeamRole.THANH_VIEN if role == TeamRole.TRUONG_DOAN else role


def set_team_roles(team: Team, user: User, roles: dict[int, str]) -> None:
    """Each member's role in the team (phó trưởng đoàn, thư ký, thành viên); one thư ký at most."""
    _manage_people(user, team.province_id)
    members = {m.id: m for m in team.members if m.role != Role.TEAM_LEAD.value}
    errors = {}
    chosen: dict[int, TeamRole] = {}
    for member_id, value in roles.items():
        member = members.get(member_id)
        if member is None:
            continue
        try:
            role = TeamRole(value)
        except ValueError:
            errors[f"role-{member_id}"] = "Chọn vai trò trong đoàn."
            continue
        if role == TeamRole.TRUONG_DOAN:
            errors[f"role-{member_id}"] = "Trưởng đoàn là tài khoản có vai trò Trưởng đoàn kiểm tra."
            continue
        chosen[member_id] = role
    secretaries = [i for i, r in chosen.items() if r == TeamRole.THU_KY]
    if len(secretaries) > 1:
        for i in secretaries[1:]:
            errors[f"role-{i}"] = "Đoàn chỉ có một thư ký."
    if errors:
        raise InvalidInput(errors)
    for member_id, role in chosen.items():
        member = members[member_id]
        if member.team_role != role.value:
            audit.record("team_role_set", actor=user, target=f"user:{member.id}",
                         before={"team_role": member.team_role}, after={"team_role": role.value, "team": team.name})
            member.team_role = role.value
    db.session.flush()


@dataclass(frozen=True)
class RosterMember:
    """A member as the minutes list them."""
    user_id: int
    name: str
    gender: str | None
    position: str
    role: str          # TeamRole value

    @property
    def role_label(self) -> str:
        return TeamRole(self.role).label

    def to_json(self) -> dict:
        return {"user_id": self.user_id, "name": self.name, "gender": self.gender, "position": self.position,
                "role": self.role}


def roster(team: Team) -> list[RosterMember]:
    """The team's active members, the lead first, then by role and name."""
    people = [m for m in team.members if m.active and m.role_enum.is_team]
    people.sort(key=lambda m: (TEAM_ROLE_ORDER[team_role_of(m)], sort_key(m.full_name or m.username)))
    return [RosterMember(m.id, m.display_name, m.gender, m.position or "", team_role_of(m).value) for m in people]


def roster_from_json(raw: str | None) -> list[RosterMember] | None:
    if not raw:
        return None
    return [RosterMember(**row) for row in json.loads(raw)]


def roster_to_json(members: list[RosterMember]) -> str:
    return json.dumps([m.to_json() for m in members], ensure_ascii=False)


# ---- people: what their signature and the minutes need ------------------------------------------------

def set_person(person: User, user: User, *, gender: str | None, signing_rank: str | None) -> None:
    """Gender (Ông/Bà in the minutes) and the rank the person signs with (the signature block)."""
    from .scope import user_province_id
    _manage_people(user, user_province_id(person))
    errors = {}
    gender = gender or None
    signing_rank = signing_rank or None
    if gender is not None and gender not in {g.value for g in Gender}:
        errors[f"gender-{person.id}"] = "Chọn Nam hoặc Nữ."
    if signing_rank is not None and signing_rank not in {r.value for r in Rank}:
        errors[f"rank-{person.id}"] = "Chọn chức danh ký."
    if errors:
        raise InvalidInput(errors)
    before = {"gender": person.gender, "signing_rank": person.signing_rank}
    after = {"gender": gender, "signing_rank": signing_rank}
    if before != after:
        person.gender, person.signing_rank = gender, signing_rank
        audit.record("person_signing_set", actor=user, target=f"user:{person.id}", before=before, after=after)
    db.session.flush()


def signers(province_id: int, *, committee: bool) -> list[User]:
    """The province's active people who may sign for the People's Committee (committee=True: chủ tịch,
    phó chủ tịch) or for the standing body (giám đốc, phó giám đốc)."""
    from .scope import province_users
    ranks = {r.value for r in Rank if r.heads_committee == committee}
    people = [u for u in province_users(province_id) if u.active and u.signing_rank in ranks]
    return sorted(people, key=lambda u: (Rank(u.signing_rank).deputy, sort_key(u.full_name or u.username)))
