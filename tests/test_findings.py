"""Every finding code on a constructed form: the code, the path, and the numbers in the message."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
import yaml

from scorer.codes import CODES

# A clean central-2020 form: budget 10 × 80/100 = 8; 产出 50 + 效益 30 + 满意度 10; total 98.
BASE = {
    "form": "project",
    "project": {"name": "测试项目", "year": 2024},
    "budget": {"planned": 100, "executed": 80, "weight": 10, "reported_rate": "80%", "reported_score": 8},
    "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "培训班次", "target": "≥5", "actual": "5",
         "weight": 50, "reported_score": 50},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "能力提升", "target": "有效", "actual": "达到预期",
         "weight": 30, "reported_score": 30},
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "满意度", "target": "≥90%",
         "actual": "95%", "weight": 10, "reported_score": 10},
    ],
    "reported_total": 98,
    "reported_grade": "优",
}

# A Wuhan project form: budget 20, one goal of 80 points, scores printed without weights.
WUHAN = {
    "form": "project",
    "project": {"name": "武汉测试项目", "year": 2023},
    "budget": {"planned": 100, "executed": 100, "weight": 20, "reported_rate": "100%", "reported_score": 20},
    "goals": [{"id": 1, "text": "目标", "weight": 80}],
    "indicators": [
        {"goal": 1, "level1": "产出指标", "name": "班次", "target": "≥4", "actual": "4", "reported_score": 40},
        {"goal": 1, "level1": "效益指标", "name": "成效", "target": "深入推进", "actual": "达到预期",
         "reported_score": 40},
    ],
    "reported_total": 100,
}

TESTED: set[str] = set()


def make(base=BASE, **changes) -> str:
    """The base form with dotted-path changes, e.g. make(**{"indicators.0.actual": "2"})."""
    data = copy.deepcopy(base)
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        node = data
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        if last.isdigit():
            node[int(last)] = value
        elif value is _DELETE:
            del node[last]
        else:
            node[last] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


_DELETE = object()


def codes(ev) -> set[tuple[str, str]]:
    return {(f.code, f.path) for f in ev.findings}


def only(ev, code):
    TESTED.add(code)
    found = [f for f in ev.findings if f.code == code]
    assert found, f"{code} not emitted; got {codes(ev)}"
    return found[0]


def test_base_form_is_clean(evaluate):
    ev = evaluate(make())
    assert ev.findings == []
    assert ev.scored.total == Decimal("98.00")
    assert ev.scored.grade == "优"


# ------------------------------------------------------------------ budget

def test_b01_planned_zero(evaluate):
    ev = evaluate(make(**{"budget.planned": 0}))
    f = only(ev, "B01")
    assert f.path == "budget.planned" and "为 0" in f.message
    assert ev.scored.total is None


def test_b01_planned_missing(evaluate):
    f = only(evaluate(make(**{"budget.planned": None})), "B01")
    assert "未列示" in f.message


def test_b02_rate(evaluate):
    f = only(evaluate(make(**{"budget.reported_rate": "81%"})), "B02")
    assert f.path == "budget.reported_rate"
    assert "80 ÷ 100 = 80.0000%，表列 81%" in f.message


def test_b02_rate_within_half_unit_agrees(evaluate):
    # half a unit of the last printed digit: "80.0%" covers 79.95–80.05, "80.04%" only 80.035–80.045
    assert codes(evaluate(make(**{"budget.reported_rate": "80.0%"}))) == set()
    assert codes(evaluate(make(**{"budget.planned": 99.95, "budget.reported_rate": "80%",
                                  "budget.reported_score": 8.0}))) == set()
    assert ("B02", "budget.reported_rate") in codes(evaluate(make(**{"budget.reported_rate": "80.04%"})))


def test_b03_budget_score(evaluate):
    ev = evaluate(make(**{"budget.reported_score": 9, "reported_total": 99}))
    f = only(ev, "B03")
    assert f.message == "预算执行：10 × min(80 ÷ 100, 1) = 8.00，自评 9，高估 1.00"
    assert f.expected == Decimal(8) and f.reported == Decimal(9)


def test_b04_budget_weight(evaluate):
    f = only(evaluate(make(**{"budget.weight": 20})), "B04")
    assert "表列预算执行分值 20，规则集 central-2020 规定 10" in f.message


def test_b05_over_execution(evaluate):
    ev = evaluate(make(**{"budget.executed": 120, "budget.reported_rate": "120%", "budget.reported_score": 10,
                          "reported_total": 100}))
    f = only(ev, "B05")
    assert f.severity == "warning" and "执行率 120.00%" in f.message
    assert ev.scored.budget.score == Decimal("10.00")


# ------------------------------------------------------------------ indicators

def test_i01_inflated_with_formula_and_numbers(evaluate):
    ev = evaluate(make(**{"indicators.0.actual": "2", "indicators.0.note": "受疫情影响"}))
    f = only(ev, "I01")
    assert f.path == "indicators[0].reported_score"
    assert f.message == "正向指标：2 ≥ 5 不成立 → 50 × 2 ÷ 5 = 20.00，自评 50，高估 30.00"
    assert f.expected == Decimal(20) and f.reported == Decimal(50)


def test_i02_deflated(evaluate):
    ev = evaluate(make(**{"indicators.0.reported_score": 40, "reported_total": 88}))
    f = only(ev, "I02")
    assert "低估 10.00" in f.message


def test_i03_qualitative_out_of_band(evaluate):
    ev = evaluate(make(**{"indicators.1.actual": "部分完成", "indicators.1.note": "部分推进"}))
    f = only(ev, "I03")
    assert f.path == "indicators[1].reported_score"
    assert "部分达成档 50%–80% × 30 = 15.00–24.00" in f.message
    assert f.expected == "15.00–24.00"


def test_i03_inside_band_is_accepted(evaluate):
    ev = evaluate(make(**{"indicators.1.actual": "部分完成", "indicators.1.reported_score": 20,
                          "indicators.1.note": "部分推进", "reported_total": 88, "reported_grade": "良"}))
    assert codes(ev) == set()
    assert ev.scored.indicators[1].score == Decimal("20.00")


def test_i04_above_weight(evaluate):
    ev = evaluate(make(**{"indicators.2.reported_score": 12, "reported_total": 100}))
    f = only(ev, "I04")
    assert f.path == "indicators[2].reported_score" and "超过分值 10" in f.message


def test_i05_unmet_without_note(evaluate):
    ev = evaluate(make(**{"indicators.0.actual": "4", "indicators.0.reported_score": 40, "reported_total": 88}))
    f = only(ev, "I05")
    assert f.path == "indicators[0].note" and f.severity == "warning"
    assert "计算得分 40.00 < 分值 50" in f.message
    ev = evaluate(make(**{"indicators.0.actual": "4", "indicators.0.reported_score": 40, "reported_total": 88,
                          "reported_grade": "良", "indicators.0.note": "场地改造，延期一期"}))
    assert codes(ev) == set()


def test_i06_unverifiable_without_weight(evaluate):
    # 40 < the block's 50, so the weight cannot be deduced from the score
    ev = evaluate(make(**{"indicators.0.weight": None, "indicators.0.reported_score": 40, "reported_total": 88,
                          "reported_grade": "良"}))
    f = only(ev, "I06")
    assert f.path == "indicators[0].weight" and f.severity == "info"
    assert "分值未列示" in f.message


def test_i06_unverifiable_ambiguous_actual(evaluate):
    ev = evaluate(make(**{"indicators.0.target": "≥500", "indicators.0.actual": "设招录计划538个，招录526人"}))
    f = only(ev, "I06")
    assert f.path == "indicators[0].actual"
    assert ev.scored.indicators[0].score is None


def test_i06_weight_deduced_when_the_block_is_scored_in_full(evaluate):
    ev = evaluate(make(**{"indicators.0.weight": None}))
    assert codes(ev) == set()
    assert ev.scored.indicators[0].weight.source == "deduced"


def test_ambiguous_actual_resolved_by_the_target_unit(evaluate):
    ev = evaluate(make(**{"indicators.0.target": "≥500人", "indicators.0.actual": "设招录计划538个，招录526人"}))
    r = ev.scored.indicators[0]
    assert r.score == Decimal("50.00") and "526" in r.pair_remark


def test_i07_unit_mismatch(evaluate):
    ev = evaluate(make(**{"indicators.0.target": "≤10万元/个", "indicators.0.actual": "415万元"}))
    f = only(ev, "I07")
    assert f.path == "indicators[0].actual" and "单位" in f.message
    assert ev.scored.indicators[0].score is None


def test_i08_over_achievement(evaluate):
    ev = evaluate(make(**{"indicators.0.actual": "10"}))
    f = only(ev, "I08")
    assert "200.00%" in f.message and f.severity == "info"
    ev = evaluate(make(**{"indicators.0.actual": "10", "indicators.0.note": "上级追加任务"}))
    assert codes(ev) == set()


# ------------------------------------------------------------------ weights

def test_w01_block_weights(evaluate):
    ev = evaluate(make(**{"indicators.0.weight": 45, "indicators.0.reported_score": 45, "reported_total": 93}))
    f = only(ev, "W01")
    assert f.group == "产出指标" and "45 = 45，规则集规定 50" in f.message
    assert ("W03", "indicators") in codes(ev)


def test_w01_missing_required_block(evaluate):
    ev = evaluate(make(**{"indicators.1.level1": "满意度指标"}))
    assert ("W01", "indicators") in codes(ev)


def test_w02_goal_weights(evaluate):
    form = make(WUHAN, **{"indicators.0.weight": 40, "indicators.1.weight": 35, "indicators.1.reported_score": 35,
                          "reported_total": 95})
    ev = evaluate(form, "wuhan-2023")
    f = only(ev, "W02")
    assert f.path == "goals[0].weight" and "40 + 35 = 75，目标分值 80" in f.message


def test_w03_total_points(evaluate):
    ev = evaluate(make(WUHAN, **{"goals.0.weight": 70}), "wuhan-2023")
    f = only(ev, "W03")
    assert "20 + 70 = 90，应为 100" in f.message


def test_w04_scores_above_group_weight(evaluate):
    ev = evaluate(make(WUHAN, **{"indicators.0.reported_score": 45, "reported_total": 105}), "wuhan-2023")
    f = only(ev, "W04")
    assert f.path == "goals[0].weight" and "45 + 40 = 85 > 分值 80" in f.message


def test_w05_spread_weights(evaluate):
    ev = evaluate(make(WUHAN, **{"indicators.0.reported_score": None, "indicators.1.reported_score": None,
                                 "goals.0.weight": None, "reported_total": None}), "wuhan-2023")
    f = only(ev, "W05")
    assert "80 分 ÷ 2 个指标" in f.message
    assert [r.weight.value for r in ev.scored.indicators] == [Decimal(40), Decimal(40)]
    assert ev.scored.total == Decimal("100.00")


def test_deduced_weights_expose_an_inflated_score(evaluate):
    """Goal scores sum to the goal weight, so weights = scores; 2 of ≥4 then cannot score full."""
    ev = evaluate(make(WUHAN, **{"indicators.0.actual": "2", "indicators.0.note": "延期"}), "wuhan-2023")
    f = only(ev, "I01")
    assert "40 × 2 ÷ 4 = 20.00，自评 40，高估 20.00" in f.message


# ------------------------------------------------------------------ totals

def test_t01_sum_of_parts(evaluate):
    f = only(evaluate(make(**{"reported_total": 99})), "T01")
    assert f.message == "各项得分合计 8 + 90 = 98，表列总分 99"


def test_t02_and_t04_computed_total_and_grade(evaluate):
    ev = evaluate(make(**{"indicators.0.actual": "2", "indicators.0.note": "延期"}))
    t02 = only(ev, "T02")
    assert t02.message == "复算总分 68.00，表列 98，高估 30.00"
    t04 = only(ev, "T04")
    assert "复算总分 68.00 对应等次“中”" in t04.message and t04.path == "reported_grade"


def test_t03_grade_of_reported_total(evaluate):
    f = only(evaluate(make(**{"reported_grade": "良"})), "T03")
    assert "表列总分 98 对应等次“优”，表列“良”" in f.message


WUHAN_2019 = {
    "form": "project",
    "project": {"name": "2019 测试", "year": 2019},
    "budget": {"planned": 100, "executed": 100, "weight": 20, "reported_rate": "100%", "reported_score": 20},
    "goals": [{"id": 1, "text": "总目标", "weight": 20, "reported_score": None}],
    "indicators_total": {"weight": 60, "reported_score": 55},
    "indicators": [
        {"level1": "产出指标", "name": "甲", "target": "3人", "actual": "3人", "reported_score": 30},
        {"level1": "产出指标", "name": "乙", "target": "5人", "actual": "3人", "reported_score": 25,
         "note": "年底在岗 3 人"},
    ],
    "reported_total": 93,
    "reported_grade": "优",
}


def test_t05_goal_score_not_printed(evaluate):
    ev = evaluate(make(WUHAN_2019), "wuhan-2019")
    f = only(ev, "T05")
    assert "年度总目标得分未列示" in f.message and "93 − 20 − 55 = 18" in f.message
    assert ev.scored.total is None


def test_t06_indicator_subtotal(evaluate):
    ev = evaluate(make(WUHAN_2019, **{"indicators_total.reported_score": 54}), "wuhan-2019")
    f = only(ev, "T06")
    assert "各指标自评得分合计 55，表列绩效指标自评分 54" in f.message


# ------------------------------------------------------------------ formulas and severities

DIVIDING = """
id: dividing
extends: central-2020
formulas:
  positive: weight * actual / (actual - target)
"""


def test_r01_formula_division_by_zero_is_a_finding(evaluate):
    ev = evaluate(make(), DIVIDING)
    f = only(ev, "R01")
    assert f.path == "indicators[0].reported_score" and "除数为 0" in f.message
    assert ev.scored.indicators[0].score is None


SEVERITIES = """
id: strict
extends: central-2020
findings:
  B02: warning
  I08: off
"""


def test_ruleset_changes_severity_and_switches_codes_off(evaluate):
    ev = evaluate(make(**{"budget.reported_rate": "81%", "indicators.0.actual": "10"}), SEVERITIES)
    assert [(f.code, f.severity) for f in ev.findings] == [("B02", "warning")]


# ------------------------------------------------------------------ money by source (issue: forms as printed)

def test_b06_source_rows_do_not_add_up(evaluate):
    # A: 80 + 30 = 110 ≠ 100 (each part may hide ±0.5, total ±0.5: 1.5 < 10); B: 60 + 20 = 80 = 80
    ev = evaluate(make(**{"budget.sources": [
        {"label": "当年财政拨款", "planned": 80, "executed": 60},
        {"label": "上年结转资金", "planned": 30, "executed": 20}]}))
    f = only(ev, "B06")
    assert f.path == "budget.planned" and f.expected == Decimal(100) and f.reported == Decimal(110)
    assert f.message == "资金来源各行全年预算数合计 80 + 30 = 110，不等于总额行的 100"
    assert [x.code for x in ev.findings] == ["B06"]


def test_b06_blank_rows_only_judge_more_than_the_total(evaluate):
    rows = [{"label": "当年财政拨款", "planned": 70}, {"label": "其他资金"}]
    assert codes(evaluate(make(**{"budget.sources": rows}))) == set()
    rows = [{"label": "当年财政拨款", "planned": 120}, {"label": "其他资金"}]
    f = only(evaluate(make(**{"budget.sources": rows})), "B06")
    assert "已超过总额行的 100" in f.message


def test_b07_source_row_score_without_weight_or_above_the_budget_weight(evaluate):
    row = {"label": "当年财政拨款", "planned": 100, "executed": 80, "reported_score": 8}
    f = only(evaluate(make(**{"budget.sources": [row]})), "B07")
    assert f.path == "budget.sources[0].reported_score"
    assert f.message == "“当年财政拨款”行列示得分 8，但未列示分值"
    row = {"label": "当年财政拨款", "planned": 100, "executed": 80, "weight": 20, "reported_score": 12}
    f = only(evaluate(make(**{"budget.sources": [row]})), "B07")
    assert f.message == "“当年财政拨款”行得分 12 超过预算执行分值 10"


def test_source_row_rate_and_score_follow_the_total_rows_rules(evaluate):
    # 80 ÷ 100 = 80%, printed 85% → B02 "应为 80%"; 10 × min(0.8, 1) = 8.00, printed 9 → B03 高估 1.00
    row = {"label": "当年财政拨款", "planned": 100, "executed": 80, "reported_rate": "85%", "weight": 10,
           "reported_score": 9}
    ev = evaluate(make(**{"budget.sources": [row]}))
    assert codes(ev) == {("B02", "budget.sources[0].reported_rate"), ("B03", "budget.sources[0].reported_score")}
    b02 = only(ev, "B02")
    assert b02.message == "“当年财政拨款”执行率：80 ÷ 100 = 80.0000%，表列 85%，应为 80%"
    assert only(ev, "B03").message == "“当年财政拨款”：10 × min(80 ÷ 100, 1) = 8.00，自评 9，高估 1.00"


def test_b08_blank_executed_still_checks_everything_else(evaluate):
    ev = evaluate(make(**{"budget.executed": None, "indicators.0.actual": "2"}))
    f = only(ev, "B08")
    assert f.path == "budget.executed" and f.severity == "info" and "全年执行数 B 未列示" in f.message
    # the indicators are still scored: 50 × 2 ÷ 5 = 20, printed 50
    assert ("I01", "indicators[0].reported_score") in codes(ev)
    assert ("T05", "reported_total") in codes(ev)


def test_t07_total_above_the_highest_reachable(evaluate):
    # 90.4 ÷ 100 → 10 × 0.904 = 9.04; + the other 90 points = 99.04 < 100 printed; indicator 0 unreadable
    ev = evaluate(make(**{"budget.executed": 90.4, "budget.reported_rate": "90.4%", "budget.reported_score": 9.04,
                          "indicators.0.actual": "见附件", "reported_total": 100}))
    f = only(ev, "T07")
    assert f.path == "reported_total" and f.expected == Decimal("99.04") and f.reported == Decimal(100)
    assert "表列总分 100 超过本表可达的最高分：预算执行 10 × min(90.4 ÷ 100, 1) = 9.04" in f.message
    assert "= 99.04" in f.message


RISKY = """
id: risky
extends: central-2020
risk: {score_vs_execution: 5}
"""


def test_s01_s02_score_rate_above_execution_rate(evaluate):
    # indicators 90 ÷ 90 = 100%, execution 80 ÷ 100 = 80%: (100 − 80) ÷ 100 = 20% > 5%; all full, money unspent
    ev = evaluate(make(), RISKY)
    s01, s02 = only(ev, "S01"), only(ev, "S02")
    assert s01.severity == "warning" and s01.message == (
        "指标得分率 90 ÷ 90 = 100.00%，预算执行率 80.00%，高出的部分占指标得分率的 20.00%（超过 5%）")
    assert s02.message == "全部 3 个指标均自评满分，而预算执行率仅 80.00%（资金未用完）：请复核"
    assert [f.code for f in ev.findings] == ["S01", "S02"]
    # 96% executed: 100 − 96 = 4 ≤ 5 → no S01; still all full with 4% unspent → S02
    ev = evaluate(make(**{"budget.executed": 96, "budget.reported_rate": "96%", "budget.reported_score": 9.6,
                          "reported_total": 99.6}), RISKY)
    assert [f.code for f in ev.findings] == ["S02"]
    # without risk.score_vs_execution (central-2020 itself) neither is raised
    assert codes(evaluate(make())) == set()


def test_s01_is_the_provincial_relative_gap_not_percentage_points(evaluate):
    """Indicators 72 ÷ 90 = 80%, execution 75%: 5 points apart, but (80 − 75) ÷ 80 = 6.25% > 5%: S01."""
    def form(executed):
        return make(**{"indicators.0.actual": "3.2", "indicators.0.reported_score": 32, "budget.executed": executed,
                       "budget.reported_rate": f"{executed}%", "budget.reported_score": executed / 10,
                       "reported_total": 72 + executed / 10, "reported_grade": "中"})
    ev = evaluate(form(75), RISKY)
    s01 = only(ev, "S01")
    assert s01.message == "指标得分率 72 ÷ 90 = 80.00%，预算执行率 75.00%，高出的部分占指标得分率的 6.25%（超过 5%）"
    assert (s01.reported, s01.expected) == (Decimal("80.00"), Decimal("75.00"))
    # 76% executed: (80 − 76) ÷ 80 = 5%, not above 5%; the form is otherwise the same and consistent
    close = evaluate(form(76), RISKY)
    assert ("S01", "indicators") in codes(ev) and codes(close) == codes(ev) - {("S01", "indicators")}


YELLOW = """
id: yellow
extends: central-2020
risk: {unexecuted_above: 20}
"""


def test_s03_more_than_a_fifth_of_the_budget_unexecuted(evaluate):
    # 75 of 100 executed: 25% unexecuted > 20%; 80 executed: 20%, not above
    form = make(**{"budget.executed": 75, "budget.reported_rate": "75%", "budget.reported_score": 7.5,
                   "reported_total": 97.5})
    s03 = only(evaluate(form, YELLOW), "S03")
    assert (s03.severity, s03.path, s03.expected) == ("warning", "budget.executed", Decimal("25.00"))
    assert s03.message == "预算执行率 75.00%，未执行 25.00%（超过 20%）：请说明未执行的原因"
    assert codes(evaluate(make(), YELLOW)) == set()
    assert ("S03", "budget.executed") not in codes(evaluate(form))       # off unless the ruleset sets it


def test_findings_carry_the_input_position(evaluate):
    ev = evaluate(make(**{"indicators.0.actual": "2"}))
    f = only(ev, "I01")
    text = make(**{"indicators.0.actual": "2"}).splitlines()
    assert f.location.file == "form.yaml" and f.location.path == "indicators[0].reported_score"
    assert text[f.location.line - 1].strip().startswith("reported_score: 50")
    assert f.location.column == text[f.location.line - 1].index("reported_score") + 1


def test_every_code_has_a_test():
    # Runs last in this module (pytest keeps file order): every code was asserted above.
    assert set(CODES) <= TESTED, sorted(set(CODES) - TESTED)


@pytest.mark.parametrize("reported, computed, ok", [
    ("15.5", "15.49", True), ("9.9", "9.997", False), ("99.95", "99.914", False), ("20", "19.94", True),
])
def test_agreement_rule_from_the_issue(reported, computed, ok):
    from scorer.numbers import agrees
    assert agrees(Decimal(reported), Decimal(computed), Decimal("0.01")) is ok
