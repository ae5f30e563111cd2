"""Administration as a whole (campaigns, teams, users): another province never sees or changes them."""
from __future__ import annotations

from datetime import date

import pytest

from criteria_app.domain.roles import Role
from criteria_app.extensions import db
from criteria_app.models import AuditEvent, User
from criteria_app.services import campaigns as campaigns_svc
from criteria_app.services import teams as teams_svc
from criteria_app.services import users as users_svc
from criteria_app.services.administration import AdminError, unit_in_scope
from criteria_app.services.errors import NotFound
from tests.factories import _password_hash, team_named

REF_2023 = date(2023, 7, 24)


def _ha_tinh(world):
    return world.other_province_ward.parent


def _ha_tinh_admin(world) -> User:
    user = User(username="admin.hatinh", full_name="Quản trị Hà Tĩnh", password_hash=_password_hash(),
                role=Role.ADMIN.value, unit=_ha_tinh(world))
    db.session.add(user)
    db.session.commit()
    return user


def test_another_province_never_sees_or_changes_nghe_an(world):
    hatinh = _ha_tinh_admin(world)
    assert campaigns_svc.campaign_in_scope(hatinh, world.campaign.id) is None
    assert teams_svc.team_in_scope(hatinh, team_named("Đoàn kiểm tra số 1").id) is None
    assert users_svc.user_in_scope(hatinh, world.users["nghithu"].id) is None
    assert unit_in_scope(hatinh, world.nghi_thu.id) is None
    assert [c.name for c in campaigns_svc.campaigns(hatinh)] == ["Đợt đánh giá Hà Tĩnh 2023"]
    assert {u.username for u in users_svc.users(hatinh)} == {"admin.hatinh", "tinh.hatinh"}
    assert teams_svc.teams(hatinh) == []
    before = db.session.query(AuditEvent).count()
    calls = [
        lambda: campaigns_svc.update_campaign(world.campaign, hatinh, "x", 2023, world.campaign.criteria_set, REF_2023),
        lambda: campaigns_svc.add_units_to_campaign(world.campaign, [world.other_province_ward], hatinh),
        lambda: campaigns_svc.close_campaign(world.campaign, hatinh),
        lambda: teams_svc.set_team_members(team_named("Đoàn kiểm tra số 1"), None, [], hatinh),
        lambda: users_svc.reset_password(world.users["nghithu"], "mat-khau-moi", hatinh),
        lambda: users_svc.deactivate_user(world.users["nghithu"], hatinh),
        lambda: teams_svc.create_team("Đoàn Hà Tĩnh", world.province, hatinh),
    ]
    for call in calls:
        with pytest.raises(NotFound):
            call()
    with pytest.raises(AdminError) as exc:      # a Nghệ An ward for a Hà Tĩnh user
        users_svc.create_user("canbo.x", "Cán bộ", "", Role.WARD_OFFICER, world.nghi_thu, None, "mat-khau-moi", hatinh)
    assert exc.value.message == "Phường Nghi Thu không thuộc Tỉnh Hà Tĩnh."
    db.session.rollback()
    assert db.session.query(AuditEvent).count() == before
    assert world.users["nghithu"].active and world.campaign.is_open
