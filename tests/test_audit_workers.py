"""`perfscore audit --jobs N` when a worker process dies mid-file (killed for memory, a crash in a C
library): the file it held becomes a broken row with a Chinese reason, the other files are stored, and
the run completes instead of waiting for ever."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
from pathlib import Path

from scorer.audit.run import AuditRequest, record_step, run_audit

FORM = Path(__file__).resolve().parent.parent / "samples" / "000-proj-ganbu-jiaoyu.yaml"


def die_on_kill(path, loader, override):
    """The audit's own per-file step, except that a file named *kill* kills its worker process first
    (as the kernel's out-of-memory killer or `kill -9` would)."""
    if "kill" in os.path.basename(path):
        os.kill(os.getpid(), signal.SIGKILL)
    return record_step(path, loader, override)


class _Hung(Exception):
    pass


def _alarm(signum, frame):
    raise _Hung


def test_a_killed_worker_loses_only_its_file_and_the_run_completes(tmp_path):
    folder = tmp_path / "forms"
    folder.mkdir()
    paths = []
    for i in range(12):
        target = folder / f"f{i:03d}.yaml"
        shutil.copyfile(FORM, target)
        paths.append(str(target))
    victim = folder / "f005-kill.yaml"
    shutil.copyfile(FORM, victim)
    db = str(tmp_path / "audit.db")
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(120)
    try:
        outcome = run_audit(AuditRequest([str(folder)], db=db, jobs=3), step=die_on_kill)
    except _Hung:
        raise AssertionError("审计在工作进程被结束后没有完成（挂起）") from None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert outcome.evaluated == 12 and outcome.broken == 1
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT finished FROM runs WHERE id = ?", (outcome.run_id,)).fetchone()[0]
    rows = dict(conn.execute("SELECT path, status FROM inputs"))
    assert rows.pop(str(victim)) == "broken" and set(rows.values()) == {"evaluated"} and len(rows) == 12
    error = conn.execute("SELECT error FROM inputs WHERE path = ?", (str(victim),)).fetchone()[0]
    assert "f005-kill.yaml" in error and "工作进程意外终止" in error and "\n" not in error
    assert {r[0] for r in conn.execute("SELECT file FROM forms")} == set(paths)


def test_jobs_store_the_same_rows_in_the_same_order_as_one_process(tmp_path):
    (tmp_path / "forms").mkdir()
    for i in range(6):
        shutil.copyfile(FORM, tmp_path / "forms" / f"f{i:03d}.yaml")
    stores = []
    for jobs in (1, 2):
        db = str(tmp_path / f"jobs{jobs}.db")
        run_audit(AuditRequest([str(tmp_path / "forms")], db=db, jobs=jobs))
        conn = sqlite3.connect(db)
        stores.append(conn.execute("SELECT id, file, planned, computed_grade FROM forms ORDER BY id").fetchall())
    assert stores[0] == stores[1] and len(stores[0]) == 6
