"""Text we write into a workbook cell (a checked copy, a template): always a string cell, never a formula
(formula injection).  Files themselves are written by `scorer.report.output.write_report`."""

from __future__ import annotations

from scorer.report.cells import safe_cell


def set_text(cell, text: str) -> None:
    """Write `text` into an openpyxl cell as text that cannot run as a formula (a leading ' where it
    would), never as a formula."""
    cell.value = safe_cell(text)
    cell.data_type = "s"
