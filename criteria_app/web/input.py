"""What any request may carry, checked before a view sees it.

- Bodies: forms only (URL-encoded or multipart); anything else (JSON, XML…) is 415.
- Text: NUL and the other control characters, which no field of this application can hold and
  PostgreSQL refuses, are removed from every form value and query argument (tab, line feed and
  carriage return stay). Invisible to the user, they are dropped rather than refused.
- Query arguments (searches, filters, page numbers) are cut at ARG_MAX characters: a search for a
  megabyte of text finds what its first words find.
Ranges of ids are in the URL converters (converters.py), lengths and numbers in the services and
the domain (each with its message beside the field).
"""
from __future__ import annotations

import re

from flask import Flask, Request, abort, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.sansio.request import Request as _SansIORequest
from werkzeug.utils import cached_property

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ARG_MAX = 200
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def clean_text(value: str) -> str:
    return _CONTROL.sub("", value)


class CleanMultiDict(ImmutableMultiDict):
    """The form and query storage: string values arrive without control characters."""

    def __init__(self, mapping=None):
        if mapping is not None and not isinstance(mapping, (dict, ImmutableMultiDict)):
            mapping = [(key, clean_text(value) if isinstance(value, str) else value) for key, value in mapping]
        super().__init__(mapping)


class CleanRequest(Request):
    parameter_storage_class = CleanMultiDict

    @cached_property
    def args(self) -> CleanMultiDict:
        parsed = _SansIORequest.__dict__["args"].fget(self)
        return CleanMultiDict([(key, value[:ARG_MAX]) for key, value in parsed.items(multi=True)])


def _forms_only():
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and (request.content_length or request.mimetype):
        if request.mimetype and request.mimetype not in FORM_TYPES:
            abort(415)


def register(app: Flask) -> None:
    app.request_class = CleanRequest
    app.before_request(_forms_only)
