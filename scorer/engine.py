"""One form, end to end: load → pick the ruleset → score → checks.  Pure apart from reading files.

Kept apart from the CLI so batch audits and tests drive exactly the same path.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scorer.scoring.checks import run_checks
from scorer.codes import SEVERITY_RANK
from scorer.errors import BrokenFile, InputError, Location
from scorer.forms.load import load_form
from scorer.model import Finding, Form
from scorer.rules.pick import ByJurisdiction, pick_by_jurisdiction, year_note
from scorer.rules.ruleset import Ruleset, RulesetLoader, is_builtin_ref
from scorer.scoring.score import Scored, score_form


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


# What a batch yields for each file: an evaluation, or the reason the file could not be evaluated.
# Report writers and the exit-code policy tell them apart with isinstance(result, BrokenFile).
FileResult = Evaluation | BrokenFile


def evaluate_form(form: Form, ruleset: Ruleset, file: str | None = None) -> Evaluation:
    scored = score_form(form, ruleset)
    return Evaluation(file or form.source, scored, run_checks(scored))


def pick_ruleset(form: Form, loader: RulesetLoader, override: str | ByJurisdiction | None,
                 file: str) -> tuple[Ruleset, str | None]:
    """The ruleset named on the command line (or chosen by jurisdiction and year), else the one the
    form names (relative to it); with the form's year applied and a note on what was picked.

    `file` is the form being evaluated: a problem with a ruleset *reference* (an unknown id, a path
    that does not exist) is reported at the place the reference was written — the form's `ruleset:`
    key, or the form when it came from --ruleset — while problems inside a ruleset file carry that
    file's own position."""
    year = form.project.year
    if isinstance(override, ByJurisdiction):
        return pick_by_jurisdiction(loader, override.name, year, file)
    if override:
        ruleset = _load(loader, override, Path.cwd(), year, Location(file))
        return ruleset, year_note(ruleset, year)
    if not form.ruleset:
        raise InputError("未指定规则集：请在项目文件中写 ruleset:，或在命令行用 --ruleset", file=file,
                         path="ruleset")
    where = Location(file, path="ruleset")
    if not is_builtin_ref(form.ruleset):
        target, _ = loader.resolve(form.ruleset, Path(file).parent)
        if not Path(target).exists():       # say which form named it, not just the missing path
            raise InputError(f"ruleset 指向的规则集文件不存在：“{form.ruleset}”"
                             f"（路径相对于本项目文件所在的文件夹，即 {target}）", file=file, path="ruleset")
    ruleset = _load(loader, form.ruleset, Path(file).parent, year, where)
    return ruleset, year_note(ruleset, year)


def _load(loader: RulesetLoader, ref: str, base: Path, year: int | None, where: Location) -> Ruleset:
    """Load `ref`; an unknown built-in id is reported at `where` (the reference), not without a file."""
    try:
        loader.resolve(ref, base)
    except InputError as exc:
        raise InputError(exc.message, where.file, where.line, where.column, where.path) from None
    return loader.load(ref, base, year)


def evaluate_file(path: str, loader: RulesetLoader, override: str | None = None) -> Evaluation:
    form = load_form(path, max_bytes=loader.max_bytes, display_name=path)
    ruleset, note = pick_ruleset(form, loader, override, path)
    evaluation = evaluate_form(form, ruleset, path)
    evaluation.ruleset_note = note
    return evaluation


def _evaluate_or_break(path: str, loader: RulesetLoader, override: str | None) -> FileResult:
    try:
        return evaluate_file(path, loader, override)
    except InputError as exc:              # every error from evaluate_file already names its file
        return BrokenFile.from_error(path, exc)


_WORKER_LOADER: RulesetLoader | None = None


def _worker_init(max_bytes: int) -> None:
    global _WORKER_LOADER
    _WORKER_LOADER = RulesetLoader(max_bytes=max_bytes)


def _worker(args):
    path, override = args
    return _evaluate_or_break(path, _WORKER_LOADER, override)


def evaluate_files(paths, loader: RulesetLoader, override: str | None = None,
                   jobs: int = 1) -> list[FileResult]:
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
                                 initargs=(loader.max_bytes,)) as pool:
            results = list(pool.map(_worker, [(p, override) for p in paths], chunksize=8))
    return sorted(results, key=lambda r: r.file)
