"""The results store: schema version and WAL, migrations, kill -9 then resume, skip unchanged, determinism."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from scorer.audit import store
from scorer.audit.population import generate_population
from scorer.audit.run import AuditRequest, run_audit
from scorer.audit.store import open_store
from tests.clirun import run_bytes

IGNORED = {"id", "run_id", "input_id", "form_id", "evaluated_at", "started", "finished"}


@pytest.fixture(scope="module")
def population(tmp_path_factory):
    root = tmp_path_factory.mktemp("pop")
    generate_population(120, seed=7, out_dir=root / "forms")
    return root / "forms"


def snapshot(db: str) -> dict:
    """Every table's content, ids and timestamps aside, in a canonical order."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    out = {}
    forms_file = {r[0]: r[1] for r in conn.execute("SELECT id, file FROM forms")}
    for table in ("runs", "inputs", "forms", "indicators", "findings"):
        rows = []
        for r in conn.execute(f"SELECT * FROM {table}"):
            item = {k: r[k] for k in r.keys() if k not in IGNORED}  # noqa: SIM118 (a Row iterates values)
            if table == "indicators":
                item["file"] = forms_file[r["form_id"]]
            rows.append(tuple(sorted((k, str(v)) for k, v in item.items())))
        out[table] = sorted(rows)
    conn.close()
    return out


def test_new_store_is_versioned_and_in_wal_mode(tmp_path):
    conn = open_store(tmp_path / "a.sqlite")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == store.MIGRATIONS[-1][0]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"runs", "inputs", "forms", "indicators", "findings"} <= tables


def test_a_later_migration_runs_once_on_an_older_store(tmp_path, monkeypatch):
    db = tmp_path / "a.sqlite"
    open_store(db).close()
    calls = []

    def add_samples(conn):
        calls.append(1)
        conn.execute("CREATE TABLE later (id INTEGER PRIMARY KEY, run_id INTEGER)")

    newest = store.MIGRATIONS[-1][0]
    monkeypatch.setattr(store, "MIGRATIONS", [*store.MIGRATIONS, (newest + 1, "samples", add_samples)])
    open_store(db).close()
    conn = open_store(db)
    assert calls == [1] and conn.execute("PRAGMA user_version").fetchone()[0] == newest + 1
    conn.execute("SELECT * FROM later")


def test_a_store_newer_than_the_program_is_refused(tmp_path):
    db = tmp_path / "a.sqlite"
    sqlite3.connect(db).execute("PRAGMA user_version = 99")
    with pytest.raises(Exception, match="结构版本 99"):
        open_store(db)


def test_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "x.sqlite"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(Exception, match="无法打开结果库"):
        open_store(bad)


def _wait_for_rows(db: str, minimum: int, proc, timeout: float = 60) -> int:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            break
        try:
            conn = sqlite3.connect(db, timeout=1)
            n = conn.execute("SELECT count(*) FROM inputs").fetchone()[0]
            conn.close()
        except sqlite3.OperationalError:
            n = 0
        if n >= minimum:
            return n
        time.sleep(0.02)
    return -1


def test_kill_9_mid_run_then_resume_equals_an_uninterrupted_run(population, tmp_path):
    killed, whole = str(tmp_path / "killed.sqlite"), str(tmp_path / "whole.sqlite")
    cmd = [sys.executable, "-m", "scorer.cli", "audit", str(population), "--db", killed, "--format", "json"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    seen = _wait_for_rows(killed, 25, proc)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert seen >= 25, "the run finished before it could be killed"
    conn = sqlite3.connect(killed)
    stored = conn.execute("SELECT count(*) FROM inputs").fetchone()[0]
    whole_forms = conn.execute("SELECT count(*) FROM inputs WHERE status != 'broken'").fetchone()[0]
    assert conn.execute("SELECT finished FROM runs").fetchall() == [(None,)]
    assert stored < 120
    # every stored form is whole: its indicators are there
    assert conn.execute("SELECT count(*) FROM forms f WHERE NOT EXISTS"
                        " (SELECT 1 FROM indicators i WHERE i.form_id = f.id)").fetchone()[0] == 0
    conn.close()
    resumed = run_audit(AuditRequest([str(population)], db=killed))
    assert resumed.resumed and resumed.run_id == 1 and resumed.skipped == whole_forms   # broken files are read again
    run_audit(AuditRequest([str(population)], db=whole))
    assert snapshot(killed) == snapshot(whole)


def test_unchanged_forms_are_not_evaluated_again_changed_ones_are(population, tmp_path):
    forms = tmp_path / "forms"
    generate_population(30, seed=3, out_dir=forms)
    db = str(tmp_path / "a.sqlite")
    first = run_audit(AuditRequest([str(forms)], db=db))
    assert first.evaluated + first.broken == 30
    again = run_audit(AuditRequest([str(forms)], db=db))
    assert again.run_id != first.run_id and again.evaluated == 0 and again.reused == first.evaluated
    target = sorted(p for p in forms.rglob("*.yaml") if "budget:" in p.read_text(errors="replace"))[0]
    target.write_text(target.read_text(encoding="utf-8").replace("reported_total:", "# 改动\nreported_total:"),
                      encoding="utf-8")
    third = run_audit(AuditRequest([str(forms)], db=db))
    assert third.evaluated == 1 and third.reused == first.evaluated - 1
    assert snapshot_of_run(db, third.run_id) == snapshot_of_run(db, first.run_id)


def snapshot_of_run(db: str, run_id: int) -> list:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT file, code, path, message FROM findings WHERE run_id = ? ORDER BY 1, 2, 3, 4",
                        (run_id,)).fetchall()
    forms = conn.execute("SELECT file, risk, rank, computed_total FROM forms WHERE run_id = ? ORDER BY file",
                         (run_id,)).fetchall()
    conn.close()
    return [rows, forms]


def test_an_edited_ruleset_re_evaluates_its_forms(tmp_path):
    from scorer.rules.ruleset import builtin_dir
    forms = tmp_path / "forms"
    generate_population(12, seed=5, out_dir=forms, broken_share=0, duplicate_share=0, conflict_share=0)
    rules = tmp_path / "mine.yaml"
    rules.write_text(builtin_dir().joinpath("central-2020.yaml").read_text(encoding="utf-8")
                     .replace("id: central-2020", "id: mine").split("\ntests:")[0] + "\n", encoding="utf-8")
    db = str(tmp_path / "a.sqlite")
    run_audit(AuditRequest([str(forms)], db=db, override=str(rules)))
    assert run_audit(AuditRequest([str(forms)], db=db, override=str(rules))).evaluated == 0
    rules.write_text(rules.read_text(encoding="utf-8").replace("tolerance: 0.01", "tolerance: 0.02"),
                     encoding="utf-8")
    assert run_audit(AuditRequest([str(forms)], db=db, override=str(rules))).evaluated == 12


def test_register_is_byte_identical_whatever_jobs(population, tmp_path):
    outputs = []
    for jobs in ("1", "2"):
        db = str(tmp_path / f"j{jobs}.sqlite")
        code, out, _ = run_bytes("audit", str(population), "--db", db, "--jobs", jobs, "--format", "csv")
        assert code == 2            # the population holds broken files
        outputs.append(out)
        _, js, _ = run_bytes("audit", "show", "--db", db, "--format", "json")
        outputs.append(js.split(b'"forms": [', 1)[1])
    assert outputs[0] == outputs[2] and outputs[1] == outputs[3]
    assert outputs[0].count(b"\r\n") > 100


def test_an_unexpected_failure_on_one_file_is_a_broken_row_and_the_run_goes_on(tmp_path, monkeypatch):
    from scorer.audit import record
    forms = tmp_path / "forms"
    made = generate_population(8, seed=9, out_dir=forms, broken_share=0, duplicate_share=0, conflict_share=0)
    victim = str(forms / made[3].file)
    real = record.evaluate_file

    def flaky(path, loader, override=None):
        if path == victim:
            raise TypeError("simulated bug")
        return real(path, loader, override)

    monkeypatch.setattr(record, "evaluate_file", flaky)
    db = str(tmp_path / "a.sqlite")
    outcome = run_audit(AuditRequest([str(forms)], db=db))
    assert (outcome.evaluated, outcome.broken) == (7, 1)
    conn = sqlite3.connect(db)
    (error,) = conn.execute("SELECT error FROM inputs WHERE status = 'broken'").fetchone()
    assert error.startswith(victim) and "程序内部错误（TypeError）" in error
    assert conn.execute("SELECT finished IS NOT NULL FROM runs").fetchone() == (1,)

