"""The 'Căn cứ …' lines of a campaign's documents, written from what the administration recorded
(services/legal.py): the laws in force, the province's plan, the decision issuing the criteria, the decision
forming a team. A reference that was not recorded is left out, never made up."""
from __future__ import annotations

from ..domain.documents import long_date, short_body


def legal_text(text) -> str:
    """'Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015';
    'Quyết định số 06/QĐ-TTg ngày 06 tháng 01 năm 2022 của Thủ tướng Chính phủ phê duyệt …'."""
    out = text.title
    if text.number:
        out += f" số {text.number}"
    out += f" {long_date(text.issued_on)}"
    if text.issuer:
        out += f" của {text.issuer}"
    if text.summary:
        out += f" {text.summary}"
    return out


def _act(kind: str, number: str | None, day, issuer: str | None, summary: str | None) -> str | None:
    if not number or day is None:
        return None
    out = f"{kind} số {number} {long_date(day)}"
    if issuer:
        out += f" của {issuer}"
    if summary:
        out += f" {summary}"
    return out


def plan(basis) -> str | None:
    """'Kế hoạch số 78/KH-UBND ngày 28 tháng 01 năm 2022 của UBND tỉnh về …' (None if not recorded)."""
    if basis is None:
        return None
    return _act("Kế hoạch", basis.plan_number, basis.plan_date, basis.plan_issuer, basis.plan_summary)


def criteria_decision(basis) -> str | None:
    if basis is None:
        return None
    return _act("Quyết định", basis.criteria_number, basis.criteria_date, basis.criteria_issuer,
                basis.criteria_summary)


def team_decision(team) -> str | None:
    """'Quyết định số 1520/QĐ-UBND ngày 10 tháng 7 năm 2023 của Chủ tịch UBND tỉnh về việc thành lập Đoàn …'."""
    return _act("Quyết định", team.decision_number, team.decision_date, team.decision_issuer,
                f"về việc thành lập {team.name}" if team.name else None)


def basis_lines(*acts: str | None) -> tuple[str, ...]:
    """'Căn cứ …;' for each recorded act, in order."""
    return tuple(f"Căn cứ {a};" for a in acts if a)


def standing_short(basis, province_name: str) -> str:
    """The standing body as the province's own documents name it: 'Công an tỉnh'; '…' when not recorded."""
    if basis is None or not basis.standing_body:
        return "cơ quan thường trực"
    return short_body(basis.standing_body, province_name)
