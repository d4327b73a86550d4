"""One file → the plain rows the store keeps (runs in the worker processes).

Evaluation goes through `scorer.engine.evaluate_file`, exactly as `perfscore evaluate`; only plain
dicts and strings travel back to the writer, so what crosses processes stays small.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from decimal import Decimal
from pathlib import Path

from scorer.audit import risk
from scorer.engine import evaluate_file, evaluate_path
from scorer.errors import BrokenFile, InputError
from scorer.excel import is_workbook
from scorer.numbers import places, round_half_up
from scorer.rules.pick import ByJurisdiction, pick_by_jurisdiction
from scorer.rules.ruleset import Ruleset, RulesetLoader

SCORE_CODES = {"B03", "I01", "I03", "I04"}       # a reported score above what the rules allow
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def text(value) -> str | None:
    """Money and scores as exact decimal text (never float); a computed quotient with more than 6
    decimals is rounded half-up to 6, as in `evaluate --format json`."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        if value.is_finite() and places(value) > 6:
            value = round_half_up(value, 6)
        return f"{value:f}"
    return str(value)


def sha256_file(path: str) -> tuple[int, str]:
    """(size, sha256 of the bytes): every byte is read, whatever the file's time stamps say (os.read
    straight into the hash: a rerun hashes every file, so no buffered file object per file)."""
    digest = hashlib.sha256()
    size = 0
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        while block := os.read(fd, 1 << 20):
            size += len(block)
            digest.update(block)
    finally:
        os.close(fd)
    return size, digest.hexdigest()


_NOT_CONTENT = ("source", "positions", "index")      # where it was written, not what was printed


def _normal(value):
    if isinstance(value, Decimal):
        value = value.normalize()
        return f"{value:f}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _normal(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name not in _NOT_CONTENT}
    if isinstance(value, (list, tuple)):
        return [_normal(v) for v in value]
    return value


def content_hash(form) -> str:
    """Same for the same printed content whatever the file's name, key order, comments or 418 vs 418.00."""
    data = _normal(form)
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def ruleset_hash(ruleset: Ruleset) -> str:
    """Hash of the effective (merged, year-applied) rules, so an edited ruleset file re-evaluates its forms."""
    body = json.dumps([ruleset.id, ruleset.data], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(body.encode()).hexdigest()


def current_ruleset_hash(loader: RulesetLoader, override, form_ref: str | None, file: str,
                         year: int | None) -> str | None:
    """The hash the ruleset a stored form used would have today (None: cannot tell → re-evaluate)."""
    try:
        if isinstance(override, ByJurisdiction):
            ruleset, _ = pick_by_jurisdiction(loader, override.name, year, file)
        elif override:
            ruleset = loader.load(override, Path.cwd(), year)
        elif form_ref:
            ruleset = loader.load(form_ref, Path(file).parent, year)
        else:
            return None
    except (InputError, OSError):
        return None
    return ruleset_hash(ruleset)


def path_tuple(path: str) -> tuple:
    return tuple(int(i) if i else name for name, i in _STEP.findall(path or ""))


def _excess(finding) -> Decimal | None:
    """How far a reported score is above what the rules allow (the band's top for I03)."""
    reported = finding.reported
    expected = finding.expected
    if isinstance(expected, str) and "–" in expected:
        expected = expected.split("–")[-1]
    try:
        gap = Decimal(str(reported)) - Decimal(str(expected))
    except Exception:
        return None
    return gap if gap > 0 else None


def _signals(ev) -> tuple[Decimal, list[dict], Decimal | None]:
    """(inflation points, the form's own risk signals, indicator score rate %)."""
    scored, form = ev.scored, ev.form
    by_path: dict[str, tuple[Decimal, Decimal | None]] = {}
    for f in ev.findings:
        if f.code not in SCORE_CODES:
            continue
        gap = _excess(f)
        if gap is None:
            continue
        step = path_tuple(f.path)
        if step and step[0] == "indicators" and len(step) > 1 and step[1] < len(scored.indicators):
            weight = scored.indicators[step[1]].weight.value
        else:
            weight = scored.budget.weight
        key = ".".join(str(s) for s in step[:2])
        if key not in by_path or by_path[key][0] < gap:
            by_path[key] = (gap, weight)
    inflation = round_half_up(sum((g for g, _ in by_path.values()), Decimal(0)), 2)
    relative = sum((g / w for g, w in by_path.values() if w), Decimal(0))
    counts = {"error": 0, "warning": 0}
    for f in ev.findings:
        if f.severity in counts:
            counts[f.severity] += 1
    codes = [f.code for f in ev.findings]
    signals = []
    if counts["error"]:
        signals.append(risk.signal("errors", counts["error"]))
    if inflation:
        signals.append(risk.signal("inflation", inflation))
        signals.append(risk.signal("relative", round_half_up(relative, 4)))
    if scored.total is not None and form.reported_total is not None and scored.total != form.reported_total:
        gap = abs(form.reported_total - scored.total)
        if gap > ev.ruleset.tolerance:
            signals.append(risk.signal("total_gap", gap))
    if "T04" in codes:
        signals.append(risk.signal("grade_changed", 1))
    score_rate = _indicator_score_rate(ev)
    rate = scored.budget.rate
    if score_rate is not None and rate is not None and score_rate > 0:
        execution = min(rate, Decimal(1)) * 100
        if (score_rate - execution) / score_rate > risk.RATE_GAP:
            signals.append(risk.signal("rate_gap", 1))
    weights = [(r.indicator.reported_score, r.weight.value) for r in scored.indicators]
    if len(weights) >= 2 and all(s is not None and w is not None and s == w for s, w in weights):
        signals.append(risk.signal("all_full", 1))
    unmet = codes.count("I05")
    if unmet:
        signals.append(risk.signal("unmet_no_note", unmet))
    arithmetic = sum(c in risk.ARITHMETIC for c in codes)
    if arithmetic:
        signals.append(risk.signal("arithmetic", arithmetic))
    other_warnings = counts["warning"] - unmet
    if other_warnings:
        signals.append(risk.signal("warnings", other_warnings))
    return inflation, signals, score_rate


def _indicator_score_rate(ev) -> Decimal | None:
    """Reported indicator points ÷ indicator weight, in percent (the provincial red-flag signal)."""
    form, ruleset = ev.form, ev.ruleset
    scores = [i.reported_score for i in form.indicators]
    if form.indicators_total is not None and form.indicators_total.reported_score is not None:
        reported = form.indicators_total.reported_score
    elif scores and all(s is not None for s in scores):
        reported = sum(scores, Decimal(0))
    else:
        return None
    weight = ruleset.indicators_weight
    if not weight:
        return None
    return round_half_up(reported / weight * 100, 4)


def _locations(form, findings) -> list[tuple[int | None, int | None]]:
    """(line, column) of each finding: its own location, else where its path was written in the form."""
    out = []
    for f in findings:
        where = getattr(f, "location", None)
        if where is None and f.path and getattr(form, "positions", None) is not None:
            where = form.positions.locate(f.path)
        out.append((where.line, where.column) if where is not None else (None, None))
    return out


def evaluate_record(path: str, loader: RulesetLoader, override) -> dict:
    """{"status": "evaluated", form, indicators, findings} or {"status": "broken", error}; never raises
    for a bad file (an unexpected error becomes a broken row too, so one file never stops a run)."""
    try:
        size, sha = sha256_file(path)
    except OSError as exc:                   # let the loader say why, in its words (文件不存在 …)
        try:
            evaluate_file(path, loader, override)
            error = f"{path}: 无法读取文件（{exc.strerror or exc}）"
        except InputError as reason:
            error = str(reason)
        return {"path": path, "status": "broken", "size": None, "sha256": None, "error": error}
    base = {"path": path, "size": size, "sha256": sha}
    if is_workbook(path):
        return {**base, **_workbook_record(path, loader, override)}
    try:
        ev = evaluate_file(path, loader, override)
    except InputError as exc:
        if exc.file is None:
            exc.file = path
        return {**base, "status": "broken", "error": str(exc)}
    except Exception as exc:        # one file's unexpected failure must not stop a whole audit
        return {**base, "status": "broken",
                "error": f"{path}: 无法复核：程序内部错误（{type(exc).__name__}），请把这个文件报告给 perfscore 维护者"}
    return {**base, "status": "evaluated", **_rows(ev, path, loader.max_bytes)}


def _workbook_record(path: str, loader: RulesetLoader, override) -> dict:
    """A workbook holds one form or several (engine.evaluate_path, as `perfscore evaluate`): one stored
    form row each, named book.xlsx#表1!A1; forms that cannot be placed are named in the input's error
    while the others are stored (all broken: the input is broken)."""
    try:
        results = evaluate_path(path, loader, override)
    except InputError as exc:
        return {"status": "broken", "error": str(exc)}
    except (RecursionError, MemoryError, ValueError, ArithmeticError) as exc:
        return {"status": "broken", "error": f"{path}: 无法复核（{type(exc).__name__}）"}
    forms = [_rows(r, r.file, loader.max_bytes) for r in results if not isinstance(r, BrokenFile)]
    errors = "；".join(r.message for r in results if isinstance(r, BrokenFile)) or None
    if not forms:
        return {"status": "broken", "error": errors}
    chash = hashlib.sha256("".join(f["content_hash"] for f in forms).encode()).hexdigest()
    return {"status": "evaluated", "error": errors, "content_hash": chash, "forms": forms}


def _rows(ev, path: str, max_bytes: int) -> dict:
    form, scored, ruleset = ev.form, ev.scored, ev.ruleset
    inflation, signals, score_rate = _signals(ev)
    counts = {s: sum(f.severity == s for f in ev.findings) for s in ("error", "warning", "info")}
    b = scored.budget
    chash = content_hash(form)
    row = {
        "file": path, "kind": form.kind, "project": form.project.name, "department": form.project.department,
        "implementer": form.project.implementer, "year": form.project.year,
        "ruleset_id": ruleset.id, "ruleset_version": ruleset.version, "ruleset_hash": ruleset_hash(ruleset),
        "ruleset_files": json.dumps({"ref": form.ruleset, "files": list(ruleset.files)}, ensure_ascii=False),
        "ruleset_note": ev.ruleset_note,
        "planned": text(form.budget.planned), "executed": text(form.budget.executed),
        "rate": text(None if b.rate is None else round_half_up(b.rate * 100, 4)),
        "reported_rate": text(form.budget.reported_rate),
        "budget_weight": text(b.weight), "budget_score": text(b.score),
        "reported_budget_score": text(form.budget.reported_score),
        "indicator_score_rate": text(score_rate),
        "reported_total": text(form.reported_total), "computed_total": text(scored.total),
        "reported_grade": form.reported_grade, "computed_grade": scored.grade,
        "grade_changed": int(any(f.code == "T04" for f in ev.findings)),
        "errors": counts["error"], "warnings": counts["warning"], "notes": counts["info"],
        "inflation": text(inflation), "signals": json.dumps(signals, ensure_ascii=False),
        "content_hash": chash,
    }
    indicators = [
        {"idx": r.indicator.index, "name": r.indicator.name, "level1": r.indicator.level1,
         "level2": r.indicator.level2, "goal": r.indicator.goal, "target": r.indicator.target,
         "actual": r.indicator.actual, "weight": text(r.weight.value), "weight_source": r.weight.source,
         "direction": r.direction, "score": text(r.score), "reported_score": text(r.indicator.reported_score),
         "status": r.status}
        for r in scored.indicators
    ]
    positions = _locations(form, ev.findings)
    findings = [
        {"code": f.code, "name": f.name, "severity": f.severity, "path": f.path, "line": line, "column": col,
         "grp": f.group, "expected": text(f.expected), "reported": text(f.reported), "message": f.message}
        for f, (line, col) in zip(ev.findings, positions, strict=True)
    ]
    return {"content_hash": chash, "form": row, "indicators": indicators, "findings": findings}
