"""Explanations: the whole trace of a score, in Chinese, each rule with its file, key and citation."""

from __future__ import annotations

from ..numbers import fmt, fmt_printed
from ..score import COMPLETION_NAMES, DIRECTION_NAMES, STATUS_NAMES

CITATION_KEYS = {
    "positive": "formulas.positive", "negative": "formulas.negative", "exact": "formulas.exact",
    "deadline": "formulas.deadline", "qualitative": "qualitative.bands",
}


def explain_indicator(r, ev) -> list[str]:
    ind, ruleset = r.indicator, ev.ruleset
    lines = [f"[{ind.index}] {ind.name}（{ind.level1 or '—'} / {ind.level2 or '—'}）"]
    lines.append(f"    目标值 “{ind.target if ind.target is not None else ''}” 读作：{r.target.describe()}")
    lines.append(f"    实际值 “{ind.actual if ind.actual is not None else ''}” 读作：{r.actual.describe()}")
    if r.pair_remark:
        lines.append(f"    对齐：{r.pair_remark}")
    lines.append(f"    方向：{DIRECTION_NAMES.get(r.direction, '无法确定')}（{r.direction_reason}）")
    w = r.weight
    if w.value is not None:
        source = {"printed": "表列", "deduced": "推定", "spread": "均分"}[w.source]
        lines.append(f"    分值：{fmt(w.value)}（{source}{'：' + w.note if w.note else ''}）")
    else:
        lines.append(f"    分值：未知（{w.note or '未列示'}）")
    if r.completion:
        lines.append(f"    完成档位：{COMPLETION_NAMES[r.completion]}")
    if r.formula_text:
        key = CITATION_KEYS.get(r.direction)
        origin = r.formula_origin or ruleset.source_file
        cite = ruleset.citation(key) if key else None
        lines.append(f"    规则：{key}（{origin}）{('；依据：' + cite) if cite else ''}")
        lines.append(f"    计算：{r.formula_text}")
    if r.problem:
        lines.append(f"    无法核验：{r.problem}")
    reported = fmt_printed(ind.reported_score) if ind.reported_score is not None else "未列示"
    lines.append(f"    自评 {reported}，复算 {fmt(r.score)}，状态：{STATUS_NAMES[r.status]}")
    return lines
