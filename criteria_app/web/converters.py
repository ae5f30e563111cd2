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


def parse_id(text: str | None) -> int | None:
    """An id typed or posted in a form field: None unless it is one the database could hold."""
    text = (text or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(ID_MAX)):
        return None
    value = int(text)
    return value if 0 < value <= ID_MAX else None
