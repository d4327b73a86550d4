"""Rulesets by fiscal year: pick a jurisdiction's built-in ruleset for a form's year, and say so.

A bureau issues one ruleset per jurisdiction and period (`years:`); a batch of forms spans years.
`evaluate --jurisdiction 湖北省武汉市` picks, per form, the ruleset whose years contain the form's
year, and every pick — or a named ruleset that does not cover the year — is reported in a note.
"""

from __future__ import annotations

from dataclasses import dataclass

from scorer.errors import InputError
from scorer.rules.ruleset import Ruleset, RulesetLoader


@dataclass(frozen=True)
class ByJurisdiction:
    """`--jurisdiction NAME`: choose among the built-in rulesets by jurisdiction and the form's year."""
    name: str


def _plain(text: str | None) -> str:
    return "".join((text or "").split())


def pick_by_jurisdiction(loader: RulesetLoader, name: str, year: int | None,
                         file: str) -> tuple[Ruleset, str]:
    wanted = _plain(name)
    searched = "规则集（内置的与规则集文件夹中的）" if loader.dirs else "内置规则集"
    every = [loader.load(rid) for rid in loader.known_ids()]
    candidates = [rs for rs in every if wanted and wanted in _plain(rs.jurisdiction)]
    if not candidates:
        known = "、".join(sorted({rs.jurisdiction for rs in every if rs.jurisdiction}))
        raise InputError(f"没有地区为“{name}”的{searched}；已有地区：{known}（或用 --ruleset 指定规则集，"
                         "或用 --rules-dir 给出本地规则集所在的文件夹）", file=file)
    if len({rs.jurisdiction for rs in candidates}) > 1:
        names = "、".join(sorted({rs.jurisdiction for rs in candidates}))
        raise InputError(f"地区“{name}”不明确，可指：{names}；请写完整的地区名称", file=file)
    if year is None:
        raise InputError(f"表中未填预算年度，无法按年度选择“{name}”的规则集；请填写 project.year，"
                         "或用 --ruleset 指定规则集", file=file, path="project.year")
    fitting = [rs for rs in candidates if rs.applies_to(year)]
    if not fitting:
        listed = "、".join(f"{rs.id}（{rs.describe_years()}）" for rs in candidates)
        raise InputError(f"“{candidates[0].jurisdiction}”的{searched}都不适用于 {year} 年度：{listed}；"
                         "请用 --ruleset 指定规则集", file=file, path="project.year")
    best = max(fitting, key=lambda rs: (rs.years[0] or 0, rs.id))     # the latest start is the most specific
    ruleset = loader.load(best.id, None, year)
    note = (f"按地区“{ruleset.jurisdiction}”与预算年度 {year} 选用规则集 {ruleset.id}"
            f"（适用 {ruleset.describe_years()} 年度）")
    return ruleset, "；".join([note, *_change_notes(ruleset)])


def _change_notes(ruleset: Ruleset) -> list[str]:
    return [f"按预算年度 {ruleset.year} 合并规则集变更：{c.describe()}" for c in ruleset.applied_changes()]


def _fitting_elsewhere(loader: RulesetLoader | None, ruleset: Ruleset, year: int) -> str | None:
    """The id `--jurisdiction` would pick for this year, or None when that command would fail."""
    if loader is None or not ruleset.jurisdiction:
        return None
    try:
        every = [loader.load(rid) for rid in loader.known_ids()]
    except InputError:
        return None
    same = [rs for rs in every if _plain(rs.jurisdiction) == _plain(ruleset.jurisdiction)]
    wanted = _plain(ruleset.jurisdiction)
    near = {rs.jurisdiction for rs in every if wanted in _plain(rs.jurisdiction)}
    fitting = [rs for rs in same if rs.applies_to(year)]
    if len(near) != 1 or not fitting:
        return None
    return max(fitting, key=lambda rs: (rs.years[0] or 0, rs.id)).id


def _argument(text: str) -> str:
    return text if text and not any(ch.isspace() or ch in "\"'$`;&|<>" for ch in text) else f'"{text}"'


def year_note(ruleset: Ruleset, year: int | None, loader: RulesetLoader | None = None) -> str | None:
    """What a reader must know about a named ruleset and this form's year, or None.

    A hint names a command only when it works: `--jurisdiction` is suggested only if it would find
    a ruleset of the same jurisdiction for this year (else the `--ruleset` that fits, or nothing)."""
    notes = []
    if year is not None and not ruleset.applies_to(year):
        better = _fitting_elsewhere(loader, ruleset, year)
        hint = (f"；可用 --jurisdiction {_argument(ruleset.jurisdiction)} 按年度自动选择（将选用 {better}）"
                if better else "；没有找到适用于该年度的同地区规则集")
        notes.append(f"注意：规则集 {ruleset.id} 适用于 {ruleset.describe_years()} 年度，"
                     f"本表为 {year} 年度{hint}")
    if year is None and ruleset.changes:
        notes.append("注意：表中未填预算年度（project.year），规则集中按年度的变更（changes）均未合并")
    notes += _change_notes(ruleset)
    return "；".join(notes) or None
