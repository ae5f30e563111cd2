"""`flask` commands: criteria sets, units, demo data."""
from __future__ import annotations

from flask import Flask


def register_cli(app: Flask) -> None:
    from .cli_backup import backup_command, restore_command
    from .cli_criteria import criteria_cli
    from .cli_demo import demo_command, synthetic_command
    from .cli_reports import reports_cli
    from .cli_units import units_cli
    for command in (criteria_cli, demo_command, synthetic_command, units_cli, reports_cli, backup_command,
                    restore_command):
        app.cli.add_command(command)
