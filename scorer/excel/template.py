"""A blank form in a ruleset's layout (openpyxl): what a finance bureau hands out to spending units.

The weights the ruleset fixes are filled in (预算执行 分值, block weights in the 一级 labels
“产出指标（50分）”, the goal block of 2019-style forms), label cells are merged as on the printed forms,
cells are validated (指标性质 from a ≥ / ≤ / = / 定性 list, numbers only in money, weight and score cells),
a 分值合计 cell shows whether the weights add up to the ruleset's total, and a 填表说明 sheet explains the
rules in Chinese.  The layout is one the reader recognises, so a filled template evaluates as it is.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from scorer.numbers import fmt_printed
from scorer.excel.output import set_text

LEVEL2 = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
}
ROWS_PER_LEVEL2 = 2
COLUMNS = ("一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "度量单位", "实际完成值", "分值", "得分",
           "偏差原因分析及改进措施")
BUDGET_COLUMNS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
SOURCES = ("年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金")
INPUT = PatternFill("solid", fgColor="FFF9E5")
LABEL = PatternFill("solid", fgColor="E8EEF7")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LAST_COL = 11          # A..K


def _num(value) -> str:
    return fmt_printed(value)


class _Sheet:
    def __init__(self, ws):
        self.ws = ws

    def label(self, row, col, text, *, to=None, bold=True, fill=LABEL):
        cell = self.ws.cell(row=row, column=col)
        set_text(cell, text)
        cell.font = Font(bold=bold)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = fill
        self.box(row, col, to)
        if to and to != (row, col):
            self.ws.merge_cells(start_row=row, start_column=col, end_row=to[0], end_column=to[1])
        return cell

    def field(self, row, col, *, to=None, value=None, number_format=None):
        cell = self.ws.cell(row=row, column=col)
        if value is not None:
            cell.value = value
        cell.fill = INPUT
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        if number_format:
            cell.number_format = number_format
        self.box(row, col, to)
        if to and to != (row, col):
            self.ws.merge_cells(start_row=row, start_column=col, end_row=to[0], end_column=to[1])
        return cell

    def box(self, row, col, to=None):
        r2, c2 = to or (row, col)
        for r in range(row, r2 + 1):
            for c in range(col, c2 + 1):
                self.ws.cell(row=r, column=c).border = BOX


def _ref(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def build_template(ruleset, kind: str = "project") -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "自评表"
    s = _Sheet(ws)
    dept = kind == "department"
    numbers = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                             showErrorMessage=True, errorTitle="只能填数字",
                             error="此处只能填写数字（万元或分），不能填文字")
    rates = DataValidation(type="decimal", operator="between", formula1="0", formula2="10", allow_blank=True,
                           showErrorMessage=True, errorTitle="执行率",
                           error="执行率请填百分数，如 93.6%（输入 93.6% 而不是 93.6）")
    nature = DataValidation(type="list", formula1='"≥,≤,=,定性"', allow_blank=True, showErrorMessage=True,
                            errorTitle="指标性质", error="指标性质只能选 ≥、≤、= 或 定性")
    year = DataValidation(type="whole", operator="between", formula1="1990", formula2="2100", allow_blank=True,
                          showErrorMessage=True, errorTitle="预算年度", error="预算年度请填四位年份，如 2024")
    grades = [g.grade for g in ruleset.grades]
    grade = DataValidation(type="list", formula1='"' + ",".join(grades) + '"', allow_blank=True,
                           showErrorMessage=True, errorTitle="等次", error="等次只能选：" + "、".join(grades))
    for dv in (numbers, rates, nature, year, grade):
        ws.add_data_validation(dv)

    s.label(1, 1, "部门整体支出绩效自评表" if dept else "项目支出绩效自评表", to=(1, LAST_COL), fill=PatternFill())
    ws.cell(row=1, column=1).font = Font(bold=True, size=16)
    s.label(2, 1, "预算年度")
    year.add(s.field(2, 2, to=(2, 3)))
    s.label(2, 4, "规则集")
    s.field(2, 5, to=(2, LAST_COL), value=ruleset.id).comment = Comment(
        f"复核时使用的规则集：{ruleset.title}。请勿修改。", "perfscore")
    s.label(3, 1, "部门名称" if dept else "项目名称")
    s.field(3, 2, to=(3, LAST_COL))
    s.label(4, 1, "主管部门")
    s.field(4, 2, to=(4, 5))
    s.label(4, 6, "实施单位")
    s.field(4, 7, to=(4, LAST_COL))

    # 预算执行情况
    top = 6
    bw = ruleset.budget_weight
    s.label(top, 1, f"预算执行情况\n（万元）\n（{_num(bw)}分）", to=(top + len(SOURCES), 1))
    s.label(top, 2, "")
    for k, title in enumerate(BUDGET_COLUMNS):
        s.label(top, 3 + k, title)
    for j, name in enumerate(SOURCES):
        r = top + 1 + j
        s.label(r, 2, name, bold=j == 0)
        for k, title in enumerate(BUDGET_COLUMNS):
            cell = s.field(r, 3 + k, number_format="0.0%" if title == "执行率" else None)
            (rates if title == "执行率" else numbers).add(cell)
    weight_cell = ws.cell(row=top + 1, column=3 + BUDGET_COLUMNS.index("分值"))
    weight_cell.value = float(bw)
    weight_cell.number_format = "0" if bw == int(bw) else "0.00"

    # goals
    r = top + len(SOURCES) + 2
    goal_weight = ruleset.goals_weight if ruleset.goals_scored else None
    if goal_weight is not None:
        s.label(r, 1, f"项目绩效总目标\n（{_num(goal_weight)}分）", to=(r + 1, 1))
        s.label(r, 2, "年初设定目标", to=(r, 5))
        s.label(r, 6, "全年实际完成情况", to=(r, 9))
        s.label(r, 10, "自评分", to=(r, LAST_COL))
        s.field(r + 1, 2, to=(r + 1, 5))
        s.field(r + 1, 6, to=(r + 1, 9))
        numbers.add(s.field(r + 1, 10, to=(r + 1, LAST_COL)))
    else:
        s.label(r, 1, "年度总体目标", to=(r + 1, 1))
        s.label(r, 2, "预期目标", to=(r, 6))
        s.label(r, 7, "实际完成情况", to=(r, LAST_COL))
        s.field(r + 1, 2, to=(r + 1, 6))
        s.field(r + 1, 7, to=(r + 1, LAST_COL))
    ws.row_dimensions[r + 1].height = 60

    # indicator table
    header = r + 3
    for k, title in enumerate(COLUMNS):
        s.label(header, 2 + k, title)
    row = header + 1
    first = row
    for block, rule in ruleset.blocks.items():
        level2 = LEVEL2.get(block, ("",))
        if block == "产出指标" and "成本指标" in ruleset.blocks:
            level2 = level2[:3]
        height = len(level2) * ROWS_PER_LEVEL2
        text = block if rule.weight is None else f"{block}（{_num(rule.weight)}分）"
        s.label(row, 2, text, to=(row + height - 1, 2))
        for j, name in enumerate(level2):
            r0 = row + j * ROWS_PER_LEVEL2
            s.label(r0, 3, name, to=(r0 + ROWS_PER_LEVEL2 - 1, 3), bold=False)
            for rr in range(r0, r0 + ROWS_PER_LEVEL2):
                for c in range(4, 2 + len(COLUMNS)):
                    cell = s.field(rr, c)
                    title = COLUMNS[c - 2]
                    if title == "指标性质":
                        nature.add(cell)
                    elif title in ("分值", "得分"):
                        numbers.add(cell)
        row += height
    last = row - 1
    s.label(header, 1, f"绩效指标\n（{_num(ruleset.indicators_weight)}分）", to=(last, 1))

    # 总分, 等次, 分值合计
    s.label(row, 1, "总分")
    numbers.add(s.field(row, 2, to=(row, 3)))
    s.label(row, 4, "自评等次")
    grade.add(s.field(row, 5, to=(row, 6)))
    row += 2
    weight_col = 2 + COLUMNS.index("分值")
    parts = [_ref(top + 1, 3 + BUDGET_COLUMNS.index("分值")),
             f"SUM({_ref(first, weight_col)}:{_ref(last, weight_col)})"]
    if goal_weight is not None:
        parts.append(_num(goal_weight))
    s.label(row, 1, "分值合计")
    total_cell = ws.cell(row=row, column=2)
    total_cell.value = "=" + "+".join(parts)
    total = _num(ruleset.total)
    check = ws.cell(row=row, column=3)
    check.value = (f'=IF(ABS({_ref(row, 2)}-{total})<0.000001,"分值合计 {total}，正确",'
                   f'"分值合计应为 {total}，现为 "&{_ref(row, 2)})')
    ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=LAST_COL)
    check.font = Font(bold=True, color="C00000")

    for col, width in zip(range(1, LAST_COL + 1), (14, 14, 16, 26, 10, 14, 10, 14, 8, 8, 28), strict=True):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = f"A{header + 1}"
    _instructions(wb.create_sheet("填表说明"), ruleset, goal_weight)
    return wb


def _instructions(ws, ruleset, goal_weight) -> None:
    data = ruleset.data
    blocks = "，".join(f"{name} {_num(rule.weight)} 分" for name, rule in ruleset.blocks.items()
                      if rule.weight is not None) or "由各单位按指标分配"
    bands = data.get("qualitative", {}).get("bands", {})
    band_text = "；".join(f"{label} {lo}%–{hi}%" for label, (lo, hi) in
                          zip(("达成预期", "部分达成", "未达成"),
                              (bands.get("achieved", ["", ""]), bands.get("partial", ["", ""]),
                               bands.get("missed", ["", ""])), strict=True))
    grades = "，".join(f"{g.grade} ≥ {_num(g.min)}" for g in ruleset.grades)
    formulas = data.get("formulas", {})
    lines = [
        ("填表说明", True),
        (f"本表按规则集 {ruleset.id}（{ruleset.title}）生成；请勿修改“规则集”一栏，复核时据此选用计分规则。", False),
        (f"总分 {_num(ruleset.total)} 分：预算执行 {_num(ruleset.budget_weight)} 分"
         + (f"，项目绩效总目标 {_num(goal_weight)} 分" if goal_weight is not None else "")
         + f"，绩效指标 {_num(ruleset.indicators_weight)} 分（{blocks}）。", False),
        ("一、照表填写", True),
        ("1. 金额单位为万元，填数字；执行率填百分数，如 93.6%（单元格已设为百分比格式）。", False),
        ("2. 年度指标值、实际完成值按原文填写，如 ≥3、90%以上、达到预期；"
         "指标性质选 ≥（正向）、≤（反向）、=（等于）或 定性。", False),
        ("3. 度量单位填写指标值的单位（个、%、万元……）；目标值与完成值的单位须一致，否则无法比较。", False),
        ("4. 行数不够时可在同一二级指标内插入行；不用的行留空即可。", False),
        ("5. 未完成目标或偏差较大的指标，须在“偏差原因分析及改进措施”中说明。", False),
        ("二、计分规则", True),
        (f"1. 预算执行得分 = {data.get('budget', {}).get('formula', '分值 × 执行率')}"
         "（执行率 = 全年执行数 ÷ 全年预算数，超过 100% 按满分计）。", False),
        (f"2. 正向指标（≥）：{formulas.get('positive', '')}", False),
        (f"3. 反向指标（≤）：{formulas.get('negative', '')}", False),
        (f"4. 等于（=）：{formulas.get('exact', '')}", False),
        (f"5. 定性指标按完成情况分三档：{band_text}（占该指标分值的比例）。", False),
        ("6. 各指标得分不得超过其分值；各一级指标的分值合计应等于其分值。", False),
        (f"7. 等次：{grades}。", False),
        ("三、分值合计", True),
        ("“自评表”末行的“分值合计”= 预算执行分值 + 各指标分值之和"
         + ("+ 项目绩效总目标分值" if goal_weight is not None else "") + f"，应为 {_num(ruleset.total)}；"
         "不等时该格显示差异，请核对各指标分值。", False),
        ("四、复核", True),
        ("填好后可用 perfscore evaluate 本文件.xlsx 复核；"
         "加 --format xlsx -o 复核.xlsx 可得到标注了问题单元格的副本。", False),
    ]
    for r, (text, bold) in enumerate(lines, 1):
        cell = ws.cell(row=r, column=1)
        set_text(cell, text)
        cell.font = Font(bold=bold, size=14 if r == 1 else 11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 110


def template_bytes(ruleset, kind: str = "project") -> bytes:
    out = io.BytesIO()
    build_template(ruleset, kind).save(out)
    return out.getvalue()
