"""The province's acts as records: the recognition rule enforced, one decision per number with its units,
tờ trình of the standing body, revocation decisions and refusal letters; the legal references they cite."""
from __future__ import annotations

from datetime import date

import pytest

from criteria_app.domain.workflow import Status
from criteria_app.extensions import db
from criteria_app.models import Decision, DecisionEntry, Proposal, ProposalEntry
from criteria_app.services import legal, proposals, review
from criteria_app.services.errors import InvalidInput, PermissionDenied
from criteria_app.services.recognition import RuleNotMet
from tests.factories import (
    approval_fields,
    director,
    nghi_huong_proposed,
    proposal_fields,
    signed,
    signed_meeting_the_rule,
)


def test_a_unit_that_fails_the_rule_is_neither_proposed_nor_recognised_and_is_told_why(world):
    a, _ = signed(world)                    # the team found no scanner: TC02, a mandatory criterion, fails
    province = world.users["tinh"]
    with pytest.raises(RuleNotMet) as refused:
        review.propose(a, province, **proposal_fields(world))
    assert refused.value.failures == ["Tiêu chí bắt buộc không đạt: TC02"]
    assert "chưa đạt điều kiện công nhận (tiêu chí bắt buộc không đạt: TC02)" in refused.value.message
    a.status = Status.PROPOSED.value         # proposed before the rule was enforced (records of an older version)
    db.session.commit()
    with pytest.raises(RuleNotMet, match="TC02"):
        review.approve(a, province, **approval_fields(world))
    db.session.rollback()
    assert db.session.query(Decision).count() == 0 and db.session.query(DecisionEntry).count() == 0


def test_without_signed_minutes_the_ward_own_result_is_not_enough(world):
    from tests.factories import submitted
    a = submitted(world)
    a.status = Status.PROPOSED.value
    db.session.commit()
    with pytest.raises(RuleNotMet) as refused:
        review.approve(a, world.users["tinh"], **approval_fields(world))
    assert refused.value.failures == ["Chưa có biên bản kiểm tra thực tế đã ký"]


def test_approving_under_an_existing_number_adds_the_unit_and_another_date_is_refused_beside_the_number(world):
    a, _ = signed_meeting_the_rule(world)
    province = world.users["tinh"]
    review.propose(a, province, **proposal_fields(world))
    decision = review.approve(a, province, **approval_fields(world, "3125"))
    assert decision.number == "3125/QĐ-UBND" and [e.assessment_id for e in decision.entries] == [a.id]
    entry = decision.entries[0]
    assert entry.status_version == a.status_version and entry.proposal_record.number == "245/TTr-CAT-PC06"
    # another unit of the campaign: the same number and date joins the decision; another date is refused
    b = nghi_huong_proposed(world)
    other_day = {**approval_fields(world, "3125/QĐ-UBND"), "decided_on": date(2023, 12, 2)}
    with pytest.raises(InvalidInput) as refused:
        review.approve(b, province, **other_day)
    assert refused.value.errors["number"].startswith("Số này đã dùng cho quyết định công nhận ngày 01/12/2023")
    assert b.status == Status.PROPOSED.value
    joined = review.approve(b, province, **approval_fields(world, "3125/QĐ-UBND"))
    assert joined is decision and sorted(e.assessment_id for e in decision.entries) == sorted([a.id, b.id])


def test_a_signer_must_hold_a_rank_that_signs_for_the_body(world):
    a, _ = signed_meeting_the_rule(world)
    province = world.users["tinh"]
    with pytest.raises(InvalidInput) as refused:
        review.propose(a, province, **{**proposal_fields(world), "signer": province})   # a vice-chairman, not police
    assert "Người ký phải là Giám đốc hoặc Phó Giám đốc" in refused.value.errors["signer"]
    review.propose(a, province, **proposal_fields(world))
    with pytest.raises(InvalidInput) as refused:
        review.approve(a, province, **{**approval_fields(world), "signer": director(world)})
    assert "Người ký phải là Chủ tịch hoặc Phó Chủ tịch" in refused.value.errors["signer"]
    with pytest.raises(InvalidInput) as refused:
        review.approve(a, province, **{**approval_fields(world), "signer": world.users["tinh.hatinh"]})
    assert refused.value.errors["signer"] == "Người ký không thuộc tỉnh này."


def test_issuing_a_tờ_trình_proposes_every_unit_meeting_the_rule_and_lists_the_others(world):
    a, _ = signed_meeting_the_rule(world)
    pgd = director(world)
    proposal = proposals.issue(world.campaign, world.users["tinh"], number="245", issued_on=date(2023, 11, 20),
                               signer=pgd)
    assert proposal.number == "245/TTr-CAT-PC06" and proposal.signer_name == pgd.full_name
    assert [(e.assessment_id, e.proposed) for e in proposal.entries] == [(a.id, True)]
    assert a.status == Status.PROPOSED.value
    with pytest.raises(InvalidInput) as nothing_left:          # it is in a tờ trình already
        proposals.issue(world.campaign, world.users["tinh"], number="246", issued_on=date(2023, 11, 21), signer=pgd)
    assert "Không có đơn vị nào đạt điều kiện" in nothing_left.value.errors["number"]


def test_a_tờ_trình_lists_a_failing_unit_with_its_reason_and_leaves_out_unsigned_ones(world):
    a, _ = signed(world)
    with pytest.raises(InvalidInput, match="Không có đơn vị nào"):
        proposals.issue(world.campaign, world.users["tinh"], number="245", issued_on=date(2023, 11, 20),
                        signer=director(world))
    from criteria_app.services.recognition import candidates
    found = candidates(world.campaign)
    assert [(c.assessment.unit_name, c.proposed, c.reason) for c in found] == [
        ("Phường Nghi Thu", False, "Tiêu chí bắt buộc không đạt: TC02")]     # Nghi Hương: no minutes, not listed


def test_revocation_is_its_own_decision_and_a_refusal_its_own_letter(world):
    a, _ = signed_meeting_the_rule(world)
    province = world.users["tinh"]
    review.propose(a, province, **proposal_fields(world))
    approval = review.approve(a, province, **approval_fields(world, "3125"))
    with pytest.raises(InvalidInput) as refused:
        review.revoke(a, province, "Không duy trì", number="3125", decided_on=date(2024, 3, 1), signer=province)
    assert refused.value.errors["number"].startswith("Số 3125/QĐ-UBND đã được dùng")
    revocation = review.revoke(a, province, "Không duy trì mô hình", number="88", decided_on=date(2024, 3, 1),
                               signer=province)
    assert (revocation.kind, revocation.revokes_id, [e.assessment_id for e in revocation.entries]) == \
        ("revoke", approval.id, [a.id])
    assert [e.decision.kind for e in db.session.query(DecisionEntry).order_by(DecisionEntry.status_version)] == \
        ["approve", "revoke"]
    review.reopen(a, province, "Khắc phục xong, xem xét lại")
    letter = review.refuse(a, province, reason="Chưa duy trì mô hình", decided_on=date(2024, 6, 1), number="4120",
                           signer=province)
    assert (letter.kind, letter.number, letter.authority) == ("refuse", "4120/UBND-NC", "collective")


def test_references_are_edited_by_campaign_managers_with_messages_beside_the_fields(world):
    c, admin = world.campaign, world.users["admin"]
    with pytest.raises(InvalidInput) as refused:
        legal.save_basis(c, admin, plan_number="KH 78", plan_date=None, standing_body="", standing_abbr="C A T",
                         authority="ai-đó")
    errors = refused.value.errors
    assert errors["plan_number"].startswith("Số văn bản bắt đầu bằng chữ số")
    assert errors["standing_body"].startswith("Nhập tên cơ quan thường trực")
    assert errors["standing_abbr"] == "Chữ viết tắt không có dấu cách."
    assert errors["authority"] == "Chọn Chủ tịch UBND tỉnh hoặc UBND tỉnh."
    legal.save_basis(c, admin, plan_number="79", plan_date=date(2022, 2, 1), plan_issuer="UBND tỉnh",
                     standing_body="Công an tỉnh Nghệ An", standing_parent="Bộ Công an", standing_abbr="CAT",
                     standing_unit="PC06", authority="collective", decision_unit="NC")
    assert (c.basis.plan_number, c.basis.authority) == ("79/KH-UBND", "collective")
    law = legal.add_legal_text(c, admin, title="Luật Tổ chức chính quyền địa phương", issued_on=date(2025, 6, 16))
    assert law.position == 4
    with pytest.raises(InvalidInput) as refused:
        legal.add_legal_text(c, admin, title="", issued_on=None)
    assert set(refused.value.errors) == {"title", "issued_on"}
    with pytest.raises(PermissionDenied):
        legal.save_basis(c, world.users["nghithu"], standing_body="X", standing_abbr="X", authority="individual")
    with pytest.raises(PermissionDenied):
        legal.save_basis(world.other_assessment.campaign, world.users["tinh"], standing_body="X", standing_abbr="X",
                         authority="individual")


def test_team_roles_one_secretary_and_the_lead_is_always_the_lead(world):
    team, admin = world.users["truongdoan"].team, world.users["admin"]
    k1 = world.users["kiemtra1"]
    with pytest.raises(InvalidInput) as refused:
        legal.set_team_roles(team, admin, {k1.id: "truong_doan"})
    assert "Trưởng đoàn là tài khoản" in refused.value.errors[f"role-{k1.id}"]
    legal.set_team_roles(team, admin, {k1.id: "pho_truong_doan"})
    assert [(m.name, m.role) for m in legal.roster(team)] == [("Người dùng truongdoan", "truong_doan"),
                                                             ("Người dùng kiemtra1", "pho_truong_doan")]
    with pytest.raises(PermissionDenied):
        legal.set_team_roles(team, world.users["tinh"], {k1.id: "thu_ky"})     # people: administrators only
    legal.set_person(k1, admin, gender="nu", signing_rank=None)
    with pytest.raises(InvalidInput):
        legal.set_person(k1, admin, gender="khác", signing_rank="tổng thống")


def test_proposals_and_entries_are_one_per_unit(world):
    a, _ = signed_meeting_the_rule(world)
    review.propose(a, world.users["tinh"], **proposal_fields(world))
    assert db.session.query(Proposal).count() == 1
    assert [(e.assessment_id, e.proposed) for e in db.session.query(ProposalEntry)] == [(a.id, True)]
