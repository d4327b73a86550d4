"""Weights: the parts must add up to the total, and the block weights to the indicators' weight."""

from __future__ import annotations

from decimal import Decimal

from scorer.numbers import fmt_number as _n
from scorer.rules.checks import Context, check
from scorer.rules.keys import get_path


@check("weights")
def weights(ctx: Context):
    data = ctx.data
    total, budget = get_path(data, ("total",)), get_path(data, ("budget", "weight"))
    indicators = get_path(data, ("indicators", "weight"))
    goals = data.get("goals") or {}
    goal_weight = goals.get("weight") if goals.get("scored") else None
    if goals.get("scored") and goal_weight is None:
        yield ctx.problem(("goals", "scored"),
                          "goals.scored 为 true（年度总目标单独计分），但没有给出 goals.weight；"
                          "请写出其分值，如 goals: {scored: true, weight: 20}")
    if None not in (total, budget, indicators):
        parts = [("预算执行 budget.weight", budget)]
        if goal_weight is not None:
            parts.append(("年度总目标 goals.weight", goal_weight))
        parts.append(("绩效指标 indicators.weight", indicators))
        got = sum(Decimal(v) for _, v in parts)
        if got != Decimal(total):
            others = got - Decimal(indicators)
            text = " + ".join(f"{name} {_n(v)}" for name, v in parts)
            where = ctx.prefer(("indicators", "weight"), ("budget", "weight"), ("goals", "weight"), ("total",))
            yield ctx.problem(where, f"分值合计不等于总分：{text} = {_n(got)}，而 total 为 {_n(total)}；"
                                     f"应使合计等于 {_n(total)}，"
                                     f"例如把 indicators.weight 改为 {_n(Decimal(total) - others)}")
    blocks = {name: rule.get("weight") for name, rule in (data.get("blocks") or {}).items()
              if isinstance(rule, dict) and rule.get("weight") is not None}
    if blocks and indicators is not None:
        got = sum(Decimal(v) for v in blocks.values())
        if got != Decimal(indicators):
            text = " + ".join(f"{name} {_n(v)}" for name, v in blocks.items())
            where = ctx.prefer(*(("blocks", name, "weight") for name in blocks), ("indicators", "weight"))
            yield ctx.problem(where, f"一级指标分值合计不等于绩效指标分值：{text} = {_n(got)}，"
                                     f"而 indicators.weight 为 {_n(indicators)}；"
                                     f"应使各一级指标分值之和等于 {_n(indicators)}"
                                     "（或不按一级指标定分值：weight: null）")
