"""JSON: one object per file, byte-identical for the same inputs (keys in a fixed order)."""

from __future__ import annotations

import json
from decimal import Decimal

from scorer.engine import BrokenFile
from scorer.errors import valid_unicode
from scorer.numbers import places, round_half_up
from scorer.report.names import STATUS_NAMES

MAX_PLACES = 6


def _number(value: Decimal) -> str:
    """Exact as computed or printed; only values with more than 6 decimals are rounded (half-up)."""
    if places(value) > MAX_PLACES:
        value = round_half_up(value, MAX_PLACES)
    return f"{value:f}"


def dumps(value) -> str:
    """json.dumps with Decimals written as exact JSON numbers (never through float)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):      # file names that are not UTF-8: their bytes as \xNN, JSON stays UTF-8
        return json.dumps(valid_unicode(value), ensure_ascii=False)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(valid_unicode(k), ensure_ascii=False)}: {dumps(v)}"
                               for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(dumps(v) for v in value) + "]"
    raise TypeError(f"cannot serialise {type(value).__name__}")


def evaluation_dict(ev) -> dict:
    scored, ruleset = ev.scored, ev.ruleset
    b = scored.budget

    def score(value):
        return None if value is None or ruleset.places is None else round_half_up(value, ruleset.places)

    return {
        "file": ev.file,
        "ruleset": {"id": ruleset.id, "version": ruleset.version,
                    **({"note": ev.ruleset_note} if ev.ruleset_note else {})},
        "budget": {
            "rate": None if b.rate is None else round_half_up(b.rate, MAX_PLACES),
            "weight": b.weight,
            "score": b.score,
            "reported_score": ev.form.budget.reported_score,
        },
        "indicators": [
            {
                "index": r.indicator.index,
                "name": r.indicator.name,
                "direction": r.direction,
                "weight": score(r.weight.value) if r.weight.source == "spread" else r.weight.value,
                "score": r.score,
                "band": None if r.band is None else [score(r.band[0]), score(r.band[1])],
                "reported_score": r.indicator.reported_score,
                "status": r.status,
                "status_name": STATUS_NAMES[r.status],
                "target": r.indicator.target,
                "actual": r.indicator.actual,
                "target_reading": r.target.describe(),
                "actual_reading": r.actual.describe(),
                "direction_reason": r.direction_reason,
                "weight_source": r.weight.source,
                "formula": r.formula_text,
                "problem": r.problem,
            }
            for r in scored.indicators
        ],
        "total": {
            "score": scored.total,
            "reported": ev.form.reported_total,
            "grade": scored.grade,
            "reported_grade": ev.form.reported_grade,
        },
        "findings": [
            {
                "code": f.code, "name": f.name, "severity": f.severity, "path": f.path,
                "group": f.group, "expected": f.expected, "reported": f.reported, "message": f.message,
                "line": f.location.line if f.location else None,
                "column": f.location.column if f.location else None,
            }
            for f in ev.findings
        ],
    }


def render_json(results, explain: bool = False) -> str:
    """Evaluations and broken files ({file, error}) in input order."""
    items = [{"file": r.file, "error": r.message} if isinstance(r, BrokenFile) else evaluation_dict(r)
             for r in results]
    lines = ",\n".join("  " + dumps(item) for item in items)
    return "[\n" + lines + "\n]\n" if items else "[]\n"
