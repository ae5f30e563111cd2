"""Moving an assessment from one status to the next: table, guard, scope, audit, in one place."""
from __future__ import annotations

from typing import Any

from ..domain import permissions
from ..domain.workflow import Action, Facts, Transition, find_transition, guard
from ..extensions import db
from ..models import Assessment, Inspection, User
from . import audit
from .errors import PermissionDenied


def latest_inspection(assessment: Assessment) -> Inspection | None:
    return db.session.execute(
        db.select(Inspection).filter_by(assessment_id=assessment.id).order_by(Inspection.round.desc()).limit(1)
    ).scalar_one_or_none()


def facts_for(assessment: Assessment) -> Facts:
    inspection = latest_inspection(assessment)
    return Facts(
        inspection_signed=inspection is not None and inspection.status == "signed",
        minutes_confirmed=inspection is not None and bool(inspection.lead_confirmed_at and inspection.chairman_confirmed_at),
    )


def apply(assessment: Assessment, action: Action, user: User, **detail: Any) -> Transition:
    """Check and apply one transition; the caller commits with its own changes."""
    if not permissions.can_view_unit(user.actor, assessment.unit.ref()):
        raise PermissionDenied(action.value)
    transition = find_transition(assessment.status_enum, action, user.role_enum)
    guard(action, facts_for(assessment))
    before = assessment.status
    assessment.status = transition.target.value
    audit.record("status", actor=user, assessment_id=assessment.id, target=action.value,
                 before=before, after={"status": assessment.status, **detail})
    return transition
