"""WSGI entry point: `flask --app wsgi ...`, or a WSGI server pointed at `wsgi:app`."""
from criteria_app import create_app

app = create_app()
