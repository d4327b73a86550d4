"""Workbook cells that stay text: the defence against formula injection for the sheets we write.

A spreadsheet treats a cell starting with `=`, `+`, `-` or `@` (tab or carriage return can smuggle one
past a naive check) as a formula (`=HYPERLINK(…)`, `=cmd|' /C calc'!A0`).  Form text reaches the checked
workbook (indicator names, printed values, messages), so every text cell we write goes through
`spreadsheet_text`: a formula-like start gets a leading `'` (OWASP), and the cell is written as text.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    """`text` safe as a spreadsheet cell: a formula-like start neutralised with `'`."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def set_text(cell, text: str) -> None:
    """Write `text` into an openpyxl cell as a string, never as a formula."""
    cell.value = spreadsheet_text(text)
    cell.data_type = "s"
