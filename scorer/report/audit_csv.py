"""CSV of an audit run: the register (one row per form), the findings, or the broken files.

UTF-8 with BOM and CRLF so Excel opens it directly; text cells that would run as formulas are
escaped (scorer.report.cells.safe_cell).
"""

from __future__ import annotations

import csv
import io

from scorer.audit.view import FINDING_COLUMNS, FINDING_HEADERS, REGISTER_COLUMNS, REGISTER_HEADERS
from scorer.codes import SEVERITY_NAMES
from scorer.report.cells import safe_cell, safe_row

PARTS = ("register", "findings", "broken")


def _writer():
    out = io.StringIO()
    return out, csv.writer(out, lineterminator="\r\n")


def render_register_csv(view) -> str:
    out, w = _writer()
    columns = [*REGISTER_COLUMNS, "why"]
    w.writerow([REGISTER_HEADERS[c] for c in columns])
    for form in view.forms():
        w.writerow(safe_row([form[c] for c in columns]))
    return "\ufeff" + out.getvalue()


def render_findings_csv(view) -> str:
    out, w = _writer()
    w.writerow([FINDING_HEADERS[c] for c in FINDING_COLUMNS])
    for f in view.findings():
        f["severity"] = SEVERITY_NAMES.get(f["severity"], f["severity"])
        w.writerow([safe_cell(f[c]) for c in FINDING_COLUMNS])
    return "\ufeff" + out.getvalue()


def render_broken_csv(view) -> str:
    out, w = _writer()
    w.writerow(["文件", "错误"])
    for b in view.broken():
        w.writerow([safe_cell(b["file"]), safe_cell(b["error"])])
    return "\ufeff" + out.getvalue()


def render_audit_csv(view, part: str = "register") -> str:
    return {"register": render_register_csv, "findings": render_findings_csv, "broken": render_broken_csv}[part](view)
