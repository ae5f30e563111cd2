"""Closed-loop HTTP load on a server on loopback: N clients, each sending its next request as soon as
the last one answered, for a fixed time. Clients are spread over a few processes so that the load
generator's own interpreter lock does not stretch the latencies it measures.

The server is spoken to the way the reverse proxy speaks to it in production: plain HTTP on
loopback with X-Forwarded-Proto: https, so the app runs in production mode (Secure cookie, strict
Referer check). Cookies are kept by hand: a cookie jar never sends a Secure cookie over plain HTTP.
"""
from __future__ import annotations

import http.client
import math
import multiprocessing
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

REQUEST_TIMEOUT_S = 180   # a request still unanswered after this counts as an error
PROCESSES = 4             # load-generating processes (each runs clients / PROCESSES threads)


class Client:
    """One browser-like client: a keep-alive connection and its cookies."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None, csrf: str | None = None):
        self.port = port
        self.cookies = dict(cookies or {})
        self.csrf = csrf
        self.conn: http.client.HTTPConnection | None = None
        self.reconnects = 0
        self.last_location: str | None = None

    def request(self, method: str, path: str, form: dict | None = None,
                headers: dict | None = None, timeout: float | None = None) -> tuple[int, bytes]:
        head = {"X-Forwarded-Proto": "https", "Referer": f"https://127.0.0.1:{self.port}/", **(headers or {})}
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            head["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            reused = self.conn is not None
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT_S)
            self.conn.timeout = timeout or REQUEST_TIMEOUT_S
            if self.conn.sock is not None:
                self.conn.sock.settimeout(self.conn.timeout)
            try:
                self.conn.request(method, path, body=body, headers=head)
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if reused and attempt == 1:   # the server closed an idle keep-alive connection: say it again
                    self.reconnects += 1
                    continue
                raise
            for value in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(value).items():
                    self.cookies[name] = morsel.value
            self.last_location = response.getheader("Location")
            if response.will_close:
                self.close()
            return response.status, data
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def login(self, username: str, password: str) -> "Client":
        status, page = self.request("GET", "/login")
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()
        status, _ = self.request("POST", "/login", {"csrf_token": token, "username": username, "password": password})
        if status != 302:
            raise RuntimeError(f"login of {username} refused ({status})")
        self.csrf = token
        return self


@dataclass(frozen=True)
class Scenario:
    """What every client of a run does. `items`: an autosave, POST path/<item> with a changing value."""
    name: str
    path: str
    cookies: tuple = ()        # (name, value) pairs of a logged-in session, shared by the clients
    csrf: str | None = None
    items: tuple[str, ...] = ()
    hx: bool = False

    def next_request(self, client_index: int, n: int) -> tuple[str, str, dict | None, dict]:
        headers = {"HX-Request": "true"} if self.hx or self.items else {}
        if not self.items:
            return "GET", self.path, None, headers
        code = self.items[(client_index + n) % len(self.items)]
        headers["X-CSRFToken"] = self.csrf or ""
        return "POST", f"{self.path}/{code}", {"value": str(n % 7)}, headers


@dataclass
class Result:
    scenario: str
    clients: int
    seconds: float                      # from the start to the last answer
    latencies_ms: list[float] = field(default_factory=list)   # answered with 200; inf: still unanswered
    errors: int = 0
    first_error: str = ""
    reconnects: int = 0

    def percentile(self, q: float) -> float:
        """Nearest rank; NaN when nothing was answered."""
        if not self.latencies_ms:
            return math.nan
        ordered = sorted(self.latencies_ms)
        return ordered[max(0, math.ceil(q * len(ordered)) - 1)]

    @property
    def answered(self) -> int:
        return sum(1 for v in self.latencies_ms if v != math.inf)

    @property
    def unanswered(self) -> int:
        return len(self.latencies_ms) - self.answered

    @property
    def throughput(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (f"{self.scenario:<28} {self.clients:>3} clients  ok {self.answered:>6}  errors {self.errors:>4}  "
                + (f"unanswered {self.unanswered}  " if self.unanswered else "") +
                f"{self.throughput:7.1f} req/s  p50 {self.percentile(.5):8.1f}  p95 {self.percentile(.95):8.1f}  "
                f"p99 {self.percentile(.99):8.1f} ms" + (f"  first error: {self.first_error}" if self.first_error else ""))


def _clients_in_process(port: int, scenario: Scenario, indices: list[int], start_at: float, stop_at: float,
                        drain: float):
    latencies: list[float] = []
    errors: list[str] = []
    reconnects = [0]
    last_answer = [start_at]
    lock = threading.Lock()

    def run(index: int) -> None:
        client = Client(port, dict(scenario.cookies), scenario.csrf)
        n = 0
        while time.time() < start_at:
            time.sleep(min(0.01, max(0.0, start_at - time.time())))
        while time.time() < stop_at:
            method, path, form, headers = scenario.next_request(index, n)
            n += 1
            began = time.perf_counter()
            try:
                status, _ = client.request(method, path, form, headers, timeout=stop_at + drain - time.time())
                error = None if status == 200 else f"HTTP {status} on {method} {path}"
            except TimeoutError:
                # Still unanswered `drain` seconds after the end: its latency is only known to be larger.
                client.close()
                with lock:
                    latencies.append(math.inf)
                break
            except Exception as exc:  # noqa: BLE001 - every failure is counted, none stops the run
                client.close()
                error = f"{type(exc).__name__}: {exc}"
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                last_answer[0] = max(last_answer[0], time.time())
                if error is None:
                    latencies.append(elapsed)
                else:
                    errors.append(error)
        client.close()
        with lock:
            reconnects[0] += client.reconnects

    threads = [threading.Thread(target=run, args=(i,)) for i in indices]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, reconnects[0], last_answer[0]


def _process_entry(args):
    return _clients_in_process(*args)


def run_load(port: int, scenario: Scenario, clients: int, seconds: float, drain: float = 30) -> Result:
    """`clients` clients for `seconds`; requests still unanswered `drain` seconds later are given up
    (counted as unanswered, with an unknown, larger latency), which bounds the run's length."""
    processes = max(1, min(PROCESSES, clients))
    groups = [list(range(p, clients, processes)) for p in range(processes)]
    start_at = time.time() + 1.5          # every process is up and waiting before the clock starts
    stop_at = start_at + seconds
    context = multiprocessing.get_context("spawn")   # nothing of the caller's state is inherited
    with context.Pool(processes) as pool:
        parts = pool.map(_process_entry, [(port, scenario, g, start_at, stop_at, drain) for g in groups])
    result = Result(scenario.name, clients, max(p[3] for p in parts) - start_at)
    for latencies, errors, reconnects, _ in parts:
        result.latencies_ms += latencies
        result.errors += len(errors)
        result.reconnects += reconnects
        if errors and not result.first_error:
            result.first_error = errors[0][:200]
    return result
