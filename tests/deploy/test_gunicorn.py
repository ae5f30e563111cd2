"""The production server: gunicorn with the packaged config and entry point, in production mode behind
what a TLS-terminating reverse proxy sends, on a database built by the migrations and `flask demo`.
A ward officer logs in (CSRF) and autosaves an answer; a second session reads it back.

Not parametrised over engines: it starts its own server on a temporary SQLite file.
"""
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
import urllib.parse
from http.cookies import SimpleCookie

import pytest

PASSWORD = "gunicorn-test-pw"
BOOT_LIMIT_S = 90        # how long the server may take to answer /healthz before the test gives up


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ProxiedClient:
    """Speaks to gunicorn the way the reverse proxy does: plain HTTP on loopback with X-Forwarded-Proto:
    https, so the app sees HTTPS (Secure cookie, strict Referer check). Cookies are kept by hand since
    an HTTP cookie jar would never send a Secure cookie over plain HTTP."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        head = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9", "Referer": self.origin + "/",
                **(headers or {})}
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            head["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=head)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for value in response.headers.get_all("Set-Cookie") or []:
            assert "Secure" in value, f"production cookie without Secure: {value}"
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        conn.close()
        return response, text

    def login(self, username: str, password: str) -> str:
        _, page = self.request("GET", "/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        response, _ = self.request("POST", "/login", {"csrf_token": token, "username": username, "password": password})
        assert response.status == 302, f"login refused: {response.status}"
        return token


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gunicorn")
    port = free_port()
    env = {**os.environ,
           "CRITERIA_APP_MODE": "production",
           "SECRET_KEY": secrets.token_hex(16),
           "DATABASE_URL": f"sqlite:///{tmp / 'prod.sqlite'}",
           "UPLOAD_FOLDER": str(tmp / "uploads"),
           "GUNICORN_BIND": f"127.0.0.1:{port}",
           "WEB_CONCURRENCY": "2",
           "GUNICORN_ACCESS_LOG": str(tmp / "access.log")}
    env.pop("REDIS_URL", None)
    flask = [sys.executable, "-m", "flask", "--app", "criteria_app.wsgi"]
    for command in (["db", "upgrade"], ["demo", "--password", PASSWORD]):
        done = subprocess.run(flask + command, cwd=tmp, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-2000:]

    log = open(tmp / "server.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "python:criteria_app.gunicorn_conf",
                                "criteria_app.wsgi:app"], cwd=tmp, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + BOOT_LIMIT_S
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("gunicorn did not serve /healthz:\n" + (tmp / "server.log").read_text()[-3000:])
        time.sleep(0.3)
    yield port, tmp
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def test_health_is_served_by_gunicorn_with_the_packaged_config(server):
    port, tmp = server
    response, body = ProxiedClient(port).request("GET", "/healthz")
    assert response.status == 200 and '"ok"' in body
    assert response.getheader("Server", "").startswith("gunicorn")
    log = (tmp / "server.log").read_text()
    assert "Using worker: gthread" in log
    assert log.count("Booting worker") == 2


def test_ward_officer_autosaves_an_answer_through_gunicorn(server):
    port, tmp = server
    ward = ProxiedClient(port)
    token = ward.login("nghithu", PASSWORD)
    _, home = ward.request("GET", "/ho-so")
    assessment_id = re.search(r'href="/danh-gia/(\d+)"', home).group(1)
    criterion_page = f"/danh-gia/{assessment_id}/tieu-chi/TC02"
    _, before = ward.request("GET", criterion_page)
    assert 'value="37"' not in item_html(before, "TC02.2")
    # log-in starts a new session with a new token: the page's own one is what htmx sends
    page_token = re.search(r'"X-CSRFToken": "([^"]+)"', before).group(1)
    assert page_token != token

    response, fragment = ward.request("POST", f"/danh-gia/{assessment_id}/chi-tieu/TC02.2", {"value": "37"},
                                      headers={"HX-Request": "true", "X-CSRFToken": page_token})
    assert response.status == 200, fragment[:500]

    # Stored, not just echoed: another session of the same officer sees it on a fresh page.
    reader = ProxiedClient(port)
    reader.login("nghithu", PASSWORD)
    _, after = reader.request("GET", criterion_page)
    assert 'value="37"' in item_html(after, "TC02.2")

    # The access log names the proxy's client and the server time of the save.
    save_line = next(line for line in (tmp / "access.log").read_text().splitlines() if "POST /danh-gia/" in line)
    assert '"203.0.113.9"' in save_line and re.search(r" 200 \d+ \d+ms ", save_line)


def test_a_save_without_the_csrf_token_is_refused_and_not_stored(server):
    port, _ = server
    ward = ProxiedClient(port)
    ward.login("nghithu", PASSWORD)
    _, home = ward.request("GET", "/ho-so")
    assessment_id = re.search(r'href="/danh-gia/(\d+)"', home).group(1)
    response, _ = ward.request("POST", f"/danh-gia/{assessment_id}/chi-tieu/TC02.6", {"value": "41"},
                               headers={"HX-Request": "true"})
    assert response.status == 400
    _, page = ward.request("GET", f"/danh-gia/{assessment_id}/tieu-chi/TC02")
    assert 'value="41"' not in item_html(page, "TC02.6")


def item_html(page: str, code: str) -> str:
    """The <article> of one item on a criterion page."""
    match = re.search(rf'<article class="item" id="item-{re.escape(code)}".*?</article>', page, re.S)
    assert match, f"item {code} not on the page"
    return match.group(0)
