"""Input errors: one clear Chinese line with file:line:column and the key path.

Every problem a user can fix in a file they wrote (a form, a ruleset) is raised as
`InputError`; the CLI prints `str(error)` and exits 2.  Nothing else should escape to the user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters that would break "one line per broken file" or drive the terminal: C0/C1 controls
# (newline, ESC …), line/paragraph separators and bidi overrides.  User text (keys, values, file
# names) reaches messages verbatim, so the finished line is escaped, never the caller's job.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """`text` with every control/line-breaking/bidi character shown as an escape (\\n, \\x1b, \\u202e)."""
    def escape(m):
        ch = m.group()
        return _ESCAPES.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
    return _UNPRINTABLE.sub(escape, text)


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
