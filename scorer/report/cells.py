"""Spreadsheet cells that cannot run as formulas (CSV / Excel formula injection, OWASP), for every sheet
we write.

A spreadsheet treats a text cell that starts with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(…)`,
`=cmd|' /C calc'!A0`), and a tab or carriage return can smuggle one past a naive check.  Form text (an
indicator's name, a printed value, a file name) reaches our CSV and workbook outputs, so every text cell
goes through `spreadsheet_text` / `safe_cell`: such a cell gets a leading `'`, as OWASP recommends, and
the spreadsheet shows the text that was written.  Numbers (also negative ones such as -2.5, or 95%) stay
numbers.  Terminal controls and undecodable file-name bytes are escaped as in every other output.
"""

from __future__ import annotations

import re

from scorer.errors import escape_except, escape_lines, printable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?%?")
_CELL_START = re.compile("\\|[" + re.escape("".join(FORMULA_STARTS)) + "]")   # a cell of "|".join(…) starting so


def spreadsheet_text(text: str) -> str:
    """`text` safe as a spreadsheet cell: a formula-like start neutralised with `'` (a plain number is
    left alone); other controls and file-name bytes escaped (\\x1b, \\xNN); tabs and line breaks kept."""
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        text = "'" + text
    return escape_except(text, "\t\n\r")


def safe_cell(value):
    """The value as a spreadsheet may show it: None → '', text through `spreadsheet_text`, numbers as they are."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    return spreadsheet_text(value)


def safe_row(values) -> list:
    """`safe_cell` of every value of a row.  Most rows need nothing: their text cells are checked in one
    pass (no formula-like start, nothing to escape) and only a row that needs it goes cell by cell."""
    joined = "|" + "|".join(v for v in values if isinstance(v, str))
    if printable(joined) and not _CELL_START.search(joined):
        return ["" if v is None else v for v in values]
    return [safe_cell(v) for v in values]


def workbook_value(value):
    """A value for a workbook cell: text with the characters a worksheet cannot hold (and a terminal
    would act on) escaped, as everywhere else; anything else as it is."""
    return escape_lines(value) if isinstance(value, str) else value


def workbook_text(cell) -> None:
    """The workbook counterpart of `spreadsheet_text` (openpyxl): a text cell keeps its exact text but is
    typed as a string, so `=…` is shown, never calculated."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
