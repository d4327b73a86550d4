"""What only the ruleset's own file says: its `changes` and its `tests` (neither is inherited)."""

from __future__ import annotations

from scorer.codes import CODES
from scorer.errors import format_path
from scorer.rules.checks import Context, Problem, check
from scorer.rules.checks.meta import unknown_code

MAX_INDEX_DIGITS = 9


def index_of(key) -> int | None:
    """An `expect.indicators` key as a number, None when it is too long to be any form's index
    (int() of a 5,000-digit text is refused by Python itself)."""
    text = str(key).lstrip("0") or "0"
    return int(text) if text.isdigit() and len(text) <= MAX_INDEX_DIGITS else None


def _shown(key) -> str:
    text = str(key)
    return text if len(text) <= 12 else f"{text[:8]}…（共 {len(text)} 位）"


def _own(ctx: Context, path, message: str, level: str = "error", shown=None) -> Problem:
    """A problem in the ruleset's own file; `shown` replaces the key path in the text (a huge key)."""
    problem = Problem.from_error(ctx.merged.leaf_document.error(message, path), level)
    return problem if shown is None else Problem(problem.file, problem.line, problem.column,
                                                 format_path(shown), message, level)


@check("changes")
def changes(ctx: Context):
    span = ctx.data.get("years") or {}
    low, high = span.get("from"), span.get("to")
    previous = None
    for index, change in enumerate(ctx.merged.leaf_document.data.get("changes") or ()):
        year = change["from"]
        path = ("changes", index, "from")
        if previous is not None and year <= previous:
            yield _own(ctx, path, f"changes 应按 from 从小到大排列：{year} 排在 {previous} 之后；请调整顺序")
        if high is not None and year > high:
            yield _own(ctx, path, f"自 {year} 年起的变更永远不会生效：规则集只适用到 {high} 年（years.to）；"
                                  "请改正 from，或放到适用于该年度的规则集中", "warning")
        elif low is not None and year <= low:
            yield _own(ctx, path, f"自 {year} 年起的变更从规则集适用之初（years.from {low}）就生效；"
                                  "不如直接改写相应的值", "warning")
        previous = year


@check("tests")
def tests(ctx: Context):
    names: dict[str, int] = {}
    for index, case in enumerate(ctx.merged.leaf_document.data.get("tests") or ()):
        name = case["name"]
        if name in names:
            yield _own(ctx, ("tests", index, "name"), f"用例名称“{name}”重复（tests[{names[name]}] 已使用）；"
                                                      "rules test --case 按名称选用用例，请改用不同的名称")
        names.setdefault(name, index)
        count = len(case["form"].get("indicators") or ())
        valid = f"序号 0–{count - 1}" if count else "没有指标"
        for key in (case["expect"].get("indicators") or {}):
            number = index_of(key)
            if number is None or number >= count:
                yield _own(ctx, ("tests", index, "expect", "indicators", key),
                           f"指标序号 {_shown(key)} 超出范围：本用例的表只有 {count} 个指标（{valid}）",
                           shown=("tests", index, "expect", "indicators", _shown(key)))
        for kind in ("findings", "findings_include"):
            for item_index, item in enumerate(case["expect"].get(kind) or ()):
                code = item if isinstance(item, str) else item["code"]
                if code not in CODES:
                    yield _own(ctx, ("tests", index, "expect", kind, item_index), unknown_code(code))
