"""Inspection rules: when results differ, when a reason is owed, and what the team's answer is."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from .answers import Answer
from .criteria import CriteriaSet, Item
from .scoring import score_item


def results_differ(item: Item, first: Answer | None, second: Answer | None) -> bool:
    """Two answers differ when they give the item a different score or a different pass/fail.

    Raw counts may differ (11/12 against 22/24) without a different result; then no reason is owed.
    """
    a, b = score_item(item, first), score_item(item, second)
    return (a.answered, a.score, a.passed) != (b.answered, b.score, b.passed)


def member_reason_required(item: Item, ward: Answer | None, member: Answer | None) -> bool:
    """An inspector owes a reason wherever their answer's result differs from the ward's."""
    return member is not None and results_differ(item, ward, member)


def members_disagree(item: Item, members: Sequence[Answer | None]) -> bool:
    answered = [m for m in members if m is not None]
    return any(results_differ(item, answered[0], other) for other in answered[1:])


def team_reason_required(item: Item, ward: Answer | None, team: Answer | None,
                         members: Sequence[Answer | None]) -> bool:
    """The lead owes a reason where the team's result differs from the ward's, or the members disagree."""
    if team is None:
        return False
    return results_differ(item, ward, team) or members_disagree(item, members)


def unanimous(item: Item, members: Sequence[Answer | None]) -> Answer | None:
    """The members' common answer when every member answered and all results agree, else None."""
    if not members or any(m is None for m in members) or members_disagree(item, members):
        return None
    return members[0]


@dataclass(frozen=True)
class Outstanding:
    item_code: str
    reason: str


def outstanding_for_finalising(criteria_set: CriteriaSet, ward: Mapping[str, Answer],
                               team: Mapping[str, Answer], team_reasons: Mapping[str, str],
                               members: Mapping[str, Sequence[Answer | None]]) -> list[Outstanding]:
    """What the lead must still do before the team's scoring can be finalised."""
    out = []
    for item in criteria_set.items():
        answer = team.get(item.code)
        if answer is None:
            out.append(Outstanding(item.code, "Chưa có kết quả của đoàn"))
        elif team_reason_required(item, ward.get(item.code), answer, members.get(item.code, ())) \
                and not (team_reasons.get(item.code) or "").strip():
            out.append(Outstanding(item.code, "Cần nêu lý do (khác kết quả tự đánh giá hoặc các thành viên chấm khác nhau)"))
    return out
