"""Every state change stays correct when the same request arrives several times at once.

Real threads, each with its own client and database session, released together by a barrier, on
SQLite and on PostgreSQL (where READ COMMITTED let two requests both pass a status check before the
transitions locked the record's row).
"""
from __future__ import annotations

import threading

import pytest

from criteria_app.domain.inspection_lifecycle import InspectionState
from criteria_app.domain.workflow import Status
from criteria_app.extensions import db
from criteria_app.models import AuditEvent, Decision, DecisionEntry, Evidence, Inspection, Submission
from criteria_app.services import review
from criteria_app.services.uow import transaction
from tests.factories import (PNG, answered, minutes_fields, nghi_huong_proposed, proposal_fields, scored, signed,
                             signed_meeting_the_rule, submitted)

HX = {"HX-Request": "true"}


def _clients(app, username: str, n: int) -> list:
    clients = []
    for _ in range(n):
        client = app.test_client()
        response = client.post("/login", data={"username": username, "password": "pw"})
        assert response.status_code == 302
        clients.append(client)
    return clients


def fire(requests) -> list:
    """Run each (client, callable) at the same moment; return the responses in order."""
    barrier = threading.Barrier(len(requests))
    responses: list = [None] * len(requests)
    errors: list = []

    def run(i, client, call):
        try:
            barrier.wait(timeout=20)
            responses[i] = call(client)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))

    threads = [threading.Thread(target=run, args=(i, c, call)) for i, (c, call) in enumerate(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    assert all(r is not None for r in responses)
    assert [r.status_code for r in responses if r.status_code >= 500] == []
    return responses


def _flashes(client) -> list[tuple[str, str]]:
    with client.session_transaction() as session:
        return list(session.get("_flashes", []))


def _status_events(assessment_id: int, action: str) -> int:
    db.session.rollback()
    return db.session.execute(db.select(db.func.count(AuditEvent.id)).filter_by(
        assessment_id=assessment_id, action="status", target=action)).scalar_one()


def test_six_submissions_at_once_record_one(app, world):
    a = answered(world)
    clients = _clients(app, "chutich.nghithu", 6)
    report = {"report_number": "15", "report_date": "2023-07-24"}
    responses = fire([(c, lambda c: c.post(f"/danh-gia/{a.id}/gui", data=report)) for c in clients])
    accepted = [r for r in responses if r.status_code == 302]
    refused = [r for r in responses if r.status_code == 422]
    assert len(accepted) == 1 and len(refused) == 5
    for r in refused:
        assert "Không thể «Gửi hồ sơ đề nghị» khi hồ sơ đang ở trạng thái «Đã gửi»." in r.get_data(as_text=True)
    assert _status_events(a.id, "submit") == 1
    assert db.session.execute(db.select(db.func.count(Submission.id)).filter_by(assessment_id=a.id)).scalar_one() == 1


def _approval_form(world, number="125/QĐ-UBND") -> dict:
    return {"app-number": number, "app-decided_on": "2023-12-20", "app-signer": str(world.users["tinh"].id),
            "app-valid_from": "2023-12-20"}


def test_six_approvals_at_once_make_one_decision(app, world):
    with transaction():
        a, _ = signed_meeting_the_rule(world)
        review.propose(a, world.users["tinh"], "Đủ điều kiện", **proposal_fields(world))
    clients = _clients(app, "tinh", 6)
    form = _approval_form(world)
    responses = fire([(c, lambda c: c.post(f"/tinh/ho-so/{a.id}/cong-nhan", data=form)) for c in clients])
    accepted = [r for r in responses if r.status_code == 302]
    refused = [r for r in responses if r.status_code == 422]
    assert len(accepted) == 1 and len(refused) == 5
    for r in refused:
        assert "Không thể «Công nhận» khi hồ sơ đang ở trạng thái «Đã công nhận»." in r.get_data(as_text=True)
    assert _status_events(a.id, "approve") == 1
    assert db.session.execute(db.select(db.func.count(DecisionEntry.id)).filter_by(assessment_id=a.id)).scalar_one() == 1
    assert db.session.execute(db.select(db.func.count(Decision.id))).scalar_one() == 1


def test_two_units_approved_at_once_under_a_new_number_share_one_decision(app, world):
    """Two requests create the same decision number at the same moment: one decision, both units in it."""
    with transaction():
        a, _ = signed_meeting_the_rule(world)
        review.propose(a, world.users["tinh"], **proposal_fields(world))
        b = nghi_huong_proposed(world)
    one, two = _clients(app, "tinh", 2)
    form = _approval_form(world, "900")
    responses = fire([(one, lambda c: c.post(f"/tinh/ho-so/{a.id}/cong-nhan", data=form)),
                      (two, lambda c: c.post(f"/tinh/ho-so/{b.id}/cong-nhan", data=form))])
    assert [r.status_code for r in responses] == [302, 302]
    db.session.rollback()
    decisions = db.session.execute(db.select(Decision)).scalars().all()
    assert [d.number for d in decisions] == ["900/QĐ-UBND"]
    assert sorted(e.assessment_id for e in decisions[0].entries) == sorted([a.id, b.id])


def _finalised(world):
    with transaction():
        from criteria_app.services import inspections as svc
        a = submitted(world)
        inspection = svc.start_inspection(a, world.users["truongdoan"])
        scored(world, inspection)
        lead = world.users["truongdoan"]
        svc.save_member_reason(inspection, "TC02.2", "Máy quét hỏng", world.users["kiemtra1"])
        svc.adopt_unanimous(inspection, lead)
        svc.set_team_answer(inspection, "TC02.2", 0, "Máy quét hỏng tại thời điểm kiểm tra", lead)
        svc.finalise(inspection, lead, place="Bộ phận Một cửa", ward_representatives="Nguyễn Đình Chủ – Chủ tịch",
                     findings="", conclusion="Đạt", **minutes_fields())
    return a, inspection


def test_lead_and_chairman_confirming_at_once_sign_the_minutes(app, world):
    a, inspection = _finalised(world)
    lead, chairman = _clients(app, "truongdoan", 1)[0], _clients(app, "chutich.nghithu", 1)[0]
    url = f"/kiem-tra/{a.id}/bien-ban/xac-nhan"
    fire([(lead, lambda c: c.post(url, data={"password": "pw"})),
          (chairman, lambda c: c.post(url, data={"password": "pw"}))])
    for client in (lead, chairman):
        assert [m for cat, m in _flashes(client) if cat == "success" and m.startswith("Đã xác nhận biên bản")]
    db.session.rollback()
    stored = db.session.get(Inspection, inspection.id, populate_existing=True)
    assert stored.status == InspectionState.SIGNED
    assert stored.lead_confirmed_at is not None and stored.chairman_confirmed_at is not None
    assert db.session.get(type(a), a.id, populate_existing=True).status == Status.INSPECTED.value
    assert _status_events(a.id, "finish_inspection") == 1


def test_repeated_confirmations_at_once_count_once_per_side(app, world):
    a, inspection = _finalised(world)
    clients = _clients(app, "truongdoan", 3) + _clients(app, "chutich.nghithu", 3)
    url = f"/kiem-tra/{a.id}/bien-ban/xac-nhan"
    responses = fire([(c, lambda c: c.post(url, data={"password": "pw"})) for c in clients])
    confirmed = [r for r in responses if r.status_code == 302]
    refused = [r.get_data(as_text=True) for r in responses if r.status_code == 422]
    assert len(confirmed) == 2 and len(refused) == 4
    assert all("Bạn đã xác nhận biên bản này." in page or "Biên bản đã được ký." in page for page in refused)
    db.session.rollback()
    events = db.session.execute(db.select(AuditEvent.target).filter_by(
        assessment_id=a.id, action="minutes_confirmed")).scalars().all()
    assert sorted(events) == ["chairman", "lead"]
    assert _status_events(a.id, "finish_inspection") == 1


def test_twelve_identical_uploads_at_once_store_one_file(app, world):
    a = world.nghi_thu_assessment
    clients = _clients(app, "nghithu", 12)

    def upload(c):
        import io
        return c.post(f"/danh-gia/{a.id}/chi-tieu/TC02.1/minh-chung", headers=HX,
                      data={"file": (io.BytesIO(PNG), "may-quet.png")}, content_type="multipart/form-data")
    responses = fire([(c, upload) for c in clients])
    assert {r.status_code for r in responses} == {200}
    db.session.rollback()
    live = db.session.execute(db.select(Evidence).filter_by(assessment_id=a.id, item_code="TC02.1",
                                                            deleted_at=None)).scalars().all()
    assert len(live) == 1
    assert db.session.execute(db.select(db.func.count(AuditEvent.id)).filter_by(
        assessment_id=a.id, action="evidence_added")).scalar_one() == 1
    from pathlib import Path
    stored = sorted(p.name for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file())
    assert len(stored) == 2 and stored[1] == stored[0] + ".thumb.jpg"    # the image and its thumbnail


@pytest.mark.parametrize("verb,form", [
    ("tra-lai", {"ret-criteria": ["TC02"], "ret-reason": "Bổ sung ảnh"}),
    ("khong-cong-nhan", {"ref-reason": "Chưa đạt TC10", "ref-decided_on": "2023-12-20", "ref-number": "4120"}),
])
def test_other_province_actions_at_once_apply_once(app, world, verb, form):
    with transaction():
        a, _ = signed(world)
    if verb == "khong-cong-nhan":
        form = {**form, "ref-signer": str(world.users["tinh"].id)}
    clients = _clients(app, "tinh", 6)
    responses = fire([(c, lambda c: c.post(f"/tinh/ho-so/{a.id}/{verb}", data=form)) for c in clients])
    assert sorted(r.status_code for r in responses) == [302] + [422] * 5
    action = {"tra-lai": "return", "khong-cong-nhan": "refuse"}[verb]
    assert _status_events(a.id, action) == 1
