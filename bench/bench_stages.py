"""Where one form's time goes, stage by stage, in one process.  Prints figures, asserts nothing.

    python bench/bench_stages.py [--forms 2000] [--seed 2024] [--samples]

Generates N forms with `scorer.generate` (seeded; or takes the samples with --samples), then times
each stage once over all of them in this order, as a batch meets them (caches start empty):
reading the files, the YAML data (fast paths), `load_form` (YAML, printed cells, schema check,
the Form), picking the ruleset + scoring + checks, and the JSON piece.  Milliseconds per form; with
PERFSCORE_NO_FASTPATH=1 the plain paths are timed instead.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--forms", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--samples", action="store_true", help="the real forms in samples/ instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="perfscore-stages-") as work:
        if args.samples:
            names = sorted(str(p) for p in (ROOT / "samples").glob("*.yaml"))
        else:
            from scorer.generate import generate_forms
            generate_forms(args.forms, args.seed, Path(work))
            names = sorted(str(p) for p in Path(work).glob("*.yaml"))
        _stages(names)


def _stages(names: list[str]) -> None:
    from scorer.engine import evaluate_form, pick_ruleset
    from scorer.forms import yamlsafe
    from scorer.forms.load import load_form
    from scorer.report.jsonfmt import json_piece
    from scorer.report.options import ReportOptions
    from scorer.rules.ruleset import RulesetLoader

    timings = {}

    def timed(label, work):
        started = time.perf_counter()
        result = work()
        timings[label] = time.perf_counter() - started
        return result

    texts = timed("读文件", lambda: [Path(n).read_text(encoding="utf-8") for n in names])
    timed("YAML 数据（不含行列）", lambda: [yamlsafe._load_text(t, "x", lazy_positions=True) for t in texts])
    yamlsafe._LINES.clear()                  # load_form meets every line afresh, as a batch does
    forms = timed("load_form（YAML、表上数字、模式检查、Form）", lambda: [load_form(n) for n in names])
    loader = RulesetLoader()

    def score():
        out = []
        for name, form in zip(names, forms, strict=True):
            ruleset, note = pick_ruleset(form, loader, None, name)
            evaluation = evaluate_form(form, ruleset, name)
            evaluation.ruleset_note = note
            out.append(evaluation)
        return out

    evaluations = timed("选规则集 + 复算 + 检查", score)
    options = ReportOptions()
    timed("JSON 片段", lambda: [json_piece(e, options) for e in evaluations])
    print(f"表数 {len(names)}；每张表的毫秒数（一次遍历，缓存从空开始）")
    for label, seconds in timings.items():
        print(f"{label}: {seconds / len(names) * 1000:.3f} ms")


if __name__ == "__main__":
    main()
