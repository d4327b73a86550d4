"""The formula sandbox: escape attempts are refused when the ruleset loads, evaluation is guarded.

Rulesets come from many bureaus, so every formula is hostile until vetted.  The corpus below gathers
the classic ways out of Python expression sandboxes, including simpleeval's own history
(danthedeckie/simpleeval #14 `True.__class__…__subclasses__()`, #15 functions' `__globals__`,
#138 generator frames `gi_frame`/`cr_frame`), str.format/f-string attribute leaks and
denial-of-service by huge powers and string multiplication.  Each must raise FormulaError with a
Chinese reason at compile time — nothing is ever evaluated.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from scorer.rules.formula import MAX_FORMULA_LENGTH, MAX_MAGNITUDE, FormulaError, compile_formula

CHINESE = re.compile("[\u4e00-\u9fff]")

ESCAPES = [
    # imports and builtins
    "__import__('os').system('echo pwned > /tmp/perfscore-pwned')",
    "__import__",
    "__builtins__",
    "__builtins__['eval']('1')",
    "__loader__", "__spec__", "__name__",
    "eval('1+1')", "exec('import os')", "compile('1', '', 'eval')", "open('/etc/passwd')",
    "getattr(weight, 'real')", "setattr(weight, 'x', 1)", "type(weight)", "globals()", "locals()", "vars()",
    "dir()", "help()", "breakpoint()", "input()", "print(1)", "id(weight)", "hash(weight)", "object()",
    "os", "sys", "self", "_", "rate", "planned",
    # attribute access in all its forms
    "weight.real",
    "weight.__class__",
    "weight.__class__.__mro__[-1].__subclasses__()",
    "().__class__.__bases__",
    "().__class__.__bases__[0].__subclasses__()",
    "True.__class__.__class__.__base__.__subclasses__()[-1].__init__.__globals__",
    "min.__globals__", "min.__self__", "abs.__self__", "abs.__self__.open('/etc/passwd')",
    "min.__code__.co_consts", "clamp.__globals__['__builtins__']",
    "min(weight, 1).__class__",
    "(1).__class__",
    "1 .__class__",
    "weight.__reduce_ex__(2)",
    # generators, coroutines, frames
    "(x for x in ()).gi_frame",
    "(x for x in ()).gi_frame.f_back.f_globals",
    "(x for x in ()).gi_code",
    "(lambda: (yield))().gi_frame",
    "(yield)", "(yield weight)", "(yield from ())",
    "await weight",
    # lambdas and comprehensions
    "lambda: 0",
    "(lambda: 0)()",
    "(lambda w=().__class__: w)()",
    "[x for x in (1, 2)]",
    "{x for x in (1, 2)}",
    "{x: 1 for x in (1, 2)}",
    "(x for x in (1, 2))",
    "min(x for x in (weight,))",
    "[weight for weight in (1,)][0]",
    # strings, bytes, formatting
    "'a' * 10**9",
    "'a' * 1000",
    "'满分'",
    "b'x'",
    "'{0.__class__}'.format(weight)",
    "'{0.__class__.__init__.__globals__}'.format(weight)",
    "'%s' % weight",
    'f"{weight}"',
    'f"{weight.__class__}"',
    'f"{weight!r}"',
    'f"{weight:{1000000000}}"',
    "''.join(['a'])",
    # huge powers and numbers
    "9**9**9",
    "9 ** (9 ** 9)",
    "2 ** (10 ** 10)",
    "weight ** 1000000",
    "weight ** 101",
    "weight ** -1000",
    "weight ** actual",
    "weight ** (1 + 1)",
    "weight ** --1",
    "pow(weight, 1000000)",
    "weight * 1e999",
    "weight * 1e308 * 1e308",
    "weight * " + "9" * 300,
    "1j * weight",
    # containers, subscripts, starred, keywords
    "[1, 2]", "(1, 2)", "{1: 2}", "{1}", "[]", "()",
    "weight[0]", "weight[::1]", "weight[:]",
    "min(*weight)", "min(*[1, 2])", "min(**{})", "min(weight, key=abs)", "max(weight, default=0)",
    # constants that are not numbers
    "None", "True", "False", "...", "weight if None else 0", "weight + True",
    # operators outside the allowlist
    "~weight", "weight << 2", "weight >> 1", "weight ^ 2", "weight | 1", "weight & 1", "weight @ weight",
    "weight is None", "weight is not 1", "weight in (1,)", "weight not in (1,)",
    # assignment and statements
    "(w := weight)", "(w := 1) * w",
    "import os", "weight = 1", "del weight", "def f(): pass", "class A: pass", "weight; 1",
    "global weight", "assert weight", "raise SystemExit", "with open('x') as f: f",
    # functions used wrongly
    "min", "abs", "clamp(weight)", "clamp(weight, 0)", "abs(weight, 1)", "abs()", "min()", "max()",
    "min(min)(1)", "abs(weight)(1)", "(abs or min)(weight)",
    # unicode lookalikes still normalise to the same forbidden names
    "＿＿import＿＿('os')",
    "ｅｖａｌ('1')",
    # syntax errors, control characters, nesting, length
    "weight *", "weight * (actual / target", ")", "weight\x00", "weight\n+\n" + "1\\",
    "(" * 240 + "weight" + ")" * 240,
    "+".join(["weight"] * 100),
    "", "   ", "\n",
]


@pytest.mark.parametrize("text", ESCAPES, ids=lambda t: repr(t[:40]))
def test_escape_attempt_is_refused_at_load(text):
    with pytest.raises(FormulaError) as info:
        compile_formula(text, "indicator")
    message = str(info.value)
    assert CHINESE.search(message), message
    assert "Traceback" not in message and "\n" not in message


@pytest.mark.parametrize("kind", ["budget", "indicator", "deadline"])
@pytest.mark.parametrize("text", ["__import__('os')", "weight.__class__", "lambda: 0", "9**9**9",
                                  "'a'*10**9", "[x for x in ()]", "(x for x in ()).gi_frame"])
def test_refused_for_every_formula_kind(text, kind):
    with pytest.raises(FormulaError):
        compile_formula(text, kind)


@pytest.mark.parametrize("kind, names", [
    ("budget", ("weight", "planned", "executed", "rate")),
    ("indicator", ("weight", "target", "actual")),
    ("deadline", ("weight", "met")),
])
def test_only_the_documented_names_of_each_kind(kind, names):
    for name in names:
        compile_formula(f"{name} * 1", kind)
    others = {"weight", "planned", "executed", "rate", "target", "actual", "met"} - set(names)
    for name in others:
        with pytest.raises(FormulaError, match="未知名称"):
            compile_formula(f"{name} * 1", kind)


def test_length_limit():
    ok = "weight + " + "1 + " * ((MAX_FORMULA_LENGTH - 20) // 4) + "0"
    assert len(ok) <= MAX_FORMULA_LENGTH
    compile_formula(ok, "indicator")
    with pytest.raises(FormulaError, match="公式过长"):
        compile_formula("weight" + " + 1" * MAX_FORMULA_LENGTH, "indicator")


GOOD = [   # weight 20, target 10, actual 4
    ("weight if actual >= target else weight * actual / target", "8"),
    ("weight if actual <= target else weight * target / actual", "20"),
    ("weight * min(actual / target, 1)", "8"),
    ("clamp(weight * actual / target, 0, weight)", "8"),
    ("abs(actual - target) * 2", "12"),
    ("max(0, weight - (target - actual) * 2)", "8"),
    ("weight * (actual / target) ** 2", "3.2"),
    ("weight * (actual / target) ** -1", "50"),
    ("weight * (actual / target) ** 0.5", None),
    ("weight if actual == target else 0", "0"),
    ("actual >= target", "0"),
    ("not actual >= target and weight > 0", "1"),
    ("weight // 3 + weight % 3", "8"),
    ("-weight + +weight", "0"),
]


@pytest.mark.parametrize("text, expected", GOOD)
def test_allowed_formulas_evaluate_exactly(text, expected):
    formula = compile_formula(text, "indicator")
    result = formula.evaluate(weight=Decimal(20), target=Decimal(10), actual=Decimal(4))
    assert isinstance(result, Decimal) and result.is_finite()
    if expected is not None:
        assert result == Decimal(expected)


def test_decimal_not_float():
    f = compile_formula("weight * actual / target", "indicator")
    assert f.evaluate(weight=Decimal("0.1"), target=Decimal(1), actual=Decimal(3)) == Decimal("0.3")
    assert compile_formula("weight * 0.1 * 3", "indicator").evaluate(
        weight=Decimal(1), target=Decimal(1), actual=Decimal(1)) == Decimal("0.3")


@pytest.mark.parametrize("text", [
    "weight / (actual - target)", "weight // (actual - target)", "weight % (actual - target)",
    "weight / 0", "weight * actual / (target - 10)", "(actual - target) ** -1", "min(weight / 0, 1)",
    "weight if actual >= target else weight / 0",
])
def test_division_by_zero_is_a_formula_error(text):
    formula = compile_formula(text, "indicator")
    with pytest.raises(FormulaError, match="除数为 0"):
        formula.evaluate(weight=Decimal(10), target=Decimal(10), actual=Decimal(10) if "else" not in text
                         else Decimal(5))


@pytest.mark.parametrize("text, names", [
    ("weight * 1e15 * 1e15", {}),
    ("weight ** 100", {"weight": Decimal("1e15")}),
    ("(weight * 1e15) ** 2", {}),
    ("weight * 10 ** 100", {}),
    ("(weight - 100) ** 0.5", {}),                # square root of a negative number
    ("weight * actual", {"actual": Decimal("NaN")}),
    ("weight if actual >= target else 0", {"actual": Decimal("NaN")}),
    ("weight * actual", {"actual": Decimal("Infinity")}),
    ("weight * actual", {"actual": Decimal("1e999999")}),
])
def test_results_are_bounded(text, names):
    values = {"weight": Decimal(10), "target": Decimal(1), "actual": Decimal(1), **names}
    with pytest.raises(FormulaError) as info:
        compile_formula(text, "indicator").evaluate(**values)
    assert CHINESE.search(str(info.value))


def test_result_bound_is_inclusive():
    f = compile_formula("weight * 1e14", "indicator")
    assert f.evaluate(weight=Decimal(10), target=Decimal(1), actual=Decimal(1)) == MAX_MAGNITUDE


def test_evaluation_does_not_leak_state_between_calls():
    f = compile_formula("weight * actual", "indicator")
    g = compile_formula("weight", "deadline")
    assert f.evaluate(weight=Decimal(2), target=Decimal(1), actual=Decimal(3)) == 6
    assert g.evaluate(weight=Decimal(5), met=True) == 5
    with pytest.raises(FormulaError):               # names of the previous call are gone
        f.evaluate(weight=Decimal(2))


def test_formula_module_keeps_no_shared_evaluator_and_no_private_call():
    """No hidden state: no module-level evaluator mutated per call, no reach into simpleeval's `_eval`."""
    import ast as _ast
    import inspect

    import scorer.rules.formula as formula_module
    tree = _ast.parse(inspect.getsource(formula_module))
    private_calls = [n for n in _ast.walk(tree) if isinstance(n, _ast.Call)
                     and isinstance(n.func, _ast.Attribute) and n.func.attr == "_eval"]
    assert private_calls == []
    assert not any(isinstance(v, formula_module.SimpleEval) for v in vars(formula_module).values())


def test_formulas_evaluated_in_threads_see_only_their_own_numbers():
    import sys
    import threading

    from scorer.rules.formula import render
    formula = compile_formula("weight if actual >= target else weight * actual / target", "indicator")
    wrong = []
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)

    def work(weight):
        names = {"weight": Decimal(weight), "target": Decimal(5), "actual": Decimal(weight % 7)}
        expected = Decimal(weight) if weight % 7 >= 5 else Decimal(weight) * Decimal(weight % 7) / 5
        for _ in range(300):
            if formula.evaluate(**names) != expected:
                wrong.append(weight)
            text = render(formula, names)
            if ("不成立" in text) != (weight % 7 < 5):
                wrong.append(("render", weight))

    try:
        threads = [threading.Thread(target=work, args=(w,)) for w in range(1, 9)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(old)
    assert wrong == []
