"""A drawn sample as a workbook: sheet 抽样 (the reviewer fills in 错报 and 备注, and
`perfscore sample record --from` reads it back) and sheet 说明 (seed, method, parameters, hash)."""

from __future__ import annotations

import io
import json

from openpyxl import Workbook
from openpyxl.styles import Font

from scorer.report.cells import workbook_text, workbook_value
from scorer.report.output import write_report
from scorer.report.sampling import METHOD_NAMES, REVIEW_COLUMNS

WIDTHS = {"A": 6, "B": 14, "C": 14, "D": 60, "E": 12, "F": 30}


def write_sample_xlsx(record: dict, output: str) -> None:
    """Write the workbook safely (report/output.py: atomic for a file, never over a device or an input)."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = "抽样"
    sheet.append(REVIEW_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for k, item in enumerate(record["items"], start=1):
        sheet.append([k, workbook_value(item["id"]), item["value"], workbook_value(item["reason"]), None, None])
        for column in (2, 4):           # ids and reasons come from the user's lists: text, never formulas
            workbook_text(sheet.cell(row=k + 1, column=column))
        if item["value"] is not None:
            sheet.cell(row=k + 1, column=3).number_format = "#,##0.00"
    sheet.freeze_panes = "A2"
    for column, width in WIDTHS.items():
        sheet.column_dimensions[column].width = width
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
    buffer = io.BytesIO()
    wb.save(buffer)
    write_report(output, buffer.getvalue())
