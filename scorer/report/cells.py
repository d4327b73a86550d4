"""Spreadsheet cells that stay text: the defence against CSV/formula injection, for every sheet we write.

A spreadsheet treats a cell that starts with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(…)`,
`=cmd|' /C calc'!A0`), and tab or carriage return can smuggle one past a naive check.  Form text (an
indicator's name, a printed value, a file name) reaches our CSV and, later, workbook outputs, so every
text cell goes through `spreadsheet_text`: such a cell gets a leading `'`, as OWASP recommends, and
the spreadsheet shows it as the text that was written.  Numbers we computed are written as numbers.
"""

from __future__ import annotations

from scorer.errors import escape_lines

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    """`text` safe as a spreadsheet cell: a formula-like start neutralised with `'`; terminal controls
    and file-name bytes that are not UTF-8 escaped (\\x1b, \\xNN) as everywhere else; line breaks kept."""
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    return escape_lines(text)


def workbook_value(value):
    """A value for a workbook cell: text with the characters a worksheet cannot hold (and a terminal
    would act on) escaped, as everywhere else; anything else as it is."""
    return escape_lines(value) if isinstance(value, str) else value


def workbook_text(cell) -> None:
    """The workbook counterpart of `spreadsheet_text` (openpyxl): a text cell keeps its exact text but is
    typed as a string, so `=…` is shown, never calculated."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
