"""Inline SVG charts for the HTML audit report: plain SVG text, no script, no external resource.

Each function takes rows already read from the store and returns one <svg> element; text is escaped
and drawn with the reader's own fonts (font-family: sans-serif).
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

SEVERITY_COLOURS = {"error": "#c0392b", "warning": "#e6a118", "info": "#5b8cc0"}
BAR = "#4a78a8"


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(label)}" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">'
            + "".join(body) + "</svg>")


def _text(x, y, text, anchor="start", extra="") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" {extra}>{escape(str(text))}</text>'


def hbar(items: list[tuple[str, float, str]], label: str, width: int = 560, unit: str = "") -> str:
    """Horizontal bars: (label, value, colour)."""
    if not items:
        return _svg(width, 30, [_text(10, 20, "（无数据）")], label)
    row, left = 22, 170
    top = max(v for _, v, _ in items) or 1
    body = []
    for i, (name, value, colour) in enumerate(items):
        y = 8 + i * row
        w = (width - left - 70) * value / top
        body.append(_text(left - 6, y + 13, name if len(name) <= 14 else name[:13] + "…", "end"))
        body.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{row - 6}" fill="{colour}"><title>'
                    f"{escape(name)}：{value:g}{escape(unit)}</title></rect>")
        body.append(_text(left + w + 4, y + 13, f"{value:g}{unit}"))
    return _svg(width, 16 + len(items) * row, body, label)


def findings_by_code(by_code: list[tuple]) -> str:
    items = [(f"{code} {name}", float(n), SEVERITY_COLOURS.get(sev, BAR)) for code, name, sev, n in by_code]
    return hbar(items, "按代码与级别统计的发现")


def inflation_histogram(values: list[Decimal]) -> str:
    bins = [("0", lambda v: v == 0), ("0–1", lambda v: 0 < v <= 1), ("1–2", lambda v: 1 < v <= 2),
            ("2–5", lambda v: 2 < v <= 5), ("5–10", lambda v: 5 < v <= 10), (">10", lambda v: v > 10)]
    counts = [(name, float(sum(1 for v in values if test(v))), BAR) for name, test in bins]
    return hbar(counts, "虚高分数分布（表数）", unit=" 张")


def departments_by_inflation(rows: list[tuple[str, Decimal]], top: int = 15) -> str:
    items = [(name or "（未列部门）", float(total), "#a8554a") for name, total in rows[:top]]
    return hbar(items, "各部门虚高分数合计", unit=" 分")


def rate_scatter(points: list[tuple[float, float, str]], width: int = 420, height: int = 320) -> str:
    """x: budget execution rate %, y: indicator score rate %; the diagonal is 'score rate = execution rate'."""
    left, bottom, top_pad, right_pad = 46, 36, 10, 10
    lo, hi = 0.0, 120.0
    pw, ph = width - left - right_pad, height - bottom - top_pad

    def sx(v):
        return left + pw * (min(max(v, lo), hi) - lo) / (hi - lo)

    def sy(v):
        return top_pad + ph * (1 - (min(max(v, lo), hi) - lo) / (hi - lo))

    body = [f'<rect x="{left}" y="{top_pad}" width="{pw}" height="{ph}" fill="none" stroke="#999"/>',
            f'<line x1="{sx(0):.1f}" y1="{sy(0):.1f}" x2="{sx(120):.1f}" y2="{sy(120):.1f}" stroke="#bbb" '
            'stroke-dasharray="4 3"/>']
    for tick in (0, 20, 40, 60, 80, 100, 120):
        body.append(_text(sx(tick), height - bottom + 14, tick, "middle"))
        body.append(_text(left - 4, sy(tick) + 4, tick, "end"))
    body.append(_text(left + pw / 2, height - 4, "预算执行率（%）", "middle"))
    body.append(_text(12, top_pad + ph / 2, "指标得分率（%）", "middle",
                      f'transform="rotate(-90 12 {top_pad + ph / 2:.1f})"'))
    for x, y, title in points:
        colour = "#c0392b" if y - x > 5 else "#4a78a8"
        body.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="2.5" fill="{colour}" fill-opacity="0.6">'
                    f"<title>{escape(title)}</title></circle>")
    return _svg(width, height, body, "指标得分率与预算执行率")


def grade_matrix(counts: dict[tuple[str, str], int], grades: list[str]) -> str:
    """Rows: reported grade; columns: computed grade; cell: number of forms (off-diagonal in red)."""
    cell, left, top = 56, 80, 40
    n = len(grades)
    middle = top + n * cell / 2
    body = [_text(left + n * cell / 2, 14, "复算等次", "middle"),
            _text(20, middle, "自评等次", "middle", f'transform="rotate(-90 20 {middle:.1f})"')]
    peak = max(counts.values(), default=1) or 1
    for j, g in enumerate(grades):
        body.append(_text(left + j * cell + cell / 2, top - 8, g, "middle"))
    for i, rg in enumerate(grades):
        body.append(_text(left - 6, top + i * cell + cell / 2 + 4, rg, "end"))
        for j, cg in enumerate(grades):
            n_forms = counts.get((rg, cg), 0)
            shade = 0.15 + 0.85 * n_forms / peak if n_forms else 0
            colour = "#4a78a8" if i == j else "#c0392b"
            body.append(f'<rect x="{left + j * cell}" y="{top + i * cell}" width="{cell - 2}" height="{cell - 2}" '
                        f'fill="{colour}" fill-opacity="{shade:.2f}" stroke="#ccc"><title>自评 {escape(rg)}，'
                        f"复算 {escape(cg)}：{n_forms} 张</title></rect>")
            body.append(_text(left + j * cell + cell / 2 - 1, top + i * cell + cell / 2 + 4, n_forms, "middle"))
    return _svg(left + n * cell + 10, top + n * cell + 10, body, "自评等次与复算等次")
