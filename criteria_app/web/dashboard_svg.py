"""Server-drawn SVG for the dashboard: the units' map (no tiles, works offline) and progress over time.
Colour is always doubled by text or shape, so both read without colour."""
from __future__ import annotations

from datetime import date
from html import escape

STATUS_COLOURS = {
    "self_assessment": "#9aa4b2", "submitted": "#4a7fd4", "returned": "#e0a100", "inspecting": "#8a5cd1",
    "inspected": "#2d9bb0", "proposed": "#56a05b", "recognised": "#1f7a3d", "refused": "#b3261e", "revoked": "#6d4c41",
}
STATUS_MARKS = {"recognised": "●", "refused": "✕", "returned": "▲"}


def units_map(points, *, width: int = 440, height: int = 420) -> str:
    if not points:
        return '<p class="muted">Chưa có tọa độ của các đơn vị.</p>'
    lats = [p.latitude for p in points]
    lons = [p.longitude for p in points]
    pad = 0.02
    lat0, lat1 = min(lats) - pad, max(lats) + pad
    lon0, lon1 = min(lons) - pad, max(lons) + pad
    scale = min((width - 20) / max(lon1 - lon0, 1e-6), (height - 20) / max(lat1 - lat0, 1e-6))
    body = [f'<rect x="0" y="0" width="{width}" height="{height}" fill="#f6f8fb" stroke="#d8dde5"/>']
    for p in points:
        x = 10 + (p.longitude - lon0) * scale
        y = 10 + (lat1 - p.latitude) * scale
        colour = STATUS_COLOURS.get(p.status.value, "#666")
        title = escape(f"{p.name}: {p.status.label}")
        r = 6 if len(points) < 300 else 3
        body.append(f'<a href="/tinh/ho-so/{p.assessment_id}" aria-label="{title}"><circle cx="{x:.1f}" cy="{y:.1f}" '
                    f'r="{r}" fill="{colour}" stroke="#fff" stroke-width="1"><title>{title}</title></circle></a>')
        if len(points) <= 40:
            body.append(f'<text x="{x + 8:.1f}" y="{y + 4:.1f}" font-size="11" fill="#1d2430">{escape(p.name)}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="group" '
            f'aria-label="Bản đồ các đơn vị theo trạng thái" class="map">{"".join(body)}</svg>')


def timeline_chart(series: dict[str, list[tuple[date, int]]], total: int, *, width: int = 520, height: int = 220) -> str:
    days = sorted({d for s in series.values() for d, _ in s})
    if not days:
        return '<p class="muted">Chưa có hồ sơ nào được gửi.</p>'
    first, last = days[0], days[-1]
    span = max((last - first).days, 1)
    left, right, top, bottom = 40, 10, 10, 30
    w, h = width - left - right, height - top - bottom
    peak = max(total, 1)
    body = [f'<line x1="{left}" y1="{top + h}" x2="{left + w}" y2="{top + h}" stroke="#9aa4b2"/>',
            f'<text x="{left - 6}" y="{top + 4}" font-size="10" text-anchor="end">{peak}</text>',
            f'<text x="{left - 6}" y="{top + h}" font-size="10" text-anchor="end">0</text>',
            f'<text x="{left}" y="{height - 8}" font-size="10">{first:%d/%m/%Y}</text>',
            f'<text x="{left + w}" y="{height - 8}" font-size="10" text-anchor="end">{last:%d/%m/%Y}</text>']
    colours = ["#4a7fd4", "#2d9bb0", "#1f7a3d"]
    dashes = ["", "6 3", "2 2"]
    legend_y = top + 12
    for i, (label, points) in enumerate(series.items()):
        if not points:
            continue
        coords = []
        for day, value in points:
            x = left + w * (day - first).days / span
            y = top + h - h * value / peak
            coords.append(f"{x:.1f},{y:.1f}")
        body.append(f'<polyline points="{" ".join(coords)}" fill="none" stroke="{colours[i]}" stroke-width="2" '
                    f'stroke-dasharray="{dashes[i]}"/>')
        body.append(f'<text x="{left + 8}" y="{legend_y + 14 * i}" font-size="11" fill="{colours[i]}">'
                    f'{escape(label)}: {points[-1][1]}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="Tiến độ theo thời gian" class="chart">{"".join(body)}</svg>')
