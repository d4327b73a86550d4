"""A stored run read back for the reports: the run, the register (by rank), findings, broken files.

Reports never re-evaluate: everything they show comes from the store, so `audit show` gives the same
report for any past run.  Forms and findings are read in a fixed order (rank, file, path) so a
report is byte-identical whatever the completion order or number of workers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from scorer.audit import risk
from scorer.errors import InputError

REGISTER_COLUMNS = [
    "rank", "file", "project", "department", "implementer", "year", "planned", "executed", "rate",
    "reported_total", "computed_total", "reported_grade", "computed_grade", "errors", "warnings", "notes",
    "inflation", "risk", "duplicate_of", "conflicts_with", "ruleset_id", "ruleset_version",
]
REGISTER_HEADERS = {
    "rank": "风险排名", "file": "文件", "project": "项目", "department": "部门", "implementer": "实施单位",
    "year": "年度", "planned": "全年预算数A（万元）", "executed": "全年执行数B（万元）", "rate": "执行率（%）",
    "reported_total": "自评总分", "computed_total": "复算总分", "reported_grade": "自评等次",
    "computed_grade": "复算等次", "errors": "错误", "warnings": "警告", "notes": "提示", "inflation": "虚高分数",
    "risk": "风险分", "duplicate_of": "重复于", "conflicts_with": "冲突副本", "ruleset_id": "规则集",
    "ruleset_version": "规则集版本", "why": "为什么排在前面",
}
FINDING_COLUMNS = ["file", "code", "name", "severity", "path", "line", "column", "grp", "expected", "reported",
                   "message"]
FINDING_HEADERS = {"file": "文件", "code": "代码", "name": "名称", "severity": "级别", "path": "路径", "line": "行",
                   "column": "列", "grp": "分组", "expected": "应为", "reported": "表列", "message": "说明"}


@dataclass
class RunView:
    conn: object
    run: dict

    @property
    def id(self) -> int:
        return self.run["id"]

    def forms(self) -> Iterator[dict]:
        """The register, rank 1 first; each row with `why` (the risk reasons in words)."""
        for row in self.conn.execute(f"SELECT id, {', '.join(REGISTER_COLUMNS)}, risk_reasons FROM forms"
                                     " WHERE run_id = ? ORDER BY rank, file", (self.id,)):
            item = dict(row)
            reasons = item.pop("risk_reasons")
            item["why"] = risk.describe(json.loads(reasons)) if reasons not in (None, "", "[]") else ""
            yield item

    def findings(self, form_id: int | None = None) -> list[dict]:
        where, args = ("form_id = ?", (form_id,)) if form_id is not None else ("run_id = ?", (self.id,))
        cols = ", ".join(f'"{c}"' for c in FINDING_COLUMNS)
        return [dict(r) for r in self.conn.execute(
            f"SELECT form_id, {cols} FROM findings WHERE {where} ORDER BY file, CASE severity WHEN 'error' THEN 0"
            " WHEN 'warning' THEN 1 ELSE 2 END, code, path, message", args)]

    def findings_by_form(self) -> dict[int | None, list[dict]]:
        out: dict[int | None, list[dict]] = {}
        for f in self.findings():
            out.setdefault(f.pop("form_id"), []).append(f)
        return out

    def broken(self) -> list[dict]:
        """Broken inputs, and workbooks of which some forms could not be placed (error set, others stored)."""
        return [dict(r) for r in self.conn.execute(
            "SELECT path AS file, error FROM inputs WHERE run_id = ? AND (status = 'broken' OR"
            " (status = 'evaluated' AND error IS NOT NULL)) ORDER BY path", (self.id,))]

    def summary(self) -> dict:
        c = self.conn
        forms = c.execute("SELECT count(*), sum(grade_changed), sum(duplicate_of IS NOT NULL),"
                          " sum(conflicts_with IS NOT NULL), sum(errors > 0) FROM forms WHERE run_id = ?",
                          (self.id,)).fetchone()
        severity = dict(c.execute("SELECT severity, count(*) FROM findings WHERE run_id = ? GROUP BY severity",
                                  (self.id,)).fetchall())
        by_code = [tuple(r) for r in c.execute(
            "SELECT code, name, severity, count(*) FROM findings WHERE run_id = ? GROUP BY code, name, severity"
            " ORDER BY code", (self.id,))]
        statuses = dict(c.execute("SELECT status, count(*) FROM inputs WHERE run_id = ? GROUP BY status",
                                  (self.id,)).fetchall())
        return {
            "forms": forms[0] or 0, "grade_changed": forms[1] or 0, "duplicates": forms[2] or 0,
            "conflicts": forms[3] or 0, "forms_with_errors": forms[4] or 0,
            "broken": statuses.get("broken", 0), "evaluated": statuses.get("evaluated", 0),
            "reused": statuses.get("reused", 0),
            "error": severity.get("error", 0), "warning": severity.get("warning", 0), "info": severity.get("info", 0),
            "by_code": by_code,
        }

    def run_info(self) -> dict:
        r = self.run
        return {"id": r["id"], "perfscore_version": r["perfscore_version"],
                "arguments": json.loads(r["arguments"]), "rulesets": json.loads(r["rulesets"] or "[]"),
                "started": r["started"], "finished": r["finished"]}

    def has_table(self, name: str) -> bool:
        return self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                 (name,)).fetchone() is not None


def load_run(conn, run_id: int | None = None) -> RunView:
    """The run `run_id`, or the newest finished one (else the newest)."""
    if run_id is None:
        row = conn.execute("SELECT * FROM runs ORDER BY finished IS NULL, id DESC LIMIT 1").fetchone()
        if row is None:
            raise InputError("结果库中还没有任何运行记录（先运行 perfscore audit）")
    else:
        row = conn.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            known = "、".join(str(r[0]) for r in conn.execute("SELECT id FROM runs ORDER BY id")) or "无"
            raise InputError(f"没有编号为 {run_id} 的运行；已有运行：{known}")
    return RunView(conn, dict(row))
