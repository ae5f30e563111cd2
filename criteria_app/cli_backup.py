"""`flask backup DIR` and `flask restore DIR`: the database and the uploaded files (see services/backup.py)."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from .cli_support import Command, Refusal


@click.command("backup", cls=Command)
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--with-reports", is_flag=True, help="Sao lưu cả các tệp báo cáo đã tạo.")
@with_appcontext
def backup_command(folder: str, with_reports: bool) -> None:
    """Sao lưu cơ sở dữ liệu và tệp minh chứng vào FOLDER (thư mục mới hoặc trống)."""
    from .services.backup import BackupError, backup
    try:
        manifest = backup(folder, with_reports=with_reports)
    except BackupError as exc:
        raise Refusal(str(exc)) from None
    tables = manifest["database"]["tables"]
    click.echo(f"Đã sao lưu vào {folder}: cơ sở dữ liệu {manifest['engine']} ({sum(tables.values())} dòng, "
               f"{len(tables)} bảng), {len(manifest['files']) - 1} tệp.")


@click.command("restore", cls=Command)
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--without-reports", is_flag=True, help="Không khôi phục các tệp báo cáo.")
@with_appcontext
def restore_command(folder: str, without_reports: bool) -> None:
    """Khôi phục bản sao lưu FOLDER vào cơ sở dữ liệu và thư mục tệp (trống) đang cấu hình."""
    from .services.backup import BackupError, restore
    try:
        manifest = restore(folder, with_reports=not without_reports)
    except BackupError as exc:
        raise Refusal(str(exc)) from None
    click.echo(f"Đã khôi phục bản sao lưu lúc {manifest['created_at']} "
               f"({sum(manifest['database']['tables'].values())} dòng, {len(manifest['files']) - 1} tệp); "
               "tổng kiểm và số dòng đều khớp.")
