"""Criteria sets as data: dataclasses, parsing and validation (docs/criteria-format.md)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Iterator

KINDS = ("check", "count_at_least", "ratio")
EVIDENCE = ("required", "photo", "optional")
MODES = ("points", "all_pass")


class CriteriaSetError(ValueError):
    """A set was refused; `problems` holds one Vietnamese message per problem, each naming a code."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Item:
    code: str
    kind: str
    label: str
    label_en: str
    points: Decimal
    required: bool
    evidence: str
    min: int | None = None
    unit: str | None = None
    target: Decimal | None = None
    allow_na: bool = False
    numerator: str | None = None
    denominator: str | None = None


@dataclass(frozen=True)
class Criterion:
    code: str
    title: str
    title_en: str
    points: Decimal
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Recognition:
    mode: str
    min_total: Decimal | None
    mandatory: tuple[str, ...]


@dataclass(frozen=True)
class CriteriaSet:
    id: str
    version: int
    title: str
    title_en: str
    legal_basis: str
    valid_from: date
    valid_to: date | None
    recognition: Recognition
    criteria: tuple[Criterion, ...]
    _items: dict[str, Item] = field(default_factory=dict, compare=False, repr=False)
    _criterion_of: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for c in self.criteria:
            for i in c.items:
                self._items[i.code] = i
                self._criterion_of[i.code] = c.code

    @property
    def max_points(self) -> Decimal:
        return sum((c.points for c in self.criteria), Decimal(0))

    def items(self) -> Iterator[Item]:
        return iter(self._items.values())

    def item(self, code: str) -> Item:
        return self._items[code]

    def has_item(self, code: str) -> bool:
        return code in self._items

    def criterion(self, code: str) -> Criterion:
        for c in self.criteria:
            if c.code == code:
                return c
        raise KeyError(code)

    def criterion_of(self, item_code: str) -> Criterion:
        return self.criterion(self._criterion_of[item_code])


def content_hash(data: dict[str, Any]) -> str:
    """Hash of a set's canonical JSON: the same content always gives the same hash."""
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class _Reader:
    """Collects every problem instead of stopping at the first one."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def get(self, obj: Any, key: str, types: type | tuple[type, ...], where: str, *, optional: bool = False):
        if not isinstance(obj, dict):
            self.problem(where, "phải là một đối tượng JSON")
            return None
        if key not in obj or (optional and obj[key] is None):
            if not optional:
                self.problem(where, f"thiếu trường '{key}'")
            return None
        value = obj[key]
        # bool is an int in Python; a JSON true is never a valid number here
        if isinstance(value, bool) and bool not in _as_tuple(types):
            self.problem(where, f"trường '{key}' sai kiểu")
            return None
        if not isinstance(value, types):
            self.problem(where, f"trường '{key}' sai kiểu")
            return None
        return value

    def decimal(self, obj: Any, key: str, where: str, *, optional: bool = False) -> Decimal | None:
        raw = self.get(obj, key, str, where, optional=optional)
        if raw is None:
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            self.problem(where, f"trường '{key}' phải là số thập phân viết dạng chuỗi, nhận '{raw}'")
            return None
        if not value.is_finite() or value < 0:
            self.problem(where, f"trường '{key}' phải là số không âm, nhận '{raw}'")
            return None
        if key == "points" and value.as_tuple().exponent < -2:
            # Scores are kept to 2 decimals; finer points could not add up once rounded.
            self.problem(where, f"điểm '{raw}' có quá 2 chữ số thập phân")
            return None
        return value

    def iso_date(self, obj: Any, key: str, where: str, *, optional: bool = False) -> date | None:
        raw = self.get(obj, key, str, where, optional=optional)
        if raw is None:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            self.problem(where, f"trường '{key}' phải là ngày ISO (YYYY-MM-DD), nhận '{raw}'")
            return None


def _as_tuple(types: type | tuple[type, ...]) -> tuple[type, ...]:
    return types if isinstance(types, tuple) else (types,)


def _parse_item(r: _Reader, raw: Any, fallback: str) -> Item | None:
    code = r.get(raw, "code", str, fallback) if isinstance(raw, dict) else None
    where = code or fallback
    if not isinstance(raw, dict):
        r.problem(where, "phải là một đối tượng JSON")
        return None
    kind = r.get(raw, "kind", str, where)
    if kind is not None and kind not in KINDS:
        r.problem(where, f"loại chỉ tiêu không hợp lệ '{kind}' (chỉ nhận {', '.join(KINDS)})")
    label = r.get(raw, "label", str, where)
    label_en = r.get(raw, "label_en", str, where, optional=True) or ""
    points = r.decimal(raw, "points", where)
    required = r.get(raw, "required", bool, where)
    evidence = r.get(raw, "evidence", str, where)
    if evidence is not None and evidence not in EVIDENCE:
        r.problem(where, f"giá trị 'evidence' không hợp lệ '{evidence}' (chỉ nhận {', '.join(EVIDENCE)})")
    extra: dict[str, Any] = {}
    if kind == "count_at_least":
        minimum = raw.get("min")
        if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 0:
            r.problem(where, f"'min' phải là số nguyên không âm, nhận {json.dumps(minimum, ensure_ascii=False)}")
        else:
            extra["min"] = minimum
        extra["unit"] = r.get(raw, "unit", str, where)
    elif kind == "ratio":
        target = r.decimal(raw, "target", where)
        if target is not None and not (Decimal(0) < target <= Decimal(1)):
            r.problem(where, f"ngưỡng 'target' phải trong khoảng (0, 1], nhận '{raw['target']}'")
        extra["target"] = target
        extra["allow_na"] = r.get(raw, "allow_na", bool, where)
        extra["numerator"] = r.get(raw, "numerator", str, where)
        extra["denominator"] = r.get(raw, "denominator", str, where)
    if None in (code, kind, label, points, required, evidence) or None in extra.values():
        return None
    if kind not in KINDS or evidence not in EVIDENCE:
        return None
    if kind == "ratio" and not (Decimal(0) < extra["target"] <= Decimal(1)):
        return None
    return Item(code=code, kind=kind, label=label, label_en=label_en, points=points,
                required=required, evidence=evidence, **extra)


def parse_criteria_set(data: Any) -> CriteriaSet:
    """Validate a decoded JSON document and build the set; raise CriteriaSetError listing every problem."""
    r = _Reader()
    if not isinstance(data, dict):
        raise CriteriaSetError(["bộ tiêu chí: tệp phải chứa một đối tượng JSON"])
    set_id = r.get(data, "id", str, "bộ tiêu chí")
    where_set = set_id or "bộ tiêu chí"
    version = r.get(data, "version", int, where_set)
    if version is not None and version < 1:
        r.problem(where_set, "'version' phải là số nguyên dương")
    title = r.get(data, "title", str, where_set)
    title_en = r.get(data, "title_en", str, where_set, optional=True) or ""
    legal_basis = r.get(data, "legal_basis", str, where_set, optional=True) or ""
    valid_from = r.iso_date(data, "valid_from", where_set)
    valid_to = r.iso_date(data, "valid_to", where_set, optional=True)

    rec_raw = r.get(data, "recognition", dict, where_set)
    recognition = None
    if rec_raw is not None:
        mode = r.get(rec_raw, "mode", str, "recognition")
        if mode is not None and mode not in MODES:
            r.problem("recognition", f"cách công nhận không hợp lệ '{mode}' (chỉ nhận {', '.join(MODES)})")
        min_total = r.decimal(rec_raw, "min_total", "recognition", optional=mode != "points")
        mandatory = r.get(rec_raw, "mandatory", list, "recognition", optional=mode != "points") or []
        if any(not isinstance(m, str) for m in mandatory):
            r.problem("recognition", "'mandatory' phải là danh sách mã tiêu chí")
            mandatory = [m for m in mandatory if isinstance(m, str)]
        recognition = Recognition(mode=mode, min_total=min_total, mandatory=tuple(mandatory))

    criteria: list[Criterion] = []
    seen: set[str] = set()
    raw_criteria = r.get(data, "criteria", list, where_set) or []
    if not raw_criteria and "criteria" in data:
        r.problem(where_set, "bộ tiêu chí không có tiêu chí nào")
    for ci, c_raw in enumerate(raw_criteria, start=1):
        code = r.get(c_raw, "code", str, f"tiêu chí thứ {ci}") if isinstance(c_raw, dict) else None
        where = code or f"tiêu chí thứ {ci}"
        if not isinstance(c_raw, dict):
            r.problem(where, "phải là một đối tượng JSON")
            continue
        if code is not None:
            if code in seen:
                r.problem(code, "mã bị trùng")
            seen.add(code)
        c_title = r.get(c_raw, "title", str, where)
        c_title_en = r.get(c_raw, "title_en", str, where, optional=True) or ""
        c_points = r.decimal(c_raw, "points", where)
        items: list[Item] = []
        raw_items = r.get(c_raw, "items", list, where) or []
        if not raw_items and "items" in c_raw:
            r.problem(where, "tiêu chí không có chỉ tiêu nào")
        for ii, i_raw in enumerate(raw_items, start=1):
            item = _parse_item(r, i_raw, f"{where} chỉ tiêu thứ {ii}")
            if isinstance(i_raw, dict) and isinstance(i_raw.get("code"), str):
                i_code = i_raw["code"]
                if i_code in seen:
                    r.problem(i_code, "mã bị trùng")
                seen.add(i_code)
            if item is not None:
                items.append(item)
        if c_points is not None and len(items) == len(raw_items) and raw_items:
            total = sum((i.points for i in items), Decimal(0))
            if total != c_points:
                r.problem(where, f"tổng điểm các chỉ tiêu ({_plain(total)}) khác điểm của tiêu chí ({_plain(c_points)})")
        if None not in (code, c_title, c_points):
            criteria.append(Criterion(code=code, title=c_title, title_en=c_title_en,
                                      points=c_points, items=tuple(items)))
    criterion_codes = {c.code for c in criteria}
    if recognition is not None:
        for m in recognition.mandatory:
            if m not in criterion_codes:
                r.problem(m, "tiêu chí bắt buộc không có trong bộ tiêu chí")
    if r.problems:
        raise CriteriaSetError(r.problems)
    return CriteriaSet(id=set_id, version=version, title=title, title_en=title_en,
                       legal_basis=legal_basis, valid_from=valid_from, valid_to=valid_to,
                       recognition=recognition, criteria=tuple(criteria))


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")
