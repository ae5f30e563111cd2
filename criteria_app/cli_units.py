"""`flask units import|search`: the administrative units list (domain.md section 4)."""
from __future__ import annotations

from datetime import date

import click

from .cli_support import Group, Integer, IsoDate, Refusal, UsageRefusal, command_line, uses_database
from .domain.text import fold

units_cli = Group("units", help="Đơn vị hành chính: nạp danh mục (vietnamadminunits), tìm kiếm.")


def summary_line(summary: dict) -> str:
    return (f"Đã nạp {summary['provinces']} tỉnh/thành phố; {summary['units_2025']} đơn vị cấp xã "
            f"từ 01/07/2025; {summary['districts_2024']} đơn vị cấp huyện và {summary['units_2024']} "
            f"đơn vị cấp xã trước 01/07/2025; {summary['successions']} liên kết kế thừa "
            f"({summary['created']} bản ghi mới).")


@units_cli.command("import")
@click.option("--province", metavar="NAME", help="Tên tỉnh/thành phố, có dấu hay không dấu (\"Nghệ An\").")
@click.option("--all", "all_provinces", is_flag=True, help="Cả nước.")
@click.pass_context
@uses_database
def import_command(ctx: click.Context, province: str | None, all_provinces: bool) -> None:
    """Nạp (hoặc bổ sung) danh mục đơn vị hành chính; chạy lại không tạo bản ghi trùng."""
    from .services.units.importer import import_units
    if bool(province) == all_provinces:
        raise UsageRefusal(f"Chọn một trong hai: --province TÊN hoặc --all; xem «{command_line(ctx)} --help».")
    click.echo(summary_line(import_units(None if all_provinces else province)))


@units_cli.command("search")
@click.argument("query")
@click.option("--province", metavar="NAME", help="Chỉ tìm trong tỉnh/thành phố này.")
@click.option("--date", "day", type=IsoDate(), metavar="YYYY-MM-DD", help="Chỉ các đơn vị còn hiệu lực ngày này.")
@click.option("--level", type=Integer(1, 3), help="1 tỉnh, 2 huyện, 3 xã.")
@click.option("--limit", default=50, show_default=True, type=Integer(1, 10_000))
@uses_database
def search_command(query: str, province: str | None, day: date | None, level: int | None, limit: int) -> None:
    """Tìm đơn vị theo tên (không phân biệt hoa thường, có dấu hay không dấu)."""
    from .services.units.queries import find_province, search_units, units_imported, validity_text
    if not fold(query):
        raise UsageRefusal("Nhập một phần tên đơn vị để tìm, ví dụ: «cua lo».")
    if not units_imported():
        raise Refusal("Chưa nhập danh mục đơn vị hành chính: chạy "
                      "«flask --app wsgi units import --province \"Nghệ An\"» (hoặc --all) trước.")
    province_id = find_province(province, day).id if province else None
    units = search_units(query, province_id=province_id, level=level, on_date=day, limit=limit)
    if not units:
        click.echo(f"Không tìm thấy đơn vị nào khớp «{query}»"
                   + (f" trong {province}" if province else "") + (f" ngày {day:%d/%m/%Y}" if day else "") + ".")
        return
    for unit in units:
        click.echo(f"{unit.code}\t{unit.name}\t{unit.path_name()}\t{validity_text(unit)}")
