"""Campaigns: creation, changes, the units taking part, closing; validation and audit.
Every test takes `world` (through `app_ctx`), so it runs on SQLite and on PostgreSQL."""
from __future__ import annotations

import json
from datetime import date

import pytest

from criteria_app.domain.answers import Ratio
from criteria_app.extensions import db
from criteria_app.models import Assessment, Campaign, CriteriaSetRecord
from criteria_app.services import campaigns as svc
from criteria_app.services.administration import AdminError
from criteria_app.services.assessments import save_answer
from criteria_app.services.criteria_sets import load_set
from criteria_app.services.errors import PermissionDenied
from tests.factories import audit_events, reference_data, unit

REF_2023 = date(2023, 7, 24)


def _new_campaign(world, actor="admin", **overrides) -> Campaign:
    values = dict(name="Đợt đánh giá bổ sung 2023", year=2023, criteria_set_record=world.campaign.criteria_set,
                  reference_date=REF_2023, self_deadline=date(2023, 9, 30),
                  inspection_deadline=date(2023, 10, 31), decision_deadline=date(2023, 12, 15))
    values.update(overrides)
    return svc.create_campaign(world.users[actor], **values)


def test_create_campaign_is_scoped_to_the_province_and_audited(world):
    campaign = _new_campaign(world)
    assert campaign.province_id == world.province.id and campaign.is_open
    event, = audit_events("campaign_created")
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
    with pytest.raises(AdminError) as exc:
        _new_campaign(world, **overrides)
    assert message in exc.value.message and exc.value.field == field
    assert not audit_events("campaign_created")


def test_create_campaign_reports_every_refused_field_at_once(world):
    with pytest.raises(AdminError) as exc:
        _new_campaign(world, name=" ", year=1999, criteria_set_record=None, reference_date=None)
    assert exc.value.errors == {"name": "Nhập tên đợt đánh giá.", "year": "Năm đánh giá phải từ 2020 đến 2100.",
                                "criteria_set_id": "Chọn bộ tiêu chí.", "reference_date": "Nhập ngày tham chiếu."}
    assert not audit_events("campaign_created")


def test_update_campaign_records_what_changed(world):
    campaign = world.campaign
    assert svc.update_campaign(campaign, world.users["tinh"], campaign.name, 2023, campaign.criteria_set,
                               campaign.reference_date, self_deadline=date(2023, 10, 15)) is True
    event, = audit_events("campaign_updated")
    assert json.loads(event.before) == {"self_deadline": None}
    assert json.loads(event.after) == {"self_deadline": "2023-10-15"}
    # the same values again: nothing to record
    assert svc.update_campaign(campaign, world.users["tinh"], campaign.name, 2023, campaign.criteria_set,
                               campaign.reference_date, self_deadline=date(2023, 10, 15)) is False
    assert len(audit_events("campaign_updated")) == 1


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
    v1 = db.session.execute(db.select(CriteriaSetRecord).filter_by(version=1)).scalar_one()
    with pytest.raises(AdminError) as exc:
        svc.update_campaign(campaign, admin, campaign.name, 2023, v1, campaign.reference_date)
    assert exc.value.message == ("Không thể đổi bộ tiêu chí: đã có xã/phường nhập kết quả tự đánh giá "
                                 "trong đợt này.")
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).criteria_set.version == 2


def test_the_reference_date_cannot_leave_participating_units_behind(world):
    campaign = world.campaign   # Nghi Thu, Nghi Hương: valid until 30/11/2024
    with pytest.raises(AdminError) as exc:
        svc.update_campaign(campaign, world.users["admin"], campaign.name, 2025, campaign.criteria_set,
                            date(2025, 8, 1))
    assert "Phường Nghi Hương, Phường Nghi Thu không còn hiệu lực vào ngày 01/08/2025" in exc.value.message


def test_add_units_creates_assessments_with_a_snapshot_and_audits(world):
    campaign = _new_campaign(world)
    created = svc.add_units_to_campaign(campaign, [world.nghi_thu, world.nghi_huong], world.users["admin"])
    assert [a.unit_name for a in created] == ["Phường Nghi Hương", "Phường Nghi Thu"]
    assert created[1].unit_path == "Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An"
    assert all(a.status == "self_assessment" for a in created)
    events = audit_events("campaign_unit_added")
    assert [json.loads(e.after)["unit_id"] for e in events] == [world.nghi_huong.id, world.nghi_thu.id]
    assert all(e.assessment_id is None and e.target == f"campaign:{campaign.id}" for e in events)
    # again: nothing new, nothing recorded
    assert svc.add_units_to_campaign(campaign, [world.nghi_thu], world.users["admin"]) == []
    assert len(audit_events("campaign_unit_added")) == 2


def test_add_units_refuses_a_unit_of_another_province_and_adds_nothing(world):
    campaign = _new_campaign(world)
    with pytest.raises(AdminError) as exc:
        svc.add_units_to_campaign(campaign, [world.nghi_thu, world.other_province_ward], world.users["admin"])
    assert exc.value.message == "Phường Bắc Hà không thuộc Tỉnh Nghệ An."
    assert db.session.query(Assessment).filter_by(campaign_id=campaign.id).count() == 0


def test_add_units_refuses_non_commune_units_and_units_not_valid_on_the_reference_date(world):
    campaign = _new_campaign(world)
    with pytest.raises(AdminError) as exc:
        svc.add_units_to_campaign(campaign, [world.cua_lo], world.users["admin"])
    assert exc.value.message == "Thị xã Cửa Lò không phải đơn vị hành chính cấp xã."
    later = _new_campaign(world, name="Đợt 2025", year=2025, reference_date=date(2025, 8, 1),
                          self_deadline=None, inspection_deadline=None, decision_deadline=None)
    with pytest.raises(AdminError) as exc:
        svc.add_units_to_campaign(later, [world.nghi_thu], world.users["admin"])
    assert "không có hiệu lực vào ngày tham chiếu của đợt đánh giá (01/08/2025)" in exc.value.message
    with pytest.raises(AdminError) as exc:
        svc.add_units_to_campaign(later, [], world.users["admin"])
    assert exc.value.message == "Chọn ít nhất một xã/phường."


def test_remove_unit_only_while_its_assessment_is_untouched(world):
    admin = world.users["admin"]
    svc.remove_unit_from_campaign(world.campaign, world.nghi_huong, admin)
    assert db.session.get(Assessment, world.nghi_huong_assessment.id) is None
    event, = audit_events("campaign_unit_removed")
    assert json.loads(event.before)["unit"] == "Phường Nghi Hương, Thị xã Cửa Lò, Tỉnh Nghệ An"
    save_answer(world.nghi_thu_assessment, "TC01.1", True, world.users["nghithu"])
    with pytest.raises(AdminError) as exc:
        svc.remove_unit_from_campaign(world.campaign, world.nghi_thu, admin)
    assert exc.value.message.startswith("Không thể bỏ Phường Nghi Thu khỏi đợt đánh giá: hồ sơ đã có dữ liệu")
    assert db.session.get(Assessment, world.nghi_thu_assessment.id) is not None


def test_a_closed_campaign_takes_no_changes_until_reopened(world):
    admin = world.users["admin"]
    campaign = _new_campaign(world)
    svc.close_campaign(campaign, admin)
    with pytest.raises(AdminError) as exc:
        svc.add_units_to_campaign(campaign, [world.nghi_thu], admin)
    assert exc.value.message == "Đợt đánh giá đã đóng; mở lại đợt trước khi thay đổi."
    with pytest.raises(AdminError):
        svc.close_campaign(campaign, admin)
    svc.reopen_campaign(campaign, admin)
    assert svc.add_units_to_campaign(campaign, [world.nghi_thu], admin)
    assert [e.action for e in audit_events("campaign_closed") + audit_events("campaign_reopened")] == \
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


