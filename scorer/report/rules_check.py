"""`rules check` output: yamllint-style lines (table), one JSON document, or CSV rows — like `evaluate`.

Only formatting: the problems come from `scorer.rules.check`, already located and de-duplicated.
"""

from __future__ import annotations

import csv
import io

from scorer.errors import one_line
from scorer.report.cells import spreadsheet_text
from scorer.report.jsonfmt import dumps
from scorer.rules.checks import LEVEL_NAMES

CSV_HEADER = ["文件", "行", "列", "键路径", "级别", "问题"]


def summary(problems, checked: int) -> str:
    errors = sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    found = f"{errors} 个错误，{warnings} 个警告" if problems else "没有发现问题"
    return f"检查了 {checked} 个规则集文件：{found}"


def render_check_table(problems, checked: int) -> str:
    return "".join(f"{one_line(str(p))}\n" for p in problems) + summary(problems, checked) + "\n"


def render_check_json(problems, checked: int) -> str:
    errors = sum(p.level == "error" for p in problems)
    document = {
        "checked": checked,
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [{"file": p.file, "line": p.line, "column": p.column, "path": p.path,
                      "level": p.level, "message": p.message} for p in problems],
    }
    return dumps(document) + "\n"


def _cell(value) -> str:
    """Text for a spreadsheet cell: one line, never read as a formula (OWASP: prefix ')."""
    return "" if value is None else spreadsheet_text(one_line(str(value)))


def render_check_csv(problems, checked: int) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for p in problems:
        writer.writerow([_cell(p.file), p.line or "", p.column or "", _cell(p.path), LEVEL_NAMES[p.level],
                         _cell(p.message)])
    return "\ufeff" + out.getvalue()


CHECK_FORMATTERS = {"table": render_check_table, "json": render_check_json, "csv": render_check_csv}
