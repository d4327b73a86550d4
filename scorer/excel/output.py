"""Write a workbook or an imported YAML through the one safe writer (scorer.report.output): never half
a file, never over one of the inputs (a checked copy must not replace the form it checks).  Text cells we write
go through `set_text` (formula injection)."""

from __future__ import annotations

from scorer.report.cells import safe_cell
from scorer.report.output import write_report


def set_text(cell, text: str) -> None:
    """Write `text` into an openpyxl cell as text that cannot run as a formula (a leading ' where it
    would), never as a formula."""
    cell.value = safe_cell(text)
    cell.data_type = "s"


def write_bytes(path, data: bytes, inputs=()) -> None:
    """The safe report writer (scorer.report.output): atomic for a file, written through to a device or
    FIFO, never over an input, a folder or a read-only file.  OSError and OutputRefused go to the caller."""
    write_report(path, data, inputs)
