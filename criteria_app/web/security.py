"""Security headers on every response.

Pages and fragments get a Content-Security-Policy with no inline script or style (the templates
use static files and classes; htmx is configured not to inject its indicator styles), may not be
framed, and are never stored by a cache (Back would show stale scores; a shared computer would
keep another user's pages). Static files keep their caching. HSTS only in production, where the
app is served over HTTPS.
"""
from __future__ import annotations

from flask import Flask, current_app, request
from flask.wrappers import Response

PAGE_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",          # a drawn signature is shown as a data: PNG
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
# Files (PDF, XLSX, images, JSON): nothing to load, nothing to frame.
FILE_POLICY = "frame-ancestors 'none'"


def _secure_headers(response: Response) -> Response:
    headers = response.headers
    html = response.mimetype == "text/html"
    headers.setdefault("Content-Security-Policy", PAGE_POLICY if html else FILE_POLICY)
    headers.setdefault("X-Frame-Options", "DENY")
    headers["X-Content-Type-Options"] = "nosniff"
    headers.setdefault("Referrer-Policy", "same-origin")
    hsts = current_app.config.get("HSTS_SECONDS")
    if hsts:
        headers.setdefault("Strict-Transport-Security", f"max-age={int(hsts)}")
    if request.endpoint != "static":
        response.cache_control.no_store = True
        response.cache_control.private = True
        response.cache_control.public = False
        response.cache_control.max_age = None
        response.expires = None
    return response


def register(app: Flask) -> None:
    app.after_request(_secure_headers)
