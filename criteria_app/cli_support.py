"""What every `flask` command of the application shares: each expected failure is one Vietnamese line.

- A command that uses the database first checks that its schema is there and up to date, and
  otherwise names the command to run (exit 1).
- A refusal from a use case (ServiceError) is printed as its message (exit 1).
- Bad usage (a missing argument, a value of the wrong form, an unknown option) is one line saying
  what is wrong and where the help is (exit 2), instead of click's English usage block.
Unexpected errors still end in a traceback: those are bugs, and the traceback is what fixes them.
"""
from __future__ import annotations

import functools
import re
from datetime import date

import click
from flask.cli import AppGroup

UPGRADE_COMMAND = "flask --app wsgi db upgrade"


class Refusal(click.ClickException):
    """An expected failure: its message alone, on stderr."""

    exit_code = 1

    def show(self, file=None) -> None:
        click.echo(self.message, err=True)


class UsageRefusal(Refusal):
    exit_code = 2


def command_line(ctx: click.Context | None) -> str:
    """'flask --app wsgi units search', from a command's context."""
    names = []
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name)
        ctx = ctx.parent
    return " ".join(["flask --app wsgi", *reversed(names)])


def _name(param: click.Parameter | None) -> str:
    """QUERY for an argument, --units for an option."""
    if param is None:
        return "giá trị"
    return param.human_readable_name if isinstance(param, click.Argument) else param.opts[0]


def _usage_message(exc: click.UsageError, ctx: click.Context) -> str:
    help_hint = f"xem «{command_line(ctx)} --help»"
    if isinstance(exc, click.MissingParameter):
        kind = "đối số" if isinstance(exc.param, click.Argument) else "tùy chọn"
        return f"Thiếu {kind} {_name(exc.param)}; {help_hint}."
    if isinstance(exc, click.BadParameter):
        return f"{_name(exc.param)} {exc.message}."
    if isinstance(exc, click.NoSuchOption):
        return f"Không có tùy chọn {exc.option_name}; {help_hint}."
    if isinstance(exc, click.BadOptionUsage):
        flag = any(isinstance(p, click.Option) and p.is_flag and exc.option_name in p.opts for p in ctx.command.params)
        what = "không nhận giá trị" if flag else "cần một giá trị"
        return f"Tùy chọn {exc.option_name} {what}; {help_hint}."
    return f"Lệnh không đúng cú pháp; {help_hint}."


class Command(click.Command):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            raise UsageRefusal(_usage_message(exc, ctx)) from None


class Group(AppGroup):
    """A command group whose commands (and the group itself) report bad usage in one line."""

    command_class = Command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as exc:
            raise UsageRefusal(_usage_message(exc, ctx)) from None

    def resolve_command(self, ctx: click.Context, args: list[str]):
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as exc:
            raise UsageRefusal(f"Không có lệnh «{command_line(ctx)} {exc.command_name}»; "
                               f"các lệnh: {', '.join(sorted(self.commands))}.") from None


# --------------------------------------------------------------------------- values

class Integer(click.ParamType):
    """An integer, optionally within bounds, refused in Vietnamese."""

    name = "integer"

    def __init__(self, low: int | None = None, high: int | None = None):
        self.low, self.high = low, high

    def expected(self) -> str:
        if self.low is not None and self.high is not None:
            return f"số nguyên từ {self.low} đến {self.high}"
        if self.low is not None:
            return f"số nguyên ≥ {self.low}"
        return "số nguyên"

    def convert(self, value, param, ctx) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif re.fullmatch(r"-?[0-9]+", str(value).strip()):
            number = int(str(value).strip())
        else:
            self.fail(f"phải là {self.expected()} (nhận «{value}»)", param, ctx)
        if (self.low is not None and number < self.low) or (self.high is not None and number > self.high):
            self.fail(f"phải là {self.expected()} (nhận {number})", param, ctx)
        return number


class IsoDate(click.ParamType):
    name = "date"

    def convert(self, value, param, ctx) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"phải là một ngày dạng YYYY-MM-DD, ví dụ 2025-07-01 (nhận «{value}»)", param, ctx)


# --------------------------------------------------------------------------- the database

def schema_problem() -> str | None:
    """Why the database cannot serve the application yet, as one line naming what to run; None if it can.

    Migrated databases carry alembic's version table, which must be at the head revision. A database
    without it must already hold every table of the models (the test suite builds it that way)."""
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError
    from sqlalchemy import inspect
    from sqlalchemy.exc import DBAPIError

    from . import PACKAGE_DIR
    from .extensions import db

    where = db.engine.url.render_as_string(hide_password=True)
    try:
        conn = db.session.connection()     # the command's own transaction: no second connection to wait for
        tables = set(inspect(conn).get_table_names())
        current = set(MigrationContext.configure(conn).get_current_heads()) if "alembic_version" in tables else None
    except DBAPIError as exc:
        db.session.rollback()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else ""
        return f"Không kết nối được cơ sở dữ liệu {where} ({reason}): kiểm tra DATABASE_URL."
    if current is None:
        if set(db.metadata.tables) <= tables:
            return None
        return f"Cơ sở dữ liệu {where} chưa được khởi tạo: chạy «{UPGRADE_COMMAND}» trước."
    scripts = ScriptDirectory(str(PACKAGE_DIR / "migrations"))
    if current == set(scripts.get_heads()):
        return None
    for revision in current:
        try:
            scripts.get_revision(revision)
        except CommandError:
            return (f"Cơ sở dữ liệu {where} ở phiên bản lược đồ {revision}, không có trong mã nguồn này: "
                    "dùng phiên bản ứng dụng đã tạo ra nó, hoặc một cơ sở dữ liệu khác (DATABASE_URL).")
    return f"Cơ sở dữ liệu {where} chưa được nâng cấp lên phiên bản mới nhất: chạy «{UPGRADE_COMMAND}» trước."


def uses_database(callback):
    """For a command's callback (inside the app context): check the schema first, run the command
    as one transaction (committed at its end), and turn a use case's refusal into one line."""
    from .services.errors import ServiceError
    from .services.uow import transaction

    @functools.wraps(callback)
    def wrapper(*args, **kwargs):
        problem = schema_problem()
        if problem:
            raise Refusal(problem)
        try:
            with transaction():
                return callback(*args, **kwargs)
        except ServiceError as exc:
            raise Refusal(exc.message) from None
    return wrapper
