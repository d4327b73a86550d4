"""A batch evaluated as a stream: each file scored, rendered into its piece of the report and dropped,
in sorted-path order, so memory stays flat however many forms there are.

Under --jobs the workers render the pieces themselves; what travels back is the piece of text and a
few counts for the exit code, the closing totals and stderr — never the evaluation with its ruleset.
The executor's `map` keeps the input order, and the input is sorted, so the report is the same for
any number of workers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from scorer.errors import BrokenFile
from scorer.engine import _evaluate_or_break
from scorer.report.options import ReportOptions, Summary
from scorer.report.stream import piece, summary_of
from scorer.rules.ruleset import RulesetLoader


@dataclass(frozen=True)
class Outcome:
    """What the parent needs of one file: its report piece, its findings' counts, or why it broke."""
    file: str
    piece: str | None
    summary: Summary | None = None     # None: a broken file
    worst: int = 0
    broken: BrokenFile | None = None


def _outcome(result, fmt: str, options: ReportOptions) -> Outcome:
    text = piece(fmt, result, options)
    if isinstance(result, BrokenFile):
        return Outcome(result.file, text, None, 0, result)
    return Outcome(result.file, text, summary_of(result, options), result.worst())


_LOADER: RulesetLoader | None = None


def _init(max_bytes: int) -> None:
    global _LOADER
    _LOADER = RulesetLoader(max_bytes=max_bytes)


def _work(task) -> Outcome:
    path, override, fmt, options = task
    return _outcome(_evaluate_or_break(path, _LOADER, override), fmt, options)


def evaluate_stream(paths: Iterable[str], loader: RulesetLoader, fmt: str, options: ReportOptions, *,
                    override=None, jobs: int = 1, extra: Iterable[BrokenFile] = ()) -> Iterator[Outcome]:
    """Outcomes in sorted-path order; `extra` (files that could not even be listed) merged in place."""
    paths = sorted(paths)
    extra = sorted(extra, key=lambda b: b.file)
    if jobs <= 1 or len(paths) < 2:
        outcomes = (_outcome(_evaluate_or_break(p, loader, override), fmt, options) for p in paths)
        yield from _merge(outcomes, extra, fmt, options)
        return
    from concurrent.futures import ProcessPoolExecutor
    tasks = ((p, override, fmt, options) for p in paths)
    chunk = max(1, min(64, len(paths) // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(loader.max_bytes,)) as pool:
        yield from _merge(pool.map(_work, tasks, chunksize=chunk), extra, fmt, options)


def _merge(outcomes: Iterable[Outcome], extra: list[BrokenFile], fmt: str,
           options: ReportOptions) -> Iterator[Outcome]:
    """Two sorted streams as one (sorted by file name, as the whole-list report sorts them)."""
    pending = iter(extra)
    waiting = next(pending, None)
    for outcome in outcomes:
        while waiting is not None and waiting.file < outcome.file:
            yield _outcome(waiting, fmt, options)
            waiting = next(pending, None)
        yield outcome
    while waiting is not None:
        yield _outcome(waiting, fmt, options)
        waiting = next(pending, None)
