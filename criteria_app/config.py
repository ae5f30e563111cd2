"""Settings read from the environment; one class per mode."""
from __future__ import annotations

import os


class Config:
    MODE = "development"
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # filled in by create_app from DATABASE_URL or the instance folder
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    # An inspection lasts longer than Flask-WTF's default hour: tokens live as long as the session.
    WTF_CSRF_TIME_LIMIT = 12 * 3600
    PERMANENT_SESSION_LIFETIME = 12 * 3600
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024
    SEND_FILE_MAX_AGE_DEFAULT = 3600  # static files: no revalidation on every page over weak Wi-Fi
    EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
    UPLOAD_FOLDER: str | None = None  # defaults to <instance>/uploads, never under static
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")
    REDIS_URL: str | None = None
    RQ_QUEUE = "reports"
    # Generated reports: REPORTS_FOLDER, by default the folder `reports` beside UPLOAD_FOLDER (so
    # <instance>/reports when neither is set); `flask reports cleanup` deletes files older than this.
    REPORTS_FOLDER: str | None = None
    REPORTS_RETENTION_DAYS = 30
    REPORT_JOB_TIMEOUT = 30 * 60          # RQ stops a report job after this many seconds
    JOB_QUEUE_LIMIT_SECONDS = 2 * 3600    # ...and one still not finished this long after that is failed
    JOB_STALE_SECONDS = 120               # a held job whose lease is older than this has lost its process
    JOB_LEASE_RENEW_SECONDS = 10
    JOB_ENQUEUE_GRACE_SECONDS = 10        # RQ is asked about a job only once it has had time to be queued
    # Wrong passwords allowed per window before even the right one is refused (web/limits.py), per
    # account and per client address (many officers of one ward share an address).
    LOGIN_LIMIT_PER_ACCOUNT = "30 per minute"
    LOGIN_LIMIT_PER_ADDRESS = "100 per minute"
    # Reverse proxies in front of the app that add X-Forwarded-For/-Proto/-Host (0: none, so those
    # headers are ignored and cannot be forged); behind one nginx, 1. The client's address is then
    # the one throttling and the access log see.
    PROXY_COUNT = 0
    # Re-entering one's password to confirm the minutes: every attempt counts.
    PASSWORD_CONFIRM_LIMIT_PER_ACCOUNT = "10 per minute"
    PASSWORD_CONFIRM_LIMIT_PER_ADDRESS = "60 per minute"
    RATELIMIT_KEY_PREFIX = "criteria-app"
    RATELIMIT_HEADERS_ENABLED = False

    @classmethod
    def from_env(cls) -> dict:
        values = {}
        for key in ("SECRET_KEY", "UPLOAD_FOLDER", "REPORTS_FOLDER", "REDIS_URL", "LOGIN_LIMIT_PER_ACCOUNT",
                    "LOGIN_LIMIT_PER_ADDRESS"):
            if os.environ.get(key):
                values[key] = os.environ[key]
        if os.environ.get("PROXY_COUNT", "").isdigit():
            values["PROXY_COUNT"] = int(os.environ["PROXY_COUNT"])
        if os.environ.get("REPORTS_RETENTION_DAYS", "").isdigit():
            values["REPORTS_RETENTION_DAYS"] = int(os.environ["REPORTS_RETENTION_DAYS"])
        if os.environ.get("DATABASE_URL"):
            values["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(os.environ["DATABASE_URL"])
        return values


class DevelopmentConfig(Config):
    MODE = "development"
    DEV_SECRET = "dev-only-not-secret"


class DemoConfig(DevelopmentConfig):
    MODE = "demo"


class TestConfig(Config):
    MODE = "test"
    TESTING = True
    STRICT_TRANSACTIONS = True
    DEV_SECRET = "test-only-not-secret"
    WTF_CSRF_ENABLED = True


class ProductionConfig(Config):
    MODE = "production"
    SESSION_COOKIE_SECURE = True
    HSTS_SECONDS = 365 * 24 * 3600   # production is served over HTTPS only


MODES = {c.MODE: c for c in (DevelopmentConfig, DemoConfig, TestConfig, ProductionConfig)}


def normalise_database_url(url: str) -> str:
    """Accept postgres:// and postgresql:// and use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
