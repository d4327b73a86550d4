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
from pathlib import Path

from scorer.errors import InputError
from scorer.fastpath import fast_paths_enabled
from scorer.forms.readcache import CachedReader
from scorer.forms.reading import ValueReader
from scorer.forms.schema import load_schema, validate
from scorer.forms.yamlsafe import DEFAULT_MAX_BYTES, Document, load_yaml_file
from scorer.rules import paths
from scorer.rules.checks import first_error
from scorer.rules.formula import Formula, compile_formula
from scorer.rules.keys import COMPLETIONS, DIRECTIONS, FORMULA_KINDS, REQUIRED_KEYS, get_path  # noqa: F401
from scorer.rules.merged import Merged
from scorer.rules.slips import with_hint
from scorer.rules.paths import builtin_dir, builtin_ids, is_id  # noqa: F401  (re-exported)


MAX_EXTENDS_DEPTH = 32           # a real chain is 2–4 files; a deeper one is a mistake or an attack
_UNKNOWN = object()              # Ruleset.origin: not looked up yet (None is an answer)


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
    score_vs_execution: Decimal | None = None     # risk: (score rate − execution rate) ÷ score rate > this %
    unexecuted_above: Decimal | None = None       # risk: more than this % of the budget unexecuted
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
    # facts computed from the rules alone, remembered (see `derived`); origin() answers among them
    _derived: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def source_file(self) -> str:
        return self.files[-1]

    @property
    def parent(self) -> str | None:
        """The `extends` of the ruleset's own file (the merged data drops it)."""
        return self.documents[self.files[-1]].data.get("extends")

    def origin(self, *path) -> str | None:
        """'file:line' that gave the value at `path` (for explanations)."""
        known = self._derived.get(path, _UNKNOWN)      # a tuple: never one of `derived`'s names
        if known is not _UNKNOWN:
            return known
        entry = self.provenance.get(path)
        text = None if entry is None else f"{entry[0]}:{entry[1]}" if entry[1] else entry[0]
        self._derived[path] = text
        return text

    def derived(self, key, build):
        """`build(self)`, computed once per ruleset and remembered under `key` (a name: `origin` keeps
        its answers there under their paths, which are tuples): scoring asks the same questions of the
        rules for every form of a batch (which blocks carry points).  Only for facts that depend on
        the rules alone — a ruleset is not changed once loaded."""
        try:
            return self._derived[key]
        except KeyError:
            value = self._derived[key] = build(self)
            return value

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


def not_a_ruleset(document: Document) -> InputError | None:
    """A file that is no ruleset at all (a form, /etc/passwd): said without quoting its content."""
    if not isinstance(document.data, dict):
        return InputError("规则集文件应是键值表（mapping），以 id: 开头", file=document.source)
    known = load_schema("ruleset")["properties"]
    if not any(isinstance(key, str) and key in known for key in document.data):
        return InputError("这不是规则集文件：其中没有任何规则集的键（如 id:、extends:、formulas:）；"
                          "请检查路径是否指向了规则集", file=document.source)
    return None


class RulesetLoader:
    """Resolves and caches rulesets, so a batch loads each one once.

    `rules_dirs`: folders searched for ruleset ids after the built-ins (`--rules-dir`; a built-in id
    always means the shipped file), followed by the folders in PERFSCORE_RULES."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES, rules_dirs=()):
        self.max_bytes = max_bytes
        self.rules_dirs = tuple(map(str, rules_dirs))
        self.dirs = paths.search_dirs(self.rules_dirs)
        self._cache: dict[tuple, Ruleset] = {}
        self._by_ref: dict[tuple, Ruleset] = {}     # (ref, base_dir, year) → ruleset: skips resolve()
        self._available: list[paths.RulesetFile] | None = None

    def resolve(self, ref: str, base_dir=None, *, key: str = "ruleset",
                relative_to: str = "当前文件夹") -> tuple[str, str]:
        """(path to read, display name) for a ruleset id or a path; InputError if there is none."""
        entries = self.available() if paths.is_id(ref) else None
        return paths.resolve(ref, base_dir, self.dirs, key=key, relative_to=relative_to, entries=entries)

    def available(self) -> list[paths.RulesetFile]:
        """Listed once per loader (a batch resolves the same ids thousands of times)."""
        if self._available is None:
            self._available = paths.available(self.dirs)
        return self._available

    def known_ids(self) -> list[str]:
        """Every id `ruleset:` and `--jurisdiction` can use, the first of each id in search order."""
        return list(dict.fromkeys(entry.id for entry in self.available()))

    def load(self, ref: str, base_dir=None, year: int | None = None, *,
             relative_to: str = "当前文件夹") -> Ruleset:
        """The compiled ruleset; with `year`, the `changes` that take effect by then are applied."""
        fast = fast_paths_enabled()
        if fast:
            ref_key = (ref, None if paths.is_id(ref) else str(base_dir), year)
            hit = self._by_ref.get(ref_key)
            if hit is not None:
                return hit
        path, display = self.resolve(ref, base_dir, relative_to=relative_to)
        key = (os.path.abspath(path), year)
        if key not in self._cache:
            self._cache[key] = compile_ruleset(self.merge(path, display, year))
        if fast:
            self._by_ref[ref_key] = self._cache[key]
        return self._cache[key]

    def read(self, path: str, display: str) -> Document:
        """One ruleset file, refused if it is not a ruleset or breaks the schema."""
        try:
            document = load_yaml_file(path, max_bytes=self.max_bytes, display_name=display)
        except InputError as exc:
            raise with_hint(exc, path) from None
        problem = not_a_ruleset(document)
        if problem is not None:
            raise problem
        try:
            validate(document, "ruleset")
        except InputError as exc:
            raise with_hint(exc, path, document) from None
        return document

    def chain(self, path: str, display: str) -> list[tuple[str, Document]]:
        """[(display, Document), …] from the root ancestor down to `path`, following `extends`."""
        chain = [(display, self.read(path, display))]
        trail = [(os.path.abspath(path), display)]
        here = Path(path).parent
        while True:
            document = chain[0][1]
            parent = document.data.get("extends")
            if not parent:
                return chain
            try:
                parent_path, parent_display = self.resolve(parent, here, key="extends",
                                                           relative_to="本规则集文件所在的文件夹")
            except InputError as exc:
                raise document.error(exc.message, ("extends",)) from None
            keys = [k for k, _ in trail]
            if os.path.abspath(parent_path) in keys:
                loop = [d for _, d in trail[keys.index(os.path.abspath(parent_path)):]]
                raise document.error(f"extends 形成循环：{' → '.join([*loop, parent_display])}；"
                                     "继承不能绕回自身，请删去其中一处 extends", ("extends",))
            if len(chain) >= MAX_EXTENDS_DEPTH:
                raise document.error(f"extends 继承层数过多：超过 {MAX_EXTENDS_DEPTH} 层（从 {display} 起）；"
                                     "实际的规则集通常只有 2–4 层，请合并中间的规则集", ("extends",))
            chain.insert(0, (parent_display, self.read(parent_path, parent_display)))
            trail.append((os.path.abspath(parent_path), parent_display))
            here = Path(parent_path).parent

    def merge(self, path: str, display: str, year: int | None = None) -> Merged:
        """The effective data after `extends`, not yet compiled.

        Each file's `changes` for `year` are merged right after that file, so a child still
        overrides a value its parent changed.  `tests` are not inherited: they test one file.
        """
        chain = self.chain(path, display)
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
        return Merged(merged, tuple(s for s, _ in chain), provenance, documents, tuple(changes), year)


def _dec(value) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(value)


def compile_ruleset(merged: Merged) -> Ruleset:
    """The scoring form of a merged ruleset; refused with the first error `rules check` would report."""
    error = first_error(merged)
    if error is not None:
        raise error
    data = merged.data
    formulas = {path: compile_formula(get_path(data, path), kind) for path, kind in FORMULA_KINDS.items()}
    bands = {}
    for name in COMPLETIONS:
        low, high = (_dec(x) for x in data["qualitative"]["bands"][name])
        bands[name] = (low / 100, high / 100)
    words = {name: tuple(get_path(data, ("qualitative", "words", name)) or ()) for name in COMPLETIONS}
    grades = tuple(Grade(g["grade"], _dec(g["min"])) for g in data["grades"])
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
        id=data["id"], data=data, files=merged.files, provenance=merged.provenance,
        documents=merged.documents,
        version=str(data.get("version", "")), title=data.get("title", ""),
        jurisdiction=data.get("jurisdiction", ""),
        years=(years.get("from"), years.get("to")),
        sources=tuple(data.get("sources") or ()), citations=dict(data.get("citations") or {}),
        total=_dec(data["total"]), tolerance=_dec(data.get("tolerance", Decimal("0.01"))),
        rate_tolerance=_dec(data.get("rate_tolerance", Decimal("0.01"))),
        score_vs_execution=_dec(risk.get("score_vs_execution")),
        unexecuted_above=_dec(risk.get("unexecuted_above")),
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
        year=merged.year, changes=merged.changes,
    )
