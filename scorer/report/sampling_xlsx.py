"""A drawn sample as a workbook: sheet 抽样 (the reviewer fills in 错报 and 备注, and
`perfscore sample record --from` reads it back) and sheet 说明 (seed, method, parameters, hash)."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from scorer.report.sampling import METHOD_NAMES, REVIEW_COLUMNS

WIDTHS = {"A": 6, "B": 14, "C": 14, "D": 60, "E": 12, "F": 30}


def write_sample_xlsx(record: dict, output: str) -> None:
    """Write the workbook atomically (a temporary file renamed over `output`)."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = "抽样"
    sheet.append(REVIEW_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for k, item in enumerate(record["items"], start=1):
        sheet.append([k, item["id"], item["value"], item["reason"], None, None])
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
    target = Path(output)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or Path("."))
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)          # as an ordinary new file, not mkstemp's 0600
        wb.save(tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
