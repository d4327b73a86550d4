"""Benchmark: `perfscore audit` of a generated population, end to end.  Prints figures; asserts nothing.

    python bench/bench_audit.py [--forms 10000] [--jobs 2] [--seed 1] [--keep DIR]

Generates the population (injected errors, duplicates, conflicting copies, broken files), then runs
`perfscore audit FOLDER --db … --jobs N --format csv -o …` in a fresh process, exactly as a user would:
discovery, evaluation in N workers, one transaction per form into a new SQLite store, duplicates,
risk and rank, the register written.  Peak memory is that process's own maximum resident set (VmHWM
where /proc exists) and its largest worker's, measured in the process itself.  Then a rerun of the
same command (nothing changed: every form reused) and the json/html renderers are timed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scorer.audit.population import generate_population
from scorer.audit.store import open_store
from scorer.audit.view import load_run
from scorer.report.audit_html import render_audit_html
from scorer.report.audit_json import render_audit_json

# run the CLI, then report this process's and its workers' peak memory (KiB) on the last stderr line
_AUDIT = """
import json, resource, sys
from scorer.cli import main
try:
    main(sys.argv[1:])
except SystemExit as done:
    code = done.code
try:        # VmHWM: this process image only (ru_maxrss would carry the forking parent's size across exec)
    me = int(next(x for x in open("/proc/self/status") if x.startswith("VmHWM:")).split()[1])
except (OSError, StopIteration):
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stderr.write(chr(10) + json.dumps({"code": code, "self": me, "workers": workers}) + chr(10))
"""


def _audit(folder: Path, db: Path, jobs: int, output: Path) -> tuple[float, dict]:
    args = ["audit", str(folder), "--db", str(db), "--jobs", str(jobs), "--format", "csv", "-o", str(output)]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _AUDIT, *args], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if not done.stderr.strip().endswith("}"):
        raise SystemExit(f"perfscore audit 失败：{done.stderr[-2000:]}")
    return seconds, json.loads(done.stderr.strip().splitlines()[-1])


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

        audit_seconds, first = _audit(root / "forms", db, args.jobs, root / "register.csv")
        rerun_seconds, second = _audit(root / "forms", db, args.jobs, root / "register2.csv")

        conn = open_store(db)
        view = load_run(conn)
        counts = dict(conn.execute("SELECT status, count(*) FROM inputs WHERE run_id = 1 GROUP BY status"))
        findings = conn.execute("SELECT count(*) FROM findings WHERE run_id = 1").fetchone()[0]
        timings = {}
        for name, render in (("json", render_audit_json), ("html", render_audit_html)):
            started = time.perf_counter()
            text = render(view)
            timings[name] = (time.perf_counter() - started, len(text.encode()))
        conn.close()
        store_bytes = sum(Path(f"{db}{s}").stat().st_size for s in ("", "-wal") if Path(f"{db}{s}").exists())
        register_bytes = (root / "register.csv").stat().st_size

    kinds = {k: sum(m.kind == k for m in made) for k in ("clean", "error", "duplicate", "conflict", "broken")}
    print(f"表数                {args.forms}（{'，'.join(f'{k} {v}' for k, v in kinds.items())}），"
          f"共 {size / 1024 / 1024:.1f} MiB；生成 {generate_seconds:.1f} 秒")
    print(f"审核（--jobs {args.jobs}）    {audit_seconds:.1f} 秒，{args.forms / audit_seconds:.0f} 张/秒（退出码 "
          f"{first['code']}）；复算 {counts.get('evaluated', 0)}，损坏 {counts.get('broken', 0)}，发现 {findings} 条")
    print(f"  内存峰值          主进程 {first['self'] / 1024:.0f} MiB，"
          f"最大的工作进程 {first['workers'] / 1024:.0f} MiB")
    print(f"再次运行（全部沿用）{rerun_seconds:.1f} 秒，{args.forms / rerun_seconds:.0f} 张/秒；"
          f"主进程 {second['self'] / 1024:.0f} MiB")
    print(f"登记表 csv          {register_bytes / 1024 / 1024:.1f} MiB")
    for name, (seconds, nbytes) in timings.items():
        print(f"报告 {name:<5}          {seconds:.2f} 秒，{nbytes / 1024 / 1024:.1f} MiB")
    print(f"结果库              {store_bytes / 1024 / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
