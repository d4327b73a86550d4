"""CSV for auditors' spreadsheets: one column set, one row per finding, every row self-contained.

Each row repeats the form's project name, department and year (so an Excel filter on any column keeps
whole rows), gives the machine path and the line/column of the value in the input, and the indicator
counted from 1.  A form with no finding (or none at --min-severity) still gets one row, so clean forms
do not vanish from the sheet; a file that could not be read gets one row with code ERROR.
UTF-8 with BOM, so Excel reads the Chinese.
"""

from __future__ import annotations

import csv
import io

from scorer.codes import SEVERITY_NAMES
from scorer.errors import BrokenFile
from scorer.numbers import fmt_trimmed
from scorer.report.cells import safe_cell
from scorer.report.options import ReportOptions, Summary
from scorer.report.places import indicator_index, location_of, place

HEADER = ["文件", "行", "列", "项目名称", "部门", "年度", "规则集", "代码", "名称", "严重程度", "位置", "路径",
          "指标序号", "指标", "分组", "应为", "表列", "复算总分", "表列总分", "说明"]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return fmt_trimmed(value, 4)


def _number(value) -> str:
    return "" if value is None else str(value)


def _rows(ev, options: ReportOptions):
    p = ev.form.project
    form = [p.name, p.department or "", _number(p.year), ev.ruleset.id]
    totals = [_cell(ev.scored.total), _cell(ev.form.reported_total)]
    shown = options.shown(ev.findings)
    if not shown:
        hidden = Summary.of(ev.findings, options).hidden
        note = f"无达到 {options.min_severity} 级别的发现（{hidden} 条较低级别的未列出）" if hidden else "无发现"
        yield [ev.file, "", "", *form, "", "", "无", *[""] * 7, *totals, note]
        return
    for f in shown:
        where = location_of(f, ev.file)
        index = indicator_index(f.path)
        number, name = ("", "") if index is None or index >= len(ev.form.indicators) else (
            str(index + 1), ev.form.indicators[index].name)
        yield [ev.file, _number(where.line), _number(where.column), *form, f.code, f.name,
               SEVERITY_NAMES[f.severity], place(f.path, ev.form), f.path, number, name, f.group or "",
               _cell(f.expected), _cell(f.reported), *totals, f.message]


def csv_piece(r, options: ReportOptions) -> str:
    """One file's rows: its findings, a row saying it has none, or its input error."""
    out = io.StringIO()
    writer = _SafeWriter(csv.writer(out, lineterminator="\n"))
    if isinstance(r, BrokenFile):
        where = r.location
        line, column = (where.line, where.column) if where is not None else (None, None)
        writer.writerow([r.file, _number(line), _number(column), "", "", "", "", "ERROR", "输入错误", "错误",
                         "", where.path if where else "", "", "", "", "", "", "", "", r.message])
    else:
        writer.writerows(_rows(r, options))
    return out.getvalue()


def csv_layout(options: ReportOptions):
    from scorer.report.stream import Layout
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(HEADER)
    head = "\ufeff" + out.getvalue()
    return Layout(head=head, sep="", tail="", empty=head)


def render_csv(results, options: ReportOptions | None = None, *, explain: bool = False) -> str:
    from scorer.report.stream import render
    return render("csv", results, options or ReportOptions(explain=explain))


class _SafeWriter:
    """Every cell through `safe_cell`: names, values, file names and messages are user text, and a cell
    such as `=HYPERLINK(…)` must reach the spreadsheet as text, never as a formula."""

    def __init__(self, writer):
        self.writer = writer

    def writerow(self, row) -> None:
        self.writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)
