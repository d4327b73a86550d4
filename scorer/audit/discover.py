"""Which files an audit reads: files, folders (recursive), glob patterns, or a list file.

Kept behind one function (`discover`) so a shared discovery module can replace it without touching
the run.  Paths come back sorted and without repeats; a path that matches nothing is returned with
its reason, so it becomes a broken row instead of stopping the run.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path

FORM_SUFFIXES = (".yaml", ".yml")
SUMMARY_SUFFIXES = ("summary.yaml", "summary.yml")    # summary.yaml, 000-summary.yaml: 绩效自评情况汇总表


def read_list(list_file: str) -> list[str]:
    """One path a line; blank lines and lines starting with # are skipped."""
    with open(list_file, encoding="utf-8-sig") as handle:
        return [line.strip() for line in handle if line.strip() and not line.lstrip().startswith("#")]


def is_summary(name: str) -> bool:
    """summary.yaml, or a name ending in -summary.yaml / _summary.yaml / .summary.yaml."""
    lower = name.lower()
    return any(lower == s or lower.endswith(("-" + s, "_" + s, "." + s)) for s in SUMMARY_SUFFIXES)


def _is_form(path: Path) -> bool:
    return path.suffix.lower() in FORM_SUFFIXES and not is_summary(path.name) and not path.name.startswith(".")


def discover(paths, from_list: str | None = None) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """(form files, [(path, why it is unusable)], summary.yaml files found in the folders)."""
    wanted = list(paths)
    if from_list:
        wanted += read_list(from_list)
    files: set[str] = set()
    missing: list[tuple[str, str]] = []
    summaries: set[str] = set()
    for item in wanted:
        p = Path(item)
        if p.is_dir():
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in names:
                    candidate = Path(root) / name
                    if is_summary(name):
                        summaries.add(str(candidate))
                    elif _is_form(candidate):
                        files.add(str(candidate))
        elif p.is_file():
            if is_summary(p.name):
                summaries.add(str(p))
            else:
                files.add(str(p))
        elif any(ch in item for ch in "*?["):
            matched = [m for m in glob.glob(item, recursive=True) if Path(m).is_file()]
            if not matched:
                missing.append((item, f"{item}: 没有匹配的文件"))
            for m in matched:
                (summaries if is_summary(Path(m).name) else files).add(m)
        else:
            missing.append((item, f"{item}: 文件或文件夹不存在"))
    return sorted(files), sorted(missing), sorted(summaries)
