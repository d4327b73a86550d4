"""The names callers know for writing an output file, all going to the one safe writer
(`scorer.report.output.write_report`): atomic for a regular file (mode kept, short temporary name),
written through to a device or FIFO, a symlink's target replaced, never a folder, a read-only file or
an input.  Refusals are `OutputRefused` (its message is the whole Chinese line); OS errors are OSError.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable

from scorer.report.output import OutputRefused, write_report

__all__ = ["OutputRefused", "save_atomic", "write_atomic", "write_atomic_chunks"]


def write_atomic(path: str | os.PathLike, text: str, encoding: str = "utf-8", inputs=()) -> None:
    write_report(path, text if encoding == "utf-8" else text.encode(encoding), inputs)


def write_atomic_chunks(path: str | os.PathLike, chunks, encoding: str = "utf-8", inputs=()) -> None:
    """The same, for text produced piece by piece (a streamed report): written as it comes."""
    write_report(path, chunks if encoding == "utf-8" else (c.encode(encoding) for c in chunks), inputs)


def save_atomic(path: str | os.PathLike, save: Callable, inputs=()) -> None:
    """For writers that save themselves (a workbook's `save`): saved into memory, then written safely."""
    buffer = io.BytesIO()
    save(buffer)
    write_report(path, buffer.getvalue(), inputs)
