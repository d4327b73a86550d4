"""Benchmark: sample-size planning and selection.  Prints figures; asserts nothing.

    python bench/bench_sampling.py [--items 100000] [--size 300]

Planning: every cell of a 95%/90% attribute table (tolerable 2–20%, expected 0–17.5%, binomial),
the Poisson MUS table, and hypergeometric plans on populations of 500 … 100,000.  Selection: each
method over a generated list of `--items` amounts.
"""

from __future__ import annotations

import argparse
import random
import time
from decimal import Decimal

from scorer.sampling.planning import plan
from scorer.sampling.population import Item
from scorer.sampling.selection import select


def _timed(label, fn):
    started = time.perf_counter()
    count = fn()
    elapsed = time.perf_counter() - started
    print(f"{label}: {count} 次，{elapsed:.3f} 秒（每次 {elapsed / max(count, 1) * 1000:.2f} 毫秒）")


def _attribute_table():
    count = 0
    for confidence in ("0.95", "0.90"):
        for tolerable in ("0.02", "0.03", "0.05", "0.07", "0.10", "0.15", "0.20"):
            for expected in ("0", "0.0025", "0.005", "0.01", "0.015", "0.02", "0.03", "0.04"):
                if Decimal(expected) < Decimal(tolerable) * Decimal("0.75"):
                    plan(Decimal(confidence), Decimal(tolerable), Decimal(expected))
                    count += 1
    return count


def _poisson_table():
    count = 0
    for tolerable in ("0.5", "0.1", "0.05", "0.02", "0.01", "0.005"):
        for ratio in ("0", "0.1", "0.2", "0.3", "0.4", "0.5"):
            plan(Decimal("0.95"), Decimal(tolerable), Decimal(tolerable) * Decimal(ratio), "poisson")
            count += 1
    return count


def _hypergeometric():
    for population in (500, 5000, 36000, 100000):
        plan(Decimal("0.95"), Decimal("0.04"), Decimal("0.01"), "hypergeometric", population)
    return 4


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--size", type=int, default=300)
    args = parser.parse_args()
    _timed("属性抽样样本量（二项）", _attribute_table)
    _timed("MUS 样本量（泊松）", _poisson_table)
    _timed("超几何样本量（N = 500 … 100,000）", _hypergeometric)
    rng = random.Random(1)
    items = [Item(k + 1, f"X{k}", Decimal(rng.randint(-50, 500_000)) / 100, {"dept": f"D{k % 12}"},
                  rng.random()) for k in range(args.items)]
    for method in ("random", "systematic", "stratified", "mus", "cell", "risk"):
        by = "dept" if method == "stratified" else None
        _timed(f"抽样 {method}（{args.items} 项中抽 {args.size}）",
               lambda m=method, b=by: bool(select(items, m, args.size, 7, by=b)))


if __name__ == "__main__":
    main()
