"""One form, end to end: load → pick the ruleset → score → checks.  Pure apart from reading files.

Kept apart from the CLI so batch audits and tests drive exactly the same path.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

from scorer.scoring.checks import run_checks
from scorer.codes import SEVERITY_RANK
from scorer.errors import InputError, Location, display_name, one_line, os_error_text
from scorer.forms.load import load_form
from scorer.model import Finding, Form
from scorer.rules.pick import ByJurisdiction, pick_by_jurisdiction, year_note
from scorer.rules.ruleset import Ruleset, RulesetLoader, is_builtin_ref
from scorer.scoring.score import Scored, score_form


@dataclass(frozen=True)
class BrokenFile:
    """A file that could not be evaluated; reported, while the rest of the batch runs.

    Holds plain fields (not the exception) so it crosses process boundaries under --jobs."""
    file: str
    message: str                       # the whole one-line error, "file:line:col: path: problem"
    location: Location | None = None

    @classmethod
    def from_error(cls, file: str, error: InputError) -> BrokenFile:
        return cls(file, str(error), error.where)


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

    @property
    def ruleset_files(self) -> tuple[str, ...]:
        """The ruleset files read for this form (root ancestor first), as named in messages."""
        return self.ruleset.files

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
    """An Evaluation, or a BrokenFile whose one Chinese line says why: nothing a file does may end the
    batch — not an input error, not an OS error on a path it names, not a limit it runs into."""
    try:
        return evaluate_file(path, loader, override)
    except InputError as exc:              # every error from evaluate_file already names its file
        if exc.file is None:
            exc.file = path
        return BrokenFile.from_error(path, exc)
    except OSError as exc:
        return broken_file(path, f"无法读取本表或它引用的文件（{os_error_text(exc)}）")
    except RecursionError:
        return broken_file(path, "本表或它引用的规则集嵌套过深，超出处理上限")
    except MemoryError:
        return broken_file(path, "复核本表时内存不足，已放弃本表")
    except Exception as exc:        # a defect of ours: this file fails, the batch goes on
        return broken_file(path, f"复核本表时发生内部错误（{type(exc).__name__}），请把此文件提交给维护者")


def broken_file(path: str, reason: str) -> BrokenFile:
    """A BrokenFile for a failure that is not an InputError: one escaped line naming the file."""
    return BrokenFile(path, one_line(f"{display_name(path)}: {reason}"), Location(path))


# ---------------------------------------------------------------------------------------------
# --jobs: worker processes.  A result travels back without its ruleset (the ruleset is 90% of a
# pickled result): the worker says how it loaded it, the parent loads it once from its own cache, so
# 10,000 results share one ruleset instead of carrying 10,000 copies.

class _RecordingLoader(RulesetLoader):
    """A loader that remembers how each ruleset it returned was asked for (ref, base folder, year)."""

    def __init__(self, max_bytes: int):
        super().__init__(max_bytes=max_bytes)
        self.asked: dict[int, tuple] = {}

    def load(self, ref: str, base_dir=None, year: int | None = None) -> Ruleset:
        ruleset = super().load(ref, base_dir, year)
        self.asked.setdefault(id(ruleset), (ref, None if base_dir is None else os.fspath(base_dir), year))
        return ruleset


@dataclass
class _Travelling:
    """An Evaluation on its way from a worker: the ruleset replaced by how to load it again."""
    evaluation: Evaluation
    ruleset_ref: tuple


def _pack(result, loader: _RecordingLoader):
    if isinstance(result, BrokenFile):
        return result
    ref = loader.asked[id(result.scored.ruleset)]
    light = Evaluation(result.file, replace(result.scored, ruleset=None), result.findings, result.ruleset_note)
    return _Travelling(light, ref)


def _unpack(result, loader: RulesetLoader):
    if not isinstance(result, _Travelling):
        return result
    ev = result.evaluation
    try:
        ev.scored.ruleset = loader.load(*result.ruleset_ref)
    except (InputError, OSError, RecursionError) as exc:     # changed on disk while the batch ran
        reason = str(exc) if isinstance(exc, InputError) else os_error_text(exc)
        return broken_file(ev.file, f"复核后重新载入规则集失败（{reason}）")
    return ev


_WORKER: dict = {}


def _worker_init(max_bytes: int, started, evaluate) -> None:
    _WORKER.update(loader=_RecordingLoader(max_bytes), started=started, evaluate=evaluate)


def _worker(args):
    index, path, override = args
    started = _WORKER["started"]
    started[index] = 1
    result = _pack(_WORKER["evaluate"](path, _WORKER["loader"], override), _WORKER["loader"])
    started[index] = 2
    return result


WORKER_DIED = ("复核本表的工作进程意外终止（可能内存不足或被系统结束），单独重试仍然失败；"
               "其余文件不受影响，可单独复核本表（不用 --jobs）查看原因")


def _in_parallel(paths: list, loader: RulesetLoader, override, jobs: int, evaluate) -> list:
    """Every file's result; a worker that dies loses only what it held.

    When a worker process dies (killed, out of memory) the pool breaks and every pending result is
    lost.  The files a worker had started (flags in shared memory) are retried one by one, each in a
    process of its own — one that dies again is reported as failed with the reason; the files no
    worker had started go back into a fresh pool."""
    results: dict[int, object] = {}
    pending = list(range(len(paths)))
    while pending:
        started = _run_pool(paths, pending, loader, override, jobs, evaluate, results)
        unfinished = [i for i in pending if i not in results]
        held = [i for i in unfinished if started[i] == 1]
        for i in held:
            _run_pool(paths, [i], loader, override, 1, evaluate, results)
            if i not in results:
                results[i] = broken_file(paths[i], WORKER_DIED)
        if len(unfinished) == len(pending) and all(started[i] == 0 for i in unfinished):
            for i in unfinished:         # no worker could even start: say so instead of looping
                results[i] = broken_file(paths[i], "无法启动复核用的工作进程")
        pending = [i for i in unfinished if i not in results]
    return [results[i] for i in range(len(paths))]


def _run_pool(paths, indices, loader, override, jobs, evaluate, results):
    """Run `indices` in one pool, filling `results`; the started/finished flags of this run."""
    context = multiprocessing.get_context()
    started = context.RawArray("b", len(paths))
    try:
        with ProcessPoolExecutor(max_workers=min(jobs, len(indices)), mp_context=context,
                                 initializer=_worker_init, initargs=(loader.max_bytes, started, evaluate)) as pool:
            futures = {pool.submit(_worker, (i, paths[i], override)): i for i in indices}
            for future in as_completed(futures):
                i = futures[future]
                try:
                    results[i] = _unpack(future.result(), loader)
                except BrokenProcessPool:
                    continue
                except Exception as exc:     # the result could not be sent back: this file fails
                    results[i] = broken_file(paths[i], f"复核结果无法从工作进程取回（{type(exc).__name__}）")
    except BrokenProcessPool:
        pass
    return started


def evaluate_files(paths, loader: RulesetLoader, override: str | None = None, jobs: int = 1,
                   evaluate=_evaluate_or_break) -> list[FileResult]:
    """Evaluate many files; a broken one becomes a BrokenFile and the rest still run.

    Results come back sorted by file name, so the report is the same whatever the order of the
    arguments or the number of worker processes (each worker loads each ruleset once).  `evaluate`
    (path, loader, override) → result is the per-file step; with jobs > 1 it must be picklable.
    """
    paths = list(paths)
    if jobs <= 1 or len(paths) < 2:
        results = [evaluate(p, loader, override) for p in paths]
    else:
        results = _in_parallel(paths, loader, override, jobs, evaluate)
    return sorted(results, key=lambda r: r.file)
