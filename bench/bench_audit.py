"""Benchmark: `perfscore audit` of a generated population, end to end.  Prints figures; asserts nothing.

    python bench/bench_audit.py [--forms 10000] [--jobs 2] [--seed 1] [--keep DIR]

Generates the population (injected errors, duplicates, conflicting copies, broken files), then runs the
audit in-process exactly as the command does: discovery, evaluation in --jobs workers, one transaction
per form into a fresh SQLite store, duplicates, summary checks, risk and rank.  Then times a rerun of
the same population (nothing changed: every form reused) and the register renderers.  Peak memory is
the maximum resident set of this process and of the largest worker (ru_maxrss of children).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from scorer.audit.population import generate_population
from scorer.audit.run import AuditRequest, run_audit
from scorer.audit.store import open_store
from scorer.audit.view import load_run
from scorer.report.audit_csv import render_register_csv
from scorer.report.audit_html import render_audit_html
from scorer.report.audit_json import render_audit_json


def _mib(kib: int) -> float:
    return kib / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--forms", type=int, default=10000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", help="folder to keep the population and store in (default: a temporary one)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(args.keep or scratch)
        root.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        made = generate_population(args.forms, args.seed, root / "forms")
        generate_seconds = time.perf_counter() - started
        size = sum(p.stat().st_size for p in (root / "forms").rglob("*.yaml"))
        db = root / "audit.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)

        started = time.perf_counter()
        outcome = run_audit(AuditRequest([str(root / "forms")], db=str(db), jobs=args.jobs))
        audit_seconds = time.perf_counter() - started

        started = time.perf_counter()
        again = run_audit(AuditRequest([str(root / "forms")], db=str(db), jobs=args.jobs))
        rerun_seconds = time.perf_counter() - started

        conn = open_store(db)
        view = load_run(conn, outcome.run_id)
        timings = {}
        for name, render in (("csv", render_register_csv), ("json", render_audit_json), ("html", render_audit_html)):
            started = time.perf_counter()
            text = render(view)
            timings[name] = (time.perf_counter() - started, len(text.encode()))
        findings = conn.execute("SELECT count(*) FROM findings WHERE run_id = ?", (outcome.run_id,)).fetchone()[0]
        conn.close()
        store_bytes = sum(Path(f"{db}{s}").stat().st_size for s in ("", "-wal") if Path(f"{db}{s}").exists())

    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    kinds = {k: sum(m.kind == k for m in made) for k in ("clean", "error", "duplicate", "conflict", "broken")}
    print(f"表数                {args.forms}（{'，'.join(f'{k} {v}' for k, v in kinds.items())}），"
          f"共 {size / 1024 / 1024:.1f} MiB")
    print(f"生成                {generate_seconds:.1f} 秒")
    print(f"审核（--jobs {args.jobs}）    {audit_seconds:.1f} 秒，{args.forms / audit_seconds:.0f} 张/秒；"
          f"复算 {outcome.evaluated}，损坏 {outcome.broken}，发现 {findings} 条")
    print(f"再次运行（全部沿用）{rerun_seconds:.1f} 秒，{args.forms / rerun_seconds:.0f} 张/秒；沿用 {again.reused}")
    for name, (seconds, nbytes) in timings.items():
        print(f"报告 {name:<5}          {seconds:.2f} 秒，{nbytes / 1024 / 1024:.1f} MiB")
    print(f"结果库              {store_bytes / 1024 / 1024:.1f} MiB")
    print(f"内存峰值            主进程 {_mib(me):.0f} MiB，最大的工作进程 {_mib(workers):.0f} MiB")


if __name__ == "__main__":
    main()
