"""Demo data that tells the whole story, built through the use cases: idempotent, so `make run` can load
it every time (a ward whose story was told already is left as it is).

2023, the seven wards of thị xã Cửa Lò: Nghi Thu still self-assessing (a new user walks the flow there);
Nghi Hương submitted; Nghi Hòa returned with a reason; Nghi Hải inspected, its signed minutes below the
rule; Nghi Tân and Thu Thủy proposed in the standing body's tờ trình; Thu Thủy recognised by a numbered
decision; Nghi Thủy refused by a letter. 2025, after the reorganisation: phường Cửa Lò and phường Vinh
Hưng recognised by one decision of the People's Committee (a collective authority), Vinh Hưng's
recognition later revoked by a decision of its own; phường Trường Vinh still self-assessing.
"""
from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

from ..domain.answers import Answer
from ..domain.documents import Authority, Gender, Rank, TeamRole
from ..domain.roles import Role
from ..domain.workflow import Status
from ..extensions import db
from ..models import Assessment, Campaign, LegalText, Team, Unit, User
from ..paths import resource_dir
from . import demo_data as data
from . import inspections, legal, proposals, review
from .accounts import create_or_update_user, hash_password
from .assessments import open_assessment, save_answer, save_explanation, submit_assessment
from .criteria_sets import load_set

REFERENCE_SET = "de-an-06-kieu-mau-v1.json"
CAMPAIGN_DAY = date(2023, 7, 24)  # the day Nghi Thu was chosen as a pilot model unit
CAMPAIGN_2025_DAY = date(2025, 7, 1)
CUA_LO_WARDS = ("Phường Nghi Thu", "Phường Nghi Hương", "Phường Nghi Hòa", "Phường Nghi Hải",
                "Phường Nghi Tân", "Phường Thu Thủy", "Phường Nghi Thủy")
UNITS_2025 = ("Phường Cửa Lò", "Phường Vinh Hưng", "Phường Trường Vinh")

LAWS_2023 = (
    ("Luật Tổ chức chính quyền địa phương", None, date(2015, 6, 19), None, None),
    ("Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương",
     None, date(2019, 11, 22), None, None),
)
LAWS_2025 = (("Luật Tổ chức chính quyền địa phương", None, date(2025, 6, 16), None, None),)
DE_AN_06 = ("Quyết định", "06/QĐ-TTg", date(2022, 1, 6), "Thủ tướng Chính phủ",
            "phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi "
            "số quốc gia giai đoạn 2022 - 2025, tầm nhìn đến năm 2030")


def _unit_on(name: str, day: date, level: int) -> Unit:
    candidates = db.session.execute(db.select(Unit).filter_by(name=name, level=level)).scalars()
    for unit in candidates:
        if unit.valid_on(day):
            return unit
    raise LookupError(f"{name} không có trong danh mục đơn vị hành chính ngày {day:%d/%m/%Y}")


def _ensure_units() -> Unit:
    from .units.importer import add_historic_cua_lo, import_units
    province = db.session.execute(db.select(Unit).filter_by(name="Tỉnh Nghệ An", level=1)).scalar_one_or_none()
    if province is None or not db.session.execute(
            db.select(Unit.id).filter_by(province_id=province.id, valid_to=None).limit(1)).first():
        import_units("Nghệ An")
    add_historic_cua_lo()
    return db.session.execute(db.select(Unit).filter_by(name="Tỉnh Nghệ An", level=1)).scalar_one()


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment of a Vietnamese working day, stored as the models store them (naive UTC)."""
    return datetime.combine(day, time(hour, minute)) - timedelta(hours=7)


class Story:
    """Who does what in the demo: the users, and one method per step through the use cases."""

    def __init__(self, password: str):
        self.password = password
        self.hash = hash_password(password)
        self.users: dict[str, User] = {}

    def user(self, username: str, role: Role, full_name: str, position: str, unit: Unit | None, team=None,
             *, gender: Gender | None = None, rank: Rank | None = None, team_role: TeamRole | None = None) -> User:
        u = create_or_update_user(username, self.password, role, full_name=full_name, position=position, unit=unit,
                                  team=team, password_hash=self.hash)
        u.gender = gender.value if gender else None
        u.signing_rank = rank.value if rank else None
        u.team_role = team_role.value if team_role else None
        self.users[username] = u
        return u

    # ---- the ward ------------------------------------------------------------------------------------

    def answer(self, a: Assessment, answers: dict[str, Answer], officer: User) -> None:
        for code, value in answers.items():
            save_answer(a, code, value, officer)
        for item in a.criteria_set().items():
            if item.evidence == "required" and item.code in answers:
                save_explanation(a, item.code, data.EXPLANATIONS.get(
                    item.code, "Hồ sơ, hình ảnh lưu tại Bộ phận Một cửa UBND phường."), officer)

    def submit(self, a: Assessment, chairman: User, number: str, day: date) -> None:
        submit_assessment(a, chairman, report_number=number, report_date=day)

    # ---- the team --------------------------------------------------------------------------------------

    def inspect(self, a: Assessment, team: Team, ward_answers: dict, differences: dict, *, number: str, day: date,
                chairman: User, representatives: str, findings: str = "", recommendations: str = "") -> None:
        members = [m for m in team.members if m.role_enum.is_team]
        lead = next(m for m in members if m.role == Role.TEAM_LEAD.value)
        inspection = inspections.start_inspection(a, lead)
        for member in members:
            for code, value in ward_answers.items():
                found = differences.get(code)
                inspections.save_member_answer(inspection, code, found[0] if found else value, member)
                if found:
                    inspections.save_member_reason(inspection, code, found[1], member)
        inspections.adopt_unanimous(inspection, lead)
        inspections.finalise(inspection, lead, number=number, started_at=_at(day, 8, 30), ended_at=_at(day, 11, 15),
                             place=f"Bộ phận Một cửa, UBND {a.unit_name[:1].lower() + a.unit_name[1:]}",
                             ward_representatives=representatives, findings=findings,
                             recommendations=recommendations, conclusion="", copies=3)
        inspections.confirm_minutes(inspection, lead, self.password)
        inspections.confirm_minutes(inspection, chairman, self.password)
        # the demo tells a story of 2023: the confirmations are dated when the minutes were read and signed
        inspection.lead_confirmed_at = _at(day, 11, 20)
        inspection.chairman_confirmed_at = _at(day, 11, 25)


def _campaign(province: Unit, criteria_set, *, name: str, year: int, day: date) -> Campaign:
    query = db.select(Campaign).filter_by(year=year, province_id=province.id)
    campaign = db.session.execute(query).scalar_one_or_none()
    if campaign is None:
        campaign = Campaign(name=name, year=year, province=province, criteria_set=criteria_set, reference_date=day,
                            self_deadline=date(year, 9, 30), is_open=True)
        db.session.add(campaign)
        db.session.flush()
    return campaign


def _references(campaign: Campaign, admin: User, laws, *, authority: Authority, plan: tuple, criteria: tuple) -> None:
    if campaign.basis is None:
        legal.save_basis(campaign, admin, plan_number=plan[0], plan_date=plan[1], plan_issuer="UBND tỉnh",
                         plan_summary=plan[2], criteria_number=criteria[0], criteria_date=criteria[1],
                         criteria_issuer="Chủ tịch UBND tỉnh", criteria_summary=criteria[2],
                         standing_body="Công an tỉnh Nghệ An", standing_parent="Bộ Công an", standing_abbr="CAT",
                         standing_unit="PC06", authority=authority.value, decision_unit="NC")
    if not db.session.execute(db.select(LegalText.id).filter_by(campaign_id=campaign.id).limit(1)).first():
        for title, number, day, issuer, summary in (*laws, DE_AN_06):
            legal.add_legal_text(campaign, admin, title=title, number=number, issued_on=day, issuer=issuer,
                                 summary=summary)


def _team(name: str, province: Unit, units: list[Unit], decision: tuple) -> Team:
    team = db.session.execute(db.select(Team).filter_by(name=name)).scalar_one_or_none()
    if team is None:
        team = Team(name=name, province_id=province.id)
        db.session.add(team)
    team.units = units
    team.decision_number, team.decision_date, team.decision_issuer = decision
    team.parent_body = "UBND tỉnh Nghệ An"
    return team


def _untold(a: Assessment) -> bool:
    """A ward whose story has not been told yet: untouched self-assessment."""
    from ..models import Answer as AnswerRow
    return a.status == Status.SELF_ASSESSMENT.value and not db.session.execute(
        db.select(AnswerRow.id).filter_by(assessment_id=a.id).limit(1)).first()


def load_demo(password: str) -> list[User]:
    raw = json.loads((resource_dir("seeds") / "criteria" / REFERENCE_SET).read_text(encoding="utf-8"))
    criteria_set, _ = load_set(raw)
    province = _ensure_units()
    wards = {name: _unit_on(name, CAMPAIGN_DAY, 3) for name in CUA_LO_WARDS}
    units_2025 = {name: _unit_on(name, CAMPAIGN_2025_DAY, 3) for name in UNITS_2025}

    campaign = _campaign(province, criteria_set, year=2023, day=CAMPAIGN_DAY,
                         name="Đánh giá, công nhận xã, phường kiểu mẫu thực hiện Đề án 06 năm 2023")
    c2025 = _campaign(province, criteria_set, year=2025, day=CAMPAIGN_2025_DAY,
                      name="Đánh giá, công nhận xã, phường kiểu mẫu thực hiện Đề án 06 năm 2025")
    assessments = {name: open_assessment(campaign, unit) for name, unit in wards.items()}
    assessments.update({name: open_assessment(c2025, unit) for name, unit in units_2025.items()})

    team = _team("Đoàn kiểm tra số 1", province, list(wards.values()),
                 ("1912/QĐ-UBND", date(2023, 7, 10), "Chủ tịch UBND tỉnh"))
    team2025 = _team("Đoàn kiểm tra năm 2025", province, list(units_2025.values()),
                     ("2310/QĐ-UBND", date(2025, 9, 5), "Chủ tịch UBND tỉnh"))

    s = Story(password)
    M, F = Gender.MALE, Gender.FEMALE
    s.user("admin", Role.ADMIN, "Quản trị hệ thống", "Quản trị", province)
    s.user("tinh", Role.PROVINCE, "Nguyễn Văn Tỉnh", "Phó Chủ tịch UBND tỉnh", province, gender=M,
           rank=Rank.PHO_CHU_TICH)
    s.user("chutich.tinh", Role.PROVINCE, "Võ Minh Quang", "Chủ tịch UBND tỉnh", province, gender=M, rank=Rank.CHU_TICH)
    s.user("pgd.congan", Role.PROVINCE, "Hồ Văn Thành", "Phó Giám đốc Công an tỉnh", province, gender=M,
           rank=Rank.PHO_GIAM_DOC)
    s.user("truongdoan", Role.TEAM_LEAD, "Trần Đức Đoàn", "Phó Giám đốc Công an tỉnh", province, team, gender=M)
    s.user("kiemtra1", Role.INSPECTOR, "Lê Thị Kiểm", "Cán bộ Công an tỉnh", province, team, gender=F,
           team_role=TeamRole.THU_KY)
    s.user("kiemtra2", Role.INSPECTOR, "Phạm Văn Tra", "Cán bộ Sở Nội vụ", province, team, gender=M,
           team_role=TeamRole.THANH_VIEN)
    s.user("truongdoan2025", Role.TEAM_LEAD, "Nguyễn Hữu Bình", "Phó Giám đốc Công an tỉnh", province, team2025,
           gender=M)
    s.user("thuky2025", Role.INSPECTOR, "Trần Thị Mai", "Cán bộ Văn phòng UBND tỉnh", province, team2025, gender=F,
           team_role=TeamRole.THU_KY)
    s.user("kiemtra2025", Role.INSPECTOR, "Đinh Văn Lực", "Cán bộ Sở Khoa học và Công nghệ", province, team2025,
           gender=M, team_role=TeamRole.PHO_TRUONG_DOAN)
    people = {
        "Phường Nghi Thu": ("nghithu", "Hồ Thị Thu", F, "chutich.nghithu", "Nguyễn Đình Chủ", M),
        "Phường Nghi Hương": ("nghihuong", "Đặng Văn Hương", M, "chutich.nghihuong", "Phan Thị Hồng", F),
        "Phường Nghi Hòa": ("nghihoa", "Võ Thị Hòa", F, "chutich.nghihoa", "Lê Văn Hải", M),
        "Phường Nghi Hải": ("nghihai", "Trần Văn Biển", M, "chutich.nghihai", "Nguyễn Văn Sơn", M),
        "Phường Nghi Tân": ("nghitan", "Hoàng Thị Tân", F, "chutich.nghitan", "Phạm Văn Tiến", M),
        "Phường Thu Thủy": ("thuthuy", "Lê Văn Thủy", M, "chutich.thuthuy", "Đặng Thị Thu", F),
        "Phường Nghi Thủy": ("nghithuy", "Bùi Văn Nam", M, "chutich.nghithuy", "Cao Xuân Thủy", M),
        "Phường Cửa Lò": ("cualo", "Nguyễn Thị Lan", F, "chutich.cualo", "Trần Quang Vinh", M),
        "Phường Vinh Hưng": ("vinhhung", "Phạm Đức Hưng", M, "chutich.vinhhung", "Lê Thị Hạnh", F),
        "Phường Trường Vinh": ("truongvinh", "Võ Văn Trường", M, "chutich.truongvinh", "Hồ Thị Vân", F),
    }
    unit_of = {**wards, **units_2025}
    for name, (officer, officer_name, og, chair, chair_name, cg) in people.items():
        short = name.split(" ", 1)[1]
        s.user(officer, Role.WARD_OFFICER, officer_name, f"Công an phường {short}", unit_of[name], gender=og)
        s.user(chair, Role.WARD_CHAIRMAN, chair_name, f"Chủ tịch UBND phường {short}", unit_of[name], gender=cg,
               rank=Rank.CHU_TICH)
    db.session.flush()

    admin = s.users["admin"]
    _references(campaign, admin, LAWS_2023, authority=Authority.INDIVIDUAL,
                plan=("78/KH-UBND", date(2022, 1, 28),
                      "về triển khai thực hiện Đề án 06 của Chính phủ trên địa bàn tỉnh Nghệ An"),
                criteria=("1876/QĐ-UBND", date(2023, 6, 30),
                          "ban hành Bộ tiêu chí xã, phường điển hình, kiểu mẫu thực hiện Đề án 06 trên địa bàn tỉnh"))
    _references(c2025, admin, LAWS_2025, authority=Authority.COLLECTIVE,
                plan=("145/KH-UBND", date(2025, 7, 15),
                      "về xây dựng xã, phường điển hình, kiểu mẫu thực hiện Đề án 06 năm 2025 sau sắp xếp đơn vị "
                      "hành chính"),
                criteria=("2105/QĐ-UBND", date(2025, 7, 25),
                          "ban hành Bộ tiêu chí xã, phường điển hình, kiểu mẫu thực hiện Đề án 06 năm 2025"))
    db.session.flush()
    _story_2023(s, assessments, team)
    _story_2025(s, assessments, team2025)
    db.session.flush()
    return list(s.users.values())


def _reps(chairman: User, officer: User) -> str:
    return (f"{'Bà' if chairman.gender == Gender.FEMALE else 'Ông'} {chairman.full_name} – {chairman.position}\n"
            f"{'Bà' if officer.gender == Gender.FEMALE else 'Ông'} {officer.full_name} – {officer.position}")


def _inspected(s: Story, a: Assessment, team: Team, officer: str, chair: str, answers: dict, team_found: dict,
               *, report: tuple, minutes: tuple, findings: str = "", recommendations: str = "") -> None:
    s.answer(a, answers, s.users[officer])
    s.submit(a, s.users[chair], *report)
    s.inspect(a, team, answers, team_found, number=minutes[0], day=minutes[1], chairman=s.users[chair],
              representatives=_reps(s.users[chair], s.users[officer]), findings=findings,
              recommendations=recommendations)


def _story_2023(s: Story, a: dict, team: Team) -> None:
    province_user, pgd = s.users["tinh"], s.users["pgd.congan"]
    if _untold(a["Phường Nghi Thu"]):      # still self-assessing: the first three criteria answered
        s.answer(a["Phường Nghi Thu"], {k: v for k, v in data.NGHI_THU.items() if k < "TC04"}, s.users["nghithu"])
    if _untold(a["Phường Nghi Hương"]):
        s.answer(a["Phường Nghi Hương"], data.NGHI_HUONG, s.users["nghihuong"])
        s.submit(a["Phường Nghi Hương"], s.users["chutich.nghihuong"], "18", date(2023, 8, 3))
    if _untold(a["Phường Nghi Hòa"]):
        s.answer(a["Phường Nghi Hòa"], data.NGHI_HOA, s.users["nghihoa"])
        s.submit(a["Phường Nghi Hòa"], s.users["chutich.nghihoa"], "16", date(2023, 8, 1))
        review.return_criteria(a["Phường Nghi Hòa"], ["TC05"], "Tỷ lệ hồ sơ được số hóa thành phần (73,4%) chưa "
                               "khớp với Cổng Dịch vụ công; đề nghị bổ sung danh sách hồ sơ đã số hóa tháng 7/2023.",
                               province_user)
    told = [name for name in ("Phường Nghi Hải", "Phường Nghi Tân", "Phường Thu Thủy", "Phường Nghi Thủy")
            if _untold(a[name])]
    if "Phường Nghi Hải" in told:
        _inspected(s, a["Phường Nghi Hải"], team, "nghihai", "chutich.nghihai", data.NGHI_HAI, data.NGHI_HAI_TEAM,
                   report=("20", date(2023, 8, 5)), minutes=("21", date(2023, 9, 12)),
                   findings="Bộ phận Một cửa bố trí đủ máy tính, máy quét; một máy điều hòa hỏng chưa được thay.\n"
                            "Tỷ lệ thu nhận hồ sơ cấp thẻ Căn cước và kích hoạt định danh điện tử chưa đạt yêu cầu.",
                   recommendations="Thay máy điều hòa khu vực tiếp nhận trước ngày 30/9/2023.\n"
                                   "Rà soát, thu nhận hồ sơ cấp thẻ Căn cước cho 267 công dân còn lại.\n"
                                   "Tổ chức kích hoạt tài khoản định danh điện tử mức độ 2 theo từng khối phố.")
    if "Phường Nghi Tân" in told:
        _inspected(s, a["Phường Nghi Tân"], team, "nghitan", "chutich.nghitan", data.NGHI_TAN, data.NGHI_TAN_TEAM,
                   report=("22", date(2023, 8, 7)), minutes=("23", date(2023, 9, 14)),
                   findings="Cơ sở vật chất Bộ phận Một cửa đầy đủ; các mô hình điểm duy trì đều đặn.",
                   recommendations="Tiếp tục nâng tỷ lệ thanh toán phí, lệ phí trực tuyến.")
    if "Phường Thu Thủy" in told:
        _inspected(s, a["Phường Thu Thủy"], team, "thuthuy", "chutich.thuthuy", data.THU_THUY, data.THU_THUY_TEAM,
                   report=("25", date(2023, 8, 8)), minutes=("24", date(2023, 9, 15)),
                   findings="Bộ phận Một cửa bố trí đủ trang thiết bị; 07 mô hình điểm hoạt động hiệu quả.",
                   recommendations="Nhân rộng mô hình khám chữa bệnh bằng thẻ Căn cước tại các cơ sở y tế tư nhân.")
    if "Phường Nghi Thủy" in told:
        _inspected(s, a["Phường Nghi Thủy"], team, "nghithuy", "chutich.nghithuy", data.NGHI_THUY,
                   data.NGHI_THUY_TEAM, report=("17", date(2023, 8, 2)), minutes=("26", date(2023, 9, 19)),
                   findings="Thanh toán trực tuyến phí, lệ phí còn thấp; số đợt tuyên truyền chưa đạt kế hoạch.\n"
                            "Mô hình khám chữa bệnh bằng thẻ Căn cước không duy trì.",
                   recommendations="Khôi phục mô hình khám chữa bệnh bằng thẻ Căn cước.\n"
                                   "Tăng cường tuyên truyền, hướng dẫn thanh toán trực tuyến.")
    if told:
        proposals.issue(a["Phường Nghi Tân"].campaign, pgd, number="245", issued_on=date(2023, 11, 20), signer=pgd)
    if "Phường Thu Thủy" in told:
        review.approve(a["Phường Thu Thủy"], province_user, number="3125", decided_on=date(2023, 12, 15),
                       signer=province_user, valid_from=date(2023, 12, 15), valid_to=date(2024, 12, 14))
    if "Phường Nghi Thủy" in told:
        review.refuse(a["Phường Nghi Thủy"], province_user, number="4120", decided_on=date(2023, 12, 18),
                      signer=province_user,
                      reason="Kết quả kiểm tra thực tế đạt 87,31 điểm, dưới mức 90 điểm; mô hình khám chữa bệnh bằng "
                             "thẻ Căn cước không được duy trì, tỷ lệ thanh toán trực tuyến còn thấp")


def _story_2025(s: Story, a: dict, team: Team) -> None:
    province_user, pgd = s.users["tinh"], s.users["pgd.congan"]
    told = [name for name in ("Phường Cửa Lò", "Phường Vinh Hưng") if _untold(a[name])]
    if "Phường Cửa Lò" in told:
        _inspected(s, a["Phường Cửa Lò"], team, "cualo", "chutich.cualo", data.CUA_LO, data.CUA_LO_TEAM,
                   report=("31", date(2025, 9, 10)), minutes=("08", date(2025, 9, 24)),
                   findings="Trung tâm phục vụ hành chính công phường bố trí đủ trang thiết bị; 16 mô hình hỗ trợ "
                            "dịch vụ công trực tuyến duy trì.",
                   recommendations="Nâng tỷ lệ thanh toán trực tuyến phí, lệ phí.")
    if "Phường Vinh Hưng" in told:
        _inspected(s, a["Phường Vinh Hưng"], team, "vinhhung", "chutich.vinhhung", data.VINH_HUNG,
                   data.VINH_HUNG_TEAM, report=("27", date(2025, 9, 11)), minutes=("09", date(2025, 9, 26)),
                   findings="Cơ sở vật chất, trang thiết bị đáp ứng yêu cầu.")
    if told:
        proposals.issue(a["Phường Cửa Lò"].campaign, pgd, number="512", issued_on=date(2025, 10, 20), signer=pgd)
        for name in told:
            review.approve(a[name], province_user, number="2876", decided_on=date(2025, 11, 5), signer=province_user,
                           valid_from=date(2025, 11, 5), valid_to=date(2026, 11, 4))
    if "Phường Vinh Hưng" in told:
        review.revoke(a["Phường Vinh Hưng"], province_user,
                      "Sau khi hợp nhất Bộ phận Một cửa vào Trung tâm phục vụ hành chính công, phường không duy trì "
                      "các mô hình điểm; tỷ lệ kích hoạt định danh điện tử giảm dưới 90%",
                      number="655", decided_on=date(2026, 3, 10), signer=province_user)
