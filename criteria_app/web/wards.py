"""The landing list: the assessments a user may open."""
from __future__ import annotations

from flask import Blueprint
from flask_login import login_required

from ..domain.text import sort_key
from .htmx import render
from .loaders import visible_assessments

bp = Blueprint("wards", __name__)


@bp.get("/ho-so")
@login_required
def index():
    assessments = sorted(visible_assessments(), key=lambda a: (-a.campaign.year, sort_key(a.unit_name)))
    return render("wards/index.html", assessments=assessments)
