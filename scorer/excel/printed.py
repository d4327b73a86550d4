"""A cell's value as the form prints it: '93.6%' for a percent-formatted 0.936, '19.20' for 0.00.

Only what changes the digits a reader sees is applied — percent, fixed decimals, integer formats.
Thousands separators are left out (a transcriber writes 1953.5 for “1,953.50”, see samples/README.md);
text stays exactly as typed, so a number stored as text keeps its printed digits.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

_SECTION_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_DATE_TOKENS = re.compile(r"[ymdhs]", re.IGNORECASE)


def general(value: float) -> str:
    """Excel's General format: up to 10 significant digits, no trailing zeros, no exponent for forms."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.10g}"
    if "e" in text:
        text = format(Decimal(repr(value)).normalize(), "f")
    return text


def _decimals(section: str) -> int:
    if "." not in section:
        return 0
    tail = section.split(".", 1)[1]
    count = 0
    for ch in tail:
        if ch in "0#?":
            count += 1
        else:
            break
    return count


def _fixed(value: float, decimals: int, scale: int = 1) -> str:
    number = Decimal(repr(value)) * scale
    return f"{number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP):f}"


def printed(value, code: str | None = None) -> str:
    """Text of a calamine value under number format `code` ('' for an empty cell)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return str(value)
    if not isinstance(value, (int, float)):
        return str(value)
    number = float(value)
    if not code or code == "General" or code == "@":
        return general(number)
    section = _SECTION_LITERALS.sub("", code.split(";", 1)[0])
    if "%" in section:
        return _fixed(number, _decimals(section), 100) + "%"
    if "E" in section.upper() or _DATE_TOKENS.search(section) or "0" not in section:
        return general(number)
    return _fixed(number, _decimals(section))
