"""One transaction per use case: services flush; the request, the CLI command or the job commits
once, at its boundary, with `transaction()`.

On SQLite only a writing transaction takes the write lock (BEGIN IMMEDIATE, see sqlite.py); pages
and fragments that only read stay deferred and never queue behind a writer.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from ..extensions import db

_writing: ContextVar[bool] = ContextVar("criteria_app_writing", default=False)


def writing() -> bool:
    """True inside transaction(): the next BEGIN is a writer's."""
    return _writing.get()


@contextmanager
def transaction() -> Iterator[None]:
    """Run a use case's writes as one transaction: commit at the end, roll back on any exception.

    Nested calls join the outer transaction. A read transaction already open is ended first, so the
    writer starts from a fresh snapshot (and, on SQLite, with the write lock).
    """
    if _writing.get():
        yield
        return
    session = db.session()   # the request's (app context's) session itself
    if session.in_transaction():
        session.commit()   # nothing pending before a use case: this only ends the read snapshot
    token = _writing.set(True)
    try:
        yield
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        _writing.reset(token)
