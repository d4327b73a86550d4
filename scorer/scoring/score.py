"""Pure scoring: a form and a ruleset in, every score recomputed out — no I/O, no findings.

Each result keeps what a reviewer needs to redo the sum by hand: the values as read, the
direction and why, the weight and where it came from, the formula with its numbers.  Checks
(`checks/`) read these results; reports format them.
"""

from __future__ import annotations

import calendar
import dataclasses
import functools
import re
from decimal import Decimal

from scorer.rules.formula import FormulaError, value_of
from scorer.model import Comparison, Form, Indicator
from scorer.numbers import agrees, fmt_printed
from scorer.rules.ruleset import Ruleset
from scorer.forms.reading import Reading, pair
from scorer.report.names import COMPLETION_NAMES, DIRECTION_NAMES
from scorer.scoring.budget import rounded as _round
from scorer.scoring.budget import score_budget
from scorer.scoring.results import BudgetResult, IndicatorResult, Scored, ShownBand, ShownFormula
from scorer.scoring.totals import score_totals
from scorer.scoring.weights import Weight, blocks_of, groups, normalise_label, resolve

__all__ = ["BudgetResult", "IndicatorResult", "Scored", "score_budget", "score_form", "score_indicator"]

# 指标性质 as printed in its own column -> direction ("nature outranks wording")
NATURE_DIRECTIONS = {
    "≥": "positive", ">=": "positive", "≧": "positive", "＞＝": "positive", ">": "positive", "正向": "positive",
    "≤": "negative", "<=": "negative", "≦": "negative", "＜＝": "negative", "<": "negative", "反向": "negative",
    "=": "exact", "＝": "exact", "==": "exact", "等于": "exact",
    "定性": "qualitative",
}


NATURE_DIRECTIONS.update({"大于等于": "positive", "大于": "positive", "不低于": "positive",
                          "小于等于": "negative", "小于": "negative", "不高于": "negative", "不超过": "negative"})


@functools.lru_cache(maxsize=1024)       # a batch prints the same few natures ("正向", "≥", "定性") over and over
def nature_direction(nature: str | None) -> str | None:
    """The direction a printed 指标性质 names, or None when blank or not one of the known spellings.

    Templates also print it with its name in brackets or with 指标 after it ("≤（反向）", "正向指标",
    "≥(大于等于)"): each part is read and they must name one direction."""
    if not nature:
        return None
    text = "".join(nature.split())
    if text in NATURE_DIRECTIONS:
        return NATURE_DIRECTIONS[text]
    parts = [p.removesuffix("指标") for p in re.split(r"[()（）\[\]【】/、]", text) if p]
    named = {NATURE_DIRECTIONS.get(p) for p in parts}
    return named.pop() if parts and len(named) == 1 else None


# ---------------------------------------------------------------- direction

def choose_direction(ind: Indicator, target: Reading, ruleset: Ruleset,
                     block: str | None = None) -> tuple[str | None, str]:
    """The indicator's direction and the reason, in Chinese."""
    if ind.direction:
        return ind.direction, f"表内指定 direction: {ind.direction}"
    by_nature = nature_direction(ind.nature) if ind.nature else None
    if by_nature:
        return by_nature, f"指标性质“{ind.nature}”"
    unknown = f"指标性质“{ind.nature}”无法识别，按目标值措辞；" if ind.nature and ind.nature.strip() else ""
    direction, reason = _direction_from_wording(ind, target, ruleset, block)
    return direction, unknown + reason


def _direction_from_wording(ind: Indicator, target: Reading, ruleset: Ruleset,
                            block: str | None) -> tuple[str | None, str]:
    if target.kind == "empty":
        return None, "目标值未列示"
    if target.kind == "date":
        return "deadline", f"目标值为期限（{target.describe()}）"
    if target.kind == "words":
        if _matches(target.words, ruleset.deadline_target_words):
            return "deadline", f"目标值“{target.words}”表示按期完成"
        return "qualitative", f"目标值为文字“{target.words}”"
    if target.kind == "ambiguous":
        return None, f"目标值{target.remark}" if target.too_long else "目标值含多个数字，无法确定"
    hint = target.direction_hint
    word = target.comparator_word or target.comparator
    if hint in ("positive", "negative"):
        return hint, f"目标值含“{word}”"
    if hint == "exact":
        return "exact", f"目标值含“{word}”"
    if target.number == 0:
        return "exact", "目标值为 0：实际为 0 才得满分"
    level1 = block if block is not None else normalise_label(ind.level1)
    rule = ruleset.block_rule(level1, normalise_label(ind.level2))
    if rule and rule.direction:
        name = level1 if ruleset.block_rule(level1) else normalise_label(ind.level2)
        return rule.direction, f"无比较符，按“{name}”的默认方向"
    return ruleset.default_direction, "无比较符，按规则集默认方向"


# An incident count printed in words against a target of 0 ("≤0起" → "未发生"): the count is 0.
_NOTHING_HAPPENED = frozenset({"未发生", "无发生", "没有发生", "零发生", "零事故", "无事故", "未出现", "零"})

# A completion cell holding only "无": blank, or nothing done?  Forms use it for both.
_NOTHING_WORDS = frozenset({"无", "暂无", "没有"})


def _matches(text: str | None, words) -> bool:
    return bool(text) and text in words


def classify_completion(actual: Reading, target: Reading, ruleset: Ruleset) -> tuple[str | None, str]:
    """achieved / partial / missed from the completion wording, or None with the reason."""
    text = actual.words if actual.kind == "words" else None
    if text is None:
        if actual.kind == "empty":
            return None, "实际完成值未列示"
        if _states_target(actual.text, target):
            return "achieved", f"实际“{actual.text}”写明达到目标表述“{target.words}”，视为达成"
        return None, f"目标为文字，实际为“{actual.text}”，无法判定完成档位"
    if target.kind == "words" and text == target.words:
        return "achieved", "实际完成情况与目标表述相同，视为达成"
    if target.kind == "words" and {target.words, text} == {"是", "否"}:
        return "missed", f"目标“{target.words}”，实际“{text}”，未达成"
    if text in _NOTHING_WORDS:
        return None, f"实际完成值只印“{text}”：无法判断是未填写还是未完成，请核对原表"
    for name in ("missed", "partial", "achieved"):
        if text in ruleset.words[name]:
            return name, f"“{text}”属于{COMPLETION_NAMES[name]}词表"
    for name in ("missed", "partial", "achieved"):
        for word in ruleset.words[name]:
            if word in text:
                return name, f"“{text}”含{COMPLETION_NAMES[name]}词“{word}”"
    if _states_target(text, target):
        return "achieved", f"实际“{text}”写明达到目标表述“{target.words}”，视为达成"
    return None, f"完成情况“{text}”不在规则集的任何词表中"


_NEGATIONS = ("未", "不", "没", "无", "非")


def _states_target(text: str | None, target: Reading) -> bool:
    """The actual restates the target's words and adds a figure ("较上年提高" → "较上年提高2.1个百分点"):
    met, unless a negation stands right before them ("较上年未提高" does not contain the target, "不较上年提高"
    is refused).  Only called once the ruleset's word lists have said nothing."""
    goal = "".join((target.words or "").split()) if target.kind == "words" else ""
    said = "".join((text or "").split())
    if len(goal) < 2 or goal not in said:
        return False
    where = said.index(goal)
    return not (where and said[where - 1] in _NEGATIONS) and "没有" not in said[:where]


# ---------------------------------------------------------------- indicators

_CHINESE_NUMERAL = re.compile(r"^[零〇一二两三四五六七八九十百千万亿点]+$")


def _with_unit(reading: Reading, unit: str | None, reader) -> tuple[Reading, bool]:
    """A bare number read again with the form's 度量单位 column ("40" + "万元")."""
    text = (reading.text or "").strip()
    numeral = reading.kind == "words" and _CHINESE_NUMERAL.match(text) is not None   # "三" + 期
    if not unit or not unit.strip() or not text or not (numeral or (
            reading.kind == "number" and reading.unit is None and text[-1].isdigit())):
        return reading, False
    again = reader.read(text + unit.strip())
    return (again, True) if again.kind == "number" else (reading, False)


def _same_text(target: Reading, actual: Reading) -> bool:
    """Target and actual printed as the same words ("荷塘区40万元、芦淞区20万元…" twice)."""
    t, a = "".join((target.text or "").split()), "".join((actual.text or "").split())
    return bool(t) and t == a and target.kind not in ("empty",)


_PATHS = tuple(f"indicators[{index}]" for index in range(256))     # written once, not per row


def score_indicator(ind: Indicator, weight: Weight, group: str | None, form: Form,
                    ruleset: Ruleset, block: tuple[str | None, str | None] = (None, None)) -> IndicatorResult:
    reader = ruleset.reader
    target, actual = reader.read(ind.target), reader.read(ind.actual)
    target_unit = actual_unit = False
    if ind.unit:        # a 度量单位 column: bare numbers are read again with it
        target, target_unit = _with_unit(target, ind.unit, reader)
        actual, actual_unit = _with_unit(actual, ind.unit, reader)
    direction, reason = choose_direction(ind, target, ruleset, block[0])
    if target_unit or actual_unit:
        reason += f"；纯数字按度量单位“{ind.unit.strip()}”读"
    index = ind.index
    path = _PATHS[index] if index < len(_PATHS) else f"indicators[{index}]"
    result = IndicatorResult(ind, path, group, target, actual, direction, reason, weight, block[0], block[1])
    if direction is None:
        _unverifiable(result, reason, "missing" if target.kind == "empty" else "ambiguous")
    elif direction == "qualitative":
        _score_qualitative(result, ruleset)
    elif direction == "deadline":
        _score_deadline(result, form, ruleset)
    else:
        _score_quantitative(result, ruleset)
    if result.score is None and result.problem_kind in ("ambiguous", "not_number", "words", "unreadable") \
            and _same_text(target, actual):
        _score_same_text(result, ruleset)
    if result.score is None and result.problem_kind == "ambiguous" and direction is None:
        _score_range(result, ruleset)
    if result.score is None and result.problem is None and weight.value is None:
        _unverifiable(result, weight.note or "分值未列示，无法复算得分", "no_weight")
    result.above_weight = (ind.reported_score is not None and weight.value is not None
                           and ind.reported_score > weight.value)
    threshold = ruleset.over_achievement
    result.over_achieved = (threshold is not None and direction in ("positive", "exact")
                            and result.achievement is not None and result.achievement >= threshold)
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


def _score_same_text(result: IndicatorResult, ruleset: Ruleset) -> None:
    """Identical target and actual wording means the target was met: full marks."""
    why = "实际完成值与目标值表述相同，视为完成"
    result.problem = result.problem_kind = None
    result.met = True
    result.direction_reason += f"；{why}"
    weight = result.weight.value
    if weight is None:
        return
    result.formula_text = f"{why} → 满分 {fmt_printed(weight)}"
    _finish(result, ruleset, weight)


def _range(target: Reading) -> tuple[Decimal, Decimal, str | None] | None:
    """A target printed as a range ("90%-95%", "3-5个"): its bounds and unit, else None."""
    if target.kind != "ambiguous" or not (target.remark or "").startswith("为区间") \
            or len(target.candidates) != 2:
        return None
    (low, unit), (high, other) = target.candidates
    return (low, high, unit) if unit == other and low <= high else None


def _score_range(result: IndicatorResult, ruleset: Ruleset) -> None:
    """A range target is met by an actual inside it (full marks).  Outside it no ruleset formula says
    which bound to score against, so the indicator stays unverifiable with that reason."""
    bounds, actual = _range(result.target), result.actual
    if bounds is None or actual.kind != "number" or actual.comparator is not None:
        return
    low, high, unit = bounds
    if actual.unit != unit:
        return
    shown_range = f"{fmt_printed(low)}{unit or ''}–{fmt_printed(high)}{unit or ''}"
    value = f"{fmt_printed(actual.number)}{unit or ''}"
    if not low <= actual.number <= high:
        result.problem = (f"目标为区间 {shown_range}，实际 {value} 在区间外："
                          "规则集未规定区间目标按哪一端计分，无法复算")
        return
    why = f"实际 {value} 在目标区间 {shown_range} 内，视为完成"
    result.problem = result.problem_kind = None
    result.met = True
    result.direction_reason = f"目标值为区间 {shown_range}；{why}"
    weight = result.weight.value
    if weight is None:
        return
    result.formula_text = f"{why} → 满分 {fmt_printed(weight)}"
    _finish(result, ruleset, weight)


def _unverifiable(result: IndicatorResult, reason: str, kind: str) -> None:
    result.problem = reason
    result.problem_kind = kind
    result.score = None
    result.exact_score = None


def _finish(result: IndicatorResult, ruleset: Ruleset, exact: Decimal) -> None:
    weight = result.weight.value
    if exact > weight:
        exact = weight
    elif exact < 0:
        exact = _ZERO
    result.exact_score = exact
    result.score = _round(ruleset, exact)


_ZERO = Decimal(0)


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
    low_fraction, high_fraction = ruleset.bands[completion]
    low, high = low_fraction * weight, high_fraction * weight
    result.band = (low, high)
    reported = result.indicator.reported_score
    exact = high if reported is None else max(low, min(reported, high))
    result.shown_formula = ShownBand(COMPLETION_NAMES[completion], (low_fraction, high_fraction), weight, low, high)
    result.formula_origin = ruleset.origin("qualitative", "bands", completion)
    result.exact_score = exact
    result.score = _round(ruleset, exact)


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
        # "已按时完成", "均如期完成": a listed word inside the text; the missed words first, so
        # "未按时完成" and "延期完成" are not read as met.
        if any(w in actual.words for w in ("部分", "基本")):
            return None, f"实际“{actual.words}”只是部分按期：时限指标只分按期与未按期，无法判定"
        for words, met, meaning in ((ruleset.deadline_missed_words, False, "未按期完成"),
                                    (ruleset.deadline_met_words, True, "已按期完成")):
            word = next((w for w in sorted(words, key=len, reverse=True) if w in actual.words), None)
            if word is not None:
                return met, f"实际“{actual.words}”含“{word}”，表示{meaning}"
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
    if actual.kind == "words" and actual.words in _NOTHING_HAPPENED and target.kind == "number" \
            and target.number == 0:
        actual = result.actual = dataclasses.replace(
            actual, kind="number", number=Decimal(0), unit=target.unit, words=None,
            remark=f"“{actual.words}”对目标 0 读作 0")
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
        exact = value_of(formula, names)
    except FormulaError as exc:
        _unverifiable(result, f"公式 formulas.{key} 无法计算：{exc}", "formula")
        return
    result.shown_formula = ShownFormula(DIRECTION_NAMES[result.direction], formula, names, exact)
    _finish(result, ruleset, exact)


# ---------------------------------------------------------------- form

def score_form(form: Form, ruleset: Ruleset) -> Scored:
    budget = score_budget(form, ruleset)
    blocks = blocks_of(form, ruleset)
    form_groups = groups(form, ruleset, blocks)
    weights, spread_note = resolve(form, ruleset, form_groups)
    # the group a finding is filed under: the indicator's goal when the form has it, else its block
    goal_labels = {goal.id: f"目标{goal.id}" for goal in form.goals if goal.id is not None}
    results = [score_indicator(ind, weights[ind.index], goal_labels.get(ind.goal) or blocks[ind.index][0], form,
                               ruleset, blocks[ind.index])
               for ind in form.indicators]
    scored = Scored(form, ruleset, budget, results, spread_note, None, groups=form_groups)
    score_totals(scored)
    return scored
