"""`flask demo`: the reference set, Nghệ An's units, an open 2023 campaign and the demo users."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from .cli_support import Command, Integer, uses_database

DEMO_PASSWORD = "demo-06-kieumau"


@click.command("demo", cls=Command)
@click.option("--password", default=DEMO_PASSWORD, show_default=True, help="Mật khẩu cho mọi tài khoản demo.")
@with_appcontext
@uses_database
def demo_command(password: str) -> None:
    """Nạp dữ liệu demo (chạy lại nhiều lần không tạo trùng)."""
    from .services.demo import load_demo
    users = load_demo(password)
    click.echo("Dữ liệu demo đã sẵn sàng. Đăng nhập tại /login với mật khẩu: " + password)
    for user in users:
        click.echo(f"  {user.username:<16} {user.role_enum.label}"
                   + (f" – {user.team.name}" if user.team else (f" – {user.unit.name}" if user.unit else "")))


@click.command("synthetic", cls=Command)
@click.option("--units", type=Integer(1, 20000), default=130, show_default=True)
@click.option("--seed", type=Integer(), default=6, show_default=True)
@click.option("--password", default=DEMO_PASSWORD, show_default=True, help="Mật khẩu của tài khoản tỉnh thử nghiệm.")
@with_appcontext
@uses_database
def synthetic_command(units: int, seed: int, password: str) -> None:
    """Tạo một đợt đánh giá thử nghiệm với N đơn vị (dữ liệu giả lập, để đo hiệu năng)."""
    import json

    from . import resource_dir
    from .services.criteria_sets import load_set
    from .services.synthetic import create_campaign
    record, _ = load_set(json.loads((resource_dir("seeds") / "criteria" / "de-an-06-kieu-mau-v1.json")
                                    .read_text(encoding="utf-8")))
    campaign = create_campaign(units, seed=seed, criteria_set=record, password=password)
    click.echo(f"Đã tạo «{campaign.name}» (mã đợt {campaign.id}); đăng nhập tinh.thunghiem{units} / {password}")
