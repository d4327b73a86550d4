"""The pure-Python distributions against scipy (a test-only dependency), to 1e-8."""

from __future__ import annotations

import random

import pytest

from scorer.sampling.bounds import hypergeometric_limit, upper_bound
from scorer.sampling.distributions import (beta_cdf, beta_quantile, gamma_cdf, gamma_quantile,
                                           hypergeom_cdf)

stats = pytest.importorskip("scipy.stats", reason="scipy（测试依赖）未安装，跳过交叉核对")


def test_incomplete_beta_matches_scipy():
    rng = random.Random(7)
    for _ in range(2000):
        a, b, x = rng.uniform(0.5, 400), rng.uniform(0.5, 5000), rng.random() ** 3
        assert beta_cdf(x, a, b) == pytest.approx(stats.beta.cdf(x, a, b), abs=1e-8)


def test_incomplete_gamma_matches_scipy():
    rng = random.Random(8)
    for _ in range(2000):
        shape = rng.uniform(0.05, 800)
        x = rng.uniform(0, 2 * shape + 30)
        assert gamma_cdf(x, shape) == pytest.approx(stats.gamma.cdf(x, shape), abs=1e-8)


def test_quantiles_match_scipy():
    rng = random.Random(9)
    for _ in range(200):
        p = rng.choice([0.5, 0.75, 0.8, 0.9, 0.95, 0.99])
        a, b = rng.uniform(1, 50), rng.uniform(1, 2000)
        assert beta_quantile(p, a, b) == pytest.approx(stats.beta.ppf(p, a, b), abs=1e-8)
        shape, rate = rng.uniform(1, 60), rng.uniform(1, 3000)
        assert gamma_quantile(p, shape, rate) == pytest.approx(stats.gamma.ppf(p, shape, scale=1 / rate), abs=1e-8)


def test_hypergeometric_matches_scipy():
    rng = random.Random(10)
    for _ in range(1500):
        population = rng.randint(1, 5000)
        successes, draws = rng.randint(0, population), rng.randint(0, population)
        x = rng.randint(0, draws)
        expected = stats.hypergeom.cdf(x, population, successes, draws)
        assert hypergeom_cdf(x, population, successes, draws) == pytest.approx(expected, abs=1e-8)


def test_hypergeometric_limit_is_the_largest_fitting_k():
    for population, size, x, confidence in [(500, 50, 0, 0.95), (500, 100, 2, 0.9), (2000, 150, 3, 0.95),
                                            (60, 59, 1, 0.95), (10, 10, 0, 0.95)]:
        k = hypergeometric_limit(x, size, confidence, population)
        assert stats.hypergeom.cdf(x, population, k, size) > 1 - confidence
        if k < population:
            assert stats.hypergeom.cdf(x, population, k + 1, size) <= 1 - confidence


def test_bounds_match_scipy_definitions():
    assert upper_bound("binomial", 2, 100, 0.95) == pytest.approx(stats.beta.ppf(0.95, 3, 98), abs=1e-9)
    assert upper_bound("poisson", 1.5, 80, 0.9) == pytest.approx(stats.gamma.ppf(0.9, 2.5, scale=1 / 80), abs=1e-9)
