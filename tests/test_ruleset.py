"""Rulesets: `extends`, what overrides what, where each value came from, and ruleset errors."""

from __future__ import annotations

import textwrap
from decimal import Decimal

import pytest

from scorer.errors import InputError
from scorer.rules.ruleset import RulesetLoader, builtin_ids


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


def test_builtins_load_and_cite_their_sources():
    loader = RulesetLoader()
    assert builtin_ids() == ["central-2020", "wuhan-2019", "wuhan-2023"]
    central, wuhan, w2019 = (loader.load(i) for i in ("central-2020", "wuhan-2023", "wuhan-2019"))
    assert (central.budget_weight, wuhan.budget_weight, w2019.budget_weight) == (10, 20, 20)
    assert (central.indicators_weight, wuhan.indicators_weight, w2019.indicators_weight) == (90, 80, 60)
    assert w2019.goals_scored and w2019.goals_weight == 20
    assert central.blocks["产出指标"].weight == 50 and wuhan.blocks["产出指标"].weight is None
    assert central.blocks["成本指标"].direction == "negative"
    assert [g.grade for g in central.grades] == ["优", "良", "中", "差"]
    for rs in (central, wuhan, w2019):
        assert rs.sources and rs.title
    assert w2019.files == ("rules/central-2020.yaml", "rules/wuhan-2023.yaml", "rules/wuhan-2019.yaml")


def test_extends_overrides_merge_and_remember_their_origin(tmp_path):
    child = write(tmp_path, "child.yaml", """\
        id: child
        extends: wuhan-2023
        budget:
          weight: 10
        qualitative:
          words:
            achieved: [圆满完成]
        total: 90
        """)      # total 90 = 10 + 80: a ruleset whose weights do not add up is refused (one judge)
    rs = RulesetLoader().load(child)
    assert rs.budget_weight == Decimal(10)
    assert rs.budget_formula.text == "weight * min(executed / planned, 1)"     # kept from central
    assert rs.indicators_weight == 80                                          # from wuhan-2023
    assert rs.words["achieved"] == ("圆满完成",)                                # lists replace
    assert rs.words["partial"][0] == "部分完成"
    assert rs.origin("budget", "weight") == f"{child}:4"
    assert rs.origin("budget", "formula").startswith("rules/central-2020.yaml:")
    assert rs.origin("indicators", "weight").startswith("rules/wuhan-2023.yaml:")


def test_extends_a_path_relative_to_the_file(tmp_path):
    write(tmp_path, "base.yaml", "id: base\nextends: central-2020\ntotal: 105\nbudget: {weight: 15}\n")
    child = write(tmp_path, "child.yaml", "id: child\nextends: base.yaml\n")
    assert RulesetLoader().load(child).budget_weight == 15


def test_the_same_ruleset_is_loaded_once():
    loader = RulesetLoader()
    assert loader.load("wuhan-2023") is loader.load("wuhan-2023")


@pytest.mark.parametrize("files, fragment, line", [
    ({"r.yaml": "id: r\nextends: r.yaml\n"}, "extends 形成循环", None),
    ({"r.yaml": "id: r\nextends: a.yaml\n", "a.yaml": "id: a\nextends: r.yaml\n"}, "extends 形成循环", None),
    ({"r.yaml": "id: r\nextends: nowhere-2020\n"}, "未知的规则集 “nowhere-2020”", 2),
    ({"r.yaml": "id: r\nextends: missing.yaml\n"}, "extends 指向的文件不存在", 2),
    ({"r.yaml": "id: r\ntotal: 100\n"}, "缺少 budget.weight", None),
    ({"r.yaml": "id: r\nextends: central-2020\nbudget:\n  wieght: 10\n"}, "未知的键 “wieght”，是否想写 “weight”", 4),
    ({"r.yaml": "id: r\nextends: central-2020\ntolerance: 很小\n"}, "类型错误", 3),
    ({"r.yaml": "id: r\nextends: central-2020\nformulas:\n  negative: weight * (target / actual\n"},
     "公式语法错误", 4),
    ({"r.yaml": "id: r\nextends: central-2020\nformulas:\n  deadline: weight * actual\n"},
     "未知名称 “actual”", 4),
    ({"r.yaml": "id: r\nextends: central-2020\nbudget:\n  formula: weight.__class__\n"}, "属性访问", 4),
    ({"r.yaml": "id: r\nextends: central-2020\nqualitative:\n  bands:\n    partial: [80, 50]\n"},
     "部分达成档的下限 80% 大于上限 50%", 5),      # one judge: rules check's message (issue: one judge)
    ({"r.yaml": "id: r\nextends: central-2020\ngrades:\n  - {grade: 良, min: 80}\n  - {grade: 优, min: 90}\n"},
     "从高到低", 5),                             # one judge: at grades[1].min, as rules check says
])
def test_ruleset_errors_name_file_line_and_key(tmp_path, files, fragment, line):
    for name, text in files.items():
        write(tmp_path, name, text)
    with pytest.raises(InputError) as info:
        RulesetLoader().load(str(tmp_path / "r.yaml"))
    error = info.value
    assert fragment in str(error)
    if line is not None:
        assert error.line == line, str(error)
        assert str(error).startswith(f"{tmp_path / 'r.yaml'}:{line}:")
