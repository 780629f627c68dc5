"""Charts drawn on the server as inline SVG: the figures page runs no scripts.

Each function returns ``Markup`` for a ``<svg role="img">`` with a title and
a description, colours from classes of ``static/review.css`` (the page's
Content-Security-Policy allows no inline styles), and every text escaped.
The numbers are also in a table beside each chart.
"""

from __future__ import annotations

from typing import List, Sequence, Tuple

from markupsafe import Markup, escape

WIDTH = 640
BAR = 18  # a horizontal bar's height
GAP = 6
LABEL_WIDTH = 210
TOP = 8


def _svg(chart_id: str, title: str, height: int, body: List[str]) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title" focusable="false"><title id="{chart_id}-title">{escape(title)}</title>'
    )
    return Markup(head + "".join(body) + "</svg>")


def bars(chart_id: str, title: str, values: Sequence[Tuple[str, int]]) -> Markup:
    """A horizontal bar chart: one labelled bar per (label, value), in the given order."""
    most = max([v for _, v in values] + [1])
    span = WIDTH - LABEL_WIDTH - 50
    body = []
    for i, (label, value) in enumerate(values):
        y = TOP + i * (BAR + GAP)
        width = round(span * value / most)
        body.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR - 5}" text-anchor="end">{escape(label)}</text>'
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR}"></rect>'
            f'<text x="{LABEL_WIDTH + width + 4}" y="{y + BAR - 5}">{value}</text>'
        )
    return _svg(chart_id, title, TOP * 2 + max(1, len(values)) * (BAR + GAP), body)


def columns(chart_id: str, title: str, values: Sequence[Tuple[str, int]], every: int = 1) -> Markup:
    """A column chart: one column per (label, value), labels under every ``every``-th column."""
    height, bottom, left = 180, 150, 36
    most = max([v for _, v in values] + [1])
    step = (WIDTH - left - 8) / max(1, len(values))
    body = [
        f'<line class="axis" x1="{left}" y1="{bottom}" x2="{WIDTH - 4}" y2="{bottom}"></line>',
        f'<text x="{left - 4}" y="{TOP + 10}" text-anchor="end">{most}</text>',
        f'<text x="{left - 4}" y="{bottom}" text-anchor="end">0</text>',
    ]
    for i, (label, value) in enumerate(values):
        h = round((bottom - TOP - 12) * value / most)
        x = left + i * step + step * 0.15
        body.append(
            f'<rect class="bar" x="{x:.1f}" y="{bottom - h}" width="{step * 0.7:.1f}" height="{h}"></rect>'
        )
        if i % every == 0:
            body.append(
                f'<text x="{x + step * 0.35:.1f}" y="{bottom + 16}" text-anchor="middle">{escape(label)}</text>'
            )
    return _svg(chart_id, title, height, body)


def stacked_shares(
    chart_id: str, title: str, rows: Sequence[Tuple[str, Sequence[Tuple[str, float]]]]
) -> Markup:
    """One 100% bar per row: (label, [(css class, percent), ...]) stacked left to right."""
    span = WIDTH - LABEL_WIDTH - 10
    body = []
    for i, (label, parts) in enumerate(rows):
        y = TOP + i * (BAR + GAP)
        body.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR - 5}" text-anchor="end">{escape(label)}</text>')
        x = float(LABEL_WIDTH)
        for css_class, percent in parts:
            width = span * percent / 100
            if width > 0:
                body.append(
                    f'<rect class="{escape(css_class)}" x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR}">'
                    f"<title>{escape(label)}: {percent:.1f}%</title></rect>"
                )
            x += width
    return _svg(chart_id, title, TOP * 2 + max(1, len(rows)) * (BAR + GAP), body)
