"""One form, end to end: load → pick the ruleset → score → checks.  Pure apart from reading files.

Kept apart from the CLI so batch audits and tests drive exactly the same path.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scorer.scoring.checks import run_checks
from scorer.codes import SEVERITY_RANK
from scorer.errors import InputError
from scorer.forms.load import load_form
from scorer.model import Finding, Form
from scorer.rules.pick import ByJurisdiction, pick_by_jurisdiction, year_note
from scorer.rules.ruleset import Ruleset, RulesetLoader
from scorer.scoring.score import Scored, score_form


@dataclass(frozen=True)
class BrokenFile:
    """A file that could not be evaluated; reported, while the rest of the batch runs."""
    file: str
    message: str


@dataclass
class Evaluation:
    file: str
    scored: Scored
    findings: list[Finding]
    ruleset_note: str | None = None

    @property
    def form(self) -> Form:
        return self.scored.form

    @property
    def ruleset(self) -> Ruleset:
        return self.scored.ruleset

    def worst(self) -> int:
        return max((SEVERITY_RANK[f.severity] for f in self.findings), default=0)


def evaluate_form(form: Form, ruleset: Ruleset, file: str | None = None) -> Evaluation:
    scored = score_form(form, ruleset)
    return Evaluation(file or form.source, scored, run_checks(scored))


def pick_ruleset(form: Form, loader: RulesetLoader, override: str | ByJurisdiction | None,
                 file: str) -> tuple[Ruleset, str | None]:
    """The ruleset named on the command line (or chosen by jurisdiction and year), else the one the
    form names (relative to it); with the form's year applied and a note on what was picked."""
    year = form.project.year
    if isinstance(override, ByJurisdiction):
        return pick_by_jurisdiction(loader, override.name, year, file)
    if override:
        ruleset = loader.load(override, Path.cwd(), year)
        return ruleset, year_note(ruleset, year, loader)
    if not form.ruleset:
        raise InputError("未指定规则集：请在项目文件中写 ruleset:，或在命令行用 --ruleset", file=file,
                         path="ruleset")
    try:      # a path that is missing or unreadable is this form's error, said by the rules package
        ruleset = loader.load(form.ruleset, Path(file).parent, year, relative_to="本项目文件所在的文件夹")
        return ruleset, year_note(ruleset, year, loader)
    except InputError as exc:
        if exc.file is None:
            exc.file, exc.path = file, "ruleset"
        raise


def evaluate_file(path: str, loader: RulesetLoader, override: str | None = None) -> Evaluation:
    form = load_form(path, max_bytes=loader.max_bytes, display_name=path)
    ruleset, note = pick_ruleset(form, loader, override, path)
    evaluation = evaluate_form(form, ruleset, path)
    evaluation.ruleset_note = note
    return evaluation


def _evaluate_or_break(path: str, loader: RulesetLoader, override: str | None):
    try:
        return evaluate_file(path, loader, override)
    except InputError as exc:
        if exc.file is None:
            exc.file = path
        return BrokenFile(path, str(exc))


_WORKER_LOADER: RulesetLoader | None = None


def _worker_init(max_bytes: int, rules_dirs=()) -> None:
    global _WORKER_LOADER
    _WORKER_LOADER = RulesetLoader(max_bytes=max_bytes, rules_dirs=rules_dirs)


def _worker(args):
    path, override = args
    return _evaluate_or_break(path, _WORKER_LOADER, override)


def evaluate_files(paths, loader: RulesetLoader, override: str | None = None, jobs: int = 1):
    """Evaluate many files; a broken one becomes a BrokenFile and the rest still run.

    Results come back sorted by file name, so the report is the same whatever the order of the
    arguments or the number of worker processes (each worker loads each ruleset once).
    """
    paths = list(paths)
    if jobs <= 1 or len(paths) < 2:
        results = [_evaluate_or_break(p, loader, override) for p in paths]
    else:
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init,
                                 initargs=(loader.max_bytes, loader.rules_dirs)) as pool:
            results = list(pool.map(_worker, [(p, override) for p in paths], chunksize=8))
    return sorted(results, key=lambda r: r.file)
