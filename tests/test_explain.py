"""`perfscore explain FILE [--indicator N]` and `evaluate --explain`: the whole trace of a score."""

from __future__ import annotations

from pathlib import Path


from clirun import run

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
# the 组织事务 form with its printed rate changed to 75.5% (the real 77.5% agrees with B/A)
ZUZHI = str(Path(__file__).resolve().parent / "data" / "forms" / "zuzhi-wrong-rate.yaml")
RICHANG = str(SAMPLES / "003-proj-richang-yunzhuan.yaml")




def test_whole_trace_budget_indicators_total_findings():
    code, out, err = run("explain", ZUZHI)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"{ZUZHI} — 组织事务工作专项经费（2023 年度）"
    assert lines[1] == "规则集：wuhan-2023 v2023.1（继承链：rules/central-2020.yaml → rules/wuhan-2023.yaml）"
    # budget: values as read, the rules with file:line and citation, the formula with its numbers
    assert "    读作：全年预算数 A 101.4，全年执行数 B 78.53，表列执行率 75.5%" in lines
    assert "    执行率：78.53 ÷ 101.4 = 77.4458%" in lines
    weight_rule = ("    分值：20，表列 20；规则 budget.weight（rules/wuhan-2023.yaml:20）；"
                   "依据：武汉市青山区2023年部门决算 项目支出绩效自评表")
    assert any(line.startswith(weight_rule) for line in lines)
    # issue: explain cites only public documents a user has, never repository files
    assert ("    规则：budget.formula（rules/central-2020.yaml:27）；依据：财预〔2020〕10号 附件“项目支出绩效自评表”："
            "预算执行率得分 = 分值 × 执行率，不超过分值") in lines
    assert "    计算：20 × min(78.53 ÷ 101.4, 1) = 15.49" in lines
    assert "    自评 15.5，复算 15.49，状态：一致" in lines
    # indicators
    assert "  [2] 办文办会任务完成率（产出指标 / 数量指标）" in lines          # counted from 1 (issue 9)
    assert "      目标值 “=100%” 读作：= 100%" in lines
    assert "      方向：等于（目标值含“=”）" in lines
    exact_rule = "      规则：formulas.exact（rules/central-2020.yaml:44）；依据："
    assert any(line.startswith(exact_rule) for line in lines)
    assert "      计算：等于指标：100 = 100 → 25 = 25.00" in lines
    # totals and grade, with the grade rule's origin
    assert "    复算：预算执行 15.49 + [1] 30.00 + [2] 25.00 + [3] 25.00 = 95.49" in lines
    assert any(line.startswith("    等次：95.49 ≥ 90 → 优；规则 grades（rules/central-2020.yaml:63）；依据：")
               for line in lines)
    assert "    表列各项合计：15.5 + 80 = 95.5" in lines
    # findings placed as the table places them (in words, after file:line:col)
    assert lines[-1].startswith("    ") and ":14:3: [错误] B02 执行率与 B/A 不符（预算执行率）：" in lines[-1]


def test_one_indicator_with_only_its_findings():
    code, out, _ = run("explain", ZUZHI, "--indicator", "3")          # the third, as a person counts
    assert code == 0
    assert "[3] 机关运行保障率（产出指标 / 质量指标）" in out
    assert "[2]" not in out and "预算执行" not in out
    assert out.rstrip().endswith("发现：无")                  # B02 is about the budget, not indicator 2


def test_indicator_out_of_range_is_exit_2():
    for n in ("4", "0", "-1"):
        code, out, err = run("explain", ZUZHI, "-i", n)
        assert code == 2 and out == ""
        assert err == f"错误：{ZUZHI}: 没有第 {n} 项指标；本表共 3 项指标（第 1–3 项，从 1 起数）\n"


def test_unverifiable_total_says_why():
    code, out, _ = run("explain", RICHANG)
    assert code == 0
    assert "    复算：无法复算（年度总目标得分（未列示，无法复算）；22 个指标得分无法复算）" in out
    assert "分值：未知（分值未列示，无法复算得分）" in out


def test_broken_file_is_one_line_exit_2(tmp_path):
    code, out, err = run("explain", str(tmp_path / "nothing.yaml"))
    assert code == 2 and out == "" and err.count("\n") == 1 and "文件不存在" in err


def test_evaluate_explain_includes_budget_and_total_trace():
    code, out, _ = run("evaluate", ZUZHI, "--explain")
    assert code == 1
    trace = out[out.index("计分过程："):]
    assert "  预算执行" in trace and "规则：budget.formula（rules/central-2020.yaml:27）" in trace
    assert "  总分" in trace and "等次：95.49 ≥ 90 → 优" in trace
    assert "formulas.exact（rules/central-2020.yaml:44）" in trace


def test_qualitative_rule_key_names_the_band():
    code, out, _ = run("explain", str(SAMPLES / "002-proj-hongse-yinqing.yaml"))
    assert code == 0
    assert ("规则：qualitative.bands.achieved（rules/central-2020.yaml:48）；"
            "依据：武汉市青山区2023年部门决算 项目支出绩效自评表 备注 3") in out


SOURCES_FORM = """\
ruleset: central-2020
form: project
project: {name: 来源分列, year: 2023}
budget:
  weight: 10
  reported_rate: 80%
  reported_score: 8
  sources:
    - {label: 当年财政拨款, planned: 80, executed: 60, reported_rate: 75%}
    - {label: 上年结转资金, planned: 20, executed: 20}
indicators:
  - {level1: "(50分)", level2: 数量 指标, name: 场次, nature: "≥", unit: 场, target: 4, actual: 4, weight: 50,
     reported_score: 50}
  - {level2: 社会效益指标, name: 成效, target: 荷塘区40万元、芦淞区20万元, actual: 荷塘区40万元、芦淞区20万元,
     weight: 30, reported_score: 30}
  - {level2: 服务对象满意度指标, name: 满意度, target: "≥90%", actual: "95%", weight: 10, reported_score: 10}
reported_total: 98
"""


def test_trace_shows_source_rows_inferred_blocks_and_identical_texts(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(SOURCES_FORM, encoding="utf-8")
    code, out, err = run("explain", str(path))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    for line in ("    全年预算数 A 未列示，取各资金来源行之和：80 + 20 = 100",
                 "    全年执行数 B 未列示，取各资金来源行之和：60 + 20 = 80",
                 "    其中 当年财政拨款：A 80，B 60，执行率 60 ÷ 80 = 75.0000%，表列 75%",
                 "    其中 上年结转资金：A 20，B 20，执行率 20 ÷ 20 = 100.0000%",
                 "      一级指标：产出指标（一级指标“(50分)”，按二级指标“数量指标”归入“产出指标”"
                 "（规则集 blocks.产出指标.level2））",
                 "      方向：正向（指标性质“≥”；纯数字按度量单位“场”读）",
                 "      计算：实际完成值与目标值表述相同，视为完成 → 满分 30",
                 "    复算：预算执行 8.00 + [1] 50.00 + [2] 30.00 + [3] 10.00 = 98.00"):     # counted from 1
        assert line in lines, line
    assert lines[-1] == "发现：无"


def test_total_parts_add_up_as_displayed():
    # 000 武昌: 20 × 1728.46 ÷ 3385.68 = 10.2104 and 19 spread weights of 80 ÷ 19 = 4.2105; at two decimals
    # 10.21 + 19 × 4.21 = 90.20 ≠ 90.21, so four decimals are shown (sum 90.2099) with the note
    code, out, _ = run("explain", str(SAMPLES / "000-dept-wuchang.yaml"))
    assert code == 0
    (line,) = [x for x in out.splitlines() if x.startswith("    复算：")]
    assert line.startswith("    复算：预算执行 10.2104 + [1] 4.2105 + [2] 4.2105")        # counted from 1
    assert line.endswith("= 90.21（各项按未舍入的值相加后四舍五入；上列四位小数之和为 90.2099，"
                         "两位小数显示的各项之和与总分会差几分）")


def test_findings_name_the_position_of_the_value():
    _, out, _ = run("explain", ZUZHI)
    assert out.splitlines()[-1].startswith(
        f"    {ZUZHI}:14:3: [错误] B02 执行率与 B/A 不符（预算执行率）：")


def test_trace_shows_the_highest_reachable_total_and_the_score_rate(tmp_path):
    rules = tmp_path / "risky.yaml"
    rules.write_text("id: risky\nextends: central-2020\nrisk: {score_vs_execution: 5}\n", encoding="utf-8")
    form = tmp_path / "form.yaml"
    form.write_text(SOURCES_FORM.replace("ruleset: central-2020", f"ruleset: {rules}")
                    .replace("actual: \"95%\"", "actual: 见附件"), encoding="utf-8")
    _, out, _ = run("explain", str(form))
    lines = out.splitlines()
    # 80 ÷ 100 → 10 × 0.8 = 8.00; + the other 90 points = 98.00; indicators 90 ÷ 90 = 100% against 80%
    assert "    可达最高分：预算执行 10 × min(80 ÷ 100, 1) = 8.00 + 其余分值 100 − 10 = 98.00" in lines
    assert any(line.startswith("    得分率：指标 90 ÷ 90 = 100.00%，预算执行率 80.00%；规则 risk.score_vs_execution")
               for line in lines)


def test_findings_name_the_indicator_in_words_as_the_table_does():
    # the findings list reuses the table's wording (第 N 项指标“名称”的字段), after file:line:col
    jiceng = str(SAMPLES / "000-proj-jiceng-dangjian.yaml")
    code, out, _ = run("explain", jiceng)
    assert code == 0
    (line,) = [x for x in out.splitlines() if " I08 " in x]
    assert line.startswith(f"    {jiceng}:51:5: [提示] I08 超额完成且无说明"
                           "（第 4 项指标“服务两新组织集聚区数量”的实际值）：")
    assert "@ indicators" not in out
    # and the same place as the table prints it
    _, table, _ = run("evaluate", jiceng)
    assert "I08 超额完成且无说明（第 4 项指标“服务两新组织集聚区数量”的实际值）" in table


def test_a_spread_weight_is_shown_to_four_decimals_in_the_formula():
    # 80 points over 6 indicators: the weight 13.333… plugged in is not printed to 28 decimals
    code, out, _ = run("explain", str(SAMPLES / "000-proj-jiceng-dangjian.yaml"), "--indicator", "1")
    assert code == 0
    assert "    计算：正向指标：13 ≥ 12 → 13.3333… = 13.33" in out.splitlines()
    assert "3333333" not in out
