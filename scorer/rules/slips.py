"""Hints for the slips rule authors make most: full-width punctuation, thousands separators, and a
formula's comma inside `{…}` (YAML splits the mapping there, leaving an "unknown key" like `1)`).

The hints are found in the parsed structure (keys and values), never by matching a dependency's
English text; for a YAML syntax error the lines around it are looked at for a full-width colon.
"""

from __future__ import annotations

import re

from scorer.errors import InputError, format_path
from scorer.forms.yamlsafe import Document

COLON = "键后的冒号写成了全角 “：”；请改为半角冒号加空格，如 weight: 10"
THOUSANDS = "数字中不要写千位分隔符 “,”：如 1,200 应写 1200"
FORMULA_COMMA = ("公式中含逗号（如 min(a, b)）时，写在 {…} 里会被 YAML 从逗号处拆开：公式必须加引号"
                 "（formula: \"weight * min(executed / planned, 1)\"），或写在单独一行")

_KEY_WITH_FULL_COLON = re.compile(r"^\s*(?:-\s*)?[\w.\-]+\s*：")
_GROUPED_NUMBER = re.compile(r"^\s*[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?\s*$")
_FORMULA_TAIL = re.compile(r"^[\w\s.+\-*/%<>=()]*\)[\w\s.+\-*/%<>=()]*$")


def _walk(value, path=()):
    yield path, value
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _walk(sub, (*path, key))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from _walk(sub, (*path, index))


def _mapping_slips(mapping: dict, path) -> dict:
    out = {}
    keys = list(mapping)
    for position, key in enumerate(keys):
        if not isinstance(key, str):
            continue
        here = format_path((*path, key))
        before = mapping[keys[position - 1]] if position else None
        if "：" in key:
            out[here] = COLON
        elif mapping[key] is None and key.strip().isdigit() and isinstance(before, int) \
                and not isinstance(before, bool):
            out[here] = THOUSANDS                       # {weight: 1,200} → weight: 1, "200": null
        elif mapping[key] is None and _FORMULA_TAIL.match(key) and isinstance(before, str):
            out[here] = FORMULA_COMMA                   # {formula: weight * min(a, b)} → "b)": null
    return out


def slips(data) -> dict[str, str]:
    """key path (as messages print it) → hint, for every slip in the parsed data."""
    out: dict[str, str] = {}
    for path, value in _walk(data):
        if isinstance(value, dict):
            out.update(_mapping_slips(value, path))
        elif isinstance(value, str) and _GROUPED_NUMBER.match(value):
            out[format_path(path)] = THOUSANDS
    return out


def _line_slip(path: str, line: int | None) -> str | None:
    """A full-width colon on the line of a YAML syntax error (or the two before it)."""
    if line is None:
        return None
    try:
        with open(path, "rb") as f:
            lines = f.read(4 << 20).decode("utf-8", "replace").splitlines()
    except (OSError, ValueError):
        return None
    nearby = lines[max(0, line - 3):line]
    return COLON if any(_KEY_WITH_FULL_COLON.match(text) for text in nearby) else None


def with_hint(exc: InputError, path: str, document: Document | None = None) -> InputError:
    """`exc` with a hint appended when it comes from a known slip; otherwise `exc` itself."""
    hint = slips(document.data).get(exc.path) if document is not None else _line_slip(path, exc.line)
    if not hint or hint in exc.message:
        return exc
    return InputError(f"{exc.message}；{hint}", file=exc.file, line=exc.line, column=exc.column,
                      path=exc.path)
