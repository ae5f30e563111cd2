"""`flask demo`: the reference set, Nghệ An's units, an open 2023 campaign and the demo users."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

DEMO_PASSWORD = "demo-06-kieumau"


@click.command("demo")
@click.option("--password", default=DEMO_PASSWORD, show_default=True, help="Mật khẩu cho mọi tài khoản demo.")
@with_appcontext
def demo_command(password: str) -> None:
    """Nạp dữ liệu demo (chạy lại nhiều lần không tạo trùng)."""
    from .services.demo import load_demo
    from .services.uow import transaction
    with transaction():
        users = load_demo(password)
    click.echo("Dữ liệu demo đã sẵn sàng. Đăng nhập tại /login với mật khẩu: " + password)
    for user in users:
        click.echo(f"  {user.username:<16} {user.role_enum.label}"
                   + (f" – {user.team.name}" if user.team else (f" – {user.unit.name}" if user.unit else "")))


@click.command("synthetic")
@click.option("--units", type=click.IntRange(1, 20000), default=130, show_default=True)
@click.option("--seed", type=int, default=6, show_default=True)
@click.option("--password", default=DEMO_PASSWORD, show_default=True, help="Mật khẩu của tài khoản tỉnh thử nghiệm.")
@with_appcontext
def synthetic_command(units: int, seed: int, password: str) -> None:
    """Tạo một đợt đánh giá thử nghiệm với N đơn vị (dữ liệu giả lập, để đo hiệu năng)."""
    import json

    from .paths import resource_dir
    from .services.criteria_sets import load_set
    from .services.synthetic import create_campaign
    from .services.uow import transaction
    with transaction():
        record, _ = load_set(json.loads((resource_dir("seeds") / "criteria" / "de-an-06-kieu-mau-v1.json")
                                        .read_text(encoding="utf-8")))
        campaign = create_campaign(units, seed=seed, criteria_set=record, password=password)
    click.echo(f"Đã tạo «{campaign.name}» (mã đợt {campaign.id}); đăng nhập tinh.thunghiem{units} / {password}")
