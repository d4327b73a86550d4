"""A department's 绩效自评情况汇总表 (summary.yaml) checked against the forms of the run.

The summary lists project names with their 财政资金总额 and claims a 绩效自评覆盖率.  It applies to
the run's project forms of its year whose 主管部门 or 实施单位 is the summary's department or one of
its 资金使用单位 (wherever the files are).  Checks: every listed project has a form (S01),
every project form of the department is listed (S02), the listed amount equals the form's A or B as
the summary's `amount` says (S03), the claimed coverage equals listed projects with a form ÷ listed
projects (S04), the printed total equals the sum of the amounts (S05).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from scorer.audit import codes
from scorer.errors import InputError
from scorer.forms.schema import validate
from scorer.forms.yamlsafe import Document, load_yaml_file
from scorer.numbers import parse_percent, places, to_decimal

AMOUNT_NAMES = {"planned": "全年预算数 A", "executed": "全年执行数 B"}


@dataclass
class Listed:
    index: int
    name: str
    unit: str | None
    amount: Decimal | None


@dataclass
class Summary:
    file: str
    doc: Document
    department: str
    year: int
    amount: str
    coverage: Decimal | None
    coverage_text: str | None
    projects: list[Listed]
    total: Decimal | None


def _clean(name: str | None) -> str:
    return "".join((name or "").split())


def load_summary(path: str) -> Summary:
    doc = load_yaml_file(path, display_name=path)
    if not isinstance(doc.data, dict):
        raise doc.error("汇总表文件应是键值表（mapping），以 department:、year:、amount:、projects: 等键开头")
    validate(doc, "summary")
    data = doc.data
    try:
        coverage = parse_percent(data.get("coverage"))
    except ValueError:
        raise doc.error(f"覆盖率应为百分数，如 100%：{data.get('coverage')!r}", ("coverage",)) from None
    projects = [Listed(i, str(p["name"]), p.get("unit"), to_decimal(p.get("amount")))
                for i, p in enumerate(data["projects"])]
    raw = data.get("coverage")
    return Summary(path, doc, str(data["department"]), data["year"], data["amount"], coverage,
                   None if raw is None else str(raw), projects, to_decimal(data.get("total")))


def _line(summary: Summary, *path) -> tuple[int | None, int | None]:
    pos = summary.doc.position(path)
    return pos if pos else (None, None)


def _row(run_id, form_id, file, code, path, line, column, expected, reported, message):
    return (run_id, form_id, file, code, codes.name(code), codes.severity(code), path, line, column,
            None if expected is None else str(expected), None if reported is None else str(reported), message,
            "summary")


def check_summary(conn, run_id: int, summary: Summary) -> list[tuple]:
    units = {_clean(summary.department)} | {_clean(p.unit) for p in summary.projects if p.unit}
    forms = [dict(r) for r in conn.execute(
        "SELECT id, file, kind, project, department, implementer, year, planned, executed FROM forms"
        " WHERE run_id = ? AND year = ? ORDER BY file", (run_id, summary.year))]
    forms = [f for f in forms if f["kind"] == "project"
             and {_clean(f["department"]), _clean(f["implementer"])} & units]
    by_name: dict[str, list[dict]] = {}
    for f in forms:
        by_name.setdefault(_clean(f["project"]), []).append(f)
    out, matched, listed_with_form = [], set(), 0
    where = f"汇总表 {summary.file}"
    for p in summary.projects:
        found = by_name.get(_clean(p.name), [])
        line, column = _line(summary, "projects", p.index, "name")
        if not found:
            out.append(_row(run_id, None, summary.file, "S01", f"projects[{p.index}].name", line, column, None,
                            p.name, f"汇总表第 {p.index + 1} 项“{p.name}”：本批表中找不到该部门 {summary.year} 年度"
                            "同名的项目自评表"))
            continue
        listed_with_form += 1
        for f in found:
            matched.add(f["id"])
            value = Decimal(f[summary.amount]) if f[summary.amount] is not None else None
            if p.amount is not None and value is not None and value != p.amount:
                line, column = _line(summary, "projects", p.index, "amount")
                out.append(_row(run_id, f["id"], f["file"], "S03", f"projects[{p.index}].amount", None, None,
                                f"{value:f}", f"{p.amount:f}",
                                f"{where} 第 {line} 行：“{p.name}”财政资金总额 {p.amount:f} 万元，自评表"
                                f"{AMOUNT_NAMES[summary.amount]} 为 {value:f} 万元"))
    for f in forms:
        if f["id"] in matched:
            continue
        out.append(_row(run_id, f["id"], f["file"], "S02", "project.name", None, None, None, f["project"],
                        f"项目“{f['project']}”（{f['department'] or '部门未列'}）未列入{where}"))
    if summary.coverage is not None and summary.projects:
        actual = Decimal(listed_with_form) / Decimal(len(summary.projects)) * 100
        half = Decimal(5).scaleb(-(places(summary.coverage) + 1))
        if abs(actual - summary.coverage) > half:
            line, column = _line(summary, "coverage")
            out.append(_row(run_id, None, summary.file, "S04", "coverage", line, column, f"{actual:.2f}",
                            f"{summary.coverage:f}",
                            f"汇总表声称绩效自评覆盖率 {summary.coverage_text}，所列 {len(summary.projects)} 个项目中"
                            f"有自评表的 {listed_with_form} 个（{actual:.2f}%）"))
    amounts = [p.amount for p in summary.projects if p.amount is not None]
    if summary.total is not None and len(amounts) == len(summary.projects):
        total = sum(amounts, Decimal(0))
        if total != summary.total:
            line, column = _line(summary, "total")
            out.append(_row(run_id, None, summary.file, "S05", "total", line, column, f"{total:f}",
                            f"{summary.total:f}",
                            f"合计 {summary.total:f} 万元，各项之和 {' + '.join(f'{a:f}' for a in amounts)}"
                            f" = {total:f} 万元"))
    return out


def check_all(conn, run_id: int, summaries: list[str]) -> None:
    """Recompute the summary findings of the run (a broken summary file becomes a broken input row)."""
    conn.execute("DELETE FROM findings WHERE run_id = ? AND origin = 'summary'", (run_id,))
    rows = []
    for path in sorted(set(summaries)):
        conn.execute("DELETE FROM inputs WHERE run_id = ? AND path = ?", (run_id, path))
        try:
            summary = load_summary(path)
        except InputError as exc:
            if exc.file is None:
                exc.file = path
            conn.execute("INSERT INTO inputs (run_id, path, status, error) VALUES (?, ?, 'broken', ?)",
                         (run_id, path, str(exc)))
            continue
        except OSError as exc:
            conn.execute("INSERT INTO inputs (run_id, path, status, error) VALUES (?, ?, 'broken', ?)",
                         (run_id, path, f"{path}: 无法读取汇总表（{exc.strerror or exc}）"))
            continue
        from scorer.audit.record import sha256_file
        size, sha = sha256_file(path)
        conn.execute("INSERT INTO inputs (run_id, path, size, sha256, status) VALUES (?, ?, ?, ?, 'summary')",
                     (run_id, path, size, sha))
        rows += check_summary(conn, run_id, summary)
    conn.executemany(
        'INSERT INTO findings (run_id, form_id, file, code, name, severity, path, line, "column", expected, reported,'
        " message, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
