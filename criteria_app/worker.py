"""What an RQ worker process runs: one job, inside an application made for it."""
from __future__ import annotations

from flask import has_app_context


def run_job(job_id: str) -> None:
    from .services.jobs import run
    if has_app_context():          # a test's in-process worker runs inside the test's app
        return run(job_id)
    from . import create_app
    with create_app().app_context():
        return run(job_id)
