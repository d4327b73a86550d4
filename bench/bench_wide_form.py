"""Benchmark: one very wide form — N goals × N indicators (each indicator under its own goal) and one
overlong cell.  Prints figures; asserts nothing.

    python bench/bench_wide_form.py [--goals 19000] [--cell-mib 2]

Goal lookups go through one dict per form, so scoring grows linearly with the number of rows
(a per-indicator scan of the goals took 22 s at 19,000 × 19,000); a cell longer than the reader's
limit is reported as unverifiable without being tokenised.
"""

from __future__ import annotations

import argparse
import resource
import time

from decimal import Decimal

from scorer.engine import evaluate_form
from scorer.forms.load import form_from_document
from scorer.forms.yamlsafe import load_yaml_text
from scorer.model import Budget, Form, Goal, Indicator, Project
from scorer.rules.ruleset import RulesetLoader


def wide_form(n: int) -> Form:
    """Built in memory: a YAML file this wide is refused by the loader's node limit long before."""
    goals = tuple(Goal(str(i), None, Decimal(1)) for i in range(n))
    indicators = tuple(Indicator(i, f"指标{i}", level1="产出指标", goal=str(i), target="≥4", actual="4",
                                 reported_score=Decimal(1)) for i in range(n))
    budget = Budget(Decimal(100), Decimal(90), weight=Decimal(20), reported_rate=Decimal(90),
                    reported_score=Decimal(18))
    return Form("wide.yaml", "wuhan-2023", "department", Project("宽表", year=2023), budget, goals, indicators)


CELL_FORM = """\
ruleset: wuhan-2023
form: project
project: {name: 长单元格, year: 2023}
budget: {planned: 100, executed: 90, weight: 20, reported_rate: 90%, reported_score: 18}
indicators:
  - {level1: 产出指标, name: 指标, target: '≥4', actual: 'CELL', weight: 80, reported_score: 80}
"""


def load(text: str, name: str):
    return form_from_document(load_yaml_text(text, name, max_bytes=len(text.encode()) * 2))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--goals", type=int, default=19000)
    parser.add_argument("--cell-mib", type=float, default=2)
    args = parser.parse_args()
    ruleset = RulesetLoader().load("wuhan-2023")

    form = wide_form(args.goals)
    started = time.perf_counter()
    ev = evaluate_form(form, ruleset)
    done = time.perf_counter()
    print(f"{args.goals} 个目标 × {args.goals} 个指标：复核 {done - started:.2f} s，{len(ev.findings)} 条发现")

    cell = "1," * int(args.cell_mib * 1024 * 1024 / 2)
    small = CELL_FORM.replace("CELL", cell)
    started = time.perf_counter()
    ev = evaluate_form(load(small, "cell.yaml"), ruleset)
    done = time.perf_counter()
    codes = sorted({f.code for f in ev.findings})
    print(f"{args.cell_mib} MiB 的单元格：加载并复核 {done - started:.2f} s，发现 {codes}")
    print(f"内存峰值 {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
