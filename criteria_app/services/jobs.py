"""Background jobs: RQ on Redis when REDIS_URL is set (production, and the tests here), an in-process
thread otherwise (the embedded default). A job reports its progress in its row; the page polls it.

Jobs recover: whoever holds a job (the in-process executor from the moment it is queued, an RQ
worker while it runs it) keeps a lease file fresh beside the results; a job whose lease went stale
(its process died), whose RQ job vanished or failed, or that outlived its timeout is marked failed
with a message when its page is next read, and can be started again. Transitions are conditional
updates, so a late worker never overwrites a failure, and a job never runs twice.
"""
from __future__ import annotations

import json
import os
import secrets
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from flask import Flask, current_app

from ..domain.records import JobStatus
from ..extensions import db
from ..models import Campaign, Job, User, utcnow
from .errors import NotFound, ServiceError
from .uow import transaction

_executor: ThreadPoolExecutor | None = None
RUNNERS: dict[str, Callable] = {}   # kind -> runner(job, progress) -> (bytes, filename, content type)
ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)

QUEUE_UNAVAILABLE = ("Không kết nối được hàng đợi xử lý báo cáo. Báo cáo chưa được tạo; vui lòng thử lại sau "
                     "ít phút hoặc báo quản trị hệ thống.")
DIED = "Tiến trình tạo báo cáo đã dừng giữa chừng (máy chủ hoặc tiến trình xử lý bị khởi động lại)."
LOST = "Hàng đợi xử lý không còn giữ báo cáo này."
TIMED_OUT = "Quá thời gian cho phép để tạo báo cáo."
RETRY_HINT = "Bấm «Thử lại» để tạo lại."


class QueueUnavailable(ServiceError):
    pass


def runner(kind: str):
    def register(func):
        RUNNERS[kind] = func
        return func
    return register


def results_dir() -> Path:
    """REPORTS_FOLDER, by default the folder `reports` beside UPLOAD_FOLDER (see create_app)."""
    path = Path(current_app.config["REPORTS_FOLDER"])
    path.mkdir(parents=True, exist_ok=True)
    return path


# ---------------------------------------------------------------------------------------------
# Leases: a file per held job whose modification time is the holder's last sign of life.

def _lease(job_id: str) -> Path:
    folder = results_dir() / ".leases"
    folder.mkdir(exist_ok=True)
    return folder / job_id


class _Holder:
    """The jobs this process holds, and one daemon thread that renews their leases."""

    def __init__(self):
        self.leases: dict[str, Path] = {}
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.interval = 10.0

    def hold(self, job_id: str, lease: Path, interval: float) -> None:
        lease.touch()
        with self.lock:
            self.leases[job_id] = lease
            self.interval = interval
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._renew, name="job-leases", daemon=True)
                self.thread.start()

    def release(self, job_id: str) -> None:
        with self.lock:
            lease = self.leases.pop(job_id, None)
        if lease is not None:
            lease.unlink(missing_ok=True)

    def _renew(self) -> None:
        while True:
            time.sleep(self.interval)
            with self.lock:
                leases = list(self.leases.values())
            for lease in leases:
                try:
                    lease.touch()
                except OSError:
                    pass


_holder = _Holder()


def _hold(job_id: str) -> None:
    _holder.hold(job_id, _lease(job_id), current_app.config["JOB_LEASE_RENEW_SECONDS"])


# ---------------------------------------------------------------------------------------------

def _redis():
    from redis import Redis
    return Redis.from_url(current_app.config["REDIS_URL"], socket_connect_timeout=3, socket_timeout=10)


def _queue():
    from rq import Queue
    return Queue(current_app.config.get("RQ_QUEUE", "reports"), connection=_redis())


def enqueue(kind: str, user: User, *, campaign_id: int | None = None, **params) -> Job:
    """Queue a job. QueueUnavailable (and no job left behind) when Redis does not answer.

    Two transactions of its own, around the queue: the row must be committed before a worker can
    look for it, and removed again when the queue refuses it."""
    if kind not in RUNNERS:
        raise KeyError(kind)
    with transaction():
        job = Job(id=secrets.token_hex(16), kind=kind, params=json.dumps(params, ensure_ascii=False),
                  campaign_id=campaign_id, province_id=user.actor.province_id, requested_by_id=user.id,
                  message="Đang chờ xử lý", status=JobStatus.QUEUED)
        db.session.add(job)
    if current_app.config.get("REDIS_URL"):
        from redis.exceptions import RedisError
        try:
            _queue().enqueue("criteria_app.worker.run_job", job.id, job_id=job.id,
                             job_timeout=current_app.config["REPORT_JOB_TIMEOUT"], result_ttl=0,
                             failure_ttl=24 * 3600)
        except (RedisError, OSError) as exc:
            current_app.logger.error("job %s not queued: %s", job.id, exc)
            with transaction():
                db.session.execute(db.delete(Job).where(Job.id == job.id))
            raise QueueUnavailable(QUEUE_UNAVAILABLE) from exc
    else:
        global _executor
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-job")
        _hold(job.id)
        app = current_app._get_current_object()
        _executor.submit(_run_in_app, app, job.id)
    return job


def retry(job: Job, user: User) -> Job:
    """A new job of the same kind for the same campaign, in place of a failed one."""
    if job.status != JobStatus.FAILED:
        raise ServiceError("Chỉ tạo lại được báo cáo đã lỗi.")
    return enqueue(job.kind, user, campaign_id=job.campaign_id, **json.loads(job.params or "{}"))


def _run_in_app(app: Flask, job_id: str) -> None:
    with app.app_context():
        try:
            run(job_id)
        finally:
            _holder.release(job_id)


def _set(job_id: str, **values) -> bool:
    """One short transaction, visible to the polling page at once; only while the job is active
    (a job already marked failed stays failed). True when the row was changed."""
    with transaction():
        changed = db.session.execute(db.update(Job).where(Job.id == job_id, Job.status.in_(ACTIVE))
                                     .values(**values)).rowcount
    return bool(changed)


def run(job_id: str) -> None:
    """Run one job inside an application context (criteria_app.worker provides one to RQ workers)."""
    with transaction():
        started = db.session.execute(db.update(Job).where(Job.id == job_id, Job.status == JobStatus.QUEUED)
                                     .values(status=JobStatus.RUNNING, progress=1, message="Đang xử lý")).rowcount
    if not started:          # unknown, or already given up on: never run a job twice
        return
    job = db.session.get(Job, job_id)
    holding_here = job_id not in _holder.leases
    if holding_here:
        _hold(job_id)

    def progress(percent: int, message: str = "") -> None:
        _set(job_id, progress=max(1, min(99, int(percent))), message=message or "Đang xử lý")

    try:
        data, filename, content_type = RUNNERS[job.kind](job, progress)
        path = results_dir() / f"{job_id}{Path(filename).suffix}"
        tmp = path.with_suffix(".part")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        if not _set(job_id, status=JobStatus.DONE, progress=100, message="Hoàn thành", result_path=str(path),
                    result_name=filename, result_type=content_type, finished_at=utcnow()):
            path.unlink(missing_ok=True)     # marked failed meanwhile (timed out): the file is not offered
    except Exception as exc:  # a failed job is shown as failed, with its reason, never as a hang
        db.session.rollback()
        current_app.logger.error("job %s failed: %s", job_id, traceback.format_exc())
        _set(job_id, status=JobStatus.FAILED, message="Không tạo được báo cáo", error=f"{type(exc).__name__}: {exc}"[:2000],
             finished_at=utcnow())
    finally:
        if holding_here:
            _holder.release(job_id)


# ---------------------------------------------------------------------------------------------
# Recovery

def _fail(job: Job, reason: str) -> None:
    if _set(job.id, status=JobStatus.FAILED, message="Không tạo được báo cáo", error=f"{reason} {RETRY_HINT}",
            finished_at=utcnow()):
        current_app.logger.warning("job %s marked failed: %s", job.id, reason)
    db.session.refresh(job)


def _age(moment: datetime | None) -> float:
    return 0.0 if moment is None else (utcnow() - moment).total_seconds()


def _lease_age(job: Job) -> float | None:
    try:
        return time.time() - _lease(job.id).stat().st_mtime
    except FileNotFoundError:
        return None


def _rq_verdict(job: Job) -> str | None:
    """Why RQ cannot be running this job any more, or None (alive, or Redis does not answer)."""
    from redis.exceptions import RedisError
    from rq.exceptions import NoSuchJobError
    from rq.job import Job as RqJob
    from rq.registry import StartedJobRegistry
    try:
        queue = _queue()
        StartedJobRegistry(queue=queue).cleanup()     # a dead worker's job moves to the failed registry
        try:
            status = RqJob.fetch(job.id, connection=queue.connection).get_status()
        except NoSuchJobError:
            return LOST
    except (RedisError, OSError):
        return None
    status = getattr(status, "value", status)
    if status in ("failed", "stopped", "canceled"):
        return DIED
    return None


def reconcile(job: Job) -> Job:
    """Mark an active job failed when nothing can finish it any more. Called when its page is read."""
    if job.status not in ACTIVE:
        return job
    config = current_app.config
    age = _age(job.created_at)
    if age > config["REPORT_JOB_TIMEOUT"] + config["JOB_QUEUE_LIMIT_SECONDS"]:
        _fail(job, TIMED_OUT)
        return job
    stale = config["JOB_STALE_SECONDS"]
    lease_age = _lease_age(job)
    lease_dead = (lease_age is None and age > stale) or (lease_age is not None and lease_age > stale)
    if config.get("REDIS_URL"):
        verdict = _rq_verdict(job) if age > config["JOB_ENQUEUE_GRACE_SECONDS"] else None
        if verdict is None and job.status == JobStatus.RUNNING and lease_dead:
            verdict = DIED
    else:
        verdict = DIED if lease_dead else None
    if verdict:
        _fail(job, verdict)
    return job


# ---------------------------------------------------------------------------------------------
# Retention

def cleanup(now: datetime | None = None) -> dict[str, int]:
    """Delete report files older than REPORTS_RETENTION_DAYS (their jobs stay, without a file), stray
    partial files and leases of finished jobs. Returns counts for the command's output."""
    days = current_app.config["REPORTS_RETENTION_DAYS"]
    now = now or utcnow()
    cutoff = now - timedelta(days=days)
    folder = results_dir()
    counts = {"files": 0, "jobs": 0, "partial": 0, "leases": 0}
    old = db.session.execute(db.select(Job).where(Job.result_path.is_not(None), Job.finished_at < cutoff)).scalars().all()
    for job in old:
        path = Path(job.result_path)
        if path.is_file():
            path.unlink()
            counts["files"] += 1
        job.result_path = None
        job.message = f"Tệp đã được xóa sau {days} ngày lưu giữ"
        counts["jobs"] += 1
    db.session.flush()
    kept = {Path(p).name for p in db.session.execute(db.select(Job.result_path)
                                                     .where(Job.result_path.is_not(None))).scalars()}
    horizon = time.time() - days * 86400
    for path in folder.iterdir():
        if path.is_file() and path.name not in kept and path.stat().st_mtime < horizon:
            path.unlink()
            counts["partial" if path.suffix == ".part" else "files"] += 1
    active = set(db.session.execute(db.select(Job.id).where(Job.status.in_(ACTIVE))).scalars())
    leases = folder / ".leases"
    if leases.is_dir():
        for lease in leases.iterdir():
            if lease.name not in active:
                lease.unlink(missing_ok=True)
                counts["leases"] += 1
    return counts


# ---------------------------------------------------------------------------------------------
# Reading

def recent_jobs(campaign: Campaign, limit: int = 8) -> list[Job]:
    """The campaign's latest jobs, each reconciled (a dead one shows as failed)."""
    return [reconcile(j) for j in db.session.execute(db.select(Job).filter_by(campaign_id=campaign.id)
                                                     .order_by(Job.created_at.desc()).limit(limit)).scalars()]


def job_campaign(job: Job) -> Campaign:
    """The campaign a job reports on (a runner's input)."""
    campaign = db.session.get(Campaign, job.campaign_id) if job.campaign_id else None
    if campaign is None:
        raise NotFound("Đợt đánh giá không còn tồn tại.")
    return campaign
