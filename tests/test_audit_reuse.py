"""A new run over unchanged files reuses the earlier rows set-based, chunk by chunk: the copies equal the
originals, a changed file is evaluated again, and a run stopped in the middle of copying (killed, or
an error inside a chunk) leaves whole forms only and resumes to the same store as an uninterrupted run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from scorer.audit import reuse
from scorer.audit.population import generate_population
from scorer.audit.run import AuditRequest, run_audit


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    root = tmp_path_factory.mktemp("reuse") / "forms"
    generate_population(60, seed=11, out_dir=root)
    return root


def run_rows(db: str, run_id: int) -> dict:
    """One run's stored content, ids and timestamps aside: inputs, forms, each form's indicators and
    findings in their stored order."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    form_cols = [r[1] for r in conn.execute("PRAGMA table_info(forms)") if r[1] not in ("id", "run_id", "input_id")]
    out = {
        "inputs": conn.execute("SELECT path, size, sha256, content_hash, error FROM inputs WHERE run_id = ?"
                               " AND status != 'broken' ORDER BY path", (run_id,)).fetchall(),
        "forms": conn.execute(f"SELECT {', '.join(form_cols)} FROM forms WHERE run_id = ? ORDER BY file",
                              (run_id,)).fetchall(),
        "indicators": conn.execute(
            "SELECT f.file, i.idx, i.name, i.level1, i.level2, i.goal, i.target, i.actual, i.weight, i.weight_source,"
            " i.direction, i.score, i.reported_score, i.status FROM indicators i JOIN forms f ON f.id = i.form_id"
            " WHERE f.run_id = ? ORDER BY f.file, i.id", (run_id,)).fetchall(),
        "findings": conn.execute(
            'SELECT f.file, x.file, x.code, x.name, x.severity, x.path, x.line, x."column", x.grp, x.expected,'
            " x.reported, x.message, x.origin FROM findings x LEFT JOIN forms f ON f.id = x.form_id"
            " WHERE x.run_id = ? ORDER BY x.file, x.origin, x.id", (run_id,)).fetchall(),
    }
    conn.close()
    return {k: [tuple(r) for r in v] for k, v in out.items()}


def statuses(db: str, run_id: int) -> dict:
    conn = sqlite3.connect(db)
    out = dict(conn.execute("SELECT status, count(*) FROM inputs WHERE run_id = ? GROUP BY status", (run_id,)))
    conn.close()
    return out


def test_a_rerun_reuses_every_form_in_chunks_and_stores_the_same_rows(forms, tmp_path, monkeypatch):
    monkeypatch.setattr(reuse, "CHUNK", 7)            # several chunks, the last one partial
    db = str(tmp_path / "a.sqlite")
    first = run_audit(AuditRequest([str(forms)], db=db))
    assert first.evaluated > 50 and first.broken > 0
    calls = []
    again = run_audit(AuditRequest([str(forms)], db=db), progress=lambda done, total: calls.append(done))
    assert (again.evaluated, again.reused) == (0, first.evaluated)
    assert statuses(db, again.run_id) == {"reused": first.evaluated, "broken": first.broken}
    assert run_rows(db, again.run_id) == run_rows(db, first.run_id)
    assert len(calls) >= first.evaluated // 7        # progress after each committed chunk
    third = run_audit(AuditRequest([str(forms)], db=db))     # reuses the newest earlier run (the copies)
    assert third.reused == first.evaluated and run_rows(db, third.run_id) == run_rows(db, first.run_id)


def test_changed_bytes_are_evaluated_again_even_with_the_same_size_and_time(forms, tmp_path):
    folder = tmp_path / "forms"
    generate_population(10, seed=4, out_dir=folder, broken_share=0, duplicate_share=0, conflict_share=0)
    db = str(tmp_path / "a.sqlite")
    first = run_audit(AuditRequest([str(folder)], db=db))
    target = sorted(p for p in folder.rglob("*.yaml") if b"reported_total: " in p.read_bytes())[0]
    before = target.stat()
    data = bytearray(target.read_bytes())
    at = data.index(b"reported_total: ") + len(b"reported_total: ")
    assert chr(data[at]).isdigit()
    data[at] = ord("1") if data[at] != ord("1") else ord("2")      # another printed total, same size
    target.write_bytes(bytes(data))
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert target.stat().st_size == before.st_size and target.stat().st_mtime_ns == before.st_mtime_ns
    again = run_audit(AuditRequest([str(folder)], db=db))
    assert (again.evaluated, again.reused) == (1, first.evaluated - 1)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT status FROM inputs WHERE run_id = ? AND path = ?",
                        (again.run_id, str(target))).fetchone() == ("evaluated",)
    conn.close()


def test_a_file_above_this_runs_size_limit_is_not_reused(tmp_path):
    folder = tmp_path / "forms"
    generate_population(4, seed=2, out_dir=folder, broken_share=0, duplicate_share=0, conflict_share=0)
    db = str(tmp_path / "a.sqlite")
    run_audit(AuditRequest([str(folder)], db=db))
    smallest = min(p.stat().st_size for p in folder.rglob("*.yaml"))
    again = run_audit(AuditRequest([str(folder)], db=db, max_bytes=smallest - 1))
    assert (again.reused, again.evaluated, again.broken) == (0, 0, 4)


def _whole_forms(db: str, run_id: int, original: int) -> None:
    """Every form stored in `run_id` has exactly the indicators and own findings of its original."""
    conn = sqlite3.connect(db)
    for file, n_ind, n_find in conn.execute(
            "SELECT f.file, (SELECT count(*) FROM indicators WHERE form_id = f.id),"
            " (SELECT count(*) FROM findings WHERE form_id = f.id AND origin = 'form') FROM forms f"
            " WHERE f.run_id = ?", (run_id,)):
        assert conn.execute(
            "SELECT (SELECT count(*) FROM indicators WHERE form_id = f.id),"
            " (SELECT count(*) FROM findings WHERE form_id = f.id AND origin = 'form') FROM forms f"
            " WHERE f.run_id = ? AND f.file = ?", (original, file)).fetchone() == (n_ind, n_find), file
    inputs = conn.execute("SELECT count(*) FROM inputs WHERE run_id = ? AND status = 'reused'", (run_id,)).fetchone()
    assert inputs[0] == conn.execute("SELECT count(*) FROM forms WHERE run_id = ?", (run_id,)).fetchone()[0]
    conn.close()


# kill -9 the audit process itself right after its third chunk of copies is committed
_KILL_AFTER_THREE_CHUNKS = """
import os, signal, sys
from scorer.audit import reuse
from scorer.audit.run import AuditRequest, run_audit
reuse.CHUNK = 10
def progress(done, total):
    if done >= 30:
        os.kill(os.getpid(), signal.SIGKILL)
run_audit(AuditRequest([sys.argv[1]], db=sys.argv[2]), progress=progress)
"""


def test_killed_in_the_middle_of_copying_leaves_whole_forms_and_resumes(forms, tmp_path):
    db = str(tmp_path / "a.sqlite")
    first = run_audit(AuditRequest([str(forms)], db=db))
    done = subprocess.run([sys.executable, "-c", _KILL_AFTER_THREE_CHUNKS, str(forms), db], capture_output=True)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT id, finished IS NULL FROM runs ORDER BY id").fetchall() == [(1, 0), (2, 1)]
    conn.close()
    assert statuses(db, 2) == {"reused": 30}           # three whole chunks, nothing of the fourth
    _whole_forms(db, 2, first.run_id)
    resumed = run_audit(AuditRequest([str(forms)], db=db))
    assert resumed.resumed and resumed.run_id == 2
    assert (resumed.skipped, resumed.reused, resumed.evaluated) == (30, first.evaluated - 30, 0)
    assert run_rows(db, 2) == run_rows(db, first.run_id)


def test_an_error_inside_a_chunk_rolls_that_chunk_back_whole(forms, tmp_path, monkeypatch):
    db = str(tmp_path / "a.sqlite")
    first = run_audit(AuditRequest([str(forms)], db=db))
    monkeypatch.setattr(reuse, "CHUNK", 8)
    real = reuse._COPY_FINDINGS
    chunks = []

    def fail_from_the_second(n):
        """The findings copy of later chunks fails, after their inputs, forms and indicators went in."""
        chunks.append(n)
        monkeypatch.setattr(reuse, "_COPY_FINDINGS", real.replace("ORDER BY", "AND no_such_column = 1 ORDER BY"))

    with pytest.raises(sqlite3.OperationalError):
        run_audit(AuditRequest([str(forms)], db=db), progress=lambda done, total: fail_from_the_second(done))
    assert chunks[0] == 8
    assert statuses(db, 2) == {"reused": 8}
    _whole_forms(db, 2, first.run_id)
    monkeypatch.setattr(reuse, "_COPY_FINDINGS", real)
    resumed = run_audit(AuditRequest([str(forms)], db=db))
    assert resumed.resumed and resumed.skipped == 8 and run_rows(db, 2) == run_rows(db, first.run_id)


def test_the_folders_are_walked_once_when_the_report_file_already_exists(tmp_path, monkeypatch):
    """Rerunning the same command finds its earlier report at -o: the output check lists the run's inputs
    (so the report never replaces one of them) and the run uses that same listing."""
    from scorer.audit import discover as discover_module
    from scorer.audit import run as run_module
    from tests.clirun import run

    folder = tmp_path / "forms"
    generate_population(6, seed=8, out_dir=folder, broken_share=0, duplicate_share=0, conflict_share=0)
    db, report = str(tmp_path / "a.sqlite"), str(tmp_path / "register.csv")
    args = ("audit", str(folder), "--db", db, "--format", "csv", "-o", report, "--fail-on", "never")
    assert run(*args)[0] == 0
    first = Path(report).read_bytes()
    calls = []
    real = discover_module.discover

    def counted(*a, **k):
        calls.append(a)
        return real(*a, **k)

    monkeypatch.setattr(discover_module, "discover", counted)
    monkeypatch.setattr(run_module, "discover", counted)
    assert run(*args)[0] == 0
    assert len(calls) == 1 and Path(report).read_bytes() == first
    assert statuses(db, 2) == {"reused": 6}
    os.remove(report)
    assert run(*args)[0] == 0 and len(calls) == 2        # no report yet: only the run walks the folders
    inside = str(folder / sorted(p.relative_to(folder) for p in folder.rglob("*.yaml"))[0])
    code, _, err = run("audit", str(folder), "--db", db, "--format", "csv", "-o", inside)
    assert code == 2 and "输入文件" in err                # the listing still guards the inputs


def test_evaluated_forms_are_written_in_batches_of_whole_forms(tmp_path, monkeypatch):
    """Fresh forms go in WRITE_BATCH at a time: an interruption loses at most the batch not yet written,
    never part of a form, and the same command completes the run to the rows of an uninterrupted one."""
    from scorer.audit import run as run_module

    folder = tmp_path / "forms"
    generate_population(20, seed=12, out_dir=folder, broken_share=0, duplicate_share=0, conflict_share=0)
    whole = str(tmp_path / "whole.sqlite")
    run_audit(AuditRequest([str(folder)], db=whole))
    monkeypatch.setattr(run_module, "WRITE_BATCH", 7)
    monkeypatch.setattr(run_module, "WRITE_SECONDS", 3600)
    seen = []

    def stop_at_the_tenth(path, loader, override):
        seen.append(path)
        if len(seen) == 10:
            raise KeyboardInterrupt           # as Ctrl-C in the middle of the second batch
        return run_module.record_step(path, loader, override)

    db = str(tmp_path / "a.sqlite")
    with pytest.raises(KeyboardInterrupt):
        run_audit(AuditRequest([str(folder)], db=db), step=stop_at_the_tenth)
    assert statuses(db, 1) == {"evaluated": 7}          # the first batch; the two after it were not written
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM forms f WHERE NOT EXISTS"
                        " (SELECT 1 FROM indicators i WHERE i.form_id = f.id)").fetchone() == (0,)
    conn.close()
    resumed = run_audit(AuditRequest([str(folder)], db=db))
    assert resumed.resumed and (resumed.skipped, resumed.evaluated) == (7, 13)
    assert run_rows(db, 1) == run_rows(whole, 1)
