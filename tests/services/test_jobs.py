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
        original(job_id, **kw)
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
