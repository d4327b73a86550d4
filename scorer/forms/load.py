"""Project files → `Form`: safe YAML, schema errors mapped to lines, numbers kept exact."""

from __future__ import annotations

from decimal import Decimal

from scorer.errors import value_text
from scorer.model import Budget, Form, Goal, Indicator, IndicatorsTotal, Project
from scorer.numbers import parse_percent, to_decimal
from scorer.forms.schema import validate
from scorer.forms.yamlsafe import DEFAULT_MAX_BYTES, Document, load_yaml_file, load_yaml_text


def load_form(path, *, max_bytes: int = DEFAULT_MAX_BYTES, display_name: str | None = None) -> Form:
    return form_from_document(load_yaml_file(path, max_bytes=max_bytes, display_name=display_name))


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


def form_from_document(doc: Document) -> Form:
    if not isinstance(doc.data, dict):
        raise doc.error("项目文件应是键值表（mapping），以 ruleset:、form:、project: 等键开头")
    validate(doc, "project")
    data = doc.data
    p = data["project"]
    b = data["budget"]
    try:
        rate = parse_percent(b.get("reported_rate"))
    except ValueError:
        raise doc.error(f"执行率应为百分数，如 93.6%：{value_text(b.get('reported_rate'))}",
                        ("budget", "reported_rate")) from None
    budget = Budget(
        planned=to_decimal(b.get("planned")), executed=to_decimal(b.get("executed")),
        initial=to_decimal(b.get("initial")), weight=to_decimal(b.get("weight")),
        reported_rate=rate, reported_score=to_decimal(b.get("reported_score")),
    )
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
        indicators.append(Indicator(
            index=index, name=str(i["name"]), level1=_text(i.get("level1")), level2=_text(i.get("level2")),
            goal=goal, target=_printed(i.get("target")), actual=_printed(i.get("actual")),
            weight=to_decimal(i.get("weight")), reported_score=to_decimal(i.get("reported_score")),
            direction=i.get("direction"), note=_text(i.get("note")),
        ))
    total = data.get("indicators_total")
    return Form(
        source=doc.source,
        ruleset=data.get("ruleset"),
        kind=data["form"],
        project=Project(str(p["name"]), _text(p.get("department")), _text(p.get("implementer")), p.get("year")),
        budget=budget,
        goals=tuple(goals),
        indicators=tuple(indicators),
        indicators_total=None if total is None else IndicatorsTotal(
            to_decimal(total.get("weight")), to_decimal(total.get("reported_score"))),
        reported_total=to_decimal(data.get("reported_total")),
        reported_grade=_text(data.get("reported_grade")),
    )
