"""One audit run: discover → skip what is unchanged → evaluate in parallel → store each form → finalise.

Streaming: results are written as they complete, each form in its own transaction, and never held
all at once.  A run killed at any moment leaves whole forms only; the same command again resumes the
unfinished run (forms already stored with the same bytes are skipped), and a new run reuses the
rows of earlier runs for files whose bytes, ruleset and perfscore version are unchanged.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version

from scorer.audit import duplicates
from scorer.audit.discover import discover
from scorer.audit.record import current_ruleset_hash, evaluate_record, sha256_file
from scorer.audit.store import open_store, transaction
from scorer.engine import WORKER_DIED, _Workers, broken_file
from scorer.rules.pick import ByJurisdiction
from scorer.rules.ruleset import RulesetLoader


@functools.lru_cache(maxsize=1)
def perfscore_version() -> str:
    try:
        return version("perfscore")
    except PackageNotFoundError:      # pragma: no cover - running from a source tree
        return "0+source"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def override_text(override) -> str | None:
    if isinstance(override, ByJurisdiction):
        return f"jurisdiction:{override.name}"
    return override


@dataclass
class AuditRequest:
    paths: list[str]
    db: str = "perfscore.sqlite"
    jobs: int = 1
    override: object = None                 # --ruleset ID|PATH, ByJurisdiction, or None
    from_list: str | None = None
    max_bytes: int = 2 * 1024 * 1024
    summaries: list[str] = field(default_factory=list)    # extra summary.yaml files

    def arguments(self) -> dict:
        return {"paths": list(self.paths), "from_list": self.from_list, "override": override_text(self.override),
                "max_file_size": self.max_bytes}


@dataclass
class RunOutcome:
    run_id: int
    resumed: bool
    evaluated: int = 0
    reused: int = 0
    skipped: int = 0
    broken: int = 0
    total: int = 0


def record_step(path: str, loader: RulesetLoader, override) -> list[dict]:
    """The per-file step of an audit: the file's one record (the worker pool's step shape)."""
    return [evaluate_record(path, loader, override)]


def lost_record(path: str) -> list[dict]:
    """The record of a file whose worker process died while holding it (killed for memory, a crash in a
    C library): a broken row with the reason in Chinese, so the run still completes."""
    try:
        size, sha = sha256_file(path)
    except OSError:
        size, sha = None, None
    return [{"path": path, "status": "broken", "size": size, "sha256": sha,
             "error": broken_file(path, WORKER_DIED).message}]


def _resume_key(request: AuditRequest, ps_version: str) -> str:
    body = json.dumps([request.arguments(), ps_version], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def _start(conn, request: AuditRequest) -> tuple[int, bool]:
    ps_version = perfscore_version()
    key = _resume_key(request, ps_version)
    row = conn.execute("SELECT id FROM runs WHERE resume_key = ? AND finished IS NULL ORDER BY id DESC LIMIT 1",
                       (key,)).fetchone()
    if row:
        return row[0], True
    with transaction(conn):
        cur = conn.execute(
            "INSERT INTO runs (perfscore_version, arguments, resume_key, override, started) VALUES (?, ?, ?, ?, ?)",
            (ps_version, json.dumps(request.arguments(), ensure_ascii=False), key,
             override_text(request.override), now()))
    return cur.lastrowid, False


def _insert(conn, table: str, row: dict) -> int:
    cols = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join("?" for _ in row)
    return conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", tuple(row.values())).lastrowid


def write_record(conn, run_id: int, rec: dict) -> None:
    """One file's rows in one transaction: a kill leaves the whole form or none of it."""
    with transaction(conn):
        input_id = _insert(conn, "inputs", {
            "run_id": run_id, "path": rec["path"], "size": rec.get("size"), "sha256": rec.get("sha256"),
            "content_hash": rec.get("content_hash"), "status": rec["status"], "error": rec.get("error"),
            "evaluated_at": now()})
        if rec["status"] != "evaluated":
            return
        for part in rec.get("forms") or [rec]:      # a workbook: one form row per form on its sheets
            form_id = _insert(conn, "forms", {**part["form"], "run_id": run_id, "input_id": input_id})
            conn.executemany(
                "INSERT INTO indicators (form_id, idx, name, level1, level2, goal, target, actual, weight,"
                " weight_source, direction, score, reported_score, status)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(form_id, *i.values()) for i in part["indicators"]])
            conn.executemany(
                'INSERT INTO findings (run_id, form_id, file, code, name, severity, path, line, "column", grp,'
                " expected, reported, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(run_id, form_id, part["form"]["file"], *f.values()) for f in part["findings"]])


def _delete_input(conn, run_id: int, path: str) -> None:
    book = path + "#"          # a workbook's forms are stored as book.xlsx#表1!A1
    with transaction(conn):
        conn.execute("DELETE FROM findings WHERE run_id = ? AND (file = ? OR substr(file, 1, ?) = ?)",
                     (run_id, path, len(book), book))
        conn.execute("DELETE FROM forms WHERE run_id = ? AND (file = ? OR substr(file, 1, ?) = ?)",
                     (run_id, path, len(book), book))
        conn.execute("DELETE FROM inputs WHERE run_id = ? AND path = ?", (run_id, path))


def _reusable(conn, run_id: int, path: str, sha: str, request: AuditRequest, loader, cache: dict):
    """An earlier run's form row for the same bytes, perfscore version, override and (today's) ruleset."""
    row = conn.execute(
        "SELECT f.id, f.ruleset_hash, f.ruleset_files, f.year FROM forms f JOIN inputs i ON i.id = f.input_id"
        " JOIN runs r ON r.id = f.run_id WHERE f.file = ? AND i.sha256 = ? AND f.run_id != ?"
        " AND r.perfscore_version = ? AND r.override IS ? ORDER BY f.run_id DESC LIMIT 1",
        (path, sha, run_id, perfscore_version(), override_text(request.override))).fetchone()
    if row is None:
        return None
    ref = json.loads(row["ruleset_files"] or "{}").get("ref")
    key = (ref, os.path.dirname(path), row["year"])
    if key not in cache:
        cache[key] = current_ruleset_hash(loader, request.override, ref, path, row["year"])
    return row["id"] if cache[key] == row["ruleset_hash"] else None


def _form_columns(conn) -> list[str]:
    return [r[1] for r in conn.execute("PRAGMA table_info(forms)") if r[1] not in ("id", "run_id", "input_id")]


def copy_form(conn, run_id: int, form_id: int, columns: list[str] | None = None) -> None:
    """Reuse an unchanged form's rows from an earlier run (its own findings; run-level ones are redone)."""
    with transaction(conn):
        old = conn.execute("SELECT i.* FROM inputs i JOIN forms f ON f.input_id = i.id WHERE f.id = ?",
                           (form_id,)).fetchone()
        input_id = _insert(conn, "inputs", {
            "run_id": run_id, "path": old["path"], "size": old["size"], "sha256": old["sha256"],
            "content_hash": old["content_hash"], "status": "reused", "error": None, "evaluated_at": now()})
        cols = ", ".join(f'"{c}"' for c in (columns or _form_columns(conn)))
        new_id = conn.execute(f"INSERT INTO forms (run_id, input_id, {cols}) SELECT ?, ?, {cols} FROM forms"
                              " WHERE id = ?", (run_id, input_id, form_id)).lastrowid
        conn.execute("INSERT INTO indicators (form_id, idx, name, level1, level2, goal, target, actual, weight,"
                     " weight_source, direction, score, reported_score, status) SELECT ?, idx, name, level1, level2,"
                     " goal, target, actual, weight, weight_source, direction, score, reported_score, status"
                     " FROM indicators WHERE form_id = ? ORDER BY id", (new_id, form_id))
        conn.execute('INSERT INTO findings (run_id, form_id, file, code, name, severity, path, line, "column", grp,'
                     ' expected, reported, message, origin) SELECT ?, ?, file, code, name, severity, path, line,'
                     ' "column", grp, expected, reported, message, origin FROM findings'
                     " WHERE form_id = ? AND origin = 'form' ORDER BY id", (run_id, new_id, form_id))


def run_audit(request: AuditRequest, progress: Callable[[int, int], None] | None = None,
              stop_after: int | None = None, step=record_step) -> RunOutcome:
    """Run (or resume) the audit `request` describes; returns counts.  `stop_after` (tests) stops the
    evaluation after that many newly written forms, leaving the run unfinished as a kill would; `step`
    (tests) replaces the per-file step (path, loader, override) → [record]."""
    conn = open_store(request.db)
    try:
        return _run(conn, request, progress, stop_after, step)
    finally:
        conn.close()


def _run(conn, request: AuditRequest, progress, stop_after, step) -> RunOutcome:
    files, unusable, summaries = discover(request.paths, request.from_list)
    run_id, resumed = _start(conn, request)
    outcome = RunOutcome(run_id, resumed, total=len(files) + len(unusable))
    stored = {r["path"]: (r["sha256"], r["status"]) for r in
              conn.execute("SELECT path, sha256, status FROM inputs WHERE run_id = ?", (run_id,))}
    wanted = set(files) | {p for p, _ in unusable}
    for path in sorted(set(stored) - wanted):
        _delete_input(conn, run_id, path)
    loader = RulesetLoader(max_bytes=request.max_bytes)
    cache: dict = {}
    columns = _form_columns(conn)
    todo: list[str] = []
    done = 0
    for path, reason in unusable:
        if path in stored:
            _delete_input(conn, run_id, path)
        write_record(conn, run_id, {"path": path, "status": "broken", "error": reason})
        outcome.broken += 1
        done += 1
    for path in files:
        try:
            _size, sha = sha256_file(path)
        except OSError:
            sha = None
        if path in stored:
            if sha is not None and stored[path] == (sha, stored[path][1]) and stored[path][1] != "broken":
                outcome.skipped += 1
                done += 1
                continue
            _delete_input(conn, run_id, path)
        reuse = _reusable(conn, run_id, path, sha, request, loader, cache) if sha else None
        if reuse is not None:
            copy_form(conn, run_id, reuse, columns)
            outcome.reused += 1
            done += 1
            continue
        todo.append(path)
    if progress:
        progress(done, outcome.total)
    for written, rec in enumerate(_evaluate(todo, request, step), start=1):
        write_record(conn, run_id, rec)
        done += 1
        if rec["status"] == "broken":
            outcome.broken += 1
        else:
            outcome.evaluated += 1
        if progress:
            progress(done, outcome.total)
        if stop_after is not None and written >= stop_after:
            return outcome
    outcome.broken = conn.execute("SELECT count(*) FROM inputs WHERE run_id = ? AND status = 'broken'",
                                  (run_id,)).fetchone()[0]
    finalise(conn, run_id, summaries + list(request.summaries))
    return outcome


def _evaluate(paths: list[str], request: AuditRequest, step=record_step):
    """Records in input order, as each and all before it are in: one process, or the batch runner's own
    pool of `jobs` workers (scorer.engine) — a killed worker loses only the file it held, which becomes
    a broken row (lost_record), and a fresh worker takes over the rest of the queue."""
    loader = RulesetLoader(max_bytes=request.max_bytes)
    if request.jobs <= 1 or len(paths) < 2:
        for path in paths:
            yield from step(path, loader, request.override)
        return
    for batch in _Workers(paths, loader, request.override, step, died=lost_record).stream(request.jobs):
        yield from batch


def finalise(conn, run_id: int, summaries: list[str]) -> None:
    """Run-level results, recomputed from scratch (so finishing twice gives the same): duplicates and
    conflicting copies, summary-table checks, counts, risk and rank; then the run is marked finished."""
    from scorer.audit import summary

    with transaction(conn):
        duplicates.mark(conn, run_id)
        summary.check_all(conn, run_id, summaries)
        duplicates.score_and_rank(conn, run_id)
        rulesets = [dict(r) for r in conn.execute(
            "SELECT DISTINCT ruleset_id AS id, ruleset_version AS version, ruleset_hash AS hash FROM forms"
            " WHERE run_id = ? ORDER BY ruleset_id, ruleset_version, ruleset_hash", (run_id,))]
        conn.execute("UPDATE runs SET rulesets = ?, finished = ? WHERE id = ?",
                     (json.dumps(rulesets, ensure_ascii=False), now(), run_id))
