"""Write a project dict (as a transcriber wrote it in YAML) out as a workbook in a real template's layout.

The layouts follow the printed forms: `wuhan` (seeds/002 and seeds/000: 预算执行情况（万元）（20分）, goals as
“年度绩效目标 N（20分）” rows or as a merged goal column “…（80分）” beside the indicators), `hubei2019`
(seeds/003: 项目资金（20分）with 其中：… rows, 项目绩效总目标（20分）, 绩效指标（60分） with its 自评分 beside the
header), `central2020` (财预〔2020〕10号: 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分 with
当年财政拨款 / 上年结转资金 / 其他资金, 年度总体目标), `city` (the central layout with weights printed in the
一级 labels, 产出指标（50分）) and `sichuan2023` (财政资金 / 财政专户 / 单位资金 / 其他, 指标性质, 度量单位).
Numbers are written as numbers with a format that prints their digits (percentages as 0.936 with 0.0%),
values of target/actual as typed.  `top`/`left` shift the whole form; several forms may share a sheet.
"""

from __future__ import annotations

import re
from decimal import Decimal

from openpyxl.utils import get_column_letter

_INTEGRAL = re.compile(r"^\d+(\.\d+)?$")


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if exponent < 0 else 0


class Writer:
    def __init__(self, ws, top: int = 1, left: int = 1):
        self.ws, self.row, self.left = ws, top, left

    def col(self, offset: int) -> int:
        return self.left + offset

    def put(self, row: int, offset: int, value, *, merge_to: tuple[int, int] | None = None):
        """Write a value (numbers with a format that keeps their printed digits); merge_to=(row, offset)."""
        cell = self.ws.cell(row=row, column=self.col(offset))
        if isinstance(value, Decimal):
            cell.value = float(value)
            places = _places(value)
            cell.number_format = "0." + "0" * places if places else "0"
        elif isinstance(value, str) and value.endswith("%") and _INTEGRAL.match(value[:-1]):
            digits = value[:-1]
            places = len(digits.split(".")[1]) if "." in digits else 0
            cell.value = float(Decimal(digits) / 100)
            cell.number_format = ("0." + "0" * places if places else "0") + "%"
        elif isinstance(value, str) and _INTEGRAL.match(value) and not (value.startswith("0") and len(value) > 1
                                                                          and value[1] != "."):
            places = len(value.split(".")[1]) if "." in value else 0
            cell.value = float(value)
            cell.number_format = "0." + "0" * places if places else "0"
        else:
            cell.value = value
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"         # typed as text ('=100%), not a formula
        if merge_to is not None:
            r2, c2 = merge_to
            if (r2, c2) != (row, offset):
                self.ws.merge_cells(start_row=row, start_column=self.col(offset), end_row=r2,
                                    end_column=self.col(c2))
        return cell

    def merge_runs(self, rows: list[int], offset: int, values: list):
        """Write a column, merging consecutive equal values (the printed 一级 / 二级 cells)."""
        i = 0
        while i < len(rows):
            j = i
            while j + 1 < len(rows) and values[j + 1] == values[i] and values[i] is not None:
                j += 1
            self.put(rows[i], offset, values[i], merge_to=(rows[j], offset) if j > i else None)
            i = j + 1


def _w(value) -> str:
    return "" if value is None else f"（{value}分）"


def _indicator_rows(w: Writer, indicators: list[dict], columns: list[tuple[str, str]], first: int,
                    level_weights: dict | None = None):
    """Header + one row per indicator from column offset `first`; returns the header row."""
    header = w.row
    for i, (title, _) in enumerate(columns):
        w.put(header, first + i, title)
    w.row += 1
    rows = list(range(w.row, w.row + len(indicators)))
    for i, (_, field) in enumerate(columns):
        values = [ind.get(field) for ind in indicators]
        if field == "level1" and level_weights:
            values = [f"{v}（{level_weights[v]}分）" if v in level_weights else v for v in values]
        if field in ("level1", "level2"):
            w.merge_runs(rows, first + i, values)
        else:
            for r, v in zip(rows, values, strict=True):
                w.put(r, first + i, v)
    w.row += len(indicators)
    return header, rows


def _score_columns(indicators: list[dict]) -> list[tuple[str, str]]:
    columns = []
    if any(i.get("weight") is not None for i in indicators):
        columns.append(("分值", "weight"))
    columns.append(("得分", "reported_score"))
    if any(i.get("note") for i in indicators):
        columns.append(("偏差原因分析及改进措施", "note"))
    return columns


# -- 武汉（seeds/002、000）--------------------------------------------------------------------------
def wuhan(ws, form: dict, top: int = 1, left: int = 1) -> int:
    w = Writer(ws, top, left)
    p, b = form["project"], form["budget"]
    dept = form["form"] == "department"
    kind = "整体绩效自评表" if dept else "项目自评表"
    w.put(w.row, 0, f"{p.get('year')}年度{p['name']}{kind}", merge_to=(w.row, 6))
    w.row += 2
    if dept:
        w.put(w.row, 0, "部门名称")
        w.put(w.row, 1, p["name"], merge_to=(w.row, 3))
        w.row += 1
    else:
        w.put(w.row, 0, "部门名称：" + (p.get("department") or ""))
        w.row += 1
        w.put(w.row, 0, "项目名称")
        w.put(w.row, 1, p["name"], merge_to=(w.row, 5))
        w.row += 1
        w.put(w.row, 0, "主管部门")
        w.put(w.row, 1, p.get("department"), merge_to=(w.row, 2))
        w.put(w.row, 3, "项目实施单位")
        w.put(w.row, 4, p.get("implementer"), merge_to=(w.row, 5))
        w.row += 1
    # 预算执行情况
    h = w.row
    w.put(h, 0, "预算执行情况\n（万元）" + ("\n" + _w(b.get("weight")) if b.get("weight") is not None else ""),
          merge_to=(h + 1, 0))
    w.put(h, 2, "预算数（A）")
    w.put(h, 3, "执行数\n（B）")
    w.put(h, 4, "执行率（B/A）")
    scored = b.get("reported_score") is not None or b.get("weight") is not None
    if scored:
        w.put(h, 5, f"得分\n（{b.get('weight') or 20}分*执行率）")
    w.put(h + 1, 1, "部门整体\n支出总额" if dept else "年度财政\n资金总额")
    w.put(h + 1, 2, b.get("planned"))
    w.put(h + 1, 3, b.get("executed"))
    w.put(h + 1, 4, b.get("reported_rate"))
    if scored:
        w.put(h + 1, 5, b.get("reported_score"))
    w.row += 3
    goals = form.get("goals") or []
    indicators = form["indicators"]
    columns = [("一级\n指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"),
               ("年初目标值\n（A）", "target"), ("实际完成值\n（B）", "actual"), *_score_columns(indicators)]
    column_goal = (len(goals) == 1 and goals[0].get("text") and goals[0].get("weight") is not None
                   and all(i.get("goal") is not None for i in indicators))
    if column_goal:
        g = goals[0]
        header, rows = _indicator_rows(w, indicators, columns, 1)
        w.put(header, 0, f"{g['text']}\n{_w(g['weight'])}", merge_to=(rows[-1], 0))
    elif goals and all(i.get("goal") is not None for i in indicators):
        for g in goals:
            mine = [i for i in indicators if str(i.get("goal")) == str(g["id"])]
            w.put(w.row, 0, f"年度绩效目标 {g['id']}\n{_w(g.get('weight'))}")
            w.put(w.row, 1, g.get("text"), merge_to=(w.row, 6))
            w.row += 1
            if not mine:
                continue
            header, rows = _indicator_rows(w, mine, columns, 1)
            w.put(header, 0, "年度\n绩效\n指标", merge_to=(rows[-1], 0))
    else:
        header, rows = _indicator_rows(w, indicators, columns, 1)
        w.put(header, 0, "年度\n绩效\n指标", merge_to=(rows[-1], 0))
    if form.get("reported_total") is not None:
        w.put(w.row, 0, "总分")
        w.put(w.row, 1, form["reported_total"])
        w.row += 1
    if form.get("reported_grade"):
        w.put(w.row, 0, "自评等次")
        w.put(w.row, 1, form["reported_grade"])
        w.row += 1
    w.put(w.row, 0, "偏差大或\n目标未完成\n原因分析")
    w.put(w.row, 1, "无", merge_to=(w.row, 6))
    w.row += 2
    return w.row


# -- 湖北 2019（seeds/003）--------------------------------------------------------------------------
def hubei2019(ws, form: dict, top: int = 1, left: int = 1) -> int:
    w = Writer(ws, top, left)
    p, b = form["project"], form["budget"]
    w.put(w.row, 0, "项目支出绩效自评表", merge_to=(w.row, 8))
    w.put(w.row + 1, 0, f"（{p.get('year')}年度）", merge_to=(w.row + 1, 8))
    w.row += 2
    w.put(w.row, 1, "自评时间：2020年5月")
    w.put(w.row, 3, "自评等次：")
    w.put(w.row, 4, form.get("reported_grade"))
    w.put(w.row, 5, "自评得分：")
    w.put(w.row, 6, form.get("reported_total"))
    w.row += 1
    w.put(w.row, 0, "项目名称")
    w.put(w.row, 1, p["name"], merge_to=(w.row, 8))
    w.row += 1
    w.put(w.row, 0, "主管部门")
    w.put(w.row, 1, p.get("department"), merge_to=(w.row, 3))
    w.put(w.row, 4, "实施单位")
    w.put(w.row, 5, p.get("implementer"), merge_to=(w.row, 8))
    w.row += 1
    h = w.row
    sources = b.get("sources") or []
    labels = ["其中：中央补助", "省补助", "市补助", "国债资金", "区级预算资金", "其他资金"]
    w.put(h, 0, f"项目资金\n{_w(b.get('weight'))}", merge_to=(h + 1 + len(labels), 0))
    for off, title in ((2, "全年预算数（A）"), (3, "全年执行数（B）"), (4, "预算执行率（B/A)"), (5, "自评分")):
        w.put(h, off, title)
    w.put(h + 1, 1, "年度资金总额：")
    for off, field in ((2, "planned"), (3, "executed"), (4, "reported_rate"), (5, "reported_score")):
        w.put(h + 1, off, b.get(field))
    by_label = {s["label"]: s for s in sources}
    for k, label in enumerate(labels):
        r = h + 2 + k
        w.put(r, 1, label)
        s = by_label.get(label.removeprefix("其中："))
        if s:
            for off, field in ((2, "planned"), (3, "executed"), (4, "reported_rate"), (5, "reported_score")):
                w.put(r, off, s.get(field))
    w.row = h + 2 + len(labels)
    for g in form.get("goals") or []:
        w.put(w.row, 0, f"项目\n绩效\n总目\n标\n\n{_w(g.get('weight'))}", merge_to=(w.row + 1, 0))
        w.put(w.row, 1, "年初设定目标", merge_to=(w.row, 3))
        w.put(w.row, 4, "全年实际完成情况", merge_to=(w.row, 6))
        w.put(w.row, 7, "自评分")
        w.put(w.row + 1, 1, g.get("text"), merge_to=(w.row + 1, 3))
        w.put(w.row + 1, 7, g.get("reported_score"))
        w.row += 2
    indicators = form["indicators"]
    columns = [("一级\n指标", "level1"), ("二级指标", "level2"), ("指标内容", "name"), ("年度目标值", "target"),
               ("全年完成\n值", "actual"), ("未完成原因和改进措施", "note"), ("自评分", "reported_score")]
    if any(i.get("weight") is not None for i in indicators):
        columns.insert(5, ("分值", "weight"))
    header, rows = _indicator_rows(w, indicators, columns, 1)
    total = form.get("indicators_total") or {}
    w.put(header, 0, f"绩效指标{_w(total.get('weight'))}", merge_to=(rows[-1], 0))
    if total.get("reported_score") is not None:
        w.put(header, 1 + len(columns), total["reported_score"])
    w.row += 1
    return w.row


# -- 中央 2020 / 市级（资金来源行、10 分）/ 四川 2023 ------------------------------------------------
CENTRAL_SOURCES = ("当年财政拨款", "上年结转资金", "其他资金")
SICHUAN_SOURCES = ("财政资金", "财政专户", "单位资金", "其他")


def _budget_block(w: Writer, b: dict, block: str, total_label: str, source_labels, columns):
    h = w.row
    n = len(b.get("sources") or []) or len(source_labels)
    w.put(h, 0, block, merge_to=(h + 1 + n, 0))
    for k, (title, _) in enumerate(columns):
        w.put(h, 2 + k, title)
    w.put(h + 1, 1, total_label)
    for k, (_, field) in enumerate(columns):
        w.put(h + 1, 2 + k, b.get(field))
    by_label = {s["label"]: s for s in b.get("sources") or []}
    source_labels = [s["label"] for s in b.get("sources") or []] or list(source_labels)
    n = len(source_labels)
    for j, label in enumerate(source_labels):
        w.put(h + 2 + j, 1, ("其中：" if j == 0 else "") + label)
        s = by_label.get(label)
        if s:
            for k, (_, field) in enumerate(columns):
                w.put(h + 2 + j, 2 + k, s.get(field))
    w.row = h + 2 + n


def central2020(ws, form: dict, top: int = 1, left: int = 1, level_weights: dict | None = None) -> int:
    w = Writer(ws, top, left)
    p, b = form["project"], form["budget"]
    dept = form["form"] == "department"
    w.put(w.row, 0, "部门整体支出绩效自评表" if dept else "项目支出绩效自评表", merge_to=(w.row, 8))
    w.put(w.row + 1, 0, f"（{p.get('year')}年度）", merge_to=(w.row + 1, 8))
    w.row += 3
    w.put(w.row, 0, "部门名称" if dept else "项目名称")
    w.put(w.row, 1, p["name"], merge_to=(w.row, 8))
    w.put(w.row + 1, 0, "主管部门")
    w.put(w.row + 1, 1, p.get("department"), merge_to=(w.row + 1, 3))
    w.put(w.row + 1, 4, "实施单位")
    w.put(w.row + 1, 5, p.get("implementer"), merge_to=(w.row + 1, 8))
    w.row += 2
    columns = [("年初预算数", "initial"), ("全年预算数", "planned"), ("全年执行数", "executed"), ("分值", "weight"),
               ("执行率", "reported_rate"), ("得分", "reported_score")]
    _budget_block(w, b, "项目资金\n（万元）", "年度资金总额", CENTRAL_SOURCES, columns)
    for g in form.get("goals") or []:
        w.put(w.row, 0, "年度总体目标", merge_to=(w.row + 1, 0))
        w.put(w.row, 1, "预期目标", merge_to=(w.row, 4))
        w.put(w.row, 5, "实际完成情况", merge_to=(w.row, 8))
        w.put(w.row + 1, 1, g.get("text"), merge_to=(w.row + 1, 4))
        w.row += 2
    indicators = form["indicators"]
    columns = [("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("年度指标值", "target"),
               ("实际完成值", "actual"), ("分值", "weight"), ("得分", "reported_score"),
               ("偏差原因分析及改进措施", "note")]
    header, rows = _indicator_rows(w, indicators, columns, 1, level_weights)
    w.put(header, 0, "绩\n效\n指\n标", merge_to=(rows[-1], 0))
    w.put(w.row, 0, "总分", merge_to=(w.row, 6))
    w.put(w.row, 7, form.get("reported_total"))
    w.row += 1
    if form.get("reported_grade"):
        w.put(w.row, 0, "自评等次", merge_to=(w.row, 6))
        w.put(w.row, 7, form.get("reported_grade"))
        w.row += 1
    return w.row + 1


def city(ws, form: dict, top: int = 1, left: int = 1) -> int:
    """A city template: the central layout with block weights printed in the 一级 labels."""
    sums: dict = {}
    for i in form["indicators"]:
        if i.get("weight") is not None:
            sums[i["level1"]] = sums.get(i["level1"], 0) + i["weight"]
    return central2020(ws, form, top, left, level_weights=sums)


def sichuan2023(ws, form: dict, top: int = 1, left: int = 1) -> int:
    w = Writer(ws, top, left)
    p, b = form["project"], form["budget"]
    w.put(w.row, 0, f"项目支出绩效自评表（{p.get('year')}年度）", merge_to=(w.row, 10))
    w.row += 2
    w.put(w.row, 0, "项目名称")
    w.put(w.row, 1, p["name"], merge_to=(w.row, 10))
    w.put(w.row + 1, 0, "主管部门")
    w.put(w.row + 1, 1, p.get("department"), merge_to=(w.row + 1, 4))
    w.put(w.row + 1, 5, "实施单位")
    w.put(w.row + 1, 6, p.get("implementer"), merge_to=(w.row + 1, 10))
    w.row += 2
    columns = [("预算数", "planned"), ("执行数", "executed"), ("分值", "weight"), ("执行率", "reported_rate"),
               ("得分", "reported_score")]
    _budget_block(w, b, "预算执行情况\n（万元）", "总额", SICHUAN_SOURCES, columns)
    for g in form.get("goals") or []:
        w.put(w.row, 0, "年度总体目标")
        w.put(w.row, 1, g.get("text"), merge_to=(w.row, 10))
        w.row += 1
    columns = [("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"), ("指标性质", "nature"),
               ("指标值", "target"), ("度量单位", "unit"), ("完成值", "actual"), ("权重", "weight"),
               ("得分", "reported_score"), ("未完成原因", "note")]
    header, rows = _indicator_rows(w, form["indicators"], columns, 1)
    w.put(header, 0, "绩效指标\n（90分）", merge_to=(rows[-1], 0))
    w.put(w.row, 0, "总分", merge_to=(w.row, 8))
    w.put(w.row, 9, form.get("reported_total"))
    if form.get("reported_grade"):
        w.put(w.row + 1, 0, "自评等次", merge_to=(w.row + 1, 8))
        w.put(w.row + 1, 9, form["reported_grade"])
    return w.row + 3


LAYOUTS = {"wuhan": wuhan, "hubei2019": hubei2019, "central2020": central2020, "city": city,
           "sichuan2023": sichuan2023}


def workbook_for(forms: list[tuple[str, dict]], path, *, sheet_per_form: bool = False, top: int = 1,
                 left: int = 1):
    """Write forms (layout name, dict) into one workbook: one sheet each, or stacked on one sheet."""
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "表1"
    row = top
    for n, (layout, form) in enumerate(forms):
        if sheet_per_form and n:
            ws = wb.create_sheet(f"表{n + 1}")
            row = top
        row = LAYOUTS[layout](ws, form, top=row, left=left) + 1
    for ws in wb.worksheets:
        for c in range(1, 15):
            ws.column_dimensions[get_column_letter(c)].width = 14
    wb.save(path)
    return path
