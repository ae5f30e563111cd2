"""Backup and restore of the database and the uploaded files (`flask backup DIR`, `flask restore DIR`).

A backup folder holds:
- database.sqlite (SQLite's online backup API: a consistent copy while the app writes) or
  database.dump (pg_dump, custom format, of the app's schema, taken in an exported snapshot);
- uploads/ (every uploaded file) and, with --with-reports, reports/ (generated report files);
- manifest.json: when, which engine and schema, the schema revision, the number of rows of every
  table in the copied database, and the size and SHA-256 of every file.

The database is copied first, then the files: uploaded files are written before their row is
committed and never deleted or changed, so every file the copied database names is in the backup.
A restore checks every checksum before it writes anything, refuses a database or folder that is not
empty, and checks the row counts of the restored database against the manifest.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from flask import current_app
from sqlalchemy import inspect, text
from sqlalchemy.engine import URL

from ..extensions import db

FORMAT = 1
MANIFEST = "manifest.json"
SKIPPED_SUFFIXES = (".part",)     # files still being written


class BackupError(Exception):
    """A refusal with a Vietnamese message for the operator."""


# --------------------------------------------------------------------------- helpers

def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _entry(root: Path, path: Path) -> dict:
    return {"path": path.relative_to(root).as_posix(), "size": path.stat().st_size, "sha256": _sha256(path)}


def _copy_tree(source: Path, target: Path, root: Path) -> list[dict]:
    entries = []
    if not source.is_dir():
        return entries
    for path in sorted(source.rglob("*")):
        if not path.is_file() or path.name.endswith(SKIPPED_SUFFIXES) or ".leases" in path.parts:
            continue
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, destination)
        entries.append(_entry(root, destination))
    return entries


def _engine_name() -> str:
    name = db.engine.url.get_backend_name()
    if name not in ("sqlite", "postgresql"):
        raise BackupError(f"Không hỗ trợ sao lưu cơ sở dữ liệu {name}.")
    return name


def _tables() -> list[str]:
    return sorted(t.name for t in db.metadata.sorted_tables)


def _counts(connection) -> dict[str, int]:
    names = set(inspect(connection).get_table_names())
    return {name: connection.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one()
            for name in _tables() if name in names}


def _revision(connection) -> str | None:
    if "alembic_version" not in inspect(connection).get_table_names():
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _libpq_env(url: URL) -> dict[str, str]:
    """Connection settings for pg_dump / pg_restore through the environment (no password in argv)."""
    env = dict(os.environ)
    for key, value in (("PGHOST", url.host), ("PGPORT", url.port), ("PGUSER", url.username),
                       ("PGPASSWORD", url.password), ("PGDATABASE", url.database)):
        if value is not None:
            env[key] = str(value)
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"Không tìm thấy lệnh {name} (cài gói postgresql-client cùng phiên bản máy chủ).")
    return path


def _run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} thất bại: {done.stderr.strip()[-2000:]}")
    return done.stdout


def _schema(connection) -> str:
    return connection.execute(text("SELECT current_schema()")).scalar() or "public"


# --------------------------------------------------------------------------- backup

def backup(folder: str | os.PathLike, *, with_reports: bool = False) -> dict:
    """Write a backup into `folder` (created; refused when it holds anything). Returns the manifest."""
    target = Path(folder)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"Thư mục {target} đã có dữ liệu: chọn một thư mục mới hoặc trống.")
    target.mkdir(parents=True, exist_ok=True)
    engine = _engine_name()
    manifest = {"format": FORMAT, "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "engine": engine}
    if engine == "sqlite":
        manifest["database"] = _backup_sqlite(target)
    else:
        manifest["database"] = _backup_postgresql(target)
    manifest["schema_revision"] = manifest["database"].pop("revision")
    manifest["files"] = [manifest["database"]["file"]]
    manifest["files"] += _copy_tree(Path(current_app.config["UPLOAD_FOLDER"]), target / "uploads", target)
    if with_reports:
        manifest["files"] += _copy_tree(Path(current_app.config["REPORTS_FOLDER"]), target / "reports", target)
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def _backup_sqlite(target: Path) -> dict:
    source_path = db.engine.url.database
    if not source_path or source_path == ":memory:":
        raise BackupError("Cơ sở dữ liệu SQLite trong bộ nhớ không sao lưu được.")
    copy = target / "database.sqlite"
    source = sqlite3.connect(source_path, timeout=60)
    destination = sqlite3.connect(copy)
    try:
        source.backup(destination)     # one step: a consistent snapshot while the app keeps writing
    finally:
        destination.close()
        source.close()
    from sqlalchemy import create_engine
    engine = create_engine(f"sqlite:///{copy}")
    try:
        with engine.connect() as connection:
            counts, revision = _counts(connection), _revision(connection)
    finally:
        engine.dispose()
    return {"file": _entry(target, copy), "tables": counts, "revision": revision}


def _backup_postgresql(target: Path) -> dict:
    """pg_dump of the app's schema inside a snapshot this connection exported, so the row counts
    written to the manifest are those of the dump."""
    dump = target / "database.dump"
    with db.engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            schema = _schema(connection)
            counts, revision = _counts(connection), _revision(connection)
            _run([_tool("pg_dump"), "--format=custom", f"--schema={schema}", f"--snapshot={snapshot}",
                  "--no-owner", "--no-privileges", f"--file={dump}"], _libpq_env(db.engine.url))
    return {"file": _entry(target, dump), "schema": schema, "tables": counts, "revision": revision}


# --------------------------------------------------------------------------- restore

def read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"Không có {MANIFEST} trong {folder}: đây không phải thư mục sao lưu.")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Định dạng sao lưu {manifest.get('format')!r} không được hỗ trợ.")
    return manifest


def verify(folder: str | os.PathLike) -> dict:
    """Every file of the manifest is there with its size and checksum. Returns the manifest."""
    source = Path(folder)
    manifest = read_manifest(source)
    bad = []
    for entry in manifest["files"]:
        path = source / entry["path"]
        if not path.is_file():
            bad.append(f"thiếu {entry['path']}")
        elif path.stat().st_size != entry["size"] or _sha256(path) != entry["sha256"]:
            bad.append(f"sai tổng kiểm {entry['path']}")
    if bad:
        raise BackupError("Bản sao lưu không toàn vẹn, không khôi phục: " + "; ".join(bad[:20]))
    return manifest


def restore(folder: str | os.PathLike, *, with_reports: bool = True) -> dict:
    """Restore a verified backup into this app's (empty) database and (empty) upload folder."""
    source = Path(folder)
    manifest = verify(source)
    engine = _engine_name()
    if engine != manifest["engine"]:
        raise BackupError(f"Bản sao lưu là của {manifest['engine']}, cơ sở dữ liệu đích là {engine}.")
    uploads = Path(current_app.config["UPLOAD_FOLDER"])
    reports = Path(current_app.config["REPORTS_FOLDER"])
    for folder_ in (uploads, reports) if with_reports else (uploads,):
        if folder_.is_dir() and any(p.is_file() for p in folder_.rglob("*") if ".leases" not in p.parts):
            raise BackupError(f"Thư mục {folder_} đã có tệp: khôi phục vào thư mục trống.")
    if engine == "sqlite":
        _restore_sqlite(source / manifest["database"]["file"]["path"])
    else:
        _restore_postgresql(source / manifest["database"]["file"]["path"], manifest["database"]["schema"])
    with db.engine.connect() as connection:
        counts = _counts(connection)
    if counts != manifest["database"]["tables"]:
        differ = sorted(k for k in set(counts) | set(manifest["database"]["tables"])
                        if counts.get(k) != manifest["database"]["tables"].get(k))
        raise BackupError("Số dòng sau khi khôi phục khác bản sao lưu: " + ", ".join(differ))
    for prefix, destination in (("uploads/", uploads), ("reports/", reports)):
        if prefix == "reports/" and not with_reports:
            continue
        for entry in manifest["files"]:
            if entry["path"].startswith(prefix):
                path = destination / entry["path"][len(prefix):]
                path.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source / entry["path"], path)
                if _sha256(path) != entry["sha256"]:
                    raise BackupError(f"Sai tổng kiểm sau khi chép {entry['path']}.")
    return manifest


def _database_is_empty(connection, schema: str | None = None) -> bool:
    names = set(inspect(connection).get_table_names(schema=schema))
    return not (names & set(_tables()))


def _restore_sqlite(copy: Path) -> None:
    target_path = db.engine.url.database
    with db.engine.connect() as connection:
        if not _database_is_empty(connection):
            raise BackupError(f"Cơ sở dữ liệu {target_path} đã có dữ liệu: khôi phục vào cơ sở dữ liệu trống.")
    db.session.remove()
    db.engine.dispose()
    source = sqlite3.connect(copy)
    destination = sqlite3.connect(target_path, timeout=60)
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()
    db.engine.dispose()


def _restore_postgresql(dump: Path, schema: str) -> None:
    with db.engine.connect() as connection:
        exists = connection.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": schema}).first()
        if exists and not _database_is_empty(connection, schema):
            raise BackupError(f"Schema {schema} của cơ sở dữ liệu đích đã có dữ liệu: khôi phục vào nơi trống.")
    db.session.remove()
    db.engine.dispose()
    env = _libpq_env(db.engine.url)
    restore_tool = _tool("pg_restore")
    listing = _run([restore_tool, "--list", str(dump)], env)
    if exists:   # an existing empty schema (public in a fresh database) is used, not created again
        listing = "\n".join(line for line in listing.splitlines()
                            if f" SCHEMA - {schema} " not in line and f" COMMENT - SCHEMA {schema} " not in line)
    with tempfile.NamedTemporaryFile("w", suffix=".list", delete=False) as f:
        f.write(listing + "\n")
        list_path = f.name
    try:
        _run([restore_tool, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
              f"--use-list={list_path}", f"--dbname={db.engine.url.database}", str(dump)], env)
    finally:
        os.unlink(list_path)
