"""Text measured as a terminal shows it: a Chinese character takes two columns, an ASCII one one.

Used to keep the table report and the help within the terminal width: `width` measures, `shorten`
cuts with "…", `wrap` breaks a line (anywhere between Chinese characters, between words in ASCII runs).
"""

from __future__ import annotations

import os
import re
import shutil

from wcwidth import wcswidth, wcwidth

DEFAULT_WIDTH = 100          # the report's width when the terminal does not say, and its cap
MIN_WIDTH = 40

# ASCII words/numbers (kept whole when they fit), runs of spaces, or any single other character
_TOKENS = re.compile(r"[A-Za-z0-9_.,%/:+\-\[\]()<>=≥≤×÷*@#]+|\s+|.", re.S)


def width(text: str) -> int:
    w = wcswidth(text)
    return w if w >= 0 else sum(max(wcwidth(ch), 0) for ch in text)


def terminal_width(cap: int | None = DEFAULT_WIDTH) -> int:
    """COLUMNS, else the terminal's width, else DEFAULT_WIDTH; never more than `cap` (None: no cap)."""
    columns = None
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        columns = int(env)
    else:
        size = shutil.get_terminal_size((0, 0)).columns
        columns = size or DEFAULT_WIDTH
    columns = max(columns, MIN_WIDTH)
    return min(columns, cap) if cap else columns


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
        lines.append(line.rstrip())
        line, used = subsequent + token, width(subsequent) + w
    lines.append(line.rstrip())
    return lines
