"""Long reports run as background jobs: RQ on Redis (as in production), or in-process by default."""
import threading
import time
import uuid

import pytest

from criteria_app.extensions import db
from criteria_app.models import Job
from criteria_app.services import jobs
from tests.factories import signed

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_app(app):
    from redis import Redis
    try:
        Redis.from_url(REDIS_URL).ping()
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"Redis is not reachable at {REDIS_URL}: {exc} (make test starts it)")
    app.config.update(REDIS_URL=REDIS_URL, RQ_QUEUE=f"test-{uuid.uuid4().hex[:8]}")
    return app


@pytest.fixture
def recorded(monkeypatch):
    """Every progress value the job writes, in order."""
    values = []
    original = jobs._set

    def record(job_id, **kw):
        if "progress" in kw:
            values.append(kw["progress"])
        return original(job_id, **kw)
    monkeypatch.setattr(jobs, "_set", record)
    return values


def _work(app):
    """An RQ worker on the test's queue, in this process, with the test app (burst: until the queue is empty)."""
    from redis import Redis
    from rq import Queue, SimpleWorker
    db.session.rollback()   # the test's own read transaction would hold SQLite's write lock
    with app.app_context():
        queue = Queue(app.config["RQ_QUEUE"], connection=Redis.from_url(REDIS_URL))
        SimpleWorker([queue], connection=queue.connection).work(burst=True)


def _status(job_id):
    db.session.rollback()            # a fresh read, and no lock held while the worker writes
    job = db.session.get(Job, job_id)
    db.session.refresh(job)
    status = job.status, job.progress
    db.session.rollback()
    return status


def test_recognition_report_runs_on_redis_with_progress_and_downloads(redis_app, world, login, client, recorded):
    signed(world)
    login("tinh")
    response = client.post(f"/tinh/dot/{world.campaign.id}/bao-cao/recognition_pdf", headers={"HX-Request": "true"})
    assert response.status_code == 200 and 'data-testid="job"' in response.get_data(as_text=True)
    job_id = db.session.execute(db.select(Job.id)).scalar_one()
    assert _status(job_id) == ("queued", 0)
    # the page polls while the worker (in the main thread: RQ installs signal handlers) runs the job
    stop, polled = threading.Event(), []
    poll_client = redis_app.test_client()
    poll_client.set_cookie("session", client.get_cookie("session").value)

    def poll():
        while not stop.is_set():
            polled.append(poll_client.get(f"/tinh/bao-cao/{job_id}", headers={"HX-Request": "true"}).status_code)
            time.sleep(0.2)
    poller = threading.Thread(target=poll)
    poller.start()
    try:
        _work(redis_app)
    finally:
        stop.set()
        poller.join(10)
    assert polled and set(polled) == {200}
    assert _status(job_id) == ("done", 100)
    assert recorded == sorted(recorded) and recorded[-1] == 100 and any(0 < v < 100 for v in recorded)
    fragment = client.get(f"/tinh/bao-cao/{job_id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'data-testid="job-download"' in fragment and "hx-trigger" not in fragment   # polling stops when done
    download = client.get(f"/tinh/bao-cao/{job_id}/tai")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    assert "filename*=UTF-8''" in download.headers["Content-Disposition"]


def test_a_failing_job_is_shown_as_failed(redis_app, world, login, client, monkeypatch):
    def boom(job, progress):
        progress(30, "Bắt đầu")
        raise RuntimeError("mất kết nối cơ sở dữ liệu")
    monkeypatch.setitem(jobs.RUNNERS, "recognition_xlsx", boom)
    login("tinh")
    client.post(f"/tinh/dot/{world.campaign.id}/bao-cao/recognition_xlsx")
    job_id = db.session.execute(db.select(Job.id)).scalar_one()
    _work(redis_app)
    assert _status(job_id)[0] == "failed"
    html = client.get(f"/tinh/bao-cao/{job_id}").get_data(as_text=True)
    assert "Không tạo được báo cáo" in html and "mất kết nối cơ sở dữ liệu" in html
    assert client.get(f"/tinh/bao-cao/{job_id}/tai").status_code == 404


def test_without_redis_the_job_runs_in_process(app, world, login, client):
    signed(world)
    assert not app.config.get("REDIS_URL")
    login("tinh")
    client.post(f"/tinh/dot/{world.campaign.id}/bao-cao/recognition_xlsx")
    job_id = db.session.execute(db.select(Job.id)).scalar_one()
    deadline = time.time() + 60
    while _status(job_id)[0] not in ("done", "failed") and time.time() < deadline:
        time.sleep(0.2)
    assert _status(job_id) == ("done", 100)
    from openpyxl import load_workbook
    import io
    book = load_workbook(io.BytesIO(client.get(f"/tinh/bao-cao/{job_id}/tai").data))
    values = [c.value for row in book.worksheets[0].iter_rows() for c in row]
    assert "Phường Nghi Thu" in values


def test_another_province_cannot_see_or_download_the_job(redis_app, world, login, client):
    login("tinh")
    client.post(f"/tinh/dot/{world.campaign.id}/bao-cao/recognition_pdf")
    job_id = db.session.execute(db.select(Job.id)).scalar_one()
    client.post("/logout")
    login("tinh.hatinh")
    assert client.get(f"/tinh/bao-cao/{job_id}").status_code == 404
    assert client.get(f"/tinh/bao-cao/{job_id}/tai").status_code == 404
    assert client.post(f"/tinh/dot/{world.campaign.id}/bao-cao/recognition_pdf").status_code == 404


# --------------------------------------------------------------------------- recovery

def _job_row(world, *, status="running", progress=20, age_seconds=0.0, kind="recognition_xlsx"):
    from datetime import timedelta
    from criteria_app.models import utcnow
    job = Job(id=uuid.uuid4().hex, kind=kind, params="{}", campaign_id=world.campaign.id,
              province_id=world.province.id, requested_by_id=world.users["tinh"].id, status=status,
              progress=progress, message="Đang dàn trang PDF", created_at=utcnow() - timedelta(seconds=age_seconds))
    db.session.add(job)
    db.session.commit()
    return job.id


def _wait_until_finished(job_id):
    deadline = time.time() + 60
    while _status(job_id)[0] not in ("done", "failed") and time.time() < deadline:
        time.sleep(0.2)
    return _status(job_id)


def test_reports_go_to_the_configured_folder_beside_the_uploads(app, tmp_path):
    assert app.config["REPORTS_FOLDER"] == str(tmp_path / "reports")
    from criteria_app import create_app
    other = create_app({"MODE": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/o.sqlite",
                        "UPLOAD_FOLDER": str(tmp_path / "data" / "uploads"), "REPORTS_FOLDER": str(tmp_path / "r")})
    assert other.config["REPORTS_FOLDER"] == str(tmp_path / "r")


def test_an_unreachable_queue_is_a_message_and_leaves_no_job(app, world, login, client):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    login("tinh")
    url = f"/tinh/dot/{world.campaign.id}/bao-cao/recognition_pdf"
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "Không kết nối được hàng đợi xử lý báo cáo" in response.get_data(as_text=True)
    page = client.post(url, follow_redirects=True)
    assert page.status_code == 200 and "Không kết nối được hàng đợi xử lý báo cáo" in page.get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count(Job.id))).scalar() == 0


def test_a_job_whose_process_died_is_failed_and_can_be_retried(app, world, login, client):
    signed(world)
    dead = _job_row(world, status="running", age_seconds=app.config["JOB_STALE_SECONDS"] + 30)
    alive = _job_row(world, status="running", age_seconds=app.config["JOB_STALE_SECONDS"] + 30)
    from criteria_app.services.jobs import _lease
    with app.test_request_context():
        _lease(alive).touch()                    # its process still renews its lease
    login("tinh")
    fragment = client.get(f"/tinh/bao-cao/{dead}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert _status(dead)[0] == "failed"
    assert "Tiến trình tạo báo cáo đã dừng giữa chừng" in fragment and 'data-testid="job-retry"' in fragment
    assert "hx-trigger" not in fragment          # no more polling
    client.get(f"/tinh/bao-cao/{alive}", headers={"HX-Request": "true"})
    assert _status(alive)[0] == "running"
    listed = client.get(f"/tinh/dot/{world.campaign.id}/bao-cao").get_data(as_text=True)
    assert listed.count('data-testid="job-retry"') == 1

    retried = client.post(f"/tinh/bao-cao/{dead}/thu-lai", headers={"HX-Request": "true"})
    assert retried.status_code == 200
    new_id = db.session.execute(db.select(Job.id).where(Job.id.not_in([dead, alive]))).scalar_one()
    assert f'id="job-{new_id}"' in retried.get_data(as_text=True)
    assert _wait_until_finished(new_id) == ("done", 100)
    assert _status(dead)[0] == "failed"
    assert client.post(f"/tinh/bao-cao/{new_id}/thu-lai").status_code == 409     # only a failed job is retried


def test_a_job_past_its_timeout_is_failed(app, world, login, client):
    limit = app.config["REPORT_JOB_TIMEOUT"] + app.config["JOB_QUEUE_LIMIT_SECONDS"]
    job_id = _job_row(world, status="queued", progress=0, age_seconds=limit + 60)
    login("tinh")
    html = client.get(f"/tinh/bao-cao/{job_id}").get_data(as_text=True)
    assert _status(job_id)[0] == "failed" and "Quá thời gian cho phép để tạo báo cáo" in html


def test_a_job_given_up_on_is_never_run_nor_overwritten(app, world):
    job_id = _job_row(world, status="failed", progress=20)
    jobs.run(job_id)
    assert _status(job_id) == ("failed", 20)


def test_rq_jobs_have_a_timeout_and_a_job_the_queue_lost_is_failed(redis_app, world, login, client):
    from redis import Redis
    from rq.job import Job as RqJob
    login("tinh")
    client.post(f"/tinh/dot/{world.campaign.id}/bao-cao/recognition_xlsx")
    job_id = db.session.execute(db.select(Job.id)).scalar_one()
    connection = Redis.from_url(REDIS_URL)
    rq_job = RqJob.fetch(job_id, connection=connection)
    assert rq_job.timeout == redis_app.config["REPORT_JOB_TIMEOUT"]
    client.get(f"/tinh/bao-cao/{job_id}")
    assert _status(job_id)[0] == "queued"        # waiting in the queue is fine
    rq_job.delete()                              # Redis restarted without persistence
    redis_app.config["JOB_ENQUEUE_GRACE_SECONDS"] = 0
    html = client.get(f"/tinh/bao-cao/{job_id}").get_data(as_text=True)
    assert _status(job_id)[0] == "failed" and "Hàng đợi xử lý không còn giữ báo cáo này" in html


def test_a_job_whose_rq_worker_died_is_failed_and_can_be_retried(redis_app, world, login, client):
    """The worker was killed while running the job: RQ's started registry still lists it, but no
    worker renews its heartbeat; the job's lease is old."""
    import os
    from redis import Redis
    from rq import Queue
    from rq.job import Job as RqJob
    from rq.registry import StartedJobRegistry
    from criteria_app.services.jobs import _lease
    login("tinh")
    client.post(f"/tinh/dot/{world.campaign.id}/bao-cao/recognition_xlsx")
    job_id = db.session.execute(db.select(Job.id)).scalar_one()
    queue = Queue(redis_app.config["RQ_QUEUE"], connection=Redis.from_url(REDIS_URL))
    rq_job = RqJob.fetch(job_id, connection=queue.connection)
    queue.remove(rq_job)                                    # the worker took it...
    rq_job.set_status("started")
    queue.connection.zadd(StartedJobRegistry(queue=queue).key,  # ...and its heartbeat has expired
                          {f"{job_id}:dead-worker-execution": time.time() - 10})
    db.session.execute(db.update(Job).where(Job.id == job_id).values(status="running", progress=40))
    db.session.commit()
    with redis_app.test_request_context():
        lease = _lease(job_id)
        lease.touch()
        old = time.time() - redis_app.config["JOB_STALE_SECONDS"] - 60
        os.utime(lease, (old, old))
    redis_app.config["JOB_ENQUEUE_GRACE_SECONDS"] = 0
    html = client.get(f"/tinh/bao-cao/{job_id}").get_data(as_text=True)
    assert _status(job_id)[0] == "failed" and "Tiến trình tạo báo cáo đã dừng giữa chừng" in html
    retried = client.post(f"/tinh/bao-cao/{job_id}/thu-lai")
    assert retried.status_code == 302
    new_id = db.session.execute(db.select(Job.id).where(Job.id != job_id)).scalar_one()
    _work(redis_app)
    assert _status(new_id) == ("done", 100)


def test_cleanup_deletes_report_files_past_their_retention(app, world, runner, tmp_path):
    import os
    from datetime import timedelta
    from criteria_app.models import utcnow
    folder = tmp_path / "reports"
    folder.mkdir()
    old_file, new_file, stray = folder / "old.xlsx", folder / "new.xlsx", folder / "x.part"
    for path in (old_file, new_file, stray):
        path.write_bytes(b"PK")
    ancient = time.time() - 40 * 86400
    os.utime(stray, (ancient, ancient))
    old = _job_row(world, status="done", progress=100)
    new = _job_row(world, status="done", progress=100)
    db.session.execute(db.update(Job).where(Job.id == old).values(result_path=str(old_file), result_name="a.xlsx",
                                                                   finished_at=utcnow() - timedelta(days=31)))
    db.session.execute(db.update(Job).where(Job.id == new).values(result_path=str(new_file), result_name="b.xlsx",
                                                                   finished_at=utcnow() - timedelta(days=1)))
    db.session.commit()
    result = runner.invoke(args=["reports", "cleanup"])
    assert result.exit_code == 0, result.output
    assert "Đã xóa 1 tệp báo cáo" in result.output and "1 tệp tạm" in result.output
    assert not old_file.exists() and not stray.exists() and new_file.exists()
    db.session.expire_all()
    assert db.session.get(Job, old).result_path is None and db.session.get(Job, new).result_path == str(new_file)
