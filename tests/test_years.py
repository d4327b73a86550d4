"""Fiscal years: `--jurisdiction` picks a built-in ruleset by the form's year and says so; `changes`
merge values that take effect from a year on; a named ruleset that does not cover the year is noted."""

from __future__ import annotations

import json
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from scorer.errors import InputError
from scorer.rules.pick import pick_by_jurisdiction
from scorer.rules.ruleset import RulesetLoader
from clirun import run

CITY = str(Path(__file__).resolve().parent / "data" / "rulesets" / "good" / "city.yaml")

FORM = """\
ruleset: {ruleset}
form: project
project: {{name: 年度测试, year: {year}}}
budget: {{planned: 100, executed: 80, reported_score: 16}}
indicators:
  - {{level1: 产出指标, name: 培训班次, target: "≥5", actual: "5", weight: 80, reported_score: 80}}
"""




def form(tmp_path, year, ruleset="wuhan-2023", name="form.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(FORM.format(ruleset=ruleset, year=year)), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("year, picked", [(2019, "wuhan-2019"), (2022, "wuhan-2019"), (2023, "wuhan-2023"),
                                          (2030, "wuhan-2023")])
def test_jurisdiction_picks_by_year(year, picked):
    ruleset, note = pick_by_jurisdiction(RulesetLoader(), "湖北省武汉市", year, "f.yaml")
    assert ruleset.id == picked
    assert note.startswith(f"按地区“湖北省武汉市”与预算年度 {year} 选用规则集 {picked}")


def test_evaluate_with_jurisdiction_says_which_it_picked(tmp_path):
    old, new = form(tmp_path, 2020, name="a.yaml"), form(tmp_path, 2023, name="b.yaml")
    code, out, err = run("evaluate", old, new, "--jurisdiction", "湖北省武汉市", "--fail-on", "never")
    assert (code, err) == (0, "")
    assert "按地区“湖北省武汉市”与预算年度 2020 选用规则集 wuhan-2019（适用 2019–2022 年度）" in out
    assert "按地区“湖北省武汉市”与预算年度 2023 选用规则集 wuhan-2023（适用 2023– 年度）" in out
    _, out, _ = run("evaluate", old, "--jurisdiction", "武汉市", "--format", "json", "--fail-on", "never")
    assert json.loads(out)[0]["ruleset"]["note"].startswith("按地区“湖北省武汉市”与预算年度 2020")


@pytest.mark.parametrize("jurisdiction, year, message", [
    ("湖北省武汉市", 2018,
     "“湖北省武汉市”的内置规则集都不适用于 2018 年度：wuhan-2019（2019–2022）、wuhan-2023（2023–）"),
    ("上海市", 2023, "没有地区为“上海市”的内置规则集；已有地区：中央、湖北省武汉市"),
    ("湖北省武汉市", "null", "表中未填预算年度，无法按年度选择“湖北省武汉市”的规则集"),
])
def test_jurisdiction_errors_are_one_line_exit_2(tmp_path, jurisdiction, year, message):
    path = form(tmp_path, year)
    code, _, err = run("evaluate", path, "--jurisdiction", jurisdiction)
    assert code == 2
    assert err.count("\n") == 1 and message in err and err.startswith(f"错误：{path}")


def test_ruleset_and_jurisdiction_together_is_a_usage_error(tmp_path):
    path = form(tmp_path, 2023)
    code, _, err = run("evaluate", path, "--ruleset", "wuhan-2023", "--jurisdiction", "湖北省武汉市")
    assert code == 2 and "--ruleset 与 --jurisdiction 只能用其一" in err


def test_a_named_ruleset_outside_its_years_is_noted(tmp_path):
    code, out, _ = run("evaluate", form(tmp_path, 2019), "--fail-on", "never")
    assert code == 0
    assert ("注意：规则集 wuhan-2023 适用于 2023– 年度，本表为 2019 年度；"
            "可用 --jurisdiction 湖北省武汉市 按年度自动选择") in out


def test_changes_apply_from_their_year(tmp_path):
    loader = RulesetLoader()
    assert loader.load(CITY).tolerance == Decimal("0.01")
    assert loader.load(CITY, None, 2023).tolerance == Decimal("0.01")
    later = loader.load(CITY, None, 2024)
    assert later.tolerance == Decimal("0.05")
    assert later.origin("tolerance") == f"{CITY}:15"
    assert [c.describe() for c in later.applied_changes()] == [f"2024 年起：tolerance（{CITY} changes[0]）"]


def test_evaluate_applies_changes_by_the_forms_year_and_says_so(tmp_path):
    path = form(tmp_path, 2024, ruleset=CITY)
    code, out, _ = run("evaluate", path, "--fail-on", "never")
    assert code == 0
    assert f"按预算年度 2024 合并规则集变更：2024 年起：tolerance（{CITY} changes[0]）" in out
    code, out, _ = run("explain", path)
    assert f"已合并变更：2024 年起：tolerance（{CITY} changes[0]）" in out


def test_a_child_still_overrides_what_its_parent_changed(tmp_path):
    (tmp_path / "parent.yaml").write_text(
        "id: parent\nextends: central-2020\n"
        "changes:\n  - from: 2024\n    set: {tolerance: 0.05, rounding: {places: 1}}\n",
        encoding="utf-8")
    child = tmp_path / "child.yaml"
    child.write_text("id: child\nextends: parent.yaml\ntolerance: 0.02\n", encoding="utf-8")
    ruleset = RulesetLoader().load(str(tmp_path / "child.yaml"), None, 2025)
    assert ruleset.tolerance == Decimal("0.02") and ruleset.places == 1


def test_missing_year_with_changes_is_noted(tmp_path):
    path = form(tmp_path, "null", ruleset=CITY)
    _, out, _ = run("evaluate", path, "--fail-on", "never")
    assert "注意：表中未填预算年度（project.year），规则集中按年度的变更（changes）均未合并" in out


def test_jurisdiction_needs_no_ruleset_in_the_form(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text(FORM.format(ruleset="wuhan-2023", year=2021).replace("ruleset: wuhan-2023\n", ""),
                    encoding="utf-8")
    code, out, _ = run("evaluate", str(path), "--jurisdiction", "湖北省武汉市", "--fail-on", "never")
    assert code == 0 and "选用规则集 wuhan-2019" in out
    with pytest.raises(InputError):
        pick_by_jurisdiction(RulesetLoader(), "湖北", 1999, "f.yaml")
