"""Vietnamese text folding and order, the workflow table, and the permission predicates."""
from __future__ import annotations

import itertools
import random
import re
import unicodedata

import pytest

from criteria_app.domain.permissions import (
    Actor,
    UnitRef,
    can_edit_item,
    can_edit_self_assessment,
    can_submit,
    can_view_unit,
)
from criteria_app.domain.roles import Role
from criteria_app.domain.text import fold, matches, nfc, sort_key
from criteria_app.domain.workflow import (
    TRANSITIONS,
    WARD_EDITABLE,
    Action,
    Status,
    TransitionRefused,
    allowed_actions,
    find_transition,
)

VIETNAMESE = re.compile(r"[À-ỹĐđ]")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# ---------------------------------------------------------------- text.fold / matches

def test_nfd_fixture_really_differs_from_nfc():
    assert nfd("Cửa Lò") != "Cửa Lò"
    assert nfc(nfd("Cửa Lò")) == "Cửa Lò"


@pytest.mark.parametrize("text", ["cua lo", "CỬA LÒ", "Cửa Lò", nfd("Cửa Lò"), nfd("CỬA LÒ"), "CUA LO", "cỬa lÒ"])
def test_fold_equal_whatever_case_diacritics_and_normal_form(text):
    assert fold(text) == fold("cua lo") == "cua lo"


@pytest.mark.parametrize("text", ["đ", "Đ"])
def test_d_with_stroke_folds_to_d(text):
    assert fold(text) == "d"


def test_fold_of_names():
    assert fold("Đông Vĩnh") == "dong vinh"
    assert fold("ĐÀ NẴNG") == fold("Đà Nẵng") == fold(nfd("Đà Nẵng")) == "da nang"
    assert fold("Phường Nghi Thu") == "phuong nghi thu"
    assert fold("Quỳnh Lưu") == "quynh luu"


@pytest.mark.parametrize(
    "query, text",
    [
        ("nghi thu", "Phường Nghi Thu"),
        ("NGHI THU", "Phường Nghi Thu"),
        ("Nghi Thu", nfd("Phường Nghi Thu")),
        ("cua lo", "Phường Cửa Lò"),
        ("Cửa Lò", "thị xã Cua Lo"),
        (nfd("cửa lò"), "Phường Cửa Lò"),
        ("dong", "Xã Đông Sơn"),
        ("đông", "Xã Dong Son"),
        ("phuong", "Phường Vinh Phú"),
    ],
)
def test_matches(query, text):
    assert matches(query, text)


@pytest.mark.parametrize("query, text", [("nghi thu", "Phường Nghi Hải"), ("cua lo", "Phường Vinh Lộc"),
                                         ("thu nghi", "Phường Nghi Thu")])
def test_does_not_match(query, text):
    assert not matches(query, text)


# ---------------------------------------------------------------- text.sort_key

@pytest.mark.parametrize(
    "expected",
    [
        ["An", "Ăn", "Ân", "Bình"],
        ["Dũng", "Đông"],
        ["Dũng", "Đông", "Em"],
        ["Nghi Hải", "Nghi Hòa", "Nghi Hương", "Nghi Thu"],
        ["Hồ", "Hơ", "Hu", "Hư"],          # o < ô < ơ ... u < ư: ô before ơ whatever the tone
        ["Bả", "Bac"],                     # letters first, tones second
        ["Ta", "Tà"],                      # same letters: no tone first
    ],
)
def test_sort_key_vietnamese_order(expected):
    shuffled = list(expected)
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert sorted(shuffled, key=sort_key) == expected
    for a, b in zip(expected, expected[1:]):
        assert sort_key(a) < sort_key(b), (a, b)


def test_sort_key_differs_from_code_point_order():
    names = ["Đông", "Ân", "Bình", "Ăn", "An", "Dũng"]
    assert sorted(names) != sorted(names, key=sort_key)
    assert sorted(names, key=sort_key) == ["An", "Ăn", "Ân", "Bình", "Dũng", "Đông"]


@pytest.mark.parametrize("text", ["An", "Ăn", "Ân", "Bình", "Dũng", "Đông", "Phường Nghi Thu", "Quỳnh Lưu", "Ỷ"])
def test_sort_key_same_for_nfd_and_nfc(text):
    assert sort_key(nfd(text)) == sort_key(nfc(text))


def test_sort_key_orders_nfd_input_like_nfc():
    names = ["Bình", "Ân", "Ăn", "An", "Đông", "Dũng"]
    assert sorted((nfd(n) for n in names), key=sort_key) == [nfd(n) for n in ["An", "Ăn", "Ân", "Bình", "Dũng", "Đông"]]


# ---------------------------------------------------------------- workflow

S, A, R = Status, Action, Role

# The workflow of domain.md section 3, written out independently of TRANSITIONS.
EXPECTED = {
    (S.SELF_ASSESSMENT, A.SUBMIT): (S.SUBMITTED, {R.WARD_CHAIRMAN}),
    (S.RETURNED, A.SUBMIT): (S.SUBMITTED, {R.WARD_CHAIRMAN}),
    (S.SUBMITTED, A.RETURN): (S.RETURNED, {R.PROVINCE}),
    (S.INSPECTED, A.RETURN): (S.RETURNED, {R.PROVINCE}),
    (S.SUBMITTED, A.START_INSPECTION): (S.INSPECTING, {R.TEAM_LEAD}),
    (S.INSPECTED, A.START_INSPECTION): (S.INSPECTING, {R.TEAM_LEAD}),
    (S.INSPECTING, A.FINISH_INSPECTION): (S.INSPECTED, {R.TEAM_LEAD, R.WARD_CHAIRMAN}),
    (S.INSPECTED, A.PROPOSE): (S.PROPOSED, {R.PROVINCE}),
    (S.SUBMITTED, A.PROPOSE): (S.PROPOSED, {R.PROVINCE}),
    (S.PROPOSED, A.APPROVE): (S.RECOGNISED, {R.PROVINCE}),
    (S.INSPECTED, A.REFUSE): (S.REFUSED, {R.PROVINCE}),
    (S.PROPOSED, A.REFUSE): (S.REFUSED, {R.PROVINCE}),
    (S.RECOGNISED, A.REVOKE): (S.REVOKED, {R.PROVINCE}),
    (S.RECOGNISED, A.REOPEN): (S.INSPECTED, {R.PROVINCE}),
    (S.REFUSED, A.REOPEN): (S.INSPECTED, {R.PROVINCE}),
    (S.REVOKED, A.REOPEN): (S.INSPECTED, {R.PROVINCE}),
}


def test_transitions_table_is_the_expected_workflow():
    table = {(t.source, t.action): (t.target, set(t.roles)) for t in TRANSITIONS}
    assert len(table) == len(TRANSITIONS), "one transition per (status, action)"
    assert table == EXPECTED


ALL = list(itertools.product(Status, Action, Role))


def test_every_combination_is_covered():
    assert len(ALL) == 9 * 9 * 6


@pytest.mark.parametrize("status, action, role", ALL, ids=lambda v: v.value)
def test_find_transition(status, action, role):
    expected = EXPECTED.get((status, action))
    if expected is not None and role in expected[1]:
        transition = find_transition(status, action, role)
        assert transition.target == expected[0]
        assert (transition.source, transition.action) == (status, action)
        assert role in transition.roles
        assert action in allowed_actions(status, role)
        return
    with pytest.raises(TransitionRefused) as excinfo:
        find_transition(status, action, role)
    message = excinfo.value.message
    assert message and message.strip() and VIETNAMESE.search(message), message
    assert str(excinfo.value) == message
    assert action.label in message
    if expected is None:
        assert status.label in message  # the action is impossible in this status
    else:
        assert role.label in message    # possible, but not for this role
    assert action not in allowed_actions(status, role)


def test_allowed_actions_examples():
    assert allowed_actions(S.SELF_ASSESSMENT, R.WARD_CHAIRMAN) == [A.SUBMIT]
    assert allowed_actions(S.SELF_ASSESSMENT, R.WARD_OFFICER) == []
    assert set(allowed_actions(S.INSPECTED, R.PROVINCE)) == {A.PROPOSE, A.REFUSE, A.RETURN}
    assert set(allowed_actions(S.RECOGNISED, R.PROVINCE)) == {A.REVOKE, A.REOPEN}
    assert allowed_actions(S.SUBMITTED, R.TEAM_LEAD) == [A.START_INSPECTION]
    assert set(allowed_actions(S.SUBMITTED, R.PROVINCE)) == {A.RETURN, A.PROPOSE}
    assert all(allowed_actions(s, R.INSPECTOR) == [] for s in Status)
    assert all(allowed_actions(s, R.ADMIN) == [] for s in Status)


def test_labels_are_vietnamese():
    for enum_type in (Status, Action, Role):
        for member in enum_type:
            assert member.label and VIETNAMESE.search(member.label), member
    assert len({s.label for s in Status}) == len(Status)
    assert Status.RETURNED.label == "Trả lại bổ sung"


def test_ward_editable_statuses():
    assert WARD_EDITABLE == {S.SELF_ASSESSMENT, S.RETURNED}


# ---------------------------------------------------------------- permissions

NGHE_AN, HA_TINH = 40, 42
CUA_LO = UnitRef(16732, NGHE_AN)
NGHI_THU = UnitRef(16735, NGHE_AN)
HA_TINH_WARD = UnitRef(18070, HA_TINH)
ORPHAN = UnitRef(99999, None)
UNITS = [CUA_LO, NGHI_THU, HA_TINH_WARD, ORPHAN]


def ward(role=R.WARD_OFFICER, unit=CUA_LO):
    return Actor(user_id=1, role=role, unit_id=unit.id, province_id=unit.province_id)


def province_wide(role, province_id=NGHE_AN):
    return Actor(user_id=2, role=role, province_id=province_id)


def team(role, unit_ids=(CUA_LO.id,)):
    return Actor(user_id=3, role=role, province_id=NGHE_AN, team_unit_ids=frozenset(unit_ids))


@pytest.mark.parametrize("role", [R.WARD_OFFICER, R.WARD_CHAIRMAN])
def test_ward_users_see_only_their_own_unit(role):
    actor = ward(role)
    assert [u for u in UNITS if can_view_unit(actor, u)] == [CUA_LO]


def test_ward_user_without_unit_sees_nothing():
    actor = Actor(user_id=1, role=R.WARD_OFFICER, unit_id=None, province_id=NGHE_AN)
    assert not any(can_view_unit(actor, u) for u in UNITS)


@pytest.mark.parametrize("role", [R.PROVINCE, R.ADMIN])
def test_province_wide_users_see_only_their_province(role):
    assert [u for u in UNITS if can_view_unit(province_wide(role), u)] == [CUA_LO, NGHI_THU]
    assert [u for u in UNITS if can_view_unit(province_wide(role, HA_TINH), u)] == [HA_TINH_WARD]
    assert not any(can_view_unit(province_wide(role, None), u) for u in UNITS)


@pytest.mark.parametrize("role", [R.TEAM_LEAD, R.INSPECTOR])
def test_team_users_see_only_their_team_units(role):
    assert [u for u in UNITS if can_view_unit(team(role), u)] == [CUA_LO]
    assert [u for u in UNITS if can_view_unit(team(role, (NGHI_THU.id, HA_TINH_WARD.id)), u)] == [
        NGHI_THU, HA_TINH_WARD]
    assert not any(can_view_unit(team(role, ()), u) for u in UNITS)


def every_actor():
    return ([ward(R.WARD_OFFICER), ward(R.WARD_CHAIRMAN)]
            + [province_wide(r) for r in (R.PROVINCE, R.ADMIN)]
            + [team(r) for r in (R.TEAM_LEAD, R.INSPECTOR)])


def test_every_role_is_exercised():
    assert {a.role for a in every_actor()} == set(Role)


@pytest.mark.parametrize("status", list(Status), ids=lambda s: s.value)
def test_can_edit_item(status):
    returned = frozenset({"TC02", "TC05"})
    for actor in every_actor():
        for code in ("TC01", "TC02", "TC05", "TC13"):
            allowed = can_edit_item(actor, CUA_LO, status, code, returned)
            if not actor.role.is_ward:
                expected = False
            elif status == S.SELF_ASSESSMENT:
                expected = True
            elif status == S.RETURNED:
                expected = code in returned
            else:
                expected = False
            assert allowed is expected, (actor.role, status, code)
            # never another unit's data, even in the same province
            assert can_edit_item(actor, NGHI_THU, status, code, returned) is False


def test_can_edit_item_while_returned_without_returned_codes():
    assert can_edit_item(ward(), CUA_LO, S.RETURNED, "TC01") is False
    assert can_edit_item(ward(), CUA_LO, S.RETURNED, "TC01", frozenset({"TC01"})) is True


@pytest.mark.parametrize("status", list(Status), ids=lambda s: s.value)
def test_can_edit_self_assessment(status):
    for actor in every_actor():
        expected = actor.role.is_ward and status in (S.SELF_ASSESSMENT, S.RETURNED)
        assert can_edit_self_assessment(actor, CUA_LO, status) is expected
        assert can_edit_self_assessment(actor, NGHI_THU, status) is False


@pytest.mark.parametrize("status", list(Status), ids=lambda s: s.value)
def test_can_submit_only_chairman_in_editable_status(status):
    for actor in every_actor():
        expected = actor.role == R.WARD_CHAIRMAN and status in (S.SELF_ASSESSMENT, S.RETURNED)
        assert can_submit(actor, CUA_LO, status) is expected, (actor.role, status)
        assert can_submit(actor, NGHI_THU, status) is False
    chairman_elsewhere = ward(R.WARD_CHAIRMAN, NGHI_THU)
    assert can_submit(chairman_elsewhere, CUA_LO, status) is False


def test_submit_permission_agrees_with_the_workflow():
    for status in Status:
        for actor in every_actor():
            if can_submit(actor, CUA_LO, status):
                assert find_transition(status, A.SUBMIT, actor.role).target == S.SUBMITTED


def test_guards_refuse_with_a_reason():
    from criteria_app.domain.workflow import Facts, guard
    with pytest.raises(TransitionRefused, match="biên bản"):
        guard(A.PROPOSE, Facts(inspection_signed=False))
    guard(A.PROPOSE, Facts(inspection_signed=True))
    with pytest.raises(TransitionRefused, match="cùng xác nhận"):
        guard(A.FINISH_INSPECTION, Facts(minutes_confirmed=False))
    guard(A.FINISH_INSPECTION, Facts(minutes_confirmed=True))
    guard(A.APPROVE, Facts())   # no guard beyond the table
