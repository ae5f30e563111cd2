"""An assessment's history, from the audit trail, readable and exportable."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime

from ..domain.cells import csv_text
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
    "minutes_saved": "Ghi biên bản",
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


KEYS = {"self_total": "điểm tự chấm", "team_total": "điểm của đoàn", "submission": "lần gửi", "reason": "lý do",
        "criteria": "tiêu chí", "number": "số văn bản", "decided_on": "ngày", "note": "ý kiến",
        "proposal": "tờ trình", "started_at": "bắt đầu", "ended_at": "kết thúc", "place": "địa điểm",
        "ward_representatives": "đại diện phường/xã", "findings": "nhận xét", "recommendations": "kiến nghị",
        "conclusion": "kết luận", "copies": "số bản",
        "name": "tệp", "taken_at": "chụp lúc", "value": "kết quả"}
SIDES = {"lead": "Trưởng đoàn", "chairman": "Chủ tịch UBND xã/phường"}


def _value(value) -> str:
    """One stored value as a person reads it: 11/12, Có, Không phát sinh, 99,00, 24/07/2023."""
    if value is None:
        return "—"
    if value is True or value is False:
        return "Có" if value else "Không"
    if value == "na":
        return "Không phát sinh"
    if isinstance(value, dict) and set(value) == {"numerator", "denominator"}:
        return f"{value['numerator']}/{value['denominator']}"
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{KEYS.get(k, k)}: {_value(v)}" for k, v in value.items()
                         if v not in (None, "") and k not in ("id", "sha256"))
    if isinstance(value, str):
        try:
            return Status(value).label
        except ValueError:
            pass
        if len(value) == 10 and value[4] == "-" and value[7] == "-":
            return f"{value[8:]}/{value[5:7]}/{value[:4]}"
        if value.replace(".", "", 1).isdigit() and "." in value:
            return value.replace(".", ",")
        return value
    return str(value)


def _text(raw: str | None) -> str:
    if raw is None:
        return ""
    value = json.loads(raw)
    if isinstance(value, dict) and "status" in value:
        rest = {k: v for k, v in value.items() if k != "status" and v not in (None, "")}
        return Status(value["status"]).label + ("" if not rest else " · " + _value(rest))
    return _value(value)


def entries(assessment: Assessment) -> list[Entry]:
    events = db.session.execute(db.select(AuditEvent).filter_by(assessment_id=assessment.id)
                                .order_by(AuditEvent.at, AuditEvent.id)).scalars()
    out = []
    for e in events:
        target = e.target or ""
        if e.action == "minutes_confirmed":
            target = SIDES.get(target, target)
        elif target.startswith("round "):
            target = "lần " + target.split(" ", 1)[1]
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
        writer.writerow([e.at.isoformat(timespec="seconds"),
                         *(csv_text(v) for v in (e.who, e.role, e.action, e.target, e.before, e.after))])
    return "\ufeff" + buffer.getvalue()   # BOM: Excel opens UTF-8 Vietnamese correctly
