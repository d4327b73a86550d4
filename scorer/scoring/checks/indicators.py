"""I family: each indicator's score against its formula, band and weight; R01 formula failures."""

from __future__ import annotations

from scorer.numbers import fmt, fmt_deviation, fmt_percent, fmt_printed, shown
from scorer.scoring.results import IndicatorResult
from scorer.scoring.checks import Context, check


def _label(r: IndicatorResult) -> str:
    name = r.indicator.name
    return f"“{name}”" if name else f"第 {r.indicator.index + 1} 项指标（名称未列示）"


@check("I")
def indicator_checks(ctx: Context) -> None:
    for r in ctx.scored.indicators:
        _score_checks(ctx, r)
        _signal_checks(ctx, r)


def _score_checks(ctx: Context, r: IndicatorResult) -> None:
    if not r.above_weight and r.problem is None and (r.comparison is None or r.comparison.agrees):
        return          # the usual row: nothing to say
    ind = r.indicator
    path = f"{r.path}.reported_score"
    weight = r.weight.value
    if r.above_weight:
        ctx.emit("I04", path, f"{_label(r)}自评 {fmt_printed(ind.reported_score)} 超过分值 "
                 f"{fmt_printed(weight)}", expected=weight, reported=ind.reported_score, group=r.group)
    if r.problem is not None:
        if r.problem_kind == "unit_mismatch":
            ctx.emit("I07", f"{r.path}.actual", f"{_label(r)}{r.problem}：目标 “{ind.target}”，"
                     f"实际 “{ind.actual}”，无法核验", group=r.group)
        elif r.problem_kind == "formula":
            ctx.emit("R01", path, f"{_label(r)}{r.problem}", group=r.group)
        else:
            where = f"{r.path}.weight" if r.problem_kind == "no_weight" else f"{r.path}.{_value_key(r)}"
            ctx.emit("I06", where, f"{_label(r)}无法核验：{r.problem}", group=r.group)
        return
    if r.comparison is None or r.comparison.agrees:
        return
    reported, diff = r.comparison.reported, r.comparison.difference
    if r.direction == "qualitative":
        low, high = r.band
        ctx.emit("I03", path, f"{_label(r)}{r.formula_text}，自评 {fmt_printed(reported)} 不在档位内",
                 expected=f"{fmt(low)}–{fmt(high)}", reported=reported, group=r.group)
        return
    code = "I01" if diff > 0 else "I02"
    ctx.emit(code, path, f"{r.formula_text}，自评 {fmt_printed(reported)}，{fmt_deviation(diff)}",
             expected=shown(r.exact_score), reported=reported, group=r.group)


def _value_key(r: IndicatorResult) -> str:
    if r.target is None or r.target.kind in ("empty", "ambiguous") or r.direction is None:
        return "target"
    return "actual"


def _signal_checks(ctx: Context, r: IndicatorResult) -> None:
    ind = r.indicator
    if r.met is False and not ind.has_note:
        below = (f"计算得分 {fmt(r.score)} < 分值 {fmt_printed(r.weight.value)}"
                 if r.score is not None else "未达到目标")
        ctx.emit("I05", f"{r.path}.note",
                 f"{_label(r)}目标 “{ind.target}”，实际 “{ind.actual}”，{below}，未填写偏差原因",
                 group=r.group)
    threshold = ctx.ruleset.over_achievement
    if r.over_achieved and not ind.has_note:
        ctx.emit("I08", f"{r.path}.actual",
                 f"{_label(r)}实际 “{ind.actual}” 为目标 “{ind.target}” 的 {fmt_percent(r.achievement)}"
                 f"（≥ {fmt_percent(threshold, 0)}），未说明原因：目标可能设置偏低",
                 expected=shown(threshold * 100, 0), reported=shown(r.achievement * 100), group=r.group)
