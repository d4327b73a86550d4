"""Pure-Python distribution functions for audit sampling (no scipy at run time).

Why hand-written: the tool must run where only the core dependencies are installed, and sample
sizes must be computed identically everywhere.  The regularised incomplete beta and gamma functions
are evaluated with the classical power series / continued fractions (modified Lentz), accurate to
well below 1e-10; quantiles are found by bisection, which is slow but cannot diverge.  The
hypergeometric distribution is summed from log-factorials (math.lgamma).
"""

from __future__ import annotations

import math

_EPS = 1e-15
_TINY = 1e-300
_MAX_ITER = 10_000


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, _MAX_ITER):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            return h
    raise ArithmeticError("incomplete beta: continued fraction did not converge")


def beta_cdf(x: float, a: float, b: float) -> float:
    """Regularised incomplete beta I_x(a, b): P(Beta(a, b) ≤ x)."""
    if a <= 0 or b <= 0:
        raise ValueError("beta_cdf needs a > 0 and b > 0")
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                 + a * math.log(x) + b * math.log1p(-x))
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def gamma_cdf(x: float, shape: float, rate: float = 1.0) -> float:
    """Regularised lower incomplete gamma P(shape, rate·x): P(Gamma(shape, rate) ≤ x)."""
    if shape <= 0 or rate <= 0:
        raise ValueError("gamma_cdf needs shape > 0 and rate > 0")
    x = x * rate
    if x <= 0:
        return 0.0
    log_front = -x + shape * math.log(x) - math.lgamma(shape)
    if x < shape + 1.0:                         # power series
        term = total = 1.0 / shape
        ap = shape
        for _ in range(_MAX_ITER):
            ap += 1.0
            term *= x / ap
            total += term
            if abs(term) < abs(total) * _EPS:
                return min(1.0, total * math.exp(log_front))
        raise ArithmeticError("incomplete gamma: series did not converge")
    b = x + 1.0 - shape                         # continued fraction for the upper tail
    c, d = 1.0 / _TINY, 1.0 / b
    h = d
    for i in range(1, _MAX_ITER):
        an = -i * (i - shape)
        b += 2.0
        d = an * d + b
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = b + an / c
        c = c if abs(c) > _TINY else _TINY
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            return max(0.0, 1.0 - math.exp(log_front) * h)
    raise ArithmeticError("incomplete gamma: continued fraction did not converge")


def _bisect(cdf, p: float, lo: float, hi: float, tol: float = 1e-13) -> float:
    """The x in [lo, hi] with cdf(x) = p, for an increasing cdf."""
    for _ in range(200):
        mid = (lo + hi) / 2.0
        if cdf(mid) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo < tol * max(1.0, abs(hi)):
            break
    return (lo + hi) / 2.0


def beta_quantile(p: float, a: float, b: float) -> float:
    """The p-quantile of Beta(a, b)."""
    return _bisect(lambda x: beta_cdf(x, a, b), p, 0.0, 1.0)


def gamma_quantile(p: float, shape: float, rate: float = 1.0) -> float:
    """The p-quantile of Gamma(shape, rate)."""
    hi = shape + 10.0 * math.sqrt(shape) + 50.0
    while gamma_cdf(hi, shape) < p:
        hi *= 2.0
    return _bisect(lambda x: gamma_cdf(x, shape), p, 0.0, hi) / rate


def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def hypergeom_cdf(x: int, population: int, successes: int, draws: int) -> float:
    """P(X ≤ x) for X ~ Hypergeometric(N = population, K = successes, n = draws)."""
    lo, hi = max(0, draws - (population - successes)), min(draws, successes)
    if x < lo:
        return 0.0
    if x >= hi:
        return 1.0
    log_total = _log_choose(population, draws)
    terms = [_log_choose(successes, k) + _log_choose(population - successes, draws - k) - log_total
             for k in range(lo, x + 1)]
    top = max(terms)
    return min(1.0, math.exp(top) * math.fsum(math.exp(t - top) for t in terms))
