"""`rules check`: every problem in a ruleset, each with file:line:column, key path and a fix.

Compiling a ruleset stops at the first error because scoring needs a whole ruleset; an author
fixing a file wants all of them at once, like yamllint.  Both run the same checks
(`scorer.rules.checks`).  Here: YAML and schema problems of the file (these stop that file — the
rest would be guesses), then `extends`, then every check on the effective ruleset, once more for
each year its `changes` take effect.
"""

from __future__ import annotations

import os

from scorer.errors import InputError, one_line
from scorer.forms.schema import schema_problems
from scorer.forms.yamlsafe import load_yaml_file
from scorer.rules.checks import Problem, run_checks
from scorer.rules.merged import Merged
from scorer.rules.paths import is_id, os_reason
from scorer.rules.ruleset import RulesetLoader, not_a_ruleset
from scorer.rules.slips import with_hint

__all__ = ["Problem", "Unreadable", "check_file", "unique"]


class Unreadable(Exception):
    """The file cannot be read at all (missing, unreadable, too big): a usage error, exit 2.
    Its text is one line with every control character escaped (it names what the user typed)."""

    def __init__(self, message: str):
        super().__init__(one_line(message))


def _locate_ref(ref: str, loader: RulesetLoader) -> tuple[str, str]:
    """A path as given, else a ruleset id (searched like `ruleset: id`)."""
    if not is_id(ref):
        try:
            os.stat(ref)
        except FileNotFoundError:
            pass                         # the reader says "文件不存在" with the name
        except (OSError, ValueError) as exc:
            reason = os_reason(exc) if isinstance(exc, OSError) else "路径中有无效字符"
            raise Unreadable(f"{ref}: 无法读取规则集文件（{reason}）") from None
        return ref, ref
    try:
        return loader.resolve(ref)
    except InputError as exc:
        raise Unreadable(exc.message) from None


def check_file(ref: str, loader: RulesetLoader | None = None) -> list[Problem]:
    """All problems of one ruleset (a path or an id). Raises Unreadable if it cannot be read."""
    loader = loader or RulesetLoader()
    path, display = _locate_ref(ref, loader)
    try:
        document = load_yaml_file(path, max_bytes=loader.max_bytes, display_name=display)
    except InputError as exc:
        if exc.line is None:
            raise Unreadable(str(exc)) from None
        return [Problem.from_error(with_hint(exc, path))]
    refused = not_a_ruleset(document)
    if refused is not None:              # said without quoting the file's content
        message = refused.message
        if not isinstance(document.data, dict):
            message = "规则集文件应是键值表（mapping），以 id: 开头，如 id: hubei-2024"
        return [Problem.from_error(document.error(message))]
    problems = [Problem.from_error(with_hint(exc, path, document))
                for exc in schema_problems(document, "ruleset")]
    if problems:
        return problems
    try:
        merged = loader.merge(path, display)
    except InputError as exc:
        return [Problem.from_error(exc)]
    try:
        problems = _semantic(loader, path, display, merged)
    except InputError as exc:
        problems = [Problem.from_error(exc)]
    except Exception as exc:  # a checker bug must still be one line, never a traceback
        problems = [Problem(display, None, None, "", f"检查时发生意外错误（{type(exc).__name__}）；"
                                                     "请把这个规则集文件发给 perfscore 的维护者")]
    return sorted(problems, key=lambda p: (p.file != display, p.file, p.line or 0, p.column or 0))


def _semantic(loader: RulesetLoader, path: str, display: str, merged: Merged) -> list[Problem]:
    """The checks on the effective ruleset, then again for each year its `changes` apply."""
    problems = run_checks(merged)
    seen = {(p.file, p.line, p.path) for p in problems}
    for year in sorted({c.year for c in merged.changes}):
        for problem in run_checks(loader.merge(path, display, year)):
            if (problem.file, problem.line, problem.path) not in seen:
                seen.add((problem.file, problem.line, problem.path))
                problems.append(problem)
    return problems


def unique(problems) -> list[Problem]:
    """Each problem once, in first-seen order (a parent shared by many files reports its problem once);
    hashing, so 2 × 15,000 problems take milliseconds, not minutes."""
    return list(dict.fromkeys(problems))
