"""The application for a WSGI server: `gunicorn -c python:criteria_app.gunicorn_conf criteria_app.wsgi:app`
(what `make serve` runs), and for `flask --app criteria_app.wsgi ...` where there is no checkout."""
from . import create_app

app = create_app()
