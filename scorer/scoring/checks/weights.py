"""W family: do the printed weights add up — per goal, per block, and to the form's total?"""

from __future__ import annotations

from decimal import Decimal

from scorer.numbers import fmt_printed
from scorer.scoring.checks import Context, check


@check("W")
def weight_checks(ctx: Context) -> None:
    scored = ctx.scored
    if scored.spread_note:
        ctx.emit("W05", "indicators", scored.spread_note)
    for result in scored.group_results:
        group = result.group
        weights = result.weight_sum
        if weights is not None and not weights.agrees:
            if group.key.startswith("goal:"):
                ctx.emit("W02", group.path, f"{group.label}：{weights.parts_text} = {fmt_printed(weights.total)}，"
                         f"目标分值 {fmt_printed(group.weight)}", expected=group.weight, reported=weights.total,
                         group=group.label)
            elif group.key.startswith("block:"):
                first = group.members[0].index
                ctx.emit("W01", f"indicators[{first}].weight",
                         f"{group.label}：{weights.parts_text} = {fmt_printed(weights.total)}，规则集规定 "
                         f"{fmt_printed(group.weight)}", expected=group.weight, reported=weights.total,
                         group=group.label)
        scores = result.score_sum
        if scores is not None and not scores.agrees:
            where = group.path or f"indicators[{group.members[0].index}].reported_score"
            ctx.emit("W04", where, f"{group.label}：得分合计 {scores.parts_text} = {fmt_printed(scores.total)}"
                     f" > 分值 {fmt_printed(group.weight)}", expected=group.weight, reported=scores.total,
                     group=group.label)
    for name, weight in scored.missing_blocks:
        ctx.emit("W01", "indicators", f"缺少必备的一级指标“{name}”（规则集规定 {fmt_printed(weight)} 分）",
                 expected=weight, reported=Decimal(0), group=name)
    points = scored.points
    if points is not None and not points.agrees:
        ctx.emit("W03", scored.points_path, f"分值合计 {points.parts_text} = {fmt_printed(points.total)}，"
                 f"应为 {fmt_printed(points.against)}", expected=points.against, reported=points.total)
