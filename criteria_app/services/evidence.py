"""Evidence files: type checked by content, size-capped, stored outside static under server-made names.

Images are re-encoded (services/images.py) with a server-made thumbnail beside them; a PDF is kept as
sent and only ever downloaded as an attachment. The name shown keeps the user's words, never their
control or bidi characters, and takes the extension of the detected type."""
from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from flask import current_app
from sqlalchemy.exc import IntegrityError

from ..domain.records import EvidenceStage
from ..domain.text import file_name
from ..extensions import db
from ..models import Assessment, Evidence, User, utcnow
from . import audit
from .assessments import _check_edit
from .images import clean_image
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


def thumbnail_of(evidence: Evidence) -> Path | None:
    """The image's small JPEG, made on upload (or now, for a file stored before thumbnails existed)."""
    if not evidence.is_image:
        return None
    thumb = storage_root() / (evidence.stored_name + ".thumb.jpg")
    if not thumb.is_file():
        original = path_of(evidence)
        if not original.is_file():
            return None
        try:
            _write(thumb, clean_image(original.read_bytes()).thumbnail)
        except ServiceError:
            return None
    return thumb


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    tmp.write_bytes(data)
    os.replace(tmp, target)


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
    field = "photo" if extra.get("stage") == EvidenceStage.INSPECTION else "file"
    data = stream.read(limit + 1)
    if not data:
        raise ServiceError("Tệp trống.", field)
    if len(data) > limit:
        raise ServiceError(f"Tệp quá lớn (tối đa {limit // (1024 * 1024)} MB).", field)
    kind = sniff(data[:16])
    if kind is None or (field == "photo" and not kind[0].startswith("image/")):
        raise ServiceError("Chỉ nhận ảnh JPEG hoặc PNG (kiểm tra theo nội dung tệp)." if field == "photo"
                           else "Chỉ nhận tệp PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp).", field)
    content_type, ext = kind
    thumbnail = None
    if content_type.startswith("image/"):
        clean = clean_image(data)   # deterministic: a resent image gives the same bytes and digest
        data, content_type, ext, thumbnail = clean.data, clean.content_type, clean.ext, clean.thumbnail
    digest = hashlib.sha256(data).hexdigest()   # of the file as stored
    stage, inspection_id = extra.get("stage", EvidenceStage.SELF), extra.get("inspection_id")
    # A retried upload (the tablet lost the response) finds the file it already sent: never twice.
    same = _live_copy(assessment, item_code, digest, stage, inspection_id)
    if same is not None:
        same.was_duplicate = True
        return same
    stored = f"{assessment.id}/{secrets.token_hex(16)}{ext}"
    target = storage_root() / stored
    _write(target, data)
    if thumbnail is not None:
        _write(storage_root() / (stored + ".thumb.jpg"), thumbnail)
    evidence = Evidence(assessment_id=assessment.id, item_code=item_code, stored_name=stored,
                        original_name=file_name(filename, ext, "anh" if field == "photo" else "minh-chung"),
                        content_type=content_type, size=len(data),
                        sha256=digest, uploaded_by_id=user.id, **extra)
    try:
        with db.session.begin_nested():   # the unique index settles two identical uploads at once
            db.session.add(evidence)
    except IntegrityError:
        target.unlink(missing_ok=True)
        (storage_root() / (stored + ".thumb.jpg")).unlink(missing_ok=True)
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
