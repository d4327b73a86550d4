"""Spreadsheet cells that cannot run as formulas (CSV / Excel formula injection, OWASP).

A text cell starting with = + - @ (or a tab / carriage return) is a formula to Excel and LibreOffice;
it is written with a leading apostrophe instead.  Numbers (also negative ones such as -2.5) stay numbers.
"""

from __future__ import annotations

import re

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?%?")


def safe_cell(value):
    """The value as a spreadsheet may show it: None → '', formula-looking text → "'" + text."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    if value.startswith(_TRIGGERS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value
