"""The province dashboard of a campaign: counts by status, progress over time, the units × criteria
heatmap and the map. A fixed number of queries whatever the number of units."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date

from ..domain.workflow import Status
from ..extensions import db
from ..models import Assessment, AuditEvent, Campaign, Unit
from .overview import Row, campaign_rows

MILESTONES = (("submit", "Đã gửi hồ sơ"), ("finish_inspection", "Đã kiểm tra"), ("approve", "Đã công nhận"))


@dataclass(frozen=True)
class Point:
    assessment_id: int
    name: str
    status: Status
    latitude: float
    longitude: float


@dataclass
class Dashboard:
    campaign: Campaign
    rows: list[Row]
    all_count: int
    counts: dict[Status, int]
    areas: list[str]
    timeline: dict[str, list[tuple[date, int]]]
    points: list[Point]


def area_of(row: Row) -> str:
    """The unit's district (before July 2025) or province, from the snapshot path."""
    parts = row.assessment.unit_path.split(", ")
    return parts[1] if len(parts) > 2 else parts[-1]


def build(campaign: Campaign, *, status: str | None = None, query: str = "", failing: str | None = None,
          area: str | None = None) -> Dashboard:
    everything = campaign_rows(campaign)
    counts = Counter(r.status for r in everything)
    areas = sorted({area_of(r) for r in everything})
    rows = campaign_rows(campaign, status=status, query=query, failing=failing) if (status or query or failing) \
        else everything
    if area:
        rows = [r for r in rows if area_of(r) == area]

    timeline: dict[str, list[tuple[date, int]]] = {}
    events = db.session.execute(
        db.select(AuditEvent.target, AuditEvent.at).join(Assessment, AuditEvent.assessment_id == Assessment.id)
        .where(Assessment.campaign_id == campaign.id, AuditEvent.action == "status",
               AuditEvent.target.in_([m for m, _ in MILESTONES])).order_by(AuditEvent.at)).all()
    for milestone, label in MILESTONES:
        days = Counter(at.date() for target, at in events if target == milestone)
        total, series = 0, []
        for day in sorted(days):
            total += days[day]
            series.append((day, total))
        timeline[label] = series

    wanted = {r.assessment.id: r for r in rows}
    points = []
    for aid, lat, lon in db.session.execute(
            db.select(Assessment.id, Unit.latitude, Unit.longitude).join(Unit, Assessment.unit_id == Unit.id)
            .where(Assessment.campaign_id == campaign.id)):
        if aid in wanted and lat is not None and lon is not None:
            r = wanted[aid]
            points.append(Point(aid, r.assessment.unit_name, r.status, lat, lon))
    return Dashboard(campaign, rows, len(everything), {s: counts.get(s, 0) for s in Status}, areas, timeline, points)
