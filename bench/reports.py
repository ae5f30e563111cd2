"""Time and peak memory of the whole-campaign recognition report, run the way production runs it:
synthetic campaigns made by the `flask synthetic` command, then the background job in a worker process.

Usage: python bench/reports.py [units ...]     (default: 130 3321)
Prints figures; asserts nothing. bench/run.py calls report_job() on its own database.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLASK = [sys.executable, "-m", "flask", "--app", "criteria_app.wsgi"]

# One job of `kind` for the campaign of the synthetic province with `units` units, in a fresh process
# as an RQ worker would run it; prints status, seconds, the process's peak resident size, the file.
WORKER = """
import sys, time, resource
from criteria_app import create_app
from criteria_app.extensions import db
from criteria_app.models import Campaign, Job, User
from criteria_app.services import jobs
app = create_app()
with app.app_context():
    user = db.session.execute(db.select(User).filter_by(username=f"tinh.thunghiem{sys.argv[1]}")).scalar_one()
    campaign = db.session.execute(db.select(Campaign).filter_by(province_id=user.actor.province_id)
                                  .order_by(Campaign.id.desc())).scalars().first()
    job = Job(id="bench" + sys.argv[1] + sys.argv[2] + str(time.time_ns()), kind=sys.argv[2], campaign_id=campaign.id,
              province_id=user.actor.province_id, requested_by_id=user.id)
    db.session.add(job); db.session.commit()
    start = time.perf_counter()
    jobs.run(job.id)
    db.session.refresh(job)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{job.status} {time.perf_counter() - start:.2f} {peak} {job.result_path}")
"""


def report_job(units: int, kind: str, env: dict, cwd: Path = ROOT) -> dict:
    out = subprocess.run([sys.executable, "-c", WORKER, str(units), kind], cwd=cwd, env=env,
                         capture_output=True, text=True, check=True).stdout.split()
    status, seconds, peak, path = out[-4], float(out[-3]), int(out[-2]), out[-1]
    size = Path(path).stat().st_size if status == "done" else 0
    pages = None
    if path.endswith(".pdf") and status == "done":
        info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
        pages = next((int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:")), None)
    if status == "done":
        Path(path).unlink()   # kept under the instance folder otherwise, one per run
    return {"units": units, "kind": kind, "status": status, "seconds": seconds, "peak_mb": peak / 1024,
            "size_kb": size / 1024, "pages": pages}


def describe(r: dict) -> str:
    return (f"  {r['kind']:<17} {r['status']:<5} {r['seconds']:7.1f} s   peak {r['peak_mb']:7.0f} MB   "
            f"{r['size_kb']:8.0f} KB" + (f"   {r['pages']} pages" if r["pages"] else ""))


def main(sizes: list[int]) -> None:
    for units in sizes:
        tmp = tempfile.mkdtemp()
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite", "CRITERIA_APP_MODE": "development",
               "UPLOAD_FOLDER": f"{tmp}/uploads"}
        env.pop("REDIS_URL", None)
        subprocess.run(FLASK + ["db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
        start = time.perf_counter()
        subprocess.run(FLASK + ["synthetic", "--units", str(units)], cwd=ROOT, env=env, check=True, capture_output=True)
        print(f"{units} units (synthetic data made in {time.perf_counter() - start:.1f} s, whole process)")
        for kind in ("recognition_xlsx", "recognition_pdf"):
            print(describe(report_job(units, kind, env)))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [130, 3321])
