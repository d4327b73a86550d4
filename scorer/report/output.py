"""Writing a report to `--output` without ever destroying what is at the path.

A report replaces a regular file atomically (a short-named temporary file in the same folder, flushed
to disk, then renamed over it), so readers see the old content or the whole new one, never half.
Everything else is treated as the user meant it, not as a file to replace:

- a character device or a FIFO (`-o /dev/null`, `-o /dev/stderr`, a named pipe) is written to directly;
  replacing it would turn /dev/null into a regular file for the whole machine (we run as root too);
- a symbolic link is followed and its target replaced, the link stays a link;
- a folder, a block device or a socket is refused, and so is a read-only file (mode without any write
  bit, which root could otherwise silently replace) and a path that is one of the inputs (same device
  and inode, so `s.yaml`, `./s.yaml`, a hard link or a symlink to it are all caught);
- the new file keeps the replaced file's mode (and, as root, its owner), or gets the umask's mode.

The temporary name is short (`.ps` + 8 random characters), so a destination name of 80 汉字
(240 of the 255 bytes a name may have) still works.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import tempfile

from scorer.errors import display_name

TEMP_PREFIX, TEMP_SUFFIX = ".ps", ".tmp"


class OutputRefused(Exception):
    """The output path must not be written; the message says why, in Chinese, naming the path."""


def _refused(name: str, reason: str) -> OutputRefused:
    return OutputRefused(f"{name}: 无法写入输出文件（{reason}）")


def _identity(path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def check_output(path, inputs=(), created=()) -> os.stat_result | None:
    """Refuse an output path that must not be written; the stat of what is there (None: nothing yet).

    Called before the work (a usage error costs nothing) and again right before writing.  `created`:
    files the command itself may create before the report is written (an audit's result store), judged
    by their resolved path, as they may not exist yet."""
    name = display_name(path)
    if created:
        target = os.path.realpath(path)
        for store in created:
            if os.path.realpath(store) == target:
                raise _refused(name, f"它就是本命令要写入的数据库 “{display_name(store)}”；请换一个输出文件名")
    try:
        st = os.stat(path)              # follows symbolic links: we judge what the link points to
    except FileNotFoundError:
        return None
    except OSError:
        return None                     # unreadable/too long names: the write itself reports why
    if stat.S_ISDIR(st.st_mode):
        raise _refused(name, "输出路径是一个文件夹；请给出文件名，如 “文件夹/报告.txt”")
    for source in inputs:
        if _identity(source) == (st.st_dev, st.st_ino):
            raise _refused(name, f"它就是输入文件 “{display_name(source)}”，写入会覆盖输入；请换一个输出文件名")
    if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
        return st
    if not stat.S_ISREG(st.st_mode):
        raise _refused(name, "输出路径不是普通文件，而是块设备或套接字")
    if not st.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise _refused(name, "文件是只读的，不会覆盖；如确需覆盖，请先修改它的权限，或换一个输出文件名")
    return st


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_report(path, text, inputs=(), read_meanwhile=None) -> None:
    """Write `text` (a str, as UTF-8; bytes, e.g. a workbook; or an iterable of str pieces, a report
    streamed as it is produced) to `path` as described above; OSError and OutputRefused go to the caller.
    `read_meanwhile()`: files read while the pieces were produced (rulesets named by the forms), checked
    again before the rename, so a streamed report never replaces one of them either."""
    st = check_output(path, inputs)
    target = os.path.realpath(path)
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_through(target, text)
        return
    directory = os.path.dirname(target) or "."
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=directory)
    try:
        os.fchmod(fd, stat.S_IMODE(st.st_mode) if st is not None else _umask_mode())
        if st is not None and os.geteuid() == 0:
            with contextlib.suppress(OSError):
                os.fchown(fd, st.st_uid, st.st_gid)
        with os.fdopen(fd, "wb") as handle:
            for chunk in _encoded(text):
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        if read_meanwhile is not None:
            check_output(path, read_meanwhile())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _encoded(text, size: int = 1 << 20):
    """UTF-8 in 1 MiB pieces (a report of 10,000 forms is not copied whole); a stray surrogate shows as
    \\udcxx instead of failing — the renderers escape file names already."""
    if isinstance(text, bytes):
        yield text
        return
    if not isinstance(text, str):         # streamed pieces
        for piece in text:
            yield from _encoded(piece, size)
        return
    for start in range(0, len(text), size):
        yield text[start:start + size].encode("utf-8", "backslashreplace")


def _write_through(target: str, text: str) -> None:
    """A character device or FIFO: write to it as a shell redirection would (no truncation, no rename)."""
    fd = os.open(target, os.O_WRONLY | os.O_NOCTTY | os.O_APPEND)
    try:
        for chunk in _encoded(text):
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def save_workbook(path, save, inputs=()) -> None:
    """For writers that save themselves (an openpyxl workbook's `save`): saved into memory, then written
    by `write_report` like every other output."""
    buffer = io.BytesIO()
    save(buffer)
    write_report(path, buffer.getvalue(), inputs)
