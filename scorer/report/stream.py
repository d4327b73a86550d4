"""Reports written piece by piece: each file's part is rendered as soon as the file is scored (in a
worker under --jobs) and the whole report is those parts between a fixed head and tail.

So a batch of 50,000 forms never holds 50,000 results: memory stays flat and output starts at once.
Each format's `render_*` is built from the same pieces (`render` below), so the streamed text is
byte for byte the whole-list text.  A format whose report ends with totals (the table's 合计 line)
computes them from `Tally`, the few counts each file contributes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import import_module

from scorer.errors import BrokenFile
from scorer.report.options import ReportOptions, Summary


@dataclass(frozen=True)
class Layout:
    """How a format puts per-file pieces together."""
    head: str          # before the first piece
    sep: str           # between two pieces
    tail: str          # after the last piece
    empty: str         # the whole report when no piece at all


@dataclass
class Tally:
    """Counts over the batch, for a closing line: files, broken files, and findings by severity."""
    results: int = 0
    broken: int = 0
    with_errors: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    worst: int = 0

    def add(self, summary: Summary | None, worst: int = 0) -> None:
        """One file: its findings' Summary, or None for a broken file."""
        self.results += 1
        self.worst = max(self.worst, worst)
        if summary is None:
            self.broken += 1
            return
        self.with_errors += summary.errors > 0
        self.errors += summary.errors
        self.warnings += summary.warnings
        self.infos += summary.infos


# format → module with `<fmt>_piece(result, options)`, `<fmt>_layout(options)` and, optionally,
# `<fmt>_closing(tally, options)` (a last piece made from the batch's counts, or None).
_MODULES = {"json": "scorer.report.jsonfmt", "csv": "scorer.report.csvfmt", "table": "scorer.report.table"}


def _function(fmt: str, name: str):
    return getattr(import_module(_MODULES[fmt]), f"{fmt}_{name}", None)


def piece(fmt: str, result, options: ReportOptions) -> str | None:
    """What one result adds to the report (None: nothing, e.g. a broken file in the table)."""
    return _function(fmt, "piece")(result, options)


def summary_of(result, options: ReportOptions) -> Summary | None:
    return None if isinstance(result, BrokenFile) else Summary.of(result.findings, options)


def assemble(fmt: str, options: ReportOptions, pieces: Iterable[str | None], tally: Tally) -> Iterator[str]:
    """The report's text as chunks, in order.  `tally` is filled while `pieces` is consumed (the
    closing piece, if the format has one, is made from it at the end)."""
    shape = _function(fmt, "layout")(options)
    closing = _function(fmt, "closing")
    first = True
    for text in pieces:
        if text is None:
            continue
        yield (shape.head if first else shape.sep) + text
        first = False
    last = closing(tally, options) if closing is not None else None
    if last is not None:
        yield (shape.head if first else shape.sep) + last
        first = False
    yield shape.empty if first else shape.tail


def render(fmt: str, results, options: ReportOptions) -> str:
    """The whole report at once (what the formats' render_* functions return)."""
    tally = Tally()

    def pieces():
        for r in results:
            tally.add(summary_of(r, options))
            yield piece(fmt, r, options)

    return "".join(assemble(fmt, options, pieces(), tally))
