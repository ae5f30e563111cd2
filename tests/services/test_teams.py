"""Inspection teams: creation, lead and members, the units they inspect; validation and audit.
Every test takes `world` (through `app_ctx`), so it runs on SQLite and on PostgreSQL."""
from __future__ import annotations

import json

import pytest

from criteria_app.domain.roles import Role
from criteria_app.extensions import db
from criteria_app.models import Team, User
from criteria_app.services import campaigns as campaigns_svc
from criteria_app.services import teams as svc
from criteria_app.services import users as users_svc
from criteria_app.services.administration import AdminError
from criteria_app.services.errors import PermissionDenied
from tests.factories import audit_events, team_named


def test_create_team_and_set_its_lead_and_members(world):
    admin = world.users["admin"]
    team = svc.create_team("Đoàn kiểm tra số 3", world.province, admin)
    lead = users_svc.create_user("truongdoan3", "Trưởng đoàn ba", "", Role.TEAM_LEAD, None, team, "mat-khau-doan-3", admin)
    svc.set_team_members(team, lead, [world.users["kiemtra9"]], admin)
    db.session.expire_all()
    team = db.session.get(Team, team.id)
    assert svc.team_lead(team).username == "truongdoan3"
    assert [u.username for u in svc.team_members(team)] == ["kiemtra9"]
    event, = audit_events("team_members_set")
    assert json.loads(event.after) == {"lead": "truongdoan3", "members": ["kiemtra9"]}
    moved, = audit_events("team_member_moved")          # kiemtra9 came from team 2
    assert json.loads(moved.before)["team"] == "Đoàn kiểm tra số 2"
    assert json.loads(moved.after)["team"] == "Đoàn kiểm tra số 3"
    assert db.session.get(User, world.users["kiemtra9"].id).team_id == team.id


def test_team_names_are_unique_in_the_province(world):
    with pytest.raises(AdminError) as exc:
        svc.create_team("đoàn kiểm tra SỐ 1", world.province, world.users["admin"])
    assert exc.value.message == "Đã có đoàn kiểm tra tên «đoàn kiểm tra SỐ 1»."


def test_team_roles_are_checked(world):
    admin, team = world.users["admin"], team_named("Đoàn kiểm tra số 2")
    with pytest.raises(AdminError) as exc:
        svc.set_team_members(team, world.users["kiemtra1"], [], admin)
    assert exc.value.message == "Người dùng kiemtra1 không có vai trò Trưởng đoàn kiểm tra."
    with pytest.raises(AdminError) as exc:
        svc.set_team_members(team, None, [world.users["nghithu"]], admin)
    assert exc.value.message == "Người dùng nghithu không có vai trò Thành viên đoàn kiểm tra."


def test_a_member_left_out_of_a_team_stays_visible_to_the_province(world):
    admin, team = world.users["admin"], team_named("Đoàn kiểm tra số 1")
    svc.set_team_members(team, world.users["truongdoan"], [], admin)     # kiemtra1 leaves
    kiemtra1 = db.session.get(User, world.users["kiemtra1"].id)
    assert kiemtra1.team is None and kiemtra1.unit_id == world.province.id
    assert "kiemtra1" in [u.username for u in users_svc.users(admin, role=Role.INSPECTOR)]
    assert audit_events("team_member_removed")


def test_only_admins_change_teams(world):
    with pytest.raises(PermissionDenied):
        svc.create_team("Đoàn kiểm tra số 9", world.province, world.users["tinh"])
    with pytest.raises(PermissionDenied):
        svc.assign_units_to_team(team_named("Đoàn kiểm tra số 2"), [world.nghi_huong], world.users["tinh"])


def test_assign_units_to_team_is_audited_and_keeps_to_the_province(world):
    admin, team = world.users["admin"], team_named("Đoàn kiểm tra số 2")
    assert svc.assign_units_to_team(team, [world.nghi_huong], admin) == [world.nghi_huong]
    event, = audit_events("team_units_assigned")
    assert json.loads(event.after)["units"][0]["unit_id"] == world.nghi_huong.id
    with pytest.raises(AdminError) as exc:
        svc.assign_units_to_team(team, [world.other_province_ward], admin)
    assert exc.value.message == "Phường Bắc Hà không thuộc Tỉnh Nghệ An."
    svc.unassign_unit_from_team(team, world.nghi_huong, admin)
    assert team.units == [] and audit_events("team_unit_removed")
    # the inspector of team 2 now sees Nghi Hương's record only while it is assigned
    assert world.nghi_huong.id not in db.session.get(User, world.users["kiemtra9"].id).actor.team_unit_ids


def test_team_unit_search_offers_units_of_open_campaigns(world):
    team = team_named("Đoàn kiểm tra số 2")
    assert [u.name for u in svc.search_team_units(team, "NGHI THU")] == ["Phường Nghi Thu"]
    campaigns_svc.close_campaign(world.campaign, world.users["admin"])
    assert svc.search_team_units(team, "nghi thu") == []


