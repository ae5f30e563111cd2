"""Assessment statuses, who may move a record from one to the next, and the clear refusal otherwise."""
from __future__ import annotations

import enum
from dataclasses import dataclass

from .roles import Role


class Status(str, enum.Enum):
    SELF_ASSESSMENT = "self_assessment"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    INSPECTING = "inspecting"
    INSPECTED = "inspected"
    PROPOSED = "proposed"
    RECOGNISED = "recognised"
    REFUSED = "refused"
    REVOKED = "revoked"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.SELF_ASSESSMENT: "Đang tự đánh giá",
    Status.SUBMITTED: "Đã gửi",
    Status.RETURNED: "Trả lại bổ sung",
    Status.INSPECTING: "Đang kiểm tra",
    Status.INSPECTED: "Đã kiểm tra",
    Status.PROPOSED: "Đề nghị công nhận",
    Status.RECOGNISED: "Đã công nhận",
    Status.REFUSED: "Không công nhận",
    Status.REVOKED: "Đã thu hồi",
}


class Action(str, enum.Enum):
    SUBMIT = "submit"
    RETURN = "return"
    START_INSPECTION = "start_inspection"
    FINISH_INSPECTION = "finish_inspection"
    PROPOSE = "propose"
    APPROVE = "approve"
    REFUSE = "refuse"
    REVOKE = "revoke"
    REOPEN = "reopen"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.SUBMIT: "Gửi hồ sơ đề nghị",
    Action.RETURN: "Trả lại để bổ sung",
    Action.START_INSPECTION: "Bắt đầu kiểm tra thực tế",
    Action.FINISH_INSPECTION: "Hoàn thành kiểm tra (ký biên bản)",
    Action.PROPOSE: "Đề nghị công nhận",
    Action.APPROVE: "Công nhận",
    Action.REFUSE: "Không công nhận",
    Action.REVOKE: "Thu hồi",
    Action.REOPEN: "Mở lại hồ sơ",
}


@dataclass(frozen=True)
class Transition:
    action: Action
    source: Status
    target: Status
    roles: frozenset[Role]


def _t(action: Action, sources: tuple[Status, ...], target: Status, *roles: Role) -> list[Transition]:
    return [Transition(action, s, target, frozenset(roles)) for s in sources]


S = Status
TRANSITIONS: tuple[Transition, ...] = tuple(
    _t(Action.SUBMIT, (S.SELF_ASSESSMENT, S.RETURNED), S.SUBMITTED, Role.WARD_CHAIRMAN)
    + _t(Action.RETURN, (S.SUBMITTED, S.INSPECTED), S.RETURNED, Role.PROVINCE)
    + _t(Action.START_INSPECTION, (S.SUBMITTED, S.INSPECTED), S.INSPECTING, Role.TEAM_LEAD)
    + _t(Action.FINISH_INSPECTION, (S.INSPECTING,), S.INSPECTED, Role.TEAM_LEAD, Role.WARD_CHAIRMAN)
    # a ward that resubmits after a post-inspection return can be proposed on the signed minutes
    + _t(Action.PROPOSE, (S.INSPECTED, S.SUBMITTED), S.PROPOSED, Role.PROVINCE)
    + _t(Action.APPROVE, (S.PROPOSED,), S.RECOGNISED, Role.PROVINCE)
    + _t(Action.REFUSE, (S.INSPECTED, S.PROPOSED), S.REFUSED, Role.PROVINCE)
    + _t(Action.REVOKE, (S.RECOGNISED,), S.REVOKED, Role.PROVINCE)
    + _t(Action.REOPEN, (S.RECOGNISED, S.REFUSED, S.REVOKED), S.INSPECTED, Role.PROVINCE)
)

# Status in which the ward may change its own answers and evidence.
WARD_EDITABLE = frozenset({S.SELF_ASSESSMENT, S.RETURNED})


class TransitionRefused(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def find_transition(status: Status, action: Action, role: Role) -> Transition:
    """The transition for (status, action, role), or TransitionRefused with a Vietnamese reason."""
    candidates = [t for t in TRANSITIONS if t.action == action and t.source == status]
    if not candidates:
        raise TransitionRefused(
            f"Không thể «{action.label}» khi hồ sơ đang ở trạng thái «{status.label}».")
    for t in candidates:
        if role in t.roles:
            return t
    raise TransitionRefused(f"Vai trò «{role.label}» không được «{action.label}».")


@dataclass(frozen=True)
class Facts:
    """What a guard needs to know about the record besides its status."""
    inspection_signed: bool = False   # minutes of an inspection confirmed by both sides
    minutes_confirmed: bool = False   # the current inspection's minutes carry both confirmations


def guard(action: Action, facts: Facts) -> None:
    """Conditions beyond the table; raise TransitionRefused with the reason."""
    if action == Action.PROPOSE and not facts.inspection_signed:
        raise TransitionRefused("Chưa có biên bản kiểm tra thực tế đã ký; chưa thể đề nghị công nhận.")
    if action == Action.FINISH_INSPECTION and not facts.minutes_confirmed:
        raise TransitionRefused("Biên bản kiểm tra cần trưởng đoàn và Chủ tịch UBND xã/phường cùng xác nhận.")


def allowed_actions(status: Status, role: Role) -> list[Action]:
    return [t.action for t in TRANSITIONS if t.source == status and role in t.roles]
