"""The audit results store: one SQLite file (WAL), schema versioned with PRAGMA user_version.

Other parts (sampling) add their own tables by appending to MIGRATIONS; a migration runs once, in
order, in its own transaction, and bumps user_version.  Money and scores are TEXT decimals (exact as
printed or computed), never REAL.  The schema is documented in docs/audit.md.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from scorer.errors import InputError

SCHEMA_V1 = """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    perfscore_version TEXT NOT NULL,
    arguments TEXT NOT NULL,            -- JSON: paths, --ruleset/--jurisdiction, --from-list …
    resume_key TEXT NOT NULL,           -- hash of the arguments that define "the same command"
    override TEXT,                      -- --ruleset ID|PATH or jurisdiction:地区, NULL = each form's own
    rulesets TEXT,                      -- JSON [{id, version, hash}] of the rulesets used
    started TEXT NOT NULL,
    finished TEXT                       -- NULL while running or when killed
);
CREATE TABLE inputs (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    path TEXT NOT NULL,
    size INTEGER,
    sha256 TEXT,                        -- of the file's bytes
    content_hash TEXT,                  -- of the normalised form content (NULL when broken)
    status TEXT NOT NULL,               -- evaluated | reused | broken | summary (a summary.yaml read)
    error TEXT,                         -- the one-line Chinese error for a broken file
    evaluated_at TEXT,
    UNIQUE (run_id, path)
);
CREATE TABLE forms (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    input_id INTEGER NOT NULL REFERENCES inputs(id),
    file TEXT NOT NULL,
    kind TEXT,                          -- project | department
    project TEXT, department TEXT, implementer TEXT, year INTEGER,
    ruleset_id TEXT, ruleset_version TEXT, ruleset_hash TEXT, ruleset_files TEXT, ruleset_note TEXT,
    planned TEXT, executed TEXT, rate TEXT, reported_rate TEXT,
    budget_weight TEXT, budget_score TEXT, reported_budget_score TEXT,
    indicator_score_rate TEXT,          -- reported indicator points ÷ indicator weight, percent
    reported_total TEXT, computed_total TEXT, reported_grade TEXT, computed_grade TEXT,
    grade_changed INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0, warnings INTEGER NOT NULL DEFAULT 0, notes INTEGER NOT NULL DEFAULT 0,
    inflation TEXT,                     -- points of over-statement (sum over scores above the rules)
    signals TEXT,                       -- JSON risk signals of the form itself (see docs/audit.md)
    risk TEXT, risk_reasons TEXT,       -- final score and its reasons (JSON), duplicates included
    rank INTEGER,                       -- 1 = highest risk in the run
    duplicate_of TEXT,                  -- the earlier copy with the same content
    conflicts_with TEXT,                -- the earlier form of the same project with other numbers
    content_hash TEXT,
    UNIQUE (run_id, file)
);
CREATE TABLE indicators (
    id INTEGER PRIMARY KEY,
    form_id INTEGER NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, name TEXT, level1 TEXT, level2 TEXT, goal TEXT,
    target TEXT, actual TEXT, weight TEXT, weight_source TEXT, direction TEXT,
    score TEXT, reported_score TEXT, status TEXT
);
CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    form_id INTEGER REFERENCES forms(id) ON DELETE CASCADE,   -- NULL: about a summary table
    file TEXT NOT NULL,
    code TEXT NOT NULL, name TEXT, severity TEXT NOT NULL,
    path TEXT, line INTEGER, "column" INTEGER, grp TEXT,
    expected TEXT, reported TEXT, message TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT 'form'  -- form | duplicates | summary
);
CREATE INDEX inputs_sha ON inputs (sha256);
CREATE INDEX forms_run ON forms (run_id, file);
CREATE INDEX forms_file ON forms (file, run_id);
CREATE INDEX indicators_form ON indicators (form_id);
CREATE INDEX findings_form ON findings (form_id);
CREATE INDEX findings_run ON findings (run_id, code);
CREATE INDEX findings_file ON findings (run_id, file);
"""


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Each statement of `script` inside the caller's transaction (executescript would COMMIT first)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            conn.execute(pending)
            pending = ""


def _v1(conn: sqlite3.Connection) -> None:
    run_script(conn, SCHEMA_V1)


def _v2_sampling(conn: sqlite3.Connection) -> None:
    from scorer.sampling.store import SCHEMA as SAMPLING_SCHEMA    # the sampling package owns its tables

    run_script(conn, SAMPLING_SCHEMA)


# (version, what it adds, how) — append only; never edit a released migration
MIGRATIONS: list[tuple[int, str, Callable[[sqlite3.Connection], None]]] = [
    (1, "runs, inputs, forms, indicators, findings", _v1),
    (2, "samples, sample_items, reviews (perfscore sample)", _v2_sampling),
]


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the database forward to the newest schema, one migration per transaction."""
    current = schema_version(conn)
    newest = MIGRATIONS[-1][0]
    if current > newest:
        raise InputError(f"结果库的结构版本 {current} 比本程序支持的 {newest} 新：请升级 perfscore")
    for version, _what, apply in MIGRATIONS:
        if version <= current:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            apply(conn)
            conn.execute(f"PRAGMA user_version = {int(version)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def open_store(path, *, create: bool = True) -> sqlite3.Connection:
    """Open (or create) the results store at `path`, migrated, in WAL mode, autocommit off-by-hand.

    The connection is in autocommit mode (isolation_level None): callers group whole forms' rows in
    explicit transactions (`with transaction(conn):`), so a killed run leaves whole forms only.
    """
    target = Path(path)
    if not create and not target.exists():
        raise InputError("结果库不存在（先运行 perfscore audit 生成）", file=str(path))
    try:
        conn = sqlite3.connect(str(target), isolation_level=None, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        raise InputError(f"无法打开结果库（{exc}）：不是 perfscore 的 SQLite 结果库，或文件已损坏",
                         file=str(path)) from None
    conn.row_factory = sqlite3.Row
    return conn


class transaction:
    """`with transaction(conn):` — BEGIN IMMEDIATE … COMMIT, ROLLBACK on any exception."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self):
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb):
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
        return False
