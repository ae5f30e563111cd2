"""Server-side SVG charts for the printed reports: no JavaScript, no network, no colour needed.

Every bar carries its number as text, the threshold is a labelled dashed line, passing and
failing bars differ by fill (dark / white with outline), so a black-and-white print reads the
same. Text uses the documents' serif font (the shipped Liberation Serif, the templates' @font-face).
Units: one SVG user unit is one point; charts are sized to the 165 mm text width of an A4
Decree 30 page.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Sequence
from xml.sax.saxutils import escape

from . import formatting as fmt

FONT = "'Liberation Serif', 'Times New Roman', serif"
WIDTH = 467.0            # 165 mm in points
DARK = "#404040"         # passing bars
LIGHT = "#ffffff"        # failing bars (outlined)
BARS_PER_CHART = 40      # one chart per page at most
DISTRIBUTION_ABOVE = 200  # more units than this: a score distribution instead of one bar per unit


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def nice_step(peak: float, max_ticks: int = 5) -> int:
    """An axis step of 1, 2 or 5 × 10^k giving at most ``max_ticks`` ticks up to ``peak``."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if peak / step <= max_ticks:
                return step
        magnitude *= 10


def _threshold_text(threshold: Decimal) -> str:
    return fmt.integer(int(threshold)) if threshold == int(threshold) else fmt.score(threshold)


def _text(x: float, y: float, text: str, *, size: float = 9, anchor: str = "start",
          weight: str = "normal", style: str = "normal") -> str:
    return (f'<text x="{_num(x)}" y="{_num(y)}" font-family="{FONT}" font-size="{_num(size)}" '
            f'text-anchor="{anchor}" font-weight="{weight}" font-style="{style}" fill="#000">'
            f"{escape(text)}</text>")


def _svg(width: float, height: float, body: list[str], label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(width)}pt" height="{_num(height)}pt" '
            f'viewBox="0 0 {_num(width)} {_num(height)}" role="img" aria-label="{escape(label, {chr(34): "&quot;"})}">'
            + "".join(body) + "</svg>")


def unit_totals_chart(entries: Sequence[tuple[str, Decimal]], *, threshold: Decimal | None = Decimal(90),
                      max_value: Decimal = Decimal(100), label_width: float = 170.0,
                      row_height: float = 14.0) -> str:
    """Horizontal bars, one per unit: name at left, bar, the total printed in a column at the
    right (bold when below the threshold); a dashed vertical line at the threshold ("Ngưỡng 90
    điểm"), a one-line legend; axis 0..max_value every 10."""
    top, bottom = 22.0, 26.0
    left = label_width + 6
    right = WIDTH - 34          # room for the value after a full bar
    span = right - left
    maxv = float(max_value) or 1.0
    height = top + row_height * max(len(entries), 1) + bottom

    def x_of(v: float) -> float:
        return left + span * max(0.0, min(v, maxv)) / maxv

    body: list[str] = []
    step = 10 if maxv >= 50 else 5
    tick = 0
    while tick <= maxv + 1e-9:
        x = x_of(tick)
        body.append(f'<line x1="{_num(x)}" y1="{_num(top - 4)}" x2="{_num(x)}" y2="{_num(height - bottom)}" '
                    'stroke="#b0b0b0" stroke-width="0.4"/>')
        body.append(_text(x, height - bottom + 11, fmt.integer(tick), size=8, anchor="middle"))
        tick += step
    body.append(_text(left + span / 2, height - 4, "Điểm thẩm định", size=8.5, anchor="middle", style="italic"))
    for i, (name, value) in enumerate(entries):
        y = top + i * row_height
        v = float(value)
        passed = threshold is None or value >= threshold
        body.append(_text(left - 5, y + row_height * 0.68, name, size=8.5, anchor="end"))
        body.append(f'<rect x="{_num(left)}" y="{_num(y + 2.5)}" width="{_num(max(x_of(v) - left, 0.5))}" '
                    f'height="{_num(row_height - 5)}" fill="{DARK if passed else LIGHT}" stroke="#000" '
                    'stroke-width="0.6"/>')
        body.append(_text(WIDTH - 2, y + row_height * 0.68, fmt.score(value), size=8.5, anchor="end",
                          weight="normal" if passed else "bold"))
    body.append(f'<line x1="{_num(left)}" y1="{_num(top - 4)}" x2="{_num(left)}" y2="{_num(height - bottom)}" '
                'stroke="#000" stroke-width="0.8"/>')
    if threshold is not None:
        body.append(_text(0, top - 11, f"Cột đậm: từ {_threshold_text(threshold)} điểm trở lên; "
                          "cột trắng, số in đậm: dưới ngưỡng", size=8, style="italic"))
        x = x_of(float(threshold))
        body.append(f'<line x1="{_num(x)}" y1="{_num(top - 8)}" x2="{_num(x)}" y2="{_num(height - bottom + 2)}" '
                    'stroke="#000" stroke-width="1.2" stroke-dasharray="4 2"/>')
        body.append(_text(x, top - 11, f"Ngưỡng {_threshold_text(threshold)} điểm",
                          size=8.5, anchor="middle", weight="bold"))
    return _svg(WIDTH, height, body, "Biểu đồ điểm thẩm định của các đơn vị")


def score_distribution_chart(totals: Sequence[Decimal], *, threshold: Decimal | None = Decimal(90),
                             max_value: Decimal = Decimal(100)) -> str:
    """Vertical bars: how many units fall in each score band (for hundreds or thousands of units);
    bands at and above the threshold are dark; each bar is labelled with its count."""
    edges = [0, 50, 60, 70, 80, 85, 90, 95, float(max_value)]
    if threshold is not None and float(threshold) not in edges:
        edges = sorted(set(edges + [float(threshold)]))
    bands = list(zip(edges[:-1], edges[1:]))
    counts = [0] * len(bands)
    for t in totals:
        v = float(t)
        for i, (lo, hi) in enumerate(bands):
            if lo <= v < hi or (i == len(bands) - 1 and v >= lo):
                counts[i] += 1
                break
    top, bottom, left, right = 30.0, 44.0, 44.0, WIDTH - 10
    height = 260.0
    plot_h = height - top - bottom
    peak = max(counts + [1])
    slot = (right - left) / len(bands)
    body: list[str] = []
    body.append(f'<line x1="{_num(left)}" y1="{_num(top)}" x2="{_num(left)}" y2="{_num(height - bottom)}" stroke="#000" stroke-width="0.8"/>')
    body.append(f'<line x1="{_num(left)}" y1="{_num(height - bottom)}" x2="{_num(right)}" y2="{_num(height - bottom)}" stroke="#000" stroke-width="0.8"/>')
    body.append(_text(12, top - 12, "Số đơn vị", size=8.5, style="italic"))
    for i, ((lo, hi), n) in enumerate(zip(bands, counts)):
        x = left + i * slot + slot * 0.15
        w = slot * 0.7
        h = plot_h * n / peak
        passed = threshold is not None and lo >= float(threshold)
        body.append(f'<rect x="{_num(x)}" y="{_num(height - bottom - h)}" width="{_num(w)}" height="{_num(max(h, 0.5))}" '
                    f'fill="{DARK if passed else LIGHT}" stroke="#000" stroke-width="0.6"/>')
        body.append(_text(x + w / 2, height - bottom - h - 4, fmt.integer(n), size=9, anchor="middle", weight="bold"))
        hi_text = fmt.integer(int(hi)) if i == len(bands) - 1 else f"<{fmt.integer(int(hi))}"
        body.append(_text(x + w / 2, height - bottom + 12, f"{fmt.integer(int(lo))}–{hi_text}" if i < len(bands) - 1
                          else f"{fmt.integer(int(lo))}–{fmt.integer(int(hi))}", size=8, anchor="middle"))
    if threshold is not None:
        idx = next((i for i, (lo, _) in enumerate(bands) if lo >= float(threshold)), len(bands))
        x = left + idx * slot
        body.append(f'<line x1="{_num(x)}" y1="{_num(top - 6)}" x2="{_num(x)}" y2="{_num(height - bottom + 20)}" '
                    'stroke="#000" stroke-width="1.2" stroke-dasharray="4 2"/>')
        body.append(_text(x + 3, top - 9, f"Ngưỡng {_threshold_text(threshold)} điểm", size=8.5, weight="bold"))
    body.append(_text(left + (right - left) / 2, height - 6, "Khoảng điểm thẩm định", size=8.5, anchor="middle", style="italic"))
    return _svg(WIDTH, height, body, "Phân bố điểm thẩm định")


def criteria_pass_chart(entries: Sequence[tuple[str, int]], total_units: int) -> str:
    """Vertical bars: for each criterion code (TC01..TC13), how many units pass it, labelled with
    the count; a bar is dark when every unit passes; the number of units is printed above."""
    top, bottom, left, right = 34.0, 30.0, 44.0, WIDTH - 10
    height = 250.0
    plot_h = height - top - bottom
    peak = max([total_units, 1] + [n for _, n in entries])
    slot = (right - left) / max(len(entries), 1)
    body: list[str] = []
    step = nice_step(peak)
    tick = 0
    while tick <= peak:
        y = height - bottom - plot_h * tick / peak
        if tick:
            body.append(f'<line x1="{_num(left)}" y1="{_num(y)}" x2="{_num(right)}" y2="{_num(y)}" '
                        'stroke="#c8c8c8" stroke-width="0.4"/>')
        body.append(_text(left - 4, y + 3, fmt.integer(tick), size=8, anchor="end"))
        tick += step
    body.append(f'<line x1="{_num(left)}" y1="{_num(top - 4)}" x2="{_num(left)}" y2="{_num(height - bottom)}" stroke="#000" stroke-width="0.8"/>')
    body.append(f'<line x1="{_num(left)}" y1="{_num(height - bottom)}" x2="{_num(right)}" y2="{_num(height - bottom)}" stroke="#000" stroke-width="0.8"/>')
    for i, (code, n) in enumerate(entries):
        x = left + i * slot + slot * 0.18
        w = slot * 0.64
        h = plot_h * n / peak
        full = n >= total_units
        body.append(f'<rect x="{_num(x)}" y="{_num(height - bottom - h)}" width="{_num(w)}" height="{_num(max(h, 0.5))}" '
                    f'fill="{DARK if full else LIGHT}" stroke="#000" stroke-width="0.6"/>')
        body.append(_text(x + w / 2, height - bottom - h - 3, fmt.integer(n), size=8, anchor="middle", weight="bold"))
        body.append(_text(x + w / 2, height - bottom + 12, code, size=8, anchor="middle"))
    body.append(_text(right, top - 22, f"Tổng số đơn vị: {fmt.integer(total_units)} "
                      "(cột đậm: tất cả đơn vị đều đạt)", size=8.5, anchor="end", weight="bold"))
    body.append(_text(12, top - 22, "Số đơn vị đạt", size=8.5, style="italic"))
    body.append(_text(left + (right - left) / 2, height - 4, "Tiêu chí", size=8.5, anchor="middle", style="italic"))
    return _svg(WIDTH, height, body, "Số đơn vị đạt từng tiêu chí")


def recognition_charts(report) -> list[tuple[str, str]]:
    """The charts of a RecognitionReport, as (caption, svg) pairs in print order: the units'
    totals (one bar per unit, at most BARS_PER_CHART per chart; a score distribution above
    DISTRIBUTION_ABOVE units), then the number of units passing each criterion."""
    out: list[tuple[str, str]] = []
    units = report.units
    threshold = report.min_total
    if len(units) > DISTRIBUTION_ABOVE:
        out.append((f"Biểu đồ 1. Phân bố điểm thẩm định của {fmt.integer(len(units))} đơn vị",
                    score_distribution_chart([u.inspection_total for u in units], threshold=threshold,
                                             max_value=report.max_total)))
    else:
        chunks = [units[i:i + BARS_PER_CHART] for i in range(0, len(units), BARS_PER_CHART)] or [()]
        for n, chunk in enumerate(chunks, start=1):
            part = f" (phần {n}/{len(chunks)})" if len(chunks) > 1 else ""
            out.append((f"Biểu đồ 1{part}. Điểm thẩm định của các đơn vị",
                        unit_totals_chart([(u.unit_name, u.inspection_total) for u in chunk],
                                          threshold=threshold, max_value=report.max_total)))
    counts = [(c.code, n) for c, n in report.criterion_pass_counts()]
    out.append(("Biểu đồ 2. Số đơn vị đạt từng tiêu chí (kết quả thẩm định)",
                criteria_pass_chart(counts, len(units))))
    return out
