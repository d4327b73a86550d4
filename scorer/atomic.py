"""Write a file so that readers see either the old content or the whole new one, never half.

The text goes to a temporary file in the same directory, is flushed to disk, then renamed
over the target (atomic on POSIX and Windows for files on one volume).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> None:
    write_atomic_chunks(path, (text,), encoding)


def write_atomic_chunks(path: str | os.PathLike, chunks, encoding: str = "utf-8") -> None:
    """The same, for text produced piece by piece (a streamed report): written as it comes."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
