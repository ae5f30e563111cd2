"""Load a record and check the current user may see it, in one call (load → check → process).

404 when the record does not exist or lies outside the user's scope (its existence is not revealed),
403 when the user sees it but their role may not use this screen. Every rule comes from
domain/permissions.py; the scope queries are built from the same Scope.
"""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from ..domain import permissions
from ..domain.permissions import Actor
from ..domain.records import EvidenceStage
from ..extensions import db
from ..models import Assessment, Campaign, Evidence, Inspection, Job, Team, User
from ..services import scope as scope_queries
from ..services.inspections import current_inspection


def me() -> User:
    return current_user._get_current_object()


def actor() -> Actor:
    return current_user.actor


def _require(allowed: bool) -> None:
    if not allowed:
        abort(403)


def load_assessment(assessment_id: int) -> Assessment:
    assessment = db.session.get(Assessment, assessment_id)
    if assessment is None or not permissions.can_view_unit(actor(), assessment.unit.ref()):
        abort(404)
    return assessment


def load_review(assessment_id: int) -> Assessment:
    """An assessment on the province's review page."""
    assessment = load_assessment(assessment_id)
    _require(permissions.can_review(actor(), assessment.unit.ref()))
    return assessment


def load_inspection(assessment: Assessment, *, as_member: bool = False, as_lead: bool = False) -> Inspection:
    """The assessment's current inspection; as_member/as_lead: only for its team's members/lead."""
    inspection = current_inspection(assessment)
    if inspection is None:
        abort(404)
    if as_member:
        _require(permissions.is_team_member(actor(), inspection.team_id))
    if as_lead:
        _require(permissions.is_team_lead(actor(), inspection.team_id))
    return inspection


def load_merge(assessment: Assessment) -> Inspection:
    inspection = load_inspection(assessment)
    _require(permissions.can_view_merge(actor(), inspection.ref()))
    return inspection


def load_evidence(assessment: Assessment, evidence_id: int) -> Evidence:
    """One of the assessment's live files: the ward's evidence or the team's photos."""
    evidence = db.session.get(Evidence, evidence_id)
    if evidence is None or evidence.assessment_id != assessment.id or evidence.deleted_at is not None:
        abort(404)
    return evidence


def load_photo(inspection: Inspection, photo_id: int) -> Evidence:
    """One of the team's live photos of this inspection."""
    photo = db.session.get(Evidence, photo_id)
    if photo is None or photo.inspection_id != inspection.id or photo.stage != EvidenceStage.INSPECTION \
            or photo.deleted_at is not None:
        abort(404)
    return photo


# manage=True: the role is checked first, so a user who may not manage gets 403 whatever the record.

def load_campaign(campaign_id: int, *, manage: bool = False) -> Campaign:
    if manage:
        _require(permissions.can_manage_campaigns(actor()))
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None or not permissions.can_view_province(actor(), campaign.province_id):
        abort(404)
    return campaign


def load_team(team_id: int, *, manage: bool = False) -> Team:
    if manage:
        _require(permissions.can_manage_people(actor()))
    team = db.session.get(Team, team_id)
    if team is None or not permissions.can_view_province(actor(), team.province_id):
        abort(404)
    return team


def load_user(user_id: int, *, manage: bool = False) -> User:
    if manage:
        _require(permissions.can_manage_people(actor()))
    user = db.session.get(User, user_id)
    if user is None or not permissions.can_view_province(actor(), scope_queries.user_province_id(user)):
        abort(404)
    return user


def load_job(job_id: str) -> Job:
    job = db.session.get(Job, job_id, populate_existing=True) if len(job_id) <= 32 else None
    if job is None or not permissions.can_view_province(actor(), job.province_id):
        abort(404)
    return job


def visible_assessments() -> list[Assessment]:
    return scope_queries.visible_assessments(actor())
