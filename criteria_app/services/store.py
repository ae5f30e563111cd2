"""The one persistence primitive for autosaved fields: upsert one row's fields and audit the change.

A save is: read the row's current fields, and if they differ, one INSERT … ON CONFLICT DO UPDATE
that only updates when a field really differs (so a concurrent identical save changes nothing), then
the audit entry. Nothing is rolled back: a retried save (the tablet lost the response) is a no-op.
"""
from __future__ import annotations

from typing import Any, Callable

from sqlalchemy import or_
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..models import User, utcnow
from . import audit


def insert_for(model):
    """INSERT with ON CONFLICT for the session's dialect (PostgreSQL or SQLite)."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


def current(model, keys: dict, fields: tuple[str, ...]) -> dict | None:
    """The row's fields, or None when there is no row."""
    table = model.__table__
    row = db.session.execute(db.select(*(table.c[f] for f in fields))
                             .where(*(table.c[k] == v for k, v in keys.items()))).first()
    return None if row is None else dict(zip(fields, row))


def save_fields(model, keys: dict, values: dict, *, actor: User, action: str, assessment_id: int | None,
                target: str, shown: Callable[[dict], Any] = lambda v: v, extra: dict | None = None) -> bool:
    """Set `values` on the row identified by `keys` (creating it), with one audit entry.

    Returns False when the stored fields already equal `values`: nothing is written or audited.
    `shown` turns the stored fields into what the history prints; `extra` is written with a change
    (updated_by_id…) but never compared.
    """
    table = model.__table__
    fields = tuple(values)
    before = current(model, keys, fields)
    if (before or dict.fromkeys(fields)) == values:
        return False
    changed = {**values, **(extra or {})}
    if "updated_at" in table.c:
        changed["updated_at"] = utcnow()
    update = dict(changed)
    if "revision" in table.c:
        update["revision"] = table.c.revision + 1
    stmt = insert_for(model).values(**keys, **changed).on_conflict_do_update(
        index_elements=list(keys), set_=update,
        where=or_(*(table.c[f].is_distinct_from(v) for f, v in values.items())))
    if db.session.execute(stmt).rowcount == 0:
        return False   # an identical save committed between our read and our write
    audit.record(action, actor=actor, assessment_id=assessment_id, target=target,
                 before=shown(before) if before is not None else None, after=shown(values))
    return True
