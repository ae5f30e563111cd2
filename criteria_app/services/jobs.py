"""Background jobs: RQ on Redis when REDIS_URL is set (production, and the tests here), an in-process
thread otherwise (the embedded default). A job reports its progress in its row; the page polls it."""
from __future__ import annotations

import json
import os
import secrets
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from flask import Flask, current_app

from ..domain.records import JobStatus
from ..extensions import db
from ..models import Campaign, Job, User, utcnow
from .errors import NotFound
from .uow import transaction

_executor: ThreadPoolExecutor | None = None
RUNNERS: dict[str, Callable] = {}   # kind -> runner(job, progress) -> (bytes, filename, content type)


def runner(kind: str):
    def register(func):
        RUNNERS[kind] = func
        return func
    return register


def results_dir() -> Path:
    path = Path(current_app.instance_path) / "reports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def enqueue(kind: str, user: User, *, campaign_id: int | None = None, **params) -> Job:
    """Record a job; once committed, `dispatch` hands it to a worker."""
    if kind not in RUNNERS:
        raise KeyError(kind)
    job = Job(id=secrets.token_hex(16), kind=kind, params=json.dumps(params, ensure_ascii=False),
              campaign_id=campaign_id, province_id=user.actor.province_id, requested_by_id=user.id,
              message="Đang chờ xử lý", status=JobStatus.QUEUED)
    db.session.add(job)
    db.session.flush()
    return job


def dispatch(job: Job) -> None:
    """Send a committed job to RQ (REDIS_URL set) or to the in-process worker thread."""
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        from redis import Redis
        from rq import Queue
        Queue(current_app.config.get("RQ_QUEUE", "reports"), connection=Redis.from_url(redis_url)).enqueue(
            "criteria_app.worker.run_job", job.id, job_timeout=3600, result_ttl=0, failure_ttl=24 * 3600)
    else:
        global _executor
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-job")
        app = current_app._get_current_object()
        _executor.submit(_run_in_app, app, job.id)


def recent_jobs(campaign: Campaign, limit: int = 8) -> list[Job]:
    return list(db.session.execute(db.select(Job).filter_by(campaign_id=campaign.id)
                                   .order_by(Job.created_at.desc()).limit(limit)).scalars())


def job_campaign(job: Job) -> Campaign:
    """The campaign a job reports on (a runner's input)."""
    campaign = db.session.get(Campaign, job.campaign_id) if job.campaign_id else None
    if campaign is None:
        raise NotFound("Đợt đánh giá không còn tồn tại.")
    return campaign


def _run_in_app(app: Flask, job_id: str) -> None:
    with app.app_context():
        run(job_id)


def _set(job_id: str, **values) -> None:
    """Progress is written in its own short transaction, visible to the polling page at once."""
    with transaction():
        db.session.execute(db.update(Job).where(Job.id == job_id).values(**values))


def run(job_id: str) -> None:
    """Run one job inside an application context (criteria_app.worker provides one to RQ)."""
    job = db.session.get(Job, job_id)
    if job is None:
        return
    _set(job_id, status=JobStatus.RUNNING, progress=1, message="Đang xử lý")

    def progress(percent: int, message: str = "") -> None:
        _set(job_id, progress=max(1, min(99, int(percent))), message=message or "Đang xử lý")

    try:
        data, filename, content_type = RUNNERS[job.kind](job, progress)
        path = results_dir() / f"{job_id}{Path(filename).suffix}"
        tmp = path.with_suffix(".part")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        _set(job_id, status=JobStatus.DONE, progress=100, message="Hoàn thành", result_path=str(path),
             result_name=filename, result_type=content_type, finished_at=utcnow())
    except Exception as exc:  # a failed job is shown as failed, with its reason, never as a hang
        db.session.rollback()
        current_app.logger.error("job %s failed: %s", job_id, traceback.format_exc())
        _set(job_id, status=JobStatus.FAILED, message="Không tạo được báo cáo", error=f"{type(exc).__name__}: {exc}"[:2000],
             finished_at=utcnow())
