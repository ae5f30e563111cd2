"""Kinds and states of the records around an assessment: evidence, decisions, background jobs."""
from __future__ import annotations

import enum


class EvidenceStage(enum.StrEnum):
    SELF = "self"               # the ward's evidence
    INSPECTION = "inspection"   # a photo the team took on site


class DecisionKind(enum.StrEnum):
    """A recognition decision, a letter refusing recognition, a decision revoking a recognition."""
    APPROVE = "approve"
    REFUSE = "refuse"
    REVOKE = "revoke"

    @property
    def label(self) -> str:
        return {DecisionKind.APPROVE: "Công nhận", DecisionKind.REFUSE: "Không công nhận",
                DecisionKind.REVOKE: "Thu hồi công nhận"}[self]

    @property
    def document(self) -> str:
        """What the act is called: 'Quyết định công nhận', 'Công văn', 'Quyết định thu hồi'."""
        return {DecisionKind.APPROVE: "Quyết định công nhận", DecisionKind.REFUSE: "Công văn không công nhận",
                DecisionKind.REVOKE: "Quyết định thu hồi công nhận"}[self]


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def label(self) -> str:
        return {JobStatus.QUEUED: "Đang chờ", JobStatus.RUNNING: "Đang chạy", JobStatus.DONE: "Xong",
                JobStatus.FAILED: "Lỗi"}[self]
