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
    users = load_demo(password)
    click.echo("Dữ liệu demo đã sẵn sàng. Đăng nhập tại /login với mật khẩu: " + password)
    for user in users:
        click.echo(f"  {user.username:<16} {user.role_enum.label}"
                   + (f" – {user.unit.name}" if user.unit else "")
                   + (f" – {user.team.name}" if user.team else ""))
