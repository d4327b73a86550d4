"""Finding checks: one small module per family, each a function registered here.

A check reads a `Scored` result and emits findings through `Context.emit`, which applies the
ruleset's severity overrides (or drops a code switched off) and attaches the input position of
the value.  Checks never recompute or compare: scoring decided every comparison, a check words the
failed ones.
"""

from __future__ import annotations

from collections.abc import Callable

from scorer.codes import CODES
from scorer.model import Finding
from scorer.scoring.results import Scored

Check = Callable[["Context"], None]
CHECKS: list[tuple[str, Check]] = []


def check(family: str):
    def register(fn: Check) -> Check:
        CHECKS.append((family, fn))
        return fn
    return register


class Context:
    def __init__(self, scored: Scored):
        self.scored = scored
        self.form = scored.form
        self.ruleset = scored.ruleset
        self.findings: list[Finding] = []

    def emit(self, code: str, path: str, message: str, *, expected=None, reported=None,
             group: str | None = None) -> None:
        spec = CODES[code]
        severity = self.ruleset.severities.get(code, spec.severity)
        if severity == "off":
            return
        self.findings.append(Finding(code, spec.name, severity, path, message, group, expected, reported,
                                     self.form.locate(path)))


FAMILY_ORDER = "BIWTS"


def _ordered() -> list[Check]:
    """The registered checks in family order, sorted once (again only if one was registered since)."""
    global _ORDER
    if _ORDER[0] != len(CHECKS):
        _ORDER = (len(CHECKS), [fn for _, fn in sorted(CHECKS, key=lambda entry: FAMILY_ORDER.index(entry[0]))])
    return _ORDER[1]


_ORDER: tuple[int, list[Check]] = (-1, [])


def run_checks(scored: Scored) -> list[Finding]:
    """All registered checks, family by family (B, I, W, T, S): the order findings are reported in."""
    context = Context(scored)
    for fn in _ordered():
        fn(context)
    return context.findings



from scorer.scoring.checks import budget, indicators, risk, totals, weights  # noqa: E402,F401  (registers the checks)
