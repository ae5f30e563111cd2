"""The one scoring engine (docs/criteria-format.md): exact arithmetic, half-up once per item."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Mapping

from .answers import NA, Answer, Ratio, validate_answer
from .criteria import CriteriaSet, Criterion, Item

CENT = Decimal("0.01")


def round_half_up(value: Fraction) -> Decimal:
    """Round a non-negative exact value to 2 decimals, half up."""
    return _cents(value.numerator, value.denominator)


def _cents(numerator: int, denominator: int) -> Decimal:
    """numerator/denominator (non-negative integers) rounded half up to hundredths, exactly."""
    whole, rest = divmod(100 * numerator, denominator)
    if 2 * rest >= denominator:
        whole += 1
    return Decimal(whole).scaleb(-2)


@lru_cache(maxsize=4096)
def _ratio(value: Decimal) -> tuple[int, int]:
    """A decimal as an exact integer ratio (cached: a set has few distinct points and targets)."""
    return value.as_integer_ratio()


@lru_cache(maxsize=4096)
def _full(points: Decimal) -> Decimal:
    return _cents(*_ratio(points))


def fmt(value: Decimal) -> str:
    """Scores are written with exactly two decimals: '87.50'."""
    return str(value.quantize(CENT))


@dataclass(frozen=True)
class ItemResult:
    code: str
    answered: bool
    passed: bool
    score: Decimal
    max: Decimal
    rate: Fraction | None = None  # ratio items with a denominator > 0

    @property
    def status(self) -> str:
        return "unanswered" if not self.answered else ("passed" if self.passed else "failed")


@dataclass(frozen=True)
class CriterionResult:
    code: str
    score: Decimal
    max: Decimal
    passed: bool
    complete: bool
    answered_count: int
    item_count: int
    items: tuple[ItemResult, ...]

    @property
    def status(self) -> str:
        """'passed' (đạt), 'failed' (không đạt) or 'pending' (chưa chấm: not every item answered)."""
        if not self.complete:
            return "pending"
        return "passed" if self.passed else "failed"


@dataclass(frozen=True)
class SetResult:
    set_id: str
    version: int
    total: Decimal
    max: Decimal
    complete: bool
    recognised: bool
    passed_count: int
    criteria: tuple[CriterionResult, ...]
    min_total: Decimal | None
    mandatory: tuple[str, ...]
    mode: str

    def criterion(self, code: str) -> CriterionResult:
        for c in self.criteria:
            if c.code == code:
                return c
        raise KeyError(code)

    def item(self, code: str) -> ItemResult:
        for c in self.criteria:
            for i in c.items:
                if i.code == code:
                    return i
        raise KeyError(code)

    @property
    def mandatory_failed(self) -> tuple[str, ...]:
        return tuple(code for code in self.mandatory if not self.criterion(code).passed)

    @property
    def answered_count(self) -> int:
        return sum(c.answered_count for c in self.criteria)

    @property
    def item_count(self) -> int:
        return sum(c.item_count for c in self.criteria)

    def to_json(self) -> dict:
        return {
            "set": self.set_id,
            "version": self.version,
            "total": fmt(self.total),
            "max": fmt(self.max),
            "complete": self.complete,
            "recognised": self.recognised,
            "passed_count": self.passed_count,
            "criteria": [
                {"code": c.code, "score": fmt(c.score), "max": fmt(c.max),
                 "passed": c.passed, "complete": c.complete}
                for c in self.criteria
            ],
        }


def score_item(item: Item, answer: Answer | None) -> ItemResult:
    full = _full(item.points)
    if answer is None:
        return ItemResult(item.code, answered=False, passed=False, score=Decimal("0.00"), max=full)
    validate_answer(item, answer)
    if item.kind == "check":
        passed = answer is True
        return ItemResult(item.code, True, passed, full if passed else Decimal("0.00"), full)
    if item.kind == "count_at_least":
        passed = answer >= item.min
        return ItemResult(item.code, True, passed, full if passed else Decimal("0.00"), full)
    # ratio: "na", or a denominator of 0 where allowed, passes with full points
    if answer is NA or (isinstance(answer, Ratio) and answer.denominator == 0):
        return ItemResult(item.code, True, True, full, full)
    n, d = answer.numerator, answer.denominator
    t_num, t_den = _ratio(item.target)
    rate = Fraction(n, d)
    if n * t_den >= t_num * d:                       # n/d >= target, in integers
        return ItemResult(item.code, True, True, full, full, rate)
    p_num, p_den = _ratio(item.points)
    # points × (n/d) / target, exactly, rounded once half up
    points = _cents(p_num * n * t_den, p_den * d * t_num)
    return ItemResult(item.code, True, False, points, full, rate)


def score_criterion(criterion: Criterion, answers: Mapping[str, Answer]) -> CriterionResult:
    items = tuple(score_item(i, answers.get(i.code)) for i in criterion.items)
    complete = all(r.answered for r in items)
    passed = complete and all(r.passed for i, r in zip(criterion.items, items) if i.required)
    return CriterionResult(
        code=criterion.code,
        score=sum((r.score for r in items), Decimal("0.00")),
        max=_full(criterion.points),
        passed=passed,
        complete=complete,
        answered_count=sum(1 for r in items if r.answered),
        item_count=len(items),
        items=items,
    )


def score_set(criteria_set: CriteriaSet, answers: Mapping[str, Answer]) -> SetResult:
    criteria = tuple(score_criterion(c, answers) for c in criteria_set.criteria)
    total = sum((c.score for c in criteria), Decimal("0.00"))
    complete = all(c.complete for c in criteria)
    rec = criteria_set.recognition
    by_code = {c.code: c for c in criteria}
    if not complete:
        recognised = False
    elif rec.mode == "points":
        recognised = total >= rec.min_total and all(by_code[m].passed for m in rec.mandatory)
    else:
        recognised = all(c.passed for c in criteria)
    return SetResult(
        set_id=criteria_set.id,
        version=criteria_set.version,
        total=total,
        max=_full(criteria_set.max_points),
        complete=complete,
        recognised=recognised,
        passed_count=sum(1 for c in criteria if c.passed),
        criteria=criteria,
        min_total=rec.min_total,
        mandatory=rec.mandatory if rec.mode == "points" else (),
        mode=rec.mode,
    )
