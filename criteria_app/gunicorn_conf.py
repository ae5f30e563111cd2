"""gunicorn settings for production: `gunicorn -c python:criteria_app.gunicorn_conf criteria_app.wsgi:app`.

Each value can be changed from the environment (below) or on gunicorn's command line, which wins.
gunicorn itself reads FORWARDED_ALLOW_IPS: set it to the reverse proxy's address so that its
X-Forwarded-Proto is believed (the session cookie is Secure in production).
"""
from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))   # the cores this process may use, not all the machine has
    except AttributeError:  # platforms without affinity
        return os.cpu_count() or 1


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Requests are CPU-bound (rendering, scoring, a PDF now and then) with short waits on the database:
# a few processes per core keep the cores busy, threads let a process go on while one request waits.
workers = _int("WEB_CONCURRENCY", 2 * _cores() + 1)
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)

# The ward's self-assessment and the minutes are rendered to PDF inside the request (a second or two,
# more on a busy machine); campaign-wide reports run as background jobs and never hold a request.
timeout = _int("GUNICORN_TIMEOUT", 120)
graceful_timeout = 30          # a restart lets a PDF being rendered finish
keepalive = 5                  # behind a reverse proxy that keeps connections open

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
# Who, what, status, size and the server time in milliseconds; never query strings' secrets or bodies.
access_log_format = '%(h)s "%({x-forwarded-for}i)s" %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

proc_name = "criteria-app"
# gunicorn's control socket sits at one fixed path per user, so two servers on a machine would fight
# over it; nothing here uses it.
control_socket_disable = True
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"   # the workers' heartbeat files, off a possibly slow disk
