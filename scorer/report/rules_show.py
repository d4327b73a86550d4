"""`rules show`: the effective ruleset after `extends` (and `changes`), each value marked with
the file and line it came from — so an author sees exactly what a child inherits and overrides.
Only rendering: `scorer.rules` loads the ruleset.

The output is YAML (values in flow style, provenance in comments) and can be pasted back into a file.
"""

from __future__ import annotations

import json
import unicodedata
from decimal import Decimal

import yaml

from scorer.errors import one_line
from scorer.numbers import fmt_printed
from scorer.rules.ruleset import Ruleset

ORDER = ("id", "version", "title", "jurisdiction", "years", "sources", "citations", "total", "tolerance",
         "rounding", "budget", "goals", "indicators", "blocks", "directions", "formulas", "qualitative",
         "deadline", "grades", "findings")
COMMENT_COLUMN = 56


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def scalar(value) -> str:
    """A YAML scalar that reads back as the same value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return f"{value}" if isinstance(value, int) else fmt_printed(value)
    text = str(value)
    try:
        plain = yaml.safe_load(text) == text and text.strip() == text and "#" not in text and text
    except yaml.YAMLError:
        plain = False
    return text if plain and ": " not in text and not text.startswith(("{", "[", "*", "&", "!", "-")) \
        else json.dumps(text, ensure_ascii=False)


def flow(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


def _ordered(data: dict, top: bool):
    keys = [k for k in ORDER if k in data] + [k for k in data if k not in ORDER] if top else list(data)
    return [(k, data[k]) for k in keys if k not in ("tests", "changes")]


def _comment(text: str, origin: str | None) -> str:
    return text + " " * max(2, COMMENT_COLUMN - _width(text)) + f"# {origin}" if origin else text


def render_show(ruleset: Ruleset) -> str:
    chain = " → ".join(ruleset.files)
    lines = [f"# 规则集 {ruleset.id} 的实际生效内容（继承链：{chain}）",
             "# 每个值后的注释是给出它的文件与行号。"]
    for change in ruleset.applied_changes():
        lines.append(f"# 已按预算年度 {ruleset.year} 合并变更：{change.describe()}")
    pending = [c for c in ruleset.changes if not c.applies_to(ruleset.year)]
    for change in pending:
        lines.append(f"# 未合并的变更（--year {change.year} 可查看）：{change.describe()}")

    def emit(data: dict, path: tuple, indent: int) -> None:
        for key, value in _ordered(data, not path):
            here = (*path, key)
            head = " " * indent + f"{scalar(key)}:"
            if isinstance(value, dict) and value:
                lines.append(head)
                emit(value, here, indent + 2)
                continue
            items = isinstance(value, list) and value and any(isinstance(v, dict) or _width(str(v)) > 24
                                                              for v in value)
            lines.append(_comment(head if items else f"{head} {flow(value)}", ruleset.origin(*here)))
            if items:
                lines.extend(" " * (indent + 2) + f"- {flow(item)}" for item in value)

    emit(ruleset.data, (), 0)
    tests = ruleset.tests
    if tests:
        lines.append(f"# tests：{len(tests)} 个用例（{ruleset.source_file}），用 perfscore rules test 运行")
    # file names and values can hold control characters: they must not drive the terminal
    return "\n".join(one_line(line) for line in lines) + "\n"
