"""Reading sampling parameters from the command line into exact values, with Chinese messages.

Rates are accepted as decimals (0.95) or percentages (95%); a bad value is one line naming the
option and what is wrong, and the CLI exits 2.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


class ParamError(ValueError):
    """A sampling parameter the user must fix (message in Chinese, for one stderr line)."""


def decimal_value(text: str, option: str) -> Decimal:
    raw = str(text).strip()
    percent = raw.endswith("%")
    try:
        value = Decimal(raw[:-1] if percent else raw)
    except InvalidOperation:
        raise ParamError(f"{option} 应为数字，如 0.95 或 95%，收到“{text}”") from None
    if not value.is_finite():
        raise ParamError(f"{option} 应为有限的数字，收到“{text}”")
    return value / 100 if percent else value


def rate(text: str, option: str) -> Decimal:
    """A rate strictly between 0 and 1 (confidence, tolerable rate)."""
    value = decimal_value(text, option)
    if not 0 < value < 1:
        raise ParamError(f"{option} 应在 0 与 1 之间（不含端点），如 0.95 或 95%，收到 {text}")
    return value


def expected(text: str | None, tolerable: Decimal) -> Decimal:
    """--expected: below 1 a rate (must stay below the tolerable rate), 1 or more a number of errors."""
    if text is None:
        return Decimal(0)
    value = decimal_value(text, "--expected")
    if value < 0:
        raise ParamError(f"--expected 不能为负数，收到 {text}")
    if value < 1 and value >= tolerable:
        raise ParamError(f"--expected 预期偏差率 {value} 应小于可容忍偏差率 {tolerable}")
    return value


def count(value: int | None, option: str, minimum: int = 1) -> int | None:
    if value is not None and value < minimum:
        raise ParamError(f"{option} 应为不小于 {minimum} 的整数，收到 {value}")
    return value
