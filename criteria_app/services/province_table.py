"""The province's table of a campaign, as plain data for its spreadsheet: every unit with its status, the
ward's and the team's score per criterion, the mandatory criteria that fail, and the act in force."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..domain.documents import area_text
from ..extensions import db
from ..models import Campaign, Decision, DecisionEntry
from .overview import campaign_rows


@dataclass(frozen=True)
class ProvinceRow:
    unit_name: str
    area: str
    status: str                      # "Đã công nhận"
    self_total: Decimal
    team_total: Decimal | None       # None before the team's result
    self_scores: dict                # criterion code -> Decimal
    team_scores: dict                # criterion code -> Decimal (empty before the team's result)
    mandatory_failed: tuple[str, ...]
    act: str = ""                    # "Quyết định công nhận", "Công văn không công nhận", …
    act_number: str = ""
    act_date: date | None = None


@dataclass(frozen=True)
class ProvinceTable:
    campaign_name: str
    criteria: tuple[tuple[str, str, Decimal, bool], ...]    # code, title, max, mandatory
    rows: tuple[ProvinceRow, ...]


def _latest_acts(campaign: Campaign) -> dict[int, Decision]:
    rows = db.session.execute(
        db.select(DecisionEntry.assessment_id, Decision).join(Decision, DecisionEntry.decision_id == Decision.id)
        .where(Decision.campaign_id == campaign.id)
        .order_by(DecisionEntry.assessment_id, DecisionEntry.status_version, DecisionEntry.id)).all()
    return {aid: decision for aid, decision in rows}


def province_table(campaign: Campaign) -> ProvinceTable:
    cs = campaign.criteria_set.parsed()
    acts = _latest_acts(campaign)
    out = []
    for r in campaign_rows(campaign):
        a = r.assessment
        team = r.team_result
        judged = team or r.self_result
        act = acts.get(a.id)
        _, _, rest = a.unit_path.partition(", ")
        out.append(ProvinceRow(
            unit_name=a.unit_name, area=area_text(rest), status=r.status.label, self_total=r.self_total,
            team_total=team.total if team else None,
            self_scores={c.code: c.score for c in r.self_result.criteria},
            team_scores={c.code: c.score for c in team.criteria} if team else {},
            mandatory_failed=tuple(c for c in judged.mandatory if judged.criterion(c).complete
                                   and not judged.criterion(c).passed),
            act=act.kind_enum.document if act else "", act_number=(act.number or "") if act else "",
            act_date=act.decided_on if act else None))
    criteria = tuple((c.code, c.title, Decimal(c.points).quantize(Decimal("0.01")), c.code in cs.recognition.mandatory)
                     for c in cs.criteria)
    return ProvinceTable(campaign.name, criteria, tuple(out))
