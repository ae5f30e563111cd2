"""Application factory."""
from __future__ import annotations

import os

from flask import Flask, jsonify

from .config import MODES, Config
from .extensions import babel, csrf, db, htmx, limiter, login_manager, migrate
from .paths import PACKAGE_DIR, resource_dir


def _refuse_writes_outside_transactions(engine) -> None:
    """Tests: a request that writes without services.uow.transaction() fails loudly instead of
    leaving its write to the end of the request (or losing it)."""
    from flask import has_request_context
    from sqlalchemy import event

    from .services.uow import writing

    @event.listens_for(engine, "before_cursor_execute")
    def _check(conn, cursor, statement, parameters, context, executemany):
        if not writing() and has_request_context() \
                and statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            raise RuntimeError("write outside a transaction(): " + statement[:120])


def create_app(config: dict | None = None) -> Flask:
    config = dict(config or {})
    mode = config.pop("MODE", None) or os.environ.get("CRITERIA_APP_MODE", "development")
    if mode not in MODES:
        raise RuntimeError(f"Unknown CRITERIA_APP_MODE {mode!r}; use one of {', '.join(MODES)}")
    app = Flask(__name__, template_folder=str(resource_dir("templates")), instance_relative_config=True)
    app.config.from_object(MODES[mode])
    app.config.update(Config.from_env())
    app.config.update(config)
    os.makedirs(app.instance_path, exist_ok=True)

    if not app.config.get("SECRET_KEY"):
        dev_secret = getattr(MODES[mode], "DEV_SECRET", None)
        if dev_secret is None:
            raise RuntimeError("SECRET_KEY must be set in the environment outside development and demo")
        app.config["SECRET_KEY"] = dev_secret
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "criteria.sqlite")
    if not app.config.get("UPLOAD_FOLDER"):
        app.config["UPLOAD_FOLDER"] = os.path.join(app.instance_path, "uploads")
    if not app.config.get("REPORTS_FOLDER"):
        uploads = os.path.abspath(app.config["UPLOAD_FOLDER"])
        app.config["REPORTS_FOLDER"] = os.path.join(os.path.dirname(uploads), "reports")
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
            "connect_args": {"timeout": 30, "check_same_thread": False},
        }

    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix
        hops = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PACKAGE_DIR / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    htmx.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    from .web.i18n import select_locale
    babel.init_app(app, locale_selector=select_locale)

    with app.app_context():
        from .sqlite import configure_sqlite
        configure_sqlite(db.engine)
        if app.config.get("STRICT_TRANSACTIONS"):
            _refuse_writes_outside_transactions(db.engine)

    from . import models  # noqa: F401  (registers the tables)
    from .web import register_web
    register_web(app)
    from .cli import register_cli
    register_cli(app)
    from .reports import jobs as _report_jobs  # noqa: F401  (registers the background job runners)

    @app.get("/healthz")
    def healthz():
        from sqlalchemy import text
        try:
            db.session.execute(text("SELECT 1"))
        except Exception:  # any database failure means "not healthy"
            db.session.rollback()
            return jsonify(status="unavailable"), 503
        return jsonify(status="ok")

    return app
