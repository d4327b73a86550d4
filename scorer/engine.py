"""One form, end to end: load → pick the ruleset → score → checks.  Pure apart from reading files.

Kept apart from the CLI so batch audits and tests drive exactly the same path.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path

from scorer.scoring.checks import run_checks
from scorer.codes import SEVERITY_RANK
from scorer.errors import BrokenFile, InputError, Location, display_name, one_line, os_error_text
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
    """The file's results, or one BrokenFile whose one Chinese line says why: nothing a file does may end
    the batch — not an input error, not an OS error on a path it names, not a limit it runs into."""
    try:
        return evaluate_path(path, loader, override)
    except InputError as exc:              # every error from evaluate_path already names its file
        if exc.file is None:
            exc.file = path
        return [BrokenFile.from_error(path, exc)]
    except OSError as exc:
        return [broken_file(path, f"无法读取本表或它引用的文件（{os_error_text(exc)}）")]
    except RecursionError:
        return [broken_file(path, "本表或它引用的规则集嵌套过深，超出处理上限")]
    except MemoryError:
        return [broken_file(path, "复核本表时内存不足，已放弃本表")]
    except Exception as exc:        # a defect of ours: this file fails, the batch goes on
        return [broken_file(path, f"复核本表时发生内部错误（{type(exc).__name__}），请把此文件提交给维护者")]


def broken_file(path: str, reason: str) -> BrokenFile:
    """A BrokenFile for a failure that is not an InputError: one escaped line naming the file."""
    return BrokenFile(path, one_line(f"{display_name(path)}: {reason}"), Location(path))


# ---------------------------------------------------------------------------------------------
# --jobs: worker processes.  A result travels back without its ruleset (the ruleset is 90% of a
# pickled result): the worker says how it loaded it, the parent loads it once from its own cache, so
# 10,000 results share one ruleset instead of carrying 10,000 copies.

class _RecordingLoader(RulesetLoader):
    """A loader that remembers how each ruleset it returned was asked for (ref, base folder, year)."""

    def __init__(self, max_bytes: int, rules_dirs=()):
        super().__init__(max_bytes=max_bytes, rules_dirs=rules_dirs)
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
    if not isinstance(result, Evaluation):      # a BrokenFile, or an already rendered piece
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


WORKER_DIED = ("复核本表的工作进程意外终止（可能内存不足或被系统结束）；其余文件不受影响，"
               "可单独复核本表（不用 --jobs）查看原因")


def _work(conn, parents_end, max_bytes: int, rules_dirs, override, evaluate) -> None:
    """A worker process: evaluate the files the parent sends, one at a time, until told to stop (or
    until the parent is gone: its end, inherited by fork, is closed here so its death is our EOF)."""
    parents_end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)       # Ctrl-C is the parent's to handle
    loader = _RecordingLoader(max_bytes, rules_dirs)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path = task
        try:
            results = [_pack(result, loader) for result in evaluate(path, loader, override)]
            conn.send((index, results))
        except Exception as exc:      # a result that cannot be sent back fails its own file only
            conn.send((index, [broken_file(path, f"复核结果无法从工作进程取回（{type(exc).__name__}）")]))


class _Workers:
    """`jobs` worker processes, each with its own pipe, each holding at most `AHEAD` files.

    Not concurrent.futures: when its worker is killed while sending a result, the pool can hang for
    ever (a half-written message on a shared pipe, a lock held by the dead process).  Here each worker
    talks over its own pipe, so a death shows as end-of-file on that pipe alone.

    A worker is sent its next file before it has finished the current one (it never waits for the
    parent between two files), and does them in the order sent.  So when it dies, the first file it
    holds that has not come back is the one it was working on: that one is reported as failed, the
    others it held were never started and go back to the queue, and a fresh worker takes over."""

    AHEAD = 2

    def __init__(self, paths: list, loader: RulesetLoader, override, evaluate, died=None):
        self.paths, self.loader, self.override, self.evaluate = paths, loader, override, evaluate
        self.died = died or (lambda path: [broken_file(path, WORKER_DIED)])   # what a lost file yields
        import multiprocessing              # here, not at the top: one form never starts a worker
        import selectors

        self.context = multiprocessing.get_context()
        self.selector = selectors.DefaultSelector()    # one for the whole batch, not one per wait
        self.readable = selectors.EVENT_READ
        self.queue = deque(range(len(paths)))
        self.live: dict = {}                 # parent's end of the pipe -> [process, indices it holds]
        self.results: dict[int, list[FileResult]] = {}

    def start(self) -> None:
        mine, theirs = self.context.Pipe(duplex=True)
        process = self.context.Process(target=_work, daemon=True,
                                       args=(theirs, mine, self.loader.max_bytes, self.loader.rules_dirs,
                                             self.override, self.evaluate))
        process.start()
        theirs.close()                       # only the worker holds its end: its death is our EOF
        self.live[mine] = [process, deque()]
        self.selector.register(mine, self.readable)
        self.feed(mine)

    def feed(self, conn) -> None:
        """Top this worker up to `AHEAD` files, or tell it to stop when it holds none and the queue
        is empty.  A failed send means the worker died: its end-of-file, read by `receive`, says what
        it still held (results it sent before dying are read first)."""
        held = self.live[conn][1]
        if not self.queue and not held:
            with contextlib.suppress(OSError):
                conn.send(None)
            self.retire(conn)
            return
        while self.queue and len(held) < self.AHEAD:
            index = self.queue.popleft()
            try:
                conn.send((index, self.paths[index]))
            except OSError:                  # died: this file was never sent, nothing lost
                self.queue.appendleft(index)
                return
            held.append(index)

    def retire(self, conn) -> None:
        process, _ = self.live.pop(conn)
        self.selector.unregister(conn)
        conn.close()
        process.join(5)

    def run(self, jobs: int) -> list:
        return list(self.stream(jobs))

    def stream(self, jobs: int):
        """Each file's results in input order, as soon as they and all before them are in (a streamed
        report stays in order and holds only the few results that arrived early)."""
        try:
            for _ in range(min(jobs, len(self.paths))):
                self.start()
            for index in range(len(self.paths)):
                while index not in self.results:
                    if not self.live:
                        raise RuntimeError("worker pool ended with files unaccounted for")
                    for key, _ in self.selector.select():
                        if key.fileobj in self.live:
                            self.receive(key.fileobj)
                yield self.results.pop(index)
        finally:
            for process, _ in self.live.values():
                process.kill()
            self.selector.close()

    def receive(self, conn) -> None:
        held = self.live[conn][1]
        try:
            index, result = conn.recv()
        except (EOFError, OSError):          # the worker died, perhaps in the middle of a message
            self.retire(conn)
            if held:
                lost = held.popleft()        # the file it was working on
                self.queue.extendleft(reversed(held))    # sent but never started: done by another
                self.results[lost] = self.died(self.paths[lost])
            if self.queue:
                self.start()
            return
        if held and held[0] == index:
            held.popleft()
        self.results[index] = [_unpack(one, self.loader) for one in result]
        self.feed(conn)


def evaluate_files(paths, loader: RulesetLoader, override: str | None = None, jobs: int = 1,
                   evaluate=_evaluate_or_break) -> list[FileResult]:
    """Evaluate many files; a broken one becomes a BrokenFile and the rest still run.

    Results come back sorted by file name (a workbook gives one result per form, in sheet order), so the
    report is the same whatever the order of the arguments or the number of worker processes (each worker
    loads each ruleset once).  `evaluate` (path, loader, override) → [result, …] is the per-file step;
    with jobs > 1 it runs in the worker processes (see _Workers).
    """
    paths = list(paths)
    if jobs <= 1 or len(paths) < 2:
        batches = [evaluate(p, loader, override) for p in paths]
    else:
        batches = _Workers(paths, loader, override, evaluate).run(jobs)
    return sorted((result for batch in batches for result in batch), key=result_order)


def result_order(result: FileResult) -> str:
    """Sort key of a batch's results: the file name — for a workbook's forms (book.xlsx#表1!A4) the
    workbook's name, so its forms stay in the order they appear on its sheets (the sort is stable)."""
    book, sep, _ = result.file.rpartition("#")
    return book if sep and is_workbook(book) else result.file
