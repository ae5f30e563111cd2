"""Sending generated files: private, not cached, with a Vietnamese file name that every browser keeps."""
from __future__ import annotations

from urllib.parse import quote

from flask import Response

from ..domain.text import fold


def file_response(data: bytes, mimetype: str, filename: str) -> Response:
    ascii_name = fold(filename).replace(" ", "-")
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}")
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
