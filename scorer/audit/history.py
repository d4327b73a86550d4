"""`audit runs` and `audit diff`: what was checked when, with which rules, and what changed between runs."""

from __future__ import annotations

import json

from tabulate import tabulate

from scorer.audit.view import load_run
from scorer.codes import SEVERITY_NAMES


def render_runs(conn) -> str:
    rows = []
    for r in conn.execute(
            "SELECT r.id, r.perfscore_version, r.rulesets, r.started, r.finished, r.arguments,"
            " (SELECT count(*) FROM forms f WHERE f.run_id = r.id),"
            " (SELECT count(*) FROM inputs i WHERE i.run_id = r.id AND i.status = 'broken'),"
            " (SELECT count(*) FROM findings x WHERE x.run_id = r.id AND x.severity = 'error')"
            " FROM runs r ORDER BY r.id"):
        rulesets = "、".join(f"{x['id']} {x['version']}" for x in json.loads(r[2] or "[]")) or "—"
        args = json.loads(r[5])
        paths = " ".join(args.get("paths") or []) or (args.get("from_list") or "")
        rows.append([r[0], r[1], rulesets, r[3], r[4] or "未完成", r[6], r[7], r[8], paths])
    if not rows:
        return "结果库中还没有运行记录。\n"
    return tabulate(rows, headers=["运行", "perfscore", "规则集", "开始", "结束", "表数", "损坏", "错误", "路径"],
                    tablefmt="simple", disable_numparse=True) + "\n"


def _findings(conn, run_id: int) -> dict[tuple, dict]:
    return {(r["file"], r["code"], r["path"] or "", r["message"]): dict(r) for r in conn.execute(
        "SELECT file, code, name, severity, path, message FROM findings WHERE run_id = ?", (run_id,))}


def diff_runs(conn, run1: int, run2: int) -> dict:
    """New and fixed findings (by file, code, path and message), grade changes, forms added and removed."""
    load_run(conn, run1)
    load_run(conn, run2)
    old, new = _findings(conn, run1), _findings(conn, run2)
    forms1 = {r["file"]: dict(r) for r in conn.execute(
        "SELECT file, computed_grade, computed_total, risk FROM forms WHERE run_id = ?", (run1,))}
    forms2 = {r["file"]: dict(r) for r in conn.execute(
        "SELECT file, computed_grade, computed_total, risk FROM forms WHERE run_id = ?", (run2,))}
    grades = [(f, forms1[f]["computed_grade"], forms2[f]["computed_grade"], forms1[f]["computed_total"],
               forms2[f]["computed_total"]) for f in sorted(set(forms1) & set(forms2))
              if forms1[f]["computed_grade"] != forms2[f]["computed_grade"]
              or forms1[f]["computed_total"] != forms2[f]["computed_total"]]
    return {
        "new": [new[k] for k in sorted(set(new) - set(old))],
        "fixed": [old[k] for k in sorted(set(old) - set(new))],
        "grades": grades,
        "added": sorted(set(forms2) - set(forms1)),
        "removed": sorted(set(forms1) - set(forms2)),
    }


def render_diff(conn, run1: int, run2: int) -> str:
    d = diff_runs(conn, run1, run2)
    lines = [f"运行 #{run1} → #{run2}：新增发现 {len(d['new'])}，已消除 {len(d['fixed'])}，"
             f"复算结果变化的表 {len(d['grades'])}，新增表 {len(d['added'])}，移除表 {len(d['removed'])}"]
    for title, items in (("新增发现", d["new"]), ("已消除的发现", d["fixed"])):
        if items:
            lines.append(f"\n{title}：")
            lines += [f"  {f['file']}: {f['code']} {f['name']}（{SEVERITY_NAMES.get(f['severity'], f['severity'])}）"
                      f" {f['path'] or ''}：{f['message']}" for f in items]
    if d["grades"]:
        lines.append("\n复算总分或等次变化：")
        lines += [f"  {f}: {t1 or '—'}（{g1 or '—'}）→ {t2 or '—'}（{g2 or '—'}）" for f, g1, g2, t1, t2 in d["grades"]]
    for title, items in (("新增的表", d["added"]), ("移除的表", d["removed"])):
        if items:
            lines.append(f"\n{title}：")
            lines += [f"  {f}" for f in items]
    return "\n".join(lines) + "\n"
