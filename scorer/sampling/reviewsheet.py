"""Reading a reviewer's sheet: what `sample select --format csv|xlsx` writes, filled in.

Columns 编号 and 错报 (or id and misstatement), 备注/note optional; an xlsx is read from its 抽样
sheet (else the first sheet) with python-calamine.  A row whose 错报 is blank has not been
reviewed and is skipped; 0 means reviewed, no misstatement.  Every bad row is reported with
file:line (CSV) or file: sheet!cell (xlsx), and nothing is stored unless the whole sheet reads.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

from scorer.errors import InputError, os_error_text
from scorer.sampling.population import csv_text, parse_money

ID_NAMES, AMOUNT_NAMES, NOTE_NAMES = ("编号", "id"), ("错报", "misstatement"), ("备注", "note")
SHEET = "抽样"


def _column(header, names, path, where):
    for name in names:
        if name in header:
            return header.index(name)
    if names is NOTE_NAMES:
        return None
    raise InputError(f"表头中没有“{names[0]}”列（或 {names[1]}）", path, **where)


def _csv_rows(path: str, data: bytes):
    reader = csv.reader(io.StringIO(csv_text(data, path), newline=""))
    try:
        for row in reader:
            yield {"line": reader.line_num}, [c.strip() for c in row]
    except csv.Error as exc:
        raise InputError(f"CSV 格式错误（{exc}）", path, reader.line_num) from None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if value != int(value) else str(int(value))
    return str(value).strip()


def _xlsx_rows(path: str):
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(path)
        name = SHEET if SHEET in book.sheet_names else book.sheet_names[0]
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:                     # calamine raises its own error types for broken files
        raise InputError(f"无法读取工作簿（{exc}）", path) from None
    for k, row in enumerate(rows, start=1):
        yield {"path": f"{name}!{k}"}, [_cell_text(c) for c in row]


def _unquoted(text: str) -> str:
    """Undo the apostrophe our sheets put before formula-looking text (=, +, -, @)."""
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        return text[1:]
    return text


def read_review_sheet(path: str, sample_ids: set[str]) -> list[tuple[str, Decimal, str | None]]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取复核表（{os_error_text(exc)}）", path) from None
    rows = _xlsx_rows(path) if data[:4] == b"PK\x03\x04" else _csv_rows(path, data)
    first = next(rows, None)
    if first is None or not any(first[1]):
        raise InputError("复核表为空", path, 1)
    where, header = first
    id_col, amount_col = _column(header, ID_NAMES, path, where), _column(header, AMOUNT_NAMES, path, where)
    note_col = _column(header, NOTE_NAMES, path, where)
    out = []
    for where, row in rows:
        if not any(row):
            continue
        if len(row) <= max(id_col, amount_col):
            raise InputError(f"本行只有 {len(row)} 列", path, **where)
        item, amount = _unquoted(row[id_col]), row[amount_col]
        if item not in sample_ids:
            raise InputError(f"编号“{item}”不在该样本中", path, **where)
        if not amount:
            continue
        note = _unquoted(row[note_col]) if note_col is not None and note_col < len(row) else ""
        try:
            value = parse_money(amount, path, where.get("line"), header[amount_col])
        except InputError as exc:
            raise InputError(exc.message, path, **where) from None
        out.append((item, value, note or None))
    if not out:
        raise InputError("复核表中没有填写任何错报（“错报”列全为空）", path)
    return out
