"""SQLite as the embedded engine: WAL, foreign keys, and writes that wait instead of failing.

pysqlite's own transaction handling starts a deferred transaction, which upgrades to a write lock
mid-way and fails with "database is locked" under concurrent autosaves. We take over: the driver
stays in autocommit and we emit BEGIN ourselves (SQLAlchemy's documented recipe): BEGIN IMMEDIATE
for a use case's writing transaction (services/uow.py), a plain deferred BEGIN for reads, so page
views never queue behind a writer.
"""
from sqlalchemy import event
from sqlalchemy.engine import Engine


def configure_sqlite(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    from .services.uow import writing

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing() else "BEGIN")
