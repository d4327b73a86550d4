"""Text measured as a terminal shows it: a Chinese character takes two columns, an ASCII one one.

Used to keep the table report and the help within the terminal width: `width` measures, `shorten`
cuts with "…", `wrap` breaks a line (anywhere between Chinese characters, between words in ASCII runs).
"""

from __future__ import annotations

import os
import re
import shutil
import sys


DEFAULT_WIDTH = 100          # the report's width on a terminal that does not say, and its cap
MIN_WIDTH = 40

# characters a line must not start with (closing brackets and Chinese punctuation): the character
# before them moves down with them
NO_LINE_START = frozenset("）)]」』”’，。、；：！？…%")
NO_LINE_END = frozenset("（([「『“‘")          # opening brackets move down with what they open

# ASCII words/numbers (kept whole when they fit), runs of spaces, or any single other character
_WORD = r"[A-Za-z0-9_.,%/:+\-\[\]()<>=≥≤×÷*@#'\"]+"
_TOKENS = re.compile(_WORD + r"|\s+|.", re.S)
_LAST_TOKEN = re.compile(f"(?:{_WORD}|.)$", re.S)


def _load_wcwidth():
    """wcwidth is imported on first use (its tables are a slow import that JSON/CSV output never needs);
    the two names below are then rebound to its functions."""
    global wcswidth, wcwidth
    from wcwidth import wcswidth, wcwidth


def wcswidth(text: str) -> int:   # noqa: F811  (replaced by wcwidth's own on first use)
    _load_wcwidth()
    return wcswidth(text)


def wcwidth(ch: str) -> int:      # noqa: F811  (replaced by wcwidth's own on first use)
    _load_wcwidth()
    return wcwidth(ch)


def width(text: str) -> int:
    w = wcswidth(text)
    return w if w >= 0 else sum(max(wcwidth(ch), 0) for ch in text)


def terminal_width(cap: int | None = DEFAULT_WIDTH) -> int | None:
    """The width to lay text out in: COLUMNS when set, else the terminal's when stdout is one, capped
    at `cap` (None: no cap).  None when output goes to a file or pipe without COLUMNS: then lines are
    not broken, so each finding stays one line for grep (as `ls` does when piped)."""
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        columns = int(env)
    elif _is_terminal():
        columns = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns or DEFAULT_WIDTH
    else:
        return None
    columns = max(columns, MIN_WIDTH)
    return min(columns, cap) if cap else columns


def _is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` columns, ending in "…" when cut."""
    if width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        w = max(wcwidth(ch), 0)
        if used + w > limit - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def wrap(text: str, limit: int, indent: str = "", subsequent: str | None = None) -> list[str]:
    """Break `text` into lines of at most `limit` columns (indents included)."""
    subsequent = indent if subsequent is None else subsequent
    lines, line, used = [], indent, width(indent)
    for token in _TOKENS.findall(text):
        w = width(token)
        if used + w <= limit:
            line += token
            used += w
            continue
        if token.isspace():
            lines.append(line.rstrip())
            line, used = subsequent, width(subsequent)
            continue
        room = limit - width(subsequent)
        if w > room or used == width(subsequent):     # a token longer than a line: split it anywhere
            for ch in token:
                cw = max(wcwidth(ch), 0)
                if used + cw > limit:
                    lines.append(line.rstrip())
                    line, used = subsequent, width(subsequent)
                line += ch
                used += cw
            continue
        carry = token
        while carry[0] in NO_LINE_START and not line[-1].isspace():   # the word before moves down too
            last = _LAST_TOKEN.search(line).group()
            if len(line) - len(last) <= len(subsequent):               # never leave the line empty
                break
            line, carry = line[: -len(last)], last + carry
        while line[-1:] in NO_LINE_END and len(line) - 1 > len(subsequent):
            line, carry = line[:-1], line[-1] + carry
        lines.append(line.rstrip())
        line = subsequent + carry
        used = width(line)
    lines.append(line.rstrip())
    return lines
