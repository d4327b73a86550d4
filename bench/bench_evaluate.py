"""Benchmark: one loaded ruleset scoring many forms in-process.  Prints figures; asserts nothing.

    python bench/bench_evaluate.py [--forms 5000]

Forms are the real samples, parsed once and re-scored round-robin, so the figure measures
scoring + checks (the per-form cost of a batch audit), plus a separate figure for loading.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from scorer.engine import evaluate_form
from scorer.forms.load import load_form
from scorer.rules.ruleset import RulesetLoader

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--forms", type=int, default=5000)
    args = parser.parse_args()

    paths = sorted(SAMPLES.glob("*.yaml"))
    loader = RulesetLoader()
    started = time.perf_counter()
    forms = [load_form(p) for p in paths]
    rulesets = [loader.load(f.ruleset) for f in forms]
    load_seconds = time.perf_counter() - started
    indicators = sum(len(f.indicators) for f in forms)

    started = time.perf_counter()
    findings = 0
    scored_indicators = 0
    for n in range(args.forms):
        form, ruleset = forms[n % len(forms)], rulesets[n % len(forms)]
        findings += len(evaluate_form(form, ruleset).findings)
        scored_indicators += len(form.indicators)
    seconds = time.perf_counter() - started

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"样本表 {len(paths)} 张（{indicators} 个指标）读取并加载规则集：{load_seconds * 1000:.1f} ms")
    print(f"复算 {args.forms} 张表（{scored_indicators} 个指标，{findings} 条发现）：{seconds:.2f} s")
    print(f"  每秒 {args.forms / seconds:.0f} 张表，{scored_indicators / seconds:.0f} 个指标；"
          f"平均每张 {seconds / args.forms * 1000:.2f} ms")
    print(f"  进程内存峰值 {peak_mb:.0f} MiB")


if __name__ == "__main__":
    main()
