"""Reading a reviewer's sheet: the CSV that `sample select --format csv` writes, filled in.

Columns 编号 and 错报 (or id and misstatement), 备注/note optional.  A row whose 错报 is blank has
not been reviewed and is skipped; 0 means reviewed, no misstatement.  Every bad row is reported
with file:line, and nothing is stored unless the whole sheet reads.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

from scorer.errors import InputError, os_error_text
from scorer.sampling.population import parse_money

ID_NAMES, AMOUNT_NAMES, NOTE_NAMES = ("编号", "id"), ("错报", "misstatement"), ("备注", "note")


def _column(header, names, path, required=True):
    for name in names:
        if name in header:
            return header.index(name)
    if required:
        raise InputError(f"表头中没有“{names[0]}”列（或 {names[1]}）", path, 1)
    return None


def read_review_sheet(path: str, sample_ids: set[str]) -> list[tuple[str, Decimal, str | None]]:
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError(f"无法读取复核表（{os_error_text(exc)}）", path) from None
    except UnicodeDecodeError:
        raise InputError("复核表应为 UTF-8 编码的 CSV", path) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader, [])]
    if not header:
        raise InputError("复核表为空", path, 1)
    id_col, amount_col = _column(header, ID_NAMES, path), _column(header, AMOUNT_NAMES, path)
    note_col = _column(header, NOTE_NAMES, path, required=False)
    out = []
    for row in reader:
        line = reader.line_num
        if not any(c.strip() for c in row):
            continue
        if len(row) <= max(id_col, amount_col):
            raise InputError(f"本行只有 {len(row)} 列", path, line)
        item, amount = row[id_col].strip(), row[amount_col].strip()
        if item not in sample_ids:
            raise InputError(f"编号“{item}”不在该样本中", path, line)
        if not amount:
            continue
        note = row[note_col].strip() if note_col is not None and note_col < len(row) else ""
        out.append((item, parse_money(amount, path, line, header[amount_col]), note or None))
    if not out:
        raise InputError("复核表中没有填写任何错报（“错报”列全为空）", path)
    return out
