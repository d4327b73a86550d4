"""What perfscore writes for Excel users: the blank template (filled in here and evaluated), the checked
form handed back (highlights, comments, 复算得分, 复核结果, formula-injection-safe), and `import`."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from clirun import run
from excel_layouts import workbook_for
from scorer.engine import evaluate_files
from scorer.excel.load import load_workbook_forms
from scorer.forms.load import load_form
from scorer.forms.yamlsafe import load_yaml_file
from scorer.report.cells import safe_cell
from scorer.rules.ruleset import RulesetLoader

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
LOADER = RulesetLoader()


def cell_of(ws, text):
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(text)


def right(ws, text, offset=1):
    label = cell_of(ws, text)
    return ws.cell(row=label.row, column=label.column + offset)


def below(ws, text, n=1):
    label = cell_of(ws, text)
    return ws.cell(row=label.row + n, column=label.column)


# -- template -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("ruleset", "budget", "blocks"), [
    ("central-2020", "10", ["产出指标（50分）", "效益指标（30分）", "满意度指标（10分）", "成本指标"]),
    ("wuhan-2023", "20", ["产出指标", "效益指标", "满意度指标", "成本指标"]),
])
def test_template_has_the_rulesets_weights_validation_and_instructions(ruleset, budget, blocks, tmp_path):
    out = tmp_path / "blank.xlsx"
    code, stdout, _ = run("template", "--ruleset", ruleset, "-o", str(out))
    assert code == 0 and ruleset in stdout
    wb = load_workbook(out)
    assert wb.sheetnames == ["自评表", "填表说明"]
    ws = wb["自评表"]
    assert cell_of(ws, f"预算执行情况\n（万元）\n（{budget}分）").coordinate in {str(r).split(":")[0]
                                                                      for r in ws.merged_cells.ranges}
    assert right(ws, "分值", 0).value == "分值"
    assert below(ws, "全年执行数").value is None and right(ws, "年度资金总额", 4).value == float(budget)
    for block in blocks:
        cell_of(ws, block)
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert '"≥,≤,=,定性"' in lists and '"优,良,中,差"' in lists
    kinds = {dv.type for dv in ws.data_validations.dataValidation}
    assert {"decimal", "list", "whole"} <= kinds
    total = right(ws, "分值合计")
    assert total.value.startswith("=F7+SUM(I") and "IF(ABS(" in right(ws, "分值合计", 2).value
    notes = "\n".join(str(c.value) for c in wb["填表说明"]["A"] if c.value)
    assert f"规则集 {ruleset}" in notes and "定性指标按完成情况分三档" in notes and "分值合计" in notes


def test_blank_template_reads_as_a_blank_form(tmp_path):
    """Blank cells never refuse a form: the blank template reads, with nothing to check but the missing budget."""
    out = tmp_path / "blank.xlsx"
    run("template", "--ruleset", "central-2020", "-o", str(out))
    [item] = load_workbook_forms(str(out))
    assert item.form.indicators == () and item.form.budget.weight == 10 and item.form.ruleset == "central-2020"
    [ev] = evaluate_files([str(out)], LOADER)
    assert [(f.code, f.path) for f in ev.findings] == [("B01", "budget.planned")]
    assert ev.cells["budget.planned"] == "自评表!D7"


def fill(ws, rows):
    """Write indicator rows into the template under their 二级 labels (first free row of each)."""
    used = {}
    for level2, name, nature, target, unit, actual, weight, score in rows:
        label = cell_of(ws, level2)
        r = label.row + used.get(level2, 0)
        used[level2] = used.get(level2, 0) + 1
        for col, value in zip(range(4, 11), (name, nature, target, unit, actual, weight, score), strict=True):
            ws.cell(row=r, column=col).value = value


def test_template_filled_in_and_evaluated(tmp_path):
    blank = tmp_path / "blank.xlsx"
    run("template", "--ruleset", "central-2020", "-o", str(blank))
    wb = load_workbook(blank)
    ws = wb["自评表"]
    right(ws, "预算年度").value = 2022
    right(ws, "项目名称").value = "城区道路养护"
    right(ws, "主管部门").value = "市城管局"
    total_row = cell_of(ws, "年度资金总额").row
    for col, value in zip(range(3, 9), (500, 520, 468, None, 0.9, 9), strict=True):
        if value is not None:
            ws.cell(row=total_row, column=col).value = value
    below(ws, "预期目标").value = "完成 120 公里道路养护"
    fill(ws, [
        ("数量指标", "道路养护里程", "≥", "120公里", "公里", "96公里", 30, 30),
        ("质量指标", "养护合格率", "≥", "≥95%", "%", "96%", 20, 20),
        ("社会效益指标", "道路通行状况", "定性", "明显改善", None, "达到预期", 30, 27),
        ("服务对象满意度指标", "市民满意度", "≥", "≥90%", "%", "92%", 10, 10),
    ])
    right(ws, "总分").value = 96
    right(ws, "自评等次").value = "优"
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    [item] = load_workbook_forms(str(filled))
    form = item.form
    assert form.ruleset == "central-2020" and form.project.year == 2022
    assert form.budget.weight == 10 and form.budget.reported_rate == Decimal("90.0")
    assert [i.name for i in form.indicators] == ["道路养护里程", "养护合格率", "道路通行状况", "市民满意度"]
    assert [i.level1 for i in form.indicators] == ["产出指标", "产出指标", "效益指标", "满意度指标"]
    assert form.goals[0].text == "完成 120 公里道路养护"
    [ev] = evaluate_files([str(filled)], LOADER)
    codes = {(f.code, f.path) for f in ev.findings}
    # 96 of ≥120 公里: 30 × 96/120 = 24, scored 30 → I01; total 9 + 24 + 20 + 27 + 10 = 90 vs 96 → T02
    assert ("I01", "indicators[0].reported_score") in codes
    assert ("T02", "reported_total") in codes
    assert ev.cells["indicators[0].reported_score"] == f"自评表!J{cell_of(ws, '数量指标').row}"


# -- checked form -------------------------------------------------------------------------------
def checked(tmp_path, names, ruleset="wuhan-2023", name="form.xlsx", change=None):
    forms = [("hubei2019" if n.startswith("003") else "wuhan", load_yaml_file(SAMPLES / n).data) for n in names]
    if change:
        change(forms[0][1])
    book = workbook_for(forms, tmp_path / name)
    out = tmp_path / "checked.xlsx"
    code, stdout, err = run("evaluate", str(book), "--ruleset", ruleset, "--format", "xlsx", "-o", str(out))
    return code, stdout, err, book, out


def test_checked_form_highlights_comments_recomputes_and_lists(tmp_path):
    def misprint_rate(data):       # 78.53 ÷ 101.4 = 77.45 %, printed 80.0 %
        data["budget"]["reported_rate"] = "80.0%"
    code, stdout, err, book, out = checked(tmp_path, ["002-proj-zuzhi-shiwu.yaml", "000-proj-jiceng-dangjian.yaml"],
                                           change=misprint_rate)
    assert code == 1 and stdout == "" and err == ""
    wb = load_workbook(out)
    assert wb.sheetnames == ["表1", "复核结果"]
    ws = wb["表1"]
    [first, second] = evaluate_files([str(book)], LOADER, "wuhan-2023")
    rate = ws[first.cells["budget.reported_rate"].split("!")[1]]
    assert rate.fill.fgColor.rgb == "00FFC7CE"             # error: red
    assert "B02" in rate.comment.text and "78.53 ÷ 101.4" in rate.comment.text and "80.0%" in rate.comment.text
    executed = ws[second.cells["budget.executed"].split("!")[1]]
    assert executed.fill.fgColor.rgb == "00FFEB9C"          # B05 warning: amber
    assert "B05" in executed.comment.text
    assert rate.value == pytest.approx(0.8) and rate.number_format == "0.0%"     # the form as it came
    score_col = ws.max_column
    values = [ws.cell(row=r, column=score_col).value for r in range(1, ws.max_row + 1)]
    assert values.count("复算得分") == 2 and 15.49 in values and 95.49 in values
    listing = [[c.value for c in row] for row in wb["复核结果"].iter_rows()]
    assert listing[0][:5] == ["表", "工作表", "单元格", "级别", "发现"]
    found = {(row[2], row[4].split()[0]) for row in listing[1:]}
    assert (rate.coordinate, "B02") in found and (executed.coordinate, "B05") in found
    assert len(listing) - 1 == len(first.findings) + len(second.findings)


def test_checked_form_is_formula_injection_safe(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = load_yaml_file(SAMPLES / "002-proj-zuzhi-shiwu.yaml").data
    data["indicators"][0]["name"] = "=HYPERLINK(\"http://x\",\"点我\")"
    data["indicators"][0]["reported_score"] = Decimal(50)      # above its weight: a finding quoting the name
    workbook_for([("wuhan", data)], tmp_path / "@evil.xlsx")
    code, _, err = run("evaluate", "@evil.xlsx", "--ruleset", "wuhan-2023", "--format", "xlsx", "-o", "out.xlsx")
    assert code == 1, err
    wb = load_workbook(tmp_path / "out.xlsx")
    cells = [c for row in wb["复核结果"].iter_rows() for c in row if isinstance(c.value, str)]
    assert all(not c.value.startswith(("=", "+", "-", "@")) for c in cells)
    assert any(c.value.startswith("'@evil.xlsx#表1!A1") for c in cells)
    assert all(c.data_type == "s" for c in cells)
    for text in ("=1+1", "+A1", "-A1*2", "@SUM(A1)", "\t=1", "\r=1"):
        assert safe_cell(text) == "'" + text
    assert safe_cell("正常文字") == "正常文字"


def test_checked_form_needs_one_workbook_and_an_output(tmp_path):
    code, _, err = run("evaluate", str(SAMPLES / "002-proj-zuzhi-shiwu.yaml"), "--format", "xlsx", "-o",
                       str(tmp_path / "x.xlsx"))
    assert code == 2 and "--format xlsx 用于复核一个 Excel 工作簿" in err
    book = workbook_for([("wuhan", load_yaml_file(SAMPLES / "002-proj-zuzhi-shiwu.yaml").data)], tmp_path / "f.xlsx")
    code, _, err = run("evaluate", str(book), "--ruleset", "wuhan-2023", "--format", "xlsx")
    assert code == 2 and "需要用 -o 指定输出文件" in err
    code, _, err = run("evaluate", str(book), "--ruleset", "wuhan-2023", "--format", "xlsx", "-o", str(book))
    assert code == 2 and "它就是输入文件" in err
    assert load_workbook_forms(str(book))      # the input is untouched


# -- import -------------------------------------------------------------------------------------
def test_import_writes_one_yaml_per_form_that_loads_as_the_same_form(tmp_path):
    names = ["002-dept-qingshan.yaml", "003-proj-richang-yunzhuan.yaml"]
    forms = [("hubei2019" if n.startswith("003") else "wuhan", load_yaml_file(SAMPLES / n).data) for n in names]
    book = workbook_for(forms, tmp_path / "两张表.xlsx", sheet_per_form=True)
    out = tmp_path / "out"
    out.mkdir()
    code, stdout, err = run("import", str(book), "-o", str(out), "--ruleset", "wuhan-2023")
    assert code == 0, err
    written = sorted(p.name for p in out.glob("*.yaml"))
    assert written == ["两张表-表1-A1.yaml", "两张表-表2-A1.yaml"]
    assert stdout.count("→") == 2
    for name, file in zip(names, written, strict=True):
        got, want = load_form(str(out / file)), load_form(str(SAMPLES / name))
        for field in ("kind", "project", "budget", "goals", "indicators", "indicators_total", "reported_total",
                      "reported_grade"):
            assert getattr(got, field) == getattr(want, field), (name, field)
        assert got.ruleset == "wuhan-2023"
    text = (out / written[0]).read_text(encoding="utf-8")
    assert "planned: 1403.71" in text and "target: ≥3" in text and "reported_rate: 96.2%" in text


def test_import_reports_a_broken_form_and_writes_the_others(tmp_path):
    data = load_yaml_file(SAMPLES / "002-proj-zuzhi-shiwu.yaml").data
    book = workbook_for([("wuhan", data), ("wuhan", data)], tmp_path / "f.xlsx", sheet_per_form=True)
    wb = load_workbook(book)
    cell_of(wb["表2"], "三级指标").value = None
    wb.save(book)
    code, _, err = run("import", str(book), "-o", str(tmp_path))
    assert code == 2
    assert err.count("\n") == 1 and f"{book}:表2!A1: 找到了自评表，但没有找到指标表的表头行" in err
    assert (tmp_path / "f-表1-A1.yaml").exists() and not (tmp_path / "f-表2-A1.yaml").exists()


def test_wuhan_2019_template_has_the_goal_block_and_reads_it(tmp_path):
    """The 2019 layout: 项目绩效总目标（20分） with its 自评分, 绩效指标（60分）; the sums fixed by the ruleset."""
    blank = tmp_path / "blank.xlsx"
    run("template", "--ruleset", "wuhan-2019", "-o", str(blank))
    wb = load_workbook(blank)
    ws = wb["自评表"]
    cell_of(ws, "项目绩效总目标\n（20分）")
    cell_of(ws, "绩效指标\n（60分）")
    assert "+20" in right(ws, "分值合计").value
    right(ws, "预算年度").value = 2019
    right(ws, "项目名称").value = "组织日常运转经费"
    below(ws, "年初设定目标").value = "保障组织部日常运转"
    below(ws, "自评分").value = 18
    fill(ws, [("数量指标", "聘用人员数量", "=", "3", "人", "3", 60, 60)])
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    [item] = load_workbook_forms(str(filled))
    goal = item.form.goals[0]
    assert (goal.text, goal.weight, goal.reported_score) == ("保障组织部日常运转", 20, 18)
    assert item.form.indicators_total.weight == 60 and item.form.indicators[0].goal is None


def test_explain_reads_one_form_of_a_workbook(tmp_path):
    names = ["002-proj-zuzhi-shiwu.yaml", "002-proj-hongse-yinqing.yaml"]
    book = workbook_for([("wuhan", load_yaml_file(SAMPLES / n).data) for n in names], tmp_path / "two.xlsx",
                        sheet_per_form=True)
    code, _, err = run("explain", str(book), "--ruleset", "wuhan-2023")
    assert code == 2 and "工作簿中有 2 张表，请写明哪一张" in err and f"{book}#表2!A1" in err
    code, out, _ = run("explain", f"{book}#表2!A1", "--ruleset", "wuhan-2023")
    assert code == 0 and "提档升级基层党建服务阵地" in out and "组织事务" not in out
    one = workbook_for([("wuhan", load_yaml_file(SAMPLES / names[0]).data)], tmp_path / "one.xlsx")
    code, out, _ = run("explain", str(one), "--ruleset", "wuhan-2023")
    assert code == 0 and "印制绩效目标小册子" in out


def test_json_findings_of_a_workbook_form_point_at_their_cell(tmp_path):
    """line:column of a workbook form's finding is its sheet cell (row, column), e.g. 7:5 = E7."""
    data = load_yaml_file(SAMPLES / "002-proj-zuzhi-shiwu.yaml").data
    data["budget"]["reported_rate"] = "80.0%"
    book = workbook_for([("wuhan", data)], tmp_path / "f.xlsx")
    [ev] = evaluate_files([str(book)], LOADER, "wuhan-2023")
    [b02] = [f for f in ev.findings if f.code == "B02"]
    assert ev.cells["budget.reported_rate"] == "表1!E7"
    assert (b02.location.line, b02.location.column) == (7, 5)
    assert b02.location.file == f"{book}#表1!A1"
