"""Input errors: one clear Chinese line with file:line:column and the key path.

Every problem a user can fix in a file they wrote (a form, a ruleset) is raised as
`InputError`; the CLI prints `str(error)` and exits 2.  Nothing else should escape to the user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scorer.fastpath import fast_paths_enabled

# Characters that would break "one line per broken file" or drive the terminal: C0/C1 controls
# (newline, ESC, the CSI/OSC introducers …), line/paragraph separators, bidi overrides and lone
# surrogates (the bytes of a file name that is not UTF-8, e.g. a GBK name, as Python decodes them).
# User text (keys, values, file names, ruleset titles) reaches reports and messages verbatim, so
# every human-readable output passes it through `one_line` at the boundary, never trusting callers.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m) -> str:
    ch = m.group()
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:          # an undecodable byte of a file name: show the byte itself
        return f"\\x{code - 0xDC00:02x}"
    return _ESCAPES.get(ch) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def one_line(text: str) -> str:
    """`text` with every control/line-breaking/bidi character shown as an escape (\\n, \\x1b, \\u202e),
    and every undecodable file-name byte as \\xNN: safe for a terminal, one line, valid UTF-8.

    The one escaping function for human-readable text (idempotent: escaping twice changes nothing).
    """
    return _UNPRINTABLE.sub(_escape, text)


_SURROGATES = re.compile("[\ud800-\udfff]")



def _has_surrogate(text: str) -> bool:
    if not fast_paths_enabled():
        return _SURROGATES.search(text) is not None
    try:
        text.encode("utf-8")            # fails exactly on lone surrogates; ~5x quicker than the search
    except UnicodeEncodeError:
        return True
    return False


def valid_unicode(text: str, json_string: bool = False) -> str:
    """Only the lone surrogates escaped (as one_line does): for machine formats (JSON, CSV), which keep
    every other character but must always be valid UTF-8.  `json_string`: the text is inside JSON
    string literals, so the backslash of \\xNN is itself escaped."""
    if not _has_surrogate(text):
        return text
    if json_string:
        return _SURROGATES.sub(lambda m: "\\" + _escape(m), text)
    return _SURROGATES.sub(_escape, text)


def printable(text: str) -> bool:
    """True when one_line (and escape_except) would leave `text` as it is: nothing to escape."""
    return _UNPRINTABLE.search(text) is None


def escape_except(text: str, keep: str) -> str:
    """As one_line, but the characters in `keep` (e.g. tab and line breaks inside a spreadsheet cell) stay."""
    return _UNPRINTABLE.sub(lambda m: m.group() if m.group() in keep else _escape(m), text)


def escape_lines(text: str) -> str:
    """Multi-line human output made safe line by line: the line breaks stay, everything else that could
    drive a terminal is escaped (the last guard at the output boundary; fields are escaped earlier)."""
    return "\n".join(one_line(line) for line in text.split("\n"))


def display_name(name) -> str:
    """A file name (str, bytes or path) as shown to people and in JSON: undecodable bytes as \\xNN."""
    import os
    return one_line(os.fsdecode(name))


# errno → what went wrong, in Chinese (the OS's own text is English: never shown to users).
_ERRNO_TEXT = {
    "ENOENT": "文件或文件夹不存在", "EACCES": "没有权限", "EPERM": "操作不被允许（没有权限）",
    "EISDIR": "这是一个文件夹", "ENOTDIR": "路径中有一段不是文件夹", "ENOSPC": "磁盘空间不足",
    "EDQUOT": "超出磁盘配额", "EROFS": "文件系统只读", "ENAMETOOLONG": "路径或文件名过长",
    "EBUSY": "设备或资源正忙", "ELOOP": "符号链接层数过多（可能形成循环）", "EEXIST": "文件已存在",
    "EXDEV": "不能跨文件系统改名", "EIO": "读写设备出错（输入/输出错误）", "EMFILE": "打开的文件过多",
    "ENFILE": "系统打开的文件过多", "ENOMEM": "内存不足", "EFBIG": "文件过大", "EPIPE": "管道已断开（读取方已关闭）",
    "EBADF": "文件描述符无效（输出已关闭）", "ETXTBSY": "文件正被执行，不能写入", "EAGAIN": "资源暂时不可用",
    "EINVAL": "参数无效", "ENXIO": "设备或地址不存在", "ENODEV": "设备不存在", "ESTALE": "网络文件句柄已失效",
    "ETIMEDOUT": "操作超时", "EINTR": "操作被中断", "ENOTEMPTY": "文件夹不为空", "EOVERFLOW": "数值超出范围",
    "ECONNRESET": "连接被重置", "ENOTSUP": "不支持该操作", "EOPNOTSUPP": "不支持该操作",
}


def os_error_text(exc: BaseException) -> str:
    """An OSError (or anything with an errno) as a short Chinese reason, never the OS's English text."""
    import errno as errno_names
    number = getattr(exc, "errno", None)
    name = errno_names.errorcode.get(number) if isinstance(number, int) else None
    if name in _ERRNO_TEXT:
        return _ERRNO_TEXT[name]
    if name:
        return f"操作系统错误 {name}"
    return "操作系统错误"


def value_text(value) -> str:
    """A value a user wrote, as they would write it (never a Python repr like Decimal('2023.5'), False, None)."""
    from decimal import Decimal
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return f"'{_clip(value)}'"
    if isinstance(value, (list, tuple)):
        return _clip("[" + ", ".join(value_text(v) for v in value) + "]")
    if isinstance(value, dict):
        return _clip("{" + ", ".join(f"{value_text(k)}: {value_text(v)}" for k, v in value.items()) + "}")
    return _clip(str(value))


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_path(path) -> str:
    """('indicators', 3, 'weight') -> 'indicators[3].weight' — the notation findings use too."""
    out = ""
    for part in path or ():
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def indicator_label(number: int, name: str | None) -> str:
    """'第 2 项指标“党员发展完成率”' — `number` counts from 1, as the table does.  The one wording of an
    indicator's place, shared by reports and input errors."""
    return f"第 {number} 项指标“{name}”" if name else f"第 {number} 项指标"


@dataclass(frozen=True, slots=True)
class Location:
    """Where something is in an input file: the one shape shared by input errors, ruleset problems and
    findings.  Lines and columns count from 1, as editors and yamllint's parsable format do; `path` is
    the machine key path (``indicators[1].reported_score``)."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str = ""

    def __str__(self) -> str:
        """``file:line:col`` (the parts that are known), ``<输入>`` for text with no file."""
        parts = [self.file or "<输入>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class InputError(Exception):
    """A user-fixable problem in an input file, located as precisely as we can."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None,
                 column: int | None = None, path=None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.path = format_path(path) if not isinstance(path, str) else path
        self.limit: str | None = None    # set when one of our own size/depth limits refused the input
        self.subject: str | None = None  # the path's place in words ("第 2 项指标“…”"), when the reader knows it

    @property
    def where(self) -> Location:
        return Location(self.file, self.line, self.column, self.path)

    def location(self) -> str:
        return str(self.where)

    def __str__(self) -> str:
        where = self.location()
        if self.path:
            subject = f"（{self.subject}）" if self.subject else ""
            return one_line(f"{where}: {self.path}{subject}: {self.message}")
        return one_line(f"{where}: {self.message}")


@dataclass(frozen=True)
class BrokenFile:
    """A file that could not be evaluated; reported, while the rest of the batch runs.  A batch yields
    an `engine.Evaluation` or a BrokenFile per file (`engine.FileResult`); it lives here, beside the
    error it carries, so report writers can tell the two apart without importing the engine.

    Holds plain fields (not the exception) so it crosses process boundaries under --jobs."""
    file: str
    message: str                       # the whole one-line error, "file:line:col: path: problem"
    location: Location | None = None

    @classmethod
    def from_error(cls, file: str, error: InputError) -> BrokenFile:
        return cls(file, str(error), error.where)
