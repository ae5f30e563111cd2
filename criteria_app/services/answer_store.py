"""Stored answers (JSON text) decoded into typed domain answers, in bulk: the ward's, each
inspector's and the team's. The one place that turns rows into `Answer`s."""
from __future__ import annotations

import json
from typing import Iterable

from ..domain.answers import Answer, answer_from_json
from ..domain.criteria import CriteriaSet
from ..extensions import db
from ..models import Answer as AnswerRow
from ..models import TeamAnswer


def decode(criteria_set: CriteriaSet, code: str, raw: str | None) -> Answer | None:
    """One stored value; None when empty or the item is not in the set."""
    if raw is None or not criteria_set.has_item(code):
        return None
    return answer_from_json(criteria_set.item(code), json.loads(raw))


def decode_rows(criteria_set: CriteriaSet, rows: Iterable[tuple[str, str | None]]) -> dict[str, Answer]:
    out = {}
    for code, raw in rows:
        answer = decode(criteria_set, code, raw)
        if answer is not None:
            out[code] = answer
    return out


def decode_grouped(criteria_set: CriteriaSet, rows: Iterable[tuple[int, str, str | None]]) -> dict[int, dict[str, Answer]]:
    """(key, item code, stored value) rows → key → item code → answer."""
    out: dict[int, dict[str, Answer]] = {}
    for key, code, raw in rows:
        answer = decode(criteria_set, code, raw)
        if answer is not None:
            out.setdefault(key, {})[code] = answer
    return out


def ward_answers(criteria_set: CriteriaSet, assessment_ids: list[int]) -> dict[int, dict[str, Answer]]:
    """The wards' answers of several assessments in one query: assessment id → item code → answer."""
    if not assessment_ids:
        return {}
    rows = db.session.execute(db.select(AnswerRow.assessment_id, AnswerRow.item_code, AnswerRow.value)
                              .where(AnswerRow.assessment_id.in_(assessment_ids), AnswerRow.value.is_not(None)))
    return decode_grouped(criteria_set, rows)


def team_answers(criteria_set: CriteriaSet, inspection_ids: list[int]) -> dict[int, dict[str, Answer]]:
    """The teams' answers of several inspections in one query: inspection id → item code → answer."""
    if not inspection_ids:
        return {}
    rows = db.session.execute(db.select(TeamAnswer.inspection_id, TeamAnswer.item_code, TeamAnswer.value)
                              .where(TeamAnswer.inspection_id.in_(inspection_ids), TeamAnswer.value.is_not(None)))
    return decode_grouped(criteria_set, rows)
