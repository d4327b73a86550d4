"""Ruleset checks: the one judge of ruleset validity, one small module per concern.

Each check is a generator registered with `@check`; it reads a `Merged` ruleset through a
`Context` and yields `Problem`s located with `Merged.locate`.  Compiling a ruleset for scoring runs
them and stops at the first error (warnings do not stop scoring); `rules check` runs them all and
lists every problem.  So a ruleset either scores forms or fails `rules check` — never one without
the other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from scorer.errors import InputError, Location, one_line
from scorer.rules.merged import Merged

LEVEL_NAMES = {"error": "错误", "warning": "警告"}


@dataclass(frozen=True, init=False)
class Problem:
    """One problem, yamllint-style: where (the shared `Location`), what is wrong and what would be right."""
    where: Location
    message: str
    level: str = "error"

    def __init__(self, file, line, column, path, message, level="error"):
        object.__setattr__(self, "where", Location(file, line, column, path or ""))
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "level", level)

    @classmethod
    def at(cls, where: Location, message: str, level: str = "error") -> Problem:
        return cls(where.file, where.line, where.column, where.path, message, level)

    @classmethod
    def from_error(cls, exc: InputError, level: str = "error") -> Problem:
        return cls(exc.file or "<输入>", exc.line, exc.column, exc.path or "", exc.message, level)

    file = property(lambda self: self.where.file)
    line = property(lambda self: self.where.line)
    column = property(lambda self: self.where.column)
    path = property(lambda self: self.where.path)

    def as_error(self) -> InputError:
        return InputError(self.message, file=self.file, line=self.line, column=self.column, path=self.path)

    def __str__(self) -> str:
        key = f"{self.path}: " if self.path else ""
        return one_line(f"{self.where}: [{LEVEL_NAMES[self.level]}] {key}{self.message}")


class Context:
    """What a check sees: the merged ruleset and a way to place a problem in the right file."""

    def __init__(self, merged: Merged):
        self.merged = merged
        self.data = merged.data
        # the year is named only when some `changes` entry took effect for it
        self.year = merged.year if any(c.applies_to(merged.year) for c in merged.changes) else None

    def problem(self, path, message: str, level: str = "error") -> Problem:
        if self.year is not None:
            message += f"（合并 {self.year} 年起的 changes 之后）"
        return Problem.at(self.merged.locate(path), message, level)

    def prefer(self, *paths):
        return self.merged.prefer(*paths)


RulesetCheck = Callable[[Context], Iterator[Problem]]
CHECKS: list[tuple[str, RulesetCheck]] = []


def check(name: str):
    def register(fn: RulesetCheck) -> RulesetCheck:
        CHECKS.append((name, fn))
        return fn
    return register


def run_checks(merged: Merged, *, first_error: bool = False) -> list[Problem]:
    """Every registered check in order; with `first_error`, only the first error (warnings skipped)."""
    context = Context(merged)
    found: list[Problem] = []
    for _, fn in CHECKS:
        for problem in fn(context):
            if first_error:
                if problem.level == "error":
                    return [problem]
                continue
            found.append(problem)
    return found


def first_error(merged: Merged) -> InputError | None:
    """The error compiling must refuse, or None: the same judge `rules check` uses."""
    problems = run_checks(merged, first_error=True)
    return problems[0].as_error() if problems else None


from scorer.rules.checks import (  # noqa: E402,F401  (registers the checks, in this order)
    required, formulas, weights, bands, words, grades, meta, leaf,
)
