"""Synthetic campaigns for benchmarks and scale tests: N made-up communes in a made-up province,
with answers, inspections and statuses spread the way a real campaign looks part-way through.

The parameters (units, seed) name the campaign: its province's code is made from both, its province
user from the number of units. Running again with the same parameters changes nothing; a run that
would take over another campaign's user is refused."""
from __future__ import annotations

import json
import random
import re
from datetime import date, datetime, timedelta

from sqlalchemy import insert

from ..domain.answers import answer_to_json, Ratio
from ..domain.roles import Role
from ..domain.text import fold
from ..domain.workflow import Status
from ..extensions import db
from ..models import (Answer, Assessment, AuditEvent, Campaign, CampaignBasis, CriteriaSetRecord, Inspection,
                      TeamAnswer, Unit, User, utcnow)
from .accounts import create_or_update_user
from .errors import ServiceError
from .units.importer import SOURCE_SYNTHETIC

STATUSES = [Status.SELF_ASSESSMENT, Status.SUBMITTED, Status.RETURNED, Status.INSPECTING, Status.INSPECTED,
            Status.PROPOSED, Status.RECOGNISED, Status.REFUSED]
WEIGHTS = [15, 15, 5, 10, 15, 10, 25, 5]
NAMES = ["Hòa Bình", "Đông Sơn", "Quỳnh Lưu", "Nghĩa Đàn", "Thanh Chương", "Đô Lương", "Yên Thành", "Diễn Châu",
         "Hưng Nguyên", "Nam Đàn", "Anh Sơn", "Con Cuông", "Tương Dương", "Kỳ Sơn", "Quế Phong", "Tân Kỳ"]


SEEDS = range(0, 1000)        # unit codes are at most 16 characters: "T999-20000-20000"


class SyntheticRefused(ServiceError):
    """The campaign cannot be made as asked: another campaign or a real user holds what it would create."""


def province_code(units: int, seed: int) -> str:
    return f"T{seed:02d}-{units}"


def province_username(units: int) -> str:
    return f"tinh.thunghiem{units}"


def _seed_of(province: Unit) -> int | None:
    match = re.fullmatch(r"T(\d+)-\d+", province.code)
    return int(match.group(1)) if match else None


def existing_campaign(units: int, seed: int, *, with_user: bool = True) -> Campaign | None:
    """The campaign an earlier run with these parameters made, or None when there is none yet.

    Raises SyntheticRefused when creating it would collide: its province user already belongs to
    another campaign or is a real account (a user is never moved), or its province code is taken."""
    code = province_code(units, seed)
    province = db.session.execute(db.select(Unit).where(Unit.code == code, Unit.level == 1)).scalars().first()
    campaign = None if province is None else db.session.execute(
        db.select(Campaign).filter_by(province_id=province.id).order_by(Campaign.id)).scalars().first()
    if province is not None and (province.source != SOURCE_SYNTHETIC or campaign is None):
        raise SyntheticRefused(f"Mã tỉnh {code} đã được dùng cho «{province.name}»; chọn --seed khác.")
    username = province_username(units)
    user = db.session.execute(db.select(User).filter_by(username=username)).scalar_one_or_none() if with_user else None
    if user is not None and (province is None or user.unit_id != province.id):
        other = user.unit
        if other is None or other.source != SOURCE_SYNTHETIC:
            raise SyntheticRefused(f"Tài khoản {username} đã có và không thuộc đợt thử nghiệm nào; "
                                   "không đụng đến tài khoản đó: chọn số đơn vị khác.")
        seed_used = _seed_of(other)
        again = f"chạy lại với --seed {seed_used} (không tạo thêm gì) hoặc " if seed_used is not None else ""
        raise SyntheticRefused(f"Tài khoản {username} đã thuộc một đợt thử nghiệm khác (mã tỉnh {other.code}); "
                               f"không chuyển tài khoản đó sang đợt mới: {again}chọn số đơn vị khác.")
    return campaign


def _answer(item, rng: random.Random):
    good = rng.random() < 0.85
    if item.kind == "check":
        return good
    if item.kind == "count_at_least":
        return item.min + rng.randint(0, 3) if good else max(0, item.min - 1)
    d = rng.randint(20, 400)
    n = d if good else int(d * rng.uniform(0.5, 0.95))
    return Ratio(n, d)


def create_campaign(units: int, *, seed: int = 6, criteria_set: CriteriaSetRecord | None = None,
                    password: str | None = None) -> Campaign:
    """Create the campaign of these parameters, or return the one an earlier run created, unchanged
    (the province user included, whose password stays what it was)."""
    if seed not in SEEDS:
        raise SyntheticRefused(f"--seed phải là số nguyên từ {SEEDS.start} đến {SEEDS.stop - 1}.")
    existing = existing_campaign(units, seed, with_user=bool(password))
    if existing is not None:
        if password and db.session.execute(db.select(User.id).filter_by(
                username=province_username(units))).first() is None:
            _create_province_user(units, password, existing.province)
            db.session.flush()
        return existing
    rng = random.Random(seed)
    criteria_set = criteria_set or db.session.execute(db.select(CriteriaSetRecord).order_by(CriteriaSetRecord.id)).scalars().first()
    if criteria_set is None:
        raise SyntheticRefused("Chưa nạp bộ tiêu chí nào: chạy «flask --app wsgi criteria load TỆP» trước.")
    cs = criteria_set.parsed()
    code = province_code(units, seed)
    province = Unit(code=code, name=f"Tỉnh Thử Nghiệm {units}", name_folded=fold(f"Tỉnh Thử Nghiệm {units}"),
                    type="tinh", level=1, valid_from=date(2025, 7, 1), source=SOURCE_SYNTHETIC)
    db.session.add(province)
    db.session.flush()
    unit_rows = []
    for i in range(units):
        kind = "Phường" if i % 4 == 0 else "Xã"
        name = f"{kind} {NAMES[i % len(NAMES)]} {i + 1:04d}"
        unit_rows.append(dict(code=f"{code}-{i + 1:05d}", name=name, name_folded=fold(name),
                              type="phuong" if kind == "Phường" else "xa", level=3, parent_id=province.id,
                              province_id=province.id, valid_from=date(2025, 7, 1), source=SOURCE_SYNTHETIC,
                              latitude=18.0 + rng.uniform(0, 2.2), longitude=103.9 + rng.uniform(0, 2.0)))
    db.session.execute(insert(Unit), unit_rows)
    unit_ids = [r for r, in db.session.execute(db.select(Unit.id).filter_by(province_id=province.id).order_by(Unit.id))]
    campaign = Campaign(name=f"Đợt thử nghiệm {units} đơn vị", year=2025, province_id=province.id,
                        criteria_set_id=criteria_set.id, reference_date=date(2025, 7, 1), self_deadline=None,
                        inspection_deadline=None, decision_deadline=None, is_open=True)
    db.session.add(campaign)
    standing = f"Công an {province.name[:1].lower()}{province.name[1:]}"
    db.session.add(CampaignBasis(campaign=campaign, standing_body=standing,
                                 standing_parent="Bộ Công an", standing_abbr="CAT", standing_unit="PC06",
                                 authority="individual", decision_unit="NC"))
    db.session.flush()
    names = {uid: row["name"] for uid, row in zip(unit_ids, unit_rows)}
    statuses = rng.choices(STATUSES, WEIGHTS, k=units)
    start = datetime(2025, 8, 1)
    db.session.execute(insert(Assessment), [
        dict(campaign_id=campaign.id, unit_id=uid, status=st.value, unit_name=names[uid],
             unit_path=f"{names[uid]}, {province.name}", returned_criteria="[]",
             submitted_at=None if st == Status.SELF_ASSESSMENT else start + timedelta(days=rng.randint(0, 60)),
             created_at=start)
        for uid, st in zip(unit_ids, statuses)])
    assessments = db.session.execute(db.select(Assessment.id, Assessment.status, Assessment.submitted_at)
                                     .filter_by(campaign_id=campaign.id).order_by(Assessment.id)).all()
    items = list(cs.items())
    answers, inspections, events = [], [], []
    now = utcnow()
    for aid, status, submitted_at in assessments:
        for item in items:
            if status == Status.SELF_ASSESSMENT.value and rng.random() < 0.3:
                continue
            answers.append(dict(assessment_id=aid, item_code=item.code, revision=1, updated_at=now,
                                value=json.dumps(answer_to_json(_answer(item, rng)))))
        if submitted_at is not None:
            events.append(dict(assessment_id=aid, at=submitted_at, action="status", target="submit",
                               before=json.dumps("self_assessment"), after=json.dumps({"status": "submitted"})))
        if status in (Status.INSPECTING.value, Status.INSPECTED.value, Status.PROPOSED.value,
                      Status.RECOGNISED.value, Status.REFUSED.value):
            inspections.append(dict(assessment_id=aid, round=1, team_id=None,
                                    status="open" if status == Status.INSPECTING.value else "signed",
                                    started_at=submitted_at + timedelta(days=10)))
            if status != Status.INSPECTING.value:
                events.append(dict(assessment_id=aid, at=submitted_at + timedelta(days=12), action="status",
                                   target="finish_inspection", before=json.dumps("inspecting"),
                                   after=json.dumps({"status": "inspected"})))
            if status == Status.RECOGNISED.value:
                events.append(dict(assessment_id=aid, at=submitted_at + timedelta(days=30), action="status",
                                   target="approve", before=json.dumps("proposed"),
                                   after=json.dumps({"status": "recognised"})))
    for start_i in range(0, len(answers), 20000):
        db.session.execute(insert(Answer), answers[start_i:start_i + 20000])
    if events:
        db.session.execute(insert(AuditEvent), events)
    if inspections:
        from ..models import Team
        team = Team(name=f"Đoàn thử nghiệm {units}", province_id=province.id)
        db.session.add(team)
        db.session.flush()
        for row in inspections:
            row["team_id"] = team.id
        db.session.execute(insert(Inspection), inspections)
        ins = db.session.execute(db.select(Inspection.id, Inspection.status).join(Assessment)
                                 .where(Assessment.campaign_id == campaign.id)).all()
        team_rows = [dict(inspection_id=iid, item_code=item.code, revision=1, updated_at=now,
                          value=json.dumps(answer_to_json(_answer(item, rng))))
                     for iid, st in ins if st == "signed" for item in items]
        for start_i in range(0, len(team_rows), 20000):
            db.session.execute(insert(TeamAnswer), team_rows[start_i:start_i + 20000])
    if password:
        _create_province_user(units, password, province)
    db.session.flush()
    return campaign


def _create_province_user(units: int, password: str, province: Unit) -> None:
    create_or_update_user(province_username(units), password, Role.PROVINCE, full_name="Cán bộ tỉnh thử nghiệm",
                          unit=province)
