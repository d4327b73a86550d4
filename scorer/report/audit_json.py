"""JSON of an audit run: {"run": {…}, "forms": [{…, "findings": […]}], "broken": [{"file", "error"}]}.

Forms in rank order (rank 1 = highest risk); money and scores as exact JSON numbers; keys in a fixed
order, so the same store gives the same bytes.
"""

from __future__ import annotations

from decimal import Decimal

from scorer.audit.view import REGISTER_COLUMNS
from scorer.report.jsonfmt import dumps

_NUMERIC = {"planned", "executed", "rate", "reported_total", "computed_total", "inflation", "risk"}
_FINDING_NUMERIC = {"expected", "reported"}


def _num(value):
    if value is None:
        return None
    try:
        return Decimal(value)
    except Exception:
        return value


def form_dict(form: dict, findings: list[dict]) -> dict:
    item = {c: (_num(form[c]) if c in _NUMERIC else form[c]) for c in REGISTER_COLUMNS}
    item["why"] = form["why"]
    item["findings"] = [finding_dict(f) for f in findings]
    return item


def finding_dict(finding: dict) -> dict:
    """Expected/reported as exact numbers where they are numbers (a band such as 1.50–2.40 stays text)."""
    return {k: (_num(v) if k in _FINDING_NUMERIC and v is not None and _is_number(v) else v)
            for k, v in finding.items()}


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except Exception:
        return False
    return Decimal(text).is_finite()


def render_audit_json(view) -> str:
    by_form = view.findings_by_form()
    lines = ["{", f'  "run": {dumps(view.run_info())},', '  "forms": [']
    forms = [form_dict(f, by_form.get(f["id"], [])) for f in view.forms()]
    lines.append(",\n".join("    " + dumps(f) for f in forms))
    lines.append("  ],")
    summary = [finding_dict(f) for f in by_form.get(None, [])]
    lines.append(f'  "summary_findings": {dumps(summary)},')
    lines.append(f'  "broken": {dumps(view.broken())}')
    lines.append("}")
    return "\n".join(lines) + "\n"
