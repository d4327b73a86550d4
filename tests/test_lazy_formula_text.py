"""An indicator's formula text is written only when read (JSON, explain, a finding): the words must be
exactly those scoring used to write at once, whether read in this process, after a trip through
pickle (a --jobs result), or with the fast paths off."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from scorer.engine import evaluate_form
from scorer.fastpath import disabled
from scorer.forms.load import load_form
from scorer.numbers import fmt, fmt_plain, fmt_printed
from scorer.report.names import COMPLETION_NAMES
from scorer.rules.formula import evaluate_shown
from scorer.rules.ruleset import RulesetLoader
from scorer.scoring.results import ShownBand

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
