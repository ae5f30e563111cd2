"""Invariants of the scoring engine over random valid answers (reference set and random small sets)."""
from __future__ import annotations

import ast
import copy
import decimal
import inspect
import json
import math
import random
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from criteria_app.domain import scoring
from criteria_app.domain.answers import NA, Ratio, answer_from_json, answer_to_json
from criteria_app.domain.criteria import parse_criteria_set
from criteria_app.domain.scoring import score_item, score_set

REF_PATH = Path(__file__).resolve().parents[2] / "seeds" / "criteria" / "de-an-06-kieu-mau-v1.json"
REF = parse_criteria_set(json.loads(REF_PATH.read_text(encoding="utf-8")))

# database=None: nothing is written outside the test run (no .hypothesis/ directory)
SETTINGS = settings(max_examples=100, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------- strategies

def answer_for(item) -> st.SearchStrategy:
    """Any valid answer to `item`."""
    if item.kind == "check":
        return st.booleans()
    if item.kind == "count_at_least":
        return st.integers(min_value=0, max_value=(item.min or 0) * 2 + 5)
    # two counts, the smaller one is the numerator: 0 <= n <= d, d >= 1
    ratios = st.tuples(st.integers(0, 500), st.integers(1, 500)).map(lambda t: Ratio(min(t), max(t)))
    if item.allow_na:  # "na", or a denominator of 0 which means the same
        return st.one_of(ratios, st.just(NA), st.just(Ratio(0, 0)))
    return ratios


def full_answer(item):
    if item.kind == "check":
        return True
    if item.kind == "count_at_least":
        return item.min
    return Ratio(7, 7)


@st.composite
def answers_for(draw, cs, *, complete: bool | None = None):
    """Valid answers for `cs`; complete=True answers every item, None leaves some unanswered."""
    answers = {}
    for item in cs.items():
        if complete is None and draw(st.integers(0, 4)) == 0:
            continue
        answers[item.code] = draw(answer_for(item))
    return answers


@st.composite
def criteria_sets(draw):
    """Random small valid criteria sets, in JSON form, then parsed."""
    def points() -> str:
        cents = draw(st.integers(min_value=0, max_value=2000))
        text = f"{Decimal(cents) / 100:.2f}"
        return draw(st.sampled_from([text, text.rstrip("0").rstrip(".") or "0"]))

    criteria = []
    n = 0
    for c in range(draw(st.integers(1, 4))):
        items = []
        for _ in range(draw(st.integers(1, 4))):
            n += 1
            kind = draw(st.sampled_from(["check", "count_at_least", "ratio"]))
            raw = {"code": f"K{n}", "kind": kind, "label": f"Chỉ tiêu {n}", "points": points(),
                   "required": draw(st.booleans()),
                   "evidence": draw(st.sampled_from(["required", "photo", "optional"]))}
            if kind == "count_at_least":
                raw.update(min=draw(st.integers(0, 20)), unit="lần")
            elif kind == "ratio":
                target = Fraction(draw(st.integers(1, 1000)), 1000)
                raw.update(target=f"{Decimal(target.numerator) / target.denominator}",
                           allow_na=draw(st.booleans()), numerator="Số đạt", denominator="Tổng số")
            items.append(raw)
        total = sum((Decimal(i["points"]) for i in items), Decimal(0))
        criteria.append({"code": f"C{c + 1}", "title": f"Tiêu chí {c + 1}", "points": str(total), "items": items})
    max_points = sum((Decimal(c["points"]) for c in criteria), Decimal(0))
    if draw(st.booleans()):
        recognition = {"mode": "all_pass"}
    else:
        fraction = Fraction(draw(st.integers(0, 100)), 100)
        min_total = (max_points * fraction.numerator / fraction.denominator).quantize(Decimal("0.01"))
        mandatory = [c["code"] for c in criteria if draw(st.booleans())]
        recognition = {"mode": "points", "min_total": str(min_total), "mandatory": mandatory}
    data = {"id": "ngau-nhien", "version": 1, "title": "Bộ ngẫu nhiên", "valid_from": "2025-07-01",
            "valid_to": None, "recognition": recognition, "criteria": criteria}
    return parse_criteria_set(data)


@st.composite
def set_and_answers(draw, complete: bool | None = None):
    cs = draw(st.one_of(st.just(REF), criteria_sets()))
    return cs, draw(answers_for(cs, complete=complete))


# ---------------------------------------------------------------- an independent oracle

def expected_item(item, answer) -> tuple[bool, Decimal]:
    """(passed, points) computed straight from the README with Fractions and floor(x + 1/2)."""
    def half_up(x: Fraction) -> Decimal:
        return Decimal(math.floor(x * 100 + Fraction(1, 2))) / 100

    if answer is None:
        return False, Decimal(0)
    full = half_up(Fraction(item.points))
    if item.kind == "check":
        return answer, full if answer else Decimal(0)
    if item.kind == "count_at_least":
        return answer >= item.min, full if answer >= item.min else Decimal(0)
    if answer is NA or answer.denominator == 0:
        return True, full
    rate = Fraction(answer.numerator, answer.denominator)
    if rate >= Fraction(item.target):
        return True, full
    return False, half_up(Fraction(item.points) * rate / Fraction(item.target))


def two_decimals(value) -> bool:
    return isinstance(value, Decimal) and value.as_tuple().exponent == -2


# ---------------------------------------------------------------- invariants

@SETTINGS
@given(set_and_answers())
def test_result_invariants(case):
    cs, answers = case
    result = score_set(cs, answers)

    assert two_decimals(result.total) and two_decimals(result.max)
    assert result.max == cs.max_points
    assert result.total == sum((c.score for c in result.criteria), Decimal(0))
    assert Decimal(0) <= result.total <= result.max
    assert result.passed_count == sum(1 for c in result.criteria if c.passed)
    assert result.complete == all(c.complete for c in result.criteria)
    assert result.complete == (set(answers) == {i.code for i in cs.items()})
    if result.recognised:
        assert result.complete

    for criterion, c_result in zip(cs.criteria, result.criteria):
        assert c_result.code == criterion.code
        assert two_decimals(c_result.score) and two_decimals(c_result.max)
        assert c_result.max == criterion.points
        assert c_result.score == sum((i.score for i in c_result.items), Decimal(0))
        assert Decimal(0) <= c_result.score <= c_result.max
        assert c_result.complete == all(i.code in answers for i in criterion.items)
        if c_result.passed:
            assert c_result.complete
        assert c_result.passed == (c_result.complete and all(
            r.passed for i, r in zip(criterion.items, c_result.items) if i.required))
        for item, i_result in zip(criterion.items, c_result.items):
            assert i_result.code == item.code
            assert two_decimals(i_result.score) and two_decimals(i_result.max)
            assert Decimal(0) <= i_result.score <= i_result.max
            assert i_result.answered == (item.code in answers)
            assert (i_result.passed, i_result.score) == expected_item(item, answers.get(item.code))

    data = result.to_json()
    assert data["total"] == f"{result.total:.2f}"
    for value in [data["total"], data["max"]] + [c[k] for c in data["criteria"] for k in ("score", "max")]:
        whole, _, cents = value.partition(".")
        assert whole.isdigit() and len(cents) == 2 and cents.isdigit(), value


@SETTINGS
@given(set_and_answers(complete=True))
def test_recognition_rule(case):
    cs, answers = case
    result = score_set(cs, answers)
    assert result.complete
    rec = cs.recognition
    if rec.mode == "points":
        expected = result.total >= rec.min_total and all(result.criterion(m).passed for m in rec.mandatory)
    else:
        expected = all(c.passed for c in result.criteria)
    assert result.recognised == expected


@SETTINGS
@given(st.one_of(st.just(REF), criteria_sets()))
def test_full_answers_reach_the_maximum_and_are_recognised(cs):
    result = score_set(cs, {i.code: full_answer(i) for i in cs.items()})
    assert result.total == result.max == cs.max_points
    assert result.complete and result.recognised
    assert result.passed_count == len(cs.criteria)


@SETTINGS
@given(st.data())
def test_raising_a_ratio_numerator_never_lowers_the_score(data):
    cs = data.draw(st.one_of(st.just(REF), criteria_sets()))
    ratio_items = [i for i in cs.items() if i.kind == "ratio"]
    if not ratio_items:
        cs = REF
        ratio_items = [i for i in cs.items() if i.kind == "ratio"]
    item = data.draw(st.sampled_from(ratio_items))
    d = data.draw(st.integers(1, 1000))
    n1 = data.draw(st.integers(0, d))
    n2 = data.draw(st.integers(n1, d))
    low, high = score_item(item, Ratio(n1, d)), score_item(item, Ratio(n2, d))
    assert low.score <= high.score
    assert low.passed <= high.passed
    # and it lifts the criterion and the total the same way
    answers = data.draw(answers_for(cs))
    answers_low, answers_high = dict(answers), dict(answers)
    answers_low[item.code], answers_high[item.code] = Ratio(n1, d), Ratio(n2, d)
    r_low, r_high = score_set(cs, answers_low), score_set(cs, answers_high)
    assert r_high.total - r_low.total == high.score - low.score
    assert r_low.recognised <= r_high.recognised


@SETTINGS
@given(set_and_answers(), st.randoms(use_true_random=False))
def test_order_of_answers_does_not_matter(case, rnd: random.Random):
    cs, answers = case
    pairs = list(answers.items())
    rnd.shuffle(pairs)
    shuffled = dict(pairs)
    assert score_set(cs, shuffled) == score_set(cs, answers)
    assert score_set(cs, shuffled).to_json() == score_set(cs, answers).to_json()


@SETTINGS
@given(set_and_answers())
def test_answers_survive_their_json_form(case):
    cs, answers = case
    stored = {code: json.loads(json.dumps(answer_to_json(a))) for code, a in answers.items()}
    decoded = {code: answer_from_json(cs.item(code), raw) for code, raw in stored.items()}
    assert decoded == answers
    assert score_set(cs, decoded) == score_set(cs, answers)


@SETTINGS
@given(set_and_answers())
def test_scoring_uses_no_floats(case):
    cs, answers = case
    with decimal.localcontext() as ctx:
        ctx.traps[decimal.FloatOperation] = True  # any Decimal/float mix raises
        result = score_set(cs, answers)
    values = [result.total, result.max]
    for c in result.criteria:
        values += [c.score, c.max] + [i.score for i in c.items] + [i.max for i in c.items]
        for i in c.items:
            assert i.rate is None or isinstance(i.rate, Fraction)
    assert all(type(v) is Decimal for v in values)


def test_scoring_source_has_no_float():
    """No float literal, no float() call, no true division of plain ints that would produce one."""
    tree = ast.parse(inspect.getsource(scoring))
    for node in ast.walk(tree):
        assert not (isinstance(node, ast.Constant) and isinstance(node.value, float)), ast.dump(node)
        assert not (isinstance(node, ast.Name) and node.id in ("float", "round", "math")), ast.dump(node)
