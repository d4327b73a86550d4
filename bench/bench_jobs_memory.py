"""Benchmark: what --jobs costs in memory, and how big a result is on its way back from a worker.

    python bench/bench_jobs_memory.py [--copies 2000] [--jobs 1 8]

Copies the real samples until there are --copies forms, runs the real CLI (`evaluate --format json
-o FILE`) once per --jobs value in a fresh process and prints its peak RSS (the parent holds every
result until the report is written) and the wall time.  Also prints the pickled size of one result
as it travels (without its ruleset) against the whole Evaluation (with it).  Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from scorer.engine import _evaluate_or_break, _pack, _RecordingLoader
from scorer.forms.yamlsafe import DEFAULT_MAX_BYTES

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def peak_rss_of(command: list[str]) -> tuple[float, float, int]:
    """(peak RSS in MB, seconds, exit code) of a command run in a fresh child process."""
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "rc = subprocess.run(sys.argv[1:]).returncode; "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter() - t, rc)")
    out = subprocess.run([sys.executable, "-c", code, *command], capture_output=True, text=True, check=True)
    kb, seconds, rc = out.stdout.split()
    return int(kb) / 1024, float(seconds), int(rc)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=2000)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 8])
    args = parser.parse_args()

    samples = sorted(SAMPLES.glob("*.yaml"))
    loader = _RecordingLoader(DEFAULT_MAX_BYTES)
    sizes = []
    for path in samples:
        full = _evaluate_or_break(str(path), loader, None)[0]
        sizes.append((len(pickle.dumps(full)), len(pickle.dumps(_pack(full, loader)))))
    whole = sum(s[0] for s in sizes) / len(sizes)
    light = sum(s[1] for s in sizes) / len(sizes)
    print(f"一个结果的序列化大小（{len(samples)} 张样表的平均）：带规则集 {whole / 1024:.1f} KB，"
          f"不带规则集 {light / 1024:.1f} KB（{light / whole:.0%}）")

    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.copies):
            source = samples[i % len(samples)]
            target = Path(tmp, f"{i:05d}-{source.name}")
            shutil.copyfile(source, target)
        files = sorted(str(p) for p in Path(tmp).glob("*.yaml"))
        report = os.path.join(tmp, "report.json")
        for jobs in args.jobs:
            command = [sys.executable, "-m", "scorer.cli", "evaluate", *files, "--format", "json",
                       "--fail-on", "never", "--jobs", str(jobs), "-o", report]
            mb, seconds, rc = peak_rss_of(command)
            print(f"-j {jobs}: {len(files)} 张表，峰值内存 {mb:.0f} MB，用时 {seconds:.1f} 秒，退出码 {rc}")
    print(f"（本进程 {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB）")


if __name__ == "__main__":
    main()
