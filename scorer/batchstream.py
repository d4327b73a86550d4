"""A batch evaluated as a stream: each file scored, rendered into its piece of the report and dropped,
in sorted-path order, so memory stays flat however many forms there are.

Under --jobs the workers render the pieces themselves; what travels back is the piece of text and a
few counts for the exit code, the closing totals and stderr — never the evaluation with its ruleset.
The workers (engine._Workers) hand results back in input order, and the input is sorted, so the report is the same for
any number of workers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial

from scorer.errors import BrokenFile
from scorer.engine import _evaluate_or_break, result_order
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
    ruleset_files: tuple[str, ...] = ()   # what it read besides itself (an output must not replace them)


def _outcomes(results, fmt: str, options: ReportOptions) -> list[Outcome]:
    """A path's results (a workbook holds several forms) as outcomes, in their own order."""
    return [_outcome(r, fmt, options) for r in results]


def _outcome(result, fmt: str, options: ReportOptions) -> Outcome:
    text = piece(fmt, result, options)
    if isinstance(result, BrokenFile):
        return Outcome(result.file, text, None, 0, result)
    return Outcome(result.file, text, summary_of(result, options), result.worst(), None, result.ruleset.files)


def _work(path: str, loader: RulesetLoader, override, fmt: str, options: ReportOptions) -> list[Outcome]:
    """In a worker: one path evaluated and rendered; only the pieces and counts travel back."""
    return _outcomes(_evaluate_or_break(path, loader, override), fmt, options)


def evaluate_stream(paths: Iterable[str], loader: RulesetLoader, fmt: str, options: ReportOptions, *,
                    override=None, jobs: int = 1, extra: Iterable[BrokenFile] = ()) -> Iterator[Outcome]:
    """Outcomes in the whole-list report's order (`engine.result_order`: by file name, a workbook's
    forms in sheet order); `extra` (files that could not even be listed) merged in place."""
    paths = sorted(paths, key=_path_order)
    extra = sorted(extra, key=result_order)
    if jobs <= 1 or len(paths) < 2:
        batches = (_outcomes(_evaluate_or_break(p, loader, override), fmt, options) for p in paths)
    else:
        from scorer.engine import WORKER_DIED, _Workers, broken_file
        # own worker processes (engine._Workers): a killed worker loses only the file it held
        workers = _Workers(paths, loader, override, partial(_work, fmt=fmt, options=options),
                           died=lambda path: _outcomes([broken_file(path, WORKER_DIED)], fmt, options))
        batches = workers.stream(jobs)
    yield from _merge(_ordered(batches), extra, fmt, options)


def _path_order(path: str) -> str:
    return result_order(BrokenFile(path, ""))


def _ordered(batches) -> Iterator[Outcome]:
    """Each path's outcomes in their own order (a workbook's forms as on its sheets), paths in order:
    every result of a path sorts under the path's own name, so this is the whole-list order."""
    for batch in batches:
        yield from batch


def _merge(outcomes: Iterable[Outcome], extra: list[BrokenFile], fmt: str,
           options: ReportOptions) -> Iterator[Outcome]:
    """Two sorted streams as one (sorted by file name, as the whole-list report sorts them)."""
    pending = iter(extra)
    waiting = next(pending, None)
    for outcome in outcomes:
        while waiting is not None and result_order(waiting) < result_order(BrokenFile(outcome.file, "")):
            yield _outcome(waiting, fmt, options)
            waiting = next(pending, None)
        yield outcome
    while waiting is not None:
        yield _outcome(waiting, fmt, options)
        waiting = next(pending, None)
