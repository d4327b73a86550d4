"""Write a file so that readers see either the old content or the whole new one, never half.

The text goes to a temporary file in the same directory, is flushed to disk, then renamed
over the target (atomic on POSIX and Windows for files on one volume).  The file gets the
permissions of any new file (0666 less the umask), not the temporary file's private 0600: a report
is written to be read by others.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomic(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> None:
    write_atomic_chunks(path, (text,), encoding)


def write_atomic_chunks(path: str | os.PathLike, chunks, encoding: str = "utf-8") -> None:
    """The same, for text produced piece by piece (a streamed report): written as it comes."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        _as_a_new_file(tmp)
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


def save_atomic(path: str | os.PathLike, save: Callable[[str], None]) -> None:
    """The same for writers that save to a path themselves (a workbook's `save`): `save(tmp)` writes
    the whole file beside `path`, which is then renamed over it."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    os.close(fd)
    try:
        _as_a_new_file(tmp)
        save(tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _as_a_new_file(tmp: str) -> None:
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
