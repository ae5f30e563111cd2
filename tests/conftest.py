"""Shared fixtures: an app per test on a fresh database, for SQLite and for PostgreSQL.

Tests that take `app` (directly or through `client`, `db_session`...) run once per engine.
PostgreSQL is at TEST_POSTGRES_URL (default postgresql://127.0.0.1:5432/test); each test process
works in its own schema so parallel runs never see each other's rows.
"""
from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_SET = ROOT / "seeds" / "criteria" / "de-an-06-kieu-mau-v1.json"
from criteria_app.config import normalise_database_url  # noqa: E402

POSTGRES_URL = normalise_database_url(os.environ.get("TEST_POSTGRES_URL", "postgresql://127.0.0.1:5432/test"))
ENGINES = [e for e in os.environ.get("TEST_ENGINES", "sqlite,postgresql").split(",") if e]


@pytest.fixture(scope="session")
def pg_schema():
    """One schema for this test process, dropped at the end."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    schema = f"t_{re.sub(r'[^a-z0-9]', '', worker)}_{uuid.uuid4().hex[:8]}"
    engine = create_engine(POSTGRES_URL)
    try:
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"PostgreSQL is not reachable at {POSTGRES_URL}: {exc}. Start it (see README).")
    yield schema
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=ENGINES)
def engine_name(request):
    return request.param


@pytest.fixture
def database_url(engine_name, tmp_path, request):
    if engine_name == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite'}", {}
    schema = request.getfixturevalue("pg_schema")
    return POSTGRES_URL, {"connect_args": {"options": f"-csearch_path={schema}"}, "pool_pre_ping": True}


@pytest.fixture
def app(database_url, tmp_path):
    from criteria_app import create_app
    from criteria_app.extensions import db

    url, engine_options = database_url
    app = create_app({
        "MODE": "test",
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
    })
    with app.app_context():
        db.drop_all()
        db.create_all()

    @app.before_request
    def _no_user_from_a_previous_request():
        # Tests keep one app context open (fixtures `app_ctx`, `world`), so `g` outlives a request;
        # in production each request has its own. Forget Flask-Login's cached user between requests.
        from flask import g
        from flask_babel import refresh
        g.pop("_login_user", None)
        refresh()   # and Flask-Babel's remembered locale

    yield app
    with app.app_context():
        db.session.remove()
        if url.startswith("postgresql"):
            db.drop_all()
        db.engine.dispose()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def world(app_ctx):
    from tests.factories import build_world
    return build_world()


@pytest.fixture
def login(client):
    """login("nghithu") logs the test client in as that user of the world."""
    def _login(username: str, password: str = "pw"):
        response = client.post("/login", data={"username": username, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client
    return _login
