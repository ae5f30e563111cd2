"""Administration use cases: campaigns, inspection teams, users; validation, audit, province scope.
Every test takes `world` (through `app_ctx`), so it runs on SQLite and on PostgreSQL."""
from __future__ import annotations

import json
from datetime import date

import pytest

from criteria_app.domain.answers import Ratio
from criteria_app.domain.roles import Role
from criteria_app.extensions import db
from criteria_app.models import Assessment, AuditEvent, Campaign, Team, User
from criteria_app.services import accounts
from criteria_app.services import admin as svc
from criteria_app.services.assessments import save_answer
from criteria_app.services.criteria_sets import load_set
from criteria_app.services.errors import NotFound, PermissionDenied
from tests.factories import PASSWORD, _password_hash, reference_data, unit

REF_2023 = date(2023, 7, 24)


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.execute(db.select(AuditEvent).filter_by(action=action).order_by(AuditEvent.id)).scalars())


def _team(name: str) -> Team:
    return db.session.execute(db.select(Team).filter_by(name=name)).scalar_one()


def _ha_tinh(world):
    return world.other_province_ward.parent


def _ha_tinh_admin(world) -> User:
    user = User(username="admin.hatinh", full_name="Quản trị Hà Tĩnh", password_hash=_password_hash(),
                role=Role.ADMIN.value, unit=_ha_tinh(world))
    db.session.add(user)
    db.session.commit()
    return user


def _new_campaign(world, actor="admin", **overrides) -> Campaign:
    values = dict(name="Đợt đánh giá bổ sung 2023", year=2023, criteria_set_record=world.campaign.criteria_set,
                  reference_date=REF_2023, self_deadline=date(2023, 9, 30),
                  inspection_deadline=date(2023, 10, 31), decision_deadline=date(2023, 12, 15))
    values.update(overrides)
    return svc.create_campaign(world.users[actor], **values)


# --------------------------------------------------------------------------- campaigns

def test_create_campaign_is_scoped_to_the_province_and_audited(world):
    campaign = _new_campaign(world)
    assert campaign.province_id == world.province.id and campaign.is_open
    event, = _events("campaign_created")
    assert event.actor_id == world.users["admin"].id and event.assessment_id is None
    assert event.target == f"campaign:{campaign.id}"
    assert json.loads(event.after)["criteria_set"] == "de-an-06-kieu-mau v1"


def test_the_province_role_may_manage_campaigns_but_ward_and_team_roles_may_not(world):
    assert _new_campaign(world, actor="tinh").province_id == world.province.id
    for username in ("nghithu", "chutich.nghithu", "truongdoan", "kiemtra1"):
        with pytest.raises(PermissionDenied):
            _new_campaign(world, actor=username)


@pytest.mark.parametrize("overrides, field, message", [
    ({"name": "  "}, "name", "Nhập tên đợt đánh giá."),
    ({"year": 1999}, "year", "Năm đánh giá phải từ 2020 đến 2100."),
    ({"criteria_set_record": None}, "criteria_set_id", "Chọn bộ tiêu chí."),
    ({"reference_date": None}, "reference_date", "Nhập ngày tham chiếu"),
    ({"inspection_deadline": date(2023, 9, 1)}, "inspection_deadline",
     "Hạn kiểm tra thực tế không được trước hạn tự đánh giá (30/09/2023)."),
    ({"self_deadline": date(2023, 7, 1)}, "self_deadline", "Hạn tự đánh giá không được trước ngày tham chiếu"),
])
def test_create_campaign_refuses_bad_input_with_a_vietnamese_message(world, overrides, field, message):
    with pytest.raises(svc.AdminError) as exc:
        _new_campaign(world, **overrides)
    assert message in exc.value.message and exc.value.field == field
    assert not _events("campaign_created")


def test_update_campaign_records_what_changed(world):
    campaign = world.campaign
    assert svc.update_campaign(campaign, world.users["tinh"], campaign.name, 2023, campaign.criteria_set,
                               campaign.reference_date, self_deadline=date(2023, 10, 15)) is True
    event, = _events("campaign_updated")
    assert json.loads(event.before) == {"self_deadline": None}
    assert json.loads(event.after) == {"self_deadline": "2023-10-15"}
    # the same values again: nothing to record
    assert svc.update_campaign(campaign, world.users["tinh"], campaign.name, 2023, campaign.criteria_set,
                               campaign.reference_date, self_deadline=date(2023, 10, 15)) is False
    assert len(_events("campaign_updated")) == 1


def _version_2():
    data = reference_data()
    data["version"] = 2
    record, _ = load_set(data)
    return record


def test_the_criteria_set_changes_only_while_no_unit_has_answered(world):
    v2 = _version_2()
    campaign, admin = world.campaign, world.users["admin"]
    assert svc.update_campaign(campaign, admin, campaign.name, 2023, v2, campaign.reference_date)
    assert campaign.criteria_set.version == 2
    save_answer(world.nghi_thu_assessment, "TC01.3", Ratio(1, 2), world.users["nghithu"])
    v1 = db.session.execute(db.select(svc.CriteriaSetRecord).filter_by(version=1)).scalar_one()
    with pytest.raises(svc.AdminError) as exc:
        svc.update_campaign(campaign, admin, campaign.name, 2023, v1, campaign.reference_date)
    assert exc.value.message == ("Không thể đổi bộ tiêu chí: đã có xã/phường nhập kết quả tự đánh giá "
                                 "trong đợt này.")
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).criteria_set.version == 2


def test_the_reference_date_cannot_leave_participating_units_behind(world):
    campaign = world.campaign   # Nghi Thu, Nghi Hương: valid until 30/11/2024
    with pytest.raises(svc.AdminError) as exc:
        svc.update_campaign(campaign, world.users["admin"], campaign.name, 2025, campaign.criteria_set,
                            date(2025, 8, 1))
    assert "Phường Nghi Hương, Phường Nghi Thu không còn hiệu lực vào ngày 01/08/2025" in exc.value.message


def test_add_units_creates_assessments_with_a_snapshot_and_audits(world):
    campaign = _new_campaign(world)
    created = svc.add_units_to_campaign(campaign, [world.nghi_thu, world.nghi_huong], world.users["admin"])
    assert [a.unit_name for a in created] == ["Phường Nghi Hương", "Phường Nghi Thu"]
    assert created[1].unit_path == "Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An"
    assert all(a.status == "self_assessment" for a in created)
    events = _events("campaign_unit_added")
    assert [json.loads(e.after)["unit_id"] for e in events] == [world.nghi_huong.id, world.nghi_thu.id]
    assert all(e.assessment_id is None and e.target == f"campaign:{campaign.id}" for e in events)
    # again: nothing new, nothing recorded
    assert svc.add_units_to_campaign(campaign, [world.nghi_thu], world.users["admin"]) == []
    assert len(_events("campaign_unit_added")) == 2


def test_add_units_refuses_a_unit_of_another_province_and_adds_nothing(world):
    campaign = _new_campaign(world)
    with pytest.raises(svc.AdminError) as exc:
        svc.add_units_to_campaign(campaign, [world.nghi_thu, world.other_province_ward], world.users["admin"])
    assert exc.value.message == "Phường Bắc Hà không thuộc Tỉnh Nghệ An."
    assert db.session.query(Assessment).filter_by(campaign_id=campaign.id).count() == 0


def test_add_units_refuses_non_commune_units_and_units_not_valid_on_the_reference_date(world):
    campaign = _new_campaign(world)
    with pytest.raises(svc.AdminError) as exc:
        svc.add_units_to_campaign(campaign, [world.cua_lo], world.users["admin"])
    assert exc.value.message == "Thị xã Cửa Lò không phải đơn vị hành chính cấp xã."
    later = _new_campaign(world, name="Đợt 2025", year=2025, reference_date=date(2025, 8, 1),
                          self_deadline=None, inspection_deadline=None, decision_deadline=None)
    with pytest.raises(svc.AdminError) as exc:
        svc.add_units_to_campaign(later, [world.nghi_thu], world.users["admin"])
    assert "không có hiệu lực vào ngày tham chiếu của đợt đánh giá (01/08/2025)" in exc.value.message
    with pytest.raises(svc.AdminError) as exc:
        svc.add_units_to_campaign(later, [], world.users["admin"])
    assert exc.value.message == "Chọn ít nhất một xã/phường."


def test_remove_unit_only_while_its_assessment_is_untouched(world):
    admin = world.users["admin"]
    svc.remove_unit_from_campaign(world.campaign, world.nghi_huong, admin)
    assert db.session.get(Assessment, world.nghi_huong_assessment.id) is None
    event, = _events("campaign_unit_removed")
    assert json.loads(event.before)["unit"] == "Phường Nghi Hương, Thị xã Cửa Lò, Tỉnh Nghệ An"
    save_answer(world.nghi_thu_assessment, "TC01.1", True, world.users["nghithu"])
    with pytest.raises(svc.AdminError) as exc:
        svc.remove_unit_from_campaign(world.campaign, world.nghi_thu, admin)
    assert exc.value.message.startswith("Không thể bỏ Phường Nghi Thu khỏi đợt đánh giá: hồ sơ đã có dữ liệu")
    assert db.session.get(Assessment, world.nghi_thu_assessment.id) is not None


def test_a_closed_campaign_takes_no_changes_until_reopened(world):
    admin = world.users["admin"]
    campaign = _new_campaign(world)
    svc.close_campaign(campaign, admin)
    with pytest.raises(svc.AdminError) as exc:
        svc.add_units_to_campaign(campaign, [world.nghi_thu], admin)
    assert exc.value.message == "Đợt đánh giá đã đóng; mở lại đợt trước khi thay đổi."
    with pytest.raises(svc.AdminError):
        svc.close_campaign(campaign, admin)
    svc.reopen_campaign(campaign, admin)
    assert svc.add_units_to_campaign(campaign, [world.nghi_thu], admin)
    assert [e.action for e in _events("campaign_closed") + _events("campaign_reopened")] == \
        ["campaign_closed", "campaign_reopened"]


def test_campaign_unit_search_ignores_diacritics_and_keeps_to_the_province_and_the_day(world):
    campaign = world.campaign
    reform = unit("Phường Nghi Thu Mới", "phuong", 3, world.province, "99999")
    reform.valid_from = date(2025, 7, 1)
    db.session.commit()
    for query in ("nghi thu", "NGHI THU", "Nghi Thu", "nghi  thu"):
        assert [u.name for u in svc.search_campaign_units(campaign, query)] == ["Phường Nghi Thu"], query
    assert svc.search_campaign_units(campaign, "bac ha") == []          # Hà Tĩnh's
    assert svc.search_campaign_units(campaign, "cua lo") == []          # a district, not a ward


# --------------------------------------------------------------------------- teams

def test_create_team_and_set_its_lead_and_members(world):
    admin = world.users["admin"]
    team = svc.create_team("Đoàn kiểm tra số 3", world.province, admin)
    lead = svc.create_user("truongdoan3", "Trưởng đoàn ba", "", Role.TEAM_LEAD, None, team, "mat-khau-doan-3", admin)
    svc.set_team_members(team, lead, [world.users["kiemtra9"]], admin)
    db.session.expire_all()
    team = db.session.get(Team, team.id)
    assert svc.team_lead(team).username == "truongdoan3"
    assert [u.username for u in svc.team_members(team)] == ["kiemtra9"]
    event, = _events("team_members_set")
    assert json.loads(event.after) == {"lead": "truongdoan3", "members": ["kiemtra9"]}
    moved, = _events("team_member_moved")          # kiemtra9 came from team 2
    assert json.loads(moved.before)["team"] == "Đoàn kiểm tra số 2"
    assert json.loads(moved.after)["team"] == "Đoàn kiểm tra số 3"
    assert db.session.get(User, world.users["kiemtra9"].id).team_id == team.id


def test_team_names_are_unique_in_the_province(world):
    with pytest.raises(svc.AdminError) as exc:
        svc.create_team("đoàn kiểm tra SỐ 1", world.province, world.users["admin"])
    assert exc.value.message == "Đã có đoàn kiểm tra tên «đoàn kiểm tra SỐ 1»."


def test_team_roles_are_checked(world):
    admin, team = world.users["admin"], _team("Đoàn kiểm tra số 2")
    with pytest.raises(svc.AdminError) as exc:
        svc.set_team_members(team, world.users["kiemtra1"], [], admin)
    assert exc.value.message == "Người dùng kiemtra1 không có vai trò Trưởng đoàn kiểm tra."
    with pytest.raises(svc.AdminError) as exc:
        svc.set_team_members(team, None, [world.users["nghithu"]], admin)
    assert exc.value.message == "Người dùng nghithu không có vai trò Thành viên đoàn kiểm tra."


def test_a_member_left_out_of_a_team_stays_visible_to_the_province(world):
    admin, team = world.users["admin"], _team("Đoàn kiểm tra số 1")
    svc.set_team_members(team, world.users["truongdoan"], [], admin)     # kiemtra1 leaves
    kiemtra1 = db.session.get(User, world.users["kiemtra1"].id)
    assert kiemtra1.team is None and kiemtra1.unit_id == world.province.id
    assert "kiemtra1" in [u.username for u in svc.users(admin, role=Role.INSPECTOR)]
    assert _events("team_member_removed")


def test_only_admins_change_teams(world):
    with pytest.raises(PermissionDenied):
        svc.create_team("Đoàn kiểm tra số 9", world.province, world.users["tinh"])
    with pytest.raises(PermissionDenied):
        svc.assign_units_to_team(_team("Đoàn kiểm tra số 2"), [world.nghi_huong], world.users["tinh"])


def test_assign_units_to_team_is_audited_and_keeps_to_the_province(world):
    admin, team = world.users["admin"], _team("Đoàn kiểm tra số 2")
    assert svc.assign_units_to_team(team, [world.nghi_huong], admin) == [world.nghi_huong]
    event, = _events("team_units_assigned")
    assert json.loads(event.after)["units"][0]["unit_id"] == world.nghi_huong.id
    with pytest.raises(svc.AdminError) as exc:
        svc.assign_units_to_team(team, [world.other_province_ward], admin)
    assert exc.value.message == "Phường Bắc Hà không thuộc Tỉnh Nghệ An."
    svc.unassign_unit_from_team(team, world.nghi_huong, admin)
    assert team.units == [] and _events("team_unit_removed")
    # the inspector of team 2 now sees Nghi Hương's record only while it is assigned
    assert world.nghi_huong.id not in db.session.get(User, world.users["kiemtra9"].id).actor.team_unit_ids


def test_team_unit_search_offers_units_of_open_campaigns(world):
    team = _team("Đoàn kiểm tra số 2")
    assert [u.name for u in svc.search_team_units(team, "NGHI THU")] == ["Phường Nghi Thu"]
    svc.close_campaign(world.campaign, world.users["admin"])
    assert svc.search_team_units(team, "nghi thu") == []


# --------------------------------------------------------------------------- users

def _create(world, **overrides):
    values = dict(username="canbo.nghithu", full_name="Hồ Thị Thu", position="Công an phường",
                  role=Role.WARD_OFFICER, unit=world.nghi_thu, team=None, password="mat-khau-moi",
                  actor=world.users["admin"])
    values.update(overrides)
    return svc.create_user(**values)


def test_create_user_stores_a_hash_and_audits_without_the_password(world):
    user = _create(world)
    assert user.unit_id == world.nghi_thu.id and user.active
    assert accounts.authenticate("canbo.nghithu", "mat-khau-moi").id == user.id
    event, = _events("user_created")
    assert event.target == f"user:{user.id}" and event.assessment_id is None
    assert "mat-khau-moi" not in event.after and "password" not in event.after


COMMON = "Mật khẩu này quá phổ biến, dễ bị đoán. Chọn mật khẩu khác (ví dụ một câu ngắn dễ nhớ)."


@pytest.mark.parametrize("overrides, field, message", [
    ({"username": "nghithu"}, "username", "Tên đăng nhập «nghithu» đã được dùng."),
    ({"username": "Hồ Thu"}, "username", "Tên đăng nhập chỉ gồm chữ thường không dấu (a-z), chữ số và các dấu . _ -"),
    ({"username": "CanBo"}, "username", "Tên đăng nhập chỉ gồm chữ thường không dấu (a-z), chữ số và các dấu . _ -"),
    ({"full_name": " "}, "full_name", "Nhập họ và tên."),
    ({"unit": None}, "unit_id", "Cán bộ và Chủ tịch UBND xã/phường cần chọn một xã/phường."),
    ({"role": Role.WARD_CHAIRMAN, "unit": "cua_lo"}, "unit_id",
     "Cán bộ và Chủ tịch UBND xã/phường cần chọn một xã/phường."),
    ({"unit": "other_province_ward"}, "unit_id", "Phường Bắc Hà không thuộc Tỉnh Nghệ An."),
    ({"role": Role.PROVINCE, "unit": "nghi_thu"}, "unit_id",
     "Vai trò Lãnh đạo tỉnh (phê duyệt) phải gắn với Tỉnh Nghệ An."),
    ({"role": Role.INSPECTOR, "unit": None}, "team_id", "Vai trò Thành viên đoàn kiểm tra cần chọn đoàn kiểm tra."),
    ({"password": "1234567"}, "password", "Mật khẩu phải có ít nhất 12 ký tự."),
    ({"password": "12345678"}, "password", "Mật khẩu phải có ít nhất 12 ký tự."),
    ({"password": "Password1234"}, "password", COMMON),
    ({"password": "matkhau123456"}, "password", COMMON),
    ({"password": "aaaaaaaaaaaaaaaa"}, "password", COMMON),
    ({"password": "canbo.nghithu"}, "password", "Mật khẩu không được chứa tên đăng nhập."),
    ({"password": "CanBo.NghiThu-2025"}, "password", "Mật khẩu không được chứa tên đăng nhập."),
    ({"role": "sieu-quan-tri"}, "role", "Chọn vai trò."),
])
def test_create_user_refusals(world, overrides, field, message):
    if isinstance(overrides.get("unit"), str):
        overrides = {**overrides, "unit": getattr(world, overrides["unit"])}
    with pytest.raises(svc.AdminError) as exc:
        _create(world, **overrides)
    assert exc.value.message == message and exc.value.field == field
    assert not _events("user_created")


def test_the_demo_password_and_a_short_sentence_meet_the_policy(world):
    assert accounts.password_problem("demo-06-kieumau", "nghithu") is None
    assert accounts.password_problem("mưa rơi trên phố Vinh", "nghithu") is None
    assert accounts.password_problem("password1234", "nghithu") == COMMON


def test_create_users_of_every_placement(world):
    admin = world.users["admin"]
    province_user = _create(world, username="pho.chutich", role=Role.PROVINCE, unit=world.province)
    assert province_user.actor.province_id == world.province.id
    team = _team("Đoàn kiểm tra số 2")
    inspector = _create(world, username="kiemtra.moi", role=Role.INSPECTOR, unit=None, team=team)
    assert inspector.team_id == team.id and inspector.actor.province_id == world.province.id
    with pytest.raises(svc.AdminError) as exc:      # team 1 has its lead already
        _create(world, username="truongdoan.moi", role=Role.TEAM_LEAD, unit=None, team=_team("Đoàn kiểm tra số 1"))
    assert exc.value.message.startswith("Đoàn kiểm tra số 1 đã có trưởng đoàn")
    assert {"pho.chutich", "kiemtra.moi"} <= {u.username for u in svc.users(admin)}


def test_only_admins_manage_users(world):
    with pytest.raises(PermissionDenied):
        _create(world, actor=world.users["tinh"])
    with pytest.raises(PermissionDenied):
        svc.reset_password(world.users["nghithu"], "mat-khau-moi", world.users["tinh"])


def test_update_user_changes_role_and_placement_and_audits(world):
    admin, user = world.users["admin"], world.users["nghihuong"]
    assert svc.update_user(user, "Đặng Văn Hương", "Chủ tịch UBND phường", Role.WARD_CHAIRMAN,
                           world.nghi_huong, None, admin) is True
    assert user.role == "ward_chairman" and user.actor.role == Role.WARD_CHAIRMAN
    event, = _events("user_updated")
    assert json.loads(event.after) == {"full_name": "Đặng Văn Hương", "position": "Chủ tịch UBND phường",
                                       "role": "ward_chairman"}
    with pytest.raises(svc.AdminError) as exc:
        svc.update_user(admin, admin.full_name, "", Role.PROVINCE, world.province, None, admin)
    assert exc.value.message == "Không thể tự đổi vai trò của chính mình."


def test_reset_password_ends_sessions_and_the_new_password_works(world):
    user, admin = world.users["nghithu"], world.users["admin"]
    old_session = user.get_id()
    with pytest.raises(svc.AdminError) as exc:
        svc.reset_password(user, "ngan", admin)
    assert exc.value.message == "Mật khẩu phải có ít nhất 12 ký tự."
    with pytest.raises(svc.AdminError) as exc:
        svc.reset_password(user, "NghiThu@2025-moi", admin)
    assert exc.value.message == "Mật khẩu không được chứa tên đăng nhập."
    svc.reset_password(user, "mat-khau-moi-2025", admin)
    assert accounts.load_session_user(old_session) is None
    assert accounts.authenticate("nghithu", PASSWORD) is None
    assert accounts.authenticate("nghithu", "mat-khau-moi-2025").id == user.id
    event, = _events("password_reset")
    assert event.target == f"user:{user.id}" and event.before is None and event.after is None


def test_deactivate_and_reactivate(world):
    user, admin = world.users["nghithu"], world.users["admin"]
    with pytest.raises(svc.AdminError) as exc:
        svc.deactivate_user(admin, admin)
    assert exc.value.message == "Không thể tự khóa tài khoản của chính mình."
    assert admin.active
    svc.deactivate_user(user, admin)
    assert accounts.authenticate("nghithu", PASSWORD) is None
    with pytest.raises(svc.AdminError):
        svc.deactivate_user(user, admin)
    svc.reactivate_user(user, admin)
    assert accounts.authenticate("nghithu", PASSWORD).id == user.id
    assert [e.action for e in _events("user_deactivated") + _events("user_reactivated")] == \
        ["user_deactivated", "user_reactivated"]


def test_users_are_listed_by_role_and_by_name_without_diacritics(world):
    admin = world.users["admin"]
    names = {u.username for u in svc.users(admin)}
    assert "tinh.hatinh" not in names and {"admin", "truongdoan", "nghithu"} <= names
    assert [u.username for u in svc.users(admin, role=Role.WARD_CHAIRMAN)] == ["chutich.nghihuong", "chutich.nghithu"]
    world.users["nghithu"].full_name = "Hồ Thị Thu"
    db.session.commit()
    assert [u.username for u in svc.users(admin, query="HO THI THU")] == ["nghithu"]
    assert [u.username for u in svc.users(admin, query="hồ thị")] == ["nghithu"]


# --------------------------------------------------------------------------- province scope

def test_another_province_never_sees_or_changes_nghe_an(world):
    hatinh = _ha_tinh_admin(world)
    assert svc.campaign_in_scope(hatinh, world.campaign.id) is None
    assert svc.team_in_scope(hatinh, _team("Đoàn kiểm tra số 1").id) is None
    assert svc.user_in_scope(hatinh, world.users["nghithu"].id) is None
    assert svc.unit_in_scope(hatinh, world.nghi_thu.id) is None
    assert [c.name for c in svc.campaigns(hatinh)] == ["Đợt đánh giá Hà Tĩnh 2023"]
    assert {u.username for u in svc.users(hatinh)} == {"admin.hatinh", "tinh.hatinh"}
    assert svc.teams(hatinh) == []
    before = db.session.query(AuditEvent).count()
    calls = [
        lambda: svc.update_campaign(world.campaign, hatinh, "x", 2023, world.campaign.criteria_set, REF_2023),
        lambda: svc.add_units_to_campaign(world.campaign, [world.other_province_ward], hatinh),
        lambda: svc.close_campaign(world.campaign, hatinh),
        lambda: svc.set_team_members(_team("Đoàn kiểm tra số 1"), None, [], hatinh),
        lambda: svc.reset_password(world.users["nghithu"], "mat-khau-moi", hatinh),
        lambda: svc.deactivate_user(world.users["nghithu"], hatinh),
        lambda: svc.create_team("Đoàn Hà Tĩnh", world.province, hatinh),
    ]
    for call in calls:
        with pytest.raises(NotFound):
            call()
    with pytest.raises(svc.AdminError) as exc:      # a Nghệ An ward for a Hà Tĩnh user
        svc.create_user("canbo.x", "Cán bộ", "", Role.WARD_OFFICER, world.nghi_thu, None, "mat-khau-moi", hatinh)
    assert exc.value.message == "Phường Nghi Thu không thuộc Tỉnh Hà Tĩnh."
    db.session.rollback()
    assert db.session.query(AuditEvent).count() == before
    assert world.users["nghithu"].active and world.campaign.is_open
