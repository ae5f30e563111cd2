"""Loading and validating criteria sets (docs/criteria-format.md, "What criteria validate and criteria load refuse").

Every refusal rule is exercised on a variant of the reference set: deep-copy the JSON, break one
thing, and check that the set is refused with a problem naming the offending code.
"""
from __future__ import annotations

import copy
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from criteria_app.domain.criteria import CriteriaSet, CriteriaSetError, content_hash, parse_criteria_set

REF_PATH = Path(__file__).resolve().parents[2] / "seeds" / "criteria" / "de-an-06-kieu-mau-v1.json"
REF_DATA = json.loads(REF_PATH.read_text(encoding="utf-8"))
SET_ID = REF_DATA["id"]


# ---------------------------------------------------------------- helpers

def ref() -> dict:
    """A fresh, independent copy of the reference JSON to mutate."""
    return copy.deepcopy(REF_DATA)


def crit(data: dict, code: str) -> dict:
    return next(c for c in data["criteria"] if c["code"] == code)


def item(data: dict, code: str) -> dict:
    return next(i for c in data["criteria"] for i in c["items"] if i["code"] == code)


def names(problem: str, code: str) -> bool:
    """True when `problem` names `code` as a whole code ("TC01" is not named by "TC01.1")."""
    return re.search(rf"(?<![\w.]){re.escape(code)}(?!\w|\.\w)", problem) is not None


def refused(data) -> list[str]:
    with pytest.raises(CriteriaSetError) as excinfo:
        parse_criteria_set(data)
    problems = excinfo.value.problems
    assert isinstance(problems, list) and problems, "a refusal must list at least one problem"
    assert all(isinstance(p, str) and p.strip() for p in problems)
    return problems


def assert_named(problems: list[str], code: str, *fragments: str) -> str:
    """Some problem names `code` (and contains every fragment); return it."""
    hits = [p for p in problems if names(p, code) and all(f in p for f in fragments)]
    assert hits, f"no problem names {code!r} with {fragments!r}; problems: {problems!r}"
    return hits[0]


# ---------------------------------------------------------------- the reference set

def test_reference_set_parses_with_13_criteria_32_items_and_100_points():
    cs = parse_criteria_set(ref())
    assert isinstance(cs, CriteriaSet)
    assert cs.id == "de-an-06-kieu-mau"
    assert cs.version == 1
    assert len(cs.criteria) == 13
    assert len(list(cs.items())) == 32
    assert cs.max_points == Decimal("100")
    assert [c.code for c in cs.criteria] == [f"TC{n:02d}" for n in range(1, 14)]


def test_reference_set_fields_are_typed():
    cs = parse_criteria_set(ref())
    assert cs.valid_from == date(2023, 1, 1)
    assert cs.valid_to is None
    assert cs.recognition.mode == "points"
    assert cs.recognition.min_total == Decimal("90")
    assert cs.recognition.mandatory == ("TC02", "TC08", "TC09", "TC10")
    assert cs.title.startswith("Bộ tiêu chí")
    # points, targets: Decimal, never float
    for c in cs.criteria:
        assert isinstance(c.points, Decimal)
        assert sum((i.points for i in c.items), Decimal(0)) == c.points
        for i in c.items:
            assert isinstance(i.points, Decimal)
            if i.kind == "ratio":
                assert isinstance(i.target, Decimal)
                assert Decimal(0) < i.target <= Decimal(1)
                assert i.numerator and i.denominator
            if i.kind == "count_at_least":
                assert isinstance(i.min, int) and i.min >= 0


def test_reference_set_items_by_code():
    cs = parse_criteria_set(ref())
    assert {i.kind for i in cs.items()} == {"check", "count_at_least", "ratio"}
    assert {i.code for i in cs.items() if not i.required} == {"TC03.2", "TC10.2", "TC12.2", "TC13.2"}
    tc13_2 = cs.item("TC13.2")
    assert (tc13_2.kind, tc13_2.min, tc13_2.unit, tc13_2.points) == ("count_at_least", 12, "đợt", Decimal("4"))
    tc04_2 = cs.item("TC04.2")
    assert (tc04_2.kind, tc04_2.target, tc04_2.allow_na) == ("ratio", Decimal("1"), True)
    assert cs.item("TC03.3").target == Decimal("0.9")
    assert cs.item("TC01.3").allow_na is False
    assert cs.criterion_of("TC02.7").code == "TC02"
    assert cs.criterion("TC09").points == Decimal("8")
    assert cs.has_item("TC12.2") and not cs.has_item("TC12.3")
    with pytest.raises(KeyError):
        cs.criterion("TC14")


def test_parsing_does_not_modify_the_input():
    data = ref()
    parse_criteria_set(data)
    assert data == REF_DATA


def test_content_hash_depends_on_content_only():
    data = ref()
    reordered = dict(reversed(list(data.items())))
    assert content_hash(data) == content_hash(reordered)
    changed = ref()
    item(changed, "TC01.1")["label"] += "."
    assert content_hash(changed) != content_hash(data)


def test_item_points_that_add_up_in_another_notation_are_accepted():
    data = ref()
    # TC01 = 5: "1.5" + "1.50" + "2" is exactly 5
    item(data, "TC01.1")["points"] = "1.5"
    item(data, "TC01.2")["points"] = "1.50"
    crit(data, "TC01")["points"] = "5.00"
    cs = parse_criteria_set(data)
    assert cs.criterion("TC01").points == Decimal("5")


def test_boundary_values_are_accepted():
    data = ref()
    item(data, "TC03.3")["target"] = "0.0001"  # just above 0
    item(data, "TC04.1")["target"] = "1"       # 1 is allowed
    item(data, "TC02.7")["min"] = 0            # min 0 is a non-negative integer
    cs = parse_criteria_set(data)
    assert cs.item("TC03.3").target == Decimal("0.0001")
    assert cs.item("TC02.7").min == 0


def test_all_pass_mode_needs_no_min_total_nor_mandatory():
    data = ref()
    data["recognition"] = {"mode": "all_pass"}
    cs = parse_criteria_set(data)
    assert cs.recognition.mode == "all_pass"


# ---------------------------------------------------------------- repeated codes

def test_repeated_criterion_code_is_refused():
    data = ref()
    crit(data, "TC03")["code"] = "TC01"
    problems = refused(data)
    assert_named(problems, "TC01", "trùng")
    assert len(problems) == 1, problems


def test_repeated_item_code_in_the_same_criterion_is_refused():
    data = ref()
    item(data, "TC02.2")["code"] = "TC02.1"
    problems = refused(data)
    assert_named(problems, "TC02.1", "trùng")
    assert len(problems) == 1, problems


def test_repeated_item_code_across_criteria_is_refused():
    data = ref()
    item(data, "TC03.1")["code"] = "TC01.1"
    problems = refused(data)
    assert_named(problems, "TC01.1", "trùng")
    assert len(problems) == 1, problems


def test_item_code_repeating_a_criterion_code_is_refused():
    data = ref()
    item(data, "TC05.1")["code"] = "TC04"
    problems = refused(data)
    assert_named(problems, "TC04", "trùng")


# ---------------------------------------------------------------- points do not add up

@pytest.mark.parametrize(
    "criterion_code, change",
    [
        ("TC01", lambda d: item(d, "TC01.1").__setitem__("points", "3")),      # items 6, criterion 5
        ("TC13", lambda d: crit(d, "TC13").__setitem__("points", "9")),        # items 8, criterion 9
        ("TC06", lambda d: item(d, "TC06.1").__setitem__("points", "5.99")),   # off by a cent
    ],
)
def test_item_points_not_adding_to_criterion_points_is_refused(criterion_code, change):
    data = ref()
    change(data)
    problems = refused(data)
    assert_named(problems, criterion_code)
    assert len(problems) == 1, problems


# ---------------------------------------------------------------- mandatory, kind, target, min, mode

def test_mandatory_code_naming_no_criterion_is_refused():
    data = ref()
    data["recognition"]["mandatory"].append("TC99")
    problems = refused(data)
    assert_named(problems, "TC99")
    assert len(problems) == 1, problems


def test_unknown_kind_is_refused():
    data = ref()
    item(data, "TC02.3")["kind"] = "yes_no"
    problems = refused(data)
    assert_named(problems, "TC02.3", "yes_no")


@pytest.mark.parametrize("target", ["0", "0.00", "1.01", "2", "-0.5", "abc", "NaN"])
def test_ratio_target_outside_zero_one_is_refused(target):
    data = ref()
    item(data, "TC03.3")["target"] = target
    problems = refused(data)
    assert_named(problems, "TC03.3")
    assert len(problems) == 1, problems


@pytest.mark.parametrize("minimum", [-1, 1.5, 2.0, True, False, "3", None])
def test_min_that_is_not_a_non_negative_integer_is_refused(minimum):
    data = ref()
    item(data, "TC02.7")["min"] = minimum
    problems = refused(data)
    assert_named(problems, "TC02.7")
    assert len(problems) == 1, problems


def test_missing_min_is_refused():
    data = ref()
    del item(data, "TC13.1")["min"]
    assert_named(refused(data), "TC13.1")


@pytest.mark.parametrize("mode", ["majority", "POINTS", "", "all-pass"])
def test_unknown_recognition_mode_is_refused(mode):
    data = ref()
    data["recognition"]["mode"] = mode
    problems = refused(data)
    assert any(f"'{mode}'" in p for p in problems), problems


# ---------------------------------------------------------------- missing fields

SET_FIELDS = ["id", "version", "title", "valid_from", "recognition", "criteria"]


@pytest.mark.parametrize("key", SET_FIELDS)
def test_missing_set_field_is_refused(key):
    data = ref()
    del data[key]
    problems = refused(data)
    assert any(f"'{key}'" in p for p in problems), problems


@pytest.mark.parametrize("key", ["mode", "min_total", "mandatory"])
def test_missing_recognition_field_in_points_mode_is_refused(key):
    data = ref()
    del data["recognition"][key]
    problems = refused(data)
    assert any(f"'{key}'" in p for p in problems), problems


@pytest.mark.parametrize("key", ["title", "points", "items"])
def test_missing_criterion_field_is_refused(key):
    data = ref()
    del crit(data, "TC05")[key]
    assert_named(refused(data), "TC05", f"'{key}'")


def test_missing_criterion_code_is_refused():
    data = ref()
    del crit(data, "TC05")["code"]
    problems = refused(data)
    assert any("'code'" in p for p in problems), problems


@pytest.mark.parametrize(
    "code, key",
    [
        ("TC01.1", "kind"), ("TC01.1", "label"), ("TC01.1", "points"), ("TC01.1", "required"),
        ("TC01.1", "evidence"),
        ("TC02.2", "unit"),
        ("TC04.2", "target"), ("TC04.2", "allow_na"), ("TC04.2", "numerator"), ("TC04.2", "denominator"),
    ],
)
def test_missing_item_field_is_refused(code, key):
    data = ref()
    del item(data, code)[key]
    assert_named(refused(data), code, f"'{key}'")


def test_missing_item_code_is_refused():
    data = ref()
    del item(data, "TC07.2")["code"]
    problems = refused(data)
    assert any("'code'" in p for p in problems), problems


# ---------------------------------------------------------------- wrong types

@pytest.mark.parametrize(
    "code, key, value",
    [
        ("TC01.1", "points", 2),          # a number, not a decimal string
        ("TC01.1", "points", 2.0),
        ("TC01.1", "points", "two"),      # a string that is no decimal
        ("TC01.1", "points", "-2"),       # negative points
        ("TC01.1", "required", "true"),   # a string, not a boolean
        ("TC01.1", "required", 1),
        ("TC01.1", "required", None),
        ("TC01.1", "kind", 3),
        ("TC01.1", "label", None),
        ("TC01.1", "evidence", True),
        ("TC01.1", "evidence", "maybe"),  # not one of required/photo/optional
        ("TC04.2", "target", 1),          # a number, not a decimal string
        ("TC04.2", "allow_na", "false"),
        ("TC04.2", "numerator", 5),
        ("TC02.2", "unit", 1),
    ],
)
def test_item_field_of_wrong_type_is_refused(code, key, value):
    data = ref()
    item(data, code)[key] = value
    assert_named(refused(data), code)


@pytest.mark.parametrize(
    "key, value",
    [("points", 5), ("points", "5 điểm"), ("title", 1), ("items", {"TC01.1": {}}), ("code", 1)],
)
def test_criterion_field_of_wrong_type_is_refused(key, value):
    data = ref()
    data["criteria"][0][key] = value
    problems = refused(data)
    if key == "code":
        assert any("'code'" in p for p in problems), problems
    else:
        assert_named(problems, "TC01")


@pytest.mark.parametrize(
    "key, value",
    [
        ("version", "1"), ("version", True), ("version", 1.0), ("id", 6), ("title", ["x"]),
        ("valid_from", "2023-13-01"), ("valid_from", "01/01/2023"), ("valid_from", 20230101),
        ("valid_to", 2024), ("recognition", "points"), ("criteria", {"TC01": {}}),
    ],
)
def test_set_field_of_wrong_type_is_refused(key, value):
    data = ref()
    data[key] = value
    problems = refused(data)
    assert any(f"'{key}'" in p for p in problems), problems


@pytest.mark.parametrize(
    "key, value", [("min_total", 90), ("min_total", "ninety"), ("mandatory", "TC02"), ("mandatory", [2]),
                   ("mode", 1)],
)
def test_recognition_field_of_wrong_type_is_refused(key, value):
    data = ref()
    data["recognition"][key] = value
    problems = refused(data)
    assert any(f"'{key}'" in p for p in problems), problems


def test_item_that_is_not_an_object_is_refused():
    data = ref()
    crit(data, "TC06")["items"] = ["TC06.1"]
    assert_named(refused(data), "TC06")


def test_criterion_that_is_not_an_object_is_refused():
    data = ref()
    data["criteria"].append("TC14")
    refused(data)


@pytest.mark.parametrize("document", [[], "bộ tiêu chí", None, 42])
def test_document_that_is_not_an_object_is_refused(document):
    refused(document)


def test_set_without_criteria_is_refused():
    data = ref()
    data["criteria"] = []
    data["recognition"]["mandatory"] = []
    refused(data)


def test_criterion_without_items_is_refused():
    data = ref()
    crit(data, "TC06")["items"] = []
    assert_named(refused(data), "TC06")


# ---------------------------------------------------------------- many problems at once

def test_every_problem_is_reported_at_once():
    data = ref()
    crit(data, "TC03")["code"] = "TC01"                 # repeated criterion code
    item(data, "TC05.2")["code"] = "TC05.1"             # repeated item code
    item(data, "TC06.1")["target"] = "1.5"              # target outside (0, 1]
    item(data, "TC02.3")["kind"] = "photo_check"        # unknown kind
    item(data, "TC13.1")["min"] = -2                    # negative min
    item(data, "TC07.2")["required"] = "yes"            # wrong type
    crit(data, "TC09")["points"] = "9"                  # items add up to 8
    data["recognition"]["mandatory"].append("TC42")     # names no criterion
    problems = refused(data)
    assert_named(problems, "TC01", "trùng")
    assert_named(problems, "TC05.1", "trùng")
    assert_named(problems, "TC06.1")
    assert_named(problems, "TC02.3", "photo_check")
    assert_named(problems, "TC13.1")
    assert_named(problems, "TC07.2")
    assert_named(problems, "TC09")
    assert_named(problems, "TC42")
    assert len(problems) >= 8


def test_error_message_lists_every_problem():
    data = ref()
    item(data, "TC06.1")["target"] = "0"
    data["recognition"]["mandatory"].append("TC42")
    with pytest.raises(CriteriaSetError) as excinfo:
        parse_criteria_set(data)
    err = excinfo.value
    assert isinstance(err, ValueError)
    assert len(err.problems) == 2
    for problem in err.problems:
        assert problem in str(err)
