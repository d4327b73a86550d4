"""`perfscore rules test`: the cases a ruleset carries — passing, failing (readable diff + the
command that reproduces it), and coverage of every formula, band and grade of the built-ins."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from scorer.rules.ruleset import builtin_ids
from scorer.rules.testcases import UnknownCase, run_tests
from clirun import run

ROOT = Path(__file__).resolve().parent.parent
GOOD = Path(__file__).resolve().parent / "data" / "rulesets" / "good"
EXAMPLE = ROOT / "docs" / "examples" / "shili-2024.yaml"




def write(tmp_path, text, name="r.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("ref", builtin_ids())
def test_builtin_rulesets_pass_their_own_tests_and_cover_every_rule(ref):
    result = run_tests(ref)
    assert result.cases and not result.failed, [(c.name, c.differences, c.error) for c in result.failed]
    assert result.uncovered == []
    assert {"budget.formula", "formulas.positive", "formulas.negative", "formulas.exact", "formulas.deadline",
            "qualitative.bands.achieved", "qualitative.bands.partial", "qualitative.bands.missed",
            "grades.优", "grades.良", "grades.中", "grades.差"} <= result.covered


@pytest.mark.parametrize("ref", builtin_ids())
def test_builtin_tests_include_a_zero_target(ref):
    cases = run_tests(ref).cases
    assert any(r.direction == "exact" and r.target.number == 0
               for c in cases for r in c.evaluation.scored.indicators)


def test_cli_builtins_green():
    code, out, err = run("rules", "test", *builtin_ids())
    assert (code, err) == (0, "")
    assert out.count("覆盖：全部公式、档位与等次都有用例") == len(builtin_ids())
    assert "✗" not in out


def test_docs_example_passes():
    code, out, _ = run("rules", "test", str(EXAMPLE))
    assert code == 0 and "12 个通过，0 个失败" in out


FAILING = """\
id: failing
extends: central-2020
tests:
  - name: 正向指标按比例
    form:
      budget: {planned: 100, executed: 100}
      indicators:
        - {level1: 产出指标, name: 培训班次, target: "≥5期", actual: "2期", weight: 50, reported_score: 50}
    expect:
      budget_score: 10
      grade: 优
      indicators: {0: {score: 25, status: ok}}
      findings: [{code: I01, path: "indicators[0].reported_score"}, I04]
  - name: 通过的用例
    form:
      budget: {planned: 100, executed: 80}
      indicators: []
    expect: {budget_score: 8}
"""


def test_failure_is_a_readable_difference_and_a_command(tmp_path):
    path = write(tmp_path, FAILING)
    code, out, err = run("rules", "test", path)
    assert (code, err) == (1, "")
    assert f"✗ 正向指标按比例（{path}:4）" in out
    assert "indicators.0.score   期望 25；实际 20" in out
    assert "indicators.0.status  期望 ok；实际 inflated" in out
    assert "grade                期望 优；实际 差" in out
    assert "findings             期望 有 I04；实际 没有" in out
    assert "findings             期望 没有；实际 有 I05 @ indicators[0].note" in out
    assert "期望 有 I01" not in out                                    # matched, so not a difference
    assert "budget_score" not in out                                   # equal, so not shown
    assert f'复现：perfscore rules test {path} --case "正向指标按比例" --explain' in out
    assert "✓ 通过的用例" in out
    assert "结果：1 个通过，1 个失败" in out


def test_reproduce_command_runs_just_that_case_with_its_trace(tmp_path):
    path = write(tmp_path, FAILING)
    code, out, _ = run("rules", "test", path, "--case", "正向指标按比例", "--explain")
    assert code == 1
    assert "1 个用例" in out and "通过的用例" not in out
    assert "计算：正向指标：2 ≥ 5 不成立 → 50 × 2 ÷ 5 = 20.00" in out
    assert run("rules", "test", path, "--case", "通过的用例")[0] == 0


def test_unknown_case_is_a_usage_error(tmp_path):
    path = write(tmp_path, FAILING)
    code, out, err = run("rules", "test", path, "--case", "没有这个")
    assert code == 2 and out == ""
    assert "没有名为“没有这个”的用例；已有用例：“正向指标按比例”、“通过的用例”" in err
    with pytest.raises(UnknownCase):
        run_tests(path, case_name="没有这个")


def test_margin_and_findings_include(tmp_path):
    path = write(tmp_path, """\
        id: margins
        extends: central-2020
        tests:
          - name: 容差内
            margin: 0.5
            form: {budget: {planned: 3, executed: 2}, indicators: []}
            expect: {budget_score: 7, budget_rate: 66.5}
          - name: 默认容差 0.01 之外
            form: {budget: {planned: 3, executed: 2}, indicators: []}
            expect: {budget_score: 6.65}
          - name: 至少有这些发现
            form:
              budget: {planned: 100, executed: 120}
              indicators:
                - {level1: 产出指标, name: 甲, target: "≥5", actual: "2", weight: 50, reported_score: 50}
            expect: {findings_include: [B05, I01]}
        """)
    result = run_tests(path)
    assert [c.passed for c in result.cases] == [True, False, True]
    differences = [(d.key, d.expected, d.actual) for d in result.cases[1].differences]
    assert differences == [("budget_score", "6.65", "6.67")]


def test_a_case_whose_form_is_broken_fails_with_its_line(tmp_path):
    path = write(tmp_path, """\
        id: broken-case
        extends: central-2020
        tests:
          - name: 执行数写成文字
            form:
              budget: {planned: 100, executed: 八十}
              indicators: []
            expect: {budget_score: 8}
        """)
    code, out, _ = run("rules", "test", path)
    assert code == 1
    assert f"用例本身有误：{path}:6:" in out and "budget.executed: 类型错误" in out


def test_a_case_with_a_year_gets_that_years_changes():
    result = run_tests(str(GOOD / "city.yaml"))
    assert [c.passed for c in result.cases] == [True, True, True]
    assert result.cases[1].evaluation.ruleset.tolerance == Decimal("0.05")
    assert result.cases[2].evaluation.ruleset.tolerance == Decimal("0.01")


def test_coverage_lists_what_no_case_exercises():
    code, out, _ = run("rules", "test", str(GOOD / "city.yaml"))
    assert code == 0
    assert "覆盖：没有用例覆盖 formulas.positive、" in out and "grades.优秀、grades.合格" in out


def test_tests_are_not_inherited(tmp_path):
    path = write(tmp_path, "id: child\nextends: wuhan-2023\n")
    code, out, _ = run("rules", "test", path)
    assert code == 0
    assert "0 个用例" in out and "没有 tests:" in out


def test_broken_ruleset_is_exit_2(tmp_path):
    path = write(tmp_path, "id: broken\nextends: central-2020\nbudget: {wieght: 1}\n")
    code, out, err = run("rules", "test", path, "central-2020")
    assert code == 2
    assert err.startswith(f"错误：{path}:3:") and "未知的键 “wieght”" in err
    assert "rules/central-2020.yaml：20 个用例" in out
