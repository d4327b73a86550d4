"""Exact numbers: reading printed values, agreement within printed precision, 四舍五入 — and the one
place that turns numbers into text (every report, message and trace formats through here).

All money and scores are `Decimal` read from their printed text, so the number of decimals a
form printed is known — agreement depends on it.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from scorer.errors import value_text

_PERCENT = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*[%％]\s*$")
_PLAIN = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*$")
_BLANK = re.compile(r"^\s*[-—–/／]*\s*$")      # a blank cell as printed: "", "—", "/"
HUNDRED = Decimal(100)

# The loader accepts up to 100 significant digits; quotients are carried well beyond that, so a
# printed "33.333333333333333333333333333333%" is compared with 1 ÷ 3 to more places than it prints.
EXACT = Context(prec=120)


def divide(numerator: Decimal, denominator: Decimal) -> Decimal:
    """numerator ÷ denominator with more digits than any printed value carries."""
    return EXACT.divide(numerator, denominator)


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
    """'93.6%' or 93.6 -> Decimal('93.6') (percentage points, printed digits kept); a blank cell
    ("", "—", "/") -> None."""
    if value is None:
        return None
    if isinstance(value, str) and _BLANK.match(value):
        return None
    if isinstance(value, str):
        m = _PERCENT.match(value) or _PLAIN.match(value)
        if not m:
            raise ValueError(f"不是百分数：{value_text(value)}")
        return Decimal(m.group(1))
    return to_decimal(value)


def places(value: Decimal) -> int:
    """Decimals printed: Decimal('15.50') -> 2, Decimal('20') -> 0.

    Read from the number's own text ("15.50": two digits after the point), which is several times
    cheaper than `as_tuple()` and is called for every score compared; exponent notation ("1E-7",
    "1.5E+3") goes through `as_tuple()`."""
    text = str(value)
    if "E" in text:
        exponent = value.as_tuple().exponent
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0
    dot = text.find(".")
    return len(text) - dot - 1 if dot >= 0 else 0


# Quantizers and half units made once, not once per number (a batch rounds millions of numbers).
_QUANTUM = {digits: Decimal(1).scaleb(-digits) for digits in range(13)}
_HALF_UNIT = {digits: Decimal(5).scaleb(-(digits + 1)) for digits in range(13)}


def half_unit(value: Decimal, minimum_places: int = 0) -> Decimal:
    """Half a unit in the last printed place (at least `minimum_places` decimals)."""
    digits = max(places(value), minimum_places)
    half = _HALF_UNIT.get(digits)
    return half if half is not None else Decimal(5).scaleb(-(digits + 1))


def agrees(reported: Decimal, computed: Decimal, tolerance: Decimal) -> bool:
    """A printed score agrees with a computed one within tolerance + half its last printed unit.

    At least one decimal place is assumed, so a printed "20" covers 19.94–20.06 with the default
    tolerance: forms print whole scores where the exact one is 19.99.
    """
    gap = abs(reported - computed)
    if gap <= tolerance:                    # half a unit is more than 0 …
        return True
    if gap > tolerance + _MOST_HALF_UNIT:   # … and at most 0.05 (one decimal at least): no need to ask
        return False
    return gap <= tolerance + half_unit(reported, 1)


_MOST_HALF_UNIT = Decimal("0.05")


def rate_agrees(printed_percent: Decimal, rate: Decimal, tolerance: Decimal = Decimal(0)) -> bool:
    """A printed rate (in %) agrees with B/A by the rule scores follow: `tolerance` percentage points
    (the ruleset's `rate_tolerance`) plus half a unit of its last printed digit — so a truncated
    99.97% for 99.978%, or 77.5% rounded twice from 77.4458%, agrees, and 98.31% for 96.3% does not."""
    return abs(printed_percent - EXACT.multiply(rate, HUNDRED)) <= tolerance + half_unit(printed_percent)


# 四舍五入 at the default 28 digits: a result that needs more stays as it was (InvalidOperation).
_HALF_UP = Context(prec=28, rounding=ROUND_HALF_UP)


def round_half_up(value: Decimal, digits: int) -> Decimal:
    quantum = _QUANTUM.get(digits)
    try:
        return _HALF_UP.quantize(value, quantum if quantum is not None else Decimal(1).scaleb(-digits))
    except InvalidOperation:
        return value


def fmt(value: Decimal | None, digits: int = 2) -> str:
    """Display form: 四舍五入 to `digits` decimals; '—' for unknown."""
    if value is None:
        return "—"
    return f"{round_half_up(value, digits):f}"


def shown(value: Decimal | None, digits: int = 2) -> Decimal | None:
    """A computed value as messages show it (四舍五入 to `digits`): what a finding's `expected` holds,
    so the CSV/JSON column and the message say the same number."""
    return None if value is None else round_half_up(value, digits)


def fmt_printed(value: Decimal | None) -> str:
    """A number as the form printed it (no added decimals)."""
    if value is None:
        return "—"
    return f"{value:f}" if places(value) else f"{value.to_integral_value():f}"


def fmt_percent(rate: Decimal | None, digits: int = 2) -> str:
    return "—" if rate is None else f"{fmt(rate * HUNDRED, digits)}%"


def fmt_like(value: Decimal, printed: Decimal) -> str:
    """`value` at the precision `printed` was written with: what to write instead (B02 “应为 77.4%”)."""
    return f"{round_half_up(value, places(printed)):f}"


def fmt_plain(number: Decimal) -> str:
    """Plain notation without trailing zeros: 14000.0 -> "14000", 0.50 -> "0.5", -0 -> "0"."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_trimmed(value: Decimal, digits: int = 4) -> str:
    """四舍五入 to `digits` decimals, then without trailing zeros (spreadsheet cells, test reports)."""
    return fmt_plain(round_half_up(value, digits))


def fmt_number(value) -> str:
    """A ruleset or formula number: whole values without decimals ("20" for 20.00), others as written.
    (The rules modules keep their own copy for now; they switch to this one.)"""
    value = value if isinstance(value, Decimal) else Decimal(value)
    return f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}"


def deviation_word(difference: Decimal) -> str:
    """高估 when the reported figure is above the computed one, 低估 below: the one place this is chosen."""
    return "高估" if difference > 0 else "低估"


def fmt_deviation(difference: Decimal) -> str:
    """"高估 1.51" / "低估 0.20": reported minus computed, as the messages say it."""
    return f"{deviation_word(difference)} {fmt(abs(difference))}"
