"""A small audit register made through the audit store itself (runs, inputs, forms; money as TEXT),
with amounts, departments, grades, rulesets and risk scores spread so every sampling method has
something to do (zero budgets included, for the MUS exclusions)."""

from __future__ import annotations

from scorer.audit.store import open_store, transaction

DEPARTMENTS = ["区委组织部", "区教育局", "区卫健局", "区民政局"]


def build_register(path, forms: int = 40, runs: int = 1) -> str:
    conn = open_store(path)
    fid = 0
    with transaction(conn):
        for run in range(1, runs + 1):
            conn.execute("INSERT INTO runs (id, perfscore_version, arguments, resume_key, started, finished)"
                         " VALUES (?, '0.1.0', '{}', ?, ?, ?)",
                         (run, f"key{run}", f"2026-01-0{run}T00:00:00Z", f"2026-01-0{run}T00:10:00Z"))
            for k in range(forms):
                fid += 1
                file = f"form-{fid:03d}.yaml"
                input_id = conn.execute("INSERT INTO inputs (run_id, path, status) VALUES (?, ?, 'evaluated')",
                                        (run, file)).lastrowid
                planned = f"{(k * 37) % 500 + (0 if k % 13 == 5 else 10)}.{k % 100:02d}" if k % 17 != 3 else "0"
                conn.execute(
                    "INSERT INTO forms (id, run_id, input_id, file, project, department, year, planned, executed,"
                    " computed_grade, risk, ruleset_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    (fid, run, input_id, file, f"项目{fid}", DEPARTMENTS[k % 4], 2022 + k % 2, planned, planned,
                     "优" if k % 3 else "良", str((k * 7919) % 101 / 100),
                     "wuhan-2023" if k % 5 else "central-2020"))
    conn.close()
    return str(path)
