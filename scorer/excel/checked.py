"""The checked form handed back: the workbook as it came, every cell a finding is about highlighted
(error red, warning amber), a comment on it with the message and the formula with the numbers, the
recomputed score in a new column 复算得分, and a 复核结果 sheet listing every finding.

The reader's cell map (key path -> sheet!cell) says where each finding belongs; a finding about a value
the form left out (a missing weight column) goes to the nearest cell that exists (the indicator's row).
Every text we write goes through `set_text` (report.cells.safe_cell: formula injection); the original cells are kept.
An .xls cannot be opened by openpyxl, so its checked copy holds the sheets' printed values only.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from scorer.excel.errors import WorkbookError
from scorer.excel.load import locate_cell
from scorer.numbers import fmt
from scorer.excel.output import set_text

FILLS = {"error": PatternFill("solid", fgColor="FFC7CE"), "warning": PatternFill("solid", fgColor="FFEB9C")}
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
RANK = {"info": 1, "warning": 2, "error": 3}
RESULT_SHEET = "复核结果"
_CELL = re.compile(r"^(.*)!([A-Z]+\d+)$")
_INDICATOR_ROW = re.compile(r"^indicators\[(\d+)\]$")


def _split(where: str) -> tuple[str, str]:
    m = _CELL.match(where)
    return (m.group(1), m.group(2)) if m else ("", where)


def _formula(evaluation, path: str) -> str | None:
    """The formula with the numbers behind a finding (budget or indicator), when scoring wrote one."""
    scored = evaluation.scored
    if path.startswith("budget"):
        return scored.budget.formula_text
    m = re.match(r"^indicators\[(\d+)\]", path)
    if m and int(m.group(1)) < len(scored.indicators):
        return scored.indicators[int(m.group(1))].formula_text
    return None


def _open_original(path: str):
    if path.lower().endswith(".xls"):
        from scorer.excel.workbook import read_workbook
        wb = Workbook()
        wb.remove(wb.active)
        for sheet in read_workbook(path):
            ws = wb.create_sheet(sheet.name[:31])
            for (r, c), text in sheet.cells.items():
                if sheet.anchor(r, c) == (r, c):
                    set_text(ws.cell(row=r + 1, column=c + 1), text)
        return wb
    try:
        return load_workbook(path, rich_text=False)
    except Exception as exc:     # openpyxl raises many types for files calamine could read
        raise WorkbookError(f"无法以 openpyxl 打开工作簿以写出复核结果（{type(exc).__name__}: {exc}）",
                            file=path) from None


def checked_workbook(results, workbook_path: str) -> bytes:
    """The checked copy of one workbook, as .xlsx bytes (written by the caller atomically)."""
    from scorer.engine import BrokenFile
    wb = _open_original(workbook_path)
    marks: dict[tuple[str, str], list] = defaultdict(list)
    listing = []
    score_columns: dict[str, int] = {}
    for result in results:
        if isinstance(result, BrokenFile):
            listing.append((result.file, "", "", "error", "无法复核", result.message, ""))
            continue
        cells = result.cells or {}
        for finding in result.findings:
            where = locate_cell(cells, finding.path) or ""
            sheet, cell = _split(where)
            formula = _formula(result, finding.path)
            if sheet:
                marks[(sheet, cell)].append((finding, formula))
            listing.append((result.file, sheet, cell, finding.severity, f"{finding.code} {finding.name}",
                            finding.message + (f"\n公式：{formula}" if formula and formula not in finding.message
                                               else ""), finding.path))
        _write_scores(wb, result, cells, score_columns)
    for (sheet, cell), items in marks.items():
        if sheet not in wb.sheetnames:
            continue
        target = wb[sheet][cell]
        worst = max(items, key=lambda item: RANK.get(item[0].severity, 0))[0].severity
        if worst in FILLS:
            target.fill = FILLS[worst]
        lines = []
        for finding, formula in items:
            lines.append(f"[{SEVERITY_NAMES.get(finding.severity, finding.severity)}] {finding.code} "
                         f"{finding.name}：{finding.message}")
            if formula and formula not in finding.message:
                lines.append(f"公式：{formula}")
        target.comment = Comment("\n".join(lines)[:30000], "perfscore", width=360, height=160)
    _result_sheet(wb, listing)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _write_scores(wb, evaluation, cells: dict, score_columns: dict) -> None:
    """复算得分: one new column right of the sheet's last, on the indicator rows, the budget and 总分 rows."""
    anchor = locate_cell(cells, "indicators")
    if not anchor:
        return
    sheet, header_cell = _split(anchor)
    if sheet not in wb.sheetnames:
        return
    ws = wb[sheet]
    if sheet not in score_columns:
        score_columns[sheet] = ws.max_column + 1
        ws.column_dimensions[get_column_letter(score_columns[sheet])].width = 12
    col = score_columns[sheet]
    places = evaluation.ruleset.places if evaluation.ruleset.places is not None else 2

    def put(where: str | None, value, bold: bool = False) -> None:
        if not where:
            return
        _, ref = _split(where)
        row = int(re.sub(r"^[A-Z]+", "", ref))
        cell = ws.cell(row=row, column=col)
        if isinstance(value, str):
            set_text(cell, value)
        elif value is not None:
            cell.value = float(fmt(value, places))
            cell.number_format = "0." + "0" * places if places else "0"
        if bold:
            cell.font = Font(bold=True)

    put(anchor, "复算得分", bold=True)
    scored = evaluation.scored
    for index, result in enumerate(scored.indicators):
        put(cells.get(f"indicators[{index}]"), result.score if result.score is not None else "无法核验")
    if scored.budget.score is not None:
        put(cells.get("budget"), scored.budget.score)
    if scored.total is not None:
        put(cells.get("reported_total"), scored.total)
    del header_cell


def _result_sheet(wb, listing) -> None:
    name = RESULT_SHEET
    if name in wb.sheetnames:
        del wb[name]
    ws = wb.create_sheet(name)
    headers = ["表", "工作表", "单元格", "级别", "发现", "说明（含公式与数字）", "键路径"]
    for c, title in enumerate(headers, 1):
        set_text(ws.cell(row=1, column=c), title)
        ws.cell(row=1, column=c).font = Font(bold=True)
    for r, (form, sheet, cell, severity, what, message, path) in enumerate(listing, 2):
        for c, value in enumerate((form, sheet, cell, SEVERITY_NAMES.get(severity, severity), what, message, path), 1):
            set_text(ws.cell(row=r, column=c), str(value))
        if severity in FILLS:
            ws.cell(row=r, column=4).fill = FILLS[severity]
    if not listing:
        set_text(ws.cell(row=2, column=1), "没有发现")
    for c, width in enumerate((36, 10, 8, 6, 24, 80, 28), 1):
        ws.column_dimensions[get_column_letter(c)].width = width
