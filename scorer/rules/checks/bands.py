"""Qualitative bands: each [low, high] within 0–100, ordered, covering 0–100 with shared boundaries."""

from __future__ import annotations

import itertools
from decimal import Decimal

from scorer.numbers import fmt_number as _n
from scorer.rules.checks import Context, check
from scorer.rules.keys import COMPLETIONS, get_path

BAND_NAMES = {"achieved": "达成预期档", "partial": "部分达成档", "missed": "未达成档"}
ORDER = ("missed", "partial", "achieved")


@check("bands")
def bands(ctx: Context):
    paths = {name: ("qualitative", "bands", name) for name in COMPLETIONS}
    if any(get_path(ctx.data, p) is None for p in paths.values()):
        return                                  # reported by the required keys
    found = {}
    for name in COMPLETIONS:
        low, high = (Decimal(x) for x in get_path(ctx.data, paths[name]))
        label = BAND_NAMES[name]
        if low > high:
            yield ctx.problem(paths[name], f"{label}的下限 {_n(low)}% 大于上限 {_n(high)}%；应写成 [下限, 上限]，"
                                           f"即 [{_n(high)}, {_n(low)}]")
            low, high = high, low
        if high > 100:
            yield ctx.problem(paths[name], f"{label}的上限 {_n(high)}% 超过 100%：得分不能超过分值；上限最多为 100")
        found[name] = (low, high)
    if sorted(ORDER, key=lambda n: found[n]) != list(ORDER):
        shown = "，".join(f"{BAND_NAMES[n]} [{_n(found[n][0])}, {_n(found[n][1])}]" for n in ORDER)
        yield ctx.problem(("qualitative", "bands"),
                          f"档位顺序不对：{shown}；应为 未达成档 < 部分达成档 < 达成预期档，"
                          "如 missed: [0, 50]、partial: [50, 80]、achieved: [80, 100]")
        return
    for lower, upper in itertools.pairwise(ORDER):
        yield from _adjacent(ctx, lower, found[lower], upper, found[upper])
    if found["missed"][0] != 0:
        yield ctx.problem(("qualitative", "bands", "missed", 0),
                          f"最低档（未达成档）的下限应为 0，现为 {_n(found['missed'][0])}%：低于它的得分不属于任何档")
    if found["achieved"][1] != 100:
        yield ctx.problem(("qualitative", "bands", "achieved", 1),
                          f"最高档（达成预期档）的上限应为 100，现为 {_n(found['achieved'][1])}%：满分不属于任何档")


def _adjacent(ctx: Context, lower: str, below, upper: str, above):
    """Two neighbouring bands must share exactly one boundary."""
    low_name, up_name = BAND_NAMES[lower], BAND_NAMES[upper]
    fix = f"应令{up_name}下限等于 {_n(below[1])}，或{low_name}上限等于 {_n(above[0])}"
    path = ctx.prefer(("qualitative", "bands", upper, 0), ("qualitative", "bands", lower, 1))
    if below[1] < above[0]:
        yield ctx.problem(path, f"档位之间有空缺：{low_name}上限 {_n(below[1])}% 与{up_name}下限 "
                                f"{_n(above[0])}% 之间的得分不属于任何档；{fix}（相邻两档共用边界）")
    elif below[1] > above[0]:
        yield ctx.problem(path, f"档位重叠：{low_name} [{_n(below[0])}, {_n(below[1])}] 与{up_name} "
                                f"[{_n(above[0])}, {_n(above[1])}] 在 {_n(above[0])}%–{_n(below[1])}% 重叠；"
                                f"{fix}（相邻两档只共用边界）")
