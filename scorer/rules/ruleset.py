"""Rulesets: YAML files a finance bureau writes, resolved through `extends` and compiled once.

A ruleset file may override any part of the one it extends; mappings merge key by key, every
other value (lists included) replaces.  We remember which file gave each value (for
`rules show` and explanations) and compile every formula and word list once, so scoring many
forms costs no parsing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path

from scorer.errors import InputError
from scorer.fastpath import fast_paths_enabled
from scorer.rules.formula import Formula, FormulaError, compile_formula
from scorer.forms.schema import validate
from scorer.forms.reading import ValueReader
from scorer.forms.readcache import CachedReader
from scorer.forms.yamlsafe import DEFAULT_MAX_BYTES, Document, load_yaml_file

DIRECTIONS = ("positive", "negative", "exact")
COMPLETIONS = ("achieved", "partial", "missed")
REQUIRED_KEYS = (
    ("total",), ("budget", "weight"), ("budget", "formula"), ("indicators", "weight"),
    ("formulas", "positive"), ("formulas", "negative"), ("formulas", "exact"), ("formulas", "deadline"),
    ("qualitative", "bands", "achieved"), ("qualitative", "bands", "partial"),
    ("qualitative", "bands", "missed"), ("grades",),
)
FORMULA_KINDS = {
    ("budget", "formula"): "budget",
    ("formulas", "positive"): "indicator",
    ("formulas", "negative"): "indicator",
    ("formulas", "exact"): "indicator",
    ("formulas", "deadline"): "deadline",
}


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


def is_builtin_ref(ref: str) -> bool:
    return "/" not in ref and "\\" not in ref and not ref.endswith((".yaml", ".yml"))


@dataclass(frozen=True)
class BlockRule:
    weight: Decimal | None = None
    required: bool = False
    direction: str | None = None
    level2: tuple[str, ...] = ()       # 二级指标 labels that belong to this block (taxonomy)


@dataclass(frozen=True)
class Grade:
    grade: str
    min: Decimal


@dataclass
class Ruleset:
    """The effective ruleset after `extends`, with formulas compiled."""
    id: str
    data: dict
    files: tuple[str, ...]
    provenance: dict = field(repr=False)
    documents: dict = field(repr=False)
    version: str = ""
    title: str = ""
    jurisdiction: str = ""
    years: tuple[int | None, int | None] = (None, None)
    sources: tuple[str, ...] = ()
    citations: dict = field(default_factory=dict)
    total: Decimal = Decimal(100)
    tolerance: Decimal = Decimal("0.01")
    rate_tolerance: Decimal = Decimal("0.01")     # percentage points, for a printed 执行率
    score_vs_execution: Decimal | None = None     # risk: score rate above execution rate by > this (points)
    places: int | None = 2
    budget_weight: Decimal = Decimal(0)
    budget_formula: Formula | None = None
    goals_scored: bool = False
    goals_weight: Decimal | None = None
    indicators_weight: Decimal = Decimal(0)
    missing_weights: tuple[str, ...] = ()
    over_achievement: Decimal | None = None
    blocks: dict = field(default_factory=dict)
    default_direction: str = "positive"
    formulas: dict = field(default_factory=dict)
    bands: dict = field(default_factory=dict)
    words: dict = field(default_factory=dict)
    deadline_target_words: tuple[str, ...] = ()
    deadline_met_words: tuple[str, ...] = ()
    deadline_missed_words: tuple[str, ...] = ()
    grades: tuple[Grade, ...] = ()
    severities: dict = field(default_factory=dict)
    tests: list = field(default_factory=list)
    reader: ValueReader | None = field(default=None, repr=False)
    year: int | None = None                       # the budget year `changes` were applied for
    changes: tuple = ()                           # every Change declared along the extends chain

    @property
    def source_file(self) -> str:
        return self.files[-1]

    @property
    def parent(self) -> str | None:
        """The `extends` of the ruleset's own file (the merged data drops it)."""
        return self.documents[self.files[-1]].data.get("extends")

    def origin(self, *path) -> str | None:
        """'file:line' that gave the value at `path` (for explanations)."""
        entry = self.provenance.get(tuple(path))
        if entry is None:
            return None
        file, line = entry
        return f"{file}:{line}" if line else file

    def citation(self, key: str) -> str | None:
        return self.citations.get(key)

    def grade_of(self, score: Decimal | None) -> str | None:
        if score is None:
            return None
        for grade in self.grades:
            if score >= grade.min:
                return grade.grade
        return None

    def applies_to(self, year: int | None) -> bool:
        low, high = self.years
        if year is None:
            return True
        return (low is None or year >= low) and (high is None or year <= high)

    def block_rule(self, *names) -> BlockRule | None:
        for name in names:
            if name and name in self.blocks:
                return self.blocks[name]
        return None

    def applied_changes(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.applies_to(self.year))

    def describe_years(self) -> str:
        low, high = self.years
        if low is None and high is None:
            return "不限"
        return f"{low or ''}–{high or ''}"


@dataclass(frozen=True)
class Change:
    """A `changes:` entry: values that take effect from a budget year on (e.g. a new weight)."""
    year: int
    source: str
    index: int
    keys: tuple[str, ...]           # dotted paths of the values it sets, for notes

    def applies_to(self, year: int | None) -> bool:
        return year is not None and year >= self.year

    def describe(self) -> str:
        return f"{self.year} 年起：{'、'.join(self.keys)}（{self.source} changes[{self.index}]）"


def _merge(base: dict, override: dict, source: str, document: Document, provenance: dict, prefix=(),
           at=()) -> dict:
    """Merge `override` into `base`; `at` is where `override` sits in `document` (for changes)."""
    out = dict(base)
    for key, value in override.items():
        path = prefix + (key,)
        if isinstance(value, dict) and isinstance(out.get(key), dict) and key not in ("findings",):
            out[key] = _merge(out[key], value, source, document, provenance, path, at)
        else:
            out[key] = value
            for stale in [p for p in provenance if p[:len(path)] == path]:
                del provenance[stale]
            _record(value, path, source, document, provenance, at)
    return out


def _record(value, path, source, document, provenance, at=()):
    if isinstance(value, dict) and value:
        for key, sub in value.items():
            _record(sub, path + (key,), source, document, provenance, at)
    else:
        pos = document.position(at + path)
        provenance[path] = (source, pos[0] if pos else None)


def _leaves(value, prefix=()) -> list[str]:
    if isinstance(value, dict) and value:
        return [p for key, sub in value.items() for p in _leaves(sub, (*prefix, key))]
    return [".".join(prefix)]


class RulesetLoader:
    """Resolves and caches rulesets, so a batch loads each one once."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES):
        self.max_bytes = max_bytes
        self._cache: dict[str, Ruleset] = {}
        self._by_ref: dict[tuple, Ruleset] = {}     # (ref, base_dir, year) → ruleset: skips resolve()

    def resolve(self, ref: str, base_dir: str | os.PathLike | None = None) -> tuple[str, str]:
        """(absolute-ish path to read, display name) for a built-in id or a path."""
        if is_builtin_ref(ref):
            if ref not in builtin_ids():
                raise InputError(f"未知的规则集 “{ref}”；内置规则集：{'、'.join(builtin_ids())}"
                                 "（或给出规则集文件路径）")
            return str(builtin_dir().joinpath(f"{ref}.yaml")), f"rules/{ref}.yaml"
        path = Path(ref)
        if not path.is_absolute() and base_dir is not None:
            path = Path(base_dir) / path
        return str(path), str(path)

    def load(self, ref: str, base_dir=None, year: int | None = None) -> Ruleset:
        """The compiled ruleset; with `year`, the `changes` that take effect by then are applied."""
        fast = fast_paths_enabled()
        if fast:
            ref_key = (ref, None if is_builtin_ref(ref) else str(base_dir), year)
            hit = self._by_ref.get(ref_key)
            if hit is not None:
                return hit
        path, display = self.resolve(ref, base_dir)
        key = (os.path.abspath(path), year)
        if key not in self._cache:
            self._cache[key] = compile_ruleset(*self.merge(path, display, year))
        if fast:
            self._by_ref[ref_key] = self._cache[key]
        return self._cache[key]

    def _read_chain(self, path: str, display: str, seen: tuple = ()):
        """[(display, Document), …] from the root ancestor down to `path`; `seen`: (abspath, display)."""
        document = load_yaml_file(path, max_bytes=self.max_bytes, display_name=display)
        if not isinstance(document.data, dict):
            raise document.error("规则集文件应是键值表（mapping），以 id: 开头")
        validate(document, "ruleset")
        parent = document.data.get("extends")
        chain = []
        if parent:
            try:
                parent_path, parent_display = self.resolve(parent, Path(path).parent)
            except InputError as exc:
                raise document.error(exc.message, ("extends",)) from None
            if not is_builtin_ref(parent) and not os.path.exists(parent_path):
                raise document.error(f"extends 指向的文件不存在：{parent}", ("extends",))
            trail = (*seen, (os.path.abspath(path), display))
            keys = [k for k, _ in trail]
            if os.path.abspath(parent_path) in keys:
                loop = [d for _, d in trail[keys.index(os.path.abspath(parent_path)):]] + [parent_display]
                raise document.error(f"extends 形成循环：{' → '.join(loop)}；"
                                     "继承不能绕回自身，请删去其中一处 extends", ("extends",))
            chain = self._read_chain(parent_path, parent_display, trail)
        return chain + [(display, document)]

    def merge(self, path: str, display: str, year: int | None = None):
        """(data, files, provenance, documents, changes, year) after `extends`, not yet compiled.

        Each file's `changes` for `year` are merged right after that file, so a child still
        overrides a value its parent changed.  `tests` are not inherited: they test one file.
        """
        chain = self._read_chain(path, display, ())
        provenance: dict = {}
        merged: dict = {}
        changes = []
        for source, document in chain:
            data = {k: v for k, v in document.data.items() if k not in ("extends", "changes")}
            if source != chain[-1][0]:
                data.pop("tests", None)
            merged = _merge(merged, data, source, document, provenance)
            for index, entry in enumerate(document.data.get("changes") or ()):
                change = Change(entry["from"], source, index, tuple(_leaves(entry["set"])))
                changes.append(change)
                if change.applies_to(year):
                    merged = _merge(merged, entry["set"], source, document, provenance,
                                    at=("changes", index, "set"))
        documents = {source: doc for source, doc in chain}
        return merged, tuple(s for s, _ in chain), provenance, documents, tuple(changes), year


def _locate(provenance, documents, path, message) -> InputError:
    """An InputError pointing at the file and line that supplied `path` (or its nearest parent)."""
    probe = tuple(path)
    while probe:
        if probe in provenance:
            source, _ = provenance[probe]
            return documents[source].error(message, tuple(path))
        matches = [p for p in provenance if p[:len(probe)] == probe]
        if matches:
            source, _ = provenance[matches[0]]
            return documents[source].error(message, tuple(path))
        probe = probe[:-1]
    last = list(documents)[-1]
    return documents[last].error(message, tuple(path))


def get_path(data, path):
    """The value at a key path in nested mappings, or None."""
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _dec(value) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(value)


def compile_ruleset(data: dict, files, provenance, documents, changes=(), year=None) -> Ruleset:
    def fail(path, message):
        return _locate(provenance, documents, path, message)

    for path in REQUIRED_KEYS:
        if get_path(data, path) is None:
            raise fail(path, f"缺少 {'.'.join(path)}（继承链中没有任何文件给出）")

    formulas = {}
    for path, kind in FORMULA_KINDS.items():
        try:
            formulas[path] = compile_formula(get_path(data, path), kind)
        except FormulaError as exc:
            raise fail(path, f"公式错误：{exc}") from None

    bands = {}
    for name in COMPLETIONS:
        low, high = (_dec(x) for x in data["qualitative"]["bands"][name])
        if low > high:
            raise fail(("qualitative", "bands", name), f"档位下限 {low}% 大于上限 {high}%")
        bands[name] = (low / 100, high / 100)

    words = {name: tuple(get_path(data, ("qualitative", "words", name)) or ()) for name in COMPLETIONS}
    grades = tuple(Grade(g["grade"], _dec(g["min"])) for g in data["grades"])
    if list(grades) != sorted(grades, key=lambda g: -g.min):
        raise fail(("grades",), "等次应按最低分从高到低排列")
    blocks = {name: BlockRule(_dec(rule.get("weight")), bool(rule.get("required", False)),
                              rule.get("direction"), tuple(rule.get("level2") or ()))
              for name, rule in (data.get("blocks") or {}).items()}
    risk = data.get("risk") or {}
    indicators = data.get("indicators") or {}
    goals = data.get("goals") or {}
    deadline = data.get("deadline") or {}
    directions = data.get("directions") or {}
    years = data.get("years") or {}
    rounding = data.get("rounding", {"places": 2})
    over = indicators.get("over_achievement", 130)
    return Ruleset(
        id=data["id"], data=data, files=tuple(files), provenance=provenance, documents=documents,
        version=str(data.get("version", "")), title=data.get("title", ""),
        jurisdiction=data.get("jurisdiction", ""),
        years=(years.get("from"), years.get("to")),
        sources=tuple(data.get("sources") or ()), citations=dict(data.get("citations") or {}),
        total=_dec(data["total"]), tolerance=_dec(data.get("tolerance", Decimal("0.01"))),
        rate_tolerance=_dec(data.get("rate_tolerance", Decimal("0.01"))),
        score_vs_execution=_dec(risk.get("score_vs_execution")),
        places=None if rounding is None else rounding.get("places", 2),
        budget_weight=_dec(data["budget"]["weight"]), budget_formula=formulas[("budget", "formula")],
        goals_scored=bool(goals.get("scored", False)), goals_weight=_dec(goals.get("weight")),
        indicators_weight=_dec(indicators["weight"]),
        missing_weights=tuple(indicators.get("missing_weights") or ()),
        over_achievement=None if over is None else _dec(over) / 100,
        blocks=blocks, default_direction=directions.get("default", "positive"),
        formulas={name: formulas[("formulas", name)] for name in (*DIRECTIONS, "deadline")},
        bands=bands, words=words,
        deadline_target_words=tuple(deadline.get("target_words") or ()),
        deadline_met_words=tuple(deadline.get("met_words") or ()),
        deadline_missed_words=tuple(deadline.get("missed_words") or ()),
        grades=grades, severities={code: ("off" if level is False else level)
                    for code, level in (data.get("findings") or {}).items()}, tests=list(data.get("tests") or ()),
        reader=CachedReader(ValueReader(directions.get("comparator_words") or None)),
        year=year, changes=tuple(changes),
    )
