"""`rules test`: run the test cases a ruleset carries — a form (or fragment) in, expected scores out.

Like OpenFisca's YAML tests, a bureau proves its ruleset says what its scoring notes say, and keeps
proving it after every edit.  Each case runs through exactly the path `evaluate` uses
(`form_from_document` → `evaluate_form`); a failure is shown as 期望/实际 per key plus the command
that reruns just that case.  Coverage tells which formulas, bands and grades no case exercised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from scorer.engine import Evaluation, evaluate_form
from scorer.errors import InputError, one_line
from scorer.forms.load import form_from_document
from scorer.numbers import fmt_trimmed
from scorer.rules.checks.leaf import index_of
from scorer.rules.ruleset import COMPLETIONS, DIRECTIONS, Ruleset, RulesetLoader
from scorer.forms.yamlsafe import Document

DEFAULT_MARGIN = Decimal("0.01")
NUMBER_KEYS = ("budget_rate", "budget_score", "total")


@dataclass(frozen=True)
class Difference:
    key: str
    expected: str
    actual: str


@dataclass
class CaseResult:
    name: str
    where: str                                  # file:line of the case
    differences: list[Difference] = field(default_factory=list)
    error: str | None = None                    # the case itself is broken (its form does not load)
    evaluation: Evaluation | None = None

    @property
    def passed(self) -> bool:
        return self.error is None and not self.differences


@dataclass
class FileResult:
    ref: str
    ruleset: Ruleset
    cases: list[CaseResult]
    covered: set[str]
    coverable: list[str]

    @property
    def uncovered(self) -> list[str]:
        return [key for key in self.coverable if key not in self.covered]

    @property
    def failed(self) -> list[CaseResult]:
        return [c for c in self.cases if not c.passed]


class UnknownCase(Exception):
    """--case names no case of the ruleset (the text, naming what was typed, is one escaped line)."""

    def __init__(self, message: str):
        super().__init__(one_line(message))


def coverable(ruleset: Ruleset) -> list[str]:
    """Every rule a ruleset's tests should exercise at least once."""
    return (["budget.formula"] + [f"formulas.{d}" for d in (*DIRECTIONS, "deadline")]
            + [f"qualitative.bands.{c}" for c in COMPLETIONS] + [f"grades.{g.grade}" for g in ruleset.grades])


def covered_by(evaluation: Evaluation) -> set[str]:
    scored = evaluation.scored
    keys = set()
    if scored.budget.score is not None:
        keys.add("budget.formula")
    for r in scored.indicators:
        if r.direction == "qualitative" and r.band is not None:
            keys.add(f"qualitative.bands.{r.completion}")
        elif r.score is not None and r.direction in (*DIRECTIONS, "deadline"):
            keys.add(f"formulas.{r.direction}")
    if scored.grade is not None:
        keys.add(f"grades.{scored.grade}")
    return keys


def _form_document(ruleset: Ruleset, index: int, case: dict) -> Document:
    data = {"form": "project", **case["form"]}
    project = dict(data.get("project") or {})
    project.setdefault("name", "测试")
    data["project"] = project
    return ruleset.documents[ruleset.source_file].part(("tests", index, "form"), data)


def _show(value) -> str:
    if value is None:
        return "无（null）"
    if isinstance(value, Decimal):
        return fmt_trimmed(value, 4)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


def _number_differs(expected, actual, margin: Decimal) -> bool:
    if expected is None or actual is None:
        return (expected is None) != (actual is None)
    return abs(Decimal(expected) - actual) > margin


def _finding_text(item) -> str:
    code, path, severity = item
    return code + (f" @ {path}" if path else "") + (f"（{severity}）" if severity else "")


def compare(expect: dict, evaluation: Evaluation, margin: Decimal) -> list[Difference]:
    """期望 vs 实际, one Difference per key that does not match."""
    scored, out = evaluation.scored, []
    budget = scored.budget
    actual = {"budget_rate": None if budget.rate is None else budget.rate * 100,
              "budget_score": budget.score, "total": scored.total}
    for key in NUMBER_KEYS:
        if key in expect and _number_differs(expect[key], actual[key], margin):
            out.append(Difference(key, _show(expect[key]), _show(actual[key])))
    if "grade" in expect and expect["grade"] != scored.grade:
        out.append(Difference("grade", _show(expect["grade"]), _show(scored.grade)))
    for key, wanted in (expect.get("indicators") or {}).items():
        index = index_of(key)
        if index is None or index >= len(scored.indicators):
            out.append(Difference(f"indicators.{key}", "存在", f"表中只有 {len(scored.indicators)} 个指标"))
            continue
        out += _compare_indicator(f"indicators.{key}", wanted, scored.indicators[index], margin)
    if "findings" in expect:
        out += _compare_findings(expect["findings"], evaluation, exact=True)
    if "findings_include" in expect:
        out += _compare_findings(expect["findings_include"], evaluation, exact=False)
    return out


def _compare_indicator(prefix: str, wanted: dict, r, margin: Decimal) -> list[Difference]:
    out = []
    got = {"score": r.score, "weight": r.weight.value, "direction": r.direction, "status": r.status}
    for key in ("score", "weight"):
        if key in wanted and _number_differs(wanted[key], got[key], margin):
            out.append(Difference(f"{prefix}.{key}", _show(wanted[key]), _show(got[key])))
    for key in ("direction", "status"):
        if key in wanted and wanted[key] != got[key]:
            out.append(Difference(f"{prefix}.{key}", _show(wanted[key]), _show(got[key])))
    if "band" in wanted:
        band = r.band
        pairs = zip(wanted["band"], band or (), strict=False)
        if band is None or any(_number_differs(e, a, margin) for e, a in pairs):
            out.append(Difference(f"{prefix}.band", _show(wanted["band"]), _show(band)))
    return out


def _compare_findings(expected: list, evaluation: Evaluation, exact: bool) -> list[Difference]:
    """Each expected finding must match one actual; with `exact`, no actual may be left over."""
    wanted = [(item, None, None) if isinstance(item, str)
              else (item["code"], item.get("path"), item.get("severity")) for item in expected]
    remaining = list(evaluation.findings)
    missing = []
    for code, path, severity in wanted:
        match = next((f for f in remaining if f.code == code and path in (None, f.path)
                      and severity in (None, f.severity)), None)
        if match is None:
            missing.append((code, path, severity))
        else:
            remaining.remove(match)
    key = "findings" if exact else "findings_include"
    out = [Difference(key, f"有 {_finding_text(item)}", "没有") for item in missing]
    if exact:
        out += [Difference("findings", "没有", f"有 {f.code} @ {f.path}（{f.name}：{f.message}）")
                for f in remaining]
    return out


def run_case(ref: str, ruleset: Ruleset, loader: RulesetLoader, index: int, case: dict) -> CaseResult:
    document = ruleset.documents[ruleset.source_file]
    line = (document.position(("tests", index)) or (None,))[0]
    result = CaseResult(case["name"], f"{ruleset.source_file}:{line}")
    try:
        form = form_from_document(_form_document(ruleset, index, case))
        year = form.project.year
        effective = ruleset if year is None or not ruleset.changes else loader.load(ref, None, year)
        result.evaluation = evaluate_form(form, effective, f"{ruleset.source_file}#{case['name']}")
    except InputError as exc:
        result.error = str(exc)
        return result
    except Exception as exc:  # a scorer bug on this case: report it as the case's failure, not a traceback
        result.error = f"计分时发生意外错误（{type(exc).__name__}: {exc}）"
        return result
    margin = Decimal(case.get("margin", DEFAULT_MARGIN))
    result.differences = compare(case["expect"], result.evaluation, margin)
    return result


def run_tests(ref: str, loader: RulesetLoader | None = None, case_name: str | None = None) -> FileResult:
    """Run the cases of one ruleset (its own `tests:`, never inherited ones)."""
    loader = loader or RulesetLoader()
    ruleset = loader.load(ref)
    cases = list(enumerate(ruleset.tests))
    if case_name is not None:
        cases = [(i, c) for i, c in cases if c["name"] == case_name]
        if not cases:
            names = "、".join(f"“{c['name']}”" for c in ruleset.tests) or "（没有任何用例）"
            raise UnknownCase(f"{ruleset.source_file} 中没有名为“{case_name}”的用例；已有用例：{names}")
    results = [run_case(ref, ruleset, loader, i, c) for i, c in cases]
    covered = set().union(*(covered_by(r.evaluation) for r in results if r.evaluation is not None))
    return FileResult(ref, ruleset, results, covered, coverable(ruleset))
