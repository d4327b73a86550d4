"""Write a workbook or an imported YAML so readers see the old file or the whole new one, never half;
never over one of the inputs (a checked copy must not replace the form it checks).  Text cells we write
go through `set_text` (formula injection)."""

from __future__ import annotations

import contextlib
import os
import tempfile

from scorer.report.cells import safe_cell


def set_text(cell, text: str) -> None:
    """Write `text` into an openpyxl cell as text that cannot run as a formula (a leading ' where it
    would), never as a formula."""
    cell.value = safe_cell(text)
    cell.data_type = "s"


def same_file(a, b) -> bool:
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def write_bytes(path, data: bytes, inputs=()) -> None:
    """Atomic write (temporary file in the same folder, fsync, rename); OSError goes to the caller."""
    for source in inputs:
        if same_file(source, path):
            raise OSError(0, f"它就是输入文件 {source}，写入会覆盖输入；请换一个输出文件名")
    target = os.path.realpath(path)
    if os.path.isdir(target):
        raise IsADirectoryError(21, "输出路径是一个文件夹")
    fd, tmp = tempfile.mkstemp(prefix=".ps", suffix=".tmp", dir=os.path.dirname(target) or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
