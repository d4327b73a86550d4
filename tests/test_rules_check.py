"""`perfscore rules check`: one bad-ruleset fixture per kind of error, each with its message and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorer.rules.check import Problem, Unreadable, check_file
from scorer.rules.ruleset import builtin_ids
from clirun import run

ROOT = Path(__file__).resolve().parent.parent
BAD = Path(__file__).resolve().parent / "data" / "rulesets" / "bad"
GOOD = Path(__file__).resolve().parent / "data" / "rulesets" / "good"




# (fixture, file the problem is in — None: the fixture itself, line, column or None, level, message fragment)
CASES = [
    ("yaml-syntax", None, 4, 11, "error", "YAML 语法错误：花括号映射 “{ }” 没有正确结束"),
    ("unknown-key", None, 4, 3, "error", "budget.wieght: 未知的键 “wieght”，是否想写 “weight”？"),
    ("wrong-type", None, 3, 1, "error", "total: 类型错误：应为数字，实际为文本 '一百分'"),
    ("bad-enum", None, 4, 3, "error", "取值 'forward' 无效，应为以下之一：positive、negative、exact"),
    ("missing-id", None, 2, 1, "error", "缺少必填的键 “id”"),
    ("bad-id", None, 1, 1, "error", "格式不对：'武汉 2024'；应为规则集标识：英文字母、数字"),
    ("not-a-mapping", None, 1, 1, "error", "规则集文件应是键值表（mapping），以 id: 开头"),
    ("duplicate-key", None, 5, 1, "error", "键 “total” 重复：第 3 行已定义过"),
    ("extends-unknown-id", None, 2, 1, "error", "未知的规则集 “hubei-2099”；内置规则集：central-2020"),
    ("extends-missing-file", None, 3, 1, "error", "extends 指向的文件不存在：../no-such-parent.yaml"),
    ("extends-cycle-a", "extends-cycle-b", 3, 1, "error",
     "extends 形成循环："),
    ("missing-required", None, 4, 3, "error",
     "缺少 budget.formula（继承链中没有任何文件给出）；"
     "请写出，例如 budget: {formula: weight * min(executed / planned, 1)}"),
    ("formula-syntax", None, 4, 3, "error", "公式错误：公式语法错误（第 10 个字符附近）；请检查括号是否成对"),
    ("formula-unknown-name", None, 4, 3, "error",
     "未知名称 “wieght”；可用名称：weight, target, actual（是否想写 “weight”？）"),
    ("formula-attribute", None, 4, 3, "error", "公式中不允许使用 属性访问（.）"),
    ("formula-wrong-kind-name", None, 4, 3, "error",
     "formulas.deadline: 公式错误：未知名称 “target”；可用名称：weight, met"),
    ("formula-no-weight", None, 4, 3, "warning", "公式中没有用到 weight（分值）"),
    ("formula-not-full-marks", None, 4, 3, "warning",
     "恰好完成目标时（实际值 = 目标值）此公式得 8 分，而不是满分 10"),
    ("band-gap", None, 5, 16, "error", "档位之间有空缺：部分达成档上限 79% 与达成预期档下限 80% 之间"),
    ("band-overlap", None, 5, 16, "error",
     "档位重叠：部分达成档 [50, 80] 与达成预期档 [70, 100] 在 70%–80% 重叠；"
     "应令达成预期档下限等于 80，或部分达成档上限等于 70"),
    ("band-reversed", None, 5, 5, "error",
     "部分达成档的下限 80% 大于上限 50%；应写成 [下限, 上限]，即 [50, 80]"),
    ("band-over-100", None, 5, 5, "error", "达成预期档的上限 120% 超过 100%"),
    ("band-order", None, 5, 5, "error", "档位顺序不对"),
    ("band-not-from-zero", None, 5, 14, "error", "最低档（未达成档）的下限应为 0，现为 10%"),
    ("grades-unordered", None, 6, 16, "error",
     "等次应按最低分从高到低排列：“良”（min 80）排在“中”（min 60）之后"),
    ("grades-duplicate", None, 6, 6, "error", "等次“良”重复（grades[1] 已有）"),
    ("grade-above-total", None, 4, 16, "error", "等次“优”的最低分 105 超过总分 100"),
    ("grade-last-not-zero", None, 6, 17, "warning", "最后一个等次“合格”的最低分为 60"),
    ("word-in-two-lists", None, 6, 15, "error", "“达到预期” 同时出现在达成预期词表和部分达成词表中"),
    ("deadline-words-overlap", None, 4, 27, "error",
     "“按时” 同时出现在按期完成词表（deadline.met_words）和未按期完成词表（deadline.missed_words）中"),
    ("weights-total", None, 4, 3, "error",
     "分值合计不等于总分：预算执行 budget.weight 20 + 绩效指标 indicators.weight 90 = 110，而 total 为 100；"
     "应使合计等于 100，例如把 indicators.weight 改为 80"),
    ("block-weights", None, 4, 10, "error",
     "一级指标分值合计不等于绩效指标分值：产出指标 50 + 效益指标 30 + 满意度指标 10 + 成本指标 20 = 110"),
    ("goals-scored-no-weight", None, 4, 3, "error", "没有给出 goals.weight；请写出其分值"),
    ("unknown-finding-code", None, 5, 3, "error", "findings.I99: 未知的发现代码 “I99”"),
    ("bad-severity", None, 4, 3, "error",
     "取值 'fatal' 无效，应为以下之一：error、warning、info、off、false"),
    ("years-reversed", None, 4, 3, "error", "适用年度起止颠倒：from 2024 晚于 to 2021；应 from ≤ to"),
    ("over-achievement", None, 4, 3, "error", "indicators.over_achievement: 数值 90 过小：应不小于 100"),
    ("citation-unknown-key", None, 4, 3, "warning",
     "citations 的键 “formulas.postive” 不对应任何规则键（是否想写 “formulas.positive”？）"),
    ("changes-unordered", None, 7, 5, "error", "changes 应按 from 从小到大排列：2023 排在 2025 之后"),
    ("changes-never-apply", None, 5, 5, "warning", "自 2024 年起的变更永远不会生效：规则集只适用到 2022 年"),
    ("changes-break-weights", None, 7, 16, "error", "分值合计不等于总分：预算执行 budget.weight 20"),
    ("changes-bad-key", None, 6, 7, "error", "changes[0].set.id: 未知的键 “id”"),
    ("test-bad-expect", None, 9, 7, "error", "tests[0].expect.budget: 未知的键 “budget”"),
    ("test-duplicate-name", None, 7, 5, "error", "用例名称“预算执行”重复（tests[0] 已使用）"),
    ("test-unknown-code", None, 7, 18, "error", "未知的发现代码 “B50”（是否想写 “B08”？）"),
    ("test-indicator-out-of-range", None, 11, 9, "error", "指标序号 1 超出范围：本用例的表只有 1 个指标"),
]


def test_there_is_a_fixture_per_kind_of_error():
    assert len(CASES) >= 25
    fixtures = {path.stem for path in BAD.glob("*.yaml")}
    assert {case[0] for case in CASES} | {"extends-cycle-b"} == fixtures


@pytest.mark.parametrize("name, in_file, line, column, level, fragment", CASES, ids=[c[0] for c in CASES])
def test_bad_ruleset_fixture(name, in_file, line, column, level, fragment):
    path = BAD / f"{name}.yaml"
    problems = check_file(str(path))
    matching = [p for p in problems if fragment in str(p)]
    assert matching, "\n".join(map(str, problems))
    problem = matching[0]
    assert problem.file == str(BAD / f"{in_file or name}.yaml")
    assert (problem.line, problem.level) == (line, level), str(problem)
    if column is not None:
        assert problem.column == column, str(problem)
    assert str(problem).startswith(f"{problem.file}:{line}:")


def test_every_semantic_problem_is_reported_not_only_the_first(tmp_path):
    path = tmp_path / "many.yaml"
    path.write_text(
        "id: many\n"                                          # 1
        "extends: central-2020\n"                             # 2
        "years: {from: 2025, to: 2020}\n"                     # 3
        "budget: {weight: 20}\n"                              # 4
        "formulas:\n"                                         # 5
        "  positive: weight * actual / targte\n"              # 6
        "qualitative:\n"                                      # 7
        "  bands: {partial: [40, 70]}\n"                      # 8
        "grades: [{grade: 优, min: 90}, {grade: 良, min: 95}, {grade: 差, min: 0}]\n"  # 9
        "findings: {Z01: off}\n",                             # 10
        encoding="utf-8")
    problems = check_file(str(path))
    lines = sorted(p.line for p in problems)
    assert lines == [3, 4, 6, 8, 8, 9, 10], "\n".join(map(str, problems))
    assert all(p.level == "error" for p in problems)


def test_problem_prints_like_yamllint():
    problem = Problem("r.yaml", 3, 5, "budget.weight", "分值有误", "warning")
    assert str(problem) == "r.yaml:3:5: [警告] budget.weight: 分值有误"


@pytest.mark.parametrize("ref", builtin_ids())
def test_builtin_rulesets_are_clean(ref):
    assert check_file(ref) == []


def test_docs_example_and_good_fixtures_are_clean():
    for path in [ROOT / "docs" / "examples" / "shili-2024.yaml", *GOOD.glob("*.yaml")]:
        assert check_file(str(path)) == [], path


def test_unreadable_file_is_not_a_problem_but_an_error():
    with pytest.raises(Unreadable):
        check_file(str(BAD / "no-such-file.yaml"))
    with pytest.raises(Unreadable):
        check_file("no-such-builtin")


# ---------------------------------------------------------------- the command

def test_cli_clean_exit_0():
    code, out, err = run("rules", "check", "central-2020", str(GOOD / "city.yaml"))
    assert (code, err) == (0, "")
    assert out == "检查了 2 个规则集文件：没有发现问题\n"


def test_cli_problems_exit_1_with_one_line_each():
    bad = str(BAD / "band-gap.yaml")
    code, out, err = run("rules", "check", bad, "wuhan-2023")
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[0].startswith(f"{bad}:5:16: [错误] qualitative.bands.achieved[0]: 档位之间有空缺")
    assert lines[-1] == "检查了 2 个规则集文件：1 个错误，0 个警告"


def test_cli_warnings_exit_0_unless_strict():
    path = str(BAD / "formula-no-weight.yaml")
    code, out, _ = run("rules", "check", path)
    assert code == 0 and "[警告]" in out and "0 个错误，1 个警告" in out
    assert run("rules", "check", "--strict", path)[0] == 1


def test_cli_unreadable_exit_2_and_the_rest_still_checked():
    code, out, err = run("rules", "check", "missing.yaml", str(BAD / "band-gap.yaml"))
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("错误：missing.yaml: 文件不存在")
    assert "档位之间有空缺" in out
    assert "Traceback" not in out + err


def test_cli_a_shared_parent_problem_is_reported_once():
    a, b = str(BAD / "extends-cycle-a.yaml"), str(BAD / "extends-cycle-b.yaml")
    code, out, _ = run("rules", "check", a, b)
    assert code == 1
    assert out.count("extends 形成循环") == 2     # one per place the cycle closes, not per file checked
    assert out.count(f"{b}:3:1:") == 1
    assert f"extends 形成循环：{a} → {b} → {a}；继承不能绕回自身，请删去其中一处 extends" in out
