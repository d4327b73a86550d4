"""Reusing an earlier run's rows for files that have not changed, set-based.

A rerun of 10,000 unchanged forms must not cost 10,000 look-ups and 10,000 commits.  The earlier form
of every file is found in one query (same path, same sha256 of the bytes, same perfscore version and
--ruleset/--jurisdiction, the newest such run), and the reused forms are copied chunk by chunk with
INSERT … SELECT: each chunk of whole forms (input, form, indicators, its own findings) is one
transaction, so a run killed in the middle of copying leaves whole forms only, and the same command
resumes after the last committed chunk.  Whether the ruleset is unchanged is decided by the caller
(run.py), which recomputes today's ruleset hash once per ruleset reference.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from scorer.audit.store import transaction

CHUNK = 2500        # forms per transaction when copying (commits are the cost; a chunk is whole forms)

_INDICATOR_COLUMNS = ["idx", "name", "level1", "level2", "goal", "target", "actual", "weight", "weight_source",
                      "direction", "score", "reported_score", "status"]
_FINDING_COLUMNS = ["file", "code", "name", "severity", "path", "line", '"column"', "grp", "expected", "reported",
                    "message", "origin"]
# the chunk's earlier forms (temp.reuse_map: ord, old_form) joined to their copies in run ? by file name
_OLD_AND_NEW = ("temp.reuse_map m JOIN forms f ON f.id = m.old_form"
                " JOIN forms n ON n.run_id = ? AND n.file = f.file")
_COPY_INDICATORS = (f"INSERT INTO indicators (form_id, {', '.join(_INDICATOR_COLUMNS)})"
                    f" SELECT n.id, {', '.join('x.' + c for c in _INDICATOR_COLUMNS)} FROM {_OLD_AND_NEW}"
                    " JOIN indicators x ON x.form_id = m.old_form ORDER BY m.ord, x.id")
_COPY_FINDINGS = (f"INSERT INTO findings (run_id, form_id, {', '.join(_FINDING_COLUMNS)})"
                  f" SELECT n.run_id, n.id, {', '.join('x.' + c for c in _FINDING_COLUMNS)} FROM {_OLD_AND_NEW}"
                  " JOIN findings x ON x.form_id = m.old_form AND x.origin = 'form' ORDER BY m.ord, x.id")


@dataclass(frozen=True, slots=True)
class Earlier:
    """The newest earlier form stored for a file with the same bytes (a reuse candidate)."""
    form_id: int
    ruleset_hash: str | None
    ruleset_files: str | None
    year: int | None


def earlier_forms(conn, run_id: int, hashed: list[tuple[str, str]], ps_version: str,
                  override: str | None) -> Iterator[tuple[str, Earlier]]:
    """(path, the newest form of an earlier run for that path with the same sha256, perfscore version
    and override), in path order, for the (path, sha256) pairs in `hashed` that have one: one query,
    streamed (a province's candidates are not held all at once)."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS reuse_wanted (path TEXT PRIMARY KEY, sha256 TEXT NOT NULL)")
    with transaction(conn):          # one transaction, not one per row (autocommit)
        conn.execute("DELETE FROM temp.reuse_wanted")
        conn.executemany("INSERT INTO temp.reuse_wanted (path, sha256) VALUES (?, ?)", hashed)
    # SQLite takes the bare columns of an aggregate query from the row that holds max(): the newest run
    rows = conn.execute(
        "SELECT w.path, f.id, f.ruleset_hash, f.ruleset_files, f.year, max(f.run_id) FROM temp.reuse_wanted w"
        " JOIN forms f ON f.file = w.path JOIN inputs i ON i.id = f.input_id AND i.sha256 = w.sha256"
        " JOIN runs r ON r.id = f.run_id WHERE f.run_id != ? AND r.perfscore_version = ? AND r.override IS ?"
        " GROUP BY w.path ORDER BY w.path", (run_id, ps_version, override))
    try:
        for r in rows:
            yield r[0], Earlier(r[1], r[2], r[3], r[4])
    finally:
        rows.close()
        conn.execute("DELETE FROM temp.reuse_wanted")


def form_columns(conn) -> list[str]:
    return [r[1] for r in conn.execute("PRAGMA table_info(forms)") if r[1] not in ("id", "run_id", "input_id")]


def copy_forms(conn, run_id: int, form_ids: list[int], stamp: str, chunk: int = CHUNK,
               after_chunk=None) -> None:
    """Copy the earlier forms `form_ids` (in this order) into run `run_id`: a new input row (status
    'reused'), the form row, its indicators and its own findings (run-level ones — duplicates, summary
    tables — are recomputed by finalise).  One transaction per `chunk` forms; `after_chunk(n)` (tests)
    is called after each committed chunk with the number of forms copied so far."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS reuse_map (ord INTEGER PRIMARY KEY, old_form INTEGER NOT NULL)")
    cols = ", ".join(f'"{c}"' for c in form_columns(conn))
    old_cols = ", ".join(f'f."{c}"' for c in form_columns(conn))
    done = 0
    for start in range(0, len(form_ids), chunk):
        part = form_ids[start:start + chunk]
        with transaction(conn):
            conn.execute("DELETE FROM temp.reuse_map")
            conn.executemany("INSERT INTO temp.reuse_map (ord, old_form) VALUES (?, ?)", enumerate(part))
            conn.execute(
                "INSERT INTO inputs (run_id, path, size, sha256, content_hash, status, error, evaluated_at)"
                " SELECT ?, i.path, i.size, i.sha256, i.content_hash, 'reused', NULL, ? FROM temp.reuse_map m"
                " JOIN forms f ON f.id = m.old_form JOIN inputs i ON i.id = f.input_id ORDER BY m.ord",
                (run_id, stamp))
            conn.execute(
                f"INSERT INTO forms (run_id, input_id, {cols}) SELECT ?, n.id, {old_cols} FROM temp.reuse_map m"
                " JOIN forms f ON f.id = m.old_form JOIN inputs i ON i.id = f.input_id"
                " JOIN inputs n ON n.run_id = ? AND n.path = i.path ORDER BY m.ord", (run_id, run_id))
            conn.execute(_COPY_INDICATORS, (run_id,))
            conn.execute(_COPY_FINDINGS, (run_id,))
            conn.execute("DELETE FROM temp.reuse_map")
        done += len(part)
        if after_chunk is not None:
            after_chunk(done)

