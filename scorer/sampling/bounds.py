"""Upper error limits: the one definition that planning and evaluation share.

- binomial: the C-quantile of Beta(1 + x, n − x) (Clopper–Pearson upper limit), x whole;
- poisson: the C-quantile of Gamma(1 + x, rate n), x may be fractional (taints, expected errors);
- hypergeometric: the largest K with P(X ≤ x; N, K, n) > 1 − C, divided by N.

`below(...)` answers "is the upper limit below T?" straight from the distribution function,
without computing the quantile — that is what planning asks thousands of times.
"""

from __future__ import annotations

import math

from scorer.sampling.distributions import beta_cdf, beta_quantile, gamma_cdf, gamma_quantile, hypergeom_cdf

LIKELIHOODS = ("binomial", "poisson", "hypergeometric")


def upper_bound(likelihood: str, errors: float, size: int, confidence: float, population: int | None = None) -> float:
    """The upper limit of the error rate after `errors` errors in a sample of `size`."""
    if likelihood == "poisson":
        return gamma_quantile(confidence, 1.0 + errors, size)
    if errors >= size:
        return 1.0
    if likelihood == "binomial":                 # Beta(1 + x, n − x) also takes a sum of taints
        return beta_quantile(confidence, 1.0 + errors, size - errors)
    if likelihood == "hypergeometric":
        return hypergeometric_limit(math.ceil(errors), size, confidence, population) / population
    raise ValueError(f"unknown likelihood {likelihood}")


def hypergeometric_limit(x: int, size: int, confidence: float, population: int) -> int:
    """The largest K (errors in the population) with P(X ≤ x; N, K, n) > 1 − C (bisection on K)."""
    alpha = 1.0 - confidence
    lo, hi = x, population - (size - x)          # K = x always fits; above hi the sample cannot hold x or fewer
    if hypergeom_cdf(x, population, hi, size) > alpha:
        return hi
    while hi - lo > 1:                           # invariant: lo fits, hi does not
        mid = (lo + hi) // 2
        if hypergeom_cdf(x, population, mid, size) > alpha:
            lo = mid
        else:
            hi = mid
    return lo


def below(likelihood: str, errors: float, size: int, confidence: float, tolerable: float,
          population: int | None = None) -> bool:
    """True when the upper limit for `errors` in `size` is strictly below `tolerable`."""
    if likelihood == "poisson":
        return gamma_cdf(tolerable, 1.0 + errors, size) > confidence
    x = int(errors)
    if x >= size:
        return False
    if likelihood == "binomial":
        return beta_cdf(tolerable, 1.0 + x, size - x) > confidence
    # hypergeometric: the limit K/N is below T exactly when K* = ceil(T·N) errors no longer fit
    k_star = math.ceil(tolerable * population - 1e-9)
    return hypergeom_cdf(x, population, k_star, size) <= 1.0 - confidence
