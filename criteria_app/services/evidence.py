"""Evidence files: type checked by content, size-capped, stored outside static under server-made names."""
from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from flask import current_app
from sqlalchemy.exc import IntegrityError

from ..domain.records import EvidenceStage
from ..extensions import db
from ..models import Assessment, Evidence, User, utcnow
from . import audit
from .assessments import _check_edit
from .errors import PermissionDenied, ServiceError

# Magic numbers: the name and the browser's claimed type are never trusted.
SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)


def sniff(head: bytes) -> tuple[str, str] | None:
    for magic, content_type, ext in SIGNATURES:
        if head.startswith(magic):
            return content_type, ext
    return None


def storage_root() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def path_of(evidence: Evidence) -> Path:
    return storage_root() / evidence.stored_name


def add_evidence(assessment: Assessment, item_code: str, stream, filename: str, user: User) -> Evidence:
    _check_edit(assessment, user, item_code)
    evidence = store_file(assessment, item_code, stream, filename, user)
    if getattr(evidence, "was_duplicate", False):
        return evidence
    audit.record("evidence_added", actor=user, assessment_id=assessment.id, target=item_code,
                 after={"id": evidence.id, "name": evidence.original_name, "sha256": evidence.sha256})
    return evidence


def _live_copy(assessment: Assessment, item_code: str, digest: str, stage, inspection_id) -> Evidence | None:
    return db.session.execute(db.select(Evidence).filter_by(
        assessment_id=assessment.id, item_code=item_code, sha256=digest, deleted_at=None,
        stage=stage, inspection_id=inspection_id)).scalars().first()


def store_file(assessment: Assessment, item_code: str, stream, filename: str, user: User, **extra) -> Evidence:
    """Check, write and record one file; the caller audits. A file already stored for the item (a
    retried upload, even one arriving at the same moment) is returned with `was_duplicate` set."""
    limit = current_app.config["EVIDENCE_MAX_BYTES"]
    data = stream.read(limit + 1)
    if not data:
        raise ServiceError("Tệp trống.")
    if len(data) > limit:
        raise ServiceError(f"Tệp quá lớn: tối đa {limit // (1024 * 1024)} MB.")
    kind = sniff(data[:16])
    if kind is None:
        raise ServiceError("Chỉ nhận tệp PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp).")
    content_type, ext = kind
    digest = hashlib.sha256(data).hexdigest()
    stage, inspection_id = extra.get("stage", EvidenceStage.SELF), extra.get("inspection_id")
    # A retried upload (the tablet lost the response) finds the file it already sent: never twice.
    same = _live_copy(assessment, item_code, digest, stage, inspection_id)
    if same is not None:
        same.was_duplicate = True
        return same
    stored = f"{assessment.id}/{secrets.token_hex(16)}{ext}"
    target = storage_root() / stored
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".part")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    evidence = Evidence(assessment_id=assessment.id, item_code=item_code, stored_name=stored,
                        original_name=os.path.basename(filename or "")[:255] or f"minh-chung{ext}",
                        content_type=content_type, size=len(data),
                        sha256=digest, uploaded_by_id=user.id, **extra)
    try:
        with db.session.begin_nested():   # the unique index settles two identical uploads at once
            db.session.add(evidence)
    except IntegrityError:
        target.unlink(missing_ok=True)
        same = _live_copy(assessment, item_code, digest, stage, inspection_id)
        if same is None:
            raise
        same.was_duplicate = True
        return same
    return evidence


def remove_evidence(evidence: Evidence, user: User) -> None:
    """Soft delete: the file stays for the audit trail, the ward no longer sees it."""
    assessment = db.session.get(Assessment, evidence.assessment_id)
    if evidence.stage != EvidenceStage.SELF:
        raise PermissionDenied("inspection photo")
    _check_edit(assessment, user, evidence.item_code)
    evidence.deleted_at = utcnow()
    audit.record("evidence_removed", actor=user, assessment_id=assessment.id, target=evidence.item_code,
                 before={"id": evidence.id, "name": evidence.original_name, "sha256": evidence.sha256})
    db.session.flush()
