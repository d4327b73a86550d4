"""Grades: named once each, minimums strictly falling (two at the same minimum leave one unreachable),
the first reachable within the total, the last at 0."""

from __future__ import annotations

from decimal import Decimal

from scorer.numbers import fmt_number as _n
from scorer.rules.checks import Context, check
from scorer.rules.keys import get_path


@check("grades")
def grades(ctx: Context):
    listed = get_path(ctx.data, ("grades",))
    if not listed:
        return                                   # reported by the required keys
    total = get_path(ctx.data, ("total",))
    names: dict[str, int] = {}
    for index, grade in enumerate(listed):
        name, low = grade["grade"], Decimal(grade["min"])
        if name in names:
            yield ctx.problem(("grades", index, "grade"),
                              f"等次“{name}”重复（grades[{names[name]}] 已有）；每个等次只写一次")
        names.setdefault(name, index)
        if index and low >= Decimal(listed[index - 1]["min"]):
            prev = listed[index - 1]
            same = "相同，它永远不会被评定" if low == Decimal(prev["min"]) else "不比它低"
            yield ctx.problem(("grades", index, "min"),
                              f"等次应按最低分从高到低排列：“{name}”（min {_n(low)}）"
                              f"排在“{prev['grade']}”（min {_n(prev['min'])}）之后，最低分却{same}；"
                              "请调整顺序或修改 min")
    first, last = listed[0], listed[-1]
    if total is not None and Decimal(first["min"]) > Decimal(total):
        yield ctx.problem(("grades", 0, "min"),
                          f"等次“{first['grade']}”的最低分 {_n(first['min'])} 超过总分 {_n(total)}，"
                          f"任何表都达不到；应不大于 {_n(total)}")
    end = ("grades", len(listed) - 1, "min")
    if Decimal(last["min"]) < 0:
        yield ctx.problem(end, f"最低分不能为负数（现为 {_n(last['min'])}）；最后一个等次通常写 min: 0")
    elif Decimal(last["min"]) > 0:
        yield ctx.problem(end, f"最后一个等次“{last['grade']}”的最低分为 {_n(last['min'])}："
                               "总分低于它的表没有等次；通常写 min: 0", "warning")
