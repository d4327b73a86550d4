"""Project files → `Form`: safe YAML, schema errors mapped to lines, numbers kept exact.

Blank cells are normal on printed forms: every cell but the form kind may be missing or null, and
scoring says what could not be verified.  The document's positions stay with the form so each
finding can name the file, line and column of the value it is about.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

from scorer.fastpath import fast_paths_enabled
from scorer.errors import InputError, Location, indicator_label, value_text
from scorer.model import Budget, BudgetSource, Form, Goal, Indicator, IndicatorsTotal, Project
from scorer.numbers import parse_percent, places, to_decimal
from scorer.forms.schema import validate
from scorer.forms.yamlsafe import DEFAULT_MAX_BYTES, Document, load_yaml_file, load_yaml_text


def load_form(path, *, max_bytes: int = DEFAULT_MAX_BYTES, display_name: str | None = None) -> Form:
    return form_from_document(load_yaml_file(path, max_bytes=max_bytes, display_name=display_name,
                                             lazy_positions=True))


def load_form_text(text: str, source: str = "<文本>") -> Form:
    return form_from_document(load_yaml_text(text, source))


def _printed(value) -> str | None:
    """target/actual as printed: numbers a user left unquoted become their text."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def _text(value) -> str | None:
    return None if value is None else str(value)


_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_path(path: str) -> tuple:
    """'indicators[2].reported_score' -> ('indicators', 2, 'reported_score').

    Every form of a batch has the same few hundred finding paths: parsed once each (bounded memo,
    bypassed when PERFSCORE_NO_FASTPATH=1)."""
    if not fast_paths_enabled():
        return _parse_path(path)
    parts = _PARSED_PATHS.get(path)
    if parts is None:
        if len(_PARSED_PATHS) >= _PARSED_PATHS_MAX:
            _PARSED_PATHS.clear()
        parts = _PARSED_PATHS[path] = _parse_path(path)
    return parts


_PARSED_PATHS: dict = {}
_PARSED_PATHS_MAX = 4096


def _parse_path(path: str) -> tuple:
    return tuple(int(index) if index else key for key, index in _PATH_PART.findall(path or ""))


class Positions:
    """Where each value of one loaded project file was written.  Kept with the `Form` (without the
    parsed data) so findings made long after loading still point at file:line:col."""

    def __init__(self, doc: Document):
        if type(doc) is Document:           # all but the data (a workbook's document keeps its kind)
            self._doc = Document(None, doc.source, doc._positions, doc._text)
        else:
            self._doc = dataclasses.replace(doc, data=None)

    def locate(self, path: str) -> Location:
        """The value at `path`, or its nearest written ancestor (a blank cell's row)."""
        position = self._doc.position(parse_path(path))
        line, column = position if position is not None else (None, None)
        return Location(self._doc.source, line, column, path)


def _rate(doc: Document, value, path: tuple) -> tuple[Decimal | None, bool]:
    """The printed 执行率 in percent points, and whether it was printed as a decimal fraction.

    Forms print the rate as "96.3%", as "96.30" (the % in the column header) or as "0.963" (a cell
    formatted as a number): a bare number between 0 and 1 with decimals is that fraction — no
    execution rate is printed as "0.963" meaning 0.963 % — and is read as 96.3 % with its printed
    precision kept; the trace says so."""
    try:
        rate = parse_percent(value)
    except ValueError:
        raise doc.error(f"执行率应为百分数，如 93.6%：{value_text(value)}", path) from None
    bare = not (isinstance(value, str) and re.search(r"[%％]", value))
    if rate is not None and bare and 0 < rate <= 1 and places(rate) >= 1:
        return rate.scaleb(2), True
    return rate, False


# The numeric cells of a project file.  A transcriber copies a blank cell as printed ("—", "/", "无"),
# a number with its 千位分隔符 ("1,250.00") and a score with its 分 ("9.6分"): all are read here, before
# the schema check, so a blank cell never refuses the form and the scorer says what it could not verify.
_MONEY_KEYS = ("initial", "planned", "executed", "weight", "reported_score")
_SCORE_KEYS = ("weight", "reported_score")
_BLANK_CELL = re.compile(r"^[\s\-—–―/／\\无]*$")
_GROUPED = re.compile(r"^\s*(\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?)\s*$")
_POINTS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*分\s*$")         # a score printed "9.6分"


def _cell(value):
    if not isinstance(value, str):
        return value
    if _BLANK_CELL.match(value):
        return None
    grouped = _GROUPED.match(value)
    if grouped:
        return Decimal(re.sub(r"[,，]", "", grouped.group(1)))
    points = _POINTS.match(value)
    return Decimal(points.group(1)) if points else value


def _clean_cells(row, keys) -> None:
    if isinstance(row, dict):
        for key in keys:
            if key in row:
                row[key] = _cell(row[key])


def read_printed_cells(data) -> None:
    """Blank and 千位分隔 numeric cells of a project file's data, read in place (see above)."""
    if not isinstance(data, dict):
        return
    if "reported_total" in data:
        data["reported_total"] = _cell(data["reported_total"])
    budget = data.get("budget")
    _clean_cells(budget, _MONEY_KEYS)
    if isinstance(budget, dict) and isinstance(budget.get("sources"), list):
        for source in budget["sources"]:
            _clean_cells(source, _MONEY_KEYS)
    for key in ("goals", "indicators"):
        if isinstance(data.get(key), list):
            for row in data[key]:
                _clean_cells(row, _SCORE_KEYS)
    _clean_cells(data.get("indicators_total"), _SCORE_KEYS)


def _source(doc: Document, index: int, s: dict) -> BudgetSource:
    rate, fraction = _rate(doc, s.get("reported_rate"), ("budget", "sources", index, "reported_rate"))
    return BudgetSource(
        label=str(s["label"]), initial=to_decimal(s.get("initial")), planned=to_decimal(s.get("planned")),
        executed=to_decimal(s.get("executed")), weight=to_decimal(s.get("weight")),
        reported_rate=rate, reported_score=to_decimal(s.get("reported_score")), rate_as_fraction=fraction,
    )


def _budget(doc: Document, b: dict) -> Budget:
    sources = tuple(_source(doc, index, s) for index, s in enumerate(b.get("sources") or ()))
    rate, fraction = _rate(doc, b.get("reported_rate"), ("budget", "reported_rate"))
    return Budget(
        planned=to_decimal(b.get("planned")), executed=to_decimal(b.get("executed")),
        initial=to_decimal(b.get("initial")), weight=to_decimal(b.get("weight")),
        reported_rate=rate, reported_score=to_decimal(b.get("reported_score")), sources=sources,
        rate_as_fraction=fraction,
    )


_INDICATOR = re.compile(r"^indicators\[(\d+)\]")


def _name_the_indicator(error: InputError, data) -> InputError:
    """Say which indicator an error is about in words ("第 2 项指标“党员发展完成率”"), as reports do."""
    m = _INDICATOR.match(error.path or "")
    if m and error.subject is None:
        index = int(m.group(1))
        rows = data.get("indicators") if isinstance(data, dict) else None
        row = rows[index] if isinstance(rows, list) and index < len(rows) else None
        name = row.get("name") if isinstance(row, dict) else None
        error.subject = indicator_label(index + 1, name if isinstance(name, str) else None)
    return error


def form_from_document(doc: Document) -> Form:
    try:
        return _form(doc)
    except InputError as error:
        raise _name_the_indicator(error, doc.data) from None


_INDICATOR_FIELDS = len(dataclasses.fields(Indicator))
_PLAIN_INDICATOR = not hasattr(Indicator, "__post_init__")


def _indicator(fields: dict) -> Indicator:
    """Indicator(**fields); on the fast path without the frozen dataclass's field-by-field
    object.__setattr__ (a batch builds millions): the same object — every field set, nothing else
    runs in __init__ — made by filling its __dict__ (PERFSCORE_NO_FASTPATH=1: the constructor)."""
    if _PLAIN_INDICATOR and len(fields) == _INDICATOR_FIELDS and fast_paths_enabled():
        indicator = object.__new__(Indicator)
        indicator.__dict__.update(fields)
        return indicator
    return Indicator(**fields)


def _form(doc: Document) -> Form:
    if not isinstance(doc.data, dict):
        raise doc.error("项目文件应是键值表（mapping），以 ruleset:、form:、project: 等键开头")
    read_printed_cells(doc.data)
    validate(doc, "project")
    data = doc.data
    p = data["project"]
    budget = _budget(doc, data.get("budget") or {})
    goals = []
    seen: dict[str, int] = {}
    for index, g in enumerate(data.get("goals") or ()):
        goal_id = str(g["id"])
        if goal_id in seen:
            raise doc.error(f"目标编号 {goal_id} 重复（goals[{seen[goal_id]}] 已使用）", ("goals", index, "id"))
        seen[goal_id] = index
        goals.append(Goal(goal_id, _text(g.get("text")), to_decimal(g.get("weight")),
                          to_decimal(g.get("reported_score"))))
    indicators = []
    for index, i in enumerate(data["indicators"]):
        goal = None if i.get("goal") is None else str(i["goal"])
        if goal is not None and goal not in seen:
            known = "、".join(seen) or "（未定义任何目标）"
            raise doc.error(f"指标引用了不存在的目标 {goal}；已定义的目标编号：{known}",
                            ("indicators", index, "goal"))
        indicators.append(_indicator({
            "index": index, "name": _text(i.get("name")) or "", "level1": _text(i.get("level1")),
            "level2": _text(i.get("level2")), "goal": goal, "target": _printed(i.get("target")),
            "actual": _printed(i.get("actual")), "weight": to_decimal(i.get("weight")),
            "reported_score": to_decimal(i.get("reported_score")), "direction": i.get("direction"),
            "note": _text(i.get("note")), "nature": _text(i.get("nature")), "unit": _text(i.get("unit")),
        }))
    total = data.get("indicators_total")
    return Form(
        source=doc.source,
        ruleset=data.get("ruleset"),
        kind=data["form"],
        project=Project(_text(p.get("name")) or "", _text(p.get("department")), _text(p.get("implementer")),
                        p.get("year")),
        budget=budget,
        goals=tuple(goals),
        indicators=tuple(indicators),
        indicators_total=None if total is None else IndicatorsTotal(
            to_decimal(total.get("weight")), to_decimal(total.get("reported_score"))),
        reported_total=to_decimal(data.get("reported_total")),
        reported_grade=_text(data.get("reported_grade")),
        positions=Positions(doc),
    )
