"""Samples and reviews in the audit results store (SQLite, WAL), beside the audit register.

The tables are migration 2 of the audit store (`scorer.audit.store.MIGRATIONS`), so every store
has them and opening any store brings an older one forward:
- samples: one row per drawn sample — seed, method, parameters (JSON), algorithm version,
  population hash, size and total of the population, source, run, who and when;
- sample_items: the items in draw order, with value, reason, stratum and the extension that added them;
- reviews: what a reviewer recorded for an item — misstatement (exact decimal text), note, who, when.
Money is stored as TEXT decimals, as in the register.
"""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal

from scorer.audit.store import transaction
from scorer.errors import InputError

# IF NOT EXISTS: stores that gained these tables before they were a migration are brought forward too
SCHEMA = """
CREATE TABLE IF NOT EXISTS samples (
  id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  source TEXT NOT NULL,
  run_id INTEGER,
  method TEXT NOT NULL,
  seed INTEGER NOT NULL,
  parameters TEXT NOT NULL,
  algorithm_version TEXT NOT NULL,
  population_hash TEXT NOT NULL,
  population_size INTEGER NOT NULL,
  population_total TEXT
);
CREATE TABLE IF NOT EXISTS sample_items (
  sample_id INTEGER NOT NULL REFERENCES samples(id),
  seq INTEGER NOT NULL,
  item_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  value TEXT,
  reason TEXT NOT NULL,
  stratum TEXT,
  extension INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (sample_id, seq),
  UNIQUE (sample_id, item_id)
);
CREATE INDEX IF NOT EXISTS sample_items_item ON sample_items (sample_id, item_id);
CREATE TABLE IF NOT EXISTS reviews (
  id INTEGER PRIMARY KEY,
  sample_id INTEGER NOT NULL REFERENCES samples(id),
  item_id TEXT NOT NULL,
  misstatement TEXT NOT NULL,
  note TEXT,
  reviewer TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reviews_sample ON reviews (sample_id, item_id);
"""


def who() -> str:
    """The reviewer: $PERFSCORE_USER, else the login name."""
    try:
        return os.environ.get("PERFSCORE_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def open_sampling_store(path: str, must_exist: bool = False) -> sqlite3.Connection:
    """Open (or create) the audit results store at `path`, migrated (sampling tables included)."""
    from scorer.audit.store import open_store

    return open_store(path, create=not must_exist)


def open_register(path: str) -> sqlite3.Connection:
    """Open an existing database to read the audit register from, changing nothing."""
    if not os.path.exists(path):
        raise InputError("数据库文件不存在", path)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.execute("SELECT name FROM sqlite_master LIMIT 1")
    except sqlite3.DatabaseError as exc:
        raise InputError(f"无法打开数据库（{exc}）：不是 SQLite 数据库，或文件已损坏", path) from None
    return conn


@dataclass
class StoredSample:
    id: int
    method: str
    seed: int
    parameters: dict
    algorithm_version: str
    population_hash: str
    population_size: int
    population_total: Decimal | None
    source: str
    run_id: int | None
    items: list[dict]


def save_sample(conn, selection, population, total: Decimal | None) -> int:
    with transaction(conn):
        cur = conn.execute(
            "INSERT INTO samples (created_at, created_by, source, run_id, method, seed, parameters,"
            " algorithm_version, population_hash, population_size, population_total)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (now(), who(), population.source, population.run_id, selection.method, selection.seed,
             json.dumps(selection.parameters, ensure_ascii=False, sort_keys=True), selection.algorithm_version,
             population.hash, len(population.items), None if total is None else str(total)))
        sample_id = cur.lastrowid
        _insert_items(conn, sample_id, 0, selection.picked)
    return sample_id


def _insert_items(conn, sample_id, first_seq, picked):
    conn.executemany(
        "INSERT INTO sample_items (sample_id, seq, item_id, position, value, reason, stratum, extension)"
        " VALUES (?,?,?,?,?,?,?,?)",
        [(sample_id, first_seq + k + 1, p.item.id, p.item.position,
          None if p.item.value is None else str(p.item.value), p.reason, p.stratum, p.extension)
         for k, p in enumerate(picked)])


def add_extension(conn, sample: StoredSample, selection) -> None:
    """Append an extension's items and record it in the sample's parameters (one transaction)."""
    params = dict(sample.parameters)
    params.setdefault("extensions", []).append(selection.parameters)
    with transaction(conn):
        _insert_items(conn, sample.id, len(sample.items), selection.picked)
        conn.execute("UPDATE samples SET parameters = ? WHERE id = ?",
                     (json.dumps(params, ensure_ascii=False, sort_keys=True), sample.id))


def load_sample(conn, sample_id, path: str) -> StoredSample:
    try:
        key = int(sample_id)
    except (TypeError, ValueError):
        raise InputError(f"样本编号应为整数，收到“{sample_id}”", path) from None
    row = conn.execute("SELECT id, method, seed, parameters, algorithm_version, population_hash, population_size,"
                       " population_total, source, run_id FROM samples WHERE id = ?", (key,)).fetchone()
    if row is None:
        raise InputError(f"数据库中没有样本 {sample_id}", path)
    items = [{"id": r[0], "position": r[1], "value": None if r[2] is None else Decimal(r[2]), "reason": r[3],
              "stratum": r[4], "extension": r[5]}
             for r in conn.execute("SELECT item_id, position, value, reason, stratum, extension FROM sample_items"
                                   " WHERE sample_id = ? ORDER BY seq", (key,))]
    return StoredSample(row[0], row[1], row[2], json.loads(row[3]), row[4], row[5], row[6],
                        None if row[7] is None else Decimal(row[7]), row[8], row[9], items)


def record_review(conn, sample_id: int, reviews: list[tuple[str, Decimal, str | None]]) -> None:
    """Store reviews (item, misstatement, note) with who and when, all or nothing."""
    reviewer, stamp = who(), now()
    with transaction(conn):
        conn.executemany("INSERT INTO reviews (sample_id, item_id, misstatement, note, reviewer, recorded_at)"
                         " VALUES (?,?,?,?,?,?)",
                         [(sample_id, item, str(m), note, reviewer, stamp) for item, m, note in reviews])


def latest_reviews(conn, sample_id: int) -> dict[str, dict]:
    """The latest review of each item (a later record corrects an earlier one)."""
    out = {}
    for item, m, note, reviewer, stamp in conn.execute(
            "SELECT item_id, misstatement, note, reviewer, recorded_at FROM reviews WHERE sample_id = ?"
            " ORDER BY id", (sample_id,)):
        out[item] = {"misstatement": Decimal(m), "note": note, "reviewer": reviewer, "recorded_at": stamp}
    return out


SHEET_COLUMNS = ["sample", "method", "seed", "seq", "item_id", "file", "value", "reason", "misstatement", "note",
                 "reviewer", "recorded_at"]
SHEET_HEADERS = {"sample": "样本", "method": "方法", "seed": "种子", "seq": "序号", "item_id": "编号", "file": "文件",
                 "value": "金额", "reason": "抽取理由", "misstatement": "错报", "note": "备注", "reviewer": "复核人",
                 "recorded_at": "复核时间"}


def sheet_rows(conn, run_id: int):
    """One row per sampled item of the samples drawn from run `run_id`, with its latest review
    (the 抽样 sheet of the audit workbook); `file` is the stored path of the item's form."""
    from scorer.sampling.population import form_ids

    files = [f for (f,) in conn.execute("SELECT file FROM forms WHERE run_id = ?", (run_id,))]
    file_of = {**{f: f for f in files}, **dict(zip(form_ids(files), files, strict=True))}
    query = """
        SELECT s.id AS sample, s.method, s.seed, i.seq, i.item_id, NULL, i.value, i.reason,
               r.misstatement, r.note, r.reviewer, r.recorded_at
        FROM samples s JOIN sample_items i ON i.sample_id = s.id
        LEFT JOIN reviews r ON r.id = (SELECT max(id) FROM reviews WHERE sample_id = s.id AND item_id = i.item_id)
        WHERE s.run_id = ? ORDER BY s.id, i.seq"""
    for row in conn.execute(query, (run_id,)):
        item = dict(zip(SHEET_COLUMNS, row, strict=True))
        item["file"] = file_of.get(item["item_id"])
        yield item
