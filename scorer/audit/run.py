"""One audit run: discover → skip what is unchanged → evaluate in parallel → store each form → finalise.

Streaming: results are written as they complete, a small batch of whole evaluated files per
transaction (_Pending), and never held all at once; reused forms are copied set-based, a chunk of
whole forms per transaction (scorer.audit.reuse).  A run killed at any moment leaves whole forms
only; the same command again resumes the unfinished run (forms already stored with the same bytes
are skipped), and a new run reuses the rows of earlier runs for files whose bytes (sha256 of every
byte, read each time), ruleset and perfscore version are unchanged.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version

from scorer.audit import duplicates
from scorer.audit.discover import discover
from scorer.audit import reuse as reuse_module
from scorer.audit.record import current_ruleset_hash, evaluate_record, sha256_file
from scorer.audit.reuse import copy_forms, earlier_forms
from scorer.audit.store import open_store, transaction
from scorer.engine import WORKER_DIED, _Workers, broken_file
from scorer.rules.pick import ByJurisdiction
from scorer.rules.ruleset import RulesetLoader


WRITE_BATCH = 50           # evaluated files per transaction at most …
WRITE_SECONDS = 0.5        # … and a batch is written when a file arrives this long after its first


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
    found: tuple | None = None      # discover(paths, from_list) when the caller already made it (the CLI)

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
    return conn.execute(_insert_sql(table, tuple(row)), tuple(row.values())).lastrowid


@functools.lru_cache(maxsize=64)
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    cols = ", ".join(f'"{c}"' for c in columns)
    return f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' for _ in columns)})"


def write_record(conn, run_id: int, rec: dict) -> None:
    """One file's rows in one transaction: a kill leaves the whole form or none of it."""
    write_records(conn, run_id, [rec])


def write_records(conn, run_id: int, recs: list[dict]) -> None:
    """Whole files' rows in one transaction: a kill leaves all of them or none (never part of a form)."""
    if not recs:
        return
    with transaction(conn):
        for rec in recs:
            _write_rows(conn, run_id, rec)


def _write_rows(conn, run_id: int, rec: dict) -> None:
    """One file's input row and, when evaluated, its form rows with their indicators and findings."""
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


class _Pending:
    """Evaluated files on their way into the store: written together, one transaction per batch of whole
    files, once WRITE_BATCH of them are in or a file arrives WRITE_SECONDS after the batch's first (a
    commit per form cost the writer about a second per 10,000 forms, on cores the workers need).  At
    most a batch waits in memory; a kill loses at most that, and the same command evaluates it again."""

    def __init__(self, conn, run_id: int):
        self.conn, self.run_id = conn, run_id
        self.recs: list[dict] = []
        self.since = 0.0

    def add(self, rec: dict) -> None:
        if not self.recs:
            self.since = time.monotonic()
        self.recs.append(rec)
        if len(self.recs) >= WRITE_BATCH or time.monotonic() - self.since >= WRITE_SECONDS:
            self.flush()

    def flush(self) -> None:
        write_records(self.conn, self.run_id, self.recs)
        self.recs = []


def _delete_input(conn, run_id: int, path: str) -> None:
    book = path + "#"          # a workbook's forms are stored as book.xlsx#表1!A1
    with transaction(conn):
        conn.execute("DELETE FROM findings WHERE run_id = ? AND (file = ? OR substr(file, 1, ?) = ?)",
                     (run_id, path, len(book), book))
        conn.execute("DELETE FROM forms WHERE run_id = ? AND (file = ? OR substr(file, 1, ?) = ?)",
                     (run_id, path, len(book), book))
        conn.execute("DELETE FROM inputs WHERE run_id = ? AND path = ?", (run_id, path))


def _reusable(conn, run_id: int, hashed: list[tuple[str, int, str]], request: AuditRequest) -> dict[str, int]:
    """{path: earlier form id} of the files whose earlier rows can stand for this run: same bytes
    (sha256), perfscore version and --ruleset/--jurisdiction (one query for all files), the ruleset
    they used hashes the same today (loaded once per reference, folder and year), and the file is not
    above this run's --max-file-size (it would be refused now).  In path order."""
    loader = RulesetLoader(max_bytes=request.max_bytes)
    cache: dict = {}
    out: dict[str, int] = {}
    small = [(path, sha) for path, size, sha in hashed if size <= request.max_bytes]
    for path, row in earlier_forms(conn, run_id, small, perfscore_version(), override_text(request.override)):
        key = (row.ruleset_files, os.path.dirname(path), row.year)
        if key not in cache:
            ref = json.loads(row.ruleset_files or "{}").get("ref")
            cache[key] = current_ruleset_hash(loader, request.override, ref, path, row.year)
        if cache[key] is not None and cache[key] == row.ruleset_hash:
            out[path] = row.form_id
    return out


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
    files, unusable, summaries = request.found or discover(request.paths, request.from_list)
    run_id, resumed = _start(conn, request)
    outcome = RunOutcome(run_id, resumed, total=len(files) + len(unusable))
    stored = {r["path"]: (r["sha256"], r["status"]) for r in
              conn.execute("SELECT path, sha256, status FROM inputs WHERE run_id = ?", (run_id,))}
    wanted = set(files) | {p for p, _ in unusable}
    for path in sorted(set(stored) - wanted):
        _delete_input(conn, run_id, path)
    done = 0
    for path, reason in unusable:
        if path in stored:
            _delete_input(conn, run_id, path)
        write_record(conn, run_id, {"path": path, "status": "broken", "error": reason})
        outcome.broken += 1
        done += 1
    hashed: list[tuple[str, int, str]] = []          # files not yet stored in this run: (path, size, sha256)
    todo: list[str] = []
    for path in files:
        try:
            size, sha = sha256_file(path)
        except OSError:
            size, sha = None, None
        if path in stored:
            if sha is not None and stored[path][0] == sha and stored[path][1] != "broken":
                outcome.skipped += 1
                done += 1
                continue
            _delete_input(conn, run_id, path)
        if sha is None:
            todo.append(path)
        else:
            hashed.append((path, size, sha))
    reuse = _reusable(conn, run_id, hashed, request)
    todo += [path for path, _size, _sha in hashed if path not in reuse]
    todo.sort()
    if reuse:
        def copied(n: int) -> None:
            if progress:
                progress(done + n, outcome.total)
        copy_forms(conn, run_id, list(reuse.values()), now(), chunk=reuse_module.CHUNK, after_chunk=copied)
        outcome.reused = len(reuse)
        done += len(reuse)
    if progress:
        progress(done, outcome.total)
    pending = _Pending(conn, run_id)
    for written, rec in enumerate(_evaluate(todo, request, step), start=1):
        pending.add(rec)
        done += 1
        if rec["status"] == "broken":
            outcome.broken += 1
        else:
            outcome.evaluated += 1
        if progress:
            progress(done, outcome.total)
        if stop_after is not None and written >= stop_after:
            pending.flush()
            return outcome
    pending.flush()
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
