"""CSV: one row per finding, for auditors' spreadsheets (UTF-8 with BOM so Excel reads 中文)."""

from __future__ import annotations

import csv
import io

from scorer.codes import SEVERITY_NAMES
from scorer.engine import BrokenFile
from scorer.numbers import fmt_trimmed

HEADER = ["文件", "规则集", "代码", "名称", "严重程度", "路径", "分组", "应为", "表列", "说明"]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return fmt_trimmed(value, 4)


def _rows(writer, r) -> None:
    if isinstance(r, BrokenFile):
        writer.writerow([r.file, "", "ERROR", "输入错误", "错误", "", "", "", "", r.message])
        return
    for f in r.findings:
        writer.writerow([r.file, r.ruleset.id, f.code, f.name, SEVERITY_NAMES[f.severity], f.path,
                         f.group or "", _cell(f.expected), _cell(f.reported), f.message])


def csv_piece(r, explain: bool = False) -> str:
    """One file's rows (none for a file without findings)."""
    out = io.StringIO()
    _rows(csv.writer(out, lineterminator="\n"), r)
    return out.getvalue()


def csv_layout(explain: bool = False):
    from scorer.report.stream import Layout
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(HEADER)
    head = "\ufeff" + out.getvalue()
    return Layout(head=head, sep="", tail="", empty=head)


def render_csv(results, explain: bool = False) -> str:
    from scorer.report.stream import render
    return render("csv", results, explain)
