"""Page-or-fragment helpers for HTMX requests."""
from __future__ import annotations

from flask import Response, make_response, render_template
from flask_htmx import make_response as hx_response  # noqa: F401  (re-exported for views)

from ..extensions import htmx


def render(template: str, *, http_status: int = 200, **context) -> Response:
    """Render and mark the response as varying on HX-Request, so caches never mix page and fragment."""
    response = make_response(render_template(template, **context), http_status)
    response.headers["Vary"] = "HX-Request"
    return response


def is_htmx() -> bool:
    return bool(htmx)
