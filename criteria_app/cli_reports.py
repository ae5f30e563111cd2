"""`flask reports cleanup`: delete generated report files past their retention period."""
from __future__ import annotations

import click

from .cli_support import Group, Integer, uses_database

reports_cli = Group("reports", help="Tệp báo cáo đã tạo.")


@reports_cli.command("cleanup")
@click.option("--days", type=Integer(0, 36500), default=None,
              help="Giữ tệp trong bấy nhiêu ngày (mặc định REPORTS_RETENTION_DAYS).")
@uses_database
def cleanup_command(days: int | None) -> None:
    """Xóa tệp báo cáo cũ hơn thời hạn lưu giữ, tệp tạm còn sót và khóa của việc đã xong."""
    from flask import current_app

    from .services.jobs import cleanup
    if days is not None:
        current_app.config["REPORTS_RETENTION_DAYS"] = days
    counts = cleanup()
    click.echo(f"Đã xóa {counts['files']} tệp báo cáo ({counts['jobs']} báo cáo hết hạn lưu giữ), "
               f"{counts['partial']} tệp tạm, {counts['leases']} khóa cũ. "
               f"Thư mục: {current_app.config['REPORTS_FOLDER']}")
