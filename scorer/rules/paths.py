"""Where a ruleset is: a ruleset id or a path, resolved once for forms, `extends` and the command line.

An id (`wuhan-2023`) is looked up among the built-in rulesets, then in the folders a bureau
names — `--rules-dir DIR` (repeatable), then the `PERFSCORE_RULES` variable (folders separated
like PATH); the first that has `<id>.yaml` wins.  Built-ins come first so that a shipped id
always means the shipped file (and the built-ins' own `extends` cannot be redirected by a local
folder).  A path is taken relative to the file that
names it.  Every way a path can fail (missing, too long, not readable, a folder) becomes one
Chinese sentence naming who referred to it, never an OS traceback.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from scorer.errors import InputError, os_error_text
from scorer.fastpath import fast_paths_enabled

ENV_VARIABLE = "PERFSCORE_RULES"



def builtin_dir():
    return resources.files("scorer.builtin")


def builtin_ids() -> list[str]:
    if fast_paths_enabled():
        return list(_builtin_ids())
    return sorted(p.name[:-5] for p in builtin_dir().iterdir() if p.name.endswith(".yaml"))


@cache
def _builtin_ids() -> tuple[str, ...]:
    """The installed built-in rulesets: listed once per process, not once per form."""
    return tuple(sorted(p.name[:-5] for p in builtin_dir().iterdir() if p.name.endswith(".yaml")))


def is_id(ref: str) -> bool:
    """`wuhan-2023` is an id; `rules/x.yaml`, `x.yaml` and `../x` are paths."""
    return "/" not in ref and "\\" not in ref and not ref.endswith((".yaml", ".yml"))


def os_reason(exc: OSError) -> str:
    """An OS error met while reading a ruleset, in Chinese (never the English strerror): the one errno
    table in scorer.errors, with a refused permission said as what it is here, a read."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "没有读取权限"
    return os_error_text(exc)


@dataclass(frozen=True)
class RulesetFile:
    """One ruleset an id can name: where it is and how messages show it."""
    id: str
    path: str
    display: str
    folder: str | None          # the --rules-dir/PERFSCORE_RULES folder, None for a built-in


def search_dirs(rules_dirs=(), environ=None) -> tuple[str, ...]:
    """--rules-dir folders first, then PERFSCORE_RULES, in the order given."""
    environ = os.environ if environ is None else environ
    from_env = [d for d in (environ.get(ENV_VARIABLE) or "").split(os.pathsep) if d]
    return tuple(dict.fromkeys([*map(str, rules_dirs), *from_env]))


def _yaml_files(folder: str) -> list[str]:
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        raise InputError(f"规则集文件夹 “{folder}” 无法读取（{os_reason(exc)}）；"
                         f"请检查 --rules-dir 或 {ENV_VARIABLE}") from None
    return [n for n in names if n.endswith(".yaml") and is_id(n[:-5])]


def available(dirs=()) -> list[RulesetFile]:
    """Every ruleset an id can name, search order (a later one with the same id is shadowed)."""
    found = [RulesetFile(rid, str(builtin_dir().joinpath(f"{rid}.yaml")), f"rules/{rid}.yaml", None)
             for rid in builtin_ids()]
    found += [RulesetFile(name[:-5], os.path.join(folder, name), os.path.join(folder, name), folder)
              for folder in dirs for name in _yaml_files(folder)]
    return found


def find_id(ref: str, dirs=(), entries: list[RulesetFile] | None = None) -> RulesetFile:
    """The ruleset an id names; `entries` is `available(dirs)` when the caller already listed it."""
    entries = available(dirs) if entries is None else entries
    for entry in entries:
        if entry.id == ref:
            return entry
    known = "、".join(builtin_ids())
    own = sorted({e.id for e in entries if e.folder is not None})
    extra = f"；规则集文件夹中的规则集：{'、'.join(own)}" if own else ""
    raise InputError(f"未知的规则集 “{ref}”；内置规则集：{known}{extra}（或给出规则集文件路径）")


def check_readable(path: str, ref: str, key: str, relative_to: str) -> None:
    """Refuse, in one Chinese sentence, a ruleset path that cannot be opened as a file."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{key} 指向的文件不存在：{ref}（规则集文件不存在于 {path}；"
                         f"路径相对于{relative_to}）") from None
    except OSError as exc:
        raise InputError(f"{key} 指向的规则集文件无法读取（{os_reason(exc)}）") from None
    except ValueError:               # an embedded NUL
        raise InputError(f"{key} 指向的规则集路径中有无效字符") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{key} 指向的是一个文件夹，不是规则集文件：{ref}")


def resolve(ref: str, base_dir=None, dirs=(), *, key: str = "ruleset",
            relative_to: str = "当前文件夹", entries: list[RulesetFile] | None = None) -> tuple[str, str]:
    """(path to read, display name) of a ruleset id or path; InputError if there is none.

    `key` and `relative_to` say who named it ("extends", "本规则集文件所在的文件夹"), so the one
    "not found" sentence reads right for forms, `extends` and the command line alike."""
    if not isinstance(ref, str) or not ref.strip():
        raise InputError(f"{key} 应是规则集 id 或规则集文件路径")
    if is_id(ref):
        entry = find_id(ref, dirs, entries)
        return entry.path, entry.display
    path = Path(ref)
    if not path.is_absolute() and base_dir is not None:
        path = Path(base_dir) / path
    check_readable(str(path), ref, key, relative_to)
    return str(path), str(path)
