"""User accounts: creation, changes of role and placement, passwords, locking; validation and audit.
Every test takes `world` (through `app_ctx`), so it runs on SQLite and on PostgreSQL."""
from __future__ import annotations

import json

import pytest

from criteria_app.domain.roles import Role
from criteria_app.extensions import db
from criteria_app.services import accounts
from criteria_app.services import users as svc
from criteria_app.services.administration import AdminError
from criteria_app.services.errors import PermissionDenied
from tests.factories import PASSWORD, audit_events, team_named


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
    event, = audit_events("user_created")
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
    with pytest.raises(AdminError) as exc:
        _create(world, **overrides)
    assert exc.value.message == message and exc.value.field == field
    assert not audit_events("user_created")


def test_the_demo_password_and_a_short_sentence_meet_the_policy(world):
    assert accounts.password_problem("demo-06-kieumau", "nghithu") is None
    assert accounts.password_problem("mưa rơi trên phố Vinh", "nghithu") is None
    assert accounts.password_problem("password1234", "nghithu") == COMMON


def test_create_user_reports_every_refused_field_at_once(world):
    with pytest.raises(AdminError) as exc:
        _create(world, username="", full_name=" ", position="x" * 201, role="", password="")
    assert exc.value.errors == {"username": "Nhập tên đăng nhập.", "full_name": "Nhập họ và tên.",
                                "position": "Chức vụ tối đa 200 ký tự.", "role": "Chọn vai trò.",
                                "password": "Nhập mật khẩu."}
    assert not audit_events("user_created")


def test_create_users_of_every_placement(world):
    admin = world.users["admin"]
    province_user = _create(world, username="pho.chutich", role=Role.PROVINCE, unit=world.province)
    assert province_user.actor.province_id == world.province.id
    team = team_named("Đoàn kiểm tra số 2")
    inspector = _create(world, username="kiemtra.moi", role=Role.INSPECTOR, unit=None, team=team)
    assert inspector.team_id == team.id and inspector.actor.province_id == world.province.id
    with pytest.raises(AdminError) as exc:      # team 1 has its lead already
        _create(world, username="truongdoan.moi", role=Role.TEAM_LEAD, unit=None, team=team_named("Đoàn kiểm tra số 1"))
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
    event, = audit_events("user_updated")
    assert json.loads(event.after) == {"full_name": "Đặng Văn Hương", "position": "Chủ tịch UBND phường",
                                       "role": "ward_chairman"}
    with pytest.raises(AdminError) as exc:
        svc.update_user(admin, admin.full_name, "", Role.PROVINCE, world.province, None, admin)
    assert exc.value.message == "Không thể tự đổi vai trò của chính mình."


def test_reset_password_ends_sessions_and_the_new_password_works(world):
    user, admin = world.users["nghithu"], world.users["admin"]
    old_session = user.get_id()
    with pytest.raises(AdminError) as exc:
        svc.reset_password(user, "ngan", admin)
    assert exc.value.message == "Mật khẩu phải có ít nhất 12 ký tự."
    with pytest.raises(AdminError) as exc:
        svc.reset_password(user, "NghiThu@2025-moi", admin)
    assert exc.value.message == "Mật khẩu không được chứa tên đăng nhập."
    svc.reset_password(user, "mat-khau-moi-2025", admin)
    assert accounts.load_session_user(old_session) is None
    assert accounts.authenticate("nghithu", PASSWORD) is None
    assert accounts.authenticate("nghithu", "mat-khau-moi-2025").id == user.id
    event, = audit_events("password_reset")
    assert event.target == f"user:{user.id}" and event.before is None and event.after is None


def test_deactivate_and_reactivate(world):
    user, admin = world.users["nghithu"], world.users["admin"]
    with pytest.raises(AdminError) as exc:
        svc.deactivate_user(admin, admin)
    assert exc.value.message == "Không thể tự khóa tài khoản của chính mình."
    assert admin.active
    svc.deactivate_user(user, admin)
    assert accounts.authenticate("nghithu", PASSWORD) is None
    with pytest.raises(AdminError):
        svc.deactivate_user(user, admin)
    svc.reactivate_user(user, admin)
    assert accounts.authenticate("nghithu", PASSWORD).id == user.id
    assert [e.action for e in audit_events("user_deactivated") + audit_events("user_reactivated")] == \
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


