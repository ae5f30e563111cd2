"""URL converters: an id beyond what the database column holds is simply not found (404)."""
from __future__ import annotations

from werkzeug.routing import IntegerConverter

ID_MAX = 2**31 - 1   # INTEGER primary keys on PostgreSQL and the ids SQLite hands out here


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: 1 … 2³¹−1, so an out-of-range id never reaches the database."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("min", 0)
        kwargs.setdefault("max", ID_MAX)
        super().__init__(map, *args, **kwargs)
