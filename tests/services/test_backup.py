"""Backup and restore drill, on SQLite and PostgreSQL: a backup taken while wards keep autosaving and
uploading is restored into a fresh database and folder, and every answer and file of the backup is
there; a damaged backup or a non-empty target is refused and nothing is written."""
from __future__ import annotations

import hashlib
import io
import json
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from criteria_app import create_app
from criteria_app.extensions import db
from criteria_app.models import Answer, Evidence
from tests.conftest import POSTGRES_URL
from tests.factories import PNG

CHECK_ITEMS = ["TC01.1", "TC01.2", "TC02.3", "TC02.4", "TC02.5", "TC03.1"]


def _png(n: int) -> bytes:
    """A distinct valid PNG per n (one pixel's colour encodes n: uploads are re-encoded, so trailing
    bytes would not make two images different)."""
    from PIL import Image
    image = Image.open(io.BytesIO(PNG)).convert("RGB")
    image.putpixel((0, 0), (n % 256, (n // 256) % 256, 7))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


class Ward:
    """A ward officer's tablet: autosaves answers and uploads photos through the app, and remembers
    every value the server accepted."""

    def __init__(self, app, assessment_id: int):
        self.client = app.test_client()
        response = self.client.post("/login", data={"username": "nghithu", "password": "pw"})
        assert response.status_code == 302
        self.aid = assessment_id
        self.accepted: dict[str, set[str]] = {code: set() for code in CHECK_ITEMS}
        self.uploads = 0
        self.errors: list[str] = []

    def save(self, code: str, value: str) -> None:
        response = self.client.post(f"/danh-gia/{self.aid}/chi-tieu/{code}", data={"value": value},
                                    headers={"HX-Request": "true"})
        if response.status_code == 200:
            self.accepted[code].add(value)
        else:
            self.errors.append(f"{code}: {response.status_code}")

    def upload(self, n: int) -> None:
        response = self.client.post(f"/danh-gia/{self.aid}/chi-tieu/TC01.1/minh-chung",
                                    data={"file": (io.BytesIO(_png(n)), f"anh-{n}.png")},
                                    headers={"HX-Request": "true"}, content_type="multipart/form-data")
        if response.status_code == 200:
            self.uploads += 1
        else:
            self.errors.append(f"upload {n}: {response.status_code}")


def _keep_saving(ward: Ward, stop: threading.Event, offset: int) -> None:
    n = 0
    try:
        while not stop.is_set():
            code = CHECK_ITEMS[(n + offset) % len(CHECK_ITEMS)]
            ward.save(code, "yes" if (n // len(CHECK_ITEMS)) % 2 == 0 else "no")
            n += 1
    except Exception as exc:  # noqa: BLE001  (reported by the test, which must not wait for it)
        ward.errors.append(repr(exc))
        stop.set()


def _keep_uploading(ward: Ward, stop: threading.Event) -> None:
    n = 1000
    try:
        while not stop.is_set():
            ward.upload(n)
            n += 1
    except Exception as exc:  # noqa: BLE001
        ward.errors.append(repr(exc))
        stop.set()


@pytest.fixture
def fresh_target(engine_name, tmp_path, request):
    """Settings of a fresh database and upload folder to restore into; the database is dropped after."""
    if engine_name == "sqlite":
        yield {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'restored.sqlite'}", "SQLALCHEMY_ENGINE_OPTIONS": {}}
        return
    schema = request.getfixturevalue("pg_schema")
    name = f"restore_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    with create_engine(url).begin() as connection:     # as `public` is in a fresh database: there, empty
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield {"SQLALCHEMY_DATABASE_URI": url,
           "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-csearch_path={schema}"}}}
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def _restored_app(target: dict, tmp_path: Path):
    return create_app({"MODE": "test", "UPLOAD_FOLDER": str(tmp_path / "restored-uploads"),
                       "REPORTS_FOLDER": str(tmp_path / "restored-reports"), "SECRET_KEY": "x",
                       "WTF_CSRF_ENABLED": False, **target})


def test_a_backup_taken_during_autosaves_restores_every_answer_and_file(app, world, runner, tmp_path, fresh_target):
    aid = world.nghi_thu_assessment.id
    db.session.commit()
    first = Ward(app, aid)
    for code in CHECK_ITEMS:                               # saved before the backup: must come back
        first.save(code, "yes")
    first.upload(1)
    first.upload(2)
    assert not first.errors, first.errors

    wards = [Ward(app, aid) for _ in range(2)]
    db.session.remove()          # this thread's requests shared the test's session: no transaction left open
    stop = threading.Event()
    threads = [threading.Thread(target=_keep_saving, args=(w, stop, i)) for i, w in enumerate(wards)]
    threads.append(threading.Thread(target=_keep_uploading, args=(wards[0], stop)))
    for t in threads:
        t.start()
    try:
        while (sum(len(v) for w in wards for v in w.accepted.values()) < 4 or wards[0].uploads < 2) \
                and not stop.is_set():
            stop.wait(0.05)                                # the backup starts while saves are coming in
        assert not stop.is_set(), [w.errors for w in wards]
        backup_dir = tmp_path / "backup"
        result = runner.invoke(args=["backup", str(backup_dir), "--with-reports"])
    finally:
        stop.set()
        for t in threads:
            t.join(30)
    assert result.exit_code == 0, result.output
    assert not [e for w in wards for e in w.errors], [w.errors for w in wards]

    manifest = json.loads((backup_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["engine"] == app.config["SQLALCHEMY_DATABASE_URI"].split(":")[0].split("+")[0]
    assert manifest["database"]["tables"]["answer"] >= len(CHECK_ITEMS)
    uploads_in_backup = {e["path"][len("uploads/"):]: e["sha256"] for e in manifest["files"]
                         if e["path"].startswith("uploads/")}

    restored = _restored_app(fresh_target, tmp_path)
    with restored.app_context():       # the test's own app context would otherwise be the command's
        restore = restored.test_cli_runner().invoke(args=["restore", str(backup_dir)])
        assert restore.exit_code == 0, restore.output
        answers = db.session.execute(db.select(Answer).filter_by(assessment_id=aid)).scalars().all()
        values = {a.item_code: json.loads(a.value) for a in answers if a.value is not None}
        evidence = db.session.execute(db.select(Evidence)).scalars().all()
        stored = [(e.stored_name, e.sha256) for e in evidence]
        db.session.remove()
        db.engine.dispose()
    for code in CHECK_ITEMS:                               # every item saved before is there...
        assert code in values, code
        posted = {("yes" == v) for w in [first, *wards] for v in w.accepted[code]}
        assert values[code] in posted, (code, values[code])      # ...with a value that was really saved
    assert len(stored) >= 2 + 2 and len(stored) == manifest["database"]["tables"]["evidence"]
    folder = Path(restored.config["UPLOAD_FOLDER"])
    for name, sha in stored:                                # every file the restored database names
        path = folder / name
        assert path.is_file(), name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sha == uploads_in_backup[name]


def test_a_damaged_backup_or_a_used_target_is_refused(app, world, runner, tmp_path, fresh_target):
    client = Ward(app, world.nghi_thu_assessment.id)
    client.upload(7)
    db.session.commit()
    backup_dir = tmp_path / "backup"
    assert runner.invoke(args=["backup", str(backup_dir)]).exit_code == 0
    again = runner.invoke(args=["backup", str(backup_dir)])
    assert again.exit_code != 0 and "đã có dữ liệu" in again.output

    # restoring over the live, non-empty database is refused
    assert runner.invoke(args=["restore", str(backup_dir)]).exit_code != 0

    upload = next(p for p in (backup_dir / "uploads").rglob("*") if p.is_file())
    upload.write_bytes(upload.read_bytes() + b"x")
    restored = _restored_app(fresh_target, tmp_path)
    with restored.app_context():
        result = restored.test_cli_runner().invoke(args=["restore", str(backup_dir)])
        assert result.exit_code != 0 and "không toàn vẹn" in result.output
        from sqlalchemy import inspect
        assert "answer" not in inspect(db.engine).get_table_names()       # nothing was written
        db.engine.dispose()
    assert not Path(restored.config["UPLOAD_FOLDER"]).exists() or not any(
        Path(restored.config["UPLOAD_FOLDER"]).rglob("*"))
