"""The rule author's safety net: what `rules check` catches and how formulas are bounded."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from clirun import run
from scorer.errors import InputError
from scorer.rules.check import check_file
from scorer.rules.ruleset import RulesetLoader

ROOT = Path(__file__).resolve().parent.parent

FORM = """\
    ruleset: r.yaml
    form: project
    project: {name: 测试, year: 2023}
    budget: {planned: 100, executed: 50, reported_score: 5}
    indicators: []
"""


@pytest.mark.parametrize("formula, expected", [
    ("weight * rate - 96", Decimal(0)),          # 10 × 0.5 − 96 = −91 → 0
    ("weight * 1.8", Decimal(10)),               # 18 of 10 → 10
])
def test_budget_formula_result_is_clamped_to_zero_and_weight(evaluate, formula, expected):
    ruleset = f"""\
        id: r
        extends: central-2020
        budget: {{weight: 10, formula: "{formula}"}}
    """
    evaluation = evaluate(FORM, ruleset)
    assert evaluation.scored.budget.score == expected
    assert evaluation.scored.total >= 0
    assert "限于 0 至分值 10 之间" in evaluation.scored.budget.formula_text


# ---------------------------------------------------------------- helpers

def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


STANDALONE = """\
    id: alone
    total: 100
    budget: {weight: 10, formula: "weight * min(executed / planned, 1)"}
    indicators: {weight: 90}
    formulas:
      positive: weight if actual >= target else weight * actual / target
      negative: weight if actual <= target else weight * target / actual
      exact: weight if actual == target else (0 if target == 0 else weight * min(actual / target, 1))
      deadline: weight if met else 0
    qualitative:
      bands: {achieved: [80, 100], partial: [50, 80], missed: [0, 50]}
    grades: [{grade: 优, min: 90}, {grade: 良, min: 80}, {grade: 中, min: 60}, {grade: 差, min: 0}]
"""


# ---------------------------------------------------------------- word lists have no defaults

def test_a_standalone_ruleset_without_word_lists_fails_check_and_does_not_score(tmp_path):
    path = _write(tmp_path, "alone.yaml", STANDALONE)
    problems = check_file(path)
    errors = {p.path for p in problems if p.level == "error"}
    assert {"qualitative.words.achieved", "qualitative.words.missed", "deadline.target_words",
            "deadline.met_words"} <= errors
    assert all("没有默认值" in p.message for p in problems if p.path.startswith(("qualitative.words", "deadline")))
    code, out, _ = run("rules", "check", path)
    assert code == 1 and "没有 qualitative.words.achieved 词表" in out
    with pytest.raises(InputError, match="词表"):
        RulesetLoader().load(path)                     # the same judge: compiling refuses it too


def test_word_lists_inherited_through_extends_are_enough(tmp_path):
    path = _write(tmp_path, "child.yaml", "id: child\nextends: central-2020\n")
    assert check_file(path) == []


def test_docs_say_which_keys_have_defaults():
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert "### 哪些键有默认值" in text
    section = text.split("### 哪些键有默认值", 1)[1].split("\n#", 1)[0]
    for key in ("tolerance", "rounding", "directions.default", "qualitative.words", "deadline.met_words",
                "total", "grades"):
        assert f"`{key}`" in section, key


# ---------------------------------------------------------------- formula probes

@pytest.mark.parametrize("formula, label, level", [
    ("weight * actual / target", "目标值 0、实际值 0", "error"),                   # divides by a target of 0
    ("weight if actual <= target else max(0, weight * (1 - (actual - target) / target))",
     "目标值 0、实际值 5", "error"),                                                # the docs' old linear 反向
    ("weight if actual >= target else weight * actual / target - 20", "目标值 5、实际值 0", "warning"),
    ("weight if actual == target else weight * actual / target", "实际值远高于目标", "warning"),  # 10000 of 10
])
def test_formulas_are_probed_at_the_edges(tmp_path, formula, label, level):
    path = _write(tmp_path, "r.yaml", f"id: r\nextends: central-2020\nformulas:\n  positive: \"{formula}\"\n")
    problems = [p for p in check_file(path) if p.path == "formulas.positive"]
    assert any(label in p.message and p.level == level for p in problems), "\n".join(map(str, problems))
    if level == "error":
        assert any("除数为 0" in p.message for p in problems)
    else:
        assert any("超出 0 至分值 10 的范围" in p.message for p in problems)


def test_budget_formula_probed_at_weight_zero_and_far_above_budget(tmp_path):
    path = _write(tmp_path, "r.yaml", "id: r\nextends: central-2020\nbudget:\n  formula: weight * rate\n")
    problems = [p for p in check_file(path) if p.path == "budget.formula"]
    assert any("远超预算" in p.message and "公式得 100 分" in p.message for p in problems)


def test_docs_linear_negative_formula_no_longer_divides_by_a_zero_target():
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert "max(0, weight * (1 - (actual - target) / target))" in text
    assert "actual <= target else max(0" not in text
    assert check_file(str(ROOT / "docs" / "examples" / "shili-2024.yaml")) == []


# ---------------------------------------------------------------- common slips

@pytest.mark.parametrize("text, hint", [
    ("formulas:\n  positive: weight × actual ÷ target\n", "请用 * 和 /"),
    ("formulas:\n  positive: weight * min（actual / target, 1）\n", "括号请用半角"),
    ("budget:\n  weight：10\n  formula: weight * rate\n", "全角 “：”"),
    ("budget: {weight：10}\n", "全角 “：”"),
    ("total：100\n", "全角 “：”"),
    ("total: 1,200\n", "千位分隔符"),
    ("budget: {weight: 1,200}\n", "千位分隔符"),
    ("budget: {weight: 10, formula: weight * min(executed / planned, 1)}\n", "必须加引号"),
])
def test_common_slips_get_a_hint(tmp_path, text, hint):
    path = _write(tmp_path, "r.yaml", "id: r\nextends: central-2020\n" + text)
    problems = check_file(path)
    assert any(hint in p.message for p in problems), "\n".join(map(str, problems))
    with pytest.raises(InputError) as info:                 # evaluate's loader gives the same hint
        RulesetLoader().load(path)
    assert hint in str(info.value)


def test_formula_comma_hint_names_quoting_or_own_line(tmp_path):
    path = _write(tmp_path, "r.yaml", "id: r\nextends: central-2020\n"
                                      "budget: {weight: 10, formula: weight * min(executed / planned, 1)}\n")
    (problem,) = check_file(path)
    assert problem.path == "budget.1)" and problem.line == 3
    assert "加引号" in problem.message and "单独一行" in problem.message


# ---------------------------------------------------------------- one judge

def test_two_grades_at_the_same_minimum_are_refused_by_compile_and_check_alike(tmp_path):
    path = _write(tmp_path, "r.yaml", """\
        id: r
        extends: central-2020
        grades:
          - {grade: 优, min: 90}
          - {grade: 良, min: 90}
          - {grade: 差, min: 0}
        """)
    problems = check_file(path)
    assert [(p.line, p.path, p.level) for p in problems] == [(5, "grades[1].min", "error")]
    assert "永远不会被评定" in problems[0].message
    with pytest.raises(InputError) as info:
        RulesetLoader().load(path)
    assert (info.value.line, info.value.path) == (5, "grades[1].min")


@pytest.mark.parametrize("text", [
    "findings: {Z99: off}\n",                                               # unknown code
    "qualitative:\n  bands: {achieved: [80, 120]}\n",                       # band above 100%
    "qualitative:\n  bands: {partial: [40, 80]}\n",                         # overlapping bands
    "budget: {weight: 15}\n",                                               # weights do not add up
    "years: {from: 2025, to: 2020}\n",                                      # years reversed
])
def test_every_error_of_rules_check_is_an_error_when_compiling(tmp_path, text):
    """Each of these was accepted for scoring while `rules check` called it an error."""
    path = _write(tmp_path, "r.yaml", "id: r\nextends: central-2020\n" + text)
    errors = [p for p in check_file(path) if p.level == "error"]
    assert errors
    with pytest.raises(InputError) as info:
        RulesetLoader().load(path)
    assert (info.value.line, info.value.path, info.value.message) == \
        (errors[0].line, errors[0].path, errors[0].message)


def test_compile_and_check_run_the_same_registry():
    from scorer.rules.checks import CHECKS
    names = [name for name, _ in CHECKS]
    assert names[:2] == ["required", "word-lists"]
    assert {"formulas", "weights", "bands", "words", "grades", "years", "findings", "citations",
            "changes", "tests"} <= set(names)
