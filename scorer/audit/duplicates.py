"""Duplicates and conflicting copies across a run, then each form's final risk and rank.

Order is the file path: the earlier path is "the original", the later copy carries the finding and
names it.  Same normalised content → D01 (duplicate_of); same project name + department + year with
other content → D02 (conflicts_with), a higher risk.
"""

from __future__ import annotations

import json
from decimal import Decimal

from scorer.audit import codes, risk

NO_RISK = risk.final_risk([], None)[0]        # the risk of a form without any signal (0.00)


def _finding(run_id: int, form_id: int, file: str, code: str, message: str, expected=None, reported=None):
    return (run_id, form_id, file, code, codes.name(code), codes.severity(code), "project", expected, reported,
            message, "duplicates")


def mark(conn, run_id: int) -> None:
    conn.execute("DELETE FROM findings WHERE run_id = ? AND origin = 'duplicates'", (run_id,))
    first_by_content: dict[str, str] = {}
    first_by_project: dict[tuple, tuple[str, str]] = {}
    updates, findings = [], []
    rows = conn.execute("SELECT id, file, content_hash, project, department, year FROM forms WHERE run_id = ?"
                        " ORDER BY file", (run_id,)).fetchall()
    for row in rows:
        duplicate_of = first_by_content.get(row["content_hash"])
        if duplicate_of is None:
            first_by_content[row["content_hash"]] = row["file"]
        else:
            findings.append(_finding(run_id, row["id"], row["file"], "D01",
                                     f"与 {duplicate_of} 内容相同（重复提交），请只保留一份", duplicate_of))
        key = (row["project"], row["department"], row["year"])
        conflicts_with = None
        first = first_by_project.get(key)
        if first is None:
            first_by_project[key] = (row["file"], row["content_hash"])
        elif first[1] != row["content_hash"]:
            conflicts_with = first[0]
            findings.append(_finding(
                run_id, row["id"], row["file"], "D02",
                f"项目“{row['project']}”（{row['department'] or '部门未列'}，{row['year'] or '年度未列'}）"
                f"另有一份数字不同的表 {first[0]}：至少一份有误", first[0]))
        updates.append((duplicate_of, conflicts_with, row["id"]))
    conn.executemany("UPDATE forms SET duplicate_of = ?, conflicts_with = ? WHERE id = ?", updates)
    conn.executemany(
        'INSERT INTO findings (run_id, form_id, file, code, name, severity, path, expected, reported, message,'
        " origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", findings)


def score_and_rank(conn, run_id: int) -> None:
    """Counts by severity from the stored findings, final risk (signals × money factor), rank 1 = highest."""
    counts: dict[int, dict[str, int]] = {}
    for form_id, severity, n in conn.execute(
            "SELECT form_id, severity, count(*) FROM findings WHERE run_id = ? AND form_id IS NOT NULL"
            " GROUP BY form_id, severity", (run_id,)):
        counts.setdefault(form_id, {})[severity] = n
    scored = []
    for row in conn.execute("SELECT id, file, signals, planned, duplicate_of, conflicts_with FROM forms"
                            " WHERE run_id = ?", (run_id,)):
        if row["signals"] in (None, "", "[]") and not row["duplicate_of"] and not row["conflicts_with"]:
            scored.append((NO_RISK, row["file"], row["id"], []))    # no signal: 0 whatever the money
            continue
        signals = json.loads(row["signals"] or "[]")
        if row["duplicate_of"]:
            signals.append(risk.signal("duplicate", 1))
        if row["conflicts_with"]:
            signals.append(risk.signal("conflict", 1))
        planned = Decimal(row["planned"]) if row["planned"] is not None else None
        value, reasons = risk.final_risk(signals, planned)
        scored.append((value, row["file"], row["id"], reasons))
    scored.sort(key=lambda s: (-s[0], s[1]))
    updates = []
    for rank, (value, _file, form_id, reasons) in enumerate(scored, start=1):
        c = counts.get(form_id, {})
        why = json.dumps(reasons, ensure_ascii=False) if reasons else "[]"
        updates.append((f"{value:f}", why, rank, c.get("error", 0), c.get("warning", 0), c.get("info", 0), form_id))
    conn.executemany("UPDATE forms SET risk = ?, risk_reasons = ?, rank = ?, errors = ?, warnings = ?, notes = ?"
                     " WHERE id = ?", updates)
