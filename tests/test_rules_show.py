"""`perfscore rules show`: the effective ruleset after a two-level `extends`, each value with its origin."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from scorer.rules.ruleset import RulesetLoader
from clirun import run

GOOD = Path(__file__).resolve().parent / "data" / "rulesets" / "good"
CITY = os.path.relpath(GOOD / "city.yaml")
PROVINCE = os.path.relpath(GOOD / "province.yaml")




def line_of(out: str, start: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(start))


def test_two_level_extends_marks_each_value_with_its_file_and_line():
    code, out, err = run("rules", "show", CITY)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == (f"# 规则集 test-city 的实际生效内容（继承链：rules/central-2020.yaml → "
                                   f"{PROVINCE} → {CITY}）")
    assert line_of(out, "id: test-city").endswith(f"# {CITY}:3")                          # the leaf
    assert line_of(out, "jurisdiction: 测试省测试市").endswith(f"# {CITY}:5")            # overrides province
    assert line_of(out, "  weight: 15").endswith(f"# {PROVINCE}:10")                      # the middle
    formula = line_of(out, "  formula: weight * min(executed / planned, 1)")
    assert formula.endswith("# rules/central-2020.yaml:27")
    assert line_of(out, "  over_achievement: 150").endswith(f"# {CITY}:7")
    assert line_of(out, "  missing_weights: [deduce]").endswith("# rules/central-2020.yaml:32")
    assert line_of(out, "  budget.weight: 测试省评分办法第一条").endswith(f"# {PROVINCE}:8")
    assert line_of(out, "grades:").endswith(f"# {CITY}:8")
    assert "  - {grade: 优秀, min: 85}" in out and "{grade: 优, min: 90}" not in out    # lists replace
    block = out.index("  产出指标:")
    assert out[block:].splitlines()[1].endswith(f"# {PROVINCE}:14")                      # merged key by key
    assert f"# 未合并的变更（--year 2024 可查看）：2024 年起：tolerance（{CITY} changes[0]）" in out
    assert "# tests：3 个用例" in out
    assert "extends" not in out.split("\n", 2)[2]


def test_output_is_yaml_that_reads_back_as_the_effective_ruleset():
    _, out, _ = run("rules", "show", CITY)
    ruleset = RulesetLoader().load(CITY)
    expected = {k: v for k, v in ruleset.data.items() if k not in ("tests", "changes")}
    assert yaml.safe_load(out) == yaml.safe_load(yaml.safe_dump(_plain(expected), allow_unicode=True))


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return float(value) if type(value).__name__ == "Decimal" else value


def test_year_merges_changes_and_points_at_them():
    code, out, _ = run("rules", "show", CITY, "--year", "2024")
    assert code == 0
    assert line_of(out, "tolerance: 0.05").endswith(f"# {CITY}:15")
    assert f"# 已按预算年度 2024 合并变更：2024 年起：tolerance（{CITY} changes[0]）" in out


def test_builtin_by_id():
    code, out, _ = run("rules", "show", "wuhan-2019")
    assert code == 0
    assert "继承链：rules/central-2020.yaml → rules/wuhan-2023.yaml → rules/wuhan-2019.yaml" in out
    assert line_of(out, "  weight: 60").endswith("# rules/wuhan-2019.yaml:20")


def test_unknown_ruleset_is_one_line_and_exit_2():
    code, out, err = run("rules", "show", "nowhere-2020")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "未知的规则集 “nowhere-2020”" in err
