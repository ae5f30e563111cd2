"""Inspection, minutes, returns, resubmission diff, decision, revocation, reopening: the use cases."""
import io
from datetime import date

import pytest

from criteria_app.domain.answers import Ratio
from criteria_app.domain.workflow import Status, TransitionRefused
from criteria_app.extensions import db
from criteria_app.models import AuditEvent, Evidence
from criteria_app.services import assessments as self_svc
from criteria_app.services import inspections as svc
from criteria_app.services import review
from criteria_app.services.errors import PermissionDenied, ServiceError
from tests.factories import (PNG, approval_fields, minutes_fields, proposal_fields, scored, signed, submitted)


def test_only_the_assigned_teams_lead_starts_an_inspection(world):
    a = submitted(world)
    with pytest.raises(TransitionRefused):
        svc.start_inspection(a, world.users["kiemtra1"])            # an inspector, not the lead
    world.users["kiemtra9"].role = "team_lead"
    with pytest.raises(PermissionDenied):
        svc.start_inspection(a, world.users["kiemtra9"])            # a lead of another team
    inspection = svc.start_inspection(a, world.users["truongdoan"])
    assert a.status == Status.INSPECTING.value and inspection.round == 1


def test_members_score_independently_and_differences_need_a_reason(world):
    a = submitted(world)
    inspection = svc.start_inspection(a, world.users["truongdoan"])
    scored(world, inspection)
    board = svc.board(inspection)
    k1, lead = world.users["kiemtra1"], world.users["truongdoan"]
    assert board.member_reason_missing(k1, "TC02.2") is True
    assert board.member_reason_missing(lead, "TC02.2") is False
    assert board.members_disagree("TC02.2") and not board.members_disagree("TC02.1")
    # same result with other raw counts: no reason owed
    svc.save_member_answer(inspection, "TC09.1", Ratio(20, 20), k1)
    assert svc.board(inspection).member_reason_missing(k1, "TC09.1") is False
    svc.save_member_reason(inspection, "TC02.2", "Máy quét hỏng", k1)
    assert svc.board(inspection).member_reason_missing(k1, "TC02.2") is False


def test_the_lead_merges_and_cannot_finalise_while_reasons_are_missing(world):
    a = submitted(world)
    inspection = svc.start_inspection(a, world.users["truongdoan"])
    scored(world, inspection)
    lead = world.users["truongdoan"]
    assert svc.adopt_unanimous(inspection, lead) == 31            # all but the disputed item
    with pytest.raises(ServiceError, match="TC02.2"):
        svc.finalise(inspection, lead, place="x", ward_representatives="y", findings="", conclusion="z")
    svc.set_team_answer(inspection, "TC02.2", 0, None, lead)
    with pytest.raises(ServiceError, match="lý do"):
        svc.finalise(inspection, lead, place="x", ward_representatives="y", findings="", conclusion="z")
    svc.set_team_answer(inspection, "TC02.2", 0, "Máy quét hỏng", lead)
    with pytest.raises(PermissionDenied):
        svc.set_team_answer(inspection, "TC02.1", Ratio(1, 2), "x", world.users["kiemtra1"])
    svc.finalise(inspection, lead, place="x", ward_representatives="y", findings="", conclusion="z")
    assert str(svc.board(inspection).team_result.total) == "99.00"
    with pytest.raises(ServiceError):
        svc.save_member_answer(inspection, "TC01.1", False, world.users["kiemtra1"])


def test_minutes_need_both_passwords_then_lock(world):
    a, inspection = signed(world)
    assert inspection.status == "signed" and a.status == Status.INSPECTED.value
    events = [e.action for e in db.session.query(AuditEvent).filter_by(assessment_id=a.id)]
    assert events.count("minutes_confirmed") == 2


def test_a_wrong_password_does_not_confirm(world):
    a = submitted(world)
    inspection = svc.start_inspection(a, world.users["truongdoan"])
    scored(world, inspection, differing=("TC01.1", True))
    lead = world.users["truongdoan"]
    svc.adopt_unanimous(inspection, lead)
    svc.finalise(inspection, lead, place="x", ward_representatives="y", findings="", conclusion="z", **minutes_fields())
    with pytest.raises(ServiceError, match="Mật khẩu"):
        svc.confirm_minutes(inspection, lead, "wrong")
    with pytest.raises(PermissionDenied):
        svc.confirm_minutes(inspection, world.users["nghithu"], "pw")     # the officer is not the chairman
    svc.confirm_minutes(inspection, world.users["chutich.nghithu"], "pw")
    assert inspection.status == "finalised" and a.status == Status.INSPECTING.value


def test_photos_are_stored_with_time_and_author_and_are_not_ward_evidence(world):
    a = submitted(world)
    inspection = svc.start_inspection(a, world.users["truongdoan"])
    photo = svc.add_photo(inspection, "TC02.3", io.BytesIO(PNG), "IMG_0001.png", None, world.users["kiemtra1"])
    assert photo.stage == "inspection" and photo.taken_at is not None
    assert photo.uploaded_by_id == world.users["kiemtra1"].id
    assert svc.photos(inspection)["TC02.3"][0].id == photo.id
    assert "TC02.3" not in self_svc.evidence_by_item(a)


def test_return_resubmit_and_the_diff(world):
    a, _ = signed(world)
    province = world.users["tinh"]
    with pytest.raises(ServiceError):
        review.return_criteria(a, [], "x", province)
    with pytest.raises(TransitionRefused):
        review.return_criteria(a, ["TC02"], "Bổ sung ảnh", world.users["truongdoan"])
    review.return_criteria(a, ["TC02"], "Bổ sung ảnh máy quét", province)
    assert a.status == Status.RETURNED.value and a.returned_codes == {"TC02"}
    officer = world.users["nghithu"]
    with pytest.raises(PermissionDenied):
        self_svc.save_answer(a, "TC01.1", False, officer)
    self_svc.save_answer(a, "TC02.2", 3, officer)
    from criteria_app.services.evidence import add_evidence
    add_evidence(a, "TC02.2", io.BytesIO(PNG), "may-quet.png", officer)
    self_svc.submit_assessment(a, world.users["chutich.nghithu"], report_number="31", report_date=date(2023, 10, 2))
    subs, changes = review.latest_changes(a)
    assert [s.number for s in subs] == [1, 2]
    assert [c.item_code for c in changes] == ["TC02.2"]
    change = changes[0]
    assert change.before["value"] == 2 and change.after["value"] == 3 and change.answer_changed
    assert [f["name"] for f in change.evidence_added] == ["may-quet.png"] and change.evidence_removed == []


def test_propose_needs_signed_minutes_then_approve_revoke_reopen(world):
    a = submitted(world)
    province = world.users["tinh"]
    with pytest.raises(TransitionRefused, match="biên bản"):
        review.propose(a, province)
    assert a.status == Status.SUBMITTED.value
    inspection = svc.start_inspection(a, world.users["truongdoan"])
    scored(world, inspection, differing=("TC01.1", True))
    lead = world.users["truongdoan"]
    svc.adopt_unanimous(inspection, lead)
    svc.finalise(inspection, lead, place="x", ward_representatives="y", findings="", conclusion="z", **minutes_fields())
    svc.confirm_minutes(inspection, lead, "pw")
    svc.confirm_minutes(inspection, world.users["chutich.nghithu"], "pw")
    review.propose(a, province, **proposal_fields(world))
    with pytest.raises(ServiceError):
        review.approve(a, province, **{**approval_fields(world), "number": ""})
    decision = review.approve(a, province, **approval_fields(world, "1234/QĐ-UBND"))
    assert a.status == Status.RECOGNISED.value and decision.number == "1234/QĐ-UBND"
    assert [e.assessment_id for e in decision.entries] == [a.id]
    with pytest.raises(ServiceError):
        review.revoke(a, province, " ", number="77", decided_on=date(2024, 3, 1), signer=province)
    revocation = review.revoke(a, province, "Không duy trì mô hình", number="77", decided_on=date(2024, 3, 1),
                               signer=province)
    assert a.status == Status.REVOKED.value and review.current_decision(a) is revocation
    assert revocation.kind == "revoke" and revocation.number == "77/QĐ-UBND" and revocation.revokes is decision
    assert revocation.reason == "Không duy trì mô hình"
    review.reopen(a, province, "Xem xét lại sau khắc phục")
    assert a.status == Status.INSPECTED.value


def test_refusal_needs_a_reason_and_is_a_numbered_letter(world):
    a, _ = signed(world)
    province = world.users["tinh"]
    with pytest.raises(ServiceError):
        review.refuse(a, province, reason="", decided_on=date(2023, 12, 1), number="4120", signer=province)
    letter = review.refuse(a, province, reason="Chưa đạt TC02", decided_on=date(2023, 12, 1), number="4120",
                           signer=province)
    assert a.status == Status.REFUSED.value
    assert letter.kind == "refuse" and letter.number == "4120/UBND-NC" and letter.reason == "Chưa đạt TC02"


def test_a_resent_upload_is_stored_once(world):
    """The tablet lost the response and sent the same file again: one file, one audit event."""
    from criteria_app.services.evidence import add_evidence
    a = world.nghi_thu_assessment
    first = add_evidence(a, "TC01.1", io.BytesIO(PNG), "qd.png", world.users["nghithu"])
    again = add_evidence(a, "TC01.1", io.BytesIO(PNG), "qd.png", world.users["nghithu"])
    assert again.id == first.id
    assert db.session.query(Evidence).count() == 1
    assert db.session.query(AuditEvent).filter_by(action="evidence_added").count() == 1
    submitted_a = submitted(world)
    inspection = svc.start_inspection(submitted_a, world.users["truongdoan"])
    p1 = svc.add_photo(inspection, "TC02.3", io.BytesIO(PNG), "a.png", None, world.users["kiemtra1"])
    p2 = svc.add_photo(inspection, "TC02.3", io.BytesIO(PNG), "a.png", None, world.users["kiemtra1"])
    assert p1.id == p2.id and db.session.query(AuditEvent).filter_by(action="photo_added").count() == 1
