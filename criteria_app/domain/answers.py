"""Answers to items: their types, parsing from JSON and from form fields, with Vietnamese messages."""
from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping, Union

from .criteria import Item


class NotApplicable:
    """'Không phát sinh': nothing of that kind happened in the period."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NA"


NA = NotApplicable()


@dataclass(frozen=True)
class Ratio:
    numerator: int
    denominator: int

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.numerator, self.denominator) if self.denominator else None


Answer = Union[bool, int, Ratio, NotApplicable]


class AnswerError(ValueError):
    """An invalid answer. `field` names the input at fault ('value', 'numerator', 'denominator')."""

    def __init__(self, code: str, message: str, field: str = "value"):
        self.code = code
        self.message = message
        self.field = field
        super().__init__(f"{code}: {message}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# A count or either side of a ratio: far above any commune's or province's figures, far below what a
# database integer, a spreadsheet cell or Python's int() of a typed string would choke on.
COUNT_MAX = 999_999_999
COUNT_DIGITS = len(str(COUNT_MAX))
TOO_LARGE = "Số quá lớn: tối đa 999.999.999."


def validate_answer(item: Item, answer: Answer, *, bounded: bool = False) -> Answer:
    """Check a typed answer against its item's kind and rules; return it unchanged.

    `bounded`: also refuse numbers above COUNT_MAX, as every input does; a stored answer is read as it is."""
    code = item.code
    if item.kind == "check":
        if not isinstance(answer, bool):
            raise AnswerError(code, "Chỉ nhận Có hoặc Không.")
    elif item.kind == "count_at_least":
        if not _is_int(answer):
            raise AnswerError(code, "Phải là một số nguyên.")
        if answer < 0:
            raise AnswerError(code, "Không được là số âm.")
        if bounded and answer > COUNT_MAX:
            raise AnswerError(code, TOO_LARGE)
    elif item.kind == "ratio":
        if answer is NA:
            if not item.allow_na:
                raise AnswerError(code, "Chỉ tiêu này không được chọn «Không phát sinh».")
            return answer
        if not isinstance(answer, Ratio):
            raise AnswerError(code, "Phải nhập hai số: tử số và mẫu số.")
        n, d = answer.numerator, answer.denominator
        if not _is_int(n):
            raise AnswerError(code, "Phải là một số nguyên.", "numerator")
        if not _is_int(d):
            raise AnswerError(code, "Phải là một số nguyên.", "denominator")
        if n < 0:
            raise AnswerError(code, "Không được là số âm.", "numerator")
        if d < 0:
            raise AnswerError(code, "Không được là số âm.", "denominator")
        if bounded and n > COUNT_MAX:
            raise AnswerError(code, TOO_LARGE, "numerator")
        if bounded and d > COUNT_MAX:
            raise AnswerError(code, TOO_LARGE, "denominator")
        if d == 0 and not item.allow_na:
            raise AnswerError(code, "Mẫu số phải lớn hơn 0.", "denominator")
        if n > d:
            raise AnswerError(code, f"Tử số ({n}) không được lớn hơn mẫu số ({d}).", "numerator")
    else:  # pragma: no cover - kinds are validated when the set is loaded
        raise AnswerError(code, f"Loại chỉ tiêu không hỗ trợ: {item.kind}")
    return answer


# What each kind of item accepts in the JSON form of an answer (answers files, stored values).
JSON_FORMS = {
    "check": "Có/Không: true hoặc false",
    "count_at_least": "số nguyên không âm, ví dụ 3",
    "ratio": 'tỷ lệ {"numerator": n, "denominator": d} với n, d là số nguyên, 0 ≤ n ≤ d',
}


def json_form(item: Item) -> str:
    form = JSON_FORMS[item.kind]
    return form + ', hoặc "na" (không phát sinh)' if item.kind == "ratio" and item.allow_na else form


def _shown(raw: Any) -> str:
    """A value as it was written in JSON (null, not None), cut short if long."""
    text = json.dumps(raw, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "…"


def _not_the_form(item: Item, raw: Any) -> AnswerError:
    return AnswerError(item.code, f"Câu trả lời không hợp lệ {_shown(raw)}; chỉ tiêu này nhận {json_form(item)}.")


def answer_from_json(item: Item, raw: Any) -> Answer:
    """Decode the JSON form of an answer (true/false, integer, {numerator, denominator}, "na")."""
    if item.kind == "check":
        if isinstance(raw, bool):
            return raw
        raise _not_the_form(item, raw)
    if item.kind == "count_at_least":
        if _is_int(raw) and raw >= 0:
            return raw
        raise _not_the_form(item, raw)
    if isinstance(raw, str) and raw == "na":
        return validate_answer(item, NA)
    if not isinstance(raw, dict):
        raise _not_the_form(item, raw)
    if set(raw) != {"numerator", "denominator"}:
        raise AnswerError(item.code, f"Tỷ lệ phải có đúng hai khóa \"numerator\" và \"denominator\", "
                                     f"nhận {_shown(raw)}.")
    for key in ("numerator", "denominator"):
        if not _is_int(raw[key]):
            raise AnswerError(item.code, f"\"{key}\" phải là số nguyên không âm, nhận {_shown(raw[key])}.", key)
    return validate_answer(item, Ratio(raw["numerator"], raw["denominator"]))


def answer_to_json(answer: Answer) -> Any:
    if answer is NA:
        return "na"
    if isinstance(answer, Ratio):
        return {"numerator": answer.numerator, "denominator": answer.denominator}
    return answer


def _form_int(code: str, text: str | None, field: str, label: str) -> int:
    text = (text or "").strip().replace(" ", "")
    if text == "":
        raise AnswerError(code, f"Chưa nhập {label}.", field)
    if text.startswith("-") and text[1:].isdigit():
        raise AnswerError(code, "Không được là số âm.", field)
    if not text.isdigit() or not text.isascii():
        shown = text if len(text) <= 20 else text[:19] + "…"
        raise AnswerError(code, f"«{shown}» không phải là số nguyên.", field)
    if len(text.lstrip("0")) > COUNT_DIGITS:    # before int(): a 5,000-digit string is refused, not parsed
        raise AnswerError(code, TOO_LARGE, field)
    return int(text)


def answer_from_form(item: Item, form: Mapping[str, str]) -> Answer | None:
    """Decode the inputs of one item row. None means the user cleared the answer."""
    code = item.code
    if item.kind == "check":
        value = (form.get("value") or "").strip()
        if value == "":
            return None
        if value not in ("yes", "no"):
            raise AnswerError(code, "Chỉ nhận Có hoặc Không.")
        return value == "yes"
    if item.kind == "count_at_least":
        if (form.get("value") or "").strip() == "":
            return None
        return validate_answer(item, _form_int(code, form.get("value"), "value", "số lượng"), bounded=True)
    if form.get("na") in ("1", "on", "true"):
        return validate_answer(item, NA, bounded=True)
    n_text, d_text = (form.get("numerator") or "").strip(), (form.get("denominator") or "").strip()
    if n_text == "" and d_text == "":
        return None
    n = _form_int(code, n_text, "numerator", "tử số")
    d = _form_int(code, d_text, "denominator", "mẫu số")
    return validate_answer(item, Ratio(n, d), bounded=True)
