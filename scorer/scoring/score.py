"""Pure scoring: a form and a ruleset in, every score recomputed out — no I/O, no findings.

Each result keeps what a reviewer needs to redo the sum by hand: the values as read, the
direction and why, the weight and where it came from, the formula with its numbers.  Checks
(`checks/`) read these results; reports format them.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from decimal import Decimal

from scorer.rules.formula import FormulaError, render
from scorer.model import Comparison, Form, Indicator
from scorer.numbers import agrees, fmt, fmt_printed, round_half_up
from scorer.rules.ruleset import Ruleset
from scorer.forms.reading import Reading, pair
from scorer.scoring.weights import Group, Weight, groups, normalise_label, resolve

DIRECTION_NAMES = {
    "positive": "正向", "negative": "反向", "exact": "等于", "qualitative": "定性", "deadline": "时限",
}
COMPLETION_NAMES = {"achieved": "达成预期", "partial": "部分达成", "missed": "未达成"}
STATUS_NAMES = {
    "ok": "一致", "inflated": "高估", "deflated": "低估", "out_of_band": "超出档位",
    "unverifiable": "无法核验", "computed": "未自评", "in_band": "档内",
}


@dataclass
class BudgetResult:
    planned: Decimal | None
    executed: Decimal | None
    rate: Decimal | None
    weight: Decimal
    weight_origin: str | None
    score: Decimal | None
    exact_score: Decimal | None
    formula_text: str | None
    problem: str | None = None
    comparison: Comparison | None = None
    rate_checked: bool = False


@dataclass
class IndicatorResult:
    indicator: Indicator
    path: str
    group: str | None
    target: Reading | None
    actual: Reading | None
    direction: str | None
    direction_reason: str
    weight: Weight
    score: Decimal | None = None
    exact_score: Decimal | None = None
    band: tuple[Decimal, Decimal] | None = None
    completion: str | None = None
    formula_text: str | None = None
    met: bool | None = None
    achievement: Decimal | None = None          # actual / target for 正向/等于 targets
    pair_remark: str | None = None
    problem: str | None = None                  # why it cannot be verified
    # no_weight | missing | unreadable | unit_mismatch | ambiguous | not_number | words | formula
    problem_kind: str | None = None
    comparison: Comparison | None = None
    formula_origin: str | None = None

    @property
    def verifiable(self) -> bool:
        return self.score is not None

    @property
    def status(self) -> str:
        if self.score is None:
            return "unverifiable"
        if self.comparison is None:
            return "computed"
        if self.direction == "qualitative":
            return "in_band" if self.comparison.agrees else "out_of_band"
        if self.comparison.agrees:
            return "ok"
        return "inflated" if self.comparison.difference > 0 else "deflated"


@dataclass
class Scored:
    form: Form
    ruleset: Ruleset
    budget: BudgetResult
    indicators: list[IndicatorResult]
    spread_note: str | None
    total: Decimal | None
    total_missing: list[str] = field(default_factory=list)
    parts_sum: Decimal | None = None
    parts_missing: list[str] = field(default_factory=list)
    parts_text: str = ""
    groups: list[Group] = field(default_factory=list)   # how the indicator points are shared out

    @property
    def grade(self) -> str | None:
        return self.ruleset.grade_of(self.total)


def _round(ruleset: Ruleset, value: Decimal) -> Decimal:
    return value if ruleset.places is None else round_half_up(value, ruleset.places)


# ---------------------------------------------------------------- budget

def score_budget(form: Form, ruleset: Ruleset) -> BudgetResult:
    b = form.budget
    weight = ruleset.budget_weight
    result = BudgetResult(b.planned, b.executed, None, weight, ruleset.origin("budget", "weight"),
                          None, None, None)
    if b.planned is None or b.planned == 0:
        result.problem = "全年预算数 A 未列示" if b.planned is None else "全年预算数 A 为 0"
        return result
    if b.executed is None:
        result.problem = "全年执行数 B 未列示"
        return result
    result.rate = b.executed / b.planned
    names = {"weight": weight, "planned": b.planned, "executed": b.executed, "rate": result.rate}
    try:
        exact = ruleset.budget_formula.evaluate(**names)
    except FormulaError as exc:
        result.problem = f"预算执行公式无法计算：{exc}"
        return result
    clamped = max(Decimal(0), min(exact, weight))      # like indicator formulas: within [0, weight]
    bound = "" if clamped == exact else f"，限于 0 至分值 {fmt_printed(weight)} 之间，计 {fmt(clamped)}"
    result.formula_text = f"{render(ruleset.budget_formula, names)} = {fmt(exact)}{bound}"
    exact = clamped
    result.exact_score = exact
    result.score = _round(ruleset, exact)
    if b.reported_score is not None:
        result.comparison = Comparison(b.reported_score, exact,
                                       agrees(b.reported_score, exact, ruleset.tolerance))
    return result


# ---------------------------------------------------------------- direction

def choose_direction(ind: Indicator, target: Reading, ruleset: Ruleset) -> tuple[str | None, str]:
    """The indicator's direction and the reason, in Chinese."""
    if ind.direction:
        return ind.direction, f"表内指定 direction: {ind.direction}"
    if target.kind == "empty":
        return None, "目标值未列示"
    if target.kind == "date":
        return "deadline", f"目标值为期限（{target.describe()}）"
    if target.kind == "words":
        if _matches(target.words, ruleset.deadline_target_words):
            return "deadline", f"目标值“{target.words}”表示按期完成"
        return "qualitative", f"目标值为文字“{target.words}”"
    if target.kind == "ambiguous":
        return None, "目标值含多个数字，无法确定"
    hint = target.direction_hint
    word = target.comparator_word or target.comparator
    if hint in ("positive", "negative"):
        return hint, f"目标值含“{word}”"
    if hint == "exact":
        return "exact", f"目标值含“{word}”"
    if target.number == 0:
        return "exact", "目标值为 0：实际为 0 才得满分"
    rule = ruleset.block_rule(normalise_label(ind.level1), normalise_label(ind.level2))
    if rule and rule.direction:
        block = normalise_label(ind.level1) if ruleset.block_rule(normalise_label(ind.level1)) \
            else normalise_label(ind.level2)
        return rule.direction, f"无比较符，按“{block}”的默认方向"
    return ruleset.default_direction, "无比较符，按规则集默认方向"


def _matches(text: str | None, words) -> bool:
    return bool(text) and text in words


def classify_completion(actual: Reading, target: Reading, ruleset: Ruleset) -> tuple[str | None, str]:
    """achieved / partial / missed from the completion wording, or None with the reason."""
    text = actual.words if actual.kind == "words" else None
    if text is None:
        if actual.kind == "empty":
            return None, "实际完成值未列示"
        return None, f"目标为文字，实际为“{actual.text}”，无法判定完成档位"
    if target.kind == "words" and text == target.words:
        return "achieved", "实际完成情况与目标表述相同，视为达成"
    for name in ("missed", "partial", "achieved"):
        if text in ruleset.words[name]:
            return name, f"“{text}”属于{COMPLETION_NAMES[name]}词表"
    for name in ("missed", "partial", "achieved"):
        for word in ruleset.words[name]:
            if word in text:
                return name, f"“{text}”含{COMPLETION_NAMES[name]}词“{word}”"
    return None, f"完成情况“{text}”不在规则集的任何词表中"


# ---------------------------------------------------------------- indicators

def score_indicator(ind: Indicator, weight: Weight, group: str | None, form: Form,
                    ruleset: Ruleset) -> IndicatorResult:
    reader = ruleset.reader
    target = reader.read(ind.target)
    actual = reader.read(ind.actual)
    direction, reason = choose_direction(ind, target, ruleset)
    result = IndicatorResult(ind, f"indicators[{ind.index}]", group, target, actual,
                             direction, reason, weight)
    if direction is None:
        _unverifiable(result, reason, "missing" if target.kind == "empty" else "ambiguous")
    elif direction == "qualitative":
        _score_qualitative(result, ruleset)
    elif direction == "deadline":
        _score_deadline(result, form, ruleset)
    else:
        _score_quantitative(result, ruleset)
    if result.score is None and result.problem is None and weight.value is None:
        _unverifiable(result, weight.note or "分值未列示，无法复算得分", "no_weight")
    if result.score is not None and ind.reported_score is not None:
        computed = result.exact_score
        if direction == "qualitative":
            low, high = result.band
            inside = low - ruleset.tolerance <= ind.reported_score <= high + ruleset.tolerance
            result.comparison = Comparison(ind.reported_score, computed, inside)
        else:
            result.comparison = Comparison(ind.reported_score, computed,
                                           agrees(ind.reported_score, computed, ruleset.tolerance))
    return result


def _unverifiable(result: IndicatorResult, reason: str, kind: str) -> None:
    result.problem = reason
    result.problem_kind = kind
    result.score = None
    result.exact_score = None


def _finish(result: IndicatorResult, ruleset: Ruleset, exact: Decimal) -> None:
    weight = result.weight.value
    exact = min(exact, weight)
    if exact < 0:
        exact = Decimal(0)
    result.exact_score = exact
    result.score = _round(ruleset, exact)


def _score_qualitative(result: IndicatorResult, ruleset: Ruleset) -> None:
    completion, why = classify_completion(result.actual, result.target, ruleset)
    result.direction_reason += f"；{why}"
    if completion is None:
        _unverifiable(result, why, "missing" if result.actual.kind == "empty" else "words")
        return
    result.completion = completion
    result.met = completion == "achieved"
    weight = result.weight.value
    if weight is None:
        return
    low, high = (f * weight for f in ruleset.bands[completion])
    result.band = (low, high)
    reported = result.indicator.reported_score
    exact = high if reported is None else max(low, min(reported, high))
    low_pct, high_pct = (_percent(f) for f in ruleset.bands[completion])
    result.formula_text = (f"定性指标：{COMPLETION_NAMES[completion]}档 {low_pct}%–{high_pct}% × "
                           f"{fmt_printed(weight)} = {fmt(low)}–{fmt(high)}")
    result.formula_origin = ruleset.origin("qualitative", "bands", completion)
    result.exact_score = exact
    result.score = _round(ruleset, exact)


def _percent(fraction: Decimal) -> str:
    return f"{(fraction * 100).normalize():f}"


def _iso(day: tuple[int, int, int]) -> str:
    return f"{day[0]}-{day[1]:02d}-{day[2]:02d}"


def _month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _date_key(date, default_year: int | None):
    year, month, day = date
    year = year if year is not None else default_year
    if year is None:
        return None
    return (year, month, day if day is not None else _month_end(year, month))


def _deadline_met(result: IndicatorResult, form: Form, ruleset: Ruleset) -> tuple[bool | None, str]:
    target, actual = result.target, result.actual
    if actual.kind == "empty":
        return None, "实际完成值未列示"
    if actual.kind == "words":
        if target.kind == "words" and actual.words == target.words:
            return True, "实际完成情况与目标表述相同"
        if actual.words in ruleset.deadline_missed_words:
            return False, f"实际“{actual.words}”表示未按期完成"
        if actual.words in ruleset.deadline_met_words:
            return True, f"实际“{actual.words}”表示已按期完成"
        return None, f"实际完成情况“{actual.words}”无法判断是否按期"
    if actual.kind == "date" and target.kind == "date":
        year = form.project.year
        due, done = _date_key(target.date, year), _date_key(actual.date, year)
        if due is None or done is None:
            return None, "期限缺少年份，且表中未填预算年度"
        if target.date == actual.date and target.comparator is None and actual.comparator is not None:
            return True, "实际与期限相同"
        relation = "不晚于" if done <= due else "晚于"
        return done <= due, f"实际 {_iso(done)} {relation}期限 {_iso(due)}"
    return None, f"实际“{actual.text}”不是日期，无法与期限比较"


def _score_deadline(result: IndicatorResult, form: Form, ruleset: Ruleset) -> None:
    met, why = _deadline_met(result, form, ruleset)
    result.direction_reason += f"；{why}"
    if met is None:
        _unverifiable(result, why, "missing" if result.actual.kind == "empty" else "unreadable")
        return
    result.met = met
    weight = result.weight.value
    if weight is None:
        return
    _evaluate(result, ruleset, "deadline", {"weight": weight, "met": met})


def _score_quantitative(result: IndicatorResult, ruleset: Ruleset) -> None:
    target, actual = result.target, result.actual
    if actual.kind == "empty":
        _unverifiable(result, "实际完成值未列示", "missing")
        return
    if actual.kind in ("words", "date"):
        _unverifiable(result, f"实际完成值“{actual.text}”不是数值，无法与数值目标比较", "words")
        return
    aligned = pair(target, actual)
    result.pair_remark = aligned.remark
    if aligned.problem:
        _unverifiable(result, aligned.problem, aligned.problem_kind or "unreadable")
        return
    t, a = aligned.target, aligned.actual
    direction = result.direction
    if direction in ("positive", "exact"):
        result.met = a >= t if direction == "positive" else (a == t if t == 0 else a >= t)
        if t != 0:
            result.achievement = a / t
    else:
        result.met = a <= t
    weight = result.weight.value
    if weight is None:
        return
    _evaluate(result, ruleset, direction, {"weight": weight, "target": t, "actual": a})


def _evaluate(result: IndicatorResult, ruleset: Ruleset, key: str, names: dict) -> None:
    formula = ruleset.formulas[key]
    result.formula_origin = ruleset.origin("formulas", key)
    try:
        exact = formula.evaluate(**names)
    except FormulaError as exc:
        _unverifiable(result, f"公式 formulas.{key} 无法计算：{exc}", "formula")
        return
    label = DIRECTION_NAMES[result.direction]
    capped = "" if exact <= names["weight"] else f"，不超过分值 {fmt_printed(names['weight'])}"
    result.formula_text = f"{label}指标：{render(formula, names)} = {fmt(exact)}{capped}"
    _finish(result, ruleset, exact)


# ---------------------------------------------------------------- form

def _group_label(ind: Indicator, form: Form) -> str | None:
    if ind.goal is not None and form.goal(ind.goal) is not None:
        return f"目标{ind.goal}"
    return normalise_label(ind.level1)


def score_form(form: Form, ruleset: Ruleset) -> Scored:
    budget = score_budget(form, ruleset)
    form_groups = groups(form, ruleset)
    weights, spread_note = resolve(form, ruleset, form_groups)
    results = [score_indicator(ind, weights[ind.index], _group_label(ind, form), form, ruleset)
               for ind in form.indicators]
    scored = Scored(form, ruleset, budget, results, spread_note, None, groups=form_groups)
    _total(scored)
    _parts_sum(scored)
    return scored


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
    unverifiable = [r for r in scored.indicators if r.exact_score is None]
    if unverifiable:
        missing.append(f"{len(unverifiable)} 个指标得分无法复算")
    total += sum((r.exact_score for r in scored.indicators if r.exact_score is not None), Decimal(0))
    scored.total_missing = missing
    scored.total = None if missing else _round(scored.ruleset, total)


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
        scores = [i.reported_score for i in form.indicators]
        if any(s is None for s in scores):
            missing.append("部分指标得分")
        else:
            parts.append(sum(scores, Decimal(0)))
    scored.parts_missing = missing
    scored.parts_text = " + ".join(fmt_printed(p) for p in parts)
    scored.parts_sum = None if missing else sum(parts, Decimal(0))
