"""`rules check`: every problem in a ruleset, each with file:line:column, key path and a fix.

Loading (`RulesetLoader`) stops at the first error because scoring needs a whole ruleset; an
author fixing a file wants all of them at once, like yamllint.  So: YAML and schema problems of
the file (these stop that file — the rest would be guesses), then `extends`, then every
semantic check on the effective ruleset, once per year its `changes` take effect.
"""

from __future__ import annotations

import ast
import difflib
import itertools
import os
from dataclasses import dataclass
from decimal import Decimal

from scorer.codes import CODES
from scorer.errors import InputError, format_path
from scorer.rules.formula import FUNCTIONS, NAMES_BY_KIND, FormulaError, compile_formula
from scorer.rules.ruleset import COMPLETIONS, FORMULA_KINDS, REQUIRED_KEYS, RulesetLoader
from scorer.rules.ruleset import get_path as _get
from scorer.forms.schema import schema_problems
from scorer.forms.yamlsafe import load_yaml_file

LEVEL_NAMES = {"error": "错误", "warning": "警告"}
BAND_NAMES = {"achieved": "达成预期档", "partial": "部分达成档", "missed": "未达成档"}
WORD_LISTS = {"achieved": "达成预期词表", "partial": "部分达成词表", "missed": "未达成词表"}
EXAMPLE_VALUES = {
    ("total",): "100",
    ("budget", "weight"): "10",
    ("budget", "formula"): "weight * min(executed / planned, 1)",
    ("indicators", "weight"): "90",
    ("formulas", "positive"): "weight if actual >= target else weight * actual / target",
    ("formulas", "negative"): "weight if actual <= target else weight * target / actual",
    ("formulas", "exact"): ("weight if actual == target else "
                            "(0 if target == 0 else weight * min(actual / target, 1))"),
    ("formulas", "deadline"): "weight if met else 0",
    ("qualitative", "bands", "achieved"): "[80, 100]",
    ("qualitative", "bands", "partial"): "[50, 80]",
    ("qualitative", "bands", "missed"): "[0, 50]",
    ("grades",): ("[{grade: 优, min: 90}, {grade: 良, min: 80}, "
                  "{grade: 中, min: 60}, {grade: 差, min: 0}]"),
}


def _example(path) -> str:
    """'formulas: {positive: …}' — a line the author can paste."""
    text = EXAMPLE_VALUES[tuple(path)]
    for key in reversed(path[1:]):
        text = f"{{{key}: {text}}}"
    return f"{path[0]}: {text}"


# (kind, names for a target exactly met) → what a full-marks formula must give: the weight
FULL_MARKS = {
    ("budget", "formula"): {"weight": Decimal(10), "planned": Decimal(100), "executed": Decimal(100),
                            "rate": Decimal(1)},
    ("formulas", "positive"): {"weight": Decimal(10), "target": Decimal(5), "actual": Decimal(5)},
    ("formulas", "negative"): {"weight": Decimal(10), "target": Decimal(5), "actual": Decimal(5)},
    ("formulas", "exact"): {"weight": Decimal(10), "target": Decimal(5), "actual": Decimal(5)},
    ("formulas", "deadline"): {"weight": Decimal(10), "met": True},
}


@dataclass(frozen=True)
class Problem:
    """One problem, yamllint-style: where, which key, what is wrong and what would be right."""
    file: str
    line: int | None
    column: int | None
    path: str
    message: str
    level: str = "error"

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line, self.column) if p is not None)
        key = f"{self.path}: " if self.path else ""
        return f"{where}: [{LEVEL_NAMES[self.level]}] {key}{self.message}"


class Unreadable(Exception):
    """The file cannot be read at all (missing, unreadable, too big): a usage error, exit 2."""


def _problem(exc: InputError, level: str = "error") -> Problem:
    return Problem(exc.file or "<输入>", exc.line, exc.column, exc.path or "", exc.message, level)


def _n(value) -> str:
    value = Decimal(value) if not isinstance(value, Decimal) else value
    return f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}"


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return f"（是否想写 “{close[0]}”？）" if close else ""


class _Checker:
    """Semantic checks on one effective ruleset; problems located through provenance."""

    def __init__(self, data, provenance, documents, year=None):
        self.data, self.provenance, self.documents, self.year = data, provenance, documents, year
        self.problems: list[Problem] = []

    # -- locating -------------------------------------------------------------------------

    def locate(self, path) -> tuple[str, int | None, int | None]:
        """File, line and column of the value at `path` (or its nearest supplied relative)."""
        prov, path = self.provenance, tuple(path)
        probe = path
        while probe and probe not in prov:
            below = [p for p in prov if p[:len(probe)] == probe]
            if below:
                probe = path = min(below, key=lambda p: prov[p][1] or 0)
                break
            probe = probe[:-1]
        if not probe:
            source = list(self.documents)[-1]
            pos = self.documents[source].position(path) or (None, None)
            return source, pos[0], pos[1]
        source, line = prov[probe]
        document = self.documents[source]
        count = len(document.data.get("changes") or ()) if isinstance(document.data, dict) else 0
        for prefix in [(), *(("changes", i, "set") for i in range(count))]:
            pos = document.position(prefix + probe)
            if pos and pos[0] == line:
                return (source, *(document.position(prefix + path) or pos))
        return source, line, None

    def prefer(self, *paths):
        """The first of `paths` the checked file itself supplies: point the author at their own file."""
        leaf = list(self.documents)[-1]
        return next((p for p in paths if self.locate(p)[0] == leaf), paths[0])

    def add(self, path, message: str, level: str = "error") -> None:
        file, line, column = self.locate(path)
        if self.year is not None:
            message += f"（合并 {self.year} 年起的 changes 之后）"
        self.problems.append(Problem(file, line, column, format_path(path), message, level))

    # -- checks ---------------------------------------------------------------------------

    def run(self) -> list[Problem]:
        missing = self.required()
        if ("formulas",) not in missing:
            self.formulas()
        self.weights()
        if not any(p[:2] == ("qualitative", "bands") for p in missing):
            self.bands()
        self.words()
        if ("grades",) not in missing:
            self.grades()
        self.years()
        self.findings()
        self.citations()
        return self.problems

    def required(self) -> set:
        missing = set()
        for path in REQUIRED_KEYS:
            if _get(self.data, path) is None:
                key = ".".join(path)
                self.add(path, f"缺少 {key}（继承链中没有任何文件给出）；请写出，例如 {_example(path)}，"
                               "或用 extends: central-2020 继承通行口径")
                missing.add(path)
                missing.add(path[:1])
        return missing

    def formulas(self) -> None:
        for path, kind in FORMULA_KINDS.items():
            text = _get(self.data, path)
            if text is None:
                continue
            try:
                formula = compile_formula(text, kind)
            except FormulaError as exc:
                hint = "；请检查括号是否成对、运算符两边是否都有数，如 " + EXAMPLE_VALUES[path] \
                    if "语法错误" in str(exc) else ""
                self.add(path, f"公式错误：{exc}{self._name_hint(text, kind)}{hint}")
                continue
            names = {n.id for n in ast.walk(formula.tree) if isinstance(n, ast.Name)}
            if "weight" not in names:
                self.add(path, "公式中没有用到 weight（分值）：得分将与分值无关；通常写成 分值 × 完成比例，"
                               f"如 {EXAMPLE_VALUES[path]}", "warning")
                continue
            probe = FULL_MARKS[path]
            try:
                got = formula.evaluate(**probe)
            except FormulaError as exc:
                self.add(path, f"完成目标时公式无法计算（{exc}）；请检查公式", "warning")
                continue
            if got != probe["weight"]:
                self.add(path, f"恰好完成目标时（{self._probe_text(probe)}）此公式得 {_n(got)} 分，"
                               f"而不是满分 {_n(probe['weight'])}；请检查公式", "warning")

    @staticmethod
    def _probe_text(probe) -> str:
        if "met" in probe:
            return "按期完成"
        if "planned" in probe:
            return "执行数 = 预算数"
        return "实际值 = 目标值"

    @staticmethod
    def _name_hint(text, kind) -> str:
        try:
            tree = ast.parse(str(text).strip(), mode="eval")
        except (SyntaxError, ValueError):
            return ""
        allowed = NAMES_BY_KIND[kind]
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id not in allowed and node.id not in FUNCTIONS:
                return _suggest(node.id, allowed)
        return ""

    def weights(self) -> None:
        total, budget = _get(self.data, ("total",)), _get(self.data, ("budget", "weight"))
        indicators = _get(self.data, ("indicators", "weight"))
        goals = self.data.get("goals") or {}
        goal_weight = goals.get("weight") if goals.get("scored") else None
        if goals.get("scored") and goal_weight is None:
            self.add(("goals", "scored"),
                     "goals.scored 为 true（年度总目标单独计分），但没有给出 goals.weight；"
                     "请写出其分值，如 goals: {scored: true, weight: 20}")
        if None not in (total, budget, indicators):
            parts = [("预算执行 budget.weight", budget)]
            if goal_weight is not None:
                parts.append(("年度总目标 goals.weight", goal_weight))
            parts.append(("绩效指标 indicators.weight", indicators))
            got = sum(Decimal(v) for _, v in parts)
            if got != Decimal(total):
                others = got - Decimal(indicators)
                text = " + ".join(f"{name} {_n(v)}" for name, v in parts)
                where = self.prefer(("indicators", "weight"), ("budget", "weight"), ("goals", "weight"),
                                    ("total",))
                self.add(where,
                         f"分值合计不等于总分：{text} = {_n(got)}，而 total 为 {_n(total)}；"
                         f"应使合计等于 {_n(total)}，"
                         f"例如把 indicators.weight 改为 {_n(Decimal(total) - others)}")
        blocks = {name: rule.get("weight") for name, rule in (self.data.get("blocks") or {}).items()
                  if isinstance(rule, dict) and rule.get("weight") is not None}
        if blocks and indicators is not None:
            got = sum(Decimal(v) for v in blocks.values())
            if got != Decimal(indicators):
                text = " + ".join(f"{name} {_n(v)}" for name, v in blocks.items())
                where = self.prefer(*(("blocks", name, "weight") for name in blocks),
                                    ("indicators", "weight"))
                self.add(where,
                         f"一级指标分值合计不等于绩效指标分值：{text} = {_n(got)}，"
                         f"而 indicators.weight 为 {_n(indicators)}；"
                         f"应使各一级指标分值之和等于 {_n(indicators)}（或不按一级指标定分值：weight: null）")

    def bands(self) -> None:
        bands = {}
        for name in COMPLETIONS:
            path = ("qualitative", "bands", name)
            low, high = (Decimal(x) for x in _get(self.data, path))
            label = BAND_NAMES[name]
            if low > high:
                self.add(path, f"{label}的下限 {_n(low)}% 大于上限 {_n(high)}%；应写成 [下限, 上限]，"
                               f"即 [{_n(high)}, {_n(low)}]")
                low, high = high, low
            if high > 100:
                self.add(path, f"{label}的上限 {_n(high)}% 超过 100%：得分不能超过分值；"
                               "上限最多为 100")
            bands[name] = (low, high)
        order = ["missed", "partial", "achieved"]
        if sorted(order, key=lambda n: bands[n]) != order:
            shown = "，".join(f"{BAND_NAMES[n]} [{_n(bands[n][0])}, {_n(bands[n][1])}]" for n in order)
            self.add(("qualitative", "bands"),
                     f"档位顺序不对：{shown}；应为 未达成档 < 部分达成档 < 达成预期档，"
                     "如 missed: [0, 50]、partial: [50, 80]、achieved: [80, 100]")
            return
        for lower, upper in itertools.pairwise(order):
            self._adjacent(lower, bands[lower], upper, bands[upper])
        if bands["missed"][0] != 0:
            self.add(("qualitative", "bands", "missed", 0),
                     f"最低档（未达成档）的下限应为 0，现为 {_n(bands['missed'][0])}%："
                     "低于它的得分不属于任何档")
        if bands["achieved"][1] != 100:
            self.add(("qualitative", "bands", "achieved", 1),
                     f"最高档（达成预期档）的上限应为 100，现为 {_n(bands['achieved'][1])}%："
                     "满分不属于任何档")

    def _adjacent(self, lower: str, below, upper: str, above) -> None:
        """Two neighbouring bands must share exactly one boundary."""
        low_name, up_name = BAND_NAMES[lower], BAND_NAMES[upper]
        fix = (f"应令{up_name}下限等于 {_n(below[1])}，或{low_name}上限等于 {_n(above[0])}")
        path = self.prefer(("qualitative", "bands", upper, 0), ("qualitative", "bands", lower, 1))
        if below[1] < above[0]:
            self.add(path, f"档位之间有空缺：{low_name}上限 {_n(below[1])}% 与{up_name}下限 "
                           f"{_n(above[0])}% 之间的得分不属于任何档；{fix}（相邻两档共用边界）")
        elif below[1] > above[0]:
            self.add(path, f"档位重叠：{low_name} [{_n(below[0])}, {_n(below[1])}] 与{up_name} "
                           f"[{_n(above[0])}, {_n(above[1])}] 在 {_n(above[0])}%–{_n(below[1])}% 重叠；"
                           f"{fix}（相邻两档只共用边界）")

    def words(self) -> None:
        lists = [(("qualitative", "words", n), WORD_LISTS[n]) for n in COMPLETIONS]
        self._overlaps(lists, "完成情况写“{w}”的定性指标无法确定档位")
        self._overlaps([(("deadline", "met_words"), "按期完成词表（deadline.met_words）"),
                        (("deadline", "missed_words"), "未按期完成词表（deadline.missed_words）")],
                       "实际值写“{w}”的时限指标无法判断是否按期")

    def _overlaps(self, lists, consequence: str) -> None:
        seen: dict[str, tuple] = {}
        for path, label in lists:
            for index, word in enumerate(_get(self.data, path) or ()):
                if word in seen and seen[word][0][:-1] != path:
                    first, first_label = seen[word]
                    self.add(self.prefer((*path, index), first),
                             f"“{word}” 同时出现在{first_label}和{label}中：{consequence.format(w=word)}；"
                             "请只保留在其中一个词表")
                seen.setdefault(word, ((*path, index), label))

    def grades(self) -> None:
        grades = self.data["grades"]
        total = _get(self.data, ("total",))
        names: dict[str, int] = {}
        for index, grade in enumerate(grades):
            name, low = grade["grade"], Decimal(grade["min"])
            if name in names:
                self.add(("grades", index, "grade"),
                         f"等次“{name}”重复（grades[{names[name]}] 已有）；每个等次只写一次")
            names.setdefault(name, index)
            if index and low >= Decimal(grades[index - 1]["min"]):
                prev = grades[index - 1]
                self.add(("grades", index, "min"),
                         f"等次应按最低分从高到低排列：“{name}”（min {_n(low)}）"
                         f"排在“{prev['grade']}”（min {_n(prev['min'])}）之后，最低分却不比它低；"
                         "请调整顺序或修改 min")
        first, last = grades[0], grades[-1]
        if total is not None and Decimal(first["min"]) > Decimal(total):
            self.add(("grades", 0, "min"),
                     f"等次“{first['grade']}”的最低分 {_n(first['min'])} 超过总分 {_n(total)}，"
                     f"任何表都达不到；应不大于 {_n(total)}")
        end = ("grades", len(grades) - 1, "min")
        if Decimal(last["min"]) < 0:
            self.add(end, f"最低分不能为负数（现为 {_n(last['min'])}）；最后一个等次通常写 min: 0")
        elif Decimal(last["min"]) > 0:
            self.add(end, f"最后一个等次“{last['grade']}”的最低分为 {_n(last['min'])}："
                          "总分低于它的表没有等次；通常写 min: 0", "warning")

    def years(self) -> None:
        years = self.data.get("years") or {}
        low, high = years.get("from"), years.get("to")
        if low is not None and high is not None and low > high:
            self.add(("years", "from"),
                     f"适用年度起止颠倒：from {low} 晚于 to {high}；应 from ≤ to，即 from: {high}, to: {low}")

    def findings(self) -> None:
        for code in self.data.get("findings") or {}:
            if code not in CODES:
                self.add(("findings", code), _unknown_code(code))

    def citations(self) -> None:
        for key in self.data.get("citations") or {}:
            if _get(self.data, tuple(key.split("."))) is None:
                known = {".".join(p[:n]) for p in self.provenance for n in range(1, len(p) + 1)}
                self.add(("citations", key),
                         f"citations 的键 “{key}” 不对应任何规则键{_suggest(key, known)}；"
                         "键应写成规则的路径，如 formulas.positive", "warning")


def _unknown_code(code: str) -> str:
    return f"未知的发现代码 “{code}”{_suggest(code, CODES)}；可用代码见 perfscore codes"


def _leaf_checks(document, years) -> list[Problem]:
    """Checks of what only the file itself says: its `changes` and its `tests`."""
    problems = []

    def add(path, message, level="error"):
        exc = document.error(message, path)
        problems.append(_problem(exc, level))

    low, high = years
    previous = None
    for index, change in enumerate(document.data.get("changes") or ()):
        year = change["from"]
        path = ("changes", index, "from")
        if previous is not None and year <= previous:
            add(path, f"changes 应按 from 从小到大排列：{year} 排在 {previous} 之后；请调整顺序")
        if high is not None and year > high:
            add(path, f"自 {year} 年起的变更永远不会生效：规则集只适用到 {high} 年（years.to）；"
                      "请改正 from，或放到适用于该年度的规则集中", "warning")
        elif low is not None and year <= low:
            add(path, f"自 {year} 年起的变更从规则集适用之初（years.from {low}）就生效；"
                      "不如直接改写相应的值", "warning")
        previous = year
    names: dict[str, int] = {}
    for index, case in enumerate(document.data.get("tests") or ()):
        name = case["name"]
        if name in names:
            add(("tests", index, "name"), f"用例名称“{name}”重复（tests[{names[name]}] 已使用）；"
                                          "rules test --case 按名称选用用例，请改用不同的名称")
        names.setdefault(name, index)
        count = len(case["form"].get("indicators") or ())
        valid = f"序号 0–{count - 1}" if count else "没有指标"
        for key in (case["expect"].get("indicators") or {}):
            if int(key) >= count:
                add(("tests", index, "expect", "indicators", key),
                    f"指标序号 {key} 超出范围：本用例的表只有 {count} 个指标（{valid}）")
        for kind in ("findings", "findings_include"):
            for item_index, item in enumerate(case["expect"].get(kind) or ()):
                code = item if isinstance(item, str) else item["code"]
                if code not in CODES:
                    add(("tests", index, "expect", kind, item_index), _unknown_code(code))
    return problems


def check_file(ref: str, loader: RulesetLoader | None = None) -> list[Problem]:
    """All problems of one ruleset (a path or a built-in id). Raises Unreadable if it cannot be read."""
    loader = loader or RulesetLoader()
    try:
        path, display = (ref, ref) if os.path.exists(ref) else loader.resolve(ref)
    except InputError as exc:
        raise Unreadable(exc.message) from None
    try:
        document = load_yaml_file(path, max_bytes=loader.max_bytes, display_name=display)
    except InputError as exc:
        if exc.line is None:
            raise Unreadable(str(exc)) from None
        return [_problem(exc)]
    if not isinstance(document.data, dict):
        message = "规则集文件应是键值表（mapping），以 id: 开头，如 id: hubei-2024"
        return [_problem(document.error(message))]
    problems = [_problem(exc) for exc in schema_problems(document, "ruleset")]
    if problems:
        return problems
    try:
        data, _files, provenance, documents, changes, _ = loader.merge(path, display)
    except InputError as exc:
        return [_problem(exc)]
    try:
        problems = _semantic(loader, path, display, data, provenance, documents, changes)
        years = data.get("years") or {}
        problems += _leaf_checks(document, (years.get("from"), years.get("to")))
    except InputError as exc:
        problems = [_problem(exc)]
    except Exception as exc:  # a checker bug must still be one line, never a traceback
        problems = [Problem(display, None, None, "", f"检查时发生意外错误（{type(exc).__name__}）；"
                                                     "请把这个规则集文件发给 perfscore 的维护者")]
    return sorted(problems, key=lambda p: (p.file != display, p.file, p.line or 0, p.column or 0))


def _semantic(loader, path, display, data, provenance, documents, changes) -> list[Problem]:
    """Semantic checks of the effective ruleset, then again for each year its `changes` apply."""
    problems = _Checker(data, provenance, documents).run()
    seen = {(p.file, p.line, p.path) for p in problems}
    for year in sorted({c.year for c in changes}):
        data, _files, provenance, documents, _, _ = loader.merge(path, display, year)
        for problem in _Checker(data, provenance, documents, year).run():
            if (problem.file, problem.line, problem.path) not in seen:
                problems.append(problem)
    return problems
