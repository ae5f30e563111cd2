"""Blueprints by area, error pages and template helpers."""
from __future__ import annotations

from flask import Flask


def register_web(app: Flask) -> None:
    from . import auth, errors, filters, input, security
    from .converters import IdConverter
    app.url_map.converters["int"] = IdConverter
    input.register(app)
    security.register(app)
    app.register_blueprint(auth.bp)
    errors.register(app)
    filters.register(app)
    for name in ("wards", "assessments", "inspections", "admin", "province", "documents"):
        module = __import__(f"{__name__}.{name}", fromlist=["bp"])
        app.register_blueprint(module.bp)
