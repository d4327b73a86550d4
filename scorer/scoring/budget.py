"""The budget block (预算执行情况): the total row and its 资金来源 rows, recomputed and compared.

A blank total row takes its money from the source rows (the trace says so); source rows follow
the same rules as the total row, and their money must add up to it.
"""

from __future__ import annotations

from decimal import Decimal

from scorer.model import Budget, Comparison, Form
from scorer.numbers import agrees, divide, fmt, fmt_printed, half_unit, rate_agrees, round_half_up
from scorer.rules.formula import FormulaError, value_of
from scorer.rules.ruleset import Ruleset
from scorer.scoring.results import BudgetResult, RateCheck, ShownBudgetFormula, SourceResult, SumCheck


def rounded(ruleset: Ruleset, value: Decimal) -> Decimal:
    return value if ruleset.places is None else round_half_up(value, ruleset.places)


def rate_check(reported: Decimal | None, rate: Decimal | None, ruleset: Ruleset) -> RateCheck | None:
    if reported is None or rate is None:
        return None
    return RateCheck(reported, rate * 100, rate_agrees(reported, rate, ruleset.rate_tolerance))


def _from_sources(total: Decimal | None, values: list[Decimal | None], name: str):
    """The total row's figure, or the sum of the source rows when the total cell is blank."""
    printed = [v for v in values if v is not None]
    if total is not None or not printed:
        return total, None
    text = " + ".join(fmt_printed(v) for v in printed)
    value = sum(printed, Decimal(0))
    return value, f"{name}未列示，取各资金来源行之和：{text} = {fmt_printed(value)}"


def sum_check(total: Decimal | None, values: list[Decimal | None]) -> SumCheck | None:
    """Source rows against the total row.  Each printed part may hide up to half a unit of rounding,
    so they agree within the sum of those half units.  "其中：" lists may be partial — a blank row, or a
    single row ("其中：市补助 662"), claims no completeness — so those are judged only for exceeding
    the total; two or more rows, all printed, must make it."""
    printed = tuple(v for v in values if v is not None)
    if total is None or not printed:
        return None
    parts_sum = sum(printed, Decimal(0))
    slack = sum((half_unit(v) for v in printed), half_unit(total))
    complete = len(printed) == len(values) and len(values) >= 2
    ok = abs(parts_sum - total) <= slack if complete else parts_sum <= total + slack
    return SumCheck(printed, parts_sum, total, ok, complete)


def _formula(ruleset: Ruleset, weight: Decimal, planned: Decimal, executed: Decimal,
             rate: Decimal) -> tuple[Decimal, ShownBudgetFormula]:
    """The budget score within [0, weight] (like indicator formulas), and the formula with its
    numbers for the words, written when read."""
    names = {"weight": weight, "planned": planned, "executed": executed, "rate": rate}
    exact = value_of(ruleset.budget_formula, names)
    clamped = max(Decimal(0), min(exact, weight))
    return clamped, ShownBudgetFormula(ruleset.budget_formula, names, exact, clamped)


def score_budget(form: Form, ruleset: Ruleset) -> BudgetResult:
    b: Budget = form.budget
    planned, planned_note = _from_sources(b.planned, [s.planned for s in b.sources], "全年预算数 A ")
    executed, executed_note = _from_sources(b.executed, [s.executed for s in b.sources], "全年执行数 B ")
    weight = ruleset.budget_weight
    result = BudgetResult(planned, executed, None, weight, ruleset.origin("budget", "weight"),
                          None, None, planned_note=planned_note, executed_note=executed_note)
    if b.weight is not None and b.weight != weight:
        result.printed_weight = b.weight
    if b.rate_as_fraction:
        printed = fmt_printed(b.reported_rate.scaleb(-2))
        result.rate_note = f"表列执行率 {printed} 为小数写法，按 {fmt_printed(b.reported_rate)}% 核对"
    result.sources = [_score_source(i, s, ruleset) for i, s in enumerate(b.sources)]
    if b.sources:
        result.planned_sum = sum_check(b.planned, [s.planned for s in b.sources])
        result.executed_sum = sum_check(b.executed, [s.executed for s in b.sources])
    if planned is None or planned == 0:
        result.problem = "全年预算数 A 未列示" if planned is None else "全年预算数 A 为 0"
        result.problem_kind = "no_planned" if planned is None else "zero_planned"
        return result
    if executed is None:
        result.problem = "全年执行数 B 未列示"
        result.problem_kind = "no_executed"
        return result
    result.rate = divide(executed, planned)
    result.over_executed = executed > planned
    result.rate_check = rate_check(b.reported_rate, result.rate, ruleset)
    try:
        exact, shown_formula = _formula(ruleset, weight, planned, executed, result.rate)
    except FormulaError as exc:
        result.problem = f"预算执行公式无法计算：{exc}"
        result.problem_kind = "formula"
        return result
    result.exact_score = exact
    result.score = rounded(ruleset, exact)
    result.shown_formula = shown_formula
    if b.reported_score is not None:
        ok = agrees(b.reported_score, exact, ruleset.tolerance)
        if not ok and result.rate_check is not None and result.rate_check.agrees:
            ok = _from_printed_rate(result, ruleset, weight, planned, b.reported_score, b.reported_rate)
        result.comparison = Comparison(b.reported_score, exact, ok)
    return result


def _from_printed_rate(result: BudgetResult, ruleset: Ruleset, weight: Decimal, planned: Decimal,
                       reported: Decimal, printed_rate: Decimal) -> bool:
    """Forms compute the score from the rate they print (10 × 97% = 9.70 where 10 × 96.63 ÷ 100 = 9.66):
    when that printed rate agrees with B/A, a score that follows the formula at the printed rate agrees
    too, and the trace says so."""
    rate = printed_rate / 100
    try:
        exact, _ = _formula(ruleset, weight, planned, planned * rate, rate)
    except FormulaError:
        return False
    if not agrees(reported, exact, ruleset.tolerance):
        return False
    result.score_note = (f"自评 {fmt_printed(reported)} 按表列执行率 {fmt_printed(printed_rate)}% 计算"
                         f"（{fmt_printed(weight)} × {fmt_printed(printed_rate)}% = {fmt(exact)}），"
                         f"与按 B/A 计算的 {fmt(result.exact_score)} 之差来自执行率的舍入，视为一致")
    return True


def _score_source(index: int, source, ruleset: Ruleset) -> SourceResult:
    result = SourceResult(source, f"budget.sources[{index}]")
    if source.planned and source.executed is not None:
        result.rate = divide(source.executed, source.planned)
        result.rate_check = rate_check(source.reported_rate, result.rate, ruleset)
    reported = source.reported_score
    if reported is None:
        return result
    if source.weight is None:
        result.score_problem = f"“{source.label}”行列示得分 {fmt_printed(reported)}，但未列示分值"
        return result
    if reported > ruleset.budget_weight:
        result.score_problem = (f"“{source.label}”行得分 {fmt_printed(reported)} 超过预算执行分值 "
                                f"{fmt_printed(ruleset.budget_weight)}")
        return result
    if result.rate is None:
        return result
    try:
        exact, shown_formula = _formula(ruleset, source.weight, source.planned, source.executed, result.rate)
    except FormulaError:
        return result
    result.exact_score, result.shown_formula = exact, shown_formula
    result.comparison = Comparison(reported, exact, agrees(reported, exact, ruleset.tolerance))
    return result
