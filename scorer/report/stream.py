"""Reports written piece by piece: each file's part is rendered as soon as the file is scored (in a
worker under --jobs) and the whole report is those parts between a fixed head and tail.

So a batch of 50,000 forms never holds 50,000 results: memory stays flat and output starts at once.
The text is byte for byte what the format's `render_*` function gives for the same results (tests
compare them); `render_*` themselves are built from the same per-file pieces.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class Layout:
    """How a format puts per-file pieces together."""
    head: str          # before the first piece
    sep: str           # between two pieces
    tail: str          # after the last piece
    empty: str         # the whole report when no file contributes a piece


# format → (module, piece function, layout function): the piece function renders one result,
# returning None when the result adds nothing (e.g. a broken file in the table format).
_PIECES = {
    "json": ("scorer.report.jsonfmt", "json_piece", "json_layout"),
    "csv": ("scorer.report.csvfmt", "csv_piece", "csv_layout"),
    "table": ("scorer.report.table", "table_piece", "table_layout"),
}


def piece(fmt: str, result, explain: bool = False) -> str | None:
    module, function, _ = _PIECES[fmt]
    return getattr(import_module(module), function)(result, explain)


def layout(fmt: str, explain: bool = False) -> Layout:
    module, _, function = _PIECES[fmt]
    return getattr(import_module(module), function)(explain)


def assemble(shape: Layout, pieces: Iterable[str | None]) -> Iterator[str]:
    """The report's text as chunks, in order: head, pieces with separators, tail (or `empty`)."""
    first = True
    for text in pieces:
        if text is None:
            continue
        yield (shape.head if first else shape.sep) + text
        first = False
    yield shape.empty if first else shape.tail


def render(fmt: str, results, explain: bool = False) -> str:
    """The whole report at once (what the formats' render_* functions return)."""
    return "".join(assemble(layout(fmt, explain), (piece(fmt, r, explain) for r in results)))
