"""Sums over the whole form: 总分 against its parts and the recomputation, the indicator subtotal,
group and block weights, the points total, the highest reachable total and the risk signals.

Every comparison is decided here; `checks/` only words the ones that fail.
"""

from __future__ import annotations

import operator
from decimal import Decimal
from itertools import repeat

from scorer.model import Comparison
from scorer.numbers import agrees, divide, fmt_printed
from scorer.scoring.budget import rounded
from scorer.scoring.results import GroupResult, RiskResult, Scored, SumCheck
from scorer.scoring.weights import indicator_points

HUNDRED = Decimal(100)


def _void_rows(scored: Scored) -> None:
    """Rows printed without weight and without score ("本项不适用", a row the template keeps) while the
    other rows' printed weights already make the indicator points: they carry no points, so the total
    is recomputed without them (each is still reported as unverifiable), and the trace says so."""
    form, ruleset = scored.form, scored.ruleset
    if ruleset.goals_scored or form.indicators_total is not None:
        return
    void = [i.index for i in form.indicators if i.weight is None and i.reported_score is None]
    printed = [i.weight for i in form.indicators if i.index not in void]
    if not void or not printed or any(w is None for w in printed):
        return
    if sum(printed, Decimal(0)) + ruleset.budget_weight != ruleset.total:
        return
    rows = "、".join(str(index + 1) for index in void)
    scored.void_rows = frozenset(void)
    points = fmt_printed(ruleset.total - ruleset.budget_weight)
    scored.void_note = f"第 {rows} 项未列示分值与得分，其余指标分值已合计 {points}，按不计分处理"


def score_totals(scored: Scored) -> None:
    _void_rows(scored)
    _total(scored)
    _parts_sum(scored)
    _compare_total(scored)
    _subtotal(scored)
    _groups(scored)
    _missing_blocks(scored)
    _points(scored)
    _maximum(scored)
    _risk(scored)


def _total(scored: Scored) -> None:
    """Budget + (scored goals) + indicators, summed exactly and rounded once at the end.

    Rounding each part first would let spread weights (80 ÷ 19) drift the total by a cent.
    """
    missing = []
    total = Decimal(0)
    if scored.budget.exact_score is None:
        missing.append(f"预算执行得分（{scored.budget.problem}）")
    else:
        total += scored.budget.exact_score
    if scored.ruleset.goals_scored:
        goal_scores = [g.reported_score for g in scored.form.goals]
        if not goal_scores or any(s is None for s in goal_scores):
            missing.append("年度总目标得分（未列示，无法复算）")
        else:
            total += sum(min(s, g.weight or scored.ruleset.goals_weight or s)
                         for s, g in zip(goal_scores, scored.form.goals, strict=True))
    unverifiable = [r for r in scored.indicators if r.exact_score is None
                    and r.indicator.index not in scored.void_rows]
    if unverifiable:
        missing.append(f"{len(unverifiable)} 个指标得分无法复算")
    total += sum((r.exact_score for r in scored.indicators if r.exact_score is not None), Decimal(0))
    scored.total_missing = missing
    scored.exact_total = None if missing else total
    scored.total = None if missing else rounded(scored.ruleset, total)


def _indicator_scores_sum(form) -> Decimal | None:
    scores = [i.reported_score for i in form.indicators]
    if not scores or any(s is None for s in scores):
        return None
    return sum(scores, Decimal(0))


def _parts_sum(scored: Scored) -> None:
    form = scored.form
    parts: list[Decimal] = []
    missing: list[str] = []
    if form.budget.reported_score is None:
        missing.append("预算执行得分")
    else:
        parts.append(form.budget.reported_score)
    if scored.ruleset.goals_scored:
        for goal in form.goals:
            if goal.reported_score is None:
                missing.append(f"年度总目标{'' if len(form.goals) == 1 else goal.id}得分")
            else:
                parts.append(goal.reported_score)
    if form.indicators_total is not None and form.indicators_total.reported_score is not None:
        parts.append(form.indicators_total.reported_score)
    else:
        scores = [i.reported_score for i in form.indicators if i.index not in scored.void_rows]
        if any(s is None for s in scores):
            missing.append("部分指标得分")
        else:
            parts.append(sum(scores, Decimal(0)))
    scored.parts_missing = missing
    scored.parts = tuple(parts)
    scored.parts_sum = None if missing else sum(parts, Decimal(0))
    reported = form.reported_total
    if reported is None:
        return
    if scored.parts_sum is not None:
        scored.parts_agrees = agrees(reported, scored.parts_sum, scored.ruleset.tolerance)
    elif len(missing) == 1:
        _implied_part(scored, missing[0])


def _implied_part(scored: Scored, name: str) -> None:
    """With one part blank and the other two printed, the 总分 says what the blank part must be."""
    form = scored.form
    known = []
    if form.budget.reported_score is not None:
        known.append(form.budget.reported_score)
    subtotal = form.indicators_total.reported_score if form.indicators_total else None
    if subtotal is None and form.indicators:
        subtotal = _indicator_scores_sum(form)
    if subtotal is not None:
        known.append(subtotal)
    if len(known) == 2:
        implied = form.reported_total - sum(known, Decimal(0))
        text = f"{fmt_printed(form.reported_total)} − {' − '.join(fmt_printed(k) for k in known)}"
        scored.implied_part = (name, implied, text)


def _compare_total(scored: Scored) -> None:
    reported = scored.form.reported_total
    if reported is not None and scored.total is not None:
        scored.total_comparison = Comparison(reported, scored.total,
                                             agrees(reported, scored.total, scored.ruleset.tolerance))


def _subtotal(scored: Scored) -> None:
    form = scored.form
    subtotal = form.indicators_total.reported_score if form.indicators_total else None
    if subtotal is None:
        return
    total = _indicator_scores_sum(form)
    if total is None:
        return
    scores = tuple(i.reported_score for i in form.indicators)
    scored.subtotal = SumCheck(scores, total, subtotal, agrees(subtotal, total, scored.ruleset.tolerance))


def _groups(scored: Scored) -> None:
    out = []
    for group in scored.groups:
        result = GroupResult(group)
        out.append(result)
        if group.weight is None or not group.members:
            continue
        printed = tuple(i.weight for i in group.members)
        if not _has_blank(printed):
            total = sum(printed, Decimal(0))
            result.weight_sum = SumCheck(printed, total, group.weight, total == group.weight)
        scores = tuple(i.reported_score for i in group.members)
        if not _has_blank(scores):
            total = sum(scores, Decimal(0))
            result.score_sum = SumCheck(scores, total, group.weight, total <= group.weight)
    scored.group_results = out


def _has_blank(values) -> bool:
    """Some value is None: an `is` test per item, all in C (`None in values` would compare each
    Decimal with None, several times slower)."""
    return any(map(operator.is_, values, repeat(None)))


def _missing_blocks(scored: Scored) -> None:
    """Required blocks with no indicator — after inferring blank 一级 labels from the 二级."""
    if not scored.form.indicators:
        return
    present = {r.block for r in scored.indicators}
    scored.missing_blocks = [(name, rule.weight) for name, rule in scored.ruleset.blocks.items()
                             if rule.weight is not None and rule.required and name not in present]


def _goal_points(scored: Scored) -> Decimal | None:
    form, ruleset = scored.form, scored.ruleset
    if not ruleset.goals_scored:
        return None
    weights = [g.weight for g in form.goals]
    if weights and all(w is not None for w in weights):
        return sum(weights, Decimal(0))
    return ruleset.goals_weight


def _indicator_part(scored: Scored):
    form, ruleset = scored.form, scored.ruleset
    goal_weights = [g.weight for g in form.goals]
    if form.goals and not ruleset.goals_scored and all(w is not None for w in goal_weights):
        return sum(goal_weights, Decimal(0)), "goals"
    if form.indicators_total is not None and form.indicators_total.weight is not None:
        return indicator_points(form, ruleset)[0], "indicators_total.weight"
    printed = [i.weight for i in form.indicators]
    if printed and all(w is not None for w in printed):
        return sum(printed, Decimal(0)), "indicators"
    return None, None


def _points(scored: Scored) -> None:
    """Budget + (scored goals) + indicator points must equal the ruleset's total."""
    form, ruleset = scored.form, scored.ruleset
    parts: list[Decimal] = [form.budget.weight if form.budget.weight is not None else ruleset.budget_weight]
    goals = _goal_points(scored)
    if goals is not None:
        parts.append(goals)
    indicator_part, path = _indicator_part(scored)
    if indicator_part is None:
        return
    parts.append(indicator_part)
    total = sum(parts, Decimal(0))
    scored.points = SumCheck(tuple(parts), total, ruleset.total, total == ruleset.total)
    scored.points_path = path


def _maximum(scored: Scored) -> None:
    """The highest total this form can reach: the budget score at its execution rate plus every
    other weight — a printed 总分 above it is wrong even when its parts are not printed."""
    budget, ruleset = scored.budget, scored.ruleset
    if budget.exact_score is None:
        return
    others = ruleset.total - ruleset.budget_weight
    scored.maximum = budget.exact_score + others
    reported = scored.form.reported_total
    scored.above_maximum = (reported is not None and reported > scored.maximum
                            and not agrees(reported, scored.maximum, ruleset.tolerance))


def _risk(scored: Scored) -> None:
    """Indicator score rate against the execution rate; every indicator full while money is unspent."""
    form, ruleset, budget = scored.form, scored.ruleset, scored.budget
    risk = RiskResult()
    scored.risk = risk
    above = ruleset.unexecuted_above
    if above is not None and budget.rate is not None and (1 - budget.rate) * HUNDRED > above:
        risk.unexecuted = 1 - budget.rate          # the provincial yellow signal
    threshold = ruleset.score_vs_execution
    if threshold is None or budget.rate is None or not form.indicators:
        return          # risk signals are on when the ruleset sets risk.score_vs_execution
    risk.execution_rate = min(budget.rate, Decimal(1))
    subtotal = form.indicators_total.reported_score if form.indicators_total else None
    points = subtotal if subtotal is not None else _indicator_scores_sum(form)
    weight, _ = _indicator_part(scored)
    if weight is None and form.indicators_total is None:
        weight = ruleset.indicators_weight
    if points is not None and weight:
        risk.score_points, risk.score_weight = points, weight
        risk.score_rate = divide(points, weight)
        # the provincial red signal: (score rate − execution rate) ÷ score rate above the threshold (%)
        if risk.score_rate > 0:
            risk.relative_gap = (risk.score_rate - risk.execution_rate) / risk.score_rate
            risk.score_above_execution = risk.relative_gap * HUNDRED > threshold
    # printed weights only: a weight deduced from the scores is "full" by construction
    full = [r for r in scored.indicators
            if r.indicator.reported_score is not None and r.weight.source == "printed"
            and r.indicator.reported_score >= r.weight.value]
    risk.all_full_unspent = len(full) == len(scored.indicators) and budget.rate < 1
