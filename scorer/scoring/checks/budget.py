"""B family: the budget-execution row (预算数 A, 执行数 B, 执行率, 分值, 得分) and its 资金来源 rows."""

from __future__ import annotations

from decimal import Decimal

from scorer.numbers import fmt_deviation, fmt_percent, fmt_printed, shown
from scorer.scoring.checks import Context, check
from scorer.scoring.results import RateCheck, SumCheck


@check("B")
def budget_checks(ctx: Context) -> None:
    form, result, ruleset = ctx.form, ctx.scored.budget, ctx.ruleset
    b = form.budget
    _source_checks(ctx)
    if result.problem_kind in ("no_planned", "zero_planned"):
        ctx.emit("B01", "budget.planned", f"{result.problem}：执行率与预算执行得分无法计算",
                 reported=b.planned)
        return
    if result.printed_weight is not None:
        ctx.emit("B04", "budget.weight",
                 f"表列预算执行分值 {fmt_printed(b.weight)}，规则集 {ruleset.id} 规定 "
                 f"{fmt_printed(ruleset.budget_weight)}",
                 expected=ruleset.budget_weight, reported=b.weight)
    if result.problem_kind == "no_executed":
        ctx.emit("B08", "budget.executed", f"{result.problem}：执行率与预算执行得分无法核验，其余部分照常复核")
        return
    if result.over_executed:
        ctx.emit("B05", "budget.executed",
                 f"执行数 {fmt_printed(result.executed)} > 预算数 {fmt_printed(result.planned)}，"
                 f"执行率 {fmt_percent(result.rate)}：按满分计，请复核超支原因",
                 expected=result.planned, reported=result.executed)
    _rate(ctx, "budget.reported_rate", "执行率", result.executed, result.planned, result.rate_check)
    if result.problem_kind == "formula":        # A and B known, the ruleset's formula failed (e.g. ÷ 0)
        ctx.emit("R01", "budget.reported_score", result.problem)
    if result.comparison is not None and not result.comparison.agrees:
        ctx.emit("B03", "budget.reported_score",
                 f"预算执行：{result.formula_text}，自评 {fmt_printed(b.reported_score)}，"
                 f"{fmt_deviation(result.comparison.difference)}",
                 expected=shown(result.exact_score), reported=b.reported_score)


def _rate(ctx: Context, path: str, label: str, executed, planned, rate: RateCheck | None) -> None:
    if rate is None or rate.agrees:
        return
    ctx.emit("B02", path,
             f"{label}：{fmt_printed(executed)} ÷ {fmt_printed(planned)} = {fmt_percent(rate.computed / 100, 4)}，"
             f"表列 {fmt_printed(rate.reported)}%，应为 {rate.expected_text}%",
             expected=Decimal(rate.expected_text), reported=rate.reported)


def _sum(ctx: Context, path: str, name: str, check_: SumCheck | None) -> None:
    if check_ is None or check_.agrees:
        return
    relation = "不等于" if check_.complete else "已超过"
    ctx.emit("B06", path,
             f"资金来源各行{name}合计 {check_.parts_text} = {fmt_printed(check_.total)}，"
             f"{relation}总额行的 {fmt_printed(check_.against)}",
             expected=check_.against, reported=check_.total)


def _source_checks(ctx: Context) -> None:
    result = ctx.scored.budget
    _sum(ctx, "budget.planned", "全年预算数", result.planned_sum)
    _sum(ctx, "budget.executed", "全年执行数", result.executed_sum)
    for row in result.sources:
        s = row.source
        _rate(ctx, f"{row.path}.reported_rate", f"“{s.label}”执行率", s.executed, s.planned, row.rate_check)
        if row.score_problem:
            ctx.emit("B07", f"{row.path}.reported_score", row.score_problem,
                     expected=s.weight, reported=s.reported_score)
        elif row.comparison is not None and not row.comparison.agrees:
            ctx.emit("B03", f"{row.path}.reported_score",
                     f"“{s.label}”：{row.formula_text}，自评 {fmt_printed(s.reported_score)}，"
                     f"{fmt_deviation(row.comparison.difference)}",
                     expected=shown(row.exact_score), reported=s.reported_score)
