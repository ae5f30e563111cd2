"""`make bench`: the production stack under load on loopback, and one table of figures beside the targets.

For each engine (SQLite, PostgreSQL) and each gunicorn worker count (2, 4): N clients for S seconds
on /healthz, then autosaves, then a ward's criterion page, then the province dashboard at 3,321 units;
each latency is set beside /healthz's in the same run. Then the server time of the dashboard and the
province list at 3,321 units (one client, access log), SQL statements per page at 10/500/3,321 units
(in-process), the self-assessment PDF and the 130-unit campaign report with its peak memory.

Data comes from the app's commands (migrations, `flask demo`, `flask synthetic`) and everything else
goes over HTTP, so the harness does not depend on how the app is built inside. Figures are whole-
process times on whatever machine runs this: compare ratios taken inside one run.

Usage: python bench/run.py [--quick] [--seconds S] [--clients N] [--workers 2,4] [--engines sqlite,postgresql]
                           [--json FILE]
PostgreSQL: TEST_POSTGRES_URL (a database the user may create schemas in); a schema is made and dropped.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from http_load import Client, Scenario, run_load  # noqa: E402
from reports import report_job  # noqa: E402
from stack import PASSWORD, ROOT, Gunicorn, postgres_database, sqlite_database  # noqa: E402

BIG = 3321
SIZES = [10, 500, BIG]
REPORT_UNITS = 130
COUNT_ITEMS = ("TC02.2", "TC02.6", "TC02.7", "TC02.8", "TC13.1", "TC13.2")   # count answers: any 0..6 is valid
SEQUENTIAL = 5   # one-client repeats for server times and the PDF, after one warm-up request

TARGETS = {
    "ratio": 3.0, "server_ms": 300, "statements": 10, "self_pdf_s": 1.5, "report_s": 15, "report_mb": 300,
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def cookies_of(client: Client) -> tuple:
    return tuple(client.cookies.items())


def load_phases(server: Gunicorn, clients: int, seconds: float) -> dict:
    ward = Client(server.port).login("nghithu", PASSWORD)
    status, home = ward.request("GET", "/ho-so")
    aid = re.search(rb'href="/danh-gia/(\d+)"', home).group(1).decode()
    province = Client(server.port).login(f"tinh.thunghiem{BIG}", PASSWORD)
    cid = campaign_id(province)
    scenarios = [
        Scenario("healthz", "/healthz"),
        Scenario("autosave", f"/danh-gia/{aid}/chi-tieu", cookies_of(ward), ward.csrf, COUNT_ITEMS),
        Scenario("criterion page", f"/danh-gia/{aid}/tieu-chi/TC02", cookies_of(ward)),
        Scenario(f"dashboard {BIG}", f"/tinh/dot/{cid}/tong-quan", cookies_of(province)),
    ]
    results = {}
    for scenario in scenarios:
        result = run_load(server.port, scenario, clients, seconds)
        log("  " + result.line())
        if result.errors:
            log("  the server's last traceback:\n" + server.last_traceback())
        results[scenario.name] = result
    return results


def campaign_id(province: Client) -> str:
    """The province's home redirects to its (only) campaign."""
    province.request("GET", "/tinh/")
    return re.search(r"/tinh/dot/(\d+)", province.last_location or "").group(1)


def sequential(server: Gunicorn, client: Client, path: str) -> dict:
    """One warm-up request, then SEQUENTIAL more: client-side and server-side times."""
    times = []
    for i in range(SEQUENTIAL + 1):
        began = time.perf_counter()
        status, _ = client.request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path}: HTTP {status}")
        times.append((time.perf_counter() - began) * 1000)
    server_ms = server.server_times_ms(path)[-(SEQUENTIAL + 1):]
    return {"first_ms": times[0], "client_ms": statistics.median(times[1:]),
            "server_ms": statistics.median(server_ms[1:]), "first_server_ms": server_ms[0]}


def server_time_phase(server: Gunicorn, with_pdf: bool) -> dict:
    province = Client(server.port).login(f"tinh.thunghiem{BIG}", PASSWORD)
    cid = campaign_id(province)
    out = {f"dashboard {BIG}": sequential(server, province, f"/tinh/dot/{cid}/tong-quan"),
           f"province list {BIG}": sequential(server, province, f"/tinh/dot/{cid}")}
    if with_pdf:
        ward = Client(server.port).login("nghithu", PASSWORD)
        status, home = ward.request("GET", "/ho-so")
        aid = re.search(rb'href="/danh-gia/(\d+)"', home).group(1).decode()
        out["self-assessment PDF"] = sequential(server, ward, f"/danh-gia/{aid}/bao-cao.pdf")
        out["self-assessment PDF"]["worker_peak_mb"] = server.worker_peak_rss_mb()
    for name, figures in out.items():
        log(f"  {name:<28} one client: first {figures['first_ms']:.0f} ms, then median {figures['client_ms']:.0f} ms "
            f"(server {figures['server_ms']:.0f} ms)")
    return out


def statement_counts(db) -> dict:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "queries.py"), PASSWORD] + [str(s) for s in SIZES],
                          cwd=db.workdir, env={**db.env(), "PYTHONPATH": str(ROOT)}, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError("statement counts failed:\n" + done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------------------ the table

def fmt_ms(value: float) -> str:
    if value is None or math.isnan(value):
        return "—"
    return "unanswered" if value == math.inf else f"{value:,.0f}"


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("met" if ok else "NOT met")


def table(figures: dict, clients: int, seconds: float) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for key, runs in figures["load"].items():
        engine, workers = key.split("/")
        where = f"{engine}, gunicorn {workers} workers"
        health = runs["healthz"]
        h95 = health.percentile(.95)
        rows.append((f"/healthz p50/p95/p99 ms ({clients} clients, {seconds:g} s)", where,
                     f"{fmt_ms(health.percentile(.5))} / {fmt_ms(h95)} / {fmt_ms(health.percentile(.99))}; "
                     f"{health.throughput:.0f}/s, {health.errors} errors", "(reference)", "—"))
        for name, result in runs.items():
            if name == "healthz":
                continue
            p95 = result.percentile(.95)
            ratio = p95 / h95 if h95 and not math.isnan(p95) else math.nan
            figure = (f"{fmt_ms(result.percentile(.5))} / {fmt_ms(p95)} / {fmt_ms(result.percentile(.99))}; "
                      f"{result.throughput:.1f}/s, {result.errors} errors"
                      + (f", {result.unanswered} unanswered 30 s after the end" if result.unanswered else "")
                      + (f"; p95 = {ratio:.1f}× /healthz" if ratio != math.inf else ""))
            if name == "autosave":
                ok = ratio <= TARGETS["ratio"] and result.errors == 0 and result.unanswered == 0
                rows.append((f"autosave p50/p95/p99 ms", where, figure, "p95 ≤ 3× /healthz p95, 0 errors", verdict(ok)))
            else:
                rows.append((f"{name} p50/p95/p99 ms", where, figure, "0 errors (no latency target)",
                             verdict(result.errors == 0 and result.unanswered == 0)))
    for key, seq in figures["sequential"].items():
        where = f"{key.split('/')[0]}, gunicorn {key.split('/')[1]} workers, one client"
        for name in (f"dashboard {BIG}", f"province list {BIG}"):
            server_ms = seq[name]["server_ms"]
            rows.append((f"{name}: server time (median of {SEQUENTIAL})", where, f"{fmt_ms(server_ms)} ms",
                         "≤ 300 ms", verdict(server_ms <= TARGETS["server_ms"])))
        if "self-assessment PDF" in seq:
            pdf = seq["self-assessment PDF"]
            rows.append(("self-assessment PDF (whole request)", where,
                         f"{pdf['client_ms'] / 1000:.2f} s warm (median of {SEQUENTIAL}), {pdf['first_ms'] / 1000:.2f} s "
                         f"first; worker peak {pdf['worker_peak_mb']:.0f} MB", "≤ 1.5 s",
                         verdict(pdf["client_ms"] / 1000 <= TARGETS["self_pdf_s"])))
    for group, pages in figures["statements"].items():
        for page, counts in pages.items():
            if group == "province":
                values = [counts[str(s)]["statements"] for s in SIZES]
                figure = " / ".join(str(v) for v in values) + f" at {'/'.join(f'{s:,}' for s in SIZES)} units"
                ok = max(values) <= TARGETS["statements"] and len(set(values)) == 1
            else:
                values = [counts["statements"]]
                figure = f"{values[0]}"
                ok = values[0] <= TARGETS["statements"]
            rows.append((f"SQL statements: {page}", f"sqlite, {group}", figure,
                         "≤ 10, constant with units" if group == "province" else "≤ 10", verdict(ok)))
    for report in figures["reports"]:
        ok = report["status"] == "done" and report["seconds"] <= TARGETS["report_s"] and report["peak_mb"] <= TARGETS["report_mb"]
        rows.append((f"report for {report['units']} units ({report['kind']})", "sqlite, job in its own process",
                     f"{report['status']}, {report['seconds']:.1f} s, peak {report['peak_mb']:.0f} MB"
                     + (f", {report['pages']} pages" if report["pages"] else ""),
                     "≤ 15 s and ≤ 300 MB" if report["kind"] == "recognition_pdf" else "—",
                     verdict(ok) if report["kind"] == "recognition_pdf" else "—"))
    return rows


def print_table(rows) -> None:
    headers = ("measure", "where", "figure", "target", "")
    widths = [max(len(str(r[i])) for r in rows + [headers]) for i in range(5)]
    line = "  ".join("{:<%d}" % w for w in widths)
    print(line.format(*headers))
    print(line.format(*("-" * w for w in widths)))
    for row in rows:
        print(line.format(*row))


# ------------------------------------------------------------------------------------------ main

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 s per phase, 2 workers only, 3 repeats")
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", default=None)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the databases and server logs")
    args = parser.parse_args()
    quick = args.quick or os.environ.get("BENCH_QUICK") == "1"
    seconds = args.seconds or (5 if quick else 20)
    workers = [int(w) for w in (args.workers or ("2" if quick else "2,4")).split(",")]
    global SEQUENTIAL
    SEQUENTIAL = 3 if quick else SEQUENTIAL
    engines = [e for e in args.engines.split(",") if e]
    pg_url = os.environ.get("TEST_POSTGRES_URL", "postgresql://127.0.0.1:5432/test")

    began = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="criteria-bench-"))
    databases = []
    figures = {"load": {}, "sequential": {}, "statements": {}, "reports": []}
    try:
        log(f"data: migrations, demo, synthetic campaigns of {', '.join(map(str, sorted(SIZES + [REPORT_UNITS])))} units")
        (tmp / "sqlite").mkdir()
        databases.append(sqlite_database(tmp / "sqlite").build(sorted(SIZES + [REPORT_UNITS])))
        if "postgresql" in engines:
            (tmp / "postgresql").mkdir()
            pg = postgres_database(tmp / "postgresql", pg_url)
            databases.append(pg)
            pg.build([BIG])

        log("SQL statements per page (in-process, SQLite)")
        figures["statements"] = statement_counts(databases[0])

        for db in databases:
            if db.engine not in engines:
                continue
            for n in workers:
                key = f"{db.engine}/{n}"
                log(f"{db.engine}, gunicorn {n} workers")
                with Gunicorn(db, n, key.replace("/", "-")) as server:
                    if n == workers[0]:
                        figures["sequential"][key] = server_time_phase(server, with_pdf=db.engine == "sqlite")
                    figures["load"][key] = load_phases(server, args.clients, seconds)

        log(f"campaign report for {REPORT_UNITS} units (job in its own process)")
        for kind in ("recognition_pdf", "recognition_xlsx"):
            figures["reports"].append(report_job(REPORT_UNITS, kind, databases[0].env(), cwd=databases[0].workdir))
    finally:
        for db in databases:
            if not args.keep:
                db.drop()
        if args.keep:
            log(f"kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    log(f"done in {(time.monotonic() - began) / 60:.1f} min")
    rows = table(figures, args.clients, seconds)
    print_table(rows)
    if args.json:
        serialisable = {**figures, "load": {k: {n: {"p50": r.percentile(.5), "p95": r.percentile(.95),
                                                    "p99": r.percentile(.99), "ok": len(r.latencies_ms),
                                                    "errors": r.errors, "throughput": r.throughput}
                                                for n, r in v.items()} for k, v in figures["load"].items()}}
        args.json.write_text(json.dumps(serialisable, indent=1))


if __name__ == "__main__":
    main()
