"""Loading criteria sets: validate, store, and never change a stored (id, version)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..domain.criteria import CriteriaSet, CriteriaSetError, content_hash, parse_criteria_set
from ..extensions import db
from ..models import CriteriaSetRecord
from .errors import ServiceError


class CriteriaSetConflict(ServiceError):
    pass


def read_set_file(path: str | Path) -> tuple[dict[str, Any], CriteriaSet]:
    """Read and validate a JSON file; CriteriaSetError lists every problem."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CriteriaSetError([f"{path}: không tìm thấy tệp"]) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CriteriaSetError([f"{path}: không phải JSON hợp lệ ({exc})"]) from None
    return data, parse_criteria_set(data)


def load_set(data: dict[str, Any]) -> tuple[CriteriaSetRecord, bool]:
    """Store a validated set. Returns (record, created). The same content again is a no-op."""
    parsed = parse_criteria_set(data)
    digest = content_hash(data)
    existing = db.session.execute(
        db.select(CriteriaSetRecord).filter_by(set_id=parsed.id, version=parsed.version)
    ).scalar_one_or_none()
    if existing is not None:
        if existing.content_hash == digest:
            return existing, False
        raise CriteriaSetConflict(
            f"{parsed.id} phiên bản {parsed.version} đã có với nội dung khác; "
            "không sửa một phiên bản đã nạp, hãy tăng 'version'.")
    record = CriteriaSetRecord(set_id=parsed.id, version=parsed.version, title=parsed.title,
                               content=json.dumps(data, ensure_ascii=False), content_hash=digest)
    db.session.add(record)
    db.session.flush()
    return record, True
