"""A small world for service and web tests: Nghệ An, thị xã Cửa Lò with two wards, a 2023 campaign, users;
and the steps tests share to bring Nghi Thu's record along (answered, submitted, scored, signed).

Built directly with the models (no package import), so each test gets it in milliseconds.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from criteria_app.domain.answers import answer_from_json
from criteria_app.domain.roles import Role
from criteria_app.domain.text import fold
from criteria_app.extensions import db
from criteria_app.models import Assessment, AuditEvent, Campaign, CampaignBasis, LegalText, Team, Unit, User, utcnow
from criteria_app.services import assessments as self_svc
from criteria_app.services import inspections, review
from criteria_app.services.accounts import hash_password
from criteria_app.services.assessments import open_assessment
from criteria_app.services.criteria_sets import load_set
from criteria_app.services.uow import transaction

from .conftest import REFERENCE_SET

PASSWORD = "pw"
# A 1x1 PNG: the smallest file the evidence checks accept as an image.
# a real 2×2 PNG: uploaded images are decoded and re-encoded, so a broken one would be refused
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x02\x00\x00\x00\x02\x08\x02\x00\x00\x00\xfd\xd4\x9as"
       b"\x00\x00\x00\x16IDATx\x9cc<!'\xc7\xc0\xc0\xc0\xc4\xc0\xc0\xc0\xc0\xc0\x00\x00\r\x04\x01\x08}q\xcaf"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


@lru_cache(maxsize=1)
def _password_hash() -> str:
    return hash_password(PASSWORD)


def reference_data() -> dict:
    return json.loads(REFERENCE_SET.read_text(encoding="utf-8"))


def unit(name: str, type_: str, level: int, parent: Unit | None, code: str, valid_to: date | None = None) -> Unit:
    u = Unit(code=code, name=name, name_folded=fold(name), type=type_, level=level, parent=parent,
             province_id=None if parent is None else (parent.province_id or parent.id),
             valid_from=date(2000, 1, 1), valid_to=valid_to, source="test")
    db.session.add(u)
    db.session.flush()
    return u


@dataclass
class World:
    province: Unit
    cua_lo: Unit
    nghi_thu: Unit
    nghi_huong: Unit
    other_province_ward: Unit
    campaign: Campaign
    nghi_thu_assessment: Assessment
    nghi_huong_assessment: Assessment
    other_assessment: Assessment
    users: dict[str, User]


def build_world() -> World:
    record, _ = load_set(reference_data())
    province = unit("Tỉnh Nghệ An", "tinh", 1, None, "40")
    cua_lo = unit("Thị xã Cửa Lò", "thi_xa", 2, province, "412", date(2024, 11, 30))
    nghi_thu = unit("Phường Nghi Thu", "phuong", 3, cua_lo, "16735", date(2024, 11, 30))
    nghi_huong = unit("Phường Nghi Hương", "phuong", 3, cua_lo, "16738", date(2024, 11, 30))
    ha_tinh = unit("Tỉnh Hà Tĩnh", "tinh", 1, None, "42")
    other = unit("Phường Bắc Hà", "phuong", 3, ha_tinh, "18073")
    campaign = Campaign(name="Đợt đánh giá năm 2023", year=2023, province=province, criteria_set=record,
                        reference_date=date(2023, 7, 24), self_deadline=None, is_open=True)
    other_campaign = Campaign(name="Đợt đánh giá Hà Tĩnh 2023", year=2023, province=ha_tinh, criteria_set=record,
                              reference_date=date(2023, 7, 24), self_deadline=None, is_open=True)
    db.session.add_all([campaign, other_campaign])
    team = Team(name="Đoàn kiểm tra số 1", province_id=province.id, units=[nghi_thu],
                decision_number="1912/QĐ-UBND", decision_date=date(2023, 7, 10), decision_issuer="Chủ tịch UBND tỉnh",
                parent_body="UBND tỉnh Nghệ An")
    other_team = Team(name="Đoàn kiểm tra số 2", province_id=province.id, units=[])
    db.session.add_all([team, other_team])
    db.session.commit()
    specs = {
        "admin": (Role.ADMIN, province, None), "tinh": (Role.PROVINCE, province, None),
        "truongdoan": (Role.TEAM_LEAD, None, team), "kiemtra1": (Role.INSPECTOR, None, team),
        "kiemtra9": (Role.INSPECTOR, None, other_team),
        "nghithu": (Role.WARD_OFFICER, nghi_thu, None), "chutich.nghithu": (Role.WARD_CHAIRMAN, nghi_thu, None),
        "nghihuong": (Role.WARD_OFFICER, nghi_huong, None), "chutich.nghihuong": (Role.WARD_CHAIRMAN, nghi_huong, None),
        "tinh.hatinh": (Role.PROVINCE, ha_tinh, None),
    }
    users = {}
    for username, (role, u, t) in specs.items():
        users[username] = User(username=username, full_name=f"Người dùng {username}", password_hash=_password_hash(),
                               role=role.value, unit=u, team=t)
    db.session.add_all(users.values())
    # what the documents need: Ông/Bà, the signing ranks, the secretary, the campaign's references
    users["tinh"].signing_rank, users["tinh"].gender = "pho_chu_tich", "nam"
    users["truongdoan"].gender = "nam"
    users["kiemtra1"].gender, users["kiemtra1"].team_role = "nu", "thu_ky"
    users["chutich.nghithu"].signing_rank, users["chutich.nghithu"].gender = "chu_tich", "nam"
    add_references(campaign)
    db.session.commit()
    world = World(province, cua_lo, nghi_thu, nghi_huong, other, campaign,
                  open_assessment(campaign, nghi_thu), open_assessment(campaign, nghi_huong),
                  open_assessment(other_campaign, other), users)
    db.session.commit()
    return world


def full_answers(criteria_set) -> dict:
    """Answers that pass every item (JSON form)."""
    out = {}
    for item in criteria_set.items():
        if item.kind == "check":
            out[item.code] = True
        elif item.kind == "count_at_least":
            out[item.code] = item.min + 1
        else:
            out[item.code] = {"numerator": 10, "denominator": 10}
    return out


def audit_events(action: str) -> list[AuditEvent]:
    return list(db.session.execute(db.select(AuditEvent).filter_by(action=action).order_by(AuditEvent.id)).scalars())


def team_named(name: str) -> Team:
    return db.session.execute(db.select(Team).filter_by(name=name)).scalar_one()


# ---- Nghi Thu's record, step by step (each step joins the caller's transaction, if any) ---------------

def answered(world):
    """Nghi Thu fully answered by its officer, with an explanation wherever evidence is required."""
    with transaction():
        a, officer = world.nghi_thu_assessment, world.users["nghithu"]
        cs = a.criteria_set()
        for code, raw in full_answers(cs).items():
            self_svc.save_answer(a, code, answer_from_json(cs.item(code), raw), officer)
        for item in cs.items():
            if item.evidence == "required":
                self_svc.save_explanation(a, item.code, "Hồ sơ lưu tại UBND phường", officer)
    return a


def one_line(result, exit_code: int = 1) -> str:
    """The single line a refused command printed on stderr (nothing on stdout, no exception escaped)."""
    assert result.exit_code == exit_code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def minutes_fields() -> dict:
    """What the lead writes before the minutes can be confirmed: their number and when they ended."""
    return {"number": "12", "ended_at": utcnow() + timedelta(hours=2)}


def proposal_fields(world) -> dict:
    """A tờ trình of the standing body: number, date, its deputy director signing."""
    return {"number": "245", "issued_on": date(2023, 11, 20), "signer": director(world)}


def approval_fields(world, number: str = "1234") -> dict:
    return {"number": number, "decided_on": date(2023, 12, 1), "signer": world.users["tinh"],
            "valid_from": date(2023, 12, 1), "valid_to": date(2024, 12, 31)}


def submitted(world):
    """Nghi Thu fully answered and submitted by its chairman, with the report's number and date."""
    with transaction():
        a = answered(world)
        self_svc.submit_assessment(a, world.users["chutich.nghithu"], report_number="15",
                                   report_date=date(2023, 8, 1))
    return a


def scored(world, inspection, differing=("TC02.2", 0)):
    """Both team members answer like the ward, except one item where kiemtra1 disagrees."""
    cs = inspection.assessment.criteria_set()
    answers = full_answers(cs)
    for username in ("truongdoan", "kiemtra1"):
        user = world.users[username]
        for code, raw in answers.items():
            value = answer_from_json(cs.item(code), raw)
            if username == "kiemtra1" and code == differing[0]:
                value = differing[1]
            inspections.save_member_answer(inspection, code, value, user)


def signed(world):
    """Nghi Thu submitted, inspected by team 1 (TC02.2 refused with a reason) and its minutes signed."""
    with transaction():
        a = submitted(world)
        inspection = inspections.start_inspection(a, world.users["truongdoan"])
        scored(world, inspection)
        inspections.save_member_reason(inspection, "TC02.2", "Máy quét hỏng, chưa sửa", world.users["kiemtra1"])
        lead = world.users["truongdoan"]
        inspections.adopt_unanimous(inspection, lead)
        inspections.set_team_answer(inspection, "TC02.2", 0, "Máy quét hỏng tại thời điểm kiểm tra", lead)
        inspections.finalise(inspection, lead, place="Bộ phận Một cửa UBND phường Nghi Thu",
                     ward_representatives="Ông Nguyễn Đình Chủ – Chủ tịch UBND phường",
                     findings="Cơ sở vật chất tốt", conclusion="Đạt yêu cầu", **minutes_fields())
        inspections.confirm_minutes(inspection, lead, "pw")
        inspections.confirm_minutes(inspection, world.users["chutich.nghithu"], "pw")
    return a, inspection


def signed_meeting_the_rule(world):
    """Nghi Thu's minutes signed with the team agreeing with the ward everywhere: it meets the rule."""
    a = submitted(world)
    lead = world.users["truongdoan"]
    inspection = inspections.start_inspection(a, lead)
    scored(world, inspection, differing=("TC01.1", True))
    inspections.adopt_unanimous(inspection, lead)
    inspections.finalise(inspection, lead, place="Bộ phận Một cửa UBND phường Nghi Thu",
                 ward_representatives="Ông Nguyễn Đình Chủ – Chủ tịch UBND phường", findings="", conclusion="",
                 **minutes_fields())
    inspections.confirm_minutes(inspection, lead, "pw")
    inspections.confirm_minutes(inspection, world.users["chutich.nghithu"], "pw")
    return a, inspection


def nghi_huong_proposed(world):
    """Nghi Hương inspected by the same team, meeting the rule and proposed in the same tờ trình."""
    from criteria_app.domain.answers import answer_from_json
    assessment, chairman, officer = world.nghi_huong_assessment, world.users["chutich.nghihuong"], \
        world.users["nghihuong"]
    world.users["truongdoan"].team.units.append(world.nghi_huong)
    db.session.flush()
    for user in ("truongdoan", "kiemtra1"):
        world.users[user].__dict__.pop("actor", None)   # the team's units changed
    cs = assessment.criteria_set()
    for code, raw in full_answers(cs).items():
        self_svc.save_answer(assessment, code, answer_from_json(cs.item(code), raw), officer)
    for item in cs.items():
        if item.evidence == "required":
            self_svc.save_explanation(assessment, item.code, "Hồ sơ lưu tại UBND phường", officer)
    self_svc.submit_assessment(assessment, chairman, report_number="9", report_date=date(2023, 8, 1))
    lead = world.users["truongdoan"]
    inspection = inspections.start_inspection(assessment, lead)
    scored(world, inspection, differing=("TC01.1", True))
    inspections.adopt_unanimous(inspection, lead)
    inspections.finalise(inspection, lead, place="UBND phường", ward_representatives="Ông A – Chủ tịch", **minutes_fields())
    inspections.confirm_minutes(inspection, lead, "pw")
    inspections.confirm_minutes(inspection, chairman, "pw")
    review.propose(assessment, world.users["tinh"], **proposal_fields(world))
    return assessment


def add_references(campaign: Campaign) -> None:
    """The references a 2023 campaign of Nghệ An cites (the laws, Đề án 06, the plan, the criteria decision)."""
    db.session.add(CampaignBasis(
        campaign=campaign, plan_number="78/KH-UBND", plan_date=date(2022, 1, 28), plan_issuer="UBND tỉnh",
        plan_summary="về triển khai thực hiện Đề án 06 trên địa bàn tỉnh", criteria_number="1876/QĐ-UBND",
        criteria_date=date(2023, 6, 30), criteria_issuer="Chủ tịch UBND tỉnh",
        criteria_summary="ban hành Bộ tiêu chí xã, phường kiểu mẫu thực hiện Đề án 06",
        standing_body="Công an tỉnh Nghệ An", standing_parent="Bộ Công an", standing_abbr="CAT", standing_unit="PC06",
        authority="individual", decision_unit="NC"))
    db.session.add_all([
        LegalText(campaign=campaign, position=1, title="Luật Tổ chức chính quyền địa phương",
                  issued_on=date(2015, 6, 19)),
        LegalText(campaign=campaign, position=2, title="Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính "
                  "phủ và Luật Tổ chức chính quyền địa phương", issued_on=date(2019, 11, 22)),
        LegalText(campaign=campaign, position=3, title="Quyết định", number="06/QĐ-TTg", issued_on=date(2022, 1, 6),
                  issuer="Thủ tướng Chính phủ", summary="phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư, định "
                  "danh và xác thực điện tử phục vụ chuyển đổi số quốc gia giai đoạn 2022 - 2025, tầm nhìn đến năm "
                  "2030"),
    ])


def director(world) -> User:
    """The standing body's deputy director, who signs its tờ trình (made when a test needs one)."""
    user = db.session.execute(db.select(User).filter_by(username="pgd.congan")).scalar_one_or_none()
    if user is None:
        user = User(username="pgd.congan", full_name="Hồ Văn Thành", position="Phó Giám đốc Công an tỉnh",
                    password_hash=_password_hash(), role=Role.PROVINCE.value, unit=world.province,
                    signing_rank="pho_giam_doc", gender="nam")
        db.session.add(user)
        db.session.flush()
        world.users["pgd.congan"] = user
    return user
