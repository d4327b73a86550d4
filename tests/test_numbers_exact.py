"""`places` and `round_half_up` are on every compared score: their quick forms must say exactly what
the textbook forms say (`as_tuple()`'s exponent; `quantize(..., rounding=ROUND_HALF_UP)` in the
default context) on every Decimal, printed or computed."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorer.numbers import agrees, places, round_half_up

_decimals = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.decimals(min_value=-10**6, max_value=10**6, places=4),
    st.sampled_from([Decimal(t) for t in ("1E+1", "1.0E-7", "0E-9", "-0.00", "15.50", "20", "1e-9",
                                          "0.333333333333333333333333333333333", "99999999999999999999999999999.5",
                                          "sNaN", "-Infinity")]),
)


def _reference_places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _reference_round(value: Decimal, digits: int) -> Decimal:
    try:
        return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return value


@given(_decimals)
def test_places_matches_the_exponent(value):
    assert places(value) == _reference_places(value)


@given(_decimals, st.integers(min_value=0, max_value=14))
def test_round_half_up_matches_quantize(value, digits):
    if value.is_snan():
        return          # signalling NaNs raise on every path; forms never hold one
    got, want = round_half_up(value, digits), _reference_round(value, digits)
    assert str(got) == str(want)


@pytest.mark.parametrize(("value", "digits", "expected"), [
    ("2.345", 2, "2.35"), ("-2.345", 2, "-2.35"), ("13.3349", 2, "13.33"), ("0.5", 0, "1"),
    ("99999999999999999999999999999.5", 2, "99999999999999999999999999999.5"),   # beyond 28 digits: kept
])
def test_round_half_up_examples(value, digits, expected):
    assert str(round_half_up(Decimal(value), digits)) == expected


def test_agreement_uses_the_printed_precision():
    assert agrees(Decimal("20"), Decimal("19.94"), Decimal("0.01"))       # whole score: half of 0.1
    assert not agrees(Decimal("20.00"), Decimal("19.94"), Decimal("0.01"))
    assert agrees(Decimal("1E+1"), Decimal("9.96"), Decimal("0.01"))


@given(st.decimals(min_value=-1000, max_value=1000, places=3), st.decimals(min_value=-1000, max_value=1000, places=6),
       st.sampled_from([Decimal(0), Decimal("0.01"), Decimal("0.05"), Decimal("0.5"), Decimal(1)]))
def test_agreement_shortcuts_match_the_rule(reported, computed, tolerance):
    """The quick answers (within the tolerance; beyond it by more than the largest half unit, 0.05)
    are the rule's: |reported − computed| ≤ tolerance + half a unit of reported's last decimal (≥ 1)."""
    half = Decimal(5).scaleb(-(max(_reference_places(reported), 1) + 1))
    exact = abs(reported - computed) <= tolerance + half
    assert agrees(reported, computed, tolerance) == exact
