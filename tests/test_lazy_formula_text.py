"""An indicator's formula text is written only when read (JSON, explain, a finding): the words must be
exactly those scoring used to write at once, whether read in this process, after a trip through
pickle (a --jobs result), or with the fast paths off."""

from __future__ import annotations

import pickle
from decimal import Decimal
from pathlib import Path

import pytest

from scorer.engine import evaluate_form
from scorer.fastpath import disabled
from scorer.forms.load import load_form
from scorer.numbers import fmt, fmt_plain, fmt_printed
from scorer.report.names import COMPLETION_NAMES
from scorer.rules.formula import compile_formula, evaluate_shown
from scorer.rules.ruleset import RulesetLoader
from scorer.scoring.results import ShownBand, ShownBudgetFormula

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))


def _evaluated(path: Path):
    form = load_form(path)
    ruleset = RulesetLoader().load(form.ruleset, path.parent, form.project.year)
    return evaluate_form(form, ruleset)


def _eager_text(result, ruleset) -> str:
    """The words as scoring wrote them before they were deferred."""
    shown = result.shown_formula
    if isinstance(shown, ShownBand):
        low_pct, high_pct = (fmt_plain(f * 100) for f in ruleset.bands[result.completion])
        return (f"定性指标：{COMPLETION_NAMES[result.completion]}档 {low_pct}%–{high_pct}% × "
                f"{fmt_printed(result.weight.value)} = {fmt(result.band[0])}–{fmt(result.band[1])}")
    exact, text = evaluate_shown(shown.formula, shown.names)
    weight = shown.names["weight"]
    capped = "" if exact <= weight else f"，不超过分值 {fmt_printed(weight)}"
    return f"{shown.label}指标：{text} = {fmt(exact)}{capped}"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_deferred_text_is_the_eager_text(path):
    scored = _evaluated(path).scored
    deferred = [r for r in scored.indicators if r.shown_formula is not None]
    for result in deferred:
        assert result._formula_text is None or result.comparison is not None
        assert result.formula_text == _eager_text(result, scored.ruleset)
        assert result.formula_text is result.formula_text          # written once, then kept


def test_rows_that_agree_are_not_written_out_while_scoring():
    """Laziness is the point: a batch scored for the table or the audit never builds these words."""
    evaluation = _evaluated(ROOT / "samples" / "002-proj-zuzhi-shiwu.yaml")
    agreeing = [r for r in evaluation.scored.indicators
                if r.shown_formula is not None and (r.comparison is None or r.comparison.agrees)]
    assert agreeing
    assert all(r._formula_text is None for r in agreeing)


def test_pickled_results_carry_the_words_not_the_formula():
    evaluation = _evaluated(ROOT / "samples" / "002-proj-zuzhi-shiwu.yaml")
    result = next(r for r in evaluation.scored.indicators if r.shown_formula is not None)
    expected = _eager_text(result, evaluation.scored.ruleset)
    fresh = _evaluated(ROOT / "samples" / "002-proj-zuzhi-shiwu.yaml")
    unread = next(r for r in fresh.scored.indicators if r.indicator.index == result.indicator.index)
    assert unread._formula_text is None
    copy = pickle.loads(pickle.dumps(unread))
    assert copy.shown_formula is None
    assert copy.formula_text == expected
    assert unread.shown_formula is not None                        # the original is left as it was


def test_the_words_are_the_same_with_fast_paths_off():
    fast = [r.formula_text for s in SAMPLES for r in _evaluated(s).scored.indicators]
    with disabled():
        slow = [r.formula_text for s in SAMPLES for r in _evaluated(s).scored.indicators]
    assert fast == slow
    assert sum(t is not None for t in fast) > 50


def _eager_budget_text(shown) -> str:
    exact, text = evaluate_shown(shown.formula, shown.names)
    weight = shown.names["weight"]
    bound = "" if shown.clamped == exact else f"，限于 0 至分值 {fmt_printed(weight)} 之间，计 {fmt(shown.clamped)}"
    return f"{text} = {fmt(exact)}{bound}"


SOURCE_ROWS = """\
ruleset: wuhan-2023
form: project
project: {name: 来源分列计分, year: 2023}
budget:
  weight: 10
  planned: 100
  executed: 80
  reported_rate: 80%
  reported_score: 8
  sources:
    - {label: 当年财政拨款, planned: 80, executed: 60, reported_rate: 75%, weight: 10, reported_score: 7.5}
    - {label: 上年结转资金, planned: 20, executed: 20, weight: 10, reported_score: 10}
indicators:
  - {level1: 产出指标, level2: 数量指标, name: 场次, target: "≥4场", actual: "4场", weight: 90, reported_score: 90}
reported_total: 98
"""


def test_budget_words_are_the_eager_words_on_total_and_source_rows(tmp_path):
    extra = tmp_path / "sources.yaml"
    extra.write_text(SOURCE_ROWS, encoding="utf-8")
    budgets = sources = 0
    for path in [*SAMPLES, extra]:
        budget = _evaluated(path).scored.budget
        for row in [budget, *budget.sources]:
            if row.shown_formula is None:
                continue
            expected = _eager_budget_text(row.shown_formula)
            copy = pickle.loads(pickle.dumps(row))
            assert copy.shown_formula is None and copy.formula_text == expected
            assert row.formula_text == expected
            budgets += row is budget
            sources += row is not budget
    assert budgets >= 10 and sources == 2


def test_a_budget_score_clamped_to_its_weight_says_so():
    formula = compile_formula("weight * rate", "budget")
    names = {"weight": Decimal(20), "planned": Decimal(100), "executed": Decimal(200), "rate": Decimal(2)}
    shown = ShownBudgetFormula(formula, names, Decimal(40), Decimal(20))
    assert shown.text() == _eager_budget_text(shown) == "20 × 2 = 40.00，限于 0 至分值 20 之间，计 20.00"
