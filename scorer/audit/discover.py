"""Which files an audit reads: the shared discovery (files, folders recursively, patterns) plus
--from-list, with summary tables (summary.yaml) set apart from the forms.

Paths come back sorted and without repeats; an argument that names nothing becomes a broken row with
its one-line reason instead of stopping the run.
"""

from __future__ import annotations

from pathlib import Path

from scorer.errors import InputError
from scorer.forms.discover import discover as discover_files

SUMMARY_SUFFIXES = ("summary.yaml", "summary.yml")    # summary.yaml, 000-summary.yaml: 绩效自评情况汇总表


def is_summary(name: str) -> bool:
    """summary.yaml, or a name ending in -summary.yaml / _summary.yaml / .summary.yaml."""
    lower = name.lower()
    return any(lower == s or lower.endswith(("-" + s, "_" + s, "." + s)) for s in SUMMARY_SUFFIXES)


def read_list(list_file: str) -> list[str]:
    """One path a line; blank lines and lines starting with # are skipped."""
    try:
        with open(list_file, encoding="utf-8-sig") as handle:
            return [line.strip() for line in handle if line.strip() and not line.lstrip().startswith("#")]
    except OSError as exc:
        raise InputError(f"无法读取路径列表（{exc.strerror or exc}）", file=list_file) from None
    except UnicodeDecodeError:
        raise InputError("路径列表应为 UTF-8 文本，每行一个路径", file=list_file) from None


def discover(paths, from_list: str | None = None) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """(form files, [(argument, why it names nothing)], summary files)."""
    wanted = list(paths)
    if from_list:
        wanted += read_list(from_list)
    found = discover_files(wanted, recursive=True)
    files, summaries = set(), set()
    for path in found.files:
        (summaries if is_summary(Path(path).name) else files).add(path)
    missing = sorted({(p.file or "", str(p)) for p in found.problems})
    return sorted(files), missing, sorted(summaries)
