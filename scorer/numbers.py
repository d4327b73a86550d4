"""Exact numbers: reading printed values, agreement within printed precision, 四舍五入.

All money and scores are `Decimal` read from their printed text, so the number of decimals a
form printed is known — agreement depends on it.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from scorer.errors import value_text

_PERCENT = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*[%％]\s*$")
_PLAIN = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*$")
HUNDRED = Decimal(100)


def to_decimal(value) -> Decimal | None:
    """A YAML scalar (int, Decimal, or numeric string) as Decimal; None stays None."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("布尔值不是数字")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        m = _PLAIN.match(value)
        if m:
            return Decimal(m.group(1))
    raise ValueError(f"不是数字：{value_text(value)}")


def parse_percent(value) -> Decimal | None:
    """'93.6%' or 93.6 -> Decimal('93.6') (percentage points, printed digits kept)."""
    if value is None:
        return None
    if isinstance(value, str):
        m = _PERCENT.match(value) or _PLAIN.match(value)
        if not m:
            raise ValueError(f"不是百分数：{value_text(value)}")
        return Decimal(m.group(1))
    return to_decimal(value)


def places(value: Decimal) -> int:
    """Decimals printed: Decimal('15.50') -> 2, Decimal('20') -> 0."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def half_unit(value: Decimal, minimum_places: int = 0) -> Decimal:
    """Half a unit in the last printed place (at least `minimum_places` decimals)."""
    return Decimal(5).scaleb(-(max(places(value), minimum_places) + 1))


def agrees(reported: Decimal, computed: Decimal, tolerance: Decimal) -> bool:
    """A printed score agrees with a computed one within tolerance + half its last printed unit.

    At least one decimal place is assumed, so a printed "20" covers 19.94–20.06 with the default
    tolerance: forms print whole scores where the exact one is 19.99.
    """
    return abs(reported - computed) <= tolerance + half_unit(reported, 1)


def rate_agrees(printed_percent: Decimal, rate: Decimal) -> bool:
    """A printed rate (in %) agrees with B/A within half a unit of its last printed digit."""
    return abs(printed_percent - rate * HUNDRED) <= half_unit(printed_percent)


def round_half_up(value: Decimal, digits: int) -> Decimal:
    try:
        return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return value


def fmt(value: Decimal | None, digits: int = 2) -> str:
    """Display form: 四舍五入 to `digits` decimals; '—' for unknown."""
    if value is None:
        return "—"
    return f"{round_half_up(value, digits):f}"


def fmt_printed(value: Decimal | None) -> str:
    """A number as the form printed it (no added decimals)."""
    if value is None:
        return "—"
    return f"{value:f}" if places(value) else f"{value.to_integral_value():f}"


def fmt_percent(rate: Decimal | None, digits: int = 2) -> str:
    return "—" if rate is None else f"{fmt(rate * HUNDRED, digits)}%"
