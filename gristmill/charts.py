"""Small SVG charts for the HTML report: no JavaScript, no plotting dependency, one self-contained file.

Each function returns an `<svg class="chart">` string. Marks carry a `<title>` so hovering shows the value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

PALETTE = ("#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#eeca3b", "#9d755d")
WIDTH = 720
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def _fmt(value: float) -> str:
    if abs(value) >= 1000 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:.3g}"


def _svg(height: int, body: list[str], title: str) -> str:
    return (f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg" {FONT}>'
            f'<title>{escape(title)}</title>{"".join(body)}</svg>')


def _legend(names: Sequence[str], y: int) -> list[str]:
    out, x = [], 8
    for index, name in enumerate(names):
        out.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{PALETTE[index % len(PALETTE)]}"/>'
                   f'<text x="{x + 14}" y="{y}">{escape(name)}</text>')
        x += 24 + 7 * len(name)
    return out


def bars(title: str, labels: Sequence[str], series: dict[str, Sequence[float]], label_width: int = 200) -> str:
    """Horizontal bars, one group per label and one bar per series (a single series: a plain bar chart)."""
    names = list(series)
    bar, gap = 14, 8
    group = bar * len(names) + gap
    top = 24 if len(names) > 1 else 8
    height = top + group * len(labels) + 8
    peak = max([v for values in series.values() for v in values] + [1e-12])
    scale = (WIDTH - label_width - 80) / peak
    body = _legend(names, 14) if len(names) > 1 else []
    for row, label in enumerate(labels):
        y0 = top + row * group
        body.append(f'<text x="{label_width - 6}" y="{y0 + group / 2}" text-anchor="end" '
                    f'dominant-baseline="middle">{escape(str(label)[:32])}</text>')
        for k, name in enumerate(names):
            value = series[name][row]
            y, width = y0 + k * bar, max(value * scale, 0.5)
            colour = PALETTE[k % len(PALETTE)]
            body.append(f'<rect class="mark" x="{label_width}" y="{y}" width="{width:.1f}" height="{bar - 2}" '
                        f'fill="{colour}"><title>{escape(str(label))} · {escape(name)}: {_fmt(value)}</title></rect>'
                        f'<text x="{label_width + width + 4:.1f}" y="{y + bar / 2}" dominant-baseline="middle" '
                        f'fill="#555">{_fmt(value)}</text>')
    return _svg(height, body, title)


def lines(title: str, series: Mapping[str, tuple[Sequence[float], Sequence[float]]], x_label: str, y_label: str,
          log_y: bool = False) -> str:
    """Line chart of (x, y) series sharing axes (loss and validation curves)."""
    height, left, right, top, bottom = 300, 60, 16, 28, 40
    points = [(x, y) for xs, ys in series.values() for x, y in zip(xs, ys, strict=True) if not log_y or y > 0]
    if not points:
        return _svg(40, ['<text x="8" y="24">no data</text>'], title)
    tf = (lambda v: math.log10(v)) if log_y else (lambda v: v)
    x_lo, x_hi = min(p[0] for p in points), max(p[0] for p in points)
    y_lo, y_hi = min(tf(p[1]) for p in points), max(tf(p[1]) for p in points)
    x_hi, y_hi = (x_hi if x_hi > x_lo else x_lo + 1), (y_hi if y_hi > y_lo else y_lo + 1)

    def px(x: float) -> float:
        return left + (x - x_lo) / (x_hi - x_lo) * (WIDTH - left - right)

    def py(y: float) -> float:
        return top + (1 - (tf(y) - y_lo) / (y_hi - y_lo)) * (height - top - bottom)

    body = _legend(list(series), 14)
    body.append(f'<line x1="{left}" y1="{height - bottom}" x2="{WIDTH - right}" y2="{height - bottom}" stroke="#999"/>'
                f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#999"/>')
    for frac in (0, 0.5, 1):
        y_val = 10 ** (y_lo + frac * (y_hi - y_lo)) if log_y else y_lo + frac * (y_hi - y_lo)
        x_val = x_lo + frac * (x_hi - x_lo)
        body.append(f'<text x="{left - 4}" y="{py(y_val):.1f}" text-anchor="end">{_fmt(y_val)}</text>'
                    f'<text x="{px(x_val):.1f}" y="{height - bottom + 14}" text-anchor="middle">{_fmt(x_val)}</text>')
    body.append(f'<text x="{WIDTH / 2}" y="{height - 6}" text-anchor="middle">{escape(x_label)}</text>'
                f'<text x="12" y="{top + (height - top - bottom) / 2}" transform="rotate(-90 12 '
                f'{top + (height - top - bottom) / 2})" text-anchor="middle">{escape(y_label)}</text>')
    for k, (name, (xs, ys)) in enumerate(series.items()):
        pts = [(px(x), py(y)) for x, y in zip(xs, ys, strict=True) if not log_y or y > 0]
        colour = PALETTE[k % len(PALETTE)]
        path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(pts))
        body.append(f'<path class="mark" d="{path}" fill="none" stroke="{colour}" stroke-width="2">'
                    f'<title>{escape(name)}</title></path>')
        if len(pts) == 1:
            body.append(f'<circle class="mark" cx="{pts[0][0]:.1f}" cy="{pts[0][1]:.1f}" r="3" fill="{colour}"/>')
    return _svg(height, body, title)


def intervals(title: str, labels: Sequence[str], estimates: Sequence[float], lows: Sequence[float],
              highs: Sequence[float], flagged: Sequence[bool], label_width: int = 240) -> str:
    """Point estimates with confidence intervals around zero (metric gap of each slice vs the rest)."""
    row_h, top = 22, 12
    height = top + row_h * len(labels) + 24
    lo, hi = min([*lows, 0.0]), max([*highs, 0.0])
    span = (hi - lo) or 1.0

    def px(v: float) -> float:
        return label_width + (v - lo) / span * (WIDTH - label_width - 20)

    body = [f'<line x1="{px(0):.1f}" y1="{top - 4}" x2="{px(0):.1f}" y2="{height - 20}" stroke="#999" '
            'stroke-dasharray="3,3"/>']
    for row, label in enumerate(labels):
        y = top + row * row_h + row_h / 2
        colour = PALETTE[3] if flagged[row] else PALETTE[0]
        body.append(f'<text x="{label_width - 6}" y="{y}" text-anchor="end" dominant-baseline="middle">'
                    f'{escape(str(label)[:36])}</text>'
                    f'<line x1="{px(lows[row]):.1f}" y1="{y}" x2="{px(highs[row]):.1f}" y2="{y}" stroke="{colour}" '
                    f'stroke-width="2"/><circle class="mark" cx="{px(estimates[row]):.1f}" cy="{y}" r="4" '
                    f'fill="{colour}"><title>{escape(str(label))}: {_fmt(estimates[row])} '
                    f'[{_fmt(lows[row])}, {_fmt(highs[row])}]</title></circle>')
    body.append(f'<text x="{px(lo):.1f}" y="{height - 6}">{_fmt(lo)}</text>'
                f'<text x="{px(hi):.1f}" y="{height - 6}" text-anchor="end">{_fmt(hi)}</text>')
    return _svg(height, body, title)
