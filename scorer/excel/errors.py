"""Workbook errors: one Chinese line naming the workbook, the sheet and the cell (“表1!D12”)."""

from __future__ import annotations

from scorer.errors import InputError


def cell_name(row: int, col: int) -> str:
    """0-based (row, col) -> 'D12'."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def sheet_cell(sheet: str, row: int, col: int) -> str:
    return f"{sheet}!{cell_name(row, col)}"


class WorkbookError(InputError):
    """An InputError whose location is a sheet cell instead of line:column."""

    def __init__(self, message: str, file: str | None = None, cell: str | None = None, path=None):
        super().__init__(message, file=file, path=path)
        self.cell = cell

    def location(self) -> str:
        where = self.file or "<工作簿>"
        return f"{where}:{self.cell}" if self.cell else where
