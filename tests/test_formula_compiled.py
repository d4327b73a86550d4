"""The compiled formula path agrees with the reference (simpleeval) path: the same value, the same
rendered text, the same failure and message — on the built-in rulesets' formulas over a grid of values
and on formulas drawn at random from everything `compile_formula` accepts."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from scorer.fastpath import disabled
from scorer.rules.formula import NAMES_BY_KIND, FormulaError, compile_formula, evaluate_shown, render

ROOT = Path(__file__).resolve().parent.parent


def _outcome(formula, names: dict):
    """(value, text) or the failure's class and message; render is asked even when evaluate fails."""
    try:
        value = ("value", formula.evaluate(**names))
    except FormulaError as exc:
        value = ("error", str(exc))
    try:
        text = ("text", render(formula, names))
    except Exception as exc:   # both paths must fail alike, whatever the failure
        text = ("raised", type(exc).__name__)
    try:
        shown_value, shown_text = evaluate_shown(formula, names)
        both = ("value", shown_value), ("text", shown_text)
    except FormulaError as exc:
        both = ("error", str(exc))
    assert both == (value, text) or (both[0] == "error" and both == value), (both, value, text)
    return value, text


def _both(formula, names: dict):
    fast = _outcome(formula, names)
    with disabled():
        slow = _outcome(formula, names)
    return fast, slow


def _value_repr(outcome):
    """Values compared digit for digit (Decimal('10') and Decimal('1E+1') are equal but not the same)."""
    (kind, value), text = outcome
    return (kind, str(value) if isinstance(value, Decimal) else value), text


def _builtin_formulas():
    found = []
    for path in sorted((ROOT / "rules").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, text in (data.get("formulas") or {}).items():
            kind = "deadline" if key == "deadline" else "indicator"
            found.append((f"{path.stem}:formulas.{key}", text, kind))
        budget = (data.get("budget") or {}).get("formula")
        if budget:
            found.append((f"{path.stem}:budget.formula", budget, "budget"))
    return found


BUILTIN = _builtin_formulas()
GRID = [Decimal(x) for x in ("0", "1", "2.5", "-3", "80", "100.00", "1E+1", "0.333333333", "1e-9")]


def test_the_builtin_rulesets_have_formulas():
    assert len(BUILTIN) >= 5          # positive, negative, exact, deadline, budget


@pytest.mark.parametrize(("where", "text", "kind"), BUILTIN, ids=[b[0] for b in BUILTIN])
def test_builtin_formulas_agree_over_a_grid(where, text, kind):
    formula = compile_formula(text, kind)
    names_list = NAMES_BY_KIND[kind]
    checked = 0
    for a in GRID:
        for b in GRID:
            for c in GRID[:5]:
                values = dict(zip(names_list, (c, a, b, a / 100 if b else b), strict=False))
                if kind == "deadline":
                    values["met"] = a > b
                fast, slow = _both(formula, values)
                assert _value_repr(fast) == _value_repr(slow), (where, values)
                checked += 1
    assert checked == len(GRID) ** 2 * 5


def test_a_missing_name_fails_with_the_reference_message():
    formula = compile_formula("weight * actual / target", "indicator")
    fast, slow = _both(formula, {"weight": Decimal(5), "actual": Decimal(1)})
    assert fast == slow
    assert fast[0][0] == "error"


def test_division_by_zero_and_huge_powers_fail_alike():
    d = Decimal
    cases = (("weight * actual / target", {"weight": d(5), "actual": d(1), "target": d(0)}),
             ("actual ** 100 + weight", {"weight": d(5), "actual": d("1e14"), "target": d(1)}),
             ("weight // (target - actual)", {"weight": d(5), "actual": d(2), "target": d(2)}),
             ("weight % target", {"weight": d(5), "actual": d(2), "target": d(0)}))
    for text, names in cases:
        formula = compile_formula(text, "indicator")
        fast, slow = _both(formula, names)
        assert fast == slow
        assert fast[0] == slow[0]
        assert fast[0][0] == "error", text


def test_evaluate_shown_is_evaluate_and_render():
    formula = compile_formula("weight if actual >= target else weight * actual / target", "indicator")
    names = {"weight": Decimal("8"), "target": Decimal("5"), "actual": Decimal("2")}
    assert evaluate_shown(formula, names) == (Decimal("3.2"), "2 ≥ 5 不成立 → 8 × 2 ÷ 5")
    with disabled():
        assert evaluate_shown(formula, names) == (Decimal("3.2"), "2 ≥ 5 不成立 → 8 × 2 ÷ 5")


# ---- random formulas over the accepted grammar

_NAMES = NAMES_BY_KIND["indicator"]
_leaf = st.one_of(st.sampled_from(_NAMES),
                  st.sampled_from(["0", "1", "2", "0.5", "100", "1.25", "3e2", "7"]))


def _extend(inner):
    binary = st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "//", "%"]), inner).map(
        lambda t: f"({t[0]} {t[1]} {t[2]})")
    power = st.tuples(inner, st.sampled_from(["2", "-1", "0", "3"])).map(lambda t: f"({t[0]}) ** {t[1]}")
    unary = st.tuples(st.sampled_from(["-", "+", "not "]), inner).map(lambda t: f"{t[0]}({t[1]})")
    compare = st.tuples(inner, st.sampled_from([">=", "<", "==", "!=", "<=", ">"]), inner,
                        st.sampled_from(["", " < 1000"])).map(lambda t: f"({t[0]} {t[1]} {t[2]}{t[3]})")
    boolean = st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})")
    ifexp = st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})")
    call = st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda xs: f"min({', '.join(xs)})"),
        st.lists(inner, min_size=1, max_size=3).map(lambda xs: f"max({', '.join(xs)})"),
        inner.map(lambda x: f"abs({x})"),
        st.tuples(inner, inner, inner).map(lambda t: f"clamp({t[0]}, {t[1]}, {t[2]})"))
    return st.one_of(binary, power, unary, compare, boolean, ifexp, call)


_formulas = st.recursive(_leaf, _extend, max_leaves=8)
_values = st.sampled_from([Decimal(x) for x in ("0", "1", "-1", "2.50", "80", "100", "1E+2", "0.001", "12.345")])


@settings(max_examples=400, deadline=None)
@given(text=_formulas, weight=_values, target=_values, actual=_values)
def test_random_formulas_agree(text, weight, target, actual):
    try:
        formula = compile_formula(text, "indicator")
    except FormulaError:
        return                      # refused at load on both paths alike: nothing runs
    names = {"weight": weight, "target": target, "actual": actual}
    fast, slow = _both(formula, names)
    assert _value_repr(fast) == _value_repr(slow)


@settings(max_examples=100, deadline=None)
@given(met=st.booleans(), weight=_values)
def test_deadline_flags_agree(met, weight):
    for text in ("weight if met else 0", "weight * met", "weight if met == 1 else weight / 2", "(not met) * weight"):
        formula = compile_formula(text, "deadline")
        fast, slow = _both(formula, {"weight": weight, "met": met})
        assert _value_repr(fast) == _value_repr(slow), text


def test_the_fast_path_is_the_compiled_code():
    """Agreement alone would also hold if the compiled path were never taken."""
    from scorer.rules import formula as module
    text = "weight * actual / target + 0.25"
    compiled = compile_formula(text, "indicator")
    key = ("indicator", text, False)
    module._GENERATED.pop(key, None)
    with disabled():
        compiled.evaluate(weight=Decimal(1), actual=Decimal(1), target=Decimal(4))
    assert key not in module._GENERATED
    assert compiled.evaluate(weight=Decimal(1), actual=Decimal(1), target=Decimal(4)) == Decimal("0.50")
    assert key in module._GENERATED


def test_evaluate_shown_is_one_generated_function_on_the_fast_path():
    from scorer.rules import formula as module
    text = "weight if actual >= target else weight * actual / target + 0.5"
    compiled = compile_formula(text, "indicator")
    key = ("indicator", text, True)
    module._GENERATED.pop(key, None)
    names = {"weight": Decimal(8), "target": Decimal(5), "actual": Decimal(2)}
    with disabled():
        slow = evaluate_shown(compiled, names)
    assert key not in module._GENERATED
    assert evaluate_shown(compiled, names) == slow == (Decimal("3.7"), "2 ≥ 5 不成立 → 8 × 2 ÷ 5 + 0.5")
    assert key in module._GENERATED


def test_a_text_valid_for_two_kinds_gets_a_function_for_each():
    """The generated function's parameters are the kind's names: keyed by text alone, a budget formula
    "weight" would have been handed the indicator's function and stepped aside on every form."""
    from scorer.rules import formula as module
    budget, indicator = compile_formula("weight", "budget"), compile_formula("weight", "indicator")
    budget_names = {"weight": Decimal(5), "planned": Decimal(1), "executed": Decimal(1), "rate": Decimal(1)}
    assert module._generated(budget, budget_names, with_text=True) == (Decimal(5), "5")
    assert module._generated(indicator, {"weight": Decimal(3), "target": Decimal(1), "actual": Decimal(1)},
                             with_text=True) == (Decimal(3), "3")
    assert module._generated(budget, budget_names, with_text=False) == Decimal(5)


@pytest.mark.parametrize(("where", "text", "kind"), BUILTIN, ids=[b[0] for b in BUILTIN])
def test_builtin_formulas_never_step_aside_on_ordinary_values(where, text, kind):
    """The compiled function answers by itself wherever the reference succeeds (a deadline's `met` is a
    bool: the compiled code once stepped aside on every one, agreeing only because simpleeval answered)."""
    from scorer.rules import formula as module
    formula = compile_formula(text, kind)
    names_list = NAMES_BY_KIND[kind]
    for weight, target, actual in ((Decimal(10), Decimal(80), Decimal(90)), (Decimal(5), Decimal(3), Decimal(1))):
        values = dict(zip(names_list, (weight, target, actual, actual / target), strict=False))
        if kind == "deadline":
            values["met"] = actual > target
        both = module._generated(formula, values, with_text=True)
        assert both is not module._FAILED, (where, values)
        assert module._generated(formula, values, with_text=False) == both[0], (where, values)
        with disabled():
            assert evaluate_shown(formula, values) == (formula.evaluate(**values), both[1])
