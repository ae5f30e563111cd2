"""`flask` commands: criteria sets, units, demo data."""
from __future__ import annotations

from flask import Flask


def register_cli(app: Flask) -> None:
    from .cli_criteria import criteria_cli
    from .cli_demo import demo_command
    app.cli.add_command(criteria_cli)
    app.cli.add_command(demo_command)
    try:
        from .cli_units import units_cli
    except ImportError:  # written in parallel; registered once present
        return
    app.cli.add_command(units_cli)
