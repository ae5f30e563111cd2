"""`flask demo`: the reference set, Nghệ An's units, an open 2023 campaign and the demo users.
`flask synthetic`: a made-up campaign of N units, for benchmarks."""
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
@click.option("--units", type=Integer(1, 20000), default=130, show_default=True, help="Số đơn vị cấp xã.")
@click.option("--seed", type=Integer(0, 999), default=6, show_default=True,
              help="Hạt giống số ngẫu nhiên; cùng --units và --seed là cùng một đợt.")
@click.option("--password", default=DEMO_PASSWORD, show_default=True, help="Mật khẩu của tài khoản tỉnh thử nghiệm.")
@with_appcontext
@uses_database
def synthetic_command(units: int, seed: int, password: str) -> None:
    """Tạo một đợt đánh giá thử nghiệm với N đơn vị (dữ liệu giả lập, để đo hiệu năng); chạy lại với
    cùng tham số không thay đổi gì."""
    import json

    from . import resource_dir
    from .extensions import db
    from .models import User
    from .services.accounts import verify_password
    from .services.criteria_sets import load_set
    from .services.synthetic import create_campaign, existing_campaign, province_username
    username = province_username(units)
    campaign = existing_campaign(units, seed)
    if campaign is None:
        record, _ = load_set(json.loads((resource_dir("seeds") / "criteria" / "de-an-06-kieu-mau-v1.json")
                                        .read_text(encoding="utf-8")))
        campaign = create_campaign(units, seed=seed, criteria_set=record, password=password)
        click.echo(f"Đã tạo «{campaign.name}» (mã đợt {campaign.id}); đăng nhập {username} / {password}")
        return
    campaign = create_campaign(units, seed=seed, password=password)   # adds the user if an earlier run made none
    user = db.session.execute(db.select(User).filter_by(username=username)).scalar_one()
    login = f"{username} / {password}" if verify_password(user, password) else \
        f"{username} (mật khẩu đặt ở lần chạy trước)"
    click.echo(f"Đã có sẵn «{campaign.name}» (mã đợt {campaign.id}), không thay đổi gì; đăng nhập {login}")
