"""A drawn sample as a workbook: sheet 抽样 (the reviewer fills in 错报 and 备注, and
`perfscore sample record --from` reads it back) and sheet 说明 (seed, method, parameters, hash)."""

from __future__ import annotations

import json

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from scorer.report.output import save_workbook
from scorer.report.cells import safe_cell, workbook_text, workbook_value
from scorer.report.sampling import METHOD_NAMES, review_columns, sample_rows

WIDTHS = {"序号": 6, "编号": 14, "文件": 40, "金额": 14, "抽取理由": 60, "错报": 12, "备注": 30}


def write_sample_xlsx(record: dict, output: str) -> None:
    """Write the workbook safely (report/output.py: atomic for a file, never over a device or an input)."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = "抽样"
    columns = review_columns(record)
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    money = columns.index("金额")
    for row, item in zip(sample_rows(record), record["items"], strict=True):
        row = [safe_cell(c) for c in row]         # text that looks like a formula stays text
        row[money] = item["value"]                 # a number in the workbook (Decimal, exact as printed)
        sheet.append([*(workbook_value(cell) for cell in row), None, None])
        for cell in sheet[sheet.max_row]:     # ids, files, reasons: the user's text, never formulas
            workbook_text(cell)
        if item["value"] is not None:
            sheet.cell(row=sheet.max_row, column=money + 1).number_format = "#,##0.00"
    sheet.freeze_panes = "A2"
    for k, name in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(k)].width = WIDTHS[name]
    about = wb.create_sheet("说明")
    for row in (["样本", record["sample"]], ["方法", METHOD_NAMES[record["method"]]], ["种子", record["seed"]],
                ["总体项数", record["population_size"]], ["总体哈希", record["population_hash"]],
                ["算法版本", record["algorithm_version"]],
                ["参数", json.dumps(record["parameters"], ensure_ascii=False, sort_keys=True)],
                ["填写", "在“抽样”表的“错报”列填写复核发现的错报金额（无错报填 0），然后运行 "
                        "perfscore sample record 样本 --db 库 --from 本文件"]):
        about.append(row)
    about.column_dimensions["A"].width = 12
    about.column_dimensions["B"].width = 80
    save_workbook(output, wb.save)
