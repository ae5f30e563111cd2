"""Concurrent autosaves against a live server on SQLite: throughput, latency, errors.

Starts the app on a fresh SQLite file (WAL, BEGIN IMMEDIATE), logs in N ward sessions and has them
save answers as fast as they can for a fixed number of requests each. Prints figures; asserts nothing.
Usage: python bench/autosave.py [clients=20] [requests_per_client=50]
"""
from __future__ import annotations

import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from criteria_app import create_app  # noqa: E402
from criteria_app.extensions import db  # noqa: E402


def main(clients: int = 20, per_client: int = 50) -> None:
    tmp = tempfile.mkdtemp()
    app = create_app({"MODE": "test", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite",
                      "UPLOAD_FOLDER": f"{tmp}/uploads", "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": True})
    with app.app_context():
        db.create_all()
        from criteria_app.services.demo import load_demo
        from criteria_app.services.uow import transaction
        with transaction():
            load_demo("bench-pass")
        from criteria_app.models import Assessment
        assessment_id = db.session.execute(db.select(Assessment.id).filter_by(unit_name="Phường Nghi Thu")).scalar_one()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"

    def session():
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        page = opener.open(base + "/login").read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        opener.open(base + "/login", urllib.parse.urlencode(
            {"csrf_token": token, "username": "nghithu", "password": "bench-pass"}).encode())
        return opener, token

    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counts = ["TC02.2", "TC02.6", "TC02.7", "TC02.8", "TC13.1", "TC13.2"]

    def worker(i: int, opener, token: str) -> None:
        for n in range(per_client):
            code = counts[(i + n) % len(counts)]
            body = urllib.parse.urlencode({"value": str(n % 7)}).encode()
            request = urllib.request.Request(f"{base}/danh-gia/{assessment_id}/chi-tieu/{code}", data=body,
                                             headers={"HX-Request": "true", "X-CSRFToken": token})
            start = time.perf_counter()
            try:
                opener.open(request).read()
            except Exception as exc:  # noqa: BLE001 - counted, not raised
                with lock:
                    errors.append(repr(exc))
                continue
            with lock:
                latencies.append(time.perf_counter() - start)

    sessions = [session() for _ in range(clients)]
    threads = [threading.Thread(target=worker, args=(i, *sessions[i])) for i in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    server.shutdown()
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    print(f"autosave on SQLite: {clients} clients x {per_client} saves")
    print(f"  requests ok      {len(latencies)}")
    print(f"  errors           {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    print(f"  throughput       {len(latencies) / wall:.0f} req/s")
    print(f"  latency median   {statistics.median(latencies) * 1000:.1f} ms")
    print(f"  latency p95      {p(0.95):.1f} ms")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
