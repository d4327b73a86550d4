"""One form, end to end: load → pick the ruleset → score → checks.  Pure apart from reading files.

Kept apart from the CLI so batch audits and tests drive exactly the same path.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scorer.scoring.checks import run_checks
from scorer.codes import SEVERITY_RANK
from scorer.errors import BrokenFile, InputError, Location
from scorer.excel import is_workbook
from scorer.forms.load import load_form
from scorer.model import Finding, Form
from scorer.rules.pick import ByJurisdiction, pick_by_jurisdiction, year_note
from scorer.rules.ruleset import Ruleset, RulesetLoader
from scorer.scoring.score import Scored, score_form


@dataclass
class Evaluation:
    file: str
    scored: Scored
    findings: list[Finding]
    ruleset_note: str | None = None
    workbook: str | None = None              # a form read from a workbook: its path …
    cells: dict[str, str] | None = None      # … and where each key path sits (sheet!cell)

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
        return ruleset, year_note(ruleset, year, loader)
    if not form.ruleset:
        raise InputError("未指定规则集：请在项目文件中写 ruleset:，或在命令行用 --ruleset", file=file,
                         path="ruleset")
    where = Location(file, path="ruleset")
    ruleset = _load(loader, form.ruleset, Path(file).parent, year, where, "本项目文件所在的文件夹")
    return ruleset, year_note(ruleset, year, loader)


def _load(loader: RulesetLoader, ref: str, base: Path, year: int | None, where: Location,
          relative_to: str = "当前文件夹") -> Ruleset:
    """Load `ref`; a reference that cannot be resolved (unknown id, missing or unreadable path — said
    by the rules package) is reported at `where` (the reference), not without a file."""
    try:
        loader.resolve(ref, base, relative_to=relative_to)
    except InputError as exc:
        raise InputError(exc.message, where.file, where.line, where.column, where.path) from None
    return loader.load(ref, base, year)


def evaluate_file(path: str, loader: RulesetLoader, override: str | None = None) -> Evaluation:
    form = load_form(path, max_bytes=loader.max_bytes, display_name=path)
    ruleset, note = pick_ruleset(form, loader, override, path)
    evaluation = evaluate_form(form, ruleset, path)
    evaluation.ruleset_note = note
    return evaluation


def evaluate_path(path: str, loader: RulesetLoader, override: str | None = None) -> list[FileResult]:
    """The one dispatch point for a form file: a project YAML gives one Evaluation, a workbook (.xlsx,
    .xls) one per form found on its sheets (named book.xlsx#表1!A1), or a BrokenFile for a form that
    cannot be placed while the others still run."""
    if not is_workbook(path):
        return [evaluate_file(path, loader, override)]
    from scorer.excel.load import load_workbook_forms    # openpyxl/calamine only when a workbook comes
    results: list[FileResult] = []
    for item in load_workbook_forms(path):
        if isinstance(item, InputError):
            results.append(BrokenFile.from_error(item.file or path, item))
            continue
        try:
            ruleset, note = pick_ruleset(item.form, loader, override, item.name)
        except InputError as exc:
            results.append(BrokenFile.from_error(item.name, exc))
            continue
        evaluation = evaluate_form(item.form, ruleset, item.name)
        evaluation.ruleset_note, evaluation.workbook, evaluation.cells = note, path, item.cells
        results.append(evaluation)
    return results


def evaluate_one(name: str, loader: RulesetLoader, override: str | None = None) -> Evaluation:
    """One form, for `explain`: a project file, a workbook holding one form, or one form of a workbook
    named as the reports name it (book.xlsx#表2!A1)."""
    book, sep, _ = name.rpartition("#")
    path = book if sep and is_workbook(book) else name
    if not is_workbook(path):
        return evaluate_file(name, loader, override)
    from scorer.excel.load import load_workbook_forms
    items = load_workbook_forms(path)
    forms = [i for i in items if not isinstance(i, InputError)]
    chosen = [i for i in forms if i.name == name] if sep else items
    if len(chosen) != 1:
        names = "、".join(i.name for i in forms) or "（没有可读的表）"
        raise InputError(f"工作簿中有 {len(items)} 张表，请写明哪一张（如 {path}#表1!A1）；可选：{names}",
                         file=name)
    if isinstance(chosen[0], InputError):
        raise chosen[0]
    ruleset, note = pick_ruleset(chosen[0].form, loader, override, chosen[0].name)
    evaluation = evaluate_form(chosen[0].form, ruleset, chosen[0].name)
    evaluation.ruleset_note, evaluation.workbook, evaluation.cells = note, path, chosen[0].cells
    return evaluation


def _evaluate_or_break(path: str, loader: RulesetLoader, override: str | None) -> list[FileResult]:
    try:
        return evaluate_path(path, loader, override)
    except InputError as exc:              # every error from evaluate_path already names its file
        return [BrokenFile.from_error(path, exc)]


_WORKER_LOADER: RulesetLoader | None = None


def _worker_init(max_bytes: int, rules_dirs=()) -> None:
    global _WORKER_LOADER
    _WORKER_LOADER = RulesetLoader(max_bytes=max_bytes, rules_dirs=rules_dirs)


def _worker(args):
    path, override = args
    return _evaluate_or_break(path, _WORKER_LOADER, override)


def evaluate_files(paths, loader: RulesetLoader, override: str | None = None,
                   jobs: int = 1) -> list[FileResult]:
    """Evaluate many files; a broken one becomes a BrokenFile and the rest still run.

    Results come back sorted by file name (a workbook gives one result per form, in sheet order), so the
    report is the same whatever the order of the arguments or the number of worker processes (each worker
    loads each ruleset once).
    """
    paths = list(paths)
    if jobs <= 1 or len(paths) < 2:
        batches = [_evaluate_or_break(p, loader, override) for p in paths]
    else:
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init,
                                 initargs=(loader.max_bytes, loader.rules_dirs)) as pool:
            batches = list(pool.map(_worker, [(p, override) for p in paths], chunksize=8))
    return sorted((result for batch in batches for result in batch), key=result_order)


def result_order(result: FileResult) -> str:
    """Sort key of a batch's results: the file name — for a workbook's forms (book.xlsx#表1!A4) the
    workbook's name, so its forms stay in the order they appear on its sheets (the sort is stable)."""
    book, sep, _ = result.file.rpartition("#")
    return book if sep and is_workbook(book) else result.file
