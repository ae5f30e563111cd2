"""The audit trail: who, when, from what to what."""
from __future__ import annotations

import json
from typing import Any

from ..extensions import db
from ..models import AuditEvent, User


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def record(action: str, *, actor: User | None, assessment_id: int | None = None,
           target: str | None = None, before: Any = None, after: Any = None) -> AuditEvent:
    event = AuditEvent(action=action, actor_id=actor.id if actor else None, assessment_id=assessment_id,
                       target=target, before=_dump(before), after=_dump(after))
    db.session.add(event)
    return event
