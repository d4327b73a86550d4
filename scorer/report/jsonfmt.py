"""JSON: one object per file, byte-identical for the same inputs (keys in a fixed order)."""

from __future__ import annotations

import json
from decimal import Decimal
from json.encoder import encode_basestring     # the C string encoder: json.dumps(s, ensure_ascii=False)

from scorer.errors import BrokenFile, valid_unicode
from scorer.fastpath import fast_paths_enabled
from scorer.report.options import ReportOptions, Summary
from scorer.report.places import location_of
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
    if not fast_paths_enabled():
        return _dumps_reference(value)
    out: list[str] = []
    _write(value, out.append)
    return "".join(out)


def _fast_number(value: Decimal) -> str:
    """`_number` without as_tuple(): Decimal's "f" format prints exactly its own decimals."""
    text = f"{value:f}"
    dot = text.find(".")
    if dot >= 0 and len(text) - dot - 1 > MAX_PLACES:
        return _number(value)
    return text


def _scalar(value, t) -> str | None:
    """JSON text of a str/None/Decimal/int/bool value; None for containers and anything unusual."""
    if t is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if t is Decimal:
        return _fast_number(value)
    if t is int:
        return str(value)
    if t is bool:
        return "true" if value else "false"
    return None


_KEYS: dict[str, str] = {}        # a report repeats the same few keys: encode each once


def _key(k) -> str:
    text = _KEYS.get(k) if type(k) is str else None
    if text is None:
        text = (encode_basestring(k) if type(k) is str else json.dumps(k, ensure_ascii=False)) + ": "
        if type(k) is str and len(_KEYS) < 1000:
            _KEYS[k] = text
    return text


def _write(value, put) -> None:
    """Same bytes as `_dumps_reference`, appended piecewise: one join per document, scalars written
    inline (no call per value), the C string encoder, keys encoded once."""
    t = type(value)
    if t is dict:
        put("{")
        sep = ""
        for k, v in value.items():
            text = _scalar(v, type(v))
            if text is None:
                put(sep + _key(k))
                _write(v, put)
            else:
                put(sep + _key(k) + text)
            sep = ", "
        put("}")
    elif t is list or t is tuple:
        put("[")
        sep = ""
        for v in value:
            text = _scalar(v, type(v))
            if text is None:
                if sep:
                    put(sep)
                _write(v, put)
            else:
                put(sep + text)
            sep = ", "
        put("]")
    else:
        text = _scalar(value, t)
        put(text if text is not None else _dumps_reference(value))   # subclasses: the reference decides


def _dumps_reference(value) -> str:
    """The plain implementation, kept as the reference the fast path must match byte for byte."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {_dumps_reference(v)}"
                               for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_dumps_reference(v) for v in value) + "]"
    raise TypeError(f"cannot serialise {type(value).__name__}")


def evaluation_dict(ev, options: ReportOptions | None = None) -> dict:
    scored, ruleset = ev.scored, ev.ruleset
    options = options or ReportOptions()
    b = scored.budget
    summary = Summary.of(ev.findings, options)

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
        "summary": {"errors": summary.errors, "warnings": summary.warnings, "infos": summary.infos,
                    "hidden": summary.hidden},
        "findings": [_finding(f, ev.file) for f in options.shown(ev.findings)],
    }


def _finding(f, file: str) -> dict:
    """The machine path, plus the line and column of the value in the input file (null if unknown)."""
    where = location_of(f, file)
    return {
        "code": f.code, "name": f.name, "severity": f.severity, "path": f.path,
        "line": where.line, "column": where.column,
        "group": f.group, "expected": f.expected, "reported": f.reported, "message": f.message,
    }


def json_piece(r, options: ReportOptions | None = None) -> str:
    """One file's line of the report: an evaluation, or {file, error} for a broken file.

    Always valid UTF-8: a file name that is not UTF-8 reaches us with its bytes as lone surrogates,
    which can only sit inside a JSON string; each becomes the visible text \\xNN (written \\\\xNN)."""
    if isinstance(r, BrokenFile):
        text = dumps({"file": r.file, "error": r.message})
    elif fast_paths_enabled():
        text = _evaluation_text(r, options or ReportOptions())
    else:
        text = dumps(evaluation_dict(r, options))
    return valid_unicode("  " + text, json_string=True)


# -- the fast path of json_piece: the text of dumps(evaluation_dict(ev)) written directly, without the
# intermediate dicts, each value through one type dispatch and each key spelled once in a template.
# tests/test_fastpath_identical.py compares it with the reference on samples and generated forms.

def _v(value) -> str:
    """One value's JSON text (as `_write` gives it)."""
    text = _scalar(value, type(value))
    return text if text is not None else dumps(value)


def _evaluation_text(ev, options: ReportOptions) -> str:
    scored, ruleset = ev.scored, ev.ruleset
    b = scored.budget
    summary = Summary.of(ev.findings, options)
    score_places = ruleset.places
    note = ev.ruleset_note
    rate = b.rate
    total = scored.total
    form = ev.form
    parts = [
        f'{{"file": {_v(ev.file)}, "ruleset": {{"id": {_v(ruleset.id)}, "version": {_v(ruleset.version)}'
        f'{f", {_KEY_NOTE}{_v(note)}" if note else ""}}}, '
        f'"budget": {{"rate": {"null" if rate is None else _v(round_half_up(rate, MAX_PLACES))}, '
        f'"weight": {_v(b.weight)}, "score": {_v(b.score)}, "reported_score": {_v(form.budget.reported_score)}}}, '
        f'"indicators": ['
    ]
    put = parts.append
    sep = ""
    for r in scored.indicators:
        i = r.indicator
        status = r.status
        weight = r.weight
        band = r.band
        if weight.source == "spread":
            w = weight.value
            w = "null" if w is None or score_places is None else _v(round_half_up(w, score_places))
        else:
            w = _v(weight.value)
        if band is None:
            band_text = "null"
        else:
            band_text = "[" + ", ".join(
                "null" if x is None or score_places is None else _v(round_half_up(x, score_places))
                for x in band) + "]"
        put(f'{sep}{{"index": {_v(i.index)}, "name": {_v(i.name)}, "direction": {_v(r.direction)}, '
            f'"weight": {w}, "score": {_v(r.score)}, "band": {band_text}, '
            f'"reported_score": {_v(i.reported_score)}, "status": {_v(status)}, '
            f'"status_name": {_v(STATUS_NAMES[status])}, "target": {_v(i.target)}, "actual": {_v(i.actual)}, '
            f'"target_reading": {_v(r.target.describe())}, "actual_reading": {_v(r.actual.describe())}, '
            f'"direction_reason": {_v(r.direction_reason)}, "weight_source": {_v(weight.source)}, '
            f'"formula": {_v(r.formula_text)}, "problem": {_v(r.problem)}}}')
        sep = ", "
    put(f'], "total": {{"score": {_v(total)}, "reported": {_v(form.reported_total)}, '
        f'"grade": {_v(scored.grade)}, "reported_grade": {_v(form.reported_grade)}}}, '
        f'"summary": {{"errors": {_v(summary.errors)}, "warnings": {_v(summary.warnings)}, '
        f'"infos": {_v(summary.infos)}, "hidden": {_v(summary.hidden)}}}, "findings": [')
    file = ev.file
    sep = ""
    for f in options.shown(ev.findings):
        where = location_of(f, file)
        put(f'{sep}{{"code": {_v(f.code)}, "name": {_v(f.name)}, "severity": {_v(f.severity)}, '
            f'"path": {_v(f.path)}, "line": {_v(where.line)}, "column": {_v(where.column)}, '
            f'"group": {_v(f.group)}, "expected": {_v(f.expected)}, "reported": {_v(f.reported)}, '
            f'"message": {_v(f.message)}}}')
        sep = ", "
    put("]}")
    return "".join(parts)


_KEY_NOTE = encode_basestring("note") + ": "


def json_layout(options: ReportOptions | None = None):
    from scorer.report.stream import Layout
    return Layout(head="[\n", sep=",\n", tail="\n]\n", empty="[]\n")


def render_json(results, options: ReportOptions | None = None, *, explain: bool = False) -> str:
    """Evaluations and broken files ({file, error}) in input order."""
    from scorer.report.stream import render
    return render("json", results, options or ReportOptions(explain=explain))
