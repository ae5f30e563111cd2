"""The ward's self-assessment use cases: save, clear, explain, submit, lock; audit; concurrency."""
import json
from datetime import date
import threading

import pytest

from criteria_app.domain.answers import NA, AnswerError, Ratio
from criteria_app.domain.workflow import Status, TransitionRefused
from criteria_app.extensions import db
from criteria_app.services.uow import transaction
from criteria_app.models import Answer, Assessment, AuditEvent
from criteria_app.services import assessments as svc
from criteria_app.services.errors import InvalidInput, PermissionDenied
from tests.factories import full_answers


def _fill_everything(world, user):
    a = world.nghi_thu_assessment
    cs = a.criteria_set()
    from criteria_app.domain.answers import answer_from_json
    for code, raw in full_answers(cs).items():
        svc.save_answer(a, code, answer_from_json(cs.item(code), raw), user)
    for item in cs.items():
        if item.evidence == "required":
            svc.save_explanation(a, item.code, f"Minh chứng lưu tại hồ sơ giấy, mục {item.code}", user)


def test_assessment_snapshots_the_unit_name_and_path(world):
    a = world.nghi_thu_assessment
    assert a.unit_name == "Phường Nghi Thu"
    assert a.unit_path == "Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An"
    world.cua_lo.name = "Thành phố Vinh"   # a later renaming never rewrites the snapshot
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Assessment, a.id).unit_path == "Phường Nghi Thu, Thị xã Cửa Lò, Tỉnh Nghệ An"


def test_save_answer_stores_raw_counts_and_scores_them(world):
    a, user = world.nghi_thu_assessment, world.users["nghithu"]
    assert svc.save_answer(a, "TC01.3", Ratio(11, 12), user) is True
    assert svc.save_answer(a, "TC01.1", True, user) is True
    row = db.session.execute(db.select(Answer).filter_by(assessment_id=a.id, item_code="TC01.3")).scalar_one()
    assert json.loads(row.value) == {"numerator": 11, "denominator": 12}
    result = svc.result(a)
    assert str(result.criterion("TC01").score) == "3.83"       # 2 + round(2 × 11/12) = 2 + 1.83
    assert result.criterion("TC01").complete is False


def test_a_retried_identical_save_changes_nothing(world):
    a, user = world.nghi_thu_assessment, world.users["nghithu"]
    svc.save_answer(a, "TC02.2", 2, user)
    assert svc.save_answer(a, "TC02.2", 2, user) is False
    assert db.session.query(AuditEvent).filter_by(target="TC02.2").count() == 1
    row = db.session.execute(db.select(Answer).filter_by(item_code="TC02.2")).scalar_one()
    assert row.revision == 1


def test_an_invalid_answer_is_refused_and_the_saved_value_stays(world):
    a, user = world.nghi_thu_assessment, world.users["nghithu"]
    svc.save_answer(a, "TC01.3", Ratio(11, 12), user)
    with pytest.raises(AnswerError) as exc:
        svc.save_answer(a, "TC01.3", Ratio(13, 12), user)
    assert exc.value.code == "TC01.3"
    with pytest.raises(AnswerError):
        svc.save_answer(a, "TC01.3", NA, user)                  # allow_na is false for TC01.3
    db.session.expire_all()
    row = db.session.execute(db.select(Answer).filter_by(item_code="TC01.3")).scalar_one()
    assert json.loads(row.value) == {"numerator": 11, "denominator": 12}


def test_clearing_an_answer_makes_the_item_unanswered(world):
    a, user = world.nghi_thu_assessment, world.users["nghithu"]
    svc.save_answer(a, "TC02.3", True, user)
    svc.save_answer(a, "TC02.3", None, user)
    assert svc.result(a).item("TC02.3").answered is False


def test_every_change_is_audited_with_before_and_after(world):
    a, user = world.nghi_thu_assessment, world.users["nghithu"]
    svc.save_answer(a, "TC09.1", Ratio(90, 100), user)
    svc.save_answer(a, "TC09.1", Ratio(100, 100), user)
    events = db.session.query(AuditEvent).filter_by(assessment_id=a.id, target="TC09.1").order_by(AuditEvent.id).all()
    assert [json.loads(e.after) for e in events] == [{"numerator": 90, "denominator": 100},
                                                      {"numerator": 100, "denominator": 100}]
    assert json.loads(events[1].before) == {"numerator": 90, "denominator": 100}
    assert all(e.actor_id == user.id for e in events)


@pytest.mark.parametrize("username", ["nghihuong", "tinh", "truongdoan", "admin", "tinh.hatinh"])
def test_only_the_wards_own_users_may_change_its_answers(world, username):
    with pytest.raises(PermissionDenied):
        svc.save_answer(world.nghi_thu_assessment, "TC01.1", True, world.users[username])
    assert db.session.query(Answer).count() == 0


def test_submission_lists_what_is_missing(world):
    a, chairman = world.nghi_thu_assessment, world.users["chutich.nghithu"]
    svc.save_answer(a, "TC01.1", True, world.users["nghithu"])
    with pytest.raises(svc.SubmissionIncomplete) as exc:
        svc.submit_assessment(a, chairman)
    missing = exc.value.missing
    unanswered = {m.item_code for m in missing if m.reason == "Chưa trả lời"}
    assert len(unanswered) == 31 and "TC01.1" not in unanswered
    no_evidence = {m.item_code for m in missing if m.reason.startswith("Thiếu minh chứng")}
    assert "TC01.1" in no_evidence and "TC02.1" not in no_evidence   # TC02.1 asks a photo, not required evidence
    db.session.expire_all()
    assert db.session.get(Assessment, a.id).status == Status.SELF_ASSESSMENT.value


def test_only_the_chairman_submits(world):
    _fill_everything(world, world.users["nghithu"])
    with pytest.raises(TransitionRefused):
        svc.submit_assessment(world.nghi_thu_assessment, world.users["nghithu"])
    with pytest.raises(PermissionDenied):
        svc.submit_assessment(world.nghi_thu_assessment, world.users["chutich.nghihuong"])


def test_submission_locks_the_answers_and_records_who_and_when(world):
    a = world.nghi_thu_assessment
    _fill_everything(world, world.users["nghithu"])
    with pytest.raises(InvalidInput) as refused:          # the report sent with it has a number and a date
        svc.submit_assessment(a, world.users["chutich.nghithu"], report_number="", report_date=None)
    assert refused.value.errors == {"report_number": "Nhập số báo cáo tự đánh giá (số văn bản của UBND).",
                                    "report_date": "Nhập ngày của báo cáo."}
    with pytest.raises(InvalidInput, match="bắt đầu bằng chữ số"):
        svc.submit_assessment(a, world.users["chutich.nghithu"], report_number="BC mười lăm",
                              report_date=date(2023, 8, 1))
    assert db.session.get(Assessment, a.id).status == Status.SELF_ASSESSMENT.value
    submission = svc.submit_assessment(a, world.users["chutich.nghithu"], report_number=" 15 ",
                                       report_date=date(2023, 8, 1))
    assert (submission.report_number, submission.report_date) == ("15/BC-UBND", date(2023, 8, 1))
    db.session.expire_all()
    a = db.session.get(Assessment, a.id)
    assert a.status == Status.SUBMITTED.value
    assert a.submitted_by_id == world.users["chutich.nghithu"].id and a.submitted_at is not None
    with pytest.raises(PermissionDenied):
        svc.save_answer(a, "TC01.1", False, world.users["nghithu"])
    with pytest.raises(TransitionRefused):
        svc.submit_assessment(a, world.users["chutich.nghithu"], report_number="16", report_date=date(2023, 8, 2))
    event = db.session.query(AuditEvent).filter_by(action="status").one()
    assert json.loads(event.after)["status"] == "submitted"


def test_a_returned_assessment_opens_only_the_returned_criteria(world):
    a = world.nghi_thu_assessment
    a.status = Status.RETURNED.value
    a.returned_criteria = json.dumps(["TC02"])
    db.session.commit()
    svc.save_answer(a, "TC02.2", 3, world.users["nghithu"])
    with pytest.raises(PermissionDenied):
        svc.save_answer(a, "TC01.1", True, world.users["nghithu"])


def test_two_answers_saved_at_the_same_moment_both_survive(app, world):
    """Real concurrency: threads with their own sessions write at once (BEGIN IMMEDIATE on SQLite)."""
    assessment_id, user_id = world.nghi_thu_assessment.id, world.users["nghithu"].id
    codes = [i.code for i in world.nghi_thu_assessment.criteria_set().items() if i.kind == "count_at_least"]
    db.session.remove()
    barrier = threading.Barrier(len(codes) * 2)
    errors = []

    def save(code, value):
        from criteria_app.models import User
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                a = db.session.get(Assessment, assessment_id)
                user = db.session.get(User, user_id)
                with transaction():
                    svc.save_answer(a, code, value, user)
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(repr(exc))
            finally:
                db.session.remove()

    # each item saved by two writers at once, with different values: one wins, none is lost or doubled
    threads = [threading.Thread(target=save, args=(code, v)) for code in codes for v in (5, 6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    rows = db.session.execute(db.select(Answer).filter_by(assessment_id=assessment_id)).scalars().all()
    assert sorted(r.item_code for r in rows) == sorted(codes)
    assert all(json.loads(r.value) in (5, 6) for r in rows)
