"""`perfscore codes`: the finding catalogue for people — every code, or one with a worked example
and the ruleset keys that decide it (so a bureau knows what to edit, or how to switch it off)."""

from __future__ import annotations

from scorer.codes import CODES, EXPECTED, SEVERITY_NAMES
from scorer.report.textwidth import width, wrap

# code → ruleset keys whose values decide whether (and how) it is reported
RULE_KEYS = {
    "B02": ["rate_tolerance"], "B03": ["budget.formula", "budget.weight", "tolerance"], "B04": ["budget.weight"],
    "I01": ["formulas.positive", "formulas.negative", "formulas.exact", "formulas.deadline", "tolerance"],
    "I02": ["formulas.positive", "formulas.negative", "formulas.exact", "formulas.deadline", "tolerance"],
    "I03": ["qualitative.bands", "qualitative.words"], "I06": ["indicators.missing_weights"],
    "I08": ["indicators.over_achievement"], "W01": ["blocks"],
    "W03": ["total", "budget.weight", "indicators.weight", "goals.weight"],
    "W05": ["indicators.missing_weights"], "T02": ["rounding", "tolerance"], "T03": ["grades"],
    "T04": ["grades"], "R01": ["budget.formula", "formulas"],
    "B06": ["budget.sources"], "T07": ["total", "budget.weight", "budget.formula"],
    "S01": ["risk.score_vs_execution"],
    "S03": ["risk.unexecuted_above"],
}


def render_codes(limit: int | None = None) -> str:
    """Every code in a table; with `limit` (the terminal width) the 说明 column wraps under itself."""
    rows = [[c.code, c.name, _severity(c.severity), c.summary] for c in CODES.values()]
    headers = ["代码", "名称", "默认级别", "说明"]
    widths = [max(width(r[i]) for r in [headers, *rows]) for i in range(3)]
    left = sum(widths) + 2 * 3
    room = None if limit is None else max(limit - left, 20)
    lines = []
    for row in [headers, ["-" * w for w in widths] + ["-" * min(width(headers[3]) + 2, room or 8)], *rows]:
        head = "  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row[:3])) + "  "
        text = row[3] if room is None else "\n".join(wrap(row[3], room))
        first, *rest = text.split("\n")
        lines.append((head + first).rstrip())
        lines += [" " * left + more for more in rest]
    hint = "用 perfscore codes 代码 查看一个代码的示例；规则集可在 findings: 下改变级别或关闭。"
    hint = hint if limit is None else "\n".join(wrap(hint, limit))
    return "\n".join(lines) + "\n\n" + hint + "\n"


def _pad(text: str, size: int) -> str:
    return text + " " * (size - width(text))


def _severity(severity: str) -> str:
    return f"{SEVERITY_NAMES[severity]}（{severity}）"


def render_code(code: str) -> str:
    c = CODES[code]
    lines = [f"{c.code} {c.name}",
             f"  默认级别：{_severity(c.severity)}",
             f"  含义：{c.summary}",
             f"  示例：{c.example}",
             f"  “应为”（expected）：{EXPECTED[c.code]}"]
    if c.code in RULE_KEYS:
        lines.append(f"  相关的规则集键：{'、'.join(RULE_KEYS[c.code])}")
    lines.append(f"  调整：在规则集中写 findings: {{{c.code}: warning}} 改变级别，或 {{{c.code}: off}} 关闭")
    return "\n".join(lines) + "\n"
