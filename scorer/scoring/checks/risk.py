"""S family: risk signals a provincial system raises — they need a reviewer's judgement, and feed
the audit's risk score."""

from __future__ import annotations

from scorer.numbers import fmt_percent, fmt_printed, shown
from scorer.scoring.checks import Context, check


@check("S")
def risk_checks(ctx: Context) -> None:
    risk, ruleset = ctx.scored.risk, ctx.ruleset
    if risk.score_above_execution:
        ctx.emit("S01", "indicators",
                 f"指标得分率 {fmt_printed(risk.score_points)} ÷ {fmt_printed(risk.score_weight)} = "
                 f"{fmt_percent(risk.score_rate)}，预算执行率 {fmt_percent(risk.execution_rate)}，"
                 f"高出的部分占指标得分率的 {fmt_percent(risk.relative_gap)}"
                 f"（超过 {fmt_printed(ruleset.score_vs_execution)}%）",
                 expected=shown(risk.execution_rate * 100), reported=shown(risk.score_rate * 100))
    if risk.all_full_unspent:
        ctx.emit("S02", "indicators",
                 f"全部 {len(ctx.scored.indicators)} 个指标均自评满分，而预算执行率仅 "
                 f"{fmt_percent(risk.execution_rate)}（资金未用完）：请复核")
    if risk.unexecuted is not None:
        ctx.emit("S03", "budget.executed",
                 f"预算执行率 {fmt_percent(ctx.scored.budget.rate)}，未执行 {fmt_percent(risk.unexecuted)}"
                 f"（超过 {fmt_printed(ruleset.unexecuted_above)}%）：请说明未执行的原因",
                 expected=shown(risk.unexecuted * 100))
