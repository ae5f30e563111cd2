"""`flask --app wsgi ...` in a checkout. The application lives in the package: criteria_app.wsgi:app."""
from criteria_app.wsgi import app  # noqa: F401
