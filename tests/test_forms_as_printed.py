"""Forms as they are really printed: money by source, blank cells, missing or odd labels, 指标性质/度量单位
columns, identical texts, truncated and double-rounded rates, totals above their maximum, 反向 targets of 0
and numbers at the edge (百分之一千零一, 30-decimal rates, overlong cells).  Expectations worked by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scorer.forms.reading import MAX_VALUE_CHARS, read_value

from test_findings import codes, make


# ------------------------------------------------------------------ blank cells never refuse a form

@pytest.mark.parametrize("blank", [None, "absent"])
def test_blank_planned_keeps_checking_the_indicators(evaluate, blank):
    changes = {"budget.planned": None, "indicators.0.actual": "2"}
    text = make(**changes) if blank is None else make(**changes).replace("  planned: null\n", "")
    ev = evaluate(text)
    # budget: B01 (A blank); indicators: 50 × 2 ÷ 5 = 20, printed 50 → I01, unmet without note → I05
    assert {("B01", "budget.planned"), ("I01", "indicators[0].reported_score"),
            ("I05", "indicators[0].note"), ("T05", "reported_total")} <= codes(ev)
    assert ev.scored.indicators[0].score == Decimal("20.00")


def test_blank_executed_is_unverifiable_with_the_reason(evaluate):
    ev = evaluate(make(**{"budget.executed": None}))
    assert codes(ev) == {("B08", "budget.executed"), ("T05", "reported_total")}
    assert ev.scored.budget.problem == "全年执行数 B 未列示"


def test_blank_weight_and_names_are_notes_not_refusals(evaluate):
    ev = evaluate(make(**{"indicators.2.weight": None, "indicators.2.reported_score": None,
                          "indicators.2.name": None}))
    # 满意度 weight blank, not deducible (its score is blank too) → I06 naming the row by number
    (f,) = [f for f in ev.findings if f.code == "I06"]
    assert f.path == "indicators[2].weight" and f.message.startswith("第 3 项指标（名称未列示）无法核验")


# ------------------------------------------------------------------ money by source

TOTAL_ROW_BLANK = {"budget.planned": None, "budget.executed": None,
                   "budget.sources": [{"label": "当年财政拨款", "planned": 80, "executed": 60},
                                      {"label": "上年结转资金", "planned": 20, "executed": 20}]}


def test_blank_total_row_takes_the_sum_of_the_source_rows(evaluate):
    # A = 80 + 20 = 100, B = 60 + 20 = 80 → 80 %, 10 × 0.8 = 8: the printed 80% and 8 agree
    ev = evaluate(make(**TOTAL_ROW_BLANK))
    b = ev.scored.budget
    assert (b.planned, b.executed, b.score) == (Decimal(100), Decimal(80), Decimal("8.00"))
    assert b.planned_note == "全年预算数 A 未列示，取各资金来源行之和：80 + 20 = 100"
    assert b.executed_note == "全年执行数 B 未列示，取各资金来源行之和：60 + 20 = 80"
    assert ev.findings == []


def test_source_rows_that_do_not_add_up_in_b(evaluate):
    # B: 60 + 30 = 90 ≠ 80 (slack ½ + ½ + ½ = 1.5)
    ev = evaluate(make(**{"budget.sources": [{"label": "财政资金", "planned": 80, "executed": 60},
                                             {"label": "单位资金", "planned": 20, "executed": 30}]}))
    assert codes(ev) == {("B06", "budget.executed")}


def test_source_rows_rounded_to_the_printed_unit_still_add_up(evaluate):
    # 33.33 + 33.33 + 33.33 = 99.99 against 100: within ½ × 0.01 × 3 + ½ (the total prints no decimals)
    rows = [{"label": name, "planned": 33.33} for name in ("中央补助", "省补助", "市补助")]
    assert codes(evaluate(make(**{"budget.sources": rows}))) == set()


def test_nature_and_unit_columns(evaluate):
    # Sichuan 2023 columns: 指标性质 "≤" outranks the wording, 度量单位 "元/人" applies to bare numbers:
    # 反向 10 × 100 ÷ 125 = 8.00
    ev = evaluate(make(**{
        "indicators.2": {"level1": "满意度指标", "name": "人均成本", "nature": "≤", "unit": "元/人",
                         "target": "100", "actual": "125", "weight": 10, "reported_score": 8}}))
    r = ev.scored.indicators[2]
    assert r.direction == "negative" and r.score == Decimal("8.00") and r.target.unit == "元/人"
    assert r.direction_reason == "指标性质“≤”；纯数字按度量单位“元/人”读"
    # a unit column with a magnitude: "40" and "38" in 万元 → 400000 and 380000 元; 正向 50 × 0.95 = 47.50
    ev = evaluate(make(**{"indicators.0.nature": ">=", "indicators.0.unit": "万元", "indicators.0.target": "40",
                          "indicators.0.actual": "38", "indicators.0.reported_score": 47.5,
                          "reported_total": 95.5}))
    assert ev.scored.indicators[0].score == Decimal("47.50") and codes(ev) == {("I05", "indicators[0].note")}


def test_nature_outranks_the_wording_and_unknown_nature_falls_back(evaluate):
    ev = evaluate(make(**{"indicators.0.nature": "反向"}))        # target "≥5" but 指标性质 反向
    assert ev.scored.indicators[0].direction == "negative"
    ev = evaluate(make(**{"indicators.0.nature": "见说明"}))
    r = ev.scored.indicators[0]
    assert r.direction == "positive" and r.direction_reason.startswith("指标性质“见说明”无法识别，按目标值措辞；")


def test_qualitative_nature(evaluate):
    ev = evaluate(make(**{"indicators.1.nature": "定性", "indicators.1.target": "100%",
                          "indicators.1.actual": "达到预期"}))
    r = ev.scored.indicators[1]
    assert r.direction == "qualitative" and r.band == (Decimal(24), Decimal(30))


# ------------------------------------------------------------------ labels missing or odd

NO_LEVEL1 = {"indicators.0.level1": None, "indicators.1.level1": "(30分)", "indicators.2.level1": None,
             "indicators.2.level2": "服务对象 满意度指标"}


def test_blank_level1_is_inferred_from_level2(evaluate):
    ev = evaluate(make(**NO_LEVEL1))
    assert ev.findings == []            # no "missing block": 产出/效益/满意度 are inferred, weights 50/30/10
    blocks = [(r.block, r.block_reason) for r in ev.scored.indicators]
    assert blocks == [
        ("产出指标", "一级指标未列示，按二级指标“数量指标”归入“产出指标”（规则集 blocks.产出指标.level2）"),
        ("效益指标", "一级指标“(30分)”，按二级指标“社会效益指标”归入“效益指标”（规则集 blocks.效益指标.level2）"),
        ("满意度指标", "一级指标未列示，按二级指标“服务对象满意度指标”归入“满意度指标”"
                       "（规则集 blocks.满意度指标.level2）"),
    ]


def test_inferred_blocks_are_checked_like_printed_ones(evaluate):
    # rows 0 and 1 both infer 产出 (数量, 质量): 30 + 10 = 40 ≠ 50 → W01 on the inferred block;
    # no row is 效益 any more → the required-block check (on inferred labels) reports it missing
    ev = evaluate(make(**{"indicators.0.level1": None, "indicators.0.weight": 30, "indicators.0.reported_score": 30,
                          "indicators.1.level1": None, "indicators.1.level2": "质量指标", "indicators.1.weight": 10,
                          "indicators.1.reported_score": 10}))
    w01 = [(f.group, f.message) for f in ev.findings if f.code == "W01"]
    assert w01 == [("产出指标", "产出指标：30 + 10 = 40，规则集规定 50"),
                   ("效益指标", "缺少必备的一级指标“效益指标”（规则集规定 30 分）")]


def test_label_with_points_in_brackets_and_spaces(evaluate):
    ev = evaluate(make(**{"indicators.0.level1": "产出 指标（50分）", "indicators.0.level2": None}))
    assert ev.scored.indicators[0].block == "产出指标" and ev.findings == []


# ------------------------------------------------------------------ agreement and totals

def test_identical_target_and_actual_text_is_met(evaluate):
    same = "荷塘区40万元、芦淞区20万元、天元区15万元"
    ev = evaluate(make(**{"indicators.1.target": same, "indicators.1.actual": same}))
    r = ev.scored.indicators[1]
    assert r.met is True and r.score == Decimal("30.00") and r.problem is None
    assert "实际完成值与目标值表述相同，视为完成" in r.direction_reason
    assert ev.findings == []


@pytest.mark.parametrize("planned, executed, printed, ok", [
    ("100", "99.978", "99.97%", True),      # truncated: 0.008 ≤ 0.01 + 0.005
    ("101.4", "78.53", "77.5%", True),      # rounded twice from 77.4458: 0.0542 ≤ 0.01 + 0.05
    ("100", "96.3", "98.31%", False),       # 2.01 off
    ("100", "80", "80.02%", False),         # 0.02 > 0.01 + 0.005
])
def test_rate_agreement_rule(evaluate, planned, executed, printed, ok):
    score = round(Decimal(10) * Decimal(executed) / Decimal(planned), 2)
    ev = evaluate(make(**{"budget.planned": float(planned), "budget.executed": float(executed),
                          "budget.reported_rate": printed, "budget.reported_score": float(score),
                          "reported_total": float(score + 90)}))
    assert (("B02", "budget.reported_rate") not in codes(ev)) is ok


def test_b02_says_what_to_write_at_the_printed_precision(evaluate):
    ev = evaluate(make(**{"budget.executed": 96.3, "budget.reported_rate": "98.31%", "budget.reported_score": 9.63,
                          "reported_total": 99.63}))
    (f,) = [f for f in ev.findings if f.code == "B02"]
    assert f.message.endswith("表列 98.31%，应为 96.30%") and f.expected == Decimal("96.30")


def test_thirty_decimal_rate_against_one_third(evaluate, tmp_path):
    # 1 ÷ 3 carried to 120 digits; the printed 30 decimals agree within half their last unit, even with
    # no rate tolerance at all
    exact = """
id: exact
extends: central-2020
rate_tolerance: 0
"""
    ev = evaluate(make(**{"budget.planned": 3, "budget.executed": 1,
                          "budget.reported_rate": "33.333333333333333333333333333333%",
                          "budget.reported_score": 3.33, "reported_total": 93.33}), exact)
    assert ("B02", "budget.reported_rate") not in codes(ev)
    ev = evaluate(make(**{"budget.planned": 3, "budget.executed": 1,
                          "budget.reported_rate": "33.333333333333333333333333333334%",
                          "budget.reported_score": 3.33, "reported_total": 93.33}), exact)
    assert ("B02", "budget.reported_rate") in codes(ev)


@pytest.mark.parametrize("ruleset", ["central-2020", "wuhan-2023", "wuhan-2019"])
@pytest.mark.parametrize("actual, score", [("0起", "30"), ("2起", "0")])
def test_negative_target_of_zero_never_divides_by_zero(evaluate, ruleset, actual, score):
    ev = evaluate(make(**{"indicators.1.target": "≤0起", "indicators.1.actual": actual,
                          "indicators.1.note": "说明"}), ruleset)
    r = ev.scored.indicators[1]
    assert r.direction == "negative" and r.problem is None and r.score == Decimal(score)
    assert not any(f.code == "R01" for f in ev.findings)


# ------------------------------------------------------------------ numbers at the edge

def test_chinese_percentages_of_a_thousand_and_more():
    assert read_value("百分之一千零一").number == Decimal(1001)
    assert read_value("百分之一千").number == Decimal(1000)
    assert read_value("百分之两万").number == Decimal(20000)
    assert read_value("百分之九十五").number == Decimal(95)


def test_percent_words_above_a_thousand_are_not_read_as_one_percent(evaluate):
    # target 1000%, actual 百分之一千零一 → met (1001 ≥ 1000), not a false I01 from reading 1 %
    ev = evaluate(make(**{"indicators.0.target": "≥1000%", "indicators.0.actual": "百分之一千零一",
                          "indicators.0.note": "说明"}))
    assert ev.scored.indicators[0].score == Decimal("50.00") and ev.findings == []


def test_overlong_cell_is_unverifiable_not_tokenised(evaluate):
    long_value = "1," * (MAX_VALUE_CHARS)
    r = read_value(long_value)
    assert r.kind == "ambiguous" and r.too_long and r.candidates == ()
    assert len(r.describe()) < 120
    ev = evaluate(make(**{"indicators.0.actual": long_value}))
    (f,) = [f for f in ev.findings if f.code == "I06"]
    assert f.path == "indicators[0].actual" and "内容过长" in f.message
    ev = evaluate(make(**{"indicators.0.target": long_value}))
    (f,) = [f for f in ev.findings if f.code == "I06"]
    assert f.path == "indicators[0].target" and "内容过长" in f.message
    assert read_value("1," * (MAX_VALUE_CHARS // 2 - 1)).too_long is False


def test_a_single_source_row_is_a_partial_listing(evaluate):
    # "其中：市补助 662" under a total of 1292.99 (seeds/003): a breakdown, not a claim that 662 is all
    ev = evaluate(make(**{"budget.sources": [{"label": "市补助", "planned": 60, "executed": 60}]}))
    assert codes(ev) == set()
    ev = evaluate(make(**{"budget.sources": [{"label": "市补助", "planned": 120, "executed": 60}]}))
    assert codes(ev) == {("B06", "budget.planned")}
