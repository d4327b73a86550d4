"""Forms as other districts and cities print them (Hunan city forms with money by source, Sichuan 2023 with
指标性质/度量单位 columns and a 成本 block, central 2020 project and department forms, Wuhan department forms
with goal weights, Wuhan 2019 forms without per-indicator weights), constructed in tests/data/forms/unseen/
with the expected findings worked by hand in each file's header comment.  Asserted here: the exact set of
finding codes (a false finding fails as surely as a missed one) and the key numbers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from scorer.engine import evaluate_file
from scorer.rules.ruleset import RulesetLoader

from clirun import run as run_cli

UNSEEN = Path(__file__).resolve().parent / "data" / "forms" / "unseen"
JURISDICTIONS = Path(__file__).resolve().parent / "data" / "rulesets" / "jurisdictions"

# file stem → (expected codes with their paths, budget score, recomputed total or None, printed total)
EXPECTED = {
    "u01-hunan-jiaoshi-peixun": (set(), "9.60", "97.60"),
    "u02-hunan-nongcun-gonglu": ({("S02", "indicators")}, "9.63", "99.63"),
    "u03-hunan-rate-as-fraction": ({("I02", "indicators[2].reported_score"), ("T02", "reported_total")},
                                   "9.63", "99.63"),
    "u04-sichuan-wushui-guanwang": ({("S01", "indicators")}, "8.80", "97.80"),
    "u05-sichuan-ganbu-peixun": ({("I06", "indicators[4].actual"), ("T05", "reported_total")}, "10.00", None),
    "u06-central-anquan-dudao": ({("I01", "indicators[0].reported_score"), ("I05", "indicators[0].note"),
                                  ("T02", "reported_total")}, "9.50", "95.50"),
    "u07-wuhan-dept-goals": ({("W02", "goals[2].weight")}, "19.53", "94.53"),
    "u08-wuhan2019-xiangmu": ({("I06", f"indicators[{i}].weight") for i in range(4)}
                              | {("T05", "reported_total")}, "18.60", None),
    "u09-hunan-total-above-max": ({("I06", "indicators[3].actual"), ("T07", "reported_total"),
                                   ("T05", "reported_total")}, "9.04", None),
    "u10-hunan-sources-disagree": ({("B06", "budget.executed"), ("B07", "budget.sources[1].reported_score"),
                                    ("S01", "indicators"), ("S02", "indicators")}, "9.20", "99.20"),
    "u11-central-jiance-zhandian": (set(), "9.80", "99.80"),
    "u12-hunan-no-level1": (set(), "10.00", "85.00"),
    "u13-central-dept-ranges": (set(), "9.63", "99.63"),
    "u14-sichuan-nongfang-gaizao": ({("I01", "indicators[1].reported_score"), ("I05", "indicators[1].note"),
                                     ("I03", "indicators[2].reported_score"), ("I06", "indicators[4].actual"),
                                     ("T05", "reported_total")}, "8.67", None),
    "u15-central-fanxiang": (set(), "10.00", "98.00"),
    "u16-hunan-grade-mismatch": ({("I04", "indicators[1].reported_score"), ("I01", "indicators[1].reported_score"),
                                  ("T01", "reported_total"), ("T02", "reported_total"), ("T03", "reported_grade"),
                                  ("S01", "indicators")}, "8.89", "97.89"),
    "u17-hunan-long-grade": ({("I06", "indicators[4].target")}, "9.60", "97.60"),
}


def _evaluate(stem: str):
    return evaluate_file(str(UNSEEN / f"{stem}.yaml"), RulesetLoader())


def test_every_constructed_form_is_listed():
    assert sorted(p.stem for p in UNSEEN.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_unseen_form_findings_and_numbers(stem):
    expected_codes, budget_score, total = EXPECTED[stem]
    ev = _evaluate(stem)
    assert {(f.code, f.path) for f in ev.findings} == expected_codes
    assert ev.scored.budget.score == Decimal(budget_score)
    assert ev.scored.total == (None if total is None else Decimal(total))
    for f in ev.findings:                    # every finding says what it is about, in Chinese
        assert f.message and not f.message.isascii()


def test_rate_printed_as_a_fraction_is_read_as_percent_and_said_so():
    b = _evaluate("u03-hunan-rate-as-fraction").scored.budget
    assert b.rate_check.agrees and b.rate_check.reported == Decimal("96.3")
    assert b.rate_note == "表列执行率 0.963 为小数写法，按 96.3% 核对"
    assert b.sources[0].rate_check.agrees           # "96.30" without a % sign is percent points


def test_dashes_and_thousands_separators_in_money_cells():
    ev = _evaluate("u14-sichuan-nongfang-gaizao")
    budget = ev.form.budget
    assert (budget.planned, budget.executed) == (Decimal("1800.00"), Decimal("1560.00"))
    assert [s.planned for s in budget.sources] == [Decimal("1800.00"), None, None, None]
    assert ev.form.indicators[4].reported_score is None       # 得分印“—”


def test_blank_level1_inferred_from_spaced_level2():
    ev = _evaluate("u12-hunan-no-level1")
    assert [r.block for r in ev.scored.indicators] == ["产出指标"] * 3 + ["效益指标"] * 2 + ["满意度指标"]
    negative_zero = ev.scored.indicators[3]
    assert (negative_zero.direction, negative_zero.score) == ("negative", Decimal("0.00"))


def test_range_targets_met_inside_and_unverifiable_outside(evaluate):
    ev = _evaluate("u13-central-dept-ranges")
    inside = ev.scored.indicators[2]
    assert inside.score == Decimal("15.00") and inside.met
    assert inside.formula_text == "实际 93% 在目标区间 90%–95% 内，视为完成 → 满分 15"
    form = (UNSEEN / "u13-central-dept-ranges.yaml").read_text(encoding="utf-8")
    outside = evaluate(form.replace('actual: "93%"', 'actual: "97%"'))
    (f,) = [f for f in outside.findings if f.code == "I06"]
    assert f.path == "indicators[2].target"
    assert "目标为区间 90%–95%，实际 97% 在区间外" in f.message


def test_a_target_bounded_below_and_above_is_a_range(evaluate):
    """"≥90%且≤95%" (or "不低于3个、不超过5个") is the range 90%–95%: met inside it, unverifiable outside."""
    form = (UNSEEN / "u13-central-dept-ranges.yaml").read_text(encoding="utf-8")
    inside = evaluate(form.replace('target: "90%-95%"', 'target: "≥90%且≤95%"')).scored.indicators[2]
    assert inside.score == Decimal("15.00") and inside.met
    assert inside.formula_text == "实际 93% 在目标区间 90%–95% 内，视为完成 → 满分 15"
    words = evaluate(form.replace("target: 3-5个", "target: 不低于3个、不超过5个")).scored.indicators[3]
    assert words.score == Decimal("15.00") and words.met
    reversed_bounds = form.replace('target: "90%-95%"', 'target: "≤95%并且≥90%"')
    outside = evaluate(reversed_bounds.replace('actual: "93%"', 'actual: "97%"'))
    (f,) = [f for f in outside.findings if f.code == "I06"]
    assert "目标为区间 90%–95%，实际 97% 在区间外" in f.message
    either = evaluate(form.replace('target: "90%-95%"', 'target: "≥90%或≤95%"')).scored.indicators[2]
    assert either.score is None and "含多个数字" in either.problem      # "or" bounds nothing


def test_actual_restating_the_target_words_is_achieved_unless_negated(evaluate):
    form = (UNSEEN / "u11-central-jiance-zhandian.yaml").read_text(encoding="utf-8")
    met = _evaluate("u11-central-jiance-zhandian").scored.indicators[5]
    assert (met.completion, met.band) == ("achieved", (Decimal("12.0"), Decimal("15")))
    negated = evaluate(form.replace("actual: 较上年提高2.1个百分点", "actual: 较上年未提高"))
    assert negated.scored.indicators[5].completion == "missed"
    refused = evaluate(form.replace("actual: 较上年提高2.1个百分点", "actual: 不较上年提高"))
    assert refused.scored.indicators[5].completion is None
    assert ("I06", "indicators[5].actual") in {(f.code, f.path) for f in refused.findings}


def test_nothing_printed_as_completion_is_unverifiable_with_the_reason():
    (f,) = [f for f in _evaluate("u05-sichuan-ganbu-peixun").findings if f.code == "I06"]
    assert f.message.endswith("实际完成值只印“无”：无法判断是未填写还是未完成，请核对原表")


@pytest.mark.parametrize("ruleset", sorted(p.name for p in JURISDICTIONS.glob("*.yaml")))
def test_jurisdiction_rulesets_pass_their_own_cases(ruleset):
    code, out, err = run_cli("rules", "test", str(JURISDICTIONS / ruleset))
    assert (code, err) == (0, ""), out


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_the_whole_folder_runs_in_every_format(fmt):
    code, out, err = run_cli("evaluate", "--format", fmt, "--fail-on", "never", str(UNSEEN))
    assert code == 0 and "Traceback" not in out + err and err == ""
    for stem in EXPECTED:
        assert stem in out


SMALL = """
ruleset: central-2020
form: project
project: {name: 小表, year: 2023}
budget: {planned: 100, executed: 100, weight: 10, reported_score: 10}
indicators:
  - {level1: 产出指标, name: 期数, nature: "≥", target: "三", unit: 期, actual: "二", weight: 50, reported_score: 50}
  - {level1: 效益指标, name: 事故, target: "≤0起", actual: 未发生, weight: 30, reported_score: 30}
  - {level1: 满意度指标, name: 满意度, target: "≥90%", actual: "95%", weight: 10, reported_score: 10}
"""


def test_single_chinese_numeral_takes_the_unit_column(evaluate):
    # “三” / “二” with 度量单位 “期”: 3期 and 2期 → 50 × 2 ÷ 3 = 33.33, printed 50 → I01, no note → I05
    ev = evaluate(SMALL)
    first = ev.scored.indicators[0]
    assert (first.target.number, first.actual.number, first.score) == (Decimal(3), Decimal(2), Decimal("33.33"))
    assert {(f.code, f.path) for f in ev.findings} == {("I01", "indicators[0].reported_score"),
                                                       ("I05", "indicators[0].note")}


def test_incident_count_in_words_against_a_zero_target(evaluate):
    # “≤0起” against “未发生”: 0 ≤ 0 → full marks 30; “已发生” stays unverifiable with the reason
    ev = evaluate(SMALL)
    assert ev.scored.indicators[1].score == Decimal("30.00")
    other = evaluate(SMALL.replace("actual: 未发生", "actual: 已发生"))
    (f,) = [f for f in other.findings if f.code == "I06"]
    assert f.path == "indicators[1].actual" and "“已发生”不是数值" in f.message


def test_long_grade_names_and_scores_printed_with_fen(tmp_path):
    ev = _evaluate("u17-hunan-long-grade")
    assert ev.form.reported_total == Decimal("97.6") and ev.form.budget.reported_score == Decimal("9.6")
    assert ev.scored.void_note == "第 5 项未列示分值与得分，其余指标分值已合计 90，按不计分处理"
    form = (UNSEEN / "u17-hunan-long-grade.yaml").read_text(encoding="utf-8")
    variant = tmp_path / "variant.yaml"
    variant.write_text(form.replace("../../rulesets/jurisdictions/", f"{JURISDICTIONS}/")
                       .replace("reported_grade: 优秀", "reported_grade: 良好"), encoding="utf-8")
    (t03,) = [f for f in evaluate_file(str(variant), RulesetLoader()).findings if f.code == "T03"]
    assert t03.message == "表列总分 97.6 对应等次“优”，表列“良好”" and t03.reported == "良好"


@pytest.mark.parametrize("actual, met", [("已按时完成", True), ("已如期完成", True), ("未按时完成", False),
                                         ("延期完成", False), ("部分按时完成", None), ("基本完成", None)])
def test_deadline_completion_words_inside_longer_text(evaluate, actual, met):
    form = SMALL.replace('name: 期数, nature: "≥", target: "三", unit: 期, actual: "二"',
                         f'name: 完工时间, target: 12月底前, actual: {actual}')
    result = evaluate(form).scored.indicators[0]
    assert (result.direction, result.met) == ("deadline", met)
    if met is None:
        assert result.problem.endswith("时限指标只分按期与未按期，无法判定")


@pytest.mark.parametrize("nature, direction", [("≤（反向）", "negative"), ("正向指标", "positive"),
                                               ("≥(大于等于)", "positive"), ("定性指标", "qualitative"),
                                               ("= （等于）", "exact"), ("≥（反向）", None), ("定量", None)])
def test_nature_printed_with_its_name(nature, direction):
    from scorer.scoring.score import nature_direction
    assert nature_direction(nature) == direction


BUDGET_ONLY = """
ruleset: central-2020
form: project
project: {name: 小表, year: 2023}
budget: {planned: 100, executed: 96.63, weight: 10, reported_rate: 97%, reported_score: 9.70}
indicators:
  - {level1: 产出指标, name: 是否按规定公开, target: 是, actual: 否, weight: 50, reported_score: 20, note: 未公开}
  - {level1: 效益指标, name: b, target: "≥5", actual: "5", weight: 30, reported_score: 30}
  - {level1: 满意度指标, name: c, target: "≥90%", actual: "95%", weight: 10, reported_score: 10}
"""


def test_budget_score_computed_from_the_printed_rate_agrees_and_says_so(evaluate):
    # 97% agrees with 96.63% (half a unit of “97”); 10 × 97% = 9.70 — the form's own arithmetic, not B03
    ev = evaluate(BUDGET_ONLY)
    assert not [f for f in ev.findings if f.code == "B03"]
    assert ev.scored.budget.score == Decimal("9.66")
    assert ev.scored.budget.score_note == ("自评 9.70 按表列执行率 97% 计算（10 × 97% = 9.70），"
                                           "与按 B/A 计算的 9.66 之差来自执行率的舍入，视为一致")
    # a printed rate that disagrees with B/A does not excuse the score: 98% ≠ 96.63% → B02 and B03
    wrong = evaluate(BUDGET_ONLY.replace("reported_rate: 97%, reported_score: 9.70",
                                         "reported_rate: 98%, reported_score: 9.80"))
    assert {"B02", "B03"} <= {f.code for f in wrong.findings}


def test_yes_against_no_is_missed(evaluate):
    # 目标“是”实际“否”→ 未达成档 0–25；自评 20 在档内，有说明
    result = evaluate(BUDGET_ONLY).scored.indicators[0]
    assert (result.completion, result.band) == ("missed", (Decimal(0), Decimal(25)))


COST_AS_LEVEL1 = """
ruleset: central-2020
form: project
project: {name: 小表, year: 2023}
budget: {planned: 100, executed: 100, weight: 10, reported_score: 10}
indicators:
  - {level1: 产出指标, level2: 数量指标, name: a, target: "≥5", actual: "5", weight: 30, reported_score: 30}
  - {level1: 成本指标, level2: 经济成本指标, name: b, target: "≤100万元", actual: "98万元",
     weight: 20, reported_score: 20}
  - {level1: 效益指标, level2: 社会效益指标, name: c, target: "≥5", actual: "5", weight: 30, reported_score: 30}
  - {level1: 满意度指标, level2: 服务对象满意度指标, name: d, target: "≥90%", actual: "95%",
     weight: 10, reported_score: 10}
reported_total: 100
"""


def test_cost_block_printed_as_level1_counts_within_output_under_central_2020(evaluate):
    # 财预〔2020〕10号: 成本指标 is a 二级 of 产出 (50 points); a newer template prints it as its own 一级:
    # 产出 30 + 成本 20 = 50 → no W01; 30 + 25 = 55 → W01 “产出指标：30 + 25 = 55，规则集规定 50”
    ev = evaluate(COST_AS_LEVEL1)
    assert ev.findings == []
    assert ev.scored.indicators[1].direction == "negative"        # still a 成本 row for its direction
    over = evaluate(COST_AS_LEVEL1.replace("weight: 20, reported_score: 20}", "weight: 25, reported_score: 25}"))
    (w01,) = [f for f in over.findings if f.code == "W01"]
    assert w01.message.endswith("产出指标：30 + 25 = 55，规则集规定 50")
