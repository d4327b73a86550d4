"""Planning: the smallest sample size whose upper error limit, with the errors the plan allows,
is below the tolerable rate (attribute sampling of forms and monetary-unit sampling alike).

`expected` below 1 is a rate: the plan allows x = E·n errors (rounded up for binomial and
hypergeometric, fractional for Poisson); 1 or more is a number of errors.  The size is found by
bisection on n (for fixed x the limit falls as n grows), never by a linear scan; for rate-type
expectations with whole x, each x owns a window of n (those with ⌈E·n⌉ = x) and the windows are
tried in order, so the answer is the smallest n even though the limit jumps when x does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from scorer.sampling.bounds import below, upper_bound

MAX_SIZE = 10_000_000


class PlanningError(ValueError):
    """Parameters for which no sample size exists (the message is Chinese, for the user)."""


@dataclass(frozen=True)
class Plan:
    size: int
    allowed_errors: float | int
    likelihood: str
    confidence: Decimal
    tolerable: Decimal
    expected: Decimal
    population: int | None
    upper_bound: float

    def to_json(self) -> dict:
        return {"size": self.size, "allowed_errors": self.allowed_errors, "likelihood": self.likelihood,
                "confidence": float(self.confidence), "tolerable": float(self.tolerable),
                "expected": float(self.expected), "population": self.population,
                "upper_bound": round(self.upper_bound, 10)}


def _smallest(ok, lo: int, hi: int) -> int | None:
    """Smallest n in [lo, hi] with ok(n), for ok monotone (False … True); None when ok(hi) fails."""
    if lo > hi or not ok(hi):
        return None
    while lo < hi:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


def _first_true(ok, lo: int, limit: int) -> int | None:
    """Smallest n ≥ lo with ok(n) for monotone ok: doubling to bracket, then bisection."""
    hi = max(lo, 1)
    while not ok(hi):
        if hi >= limit:
            return None
        lo, hi = hi + 1, min(limit, hi * 2)
    return _smallest(ok, lo, hi)


def allowed_errors(likelihood: str, expected: Decimal, size: int) -> float | int:
    """The errors a plan of `size` allows for the expectation `expected` (rate below 1, count from 1)."""
    if expected >= 1:
        return float(expected) if likelihood == "poisson" else math.ceil(expected)
    if likelihood == "poisson":
        return float(expected * size)
    return math.ceil(expected * size)


def plan(confidence: Decimal, tolerable: Decimal, expected: Decimal = Decimal(0), likelihood: str = "binomial",
         population: int | None = None) -> Plan:
    c, t = float(confidence), float(tolerable)
    limit = population if likelihood == "hypergeometric" else MAX_SIZE

    def ok_for(x):
        return lambda n: below(likelihood, x, n, c, t, population)

    size = None
    if expected >= 1 or expected == 0:                      # a fixed number of errors
        x = allowed_errors(likelihood, expected, 1)
        size = _first_true(ok_for(x), max(1, math.floor(x) + 1), limit)
    elif likelihood == "poisson":                           # x = E·n grows with n; the limit still falls
        size = _first_true(lambda n: below("poisson", float(expected * n), n, c, t), 1, limit)
    else:                                                   # whole x = ⌈E·n⌉: window by window
        x = 1
        while x <= limit:
            lo = math.floor((x - 1) / expected) + 1          # smallest n with ⌈E·n⌉ = x
            hi = min(limit, math.floor(x / expected))          # largest such n
            if lo > limit:
                break
            n_x = _first_true(ok_for(x), max(lo, x + 1), limit)
            if n_x is None:
                break
            if n_x <= hi:
                size = n_x
                break
            x = math.ceil(expected * n_x)                    # skip windows that end before n_x
    if size is None:
        where = f"总体 {population} 项" if likelihood == "hypergeometric" else f"{MAX_SIZE} 项"
        raise PlanningError(f"在 {where}以内找不到满足条件的样本量（预期偏差 {expected} 相对可容忍 {tolerable} 过大）")
    if population is not None and size > population:
        raise PlanningError(f"所需样本量 {size} 超过总体数量 {population}：总体较小时请用 --likelihood hypergeometric")
    x = allowed_errors(likelihood, expected, size)
    return Plan(size, x, likelihood, confidence, tolerable, expected, population,
                upper_bound(likelihood, x, size, c, population))
