"""CSV: one row per finding, for auditors' spreadsheets (UTF-8 with BOM so Excel reads 中文)."""

from __future__ import annotations

import csv
import io

from scorer.codes import SEVERITY_NAMES
from scorer.engine import BrokenFile
from scorer.numbers import fmt_trimmed
from scorer.report.cells import spreadsheet_text

HEADER = ["文件", "规则集", "代码", "名称", "严重程度", "路径", "分组", "应为", "表列", "说明"]


def _cell(value) -> str:
    """Text neutralised against formula injection; computed numbers (Decimal) as plain numbers."""
    if value is None:
        return ""
    if isinstance(value, str):
        return spreadsheet_text(value)
    return fmt_trimmed(value, 4)


def render_csv(results, explain: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for r in results:
        if isinstance(r, BrokenFile):
            writer.writerow([_cell(r.file), "", "ERROR", "输入错误", "错误", "", "", "", "", _cell(r.message)])
            continue
        for f in r.findings:
            writer.writerow([_cell(r.file), _cell(r.ruleset.id), f.code, f.name, SEVERITY_NAMES[f.severity],
                             _cell(f.path), _cell(f.group or ""), _cell(f.expected), _cell(f.reported),
                             _cell(f.message)])
    return "\ufeff" + out.getvalue()
