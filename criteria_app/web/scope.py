"""Loading a record only if the current user may see it: 404 otherwise, never a leak."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from ..domain import permissions
from ..extensions import db
from ..models import Assessment, Campaign, Evidence, Unit


def visible_assessment(assessment_id: int) -> Assessment:
    assessment = db.session.get(Assessment, assessment_id)
    if assessment is None or not permissions.can_view_unit(current_user.actor, assessment.unit.ref()):
        abort(404)
    return assessment


def visible_evidence(assessment: Assessment, evidence_id: int) -> Evidence:
    evidence = db.session.get(Evidence, evidence_id)
    if evidence is None or evidence.assessment_id != assessment.id or evidence.deleted_at is not None:
        abort(404)
    return evidence


def visible_assessments() -> list[Assessment]:
    """Every assessment the current user may see, newest campaign first."""
    actor = current_user.actor
    query = db.select(Assessment).join(Assessment.campaign).join(Assessment.unit)
    if actor.role.is_ward:
        query = query.where(Assessment.unit_id == actor.unit_id)
    elif actor.role.is_team:
        query = query.where(Assessment.unit_id.in_(actor.team_unit_ids or [-1]))
    else:
        query = query.where(Campaign.province_id == actor.province_id)
    query = query.order_by(Campaign.year.desc(), Unit.name_folded)
    return list(db.session.execute(query).scalars())
