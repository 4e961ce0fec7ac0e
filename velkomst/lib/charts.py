"""Server-rendered SVG charts: readable without JavaScript, with a title and a description for screen readers.

Pure Python (no Django): each function returns SVG text; the templates mark it safe and put the same
numbers in a table beside it. Labels are escaped here.
"""
from __future__ import annotations

from collections.abc import Sequence
from html import escape
from itertools import count

_ids = count(1)
TEXT = "#1a1a1a"
GRID = "#c8c8c8"
PALETTE = ("#0059b3", "#b35900", "#2e7d32", "#6a1b9a")
BAND = ("#b3d1f0", "#f0d1b3", "#c8e6c9", "#e1bee7")


def _nice_max(value: float) -> float:
    """A round axis maximum at or above the value (1, 2, 2.5, 5 times a power of ten)."""
    if value <= 0:
        return 1
    power = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _fmt(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".") if float(value).is_integer() else f"{value:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")


def _open(width: int, height: int, title: str, desc: str) -> tuple[str, str]:
    n = next(_ids)
    head = (
        f'<svg class="reports-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="chart{n}-title chart{n}-desc" xmlns="http://www.w3.org/2000/svg" font-family="IBM Plex Sans, Arial, sans-serif" font-size="12">'
        f'<title id="chart{n}-title">{escape(title)}</title><desc id="chart{n}-desc">{escape(desc)}</desc>'
    )
    return head, "</svg>"


def _legend(series: Sequence[str], x: int, y: int) -> str:
    parts = []
    for i, name in enumerate(series):
        parts.append(f'<rect x="{x}" y="{y - 9}" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}"/>'
                     f'<text x="{x + 16}" y="{y + 1}" fill="{TEXT}">{escape(name)}</text>')
        x += 24 + 7 * len(name)
    return "".join(parts)


def hbars(rows: Sequence[tuple[str, Sequence[float]]], series: Sequence[str], *, title: str, desc: str,
          max_value: float | None = None, unit: str = "", label_width: int = 190, width: int = 720) -> str:
    """Horizontal bars, one row per label; several series side by side within a row."""
    bar, gap = 14, 10
    row_height = bar * len(series) + gap
    top = 28
    height = top + row_height * len(rows) + 24
    top_value = max_value or _nice_max(max((v for _, values in rows for v in values), default=0))
    plot = width - label_width - 70
    head, tail = _open(width, height, title, desc)
    parts = [head, _legend(series, label_width, 14)]
    for tick in range(5):
        x = label_width + plot * tick / 4
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 20}" stroke="{GRID}"/>'
                     f'<text x="{x:.1f}" y="{height - 6}" fill="{TEXT}" text-anchor="middle">{_fmt(top_value * tick / 4)}{unit}</text>')
    for i, (label, values) in enumerate(rows):
        y = top + i * row_height
        parts.append(f'<text x="{label_width - 6}" y="{y + row_height / 2}" fill="{TEXT}" text-anchor="end">{escape(label[:32])}</text>')
        for k, value in enumerate(values):
            w = plot * min(value, top_value) / top_value if top_value else 0
            parts.append(f'<rect x="{label_width}" y="{y + k * bar}" width="{w:.1f}" height="{bar - 2}" fill="{PALETTE[k % len(PALETTE)]}"/>'
                         f'<text x="{label_width + w + 4:.1f}" y="{y + k * bar + bar - 4}" fill="{TEXT}">{_fmt(value)}{unit}</text>')
    parts.append(tail)
    return "".join(parts)


def columns(rows: Sequence[tuple[str, Sequence[float]]], series: Sequence[str], *, title: str, desc: str,
            label_every: int = 1, width: int = 720, height: int = 260) -> str:
    """Vertical stacked columns, one per label (weeks, months)."""
    left, top, bottom = 44, 28, 36
    plot_w, plot_h = width - left - 10, height - top - bottom
    top_value = _nice_max(max((sum(values) for _, values in rows), default=0))
    slot = plot_w / max(len(rows), 1)
    head, tail = _open(width, height, title, desc)
    parts = [head, _legend(series, left, 14)]
    for tick in range(5):
        y = top + plot_h - plot_h * tick / 4
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="{GRID}"/>'
                     f'<text x="{left - 4}" y="{y + 4:.1f}" fill="{TEXT}" text-anchor="end">{_fmt(top_value * tick / 4)}</text>')
    for i, (label, values) in enumerate(rows):
        x = left + i * slot + slot * 0.15
        base = top + plot_h
        for k, value in enumerate(values):
            h = plot_h * value / top_value if top_value else 0
            base -= h
            parts.append(f'<rect x="{x:.1f}" y="{base:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" fill="{PALETTE[k % len(PALETTE)]}"/>')
        if i % label_every == 0 or i == len(rows) - 1:
            parts.append(f'<text x="{x + slot * 0.35:.1f}" y="{top + plot_h + 16}" fill="{TEXT}" text-anchor="middle">{escape(label)}</text>')
    parts.append(tail)
    return "".join(parts)


def bands(weeks: int, lines: Sequence[tuple[str, Sequence[float], Sequence[float], Sequence[float]]], *, title: str, desc: str,
          x_label: str = "", width: int = 720, height: int = 300, floor_line: bool = True) -> str:
    """Median lines with a shaded 10–90 % band per series: (name, median, p10, p90), one value per week."""
    left, top, bottom = 50, 28, 40
    plot_w, plot_h = width - left - 12, height - top - bottom
    high = max((v for _, _m, _lo, hi in lines for v in hi), default=0)
    low = min((v for _, _m, lo, _hi in lines for v in lo), default=0)
    top_value, bottom_value = _nice_max(max(high, 1)), min(0, -_nice_max(-low) if low < 0 else 0)
    span = top_value - bottom_value

    def xy(week: int, value: float) -> tuple[float, float]:
        x = left + plot_w * (week - 1) / max(weeks - 1, 1)
        return x, top + plot_h - plot_h * (value - bottom_value) / span

    head, tail = _open(width, height, title, desc)
    parts = [head, _legend([name for name, *_ in lines], left, 14)]
    for tick in range(5):
        value = bottom_value + span * tick / 4
        _x, y = xy(1, value)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 12}" y2="{y:.1f}" stroke="{GRID}"/>'
                     f'<text x="{left - 4}" y="{y + 4:.1f}" fill="{TEXT}" text-anchor="end">{_fmt(value)}</text>')
    for week in range(1, weeks + 1):
        if week == 1 or week % 4 == 0:
            x, _y = xy(week, bottom_value)
            parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 16}" fill="{TEXT}" text-anchor="middle">{week}</text>')
    if x_label:
        parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 6}" fill="{TEXT}" text-anchor="middle">{escape(x_label)}</text>')
    if floor_line and bottom_value == 0:
        _x, y = xy(1, 0)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 12}" y2="{y:.1f}" stroke="{TEXT}"/>')
    for k, (_name, median, lo, hi) in enumerate(lines):
        upper = [xy(w + 1, v) for w, v in enumerate(hi)]
        lower = [xy(w + 1, v) for w, v in enumerate(lo)][::-1]
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in upper + lower)
        parts.append(f'<polygon points="{points}" fill="{BAND[k % len(BAND)]}" fill-opacity="0.6"/>')
    for k, (_name, median, _lo, _hi) in enumerate(lines):
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(w + 1, v) for w, v in enumerate(median)))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{PALETTE[k % len(PALETTE)]}" stroke-width="2.5"/>')
    parts.append(tail)
    return "".join(parts)
