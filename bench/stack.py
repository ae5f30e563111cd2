"""The production stack for a benchmark: a database made with the app's own commands (migrations,
`flask demo`, `flask synthetic`) and gunicorn with the packaged settings, all on loopback."""
from __future__ import annotations

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-pass-06"
FLASK = [sys.executable, "-m", "flask", "--app", "criteria_app.wsgi"]
# Request line, status, server time in microseconds: what server_times() reads back.
ACCESS_FORMAT = '"%(r)s" %(s)s %(D)s'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Database:
    engine: str                      # sqlite | postgresql
    url: str
    workdir: Path
    _drop: object = None

    def env(self) -> dict:
        env = {**os.environ, "DATABASE_URL": self.url, "CRITERIA_APP_MODE": "production",
               "SECRET_KEY": "bench-" + secrets.token_hex(8), "UPLOAD_FOLDER": str(self.workdir / "uploads")}
        for key in ("REDIS_URL", "WEB_CONCURRENCY", "GUNICORN_BIND", "GUNICORN_ACCESS_LOG"):
            env.pop(key, None)                # reports in-process; the bench sets the rest on the command line
        return env

    def flask(self, *args: str) -> str:
        done = subprocess.run(FLASK + list(args), cwd=self.workdir, env=self.env(), capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def build(self, synthetic_sizes: list[int]) -> "Database":
        """Schema by the migrations, the demo data (ward users), one synthetic campaign per size."""
        self.flask("db", "upgrade")
        self.flask("demo", "--password", PASSWORD)
        for units in synthetic_sizes:   # its province officer: tinh.thunghiem<units>
            self.flask("synthetic", "--units", str(units), "--password", PASSWORD)
        return self

    def drop(self) -> None:
        if self._drop:
            self._drop()


def sqlite_database(workdir: Path) -> Database:
    return Database("sqlite", f"sqlite:///{workdir / 'bench.sqlite'}", workdir)


def postgres_database(workdir: Path, base_url: str) -> Database:
    """A schema of its own in the given database, dropped afterwards."""
    from sqlalchemy import create_engine, text

    from criteria_app.config import normalise_database_url
    url = normalise_database_url(base_url)
    schema = "bench_" + uuid.uuid4().hex[:8]
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop():
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()
    separator = "&" if "?" in url else "?"
    db = Database("postgresql", f"{url}{separator}options=-csearch_path%3D{schema}", workdir)
    db._drop = drop
    return db


class Gunicorn:
    """gunicorn -c python:criteria_app.gunicorn_conf with N workers on a free loopback port."""

    def __init__(self, db: Database, workers: int, name: str):
        self.db = db
        self.workers = workers
        self.port = free_port()
        self.access_log = db.workdir / f"{name}-access.log"
        self.server_log = db.workdir / f"{name}-server.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Gunicorn":
        self._log = open(self.server_log, "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:criteria_app.gunicorn_conf",
             "--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}",
             "--access-logfile", str(self.access_log), "--access-logformat", ACCESS_FORMAT,
             "--graceful-timeout", "5",   # at the end of a run, requests given up by the clients need not finish
             "criteria_app.wsgi:app"],
            cwd=self.db.workdir, env=self.db.env(), stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    self._wait_for_workers()
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not start:\n" + self.server_log.read_text()[-3000:])

    def _wait_for_workers(self) -> None:
        """Every worker has imported the app, so the first phase does not time their start-up."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.server_log.read_text().count("Booting worker") < self.workers:
            time.sleep(0.2)
        time.sleep(2)

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def worker_peak_rss_mb(self) -> float:
        """The largest peak resident size (VmHWM) among the live workers."""
        peaks = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{self.process.pid}$", text, re.M):
                found = re.search(r"^VmHWM:\s+(\d+) kB", text, re.M)
                if found:
                    peaks.append(int(found.group(1)) / 1024)
        return max(peaks, default=float("nan"))

    def last_traceback(self) -> str:
        """Where the last logged exception was raised and what it said."""
        text = self.server_log.read_text()
        start = text.rfind("Traceback (most recent call last)")
        if start < 0:
            return "(none in the server log)"
        lines = text[start:].splitlines()
        end = next((i for i, line in enumerate(lines[1:], 1) if line and not line.startswith((" ", "\t"))), len(lines))
        end = next((i + 1 for i in range(end, len(lines)) if lines[i].startswith("[") or i == len(lines) - 1), end)
        return "\n".join(lines[max(0, end - 12):end])

    def server_times_ms(self, path: str) -> list[float]:
        """Server time of each logged request for exactly this path (GET, any status)."""
        times = []
        for line in self.access_log.read_text().splitlines():
            found = re.match(r'"(\S+) (\S+) [^"]*" (\d+) (\d+)$', line)
            if found and found.group(2) == path:
                times.append(int(found.group(4)) / 1000)
        return times
