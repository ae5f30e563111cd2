"""`flask units import|search`: the administrative units list (domain.md section 4)."""
from __future__ import annotations

import sys
from datetime import date

import click
from flask.cli import AppGroup

units_cli = AppGroup("units", help="Đơn vị hành chính: nạp danh mục (vietnamadminunits), tìm kiếm.")


def summary_line(summary: dict) -> str:
    return (f"Đã nạp {summary['provinces']} tỉnh/thành phố; {summary['units_2025']} đơn vị cấp xã "
            f"từ 01/07/2025; {summary['districts_2024']} đơn vị cấp huyện và {summary['units_2024']} "
            f"đơn vị cấp xã trước 01/07/2025; {summary['successions']} liên kết kế thừa "
            f"({summary['created']} bản ghi mới).")


@units_cli.command("import")
@click.option("--province", metavar="NAME", help="Tên tỉnh/thành phố, có dấu hay không dấu (\"Nghệ An\").")
@click.option("--all", "all_provinces", is_flag=True, help="Cả nước.")
def import_command(province: str | None, all_provinces: bool) -> None:
    """Nạp (hoặc bổ sung) danh mục đơn vị hành chính; chạy lại không tạo bản ghi trùng."""
    from .services.units.dataset import UnknownProvince
    from .services.units.importer import import_units
    from .services.uow import transaction
    if bool(province) == all_provinces:
        click.echo("Chọn một trong hai: --province TÊN hoặc --all.", err=True)
        sys.exit(2)
    try:
        with transaction():
            summary = import_units(None if all_provinces else province)
    except UnknownProvince as exc:
        click.echo(exc.message, err=True)
        sys.exit(1)
    click.echo(summary_line(summary))


@units_cli.command("search")
@click.argument("query")
@click.option("--province", metavar="NAME", help="Chỉ tìm trong tỉnh/thành phố này.")
@click.option("--date", "on_date", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Chỉ các đơn vị còn hiệu lực ngày này.")
@click.option("--level", type=click.IntRange(1, 3), help="1 tỉnh, 2 huyện, 3 xã.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
def search_command(query: str, province: str | None, on_date, level: int | None, limit: int) -> None:
    """Tìm đơn vị theo tên (không phân biệt hoa thường, có dấu hay không dấu)."""
    from .services.units.dataset import UnknownProvince
    from .services.units.queries import find_province, search_units, validity_text
    day: date | None = on_date.date() if on_date is not None else None
    province_id = None
    if province:
        try:
            province_id = find_province(province, day).id
        except UnknownProvince as exc:
            click.echo(exc.message, err=True)
            sys.exit(1)
    units = search_units(query, province_id=province_id, level=level, on_date=day, limit=limit)
    if not units:
        click.echo("Không tìm thấy đơn vị nào.")
        return
    for unit in units:
        click.echo(f"{unit.code}\t{unit.name}\t{unit.path_name()}\t{validity_text(unit)}")
