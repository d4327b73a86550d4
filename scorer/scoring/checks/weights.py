"""W family: do the printed weights add up — per goal, per block, and to the form's total?"""

from __future__ import annotations

from decimal import Decimal

from scorer.numbers import fmt_printed
from scorer.scoring.weights import indicator_points, normalise_label
from scorer.scoring.checks import Context, check


def _sum_text(values) -> str:
    return " + ".join(fmt_printed(v) for v in values)


@check("W")
def weight_checks(ctx: Context) -> None:
    if ctx.scored.spread_note:
        ctx.emit("W05", "indicators", ctx.scored.spread_note)
    for group in ctx.scored.groups:
        printed = [i.weight for i in group.members]
        if group.weight is not None and all(w is not None for w in printed) and printed:
            total = sum(printed, Decimal(0))
            if total != group.weight:
                if group.key.startswith("goal:"):
                    ctx.emit("W02", group.path, f"{group.label}：{_sum_text(printed)} = {fmt_printed(total)}，"
                             f"目标分值 {fmt_printed(group.weight)}", expected=group.weight, reported=total,
                             group=group.label)
                elif group.key.startswith("block:"):
                    first = group.members[0].index
                    ctx.emit("W01", f"indicators[{first}].weight",
                             f"{group.label}：{_sum_text(printed)} = {fmt_printed(total)}，规则集规定 "
                             f"{fmt_printed(group.weight)}", expected=group.weight, reported=total,
                             group=group.label)
        scores = [i.reported_score for i in group.members]
        if group.weight is not None and scores and all(s is not None for s in scores):
            total = sum(scores, Decimal(0))
            if total > group.weight:
                where = group.path or f"indicators[{group.members[0].index}].reported_score"
                ctx.emit("W04", where, f"{group.label}：得分合计 {_sum_text(scores)} = {fmt_printed(total)}"
                         f" > 分值 {fmt_printed(group.weight)}", expected=group.weight, reported=total,
                         group=group.label)
    _missing_required_blocks(ctx)
    _total_points(ctx)


def _missing_required_blocks(ctx: Context) -> None:
    present = {normalise_label(i.level1) for i in ctx.form.indicators}
    weighted = {n: r for n, r in ctx.ruleset.blocks.items() if r.weight is not None}
    if not weighted:
        return
    for name, rule in weighted.items():
        if rule.required and name not in present and ctx.form.indicators:
            ctx.emit("W01", "indicators", f"缺少必备的一级指标“{name}”（规则集规定 {fmt_printed(rule.weight)} 分）",
                     expected=rule.weight, reported=Decimal(0), group=name)


def _total_points(ctx: Context) -> None:
    """Budget + (scored goals) + indicator points must equal the ruleset's total."""
    form, ruleset = ctx.form, ctx.ruleset
    parts: list[Decimal] = [form.budget.weight if form.budget.weight is not None else ruleset.budget_weight]
    if ruleset.goals_scored:
        weights = [g.weight for g in form.goals]
        if weights and all(w is not None for w in weights):
            parts.append(sum(weights, Decimal(0)))
        elif ruleset.goals_weight is not None:
            parts.append(ruleset.goals_weight)
    indicator_part, path = _indicator_part(ctx)
    if indicator_part is None:
        return
    parts.append(indicator_part)
    total = sum(parts, Decimal(0))
    if total != ruleset.total:
        ctx.emit("W03", path, f"分值合计 {_sum_text(parts)} = {fmt_printed(total)}，应为 {fmt_printed(ruleset.total)}",
                 expected=ruleset.total, reported=total)


def _indicator_part(ctx: Context):
    form, ruleset = ctx.form, ctx.ruleset
    goal_weights = [g.weight for g in form.goals]
    if form.goals and not ruleset.goals_scored and all(w is not None for w in goal_weights):
        return sum(goal_weights, Decimal(0)), "goals"
    if form.indicators_total is not None and form.indicators_total.weight is not None:
        return indicator_points(form, ruleset)[0], "indicators_total.weight"
    printed = [i.weight for i in form.indicators]
    if printed and all(w is not None for w in printed):
        return sum(printed, Decimal(0)), "indicators"
    return None, None
