"""Reading the administrative units: search by name, provinces by name, succession, validity."""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from sqlalchemy import or_, select

from ...domain.text import fold, sort_key
from ...extensions import db
from ...models import Unit, UnitSuccession
from .dataset import PREFIXES, UNKNOWN_START, UnknownProvince


def _valid_on(day: date):
    return (Unit.valid_from <= day) & or_(Unit.valid_to.is_(None), Unit.valid_to >= day)


def _like_pattern(folded: str) -> str:
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# Unit names are few and reused by every search: their sort keys are worth keeping.
_name_key = lru_cache(maxsize=65536)(sort_key)


def _in_vietnamese_order(units) -> list[Unit]:
    return sorted(units, key=lambda u: (_name_key(u.name), u.level, u.valid_from, u.id))


def search_units(query: str, *, province_id: int | None = None, level: int | None = None,
                 on_date: date | None = None, limit: int = 50) -> list[Unit]:
    """Units whose name contains the query, ignoring case, accents and đ/d, in Vietnamese order."""
    folded = fold(query)
    if not folded or limit <= 0:
        return []
    stmt = select(Unit.id, Unit.name, Unit.level, Unit.valid_from).where(
        Unit.name_folded.like(_like_pattern(folded), escape="\\"))
    if province_id is not None:
        stmt = stmt.where(or_(Unit.province_id == province_id, Unit.id == province_id))
    if level is not None:
        stmt = stmt.where(Unit.level == level)
    if on_date is not None:
        stmt = stmt.where(_valid_on(on_date))
    # Light rows first, sorted here (SQL cannot sort Vietnamese), then whole units for the page.
    rows = sorted(db.session.execute(stmt).all(),
                  key=lambda r: (_name_key(r.name), r.level, r.valid_from, r.id))[:limit]
    ids = [r.id for r in rows]
    if not ids:
        return []
    units = {u.id: u for u in db.session.execute(select(Unit).where(Unit.id.in_(ids))).scalars()}
    return [units[i] for i in ids]


def find_province(name: str, on_date: date | None = None) -> Unit:
    """The province record a name designates (full or short name, any case or accents, or code).

    Several records can carry a name (the old and the 2025 Tỉnh Lào Cai): the one valid on
    `on_date`, else the current one, else the latest."""
    wanted = fold(name)
    candidates = []
    for unit in db.session.execute(select(Unit).where(Unit.level == 1)).scalars():
        short = fold(unit.name)
        for prefix, _ in PREFIXES[1]:
            if short.startswith(prefix + " "):
                short = short[len(prefix) + 1:]
                break
        if wanted in (fold(unit.name), short, unit.code):
            candidates.append(unit)
    if not candidates:
        raise UnknownProvince(name)
    if on_date is not None:
        valid = [u for u in candidates if u.valid_on(on_date)]
        if valid:
            return valid[0]
    current = [u for u in candidates if u.valid_to is None]
    return (current or sorted(candidates, key=lambda u: u.valid_to))[-1]


def successors(unit: Unit) -> list[Unit]:
    """The units `unit` was merged or divided into (one step)."""
    rows = db.session.execute(select(Unit).join(UnitSuccession, UnitSuccession.successor_id == Unit.id)
                              .where(UnitSuccession.predecessor_id == unit.id)).scalars()
    return _in_vietnamese_order(rows)


def predecessors(unit: Unit) -> list[Unit]:
    """The units merged or divided into `unit` (one step)."""
    rows = db.session.execute(select(Unit).join(UnitSuccession, UnitSuccession.predecessor_id == Unit.id)
                              .where(UnitSuccession.successor_id == unit.id)).scalars()
    return _in_vietnamese_order(rows)


def current_successors(unit: Unit, on_date: date) -> list[Unit]:
    """The units that carry `unit` on `on_date`: itself if still valid then, else its successors,
    followed link by link until units valid that day. Empty if the chain does not reach that day."""
    if unit.valid_on(on_date):
        return [unit]
    found: dict[int, Unit] = {}
    seen = {unit.id}
    frontier = [unit]
    while frontier:
        following = []
        for current in frontier:
            for nxt in successors(current):
                if nxt.id in seen:
                    continue
                seen.add(nxt.id)
                if nxt.valid_on(on_date):
                    found[nxt.id] = nxt
                elif nxt.valid_to is not None and nxt.valid_to < on_date:
                    following.append(nxt)
        frontier = following
    return _in_vietnamese_order(found.values())


def validity_text(unit: Unit) -> str:
    """'01/07/2025 – nay', '… – 30/06/2025' (the start of a pre-2025 unit is not known)."""
    start = "…" if unit.valid_from == UNKNOWN_START else f"{unit.valid_from:%d/%m/%Y}"
    end = "nay" if unit.valid_to is None else f"{unit.valid_to:%d/%m/%Y}"
    return f"{start} – {end}"


def units_imported() -> bool:
    """Whether any administrative unit is there to search (the made-up units of a synthetic
    benchmark campaign do not count): an empty result then means "no match", not "nothing imported"."""
    from .importer import SOURCE_SYNTHETIC
    return db.session.execute(select(Unit.id).where(Unit.source != SOURCE_SYNTHETIC).limit(1)).first() is not None
