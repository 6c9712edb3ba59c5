"""Server-rendered SVG charts for the statistics pages (issue 6 §5): a vertical bar chart, a horizontal
bar chart for long Chinese category labels and a line chart of one or two monthly series.

Pure functions, no JavaScript and no chart library: each returns the ``<svg>`` element as a safe string
for a template. Text is drawn as ``<text>`` by the browser, with Chinese fonts in the fallback list, so
labels stay selectable and Chinese shows wherever the reader has a CJK font. No ``style`` attributes:
the portal's Content-Security-Policy forbids inline styles (the pages' CSS scales ``.gk-chart``). Every
chart carries ``role="img"`` and a ``<title>``/``<desc>`` pair it is labelled by; the pages put a table
of the same numbers beside it, which is what screen readers and anyone copying the figures use.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

FONT_FAMILY = (
    "system-ui, -apple-system, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', "
    "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif"
)
FONT_SIZE = 13
TITLE_SIZE = 15
# Colours with at least 3:1 contrast against white (WCAG 1.4.11 for graphical objects).
SERIES_COLOURS = ("#1f5fa8", "#b5451b")
AXIS_COLOUR = "#555"
GRID_COLOUR = "#ddd"
TEXT_COLOUR = "#222"
NO_LINE_START = frozenset("，。、；：！？）》」』】〕”’…·,.;:!?)")


@dataclass(frozen=True)
class Series:
    """One named row of numbers, one value per category."""

    name: str
    values: tuple[float, ...]


def _esc(text: object) -> str:
    return escape(str(text), quote=True)


def format_number(value: float) -> str:
    """12 for whole numbers, 2.5 otherwise (no trailing zeros)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def nice_ticks(maximum: float, *, count: int = 5) -> list[float]:
    """Round axis ticks from 0 to at least ``maximum``: steps of 1, 2 or 5 times a power of ten, about
    ``count`` of them; whole steps only, since the charts count cases and documents."""
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(step, 1.0)
    top = math.ceil(maximum / step) * step
    return [i * step for i in range(round(top / step) + 1)]


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Estimated drawn width: a CJK or full-width character takes about one em, others about 0.6."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.6 for c in text)


def wrap(text: str, width: float, *, size: float = FONT_SIZE, max_lines: int = 3) -> list[str]:
    """Break ``text`` into lines of at most ``width`` (estimated); the last line ends in "…" when the
    text needs more than ``max_lines``. Chinese has no spaces, so the break is between characters."""
    lines: list[str] = []
    current = ""
    for char in text:
        # Closing punctuation never starts a line (the 禁则 of Chinese typesetting): it hangs instead.
        if current and text_width(current + char, size) > width and char not in NO_LINE_START:
            lines.append(current)
            current = ""
        current += char
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and text_width(last + "…", size) > width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last + "…"]
    return lines


def _open(chart_id: str, width: int, height: int, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gk-chart" id="{_esc(chart_id)}" role="img" '
        f'aria-labelledby="{_esc(chart_id)}-title {_esc(chart_id)}-desc" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" '
        f'font-family="{_esc(FONT_FAMILY)}" font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">',
        f'<title id="{_esc(chart_id)}-title">{_esc(title)}</title>',
        f'<desc id="{_esc(chart_id)}-desc">{_esc(description)}</desc>',
    ]


def _empty(chart_id: str, width: int, title: str, description: str) -> SafeString:
    height = 120
    parts = _open(chart_id, width, height, title, description)
    parts.append(
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="#fafafa" '
        f'stroke="{GRID_COLOUR}"/>'
    )
    parts.append(
        f'<text x="{width / 2:g}" y="{height / 2 + 5:g}" text-anchor="middle" font-size="{TITLE_SIZE}" '
        f'fill="#666">{_esc(_("暂无数据"))}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text and attribute above is escaped


def _is_empty(values: Sequence[float]) -> bool:
    return not values or not any(values)


def _y_axis(ticks: Sequence[float], *, left: float, right: float, top: float, bottom: float) -> list[str]:
    """Horizontal grid lines with their numbers at the left, from 0 (at ``bottom``) to the last tick."""
    parts: list[str] = []
    span = ticks[-1] or 1
    for tick in ticks:
        y = bottom - (bottom - top) * tick / span
        parts.append(f'<line x1="{left:g}" y1="{y:.1f}" x2="{right:g}" y2="{y:.1f}" stroke="{GRID_COLOUR}"/>')
        parts.append(
            f'<text x="{left - 6:g}" y="{y + 4:.1f}" text-anchor="end" fill="#555">'
            f"{format_number(tick)}</text>"
        )
    parts.append(
        f'<line x1="{left:g}" y1="{bottom:g}" x2="{right:g}" y2="{bottom:g}" stroke="{AXIS_COLOUR}"/>'
    )
    return parts


def _category_labels(labels: Sequence[str], xs: Sequence[float], *, y: float, slot: float) -> list[str]:
    """Category names under the x axis, each shortened to fit its slot."""
    parts = []
    for label, x in zip(labels, xs, strict=True):
        shown = wrap(label, max(slot - 2, FONT_SIZE), max_lines=1)[0] if label else ""
        parts.append(
            f'<text x="{x:.1f}" y="{y:g}" text-anchor="middle">{_esc(shown)}'
            f"<title>{_esc(label)}</title></text>"
        )
    return parts


def vertical_bars(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    values: Sequence[float],
    width: int = 640,
    height: int = 280,
) -> SafeString:
    """Bars standing on a common baseline, one per category (e.g. months), each with its number on top."""
    if len(labels) != len(values):
        raise ValueError("one value per label")
    if _is_empty(values):
        return _empty(chart_id, width, title, description)
    left, right, top, bottom = 48.0, width - 12.0, 20.0, height - 32.0
    ticks = nice_ticks(max(values))
    slot = (right - left) / len(values)
    bar = slot * 0.6
    parts = _open(chart_id, width, height, title, description)
    parts += _y_axis(ticks, left=left, right=right, top=top, bottom=bottom)
    xs = []
    for i, value in enumerate(values):
        x = left + slot * i + (slot - bar) / 2
        bar_height = (bottom - top) * value / ticks[-1]
        xs.append(x + bar / 2)
        parts.append(
            f'<rect class="gk-bar" x="{x:.1f}" y="{bottom - bar_height:.1f}" width="{bar:.1f}" '
            f'height="{bar_height:.1f}" fill="{SERIES_COLOURS[0]}" data-value="{format_number(value)}">'
            f"<title>{_esc(labels[i])}：{format_number(value)}</title></rect>"
        )
        if value:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{bottom - bar_height - 4:.1f}" text-anchor="middle" '
                f'font-size="11">{format_number(value)}</text>'
            )
    parts += _category_labels(labels, xs, y=bottom + 18, slot=slot)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text and attribute above is escaped


def horizontal_bars(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    values: Sequence[float],
    width: int = 640,
) -> SafeString:
    """One bar per category, its label (wrapped onto up to three lines) at the left and its number at
    the bar's end: for long labels such as the outcome groups and organization names."""
    if len(labels) != len(values):
        raise ValueError("one value per label")
    if _is_empty(values):
        return _empty(chart_id, width, title, description)
    # Wrap to at most ~40% of the width, one character less to leave room for hanging punctuation; the
    # label column is then as wide as the widest line drawn, so no label runs off the left edge.
    wrapped = [wrap(label, width * 0.42 - 8 - FONT_SIZE) for label in labels]
    label_width = max(text_width(line) for lines in wrapped for line in lines) + 12
    line_height = FONT_SIZE + 3
    rows = [max(22.0, len(lines) * line_height + 8) for lines in wrapped]
    top, left, right = 8.0, label_width, width - 48.0
    height = int(top + sum(rows) + 8)
    maximum = max(values)
    parts = _open(chart_id, width, height, title, description)
    y = top
    for label, lines, value, row in zip(labels, wrapped, values, rows, strict=True):
        first = y + row / 2 - (len(lines) - 1) * line_height / 2 + 4
        parts.append(f'<text x="{left - 8:g}" y="{first:.1f}" text-anchor="end">')
        parts += [
            f'<tspan x="{left - 8:g}" dy="{0 if n == 0 else line_height}">{_esc(line)}</tspan>'
            for n, line in enumerate(lines)
        ]
        parts.append(f"<title>{_esc(label)}</title></text>")
        bar_width = (right - left) * value / maximum
        parts.append(
            f'<rect class="gk-bar" x="{left:g}" y="{y + row / 2 - 7:.1f}" width="{bar_width:.1f}" '
            f'height="14" fill="{SERIES_COLOURS[0]}" data-value="{format_number(value)}">'
            f"<title>{_esc(label)}：{format_number(value)}</title></rect>"
        )
        parts.append(
            f'<text x="{left + bar_width + 6:.1f}" y="{y + row / 2 + 4:.1f}">{format_number(value)}</text>'
        )
        y += row
    parts.append(f'<line x1="{left:g}" y1="{top:g}" x2="{left:g}" y2="{y:.1f}" stroke="{AXIS_COLOUR}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text and attribute above is escaped


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    width: int = 640,
    height: int = 300,
) -> SafeString:
    """One or two series over the same categories (e.g. months) as lines with dots, and a legend."""
    if not 1 <= len(series) <= len(SERIES_COLOURS):
        raise ValueError("one or two series")
    if any(len(s.values) != len(labels) for s in series):
        raise ValueError("one value per label in every series")
    if all(_is_empty(s.values) for s in series):
        return _empty(chart_id, width, title, description)
    left, right, top, bottom = 48.0, width - 12.0, 36.0, height - 32.0
    ticks = nice_ticks(max(max(s.values) for s in series))
    slot = (right - left) / len(labels)
    xs = [left + slot * (i + 0.5) for i in range(len(labels))]
    parts = _open(chart_id, width, height, title, description)
    parts += _legend(series, left=left, y=14)
    parts += _y_axis(ticks, left=left, right=right, top=top, bottom=bottom)
    for colour, s in zip(SERIES_COLOURS, series, strict=False):
        points = [(x, bottom - (bottom - top) * v / ticks[-1]) for x, v in zip(xs, s.values, strict=True)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(
            f'<polyline class="gk-line" points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
        )
        for (x, y), label, value in zip(points, labels, s.values, strict=True):
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}" '
                f'data-value="{format_number(value)}">'
                f"<title>{_esc(s.name)} {_esc(label)}：{format_number(value)}</title></circle>"
            )
    parts += _category_labels(labels, xs, y=bottom + 18, slot=slot)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text and attribute above is escaped


def _legend(series: Sequence[Series], *, left: float, y: float) -> list[str]:
    parts = []
    x = left
    for colour, s in zip(SERIES_COLOURS, series, strict=False):
        parts.append(
            f'<line x1="{x:g}" y1="{y:g}" x2="{x + 18:g}" y2="{y:g}" stroke="{colour}" stroke-width="3"/>'
        )
        parts.append(f'<text x="{x + 24:g}" y="{y + 4:g}">{_esc(s.name)}</text>')
        x += 24 + text_width(s.name) + 24
    return parts
