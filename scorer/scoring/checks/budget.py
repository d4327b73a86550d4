"""B family: the budget-execution row (预算数 A, 执行数 B, 执行率, 分值, 得分)."""

from __future__ import annotations

from scorer.numbers import fmt, fmt_percent, fmt_printed, rate_agrees
from scorer.scoring.checks import Context, check


@check("B")
def budget_checks(ctx: Context) -> None:
    form, result, ruleset = ctx.form, ctx.scored.budget, ctx.ruleset
    b = form.budget
    if b.planned is None or b.planned == 0:
        ctx.emit("B01", "budget.planned",
                 f"{result.problem}：执行率与预算执行得分无法计算",
                 reported=b.planned)
        return
    if b.weight is not None and b.weight != ruleset.budget_weight:
        ctx.emit("B04", "budget.weight",
                 f"表列预算执行分值 {fmt_printed(b.weight)}，规则集 {ruleset.id} 规定 "
                 f"{fmt_printed(ruleset.budget_weight)}",
                 expected=ruleset.budget_weight, reported=b.weight)
    if result.rate is None:
        return
    if b.executed > b.planned:
        ctx.emit("B05", "budget.executed",
                 f"执行数 {fmt_printed(b.executed)} > 预算数 {fmt_printed(b.planned)}，"
                 f"执行率 {fmt_percent(result.rate)}：按满分计，请复核超支原因",
                 expected=b.planned, reported=b.executed)
    if b.reported_rate is not None and not rate_agrees(b.reported_rate, result.rate):
        ctx.emit("B02", "budget.reported_rate",
                 f"执行率：{fmt_printed(b.executed)} ÷ {fmt_printed(b.planned)} = "
                 f"{fmt_percent(result.rate, 4)}，表列 {fmt_printed(b.reported_rate)}%",
                 expected=result.rate * 100, reported=b.reported_rate)
    if result.problem is not None:        # A and B known, the ruleset's formula failed (e.g. ÷ 0)
        ctx.emit("R01", "budget.reported_score", result.problem)
    if result.comparison is not None and not result.comparison.agrees:
        diff = result.comparison.difference
        word = "高估" if diff > 0 else "低估"
        ctx.emit("B03", "budget.reported_score",
                 f"预算执行：{result.formula_text}，自评 {fmt_printed(b.reported_score)}，"
                 f"{word} {fmt(abs(diff))}",
                 expected=result.exact_score, reported=b.reported_score)
