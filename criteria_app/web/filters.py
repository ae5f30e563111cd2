"""Template helpers: score formatting, rates, dates, labels, permissions."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from flask import Flask
from flask_babel import gettext

from ..domain import permissions
from ..domain.scoring import fmt
from ..domain.text import percent
from ..domain.workflow import Action, Status
from .i18n import LANGUAGE_NAMES, current_lang, is_english, lang_url

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


# --------------------------------------------------------------------------- language-aware filters
# The filters above write Vietnamese; these follow the language of the request (web/i18n.py) and
# give exactly the same text as the ones above when it is Vietnamese.

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def t(label):
    """A Vietnamese label kept as data (status, role, result...) in the current language.

    The labels are listed for extraction in web/labels_i18n.py; anything else comes back unchanged.
    """
    if not isinstance(label, str) or not label:
        return label   # gettext("") would return the catalogue's header
    return gettext(label)


def c_title(criterion) -> str:
    """A criterion's title: title_en in English when the set has one, else the Vietnamese title."""
    return (is_english() and getattr(criterion, "title_en", "")) or criterion.title


def i_label(item) -> str:
    """An item's label: label_en in English when the set has one, else the Vietnamese label."""
    return (is_english() and getattr(item, "label_en", "")) or item.label


def lscore(value: Decimal) -> str:
    """A score with a decimal comma in Vietnamese ('87,50'), a decimal point in English ('87.50')."""
    return fmt(value) if is_english() else score(value)


def lpoints(value: Decimal) -> str:
    """Points without a zero fraction, as item points are printed: '2', '1,50' (Vietnamese), '1.50' (English)."""
    text = lscore(value)
    return text[:-3] if text.endswith((",00", ".00")) else text


def lrate(value: Fraction | None) -> str:
    """rate() with a decimal point in English: '91.7%'."""
    text = rate(value)
    return text.replace(",", ".") if is_english() else text


def lratio_rate(v) -> str:
    text = ratio_rate(v)
    return text.replace(",", ".") if is_english() else text


def lfile_size(size: int) -> str:
    """file_size() with a decimal point in English: '1.5 MB'."""
    text = file_size(size)
    return text.replace(",", ".") if is_english() else text


def llocal_time(value: datetime | None) -> str:
    """local_time() in the current language: '14:05 ngày 03/05/2024' or '14:05, 3 May 2024'."""
    if value is None or not is_english():
        return local_time(value)
    at = value.replace(tzinfo=timezone.utc).astimezone(LOCAL)
    return f"{at:%H:%M}, {at.day} {MONTHS_EN[at.month - 1]} {at.year}"


def register(app: Flask) -> None:
    app.jinja_env.filters.update(score=score, rate=rate, ratio_rate=ratio_rate, file_size=file_size, local_time=local_time, dom_id=dom_id,
                                 fromjson=json.loads, answer_json=answer_json, reject_key=reject_key)
    app.jinja_env.globals.update(STATUS_TEXT=STATUS_TEXT, Status=Status, Action=Action)

    @app.context_processor
    def _menu():
        """The links of the top bar and of record lists, from the permission predicates."""
        from flask_login import current_user
        if not current_user.is_authenticated:
            return {"menu": {}}
        actor = current_user.actor
        return {"menu": {"province": permissions.can_use_admin(actor), "admin": permissions.can_use_admin(actor),
                         "opens_inspection": permissions.opens_as_inspection(actor),
                         "inspection_link": lambda status: permissions.shows_inspection_link(actor, status)}}
    app.jinja_env.filters.update(t=t, c_title=c_title, i_label=i_label, lscore=lscore, lpoints=lpoints, lrate=lrate,
                                 lratio_rate=lratio_rate, lfile_size=lfile_size, llocal_time=llocal_time)
    app.jinja_env.globals.update(current_lang=current_lang, lang_url=lang_url, LANGUAGE_NAMES=LANGUAGE_NAMES)
