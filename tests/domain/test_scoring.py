"""The scoring rules of docs/criteria-format.md, with hand-computed expected values.

Also the decoding of answers: from their JSON form (answers.answer_from_json, how answers are
stored) and from the web form (answers.answer_from_form).
"""
from __future__ import annotations

import copy
import json
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from criteria_app.domain.criteria import CriteriaSetError

from criteria_app.domain.answers import (
    NA,
    AnswerError,
    Ratio,
    answer_from_form,
    answer_from_json,
    answer_to_json,
    validate_answer,
)
from criteria_app.domain.criteria import parse_criteria_set
from criteria_app.domain.scoring import SetResult, fmt, round_half_up, score_criterion, score_item, score_set

REF_PATH = Path(__file__).resolve().parents[2] / "seeds" / "criteria" / "de-an-06-kieu-mau-v1.json"
REF_DATA = json.loads(REF_PATH.read_text(encoding="utf-8"))
REF = parse_criteria_set(copy.deepcopy(REF_DATA))

TWO_DECIMALS = re.compile(r"^\d+\.\d{2}$")
VIETNAMESE = re.compile(r"[À-ỹĐđ]")  # a message written in Vietnamese carries diacritics


def D(text: str) -> Decimal:
    return Decimal(text)


# ---------------------------------------------------------------- building answers and small sets

def full_answer(item):
    """An answer that passes the item with full points."""
    if item.kind == "check":
        return True
    if item.kind == "count_at_least":
        return item.min
    return Ratio(10, 10)


def full_answers(cs=REF) -> dict:
    return {i.code: full_answer(i) for i in cs.items()}


def with_answers(**changes) -> dict:
    """Full answers for the reference set, with some items changed (TC04_1=... for TC04.1)."""
    answers = full_answers()
    for key, value in changes.items():
        code = key.replace("_", ".")
        assert REF.has_item(code), code
        if value is None:
            answers.pop(code)
        else:
            answers[code] = value
    return answers


def check(code, points, required=True):
    return {"code": code, "kind": "check", "points": points, "required": required,
            "evidence": "optional", "label": f"Chỉ tiêu {code}"}


def count(code, points, minimum, required=True):
    return {"code": code, "kind": "count_at_least", "points": points, "required": required,
            "evidence": "optional", "label": f"Chỉ tiêu {code}", "min": minimum, "unit": "lần"}


def ratio(code, points, target, allow_na=False, required=True):
    return {"code": code, "kind": "ratio", "points": points, "required": required,
            "evidence": "optional", "label": f"Chỉ tiêu {code}", "target": target,
            "allow_na": allow_na, "numerator": "Số đạt", "denominator": "Tổng số"}


def make_set(*criteria, mode="points", min_total="0", mandatory=()):
    """criteria: (code, [item dicts]) pairs; criterion points are the sum of its items'."""
    recognition = {"mode": mode}
    if mode == "points":
        recognition.update(min_total=min_total, mandatory=list(mandatory))
    return parse_criteria_set({
        "id": "thu-nghiem", "version": 1, "title": "Bộ thử nghiệm", "valid_from": "2025-01-01",
        "valid_to": None, "recognition": recognition,
        "criteria": [
            {"code": code, "title": f"Tiêu chí {code}",
             "points": str(sum((Decimal(i["points"]) for i in items), Decimal(0))), "items": items}
            for code, items in criteria
        ],
    })


def one_ratio_set(points, target, allow_na=False):
    return make_set(("C1", [ratio("C1.1", points, target, allow_na)]))


# ---------------------------------------------------------------- check

def test_check_true_scores_full_points_and_passes():
    r = score_item(REF.item("TC02.3"), True)
    assert (r.answered, r.passed, r.score, r.max) == (True, True, D("1.00"), D("1.00"))
    assert r.status == "passed"


def test_check_false_scores_zero_and_fails():
    r = score_item(REF.item("TC07.2"), False)
    assert (r.answered, r.passed, r.score, r.max) == (True, False, D("0.00"), D("4.00"))
    assert r.status == "failed"


# ---------------------------------------------------------------- count_at_least

@pytest.mark.parametrize(
    "code, answer, passed, score",
    [
        ("TC02.7", 1, False, "0.00"),   # min 2: min - 1
        ("TC02.7", 2, True, "1.00"),    # exactly min
        ("TC02.7", 7, True, "1.00"),    # above
        ("TC02.2", 0, False, "0.00"),   # min 1
        ("TC02.2", 1, True, "1.00"),
        ("TC13.1", 2, False, "0.00"),   # min 3, 4 points
        ("TC13.1", 3, True, "4.00"),
        ("TC13.1", 4, True, "4.00"),
        ("TC13.2", 11, False, "0.00"),  # min 12
        ("TC13.2", 12, True, "4.00"),
        ("TC13.2", 40, True, "4.00"),
    ],
)
def test_count_at_least(code, answer, passed, score):
    r = score_item(REF.item(code), answer)
    assert r.answered is True
    assert r.passed is passed
    assert r.score == D(score)


def test_count_with_min_zero_passes_with_zero():
    cs = make_set(("C1", [count("C1.1", "3", 0)]))
    r = score_item(cs.item("C1.1"), 0)
    assert (r.passed, r.score) == (True, D("3.00"))


# ---------------------------------------------------------------- ratio

@pytest.mark.parametrize(
    "code, n, d, passed, score",
    [
        # at or above target: full points
        ("TC03.3", 9, 10, True, "2.00"),      # target 0.9, exactly at it
        ("TC03.3", 95, 100, True, "2.00"),
        ("TC03.3", 10, 10, True, "2.00"),
        ("TC06.1", 1, 2, True, "6.00"),       # target 0.5, exactly at it
        ("TC09.1", 8, 8, True, "8.00"),       # target 1
        # below target: points × (n/d) / target, rounded once half up
        ("TC03.3", 8, 10, False, "1.78"),     # 2 × 0.8 / 0.9 = 16/9 = 1.777…
        ("TC04.1", 3, 4, False, "5.00"),      # 6 × 0.75 / 0.9 = 5
        ("TC06.1", 1, 4, False, "3.00"),      # 6 × 0.25 / 0.5 = 3
        ("TC06.1", 1, 3, False, "4.00"),      # 6 × (1/3) / 0.5 = 4
        ("TC09.1", 7, 8, False, "7.00"),      # 8 × 7/8 = 7
        ("TC09.1", 2, 3, False, "5.33"),      # 16/3 = 5.333…
        ("TC09.1", 5, 6, False, "6.67"),      # 20/3 = 6.666…
        ("TC11.2", 1, 2, False, "2.50"),      # 4 × 0.5 / 0.8 = 2.5
        ("TC11.2", 3, 10, False, "1.50"),     # 4 × 0.3 / 0.8 = 1.5 (1.4999… in floats)
        ("TC10.1", 89, 100, False, "6.92"),   # 7 × 0.89 / 0.9 = 6.9222…
        ("TC03.3", 1791, 2000, False, "1.99"),  # 2 × 0.8955 / 0.9 = 1.99 exactly
        ("TC09.1", 999, 1000, False, "7.99"),   # 7.992
        ("TC09.1", 0, 5, False, "0.00"),
    ],
)
def test_ratio(code, n, d, passed, score):
    r = score_item(REF.item(code), Ratio(n, d))
    assert r.answered is True
    assert r.passed is passed
    assert r.score == D(score)
    assert r.rate == Fraction(n, d)


@pytest.mark.parametrize(
    "points, target, n, d, expected",
    [
        ("1", "1", 1, 8, "0.13"),      # 0.125: half up 0.13, banker's 0.12, round(0.125, 2) == 0.12
        ("1", "1", 5, 8, "0.63"),      # 0.625: half up 0.63, banker's 0.62
        ("1", "1", 3, 8, "0.38"),      # 0.375
        ("1", "0.8", 1, 10, "0.13"),   # 0.1 / 0.8 = 0.125 exactly
        ("2.01", "1", 1, 2, "1.01"),   # 1.005: float 2.01 * 0.5 rounds to 1.0
        ("1", "0.9", 2, 3, "0.74"),    # 20/27 = 0.7407…
        ("1", "1", 1, 200, "0.01"),    # 0.005 rounds up
        ("1", "1", 1, 201, "0.00"),    # 0.004975… rounds down
        ("1", "1", 1, 3, "0.33"),
        ("1", "1", 2, 3, "0.67"),
    ],
)
def test_ratio_rounds_once_half_up_to_two_decimals(points, target, n, d, expected):
    cs = one_ratio_set(points, target)
    r = score_item(cs.item("C1.1"), Ratio(n, d))
    assert r.passed is False
    assert r.score == D(expected)
    assert fmt(r.score) == expected


def test_ratio_na_where_allowed_scores_full_and_passes():
    r = score_item(REF.item("TC04.2"), NA)
    assert (r.answered, r.passed, r.score) == (True, True, D("4.00"))


def test_ratio_zero_denominator_where_na_allowed_scores_full_and_passes():
    item = REF.item("TC08.1")
    answer = answer_from_json(item, {"numerator": 0, "denominator": 0})
    r = score_item(item, answer)
    assert (r.answered, r.passed, r.score) == (True, True, D("4.00"))


def test_criterion_score_is_the_sum_of_rounded_item_points():
    # each item: 1 × 1/8 = 0.125 → 0.13; the sum of rounded points is 0.26, of exact ones 0.25
    cs = make_set(("C1", [ratio("C1.1", "1", "1"), ratio("C1.2", "1", "1")]))
    answers = {"C1.1": Ratio(1, 8), "C1.2": Ratio(1, 8)}
    c = score_criterion(cs.criterion("C1"), answers)
    assert [i.score for i in c.items] == [D("0.13"), D("0.13")]
    assert c.score == D("0.26")
    result = score_set(cs, answers)
    assert result.total == D("0.26")
    assert result.to_json()["total"] == "0.26"


def test_total_is_the_sum_of_rounded_item_points():
    # three criteria of one item each: 1 × 1/3 = 0.333… → 0.33; total 0.99, not 1.00
    cs = make_set(*[(f"C{k}", [ratio(f"C{k}.1", "1", "1")]) for k in (1, 2, 3)])
    result = score_set(cs, {f"C{k}.1": Ratio(1, 3) for k in (1, 2, 3)})
    assert [c.score for c in result.criteria] == [D("0.33")] * 3
    assert result.total == D("0.99")


def test_points_with_more_than_two_decimals_are_refused_when_the_set_is_loaded():
    """Item points are kept to 2 decimals (half-up): a set with 0.125 + 1.875 could exceed its
    criterion once rounded, so the validator refuses such points, naming the item."""
    with pytest.raises(CriteriaSetError) as excinfo:
        make_set(("C1", [check("C1.1", "0.125"), check("C1.2", "1.875")]))
    assert any(p.startswith("C1.1:") for p in excinfo.value.problems)
    assert any(p.startswith("C1.2:") for p in excinfo.value.problems)


# ---------------------------------------------------------------- input errors

def assert_answer_error(call, code, field=None):
    with pytest.raises(AnswerError) as excinfo:
        call()
    err = excinfo.value
    assert err.code == code
    assert err.message and VIETNAMESE.search(err.message), err.message
    if field is not None:
        assert err.field == field
    return err


@pytest.mark.parametrize("code", ["TC01.3", "TC03.3", "TC09.1", "TC10.2"])
def test_na_where_not_allowed_is_an_input_error(code):
    item = REF.item(code)
    assert item.allow_na is False
    assert_answer_error(lambda: answer_from_json(item, "na"), code)
    assert_answer_error(lambda: validate_answer(item, NA), code)


@pytest.mark.parametrize("code", ["TC01.3", "TC09.1"])
def test_zero_denominator_where_na_not_allowed_is_an_input_error(code):
    item = REF.item(code)
    assert_answer_error(lambda: answer_from_json(item, {"numerator": 0, "denominator": 0}), code, "denominator")


@pytest.mark.parametrize(
    "raw, field",
    [
        ({"numerator": 5, "denominator": 3}, "numerator"),     # n > d
        ({"numerator": 1, "denominator": 0}, None),            # n > d, d = 0
        ({"numerator": -1, "denominator": 3}, "numerator"),
        ({"numerator": 1, "denominator": -3}, "denominator"),
        ({"numerator": 1.5, "denominator": 3}, "numerator"),
        ({"numerator": 1, "denominator": 3.0}, "denominator"),
        ({"numerator": "1", "denominator": 3}, "numerator"),
        ({"numerator": True, "denominator": 3}, "numerator"),
        ({"numerator": 1, "denominator": True}, "denominator"),
        ({"numerator": 1}, None),
        ({"numerator": 1, "denominator": 2, "rate": 0.5}, None),
        (0.9, None),                                           # a typed percentage
        ("90%", None),
        (1, None),
        (True, None),
        (None, None),
        ("NA", None),
    ],
)
@pytest.mark.parametrize("code", ["TC06.1", "TC09.1"])  # allow_na true and false
def test_invalid_ratio_answers_are_input_errors(code, raw, field):
    item = REF.item(code)
    assert_answer_error(lambda: answer_from_json(item, raw), code, field)


@pytest.mark.parametrize("raw", [-1, 1.5, 3.0, "3", True, False, None, "na", {"numerator": 1, "denominator": 2}])
def test_invalid_count_answers_are_input_errors(raw):
    item = REF.item("TC13.1")
    assert_answer_error(lambda: answer_from_json(item, raw), "TC13.1")


@pytest.mark.parametrize("raw", [1, 0, "true", "yes", None, "na", {"numerator": 1, "denominator": 1}])
def test_invalid_check_answers_are_input_errors(raw):
    item = REF.item("TC02.3")
    assert_answer_error(lambda: answer_from_json(item, raw), "TC02.3")


@pytest.mark.parametrize("answer", [True, 1.5, -2, NA, Ratio(1, 2)])
def test_validate_answer_refuses_typed_count_answers(answer):
    assert_answer_error(lambda: validate_answer(REF.item("TC02.7"), answer), "TC02.7")


@pytest.mark.parametrize(
    "code, raw, expected",
    [
        ("TC02.3", True, True), ("TC02.3", False, False),
        ("TC13.1", 0, 0), ("TC13.1", 12, 12),
        ("TC09.1", {"numerator": 3, "denominator": 4}, Ratio(3, 4)),
        ("TC09.1", {"numerator": 0, "denominator": 4}, Ratio(0, 4)),
        ("TC06.1", "na", NA),
        ("TC06.1", {"numerator": 0, "denominator": 0}, Ratio(0, 0)),
    ],
)
def test_valid_json_answers_round_trip(code, raw, expected):
    item = REF.item(code)
    answer = answer_from_json(item, raw)
    assert answer == expected
    assert type(answer) is type(expected)
    assert answer_to_json(answer) == raw
    assert answer_from_json(item, json.loads(json.dumps(answer_to_json(answer)))) == expected


# ---------------------------------------------------------------- criteria

def test_unanswered_item_scores_zero_and_leaves_the_criterion_incomplete():
    answers = {"TC01.1": True, "TC01.2": True}
    c = score_criterion(REF.criterion("TC01"), answers)
    unanswered = c.items[2]
    assert unanswered.code == "TC01.3"
    assert (unanswered.answered, unanswered.passed, unanswered.score) == (False, False, D("0.00"))
    assert unanswered.status == "unanswered"
    assert c.score == D("3.00")
    assert c.max == D("5.00")
    assert c.complete is False
    assert c.passed is False
    assert (c.answered_count, c.item_count) == (2, 3)
    assert c.status == "pending"


def test_criterion_with_no_answers():
    c = score_criterion(REF.criterion("TC02"), {})
    assert (c.score, c.complete, c.passed, c.answered_count, c.item_count) == (D("0.00"), False, False, 0, 8)


def test_criterion_passes_when_complete_and_every_item_passed():
    c = score_criterion(REF.criterion("TC02"), full_answers())
    assert (c.score, c.max, c.complete, c.passed, c.status) == (D("10.00"), D("10.00"), True, True, "passed")


def test_failing_required_item_fails_the_criterion_whatever_the_score():
    c = score_criterion(REF.criterion("TC02"), with_answers(TC02_8=0))
    assert c.score == D("9.00")
    assert c.complete is True
    assert c.passed is False
    assert c.status == "failed"


def test_required_ratio_below_target_fails_the_criterion():
    c = score_criterion(REF.criterion("TC03"), with_answers(TC03_3=Ratio(89, 100)))
    assert c.score == D("4.98")  # 2 + 1 + 2 × 0.89 / 0.9 = 1.977… → 1.98
    assert c.passed is False


@pytest.mark.parametrize(
    "criterion_code, code, answer, score",
    [
        ("TC03", "TC03.2", False, "4.00"),            # check, 1 point lost
        ("TC10", "TC10.2", Ratio(0, 10), "7.00"),     # ratio, 3 points lost
        ("TC10", "TC10.2", Ratio(1, 2), "8.50"),      # 7 + 3 × 0.5
        ("TC12", "TC12.2", Ratio(1, 2), "6.50"),      # 4 + 4 × 0.5 / 0.8 = 4 + 2.5
        ("TC13", "TC13.2", 11, "4.00"),               # count below min 12
    ],
)
def test_failing_optional_item_only_loses_points(criterion_code, code, answer, score):
    assert REF.item(code).required is False
    c = score_criterion(REF.criterion(criterion_code), with_answers(**{code.replace(".", "_"): answer}))
    item_result = next(i for i in c.items if i.code == code)
    assert item_result.passed is False
    assert c.score == D(score)
    assert c.complete is True
    assert c.passed is True


def test_unanswered_optional_item_still_leaves_the_criterion_incomplete():
    c = score_criterion(REF.criterion("TC13"), with_answers(TC13_2=None))
    assert (c.score, c.complete, c.passed) == (D("4.00"), False, False)


# ---------------------------------------------------------------- the set

def test_full_answers_score_100_and_are_recognised():
    result = score_set(REF, full_answers())
    assert isinstance(result, SetResult)
    assert result.total == D("100.00")
    assert result.max == D("100.00")
    assert result.complete is True
    assert result.recognised is True
    assert result.passed_count == 13
    assert (result.answered_count, result.item_count) == (32, 32)
    assert result.mandatory_failed == ()


def test_no_answers():
    result = score_set(REF, {})
    assert (result.total, result.max, result.complete, result.recognised, result.passed_count) == (
        D("0.00"), D("100.00"), False, False, 0)
    assert all(c.status == "pending" for c in result.criteria)


def test_set_totals_and_passed_count():
    answers = with_answers(
        TC04_1=Ratio(0, 10),     # -6, TC04 fails
        TC11_2=Ratio(3, 10),     # 4 × 0.3 / 0.8 = 1.50: -2.50, TC11 fails
        TC13_2=0,                # -4, TC13 still passes (required: false)
    )
    result = score_set(REF, answers)
    assert result.total == D("87.50")
    assert result.passed_count == 11
    assert result.complete is True
    assert result.recognised is False  # 87.50 < 90
    assert result.criterion("TC04").score == D("4.00")
    assert result.criterion("TC11").score == D("3.50")
    assert result.criterion("TC13").passed is True
    assert result.item("TC11.2").score == D("1.50")


def test_incomplete_set_is_not_recognised_even_with_high_points():
    result = score_set(REF, with_answers(TC13_2=None))
    assert result.total == D("96.00")
    assert result.complete is False
    assert result.criterion("TC13").complete is False
    assert all(result.criterion(m).passed for m in ("TC02", "TC08", "TC09", "TC10"))
    assert result.recognised is False


def test_points_mode_recognised_exactly_at_min_total():
    answers = with_answers(TC04_1=Ratio(0, 10), TC13_2=0)  # -6 -4
    result = score_set(REF, answers)
    assert result.total == D("90.00")
    assert result.to_json()["total"] == "90.00"
    assert result.complete is True
    assert result.recognised is True


def test_points_mode_not_recognised_just_below_min_total():
    # TC03.3: 2 × 0.8955 / 0.9 = 1.99, one cent short
    answers = with_answers(TC04_1=Ratio(0, 10), TC13_2=0, TC03_3=Ratio(1791, 2000))
    result = score_set(REF, answers)
    assert result.total == D("89.99")
    assert result.complete is True
    assert result.recognised is False


def test_points_mode_not_recognised_when_a_mandatory_criterion_fails():
    # TC10 is mandatory; TC10.1 (required) at 0.89 of target 0.9 → 6.92
    result = score_set(REF, with_answers(TC10_1=Ratio(89, 100)))
    assert result.total == D("99.92")
    assert result.complete is True
    assert result.criterion("TC10").passed is False
    assert result.mandatory_failed == ("TC10",)
    assert result.recognised is False


def test_points_mode_mandatory_criterion_passes_despite_failing_optional_item():
    result = score_set(REF, with_answers(TC10_2=Ratio(0, 10)))  # TC10.2 is required: false
    assert result.total == D("97.00")
    assert result.criterion("TC10").passed is True
    assert result.recognised is True


def test_points_mode_non_mandatory_criterion_may_fail():
    result = score_set(REF, with_answers(TC01_3=Ratio(11, 12)))  # 2 × 11/12 = 1.833… → 1.83
    assert result.total == D("99.83")
    assert result.criterion("TC01").passed is False
    assert result.passed_count == 12
    assert result.recognised is True


def test_na_answers_count_as_passed_in_the_set():
    answers = with_answers(TC04_2=NA, TC06_1=NA, TC08_1=Ratio(0, 0), TC08_2=NA, TC11_2=NA, TC12_1=NA, TC12_2=NA)
    result = score_set(REF, answers)
    assert result.total == D("100.00")
    assert result.recognised is True


ALL_PASS_DATA = copy.deepcopy(REF_DATA)
ALL_PASS_DATA["recognition"] = {"mode": "all_pass"}
ALL_PASS = parse_criteria_set(ALL_PASS_DATA)


def test_all_pass_mode_recognised_when_every_criterion_passes():
    result = score_set(ALL_PASS, full_answers(ALL_PASS))
    assert result.recognised is True
    assert result.mode == "all_pass"


def test_all_pass_mode_ignores_points_of_optional_items():
    answers = with_answers(TC13_2=0, TC10_2=Ratio(0, 5), TC03_2=False, TC12_2=Ratio(0, 5))
    result = score_set(ALL_PASS, answers)
    assert result.total == D("88.00")  # 100 - 4 - 3 - 1 - 4: below what points mode asks for
    assert result.passed_count == 13
    assert result.recognised is True


def test_all_pass_mode_refuses_when_any_criterion_fails():
    answers = with_answers(TC04_1=Ratio(89, 100))  # not mandatory in points mode
    assert score_set(REF, answers).recognised is True
    result = score_set(ALL_PASS, answers)
    assert result.passed_count == 12
    assert result.recognised is False


def test_all_pass_mode_incomplete_is_not_recognised():
    result = score_set(ALL_PASS, with_answers(TC01_1=None))
    assert result.complete is False
    assert result.recognised is False


def test_points_mode_with_custom_min_total_and_mandatory():
    cs = make_set(("A", [check("A.1", "6")]), ("B", [check("B.1", "4")]),
                  min_total="6", mandatory=["B"])
    assert score_set(cs, {"A.1": True, "B.1": True}).recognised is True
    assert score_set(cs, {"A.1": True, "B.1": False}).recognised is False   # 6 ≥ 6 but B fails
    assert score_set(cs, {"A.1": False, "B.1": True}).recognised is False   # 4 < 6


# ---------------------------------------------------------------- to_json

def test_to_json_shape_and_two_decimal_strings():
    answers = with_answers(TC04_1=Ratio(0, 10), TC11_2=Ratio(3, 10), TC13_2=0)
    data = score_set(REF, answers).to_json()
    assert set(data) == {"set", "version", "total", "max", "complete", "recognised", "passed_count", "criteria"}
    assert data["set"] == "de-an-06-kieu-mau"
    assert data["version"] == 1
    assert data["total"] == "87.50"
    assert data["max"] == "100.00"
    assert data["complete"] is True
    assert data["recognised"] is False
    assert data["passed_count"] == 11
    assert [c["code"] for c in data["criteria"]] == [f"TC{n:02d}" for n in range(1, 14)]
    for c in data["criteria"]:
        assert set(c) == {"code", "score", "max", "passed", "complete"}
        assert TWO_DECIMALS.match(c["score"]) and TWO_DECIMALS.match(c["max"]), c
        assert isinstance(c["passed"], bool) and isinstance(c["complete"], bool)
    by_code = {c["code"]: c for c in data["criteria"]}
    assert by_code["TC01"] == {"code": "TC01", "score": "5.00", "max": "5.00", "passed": True, "complete": True}
    assert by_code["TC04"] == {"code": "TC04", "score": "4.00", "max": "10.00", "passed": False, "complete": True}
    assert by_code["TC11"]["score"] == "3.50"
    assert json.loads(json.dumps(data)) == data


def test_to_json_of_an_empty_assessment():
    data = score_set(REF, {}).to_json()
    assert data["total"] == "0.00"
    assert all(c["score"] == "0.00" and c["complete"] is False for c in data["criteria"])


def test_round_half_up_and_fmt():
    assert round_half_up(Fraction(1, 8)) == D("0.13")
    assert round_half_up(Fraction(1, 200)) == D("0.01")
    assert round_half_up(Fraction(0)) == D("0.00")
    assert round_half_up(Fraction(2675, 1000)) == D("2.68")
    assert round_half_up(Fraction(2665, 1000)) == D("2.67")
    assert fmt(D("87.5")) == "87.50"
    assert fmt(D("100")) == "100.00"
    assert fmt(D("0")) == "0.00"


# ---------------------------------------------------------------- answer_from_form

CHECK = REF.item("TC02.3")
COUNT = REF.item("TC13.1")
RATIO = REF.item("TC09.1")          # allow_na false
RATIO_NA = REF.item("TC04.2")       # allow_na true


@pytest.mark.parametrize("value, expected", [("yes", True), ("no", False), ("", None), (" yes ", True)])
def test_form_check(value, expected):
    assert answer_from_form(CHECK, {"value": value}) is expected


def test_form_check_missing_field_is_unanswered():
    assert answer_from_form(CHECK, {}) is None


@pytest.mark.parametrize("value", ["maybe", "true", "1", "có"])
def test_form_check_other_values_are_refused(value):
    assert_answer_error(lambda: answer_from_form(CHECK, {"value": value}), "TC02.3", "value")


@pytest.mark.parametrize("value, expected", [("12", 12), (" 12 ", 12), ("0", 0), ("007", 7)])
def test_form_count(value, expected):
    answer = answer_from_form(COUNT, {"value": value})
    assert answer == expected and type(answer) is int


@pytest.mark.parametrize("value", ["", "   "])
def test_form_count_empty_is_unanswered(value):
    assert answer_from_form(COUNT, {"value": value}) is None


@pytest.mark.parametrize("value", ["abc", "1.5", "1,5", "12abc", "١٢", "+"])
def test_form_count_not_an_integer(value):
    err = assert_answer_error(lambda: answer_from_form(COUNT, {"value": value}), "TC13.1", "value")
    if value == "abc":
        assert "abc" in err.message


def test_form_count_negative():
    err = assert_answer_error(lambda: answer_from_form(COUNT, {"value": "-3"}), "TC13.1", "value")
    assert "âm" in err.message  # "số âm": negative


def test_form_ratio():
    assert answer_from_form(RATIO, {"numerator": "3", "denominator": "4"}) == Ratio(3, 4)
    assert answer_from_form(RATIO, {"numerator": " 40 ", "denominator": "40"}) == Ratio(40, 40)


def test_form_ratio_numerator_above_denominator():
    err = assert_answer_error(lambda: answer_from_form(RATIO, {"numerator": "5", "denominator": "3"}),
                              "TC09.1", "numerator")
    assert "5" in err.message and "3" in err.message


@pytest.mark.parametrize("form", [{"numerator": "", "denominator": ""}, {}, {"numerator": "  ", "denominator": ""}])
def test_form_ratio_both_empty_is_unanswered(form):
    assert answer_from_form(RATIO, form) is None


@pytest.mark.parametrize(
    "form, field",
    [
        ({"numerator": "3", "denominator": ""}, "denominator"),
        ({"numerator": "", "denominator": "3"}, "numerator"),
        ({"numerator": "x", "denominator": "3"}, "numerator"),
        ({"numerator": "1", "denominator": "3.5"}, "denominator"),
        ({"numerator": "-1", "denominator": "3"}, "numerator"),
        ({"numerator": "0", "denominator": "0"}, "denominator"),  # allow_na false
    ],
)
def test_form_ratio_errors_name_the_field(form, field):
    assert_answer_error(lambda: answer_from_form(RATIO, form), "TC09.1", field)


def test_form_ratio_na_where_allowed():
    assert answer_from_form(RATIO_NA, {"na": "1", "numerator": "", "denominator": ""}) is NA
    r = score_item(RATIO_NA, answer_from_form(RATIO_NA, {"na": "1"}))
    assert (r.passed, r.score) == (True, D("4.00"))


def test_form_ratio_zero_denominator_where_na_allowed_scores_full():
    answer = answer_from_form(RATIO_NA, {"numerator": "0", "denominator": "0"})
    r = score_item(RATIO_NA, answer)
    assert (r.passed, r.score) == (True, D("4.00"))


def test_form_ratio_na_where_not_allowed_is_refused():
    assert_answer_error(lambda: answer_from_form(RATIO, {"na": "1"}), "TC09.1")
