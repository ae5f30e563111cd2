"""Moving an assessment from one status to the next: lock, table, guard, scope and audit in one place.

Every transition first locks the assessment's row (SELECT … FOR UPDATE on PostgreSQL; on SQLite the
writing transaction already holds the database's write lock) and re-reads its status, so of two
concurrent requests for the same move the second sees the first's result and is refused with the
normal message.
"""
from __future__ import annotations

from typing import Any

from ..domain import permissions
from ..domain.inspection_lifecycle import InspectionState
from ..domain.workflow import Action, Facts, Transition, find_transition, guard
from ..extensions import db
from ..models import Assessment, Inspection, User
from . import audit
from .errors import PermissionDenied


def lock(assessment: Assessment, *, share: bool = False) -> Assessment:
    """Re-read the assessment's row in the current transaction and lock it (shared: saves that only
    need the status to stay put while they write; exclusive: a status change)."""
    return db.session.execute(db.select(Assessment).where(Assessment.id == assessment.id)
                              .with_for_update(read=share)
                              .execution_options(populate_existing=True)).scalar_one()


def latest_inspection(assessment: Assessment) -> Inspection | None:
    return db.session.execute(
        db.select(Inspection).filter_by(assessment_id=assessment.id).order_by(Inspection.round.desc()).limit(1)
    ).scalar_one_or_none()


def facts_for(assessment: Assessment) -> Facts:
    inspection = latest_inspection(assessment)
    return Facts(
        inspection_signed=inspection is not None and inspection.status == InspectionState.SIGNED,
        minutes_confirmed=inspection is not None and not (
            inspection.lead_confirmed_at is None or inspection.chairman_confirmed_at is None),
    )


def check(assessment: Assessment, action: Action, user: User) -> Transition:
    """Lock the record and check that `user` may do `action` now; TransitionRefused otherwise."""
    lock(assessment)
    if not permissions.can_view_unit(user.actor, assessment.unit.ref()):
        raise PermissionDenied(action.value)
    transition = find_transition(assessment.status_enum, action, user.role_enum)
    guard(action, facts_for(assessment))
    return transition


def apply(assessment: Assessment, action: Action, user: User, **detail: Any) -> Transition:
    """Check and apply one transition; the use case's boundary commits it with the rest."""
    transition = check(assessment, action, user)
    before = assessment.status
    assessment.status = transition.target.value
    assessment.status_version += 1
    audit.record("status", actor=user, assessment_id=assessment.id, target=action.value,
                 before=before, after={"status": assessment.status, **detail})
    db.session.flush()
    return transition
