"""Excel workbook of an audit run (openpyxl, streamed in write-only mode so memory stays flat).

Sheets 汇总 / 登记表 / 发现 / 损坏文件 (and 抽样 when samples were drawn from the run): Chinese
headers, frozen header row, filters, column widths, errors highlighted.  Text that would run as a
formula is escaped; money and scores are written as exact numbers.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from scorer.audit.view import FINDING_COLUMNS, FINDING_HEADERS, REGISTER_COLUMNS, REGISTER_HEADERS
from scorer.codes import SEVERITY_NAMES
from scorer.report.audit_table import summary_lines
from scorer.report.output import save_workbook
from scorer.report.cells import safe_cell

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
ERROR_FILL = PatternFill("solid", fgColor="F8CBAD")
WARNING_FILL = PatternFill("solid", fgColor="FFE699")
NUMERIC = {"planned", "executed", "rate", "reported_total", "computed_total", "inflation", "risk", "expected",
           "reported", "value", "misstatement"}
WIDTHS = {"file": 40, "project": 30, "department": 18, "implementer": 18, "why": 80, "message": 80, "name": 22,
          "path": 28, "error": 100, "duplicate_of": 30, "conflicts_with": 30, "reason": 60, "note": 30,
          "recorded_at": 22}


def _value(column: str, value):
    if value is None:
        return None
    if column in NUMERIC and isinstance(value, str):
        try:
            number = Decimal(value)
        except InvalidOperation:
            return safe_cell(value)
        if number.is_finite():
            return number
    return safe_cell(value) if isinstance(value, str) else value


def _sheet(wb, title: str, columns: list[str], headers: dict, rows, fill_for=None) -> None:
    ws = wb.create_sheet(title)
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column, 12)
    ws.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=headers.get(column, column))
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        header.append(cell)
    ws.append(header)
    count = 0
    for row in rows:
        fill = fill_for(row) if fill_for else None
        cells = []
        for column in columns:
            cell = WriteOnlyCell(ws, value=_value(column, row.get(column)))
            if fill is not None and column in fill[1]:
                cell.fill = fill[0]
            cells.append(cell)
        ws.append(cells)
        count += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"


def _register_fill(row):
    if row.get("errors"):
        return ERROR_FILL, {"errors", "computed_total", "computed_grade", "risk", "rank"}
    if row.get("warnings"):
        return WARNING_FILL, {"warnings"}
    return None


def _finding_fill(row):
    if row.get("severity") == SEVERITY_NAMES["error"]:
        return ERROR_FILL, {"severity", "code", "message"}
    if row.get("severity") == SEVERITY_NAMES["warning"]:
        return WARNING_FILL, {"severity", "code"}
    return None


def _summary_sheet(wb, view) -> None:
    ws = wb.create_sheet("汇总")
    ws.column_dimensions["A"].width = 120
    title = WriteOnlyCell(ws, value="perfscore 审核汇总")
    title.font = Font(bold=True, size=14)
    ws.append([title])
    for line in summary_lines(view):
        cell = WriteOnlyCell(ws, value=safe_cell(line))
        cell.alignment = Alignment(wrap_text=True)
        ws.append([cell])


def _findings_rows(view):
    for f in view.findings():
        f["severity"] = SEVERITY_NAMES.get(f["severity"], f["severity"])
        yield f


def _samples_sheet(wb, view) -> None:
    from scorer.sampling.store import SHEET_COLUMNS, SHEET_HEADERS, sheet_rows

    _sheet(wb, "抽样", SHEET_COLUMNS, SHEET_HEADERS, sheet_rows(view.conn, view.id))


def _has_samples(view) -> bool:
    return view.has_table("samples") and view.conn.execute(
        "SELECT 1 FROM samples WHERE run_id = ? LIMIT 1", (view.id,)).fetchone() is not None


def write_audit_xlsx(view, output) -> None:
    """Write the workbook to `output` safely (report/output.py: atomic for a file, never over a device)."""
    wb = Workbook(write_only=True)
    _summary_sheet(wb, view)
    _sheet(wb, "登记表", [*REGISTER_COLUMNS, "why"], REGISTER_HEADERS, view.forms(), _register_fill)
    _sheet(wb, "发现", FINDING_COLUMNS, FINDING_HEADERS, _findings_rows(view), _finding_fill)
    _sheet(wb, "损坏文件", ["file", "error"], {"file": "文件", "error": "错误"}, view.broken())
    if _has_samples(view):
        _samples_sheet(wb, view)
    save_workbook(output, wb.save)
