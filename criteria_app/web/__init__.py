"""Blueprints by area, error pages and template helpers."""
from __future__ import annotations

from flask import Flask


def register_web(app: Flask) -> None:
    from . import auth, errors, filters
    from .converters import IdConverter
    app.url_map.converters["int"] = IdConverter
    app.register_blueprint(auth.bp)
    errors.register(app)
    filters.register(app)
    from . import admin, admin_documents
    if all(child is not admin_documents.bp for child, _ in admin.bp._blueprints):
        # the references and signers screens live under /quan-tri, behind its access rule
        admin.bp.register_blueprint(admin_documents.bp)
    for name in ("wards", "assessments", "inspections", "admin", "province", "documents"):
        module = __import__(f"{__name__}.{name}", fromlist=["bp"])
        app.register_blueprint(module.bp)
