"""The inspection's states (open → finalised → signed) and who may move it, like the assessment's workflow.

The lead finalises the team's scoring when nothing is outstanding; the lead and the ward chairman
then confirm the minutes in either order, and the second confirmation signs them. Before anyone
has confirmed, the lead may reopen the scoring.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass

from .workflow import TransitionRefused


class InspectionState(enum.StrEnum):
    OPEN = "open"
    FINALISED = "finalised"
    SIGNED = "signed"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS = {
    InspectionState.OPEN: "Đang chấm",
    InspectionState.FINALISED: "Đã chốt, chờ ký biên bản",
    InspectionState.SIGNED: "Biên bản đã ký",
}


class Side(enum.StrEnum):
    """Who confirms the minutes."""
    LEAD = "lead"
    CHAIRMAN = "chairman"


class InspectionAction(enum.StrEnum):
    FINALISE = "finalise"
    REOPEN = "reopen"
    CONFIRM = "confirm"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    InspectionAction.FINALISE: "Chốt kết quả của đoàn",
    InspectionAction.REOPEN: "Mở lại để chấm tiếp",
    InspectionAction.CONFIRM: "Xác nhận biên bản",
}

S, A = InspectionState, InspectionAction
# (state, action) -> the sides that may do it; CONFIRM may lead to FINALISED or SIGNED (see confirm()).
TRANSITIONS: dict[tuple[InspectionState, InspectionAction], frozenset[Side]] = {
    (S.OPEN, A.FINALISE): frozenset({Side.LEAD}),
    (S.FINALISED, A.REOPEN): frozenset({Side.LEAD}),
    (S.FINALISED, A.CONFIRM): frozenset({Side.LEAD, Side.CHAIRMAN}),
}

REFUSALS = {
    A.FINALISE: "Kết quả của đoàn đã được chốt.",
    A.REOPEN: "Chỉ mở lại được khi kết quả đã chốt và biên bản chưa có ai xác nhận.",
    A.CONFIRM: "Biên bản chỉ được xác nhận sau khi trưởng đoàn chốt kết quả và trước khi biên bản được ký.",
}


@dataclass(frozen=True)
class Minutes:
    """The inspection's state and which sides have confirmed its minutes."""
    state: InspectionState
    lead_confirmed: bool = False
    chairman_confirmed: bool = False

    def confirmed_by(self, side: Side) -> bool:
        return self.lead_confirmed if side == Side.LEAD else self.chairman_confirmed

    @property
    def any_confirmed(self) -> bool:
        return self.lead_confirmed or self.chairman_confirmed


def allowed(minutes: Minutes, action: InspectionAction, side: Side | None) -> bool:
    sides = TRANSITIONS.get((minutes.state, action))
    if not sides or side not in sides:
        return False
    if action == A.REOPEN:
        return not minutes.any_confirmed
    if action == A.CONFIRM:
        return not minutes.confirmed_by(side)
    return True


def _check(minutes: Minutes, action: InspectionAction, side: Side | None) -> None:
    if (minutes.state, action) not in TRANSITIONS or (action == A.REOPEN and minutes.any_confirmed):
        raise TransitionRefused(REFUSALS[action])
    if side not in TRANSITIONS[(minutes.state, action)]:
        raise TransitionRefused(f"Bạn không được «{action.label}».")
    if action == A.CONFIRM and minutes.confirmed_by(side):
        raise TransitionRefused("Bạn đã xác nhận biên bản này.")


def finalise(minutes: Minutes, outstanding: int) -> Minutes:
    _check(minutes, A.FINALISE, Side.LEAD)
    if outstanding:
        raise TransitionRefused(f"Còn {outstanding} chỉ tiêu chưa xong; chưa chốt được kết quả.")
    return Minutes(S.FINALISED)


def reopen(minutes: Minutes) -> Minutes:
    _check(minutes, A.REOPEN, Side.LEAD)
    return Minutes(S.OPEN)


def confirm(minutes: Minutes, side: Side) -> Minutes:
    """One side confirms; the second confirmation signs the minutes."""
    _check(minutes, A.CONFIRM, side)
    lead = minutes.lead_confirmed or side == Side.LEAD
    chairman = minutes.chairman_confirmed or side == Side.CHAIRMAN
    return Minutes(S.SIGNED if lead and chairman else S.FINALISED, lead, chairman)
