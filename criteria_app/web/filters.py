"""Template helpers: score formatting, rates, dates, labels, permissions."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from flask import Flask

from ..domain import permissions
from ..domain.scoring import fmt
from ..domain.text import percent
from ..domain.workflow import Action, Status

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
STATUS_TEXT = {"passed": "Đạt", "failed": "Không đạt", "pending": "Chưa chấm", "unanswered": "Chưa trả lời"}


def score(value: Decimal) -> str:
    """'87.50' → '87,50' as Vietnamese write decimals."""
    return fmt(value).replace(".", ",")


def rate(value: Fraction | None) -> str:
    """A rate as a percentage with one decimal, rounded half up: 11/12 → '91,7%'."""
    return "" if value is None else percent(value.numerator, value.denominator)


def ratio_rate(v) -> str:
    """The rate of a stored ratio answer ({numerator, denominator}); empty when not a rate."""
    if isinstance(v, dict) and v.get("denominator"):
        return rate(Fraction(v["numerator"], v["denominator"]))
    return ""


def file_size(size: int) -> str:
    return f"{size} B" if size < 1024 else f"{size / 1024:.0f} KB".replace(".", ",") if size < 1024 * 1024 \
        else f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def local_time(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.replace(tzinfo=timezone.utc).astimezone(LOCAL).strftime("%H:%M ngày %d/%m/%Y")


def dom_id(code: str) -> str:
    """Item codes contain dots ('TC01.1'), which CSS selectors would read as classes."""
    return "".join(ch if ch.isalnum() else "_" for ch in code)


def answer_json(answer):
    """A typed answer (bool, int, Ratio, NA) in the JSON form the templates read."""
    from ..domain.answers import answer_to_json
    return None if answer is None else answer_to_json(answer)


def reject_key(mapping: dict, key: str) -> dict:
    return {k: v for k, v in mapping.items() if k != key}


def register(app: Flask) -> None:
    app.jinja_env.filters.update(score=score, rate=rate, ratio_rate=ratio_rate, file_size=file_size, local_time=local_time, dom_id=dom_id,
                                 fromjson=json.loads, answer_json=answer_json, reject_key=reject_key)
    app.jinja_env.globals.update(STATUS_TEXT=STATUS_TEXT, Status=Status, Action=Action, permissions=permissions)
