"""Formulas: they must compile, use the weight, give full marks when the target is met, and stay
computable and within [0, weight] at the edges forms really contain (a target of 0, nothing done,
far below or above the target, a weight of 0)."""

from __future__ import annotations

import ast
from decimal import Decimal

from scorer.numbers import fmt_number
from scorer.rules.checks import Context, check
from scorer.rules.checks.hints import suggest
from scorer.rules.checks.required import EXAMPLE_VALUES
from scorer.rules.formula import FUNCTIONS, NAMES_BY_KIND, FormulaError, compile_formula
from scorer.rules.keys import FORMULA_KINDS, get_path

D = Decimal


def _indicator(weight, target, actual):
    return {"weight": D(weight), "target": D(target), "actual": D(actual)}


def _budget(weight, planned, executed):
    return {"weight": D(weight), "planned": D(planned), "executed": D(executed),
            "rate": D(executed) / D(planned)}


# The point where a formula must give full marks.
FULL_MARKS = {
    "budget": _budget(10, 100, 100),
    "indicator": _indicator(10, 5, 5),
    "deadline": {"weight": D(10), "met": True},
}

# (label, names) — edges every formula must survive; the score must be computable and in [0, weight].
EDGES = {
    "budget": [("未执行（执行数 0）", _budget(10, 100, 0)),
               ("远超预算（执行数为预算数 10 倍）", _budget(10, 100, 1000)),
               ("分值为 0", _budget(0, 100, 80))],
    "indicator": [("目标值 0、实际值 0", _indicator(10, 0, 0)),
                  ("目标值 0、实际值 5", _indicator(10, 0, 5)),
                  ("目标值 5、实际值 0", _indicator(10, 5, 0)),
                  ("实际值远低于目标（目标 1000、实际 1）", _indicator(10, 1000, 1)),
                  ("实际值远高于目标（目标 1、实际 1000）", _indicator(10, 1, 1000)),
                  ("分值为 0", _indicator(0, 5, 3))],
    "deadline": [("未按期完成", {"weight": D(10), "met": False}),
                 ("分值为 0", {"weight": D(0), "met": True})],
}


def _when(label: str) -> str:
    """'目标值 0、实际值 5 时', '未按期完成时': a space only after a number."""
    return f"{label} 时" if label[-1].isdigit() else f"{label}时"


def _describe(names: dict) -> str:
    parts = [f"{k} = {('是' if v else '否') if isinstance(v, bool) else fmt_number(v)}"
             for k, v in names.items() if k != "rate"]
    return "，".join(parts)


def _name_hint(text, kind) -> str:
    try:
        tree = ast.parse(str(text).strip(), mode="eval")
    except (SyntaxError, ValueError):
        return ""
    allowed = NAMES_BY_KIND[kind]
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in allowed and node.id not in FUNCTIONS:
            return suggest(node.id, allowed)
    return ""


def _probe_text(kind) -> str:
    return {"deadline": "按期完成", "budget": "执行数 = 预算数"}.get(kind, "实际值 = 目标值")


@check("formulas")
def formulas(ctx: Context):
    for path, kind in FORMULA_KINDS.items():
        text = get_path(ctx.data, path)
        if text is None:
            continue
        try:
            formula = compile_formula(text, kind)
        except FormulaError as exc:
            hint = "；请检查括号是否成对、运算符两边是否都有数，如 " + EXAMPLE_VALUES[path] \
                if "语法错误" in str(exc) else ""
            yield ctx.problem(path, f"公式错误：{exc}{_name_hint(text, kind)}{hint}")
            continue
        names = {n.id for n in ast.walk(formula.tree) if isinstance(n, ast.Name)}
        if "weight" not in names:
            yield ctx.problem(path, "公式中没有用到 weight（分值）：得分将与分值无关；通常写成 分值 × 完成比例，"
                                    f"如 {EXAMPLE_VALUES[path]}", "warning")
            continue
        probe = FULL_MARKS[kind]
        try:
            got = formula.evaluate(**probe)
        except FormulaError as exc:
            yield ctx.problem(path, f"完成目标时公式无法计算（{exc}）；请检查公式", "warning")
            continue
        if got != probe["weight"]:
            yield ctx.problem(path, f"恰好完成目标时（{_probe_text(kind)}）此公式得 {fmt_number(got)} 分，"
                                    f"而不是满分 {fmt_number(probe['weight'])}；请检查公式", "warning")
        yield from _edges(ctx, path, kind, formula)


def _edges(ctx: Context, path, kind, formula):
    """Division by zero at an edge is an error (those forms could not be scored); a result outside
    [0, weight] is a warning (the scorer bounds it, but the formula does not say what the notes say)."""
    for label, names in EDGES[kind]:
        try:
            got = formula.evaluate(**names)
        except FormulaError as exc:
            zero = "除数为 0" in str(exc)
            fix = ("请先判断除数是否为 0，如 (0 if target == 0 else …)" if "target" in names
                   else "请先判断除数是否为 0")
            yield ctx.problem(path, f"{_when(label)}（{_describe(names)}）公式无法计算（{exc}）："
                                    f"这样的表将无法复核；{fix if zero else '请检查公式'}",
                              "error" if zero else "warning")
            continue
        weight = names["weight"]
        if not D(0) <= got <= weight:
            yield ctx.problem(path, f"{_when(label)}（{_describe(names)}）公式得 {fmt_number(got)} 分，"
                                    f"超出 0 至分值 {fmt_number(weight)} 的范围（复核时按 0 至分值计）；"
                                    "请用 min(…, weight)、max(0, …) 或 clamp(…, 0, weight) 写明", "warning")
            break
