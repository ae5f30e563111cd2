"""Demo data: idempotent, so `make run` can load it every time."""
from __future__ import annotations

import json
from datetime import date

from ..domain.roles import Role
from ..extensions import db
from ..models import Campaign, Team, Unit, User
from ..paths import resource_dir
from .accounts import create_or_update_user
from .assessments import open_assessment
from .criteria_sets import load_set

REFERENCE_SET = "de-an-06-kieu-mau-v1.json"
CAMPAIGN_DAY = date(2023, 7, 24)  # the day Nghi Thu was chosen as a pilot model unit
CUA_LO_WARDS = ("Phường Nghi Thu", "Phường Nghi Hương", "Phường Nghi Hòa", "Phường Nghi Hải",
                "Phường Nghi Tân", "Phường Thu Thủy", "Phường Nghi Thủy")


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


def load_demo(password: str) -> list[User]:
    data = json.loads((resource_dir("seeds") / "criteria" / REFERENCE_SET).read_text(encoding="utf-8"))
    criteria_set, _ = load_set(data)
    province = _ensure_units()
    wards = {name: _unit_on(name, CAMPAIGN_DAY, 3) for name in CUA_LO_WARDS}

    campaign = db.session.execute(
        db.select(Campaign).filter_by(year=2023, province_id=province.id)).scalar_one_or_none()
    if campaign is None:
        campaign = Campaign(name="Đánh giá, công nhận xã, phường kiểu mẫu thực hiện Đề án 06 năm 2023",
                            year=2023, province=province, criteria_set=criteria_set,
                            reference_date=CAMPAIGN_DAY, self_deadline=date(2023, 9, 30), is_open=True)
        db.session.add(campaign)
        db.session.flush()
    for unit in wards.values():
        open_assessment(campaign, unit)

    team = db.session.execute(db.select(Team).filter_by(name="Đoàn kiểm tra số 1")).scalar_one_or_none()
    if team is None:
        team = Team(name="Đoàn kiểm tra số 1", province_id=province.id)
        db.session.add(team)
    team.units = [wards["Phường Nghi Thu"], wards["Phường Nghi Hòa"]]

    nghi_thu, nghi_huong = wards["Phường Nghi Thu"], wards["Phường Nghi Hương"]
    specs = [
        ("admin", Role.ADMIN, "Quản trị hệ thống", "Quản trị", province, None),
        ("tinh", Role.PROVINCE, "Nguyễn Văn Tỉnh", "Phó Chủ tịch UBND tỉnh", province, None),
        # team members belong to the province (as the administration screens assign them)
        ("truongdoan", Role.TEAM_LEAD, "Trần Đức Đoàn", "Phó Giám đốc Công an tỉnh", province, team),
        ("kiemtra1", Role.INSPECTOR, "Lê Thị Kiểm", "Cán bộ Công an tỉnh", province, team),
        ("kiemtra2", Role.INSPECTOR, "Phạm Văn Tra", "Cán bộ Sở Nội vụ", province, team),
        ("nghithu", Role.WARD_OFFICER, "Hồ Thị Thu", "Công an phường Nghi Thu", nghi_thu, None),
        ("chutich.nghithu", Role.WARD_CHAIRMAN, "Nguyễn Đình Chủ", "Chủ tịch UBND phường Nghi Thu", nghi_thu, None),
        ("nghihuong", Role.WARD_OFFICER, "Đặng Văn Hương", "Công an phường Nghi Hương", nghi_huong, None),
    ]
    users = [create_or_update_user(u, password, role, full_name=name, position=pos, unit=unit, team=t)
             for u, role, name, pos, unit, t in specs]
    db.session.flush()
    return users
