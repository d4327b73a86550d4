"""Which files a command line means: files as given, folders as every form file in them, patterns expanded.

A Windows shell passes `forms/*.yaml` through unexpanded, and an auditor points at a folder of forms
rather than listing them, so perfscore expands both itself.  `evaluate` and the batch commands share
this one function, so "a folder of forms" means the same thing everywhere.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from pathlib import Path

from scorer.errors import InputError, os_error_text

# Suffixes of the files a folder or pattern contributes (lower case).  A file named explicitly is
# always taken, whatever its suffix; workbook formats join this set when they can be read.
FORM_SUFFIXES = frozenset({".yaml", ".yml", ".xlsx", ".xlsm", ".xls"})

_MAGIC = frozenset("*?[")


@dataclass
class Discovered:
    """The files to evaluate, in argument order (a folder's or pattern's files sorted by name), and
    one InputError per argument that named nothing to evaluate."""
    files: list[str] = field(default_factory=list)
    problems: list[InputError] = field(default_factory=list)


def is_pattern(arg: str) -> bool:
    return any(ch in _MAGIC for ch in arg)


def _is_form(path: Path, suffixes) -> bool:
    return path.is_file() and path.suffix.lower() in suffixes and not path.name.startswith((".", "~$"))


def _folder(arg: str, recursive: bool, suffixes) -> list[str]:
    """The form files in a folder (and its subfolders), named from `arg`: hidden files and folders
    skipped, symbolic links to files taken, links to folders not followed, unreadable subfolders
    passed over — one directory scan per folder (a province's folder holds tens of thousands)."""
    found: list[str] = []
    pending = [arg]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            if folder == arg:
                raise
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_file():
                    if not name.startswith("~$") and os.path.splitext(name)[1].lower() in suffixes:
                        found.append(os.path.join(folder, name))
                elif recursive and entry.is_dir(follow_symlinks=False):
                    pending.append(os.path.join(folder, name))
            except OSError:
                continue
    return sorted(found)


def discover(args, recursive: bool = False, suffixes=FORM_SUFFIXES) -> Discovered:
    """Expand command-line arguments into form files.

    - an existing folder: every form file in it (with `recursive`, in its subfolders too; hidden
      files and folders are skipped);
    - a pattern (`*`, `?`, `[…]`, `**` with `recursive`) that is not itself an existing path:
      the form files it matches;
    - anything else is taken as a file name as given (a missing file is reported when it is read).
    """
    out = Discovered()
    for arg in args:
        if os.path.isdir(arg):
            try:
                files = _folder(arg, recursive, suffixes)
            except OSError as exc:
                out.problems.append(InputError(f"无法读取文件夹（{os_error_text(exc)}）", file=arg))
                continue
            if not files:
                kinds = "、".join(sorted(suffixes))
                where = "及其子文件夹" if recursive else ""
                hint = "" if recursive else "；子文件夹中的表请加 --recursive"
                out.problems.append(InputError(f"文件夹{where}中没有自评表文件（{kinds}）{hint}", file=arg))
            out.files += files
        elif is_pattern(arg) and not os.path.exists(arg):
            files = sorted(p for p in glob.glob(arg, recursive=recursive) if _is_form(Path(p), suffixes))
            if not files:
                out.problems.append(InputError("没有与此模式匹配的自评表文件", file=arg))
            out.files += files
        else:
            out.files.append(arg)
    return out
