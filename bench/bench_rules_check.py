"""Benchmark: `rules check` on two rulesets sharing a parent with many problems.  Prints figures.

    python bench/bench_rules_check.py [--problems 15000]

The parent puts the same N words in two qualitative word lists (N overlap problems); two children
extend it, so the command collects 2 × N problems and must print each once.  Pairwise
de-duplication took minutes at N = 15,000; hashing takes a fraction of a second.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from scorer.cli import main as cli


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--problems", type=int, default=15000)
    args = parser.parse_args()
    words = ", ".join(f"词{i}" for i in range(args.problems))
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        (base / "parent.yaml").write_text(
            f"id: parent\nextends: central-2020\nqualitative:\n  words:\n"
            f"    achieved: [{words}]\n    partial: [{words}]\n", encoding="utf-8")
        for name in ("a", "b"):
            (base / f"{name}.yaml").write_text(f"id: {name}\nextends: parent.yaml\n", encoding="utf-8")
        started = time.perf_counter()
        result = CliRunner().invoke(cli, ["rules", "check", str(base / "a.yaml"), str(base / "b.yaml"),
                                          "--format", "json"])
        elapsed = time.perf_counter() - started
    lines = result.stdout.count('"level"')
    print(f"rules check: 2 files × {args.problems} shared problems → {lines} printed, "
          f"{elapsed:.2f} s (exit {result.exit_code})")


if __name__ == "__main__":
    main()
