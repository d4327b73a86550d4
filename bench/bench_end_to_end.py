"""End-to-end benchmark: what a user sees running perfscore on many forms.  Prints figures, asserts nothing.

    python bench/bench_end_to_end.py [--forms 10000] [--rounds 3] [--rss 1000,20000,50000]

Generates N realistic forms with `scorer.generate` (seeded), then, side by side in each round so the
ratios share the machine's load: a bare `yaml.CSafeLoader` parse of the same files (in-process loop:
read + parse, no interpreter start), `perfscore evaluate --format json` as a subprocess with --jobs 1
and --jobs 2, and their ratios to the bare parse (medians over the rounds).  Then: forms/s,
in-process indicators/s (forms parsed, ruleset loaded: scoring + checks only), peak RSS of evaluate
for each N in --rss and each format, the wall time of one sample form, the `audit` figure when the
command exists, and whether the output is byte-identical with PERFSCORE_NO_FASTPATH=1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "002-proj-zuzhi-shiwu.yaml"
_SCRIPT = Path(sys.executable).parent / "perfscore"          # the console script a user runs
PERFSCORE = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "scorer.cli"]


def _forms(work: Path, n: int, seed: int, error_rate: float = 0.0) -> tuple[list[str], Path]:
    """N generated forms in work/forms-N-seed[-eRATE] (reused when already there)."""
    directory = work / (f"forms-{n}-{seed}" + (f"-e{error_rate}" if error_rate else ""))
    done = directory / "manifest.json"
    if not done.exists():
        from scorer.generate import generate_forms
        if directory.exists():
            shutil.rmtree(directory)
        generate_forms(n, seed, directory, error_rate=error_rate)
    return sorted(p.name for p in directory.glob("*.yaml")), directory


# As a user runs it: compiled bytecode cached on disk (some CI shells forbid writing it).
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


# Each command is started by a small launcher process: a child forked from this (large) process
# would report this process's size as its peak RSS (the high-water mark survives exec).
_LAUNCH = """import os, sys, time
out, args = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(args[0], args)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(out, "w") as f:
    f.write(f"{time.perf_counter() - started} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def _run(args, cwd, env=None, stdout=subprocess.DEVNULL) -> tuple[float, float, int]:
    """(wall seconds, peak RSS MiB of the largest process, exit code) of one command."""
    env = _ENV if env is None else env
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as out:
        subprocess.run([sys.executable, "-c", _LAUNCH, out.name, *args], cwd=cwd, env=env, stdout=stdout,
                       stderr=subprocess.DEVNULL, check=False)
        wall, rss, code = out.read().split()
    return float(wall), int(rss) / 1024, int(code)


def _evaluate(names, directory, jobs: int, fmt: str = "json", env=None, output: str = os.devnull):
    """`perfscore evaluate FOLDER` (all N forms; a folder, as 50,000 names overflow a command line),
    or the listed names when `names` is a subset."""
    every = len(names) == len(list(directory.glob("*.yaml")))
    files = ["."] if every else list(names)
    return _run([*PERFSCORE, "evaluate", *files, "--format", fmt, "--fail-on", "never",
                 "--jobs", str(jobs), "--output", output], directory, env)


def _bare_parse(names, directory) -> float:
    import yaml
    started = time.perf_counter()
    for name in names:
        with open(directory / name, encoding="utf-8") as f:
            yaml.load(f.read(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - started


def _in_process(names, directory, rounds: int) -> tuple[list[float], int, int]:
    """([seconds per round], forms, indicators) of scoring + checks with forms parsed and rulesets
    loaded; each round scores every form once (the first round also fills the reading memo and
    compiles the formulas, as the first forms of any batch do)."""
    from scorer.engine import evaluate_form
    from scorer.forms.load import load_form
    from scorer.rules.ruleset import RulesetLoader

    loader = RulesetLoader()
    forms = [load_form(directory / name) for name in names]
    rulesets = [loader.load(f.ruleset, None, f.project.year) for f in forms]
    indicators = sum(len(f.indicators) for f in forms)
    seconds = []
    for _ in range(rounds):
        started = time.perf_counter()
        for form, ruleset in zip(forms, rulesets, strict=True):
            evaluate_form(form, ruleset)
        seconds.append(time.perf_counter() - started)
    return seconds, len(forms), indicators


def _has_command(name: str) -> bool:
    return _run([*PERFSCORE, name, "--help"], ROOT)[2] == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--forms", type=int, default=10000, help="forms for the timing figures")
    parser.add_argument("--rounds", type=int, default=3, help="side-by-side rounds (medians are quoted)")
    parser.add_argument("--rss", default="1000",
                        help="comma-separated N for the peak-RSS figures, e.g. 1000,20000,50000")
    parser.add_argument("--rss-formats", default="json", help="formats for the peak-RSS figures, e.g. json,table,csv")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--error-rate", type=float, default=0.0,
                        help="share of generated forms with an injected error (forms with findings)")
    parser.add_argument("--work", help="directory for the generated forms (kept; default: a temporary one)")
    args = parser.parse_args()

    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="perfscore-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        _bench(args, work)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


def _bench(args, work: Path) -> None:
    names, directory = _forms(work, args.forms, args.seed, args.error_rate)
    n = len(names)
    print(f"表数 N = {n}（scorer.generate，seed {args.seed}，注入错误比例 {args.error_rate}），"
          f"轮数 {args.rounds}，取中位数", flush=True)

    _run([*PERFSCORE, "evaluate", str(SAMPLE), "--fail-on", "never"], ROOT)     # warm-up: bytecode, disk cache
    parse, j1, j2, rss1, rss2 = [], [], [], [], []
    for _ in range(args.rounds):
        parse.append(_bare_parse(names, directory))
        wall, rss, _ = _evaluate(names, directory, 1)
        j1.append(wall)
        rss1.append(rss)
        wall, rss, _ = _evaluate(names, directory, 2)
        j2.append(wall)
        rss2.append(rss)
    p, t1, t2 = (statistics.median(x) for x in (parse, j1, j2))
    r1 = statistics.median(a / b for a, b in zip(j1, parse, strict=True))
    r2 = statistics.median(a / b for a, b in zip(j2, parse, strict=True))
    spread = lambda xs: f"（{min(xs):.2f}–{max(xs):.2f}）"   # noqa: E731
    print(f"bare CSafeLoader parse: {p:.2f} s {spread(parse)}", flush=True)
    print(f"evaluate --format json --jobs 1: {t1:.2f} s {spread(j1)}，{n / t1:.0f} forms/s，"
          f"峰值 RSS {max(rss1):.0f} MiB", flush=True)
    print(f"evaluate --format json --jobs 2: {t2:.2f} s {spread(j2)}，{n / t2:.0f} forms/s，"
          f"峰值 RSS {max(rss2):.0f} MiB", flush=True)
    print(f"ratio --jobs 1 / bare parse: {r1:.2f}×", flush=True)
    print(f"ratio --jobs 2 / bare parse: {r2:.2f}×", flush=True)

    single = [_run([*PERFSCORE, "evaluate", str(SAMPLE), "--fail-on", "never"], ROOT)[0] for _ in range(5)]
    print(f"single form (evaluate samples/{SAMPLE.name}): {statistics.median(single):.3f} s wall {spread(single)}",
          flush=True)

    fast = work / "fast.json"
    slow = work / "slow.json"
    _evaluate(names[:2000], directory, 1, output=str(fast))
    _evaluate(names[:2000], directory, 1, env={**_ENV, "PERFSCORE_NO_FASTPATH": "1"}, output=str(slow))
    same = fast.read_bytes() == slow.read_bytes()
    print(f"byte-identical with PERFSCORE_NO_FASTPATH=1 ({min(n, 2000)} forms): {'yes' if same else 'NO'}",
          flush=True)

    for size in (int(s) for s in args.rss.split(",") if s.strip()):
        rss_names, rss_dir = _forms(work, size, args.seed, args.error_rate)
        for fmt in args.rss_formats.split(","):
            wall, rss, _ = _evaluate(rss_names, rss_dir, 1, fmt)
            print(f"peak RSS evaluate --format {fmt} N={size}: {rss:.0f} MiB（{wall:.1f} s）", flush=True)

    if _has_command("audit"):
        store = work / "audit.sqlite"
        if store.exists():
            store.unlink()
        audit = [*PERFSCORE, "audit", ".", "--db", str(store), "--jobs", "2", "--fail-on", "never"]
        wall, rss, code = _run(audit, directory)
        again, _, _ = _run(audit, directory)
        print(f"audit --jobs 2 N={n}: {wall:.2f} s（fresh store，exit {code}，peak RSS {rss:.0f} MiB）；"
              f"rerun unchanged {again:.2f} s", flush=True)
    else:
        print("audit: perfscore audit not available in this build", flush=True)

    seconds, forms, indicators = _in_process(names, directory, args.rounds)
    rates = sorted(indicators / s for s in seconds)
    middle = statistics.median(seconds)
    print(f"in-process scoring: {indicators / middle:,.0f} indicators/s，{forms / middle:,.0f} forms/s"
          f"（{args.rounds} 轮：{rates[0]:,.0f}–{rates[-1]:,.0f}）", flush=True)


if __name__ == "__main__":
    main()
