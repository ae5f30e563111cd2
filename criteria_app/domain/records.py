"""Kinds and states of the records around an assessment: evidence, decisions, background jobs."""
from __future__ import annotations

import enum


class EvidenceStage(enum.StrEnum):
    SELF = "self"               # the ward's evidence
    INSPECTION = "inspection"   # a photo the team took on site


class DecisionKind(enum.StrEnum):
    APPROVE = "approve"
    REFUSE = "refuse"

    @property
    def label(self) -> str:
        return {DecisionKind.APPROVE: "Công nhận", DecisionKind.REFUSE: "Không công nhận"}[self]


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
