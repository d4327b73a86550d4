"""A small audit register built with the SQL the audit store uses (runs, forms; money as TEXT)."""

from __future__ import annotations

import sqlite3

REGISTER_SQL = """
CREATE TABLE runs (id INTEGER PRIMARY KEY, started TEXT NOT NULL);
CREATE TABLE forms (
  id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id), file TEXT, project TEXT,
  department TEXT, implementer TEXT, year INTEGER, planned TEXT, executed TEXT, rate TEXT,
  reported_total TEXT, computed_total TEXT, reported_grade TEXT, computed_grade TEXT, errors INTEGER,
  warnings INTEGER, notes TEXT, inflation TEXT, risk TEXT, rank INTEGER, duplicate_of TEXT, ruleset_id TEXT
);
"""

DEPARTMENTS = ["区委组织部", "区教育局", "区卫健局", "区民政局"]


def build_register(path, forms: int = 40, runs: int = 1) -> str:
    conn = sqlite3.connect(path)
    conn.executescript(REGISTER_SQL)
    fid = 0
    for run in range(1, runs + 1):
        conn.execute("INSERT INTO runs (id, started) VALUES (?, ?)", (run, f"2026-01-0{run}T00:00:00Z"))
        for k in range(forms):
            fid += 1
            planned = f"{(k * 37) % 500 + (0 if k % 13 == 5 else 10)}.{k % 100:02d}" if k % 17 != 3 else "0"
            conn.execute(
                "INSERT INTO forms (id, run_id, file, project, department, year, planned, executed, computed_grade,"
                " risk, ruleset_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (fid, run, f"form-{fid:03d}.yaml", f"项目{fid}", DEPARTMENTS[k % 4], 2022 + k % 2, planned,
                 planned, "优" if k % 3 else "良", str((k * 7919) % 101 / 100),
                 "wuhan-2023" if k % 5 else "central-2020"))
    conn.commit()
    conn.close()
    return str(path)
