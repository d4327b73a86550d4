"""Where a finding is, said as a person counts: "第 2 项指标“党员发展完成率”的自评得分", not
`indicators[1].reported_score` (that machine path stays in JSON and CSV), plus its file:line:col."""

from __future__ import annotations

import re

from scorer.errors import Location, indicator_label

_INDEXED = re.compile(r"^(indicators|goals)\[(\d+)\](?:\.(\w+))?")

FIELDS = {
    "reported_score": "自评得分", "weight": "分值", "target": "目标值", "actual": "实际值", "note": "偏差说明",
    "name": "名称", "direction": "方向", "goal": "所属目标", "text": "目标内容", "id": "编号",
}
TOP = {
    "budget": "预算执行", "budget.planned": "预算数 A", "budget.executed": "执行数 B", "budget.weight": "预算执行分值",
    "budget.reported_rate": "预算执行率", "budget.reported_score": "预算执行得分", "budget.initial": "年初预算数",
    "reported_total": "总分", "reported_grade": "等次", "indicators": "指标表", "goals": "年度目标",
    "indicators_total": "绩效指标合计", "indicators_total.weight": "绩效指标合计分值",
    "indicators_total.reported_score": "绩效指标合计得分", "ruleset": "规则集",
}


def indicator_index(path: str) -> int | None:
    """0-based index of the indicator a finding path points into, or None."""
    m = _INDEXED.match(path or "")
    return int(m.group(2)) if m and m.group(1) == "indicators" else None


def place(path: str, form) -> str:
    """The finding's place in words; the machine path itself when it is not one we know."""
    m = _INDEXED.match(path or "")
    if m:
        kind, index, field = m.group(1), int(m.group(2)), m.group(3)
        if kind == "indicators" and index < len(form.indicators):
            what = indicator_label(index + 1, form.indicators[index].name)
        elif kind == "goals":
            what = f"第 {index + 1} 个年度目标"
        else:
            return path
        return what + (f"的{FIELDS[field]}" if field in FIELDS else "")
    return TOP.get(path, path)


def location_of(finding, file: str) -> Location:
    """The finding's position in its input (when scoring recorded one), else just the file."""
    where = getattr(finding, "location", None)
    if where is not None and where.file:
        return where
    if where is not None:
        return Location(file, where.line, where.column, where.path)
    return Location(file, path=finding.path)
