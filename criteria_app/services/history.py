"""An assessment's history, from the audit trail, readable and exportable."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime

from ..domain.workflow import Action, Status
from ..extensions import db
from ..models import Assessment, AuditEvent

ACTIONS = {
    "answer": "Sửa câu trả lời", "explanation": "Sửa giải trình", "evidence_added": "Thêm minh chứng",
    "evidence_removed": "Xóa minh chứng", "status": "Chuyển trạng thái",
    "inspection_started": "Bắt đầu kiểm tra", "inspection_answer": "Thành viên đoàn chấm",
    "inspection_reason": "Lý do của thành viên", "inspection_note": "Ghi chú tiêu chí", "photo_added": "Chụp ảnh",
    "team_answer": "Kết quả của đoàn", "inspection_finalised": "Chốt kết quả của đoàn",
    "inspection_reopened": "Mở lại kết quả của đoàn", "minutes_confirmed": "Xác nhận biên bản",
}


@dataclass(frozen=True)
class Entry:
    at: datetime
    who: str
    role: str
    action: str
    target: str
    before: str
    after: str


def _text(raw: str | None) -> str:
    if raw is None:
        return ""
    value = json.loads(raw)
    if isinstance(value, str):
        try:
            return Status(value).label
        except ValueError:
            return value
    if isinstance(value, dict) and "status" in value:
        rest = {k: v for k, v in value.items() if k != "status" and v not in (None, "")}
        label = Status(value["status"]).label
        return label + ("" if not rest else " · " + ", ".join(f"{k}: {v}" for k, v in rest.items()))
    return json.dumps(value, ensure_ascii=False)


def entries(assessment: Assessment) -> list[Entry]:
    events = db.session.execute(db.select(AuditEvent).filter_by(assessment_id=assessment.id)
                                .order_by(AuditEvent.at, AuditEvent.id)).scalars()
    out = []
    for e in events:
        target = e.target or ""
        if e.action == "status":
            try:
                target = Action(target).label
            except ValueError:
                pass
        out.append(Entry(e.at, e.actor.display_name if e.actor else "", e.actor.role_enum.label if e.actor else "",
                         ACTIONS.get(e.action, e.action), target, _text(e.before), _text(e.after)))
    return out


def as_csv(assessment: Assessment) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Thời điểm (UTC)", "Người thực hiện", "Vai trò", "Thao tác", "Đối tượng", "Trước", "Sau"])
    for e in entries(assessment):
        writer.writerow([e.at.isoformat(timespec="seconds"), e.who, e.role, e.action, e.target, e.before, e.after])
    return "\ufeff" + buffer.getvalue()   # BOM: Excel opens UTF-8 Vietnamese correctly
