"""`perfscore sample` commands end to end (in-process CLI)."""

from __future__ import annotations

import json

import pytest

from clirun import run


def test_plan_table_states_size_errors_and_formula():
    code, out, err = run("sample", "plan", "--confidence", "95%", "--tolerable", "0.05", "--expected", "0.01")
    assert code == 0, err
    assert "93" in out and "Beta(2, 92)" in out and "4.9994% < 可容忍 5%" in out


def test_plan_json_shape():
    code, out, _ = run("sample", "plan", "--confidence", "0.95", "--tolerable", "0.05",
                       "--likelihood", "poisson", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert (data["size"], data["allowed_errors"], data["likelihood"]) == (60, 0.0, "poisson")
    assert (data["confidence"], data["tolerable"]) == (0.95, 0.05)


def test_plan_expected_count_of_errors():
    """--expected 1 or more is a number of errors: 95%, 5%, one error → 93 as with a 1% rate."""
    code, out, _ = run("sample", "plan", "--confidence", "0.95", "--tolerable", "0.05", "--expected", "1",
                       "--format", "json")
    assert code == 0 and json.loads(out)["size"] == 93 and json.loads(out)["allowed_errors"] == 1


def test_plan_hypergeometric_uses_population():
    code, out, _ = run("sample", "plan", "--confidence", "0.9", "--tolerable", "0.08", "--expected", "0.01",
                       "--likelihood", "hypergeometric", "--population", "500", "--format", "json")
    assert code == 0 and json.loads(out)["size"] == 46


@pytest.mark.parametrize("args, words", [
    (["--confidence", "1.5", "--tolerable", "0.05"], "--confidence 应在 0 与 1 之间"),
    (["--confidence", "0.95", "--tolerable", "0"], "--tolerable 应在 0 与 1 之间"),
    (["--confidence", "abc", "--tolerable", "0.05"], "--confidence 应为数字"),
    (["--confidence", "0.95", "--tolerable", "0.05", "--expected", "0.06"], "应小于可容忍偏差率"),
    (["--confidence", "0.95", "--tolerable", "0.05", "--expected", "-1"], "不能为负数"),
    (["--confidence", "0.95", "--tolerable", "0.05", "--likelihood", "hypergeometric"], "需要 --population"),
    (["--confidence", "0.95", "--tolerable", "0.01", "--expected", "0.005", "--likelihood", "hypergeometric",
      "--population", "100"], "找不到满足条件的样本量"),
])
def test_plan_bad_parameters_one_chinese_line_exit_2(args, words):
    code, out, err = run("sample", "plan", *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("错误：") and words in err


def test_select_table_shows_money_exactly(tmp_path):
    pop = tmp_path / "p.csv"
    pop.write_text("id,amount\nA,380.10\nB,1200.00\nC,5\n", encoding="utf-8")
    code, out, err = run("sample", "select", "--population", str(pop), "--id-column", "id", "--value-column",
                         "amount", "--method", "random", "--size", "3", "--seed", "1")
    assert code == 0, err
    assert "380.10" in out and "1200.00" in out


def test_plan_size_above_the_population_is_refused():
    code, out, err = run("sample", "plan", "--confidence", "0.95", "--tolerable", "0.05", "--population", "40")
    assert code == 2 and out == "" and "所需样本量 59 超过总体数量 40" in err
