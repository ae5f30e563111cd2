"""Every `flask` command of the application, the way a newcomer meets it: on a database that has not
been migrated, and with bad input. Each expected failure is one Vietnamese line, never a traceback."""
from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from sqlalchemy import create_engine, inspect, text

from criteria_app.extensions import db
from tests.conftest import POSTGRES_URL, REFERENCE_SET, ROOT
from tests.factories import one_line

UPGRADE = "flask --app wsgi db upgrade"


# --------------------------------------------------------------------------- an unmigrated database

# (arguments, what the command would do): every command that reads or writes the database.
DATABASE_COMMANDS = [
    ["criteria", "load", str(REFERENCE_SET)],
    ["units", "import", "--province", "Nghệ An"],
    ["units", "search", "cua lo"],
    ["synthetic", "--units", "3"],
    ["demo"],
]


def test_on_a_fresh_sqlite_file_each_database_command_says_to_run_db_upgrade(tmp_path):
    """The real `flask` entry point, in its own process, as README's reader runs it."""
    database = tmp_path / "fresh.sqlite"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "CRITERIA_APP_MODE": "development",
           "UPLOAD_FOLDER": str(tmp_path / "uploads")}
    env.pop("REDIS_URL", None)
    for args in DATABASE_COMMANDS:
        done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr + done.stdout, args
        assert done.stdout == "", args
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, (args, done.stderr)
        assert "chưa được khởi tạo" in lines[0] and f"«{UPGRADE}»" in lines[0], lines[0]
    assert inspect(create_engine(f"sqlite:///{database}")).get_table_names() == []   # nothing was half-made


@pytest.fixture
def empty_app(engine_name, tmp_path):
    """An app on an empty database: a new SQLite file, or a new PostgreSQL schema."""
    from criteria_app import create_app
    schema = None
    if engine_name == "sqlite":
        url, options = f"sqlite:///{tmp_path / 'empty.sqlite'}", {}
    else:
        schema = f"t_empty_{uuid.uuid4().hex[:8]}"
        with create_engine(POSTGRES_URL).begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url, options = POSTGRES_URL, {"connect_args": {"options": f"-csearch_path={schema}"}}
    app = create_app({"MODE": "test", "SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options,
                      "UPLOAD_FOLDER": str(tmp_path / "uploads"), "SECRET_KEY": "test-secret"})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if schema:
        with create_engine(POSTGRES_URL).begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.mark.parametrize("args", DATABASE_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_a_database_command_on_an_empty_database_names_the_command_to_run(empty_app, args):
    line = one_line(empty_app.test_cli_runner().invoke(args=args))
    assert "chưa được khởi tạo" in line and f"«{UPGRADE}»" in line


def test_commands_on_files_alone_need_no_database(empty_app, tmp_path):
    runner = empty_app.test_cli_runner()
    assert runner.invoke(args=["criteria", "validate", str(REFERENCE_SET)]).exit_code == 0
    answers = tmp_path / "answers.json"
    answers.write_text('{"TC01.1": true}', encoding="utf-8")
    scored = runner.invoke(args=["criteria", "score", str(REFERENCE_SET), str(answers)])
    assert scored.exit_code == 0 and '"total": "2.00"' in scored.stdout


def test_after_db_upgrade_the_commands_run_and_an_outdated_schema_is_named(empty_app):
    from flask_migrate import upgrade
    runner = empty_app.test_cli_runner()
    with empty_app.app_context():
        upgrade()
    loaded = runner.invoke(args=["criteria", "load", str(REFERENCE_SET)])
    assert loaded.exit_code == 0 and loaded.stdout.startswith("Đã nạp: de-an-06-kieu-mau v1")

    with empty_app.app_context(), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM alembic_version"))           # as if the last migrations were missing
    line = one_line(runner.invoke(args=["units", "search", "cua lo"]))
    assert "chưa được nâng cấp" in line and f"«{UPGRADE}»" in line

    with empty_app.app_context(), db.engine.begin() as conn:
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES ('f00dfeedbeef')"))
    line = one_line(runner.invoke(args=["units", "search", "cua lo"]))
    assert "f00dfeedbeef" in line and "không có trong mã nguồn này" in line


def test_an_unreachable_database_is_one_line(tmp_path):
    from criteria_app import create_app
    app = create_app({"MODE": "test", "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody:secret@127.0.0.1:9/x",
                      "UPLOAD_FOLDER": str(tmp_path), "SECRET_KEY": "test-secret"})
    line = one_line(app.test_cli_runner().invoke(args=["units", "search", "cua lo"]))
    assert line.startswith("Không kết nối được cơ sở dữ liệu postgresql+psycopg://nobody:***@127.0.0.1:9/x")
    assert "secret" not in line and "DATABASE_URL" in line


# --------------------------------------------------------------------------- bad input, command by command

def _file(tmp_path, name, content: str | bytes):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return str(path)


@pytest.mark.parametrize("command", ["validate", "load"])
def test_criteria_set_files_that_cannot_be_read(runner, tmp_path, command):
    cases = [
        (str(tmp_path / "missing.json"), "không tìm thấy tệp bộ tiêu chí"),
        (str(tmp_path), "là một thư mục"),
        (_file(tmp_path, "broken.json", "{ not json"), "không phải JSON hợp lệ (dòng 1, cột 3)"),
        (_file(tmp_path, "latin1.json", "{\"title\": \"Ti\xeau\"}".encode("latin-1")), "phải là văn bản UTF-8"),
        (_file(tmp_path, "list.json", "[]"), "phải chứa một đối tượng JSON"),
    ]
    for path, message in cases:
        assert message in one_line(runner.invoke(args=["criteria", command, path])), path
    assert one_line(runner.invoke(args=["criteria", command]), 2) == \
        f"Thiếu đối số FILE; xem «flask --app wsgi criteria {command} --help»."


def test_criteria_score_bad_files_and_usage(runner, tmp_path):
    score = ["criteria", "score", str(REFERENCE_SET)]
    assert "không tìm thấy tệp câu trả lời" in one_line(runner.invoke(args=[*score, str(tmp_path / "none.json")]))
    assert "tệp câu trả lời không phải JSON hợp lệ" in one_line(runner.invoke(args=[*score, _file(tmp_path, "a", "{")]))
    assert "phải là một đối tượng JSON" in one_line(runner.invoke(args=[*score, _file(tmp_path, "b", "[true]")]))
    assert one_line(runner.invoke(args=score), 2) == "Thiếu đối số ANSWERS; xem «flask --app wsgi criteria score --help»."


def test_units_import_bad_usage(runner):
    neither = one_line(runner.invoke(args=["units", "import"]), 2)
    assert neither.startswith("Chọn một trong hai: --province TÊN hoặc --all")
    both = one_line(runner.invoke(args=["units", "import", "--all", "--province", "Nghệ An"]), 2)
    assert both == neither
    assert one_line(runner.invoke(args=["units", "import", "--province", "Atlantis"])) == \
        "Không tìm thấy tỉnh/thành phố «Atlantis»"
    assert one_line(runner.invoke(args=["units", "import", "--all=yes"]), 2).startswith(
        "Tùy chọn --all không nhận giá trị")
    assert one_line(runner.invoke(args=["units", "import", "--province"]), 2).startswith(
        "Tùy chọn --province cần một giá trị")
    assert one_line(runner.invoke(args=["units", "nhap"]), 2) == \
        "Không có lệnh «flask --app wsgi units nhap»; các lệnh: import, search."


def test_units_search_bad_input_and_an_empty_unit_table(runner):
    empty = one_line(runner.invoke(args=["units", "search", "cua lo"]))
    assert empty.startswith("Chưa nhập danh mục đơn vị hành chính") and "units import" in empty
    assert one_line(runner.invoke(args=["units", "search", " "]), 2).startswith("Nhập một phần tên đơn vị")
    assert one_line(runner.invoke(args=["units", "search"]), 2) == \
        "Thiếu đối số QUERY; xem «flask --app wsgi units search --help»."
    assert one_line(runner.invoke(args=["units", "search", "x", "--date", "1/7/2025"]), 2) == \
        "--date phải là một ngày dạng YYYY-MM-DD, ví dụ 2025-07-01 (nhận «1/7/2025»)."
    assert one_line(runner.invoke(args=["units", "search", "x", "--level", "4"]), 2) == \
        "--level phải là số nguyên từ 1 đến 3 (nhận 4)."
    assert one_line(runner.invoke(args=["units", "search", "x", "--limit", "nhiều"]), 2) == \
        "--limit phải là số nguyên từ 1 đến 10000 (nhận «nhiều»)."
    assert one_line(runner.invoke(args=["units", "search", "x", "--tinh", "A"]), 2) == \
        "Không có tùy chọn --tinh; xem «flask --app wsgi units search --help»."


def test_units_search_after_only_a_synthetic_campaign_still_says_nothing_was_imported(runner):
    assert runner.invoke(args=["synthetic", "--units", "2"]).exit_code == 0
    assert one_line(runner.invoke(args=["units", "search", "hoa binh"])).startswith(
        "Chưa nhập danh mục đơn vị hành chính")


def test_synthetic_and_demo_bad_usage(runner):
    assert one_line(runner.invoke(args=["synthetic", "--units", "0"]), 2) == \
        "--units phải là số nguyên từ 1 đến 20000 (nhận 0)."
    assert one_line(runner.invoke(args=["synthetic", "--units", "ba"]), 2) == \
        "--units phải là số nguyên từ 1 đến 20000 (nhận «ba»)."
    assert one_line(runner.invoke(args=["synthetic", "--seed", "1000"]), 2) == \
        "--seed phải là số nguyên từ 0 đến 999 (nhận 1000)."
    assert one_line(runner.invoke(args=["synthetic", "extra"]), 2) == \
        "Lệnh không đúng cú pháp; xem «flask --app wsgi synthetic --help»."
    assert one_line(runner.invoke(args=["demo", "--pasword", "x"]), 2) == \
        "Không có tùy chọn --pasword; xem «flask --app wsgi demo --help»."
