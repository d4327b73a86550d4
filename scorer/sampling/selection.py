"""Selection: drawing the sample from a population, reproducibly.

Every random number comes from `random.Random(seed).random()` — the one draw Python promises to
repeat across versions and machines (randrange/shuffle/sample have changed between versions).
An index in 0..k−1 is ⌊random() × k⌋.  Unit arithmetic (intervals, starts, cumulative values)
is exact (fractions.Fraction), so a start of 1.2 or an interval of 9 select the same items
everywhere.

Conventions (as in the reference literature and jfa):
- units: item i covers the units (cum_{i−1}, cum_i], where cum is the running total of the values
  (monetary-unit methods) or of 1 per item (systematic); a unit u selects the item covering it;
- systematic and mus: a fixed interval I = total ÷ n and the units S, S + I, …, S + (n−1)·I for a
  start S in [1, I] (given, or 1 + random()·(I − 1));  mus values 7,3,4,9,0,1,8,2,6,5, n = 5, S = 2
  → items 1, 3, 4, 7, 9; systematic over 5 items, n = 2, S = 1.2 → items 2 and 4;
- mus: zero, negative and missing values cannot be selected and are listed as excluded; an item at or above
  the interval is always hit (it spans a whole interval) and is marked as a key item; an item hit
  by several units appears once;
- cell: one unit drawn uniformly inside each interval ((k−1)·I, k·I];
- stratified: strata in sorted order; proportional allocation (largest remainders, at least one per
  stratum) or a fixed number per stratum; simple random selection inside each stratum;
- risk: the top K by risk score (ties in list order), then a simple random remainder.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass, field
from fractions import Fraction

from scorer.sampling.population import Item

ALGORITHM_VERSION = "perfscore-sampling/1"
METHODS = ("random", "systematic", "stratified", "mus", "cell", "risk")


class SelectionError(ValueError):
    """A selection request that cannot be met (Chinese message for the user)."""


@dataclass
class Picked:
    item: Item
    reason: str
    stratum: str | None = None
    extension: int = 0


@dataclass
class Selection:
    method: str
    seed: int
    parameters: dict
    picked: list[Picked]
    excluded: list[tuple[Item, str]] = field(default_factory=list)
    algorithm_version: str = ALGORITHM_VERSION


def _index(rng, k: int) -> int:
    """A uniform index in 0..k−1 from one random() draw."""
    return min(k - 1, int(rng.random() * k))


def _random_subset(rng, items, n):
    """Simple random sampling without replacement: the first n steps of a Fisher–Yates shuffle."""
    pool = list(items)
    for i in range(n):
        j = i + _index(rng, len(pool) - i)
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:n]


def _hits(weights, points):
    """For ascending points, the index of the item covering each point (item i covers (cum_{i−1}, cum_i])."""
    out, cum, i = [], 0, -1
    for p in points:
        while i + 1 < len(weights) and cum < p:
            i += 1
            cum += weights[i]
        if cum < p:
            break
        out.append(i)
    return out


def _fraction(value) -> Fraction:
    return Fraction(str(value))


def _interval_points(rng, weights, scale, n, start, method):
    """Interval I, the start actually used (both in money/items), and the selected units (in the
    integer units of `weights`, i.e. money × scale), for systematic/mus/cell."""
    total = Fraction(sum(weights), scale)
    interval = total / n
    if method == "cell":
        points = [k * interval + (1 - Fraction(rng.random())) * interval for k in range(n)]
        return interval, None, [p * scale for p in points]
    if interval < 1:
        raise SelectionError(f"抽样间隔 {float(interval):g} 小于 1：样本量 {n} 相对总体（合计 {float(total):g}）过大")
    if start is None:
        start = 1 + Fraction(rng.random()) * (interval - 1)
    else:
        start = _fraction(start)
        if not 1 <= start <= interval:
            raise SelectionError(f"--start {start} 应在 [1, 间隔 {_show(interval)}] 之内")
    return interval, start, [(start + k * interval) * scale for k in range(n)]


def _show(x: Fraction) -> str:
    """An exact fraction shown briefly: 9, 2.5, 1234.5678…"""
    if x.denominator == 1:
        return str(x.numerator)
    text = f"{float(x):.6f}".rstrip("0").rstrip(".")
    return text if Fraction(text) == x else text + "…"


def _scaled(values) -> tuple[list[int], int]:
    """Decimal amounts as integers in their smallest printed unit (exact, and fast to add up)."""
    digits = max((-v.as_tuple().exponent for v in values), default=0)
    digits = max(0, digits)
    return [int(v.scaleb(digits)) for v in values], 10 ** digits


def _by_units(rng, items, n, start, method):
    if method == "systematic":
        weights, scale, excluded = [1] * len(items), 1, []
        usable = list(items)
    else:
        if all(i.value is None for i in items):
            raise SelectionError(f"{method} 抽样需要金额（CSV 用 --value-column 指定金额列）")
        usable = [i for i in items if i.value is not None and i.value > 0]
        excluded = [(i, "没有金额（缺失或无法读取），不参与货币单位抽样" if i.value is None else
                     "金额为零或负数，不参与货币单位抽样") for i in items if i.value is None or i.value <= 0]
        if not usable:
            raise SelectionError("没有金额为正的项目，无法进行货币单位抽样")
        weights, scale = _scaled([i.value for i in usable])
    interval, start_used, points = _interval_points(rng, weights, scale, n, start, method)
    picked, where = [], {}
    for k, (idx, scaled_unit) in enumerate(zip(_hits(weights, points), points, strict=False), start=1):
        item, unit = usable[idx], scaled_unit / scale
        if item.id in where:
            where[item.id].reason += f"；亦含第 {k} 个间隔的单位 {_show(unit)}"
            continue
        if method == "systematic":
            reason = f"系统抽样：间隔 {_show(interval)}，第 {k} 个单位 {_show(unit)}"
        elif Fraction(weights[idx], scale) >= interval:
            reason = f"关键项目：金额 {item.value} ≥ 间隔 {_show(interval)}（第 {k} 个单位 {_show(unit)}）"
        else:
            label = "单元抽样" if method == "cell" else "货币单位抽样"
            reason = f"{label}：间隔 {_show(interval)}，第 {k} 个单位 {_show(unit)}"
        where[item.id] = Picked(item, reason)
        picked.append(where[item.id])
    params = {"interval": str(interval), "start": None if start_used is None else str(start_used),
              "total": str(Fraction(sum(weights), scale))}
    return picked, excluded, params


def allocate(sizes: dict[str, int], n: int) -> dict[str, int]:
    """Proportional allocation of n over strata (largest remainders), at least one per stratum."""
    total = sum(sizes.values())
    if n < len(sizes):
        raise SelectionError(f"样本量 {n} 少于层数 {len(sizes)}：每层至少抽 1 项")
    quota = {h: Fraction(n * s, total) for h, s in sizes.items()}
    alloc = {h: min(sizes[h], max(1, math.floor(q))) for h, q in quota.items()}
    while sum(alloc.values()) < n:
        h = max((h for h in alloc if alloc[h] < sizes[h]), key=lambda h: (quota[h] - alloc[h], -_order(sizes, h)))
        alloc[h] += 1
    while sum(alloc.values()) > n:
        h = min((h for h in alloc if alloc[h] > 1), key=lambda h: (quota[h] - alloc[h], _order(sizes, h)))
        alloc[h] -= 1
    return alloc


def _order(sizes, h):
    return list(sizes).index(h)


def _stratified(rng, items, n, by, per_stratum):
    if not by:
        raise SelectionError("stratified 抽样需要 --by 字段")
    if by not in items[0].fields:
        raise SelectionError(f"总体中没有分层字段“{by}”（可用：{'、'.join(sorted(items[0].fields))}）")
    strata: dict[str, list[Item]] = {}
    for item in items:
        strata.setdefault(item.fields[by], []).append(item)
    strata = dict(sorted(strata.items()))
    sizes = {h: len(v) for h, v in strata.items()}
    alloc = {h: min(per_stratum, s) for h, s in sizes.items()} if per_stratum else allocate(sizes, n)
    picked = []
    for h, members in strata.items():
        for k, item in enumerate(_random_subset(rng, members, alloc[h]), start=1):
            picked.append(Picked(item, f"分层 {by}={h or '（空）'}：本层第 {k} 项（本层抽 {alloc[h]}/{sizes[h]}）", h))
    return picked, {"by": by, "allocation": alloc, "per_stratum": per_stratum}


def _risk(rng, items, n, top):
    top = math.ceil(n / 2) if top is None else top
    if top > n:
        raise SelectionError(f"--top {top} 大于样本量 {n}")
    ranked = sorted(items, key=lambda i: (i.risk is None, -(i.risk or 0.0), i.position))
    picked = [Picked(item, f"风险排名第 {r}（风险值 {item.risk:g}）") for r, item in enumerate(ranked[:top], start=1)
              if item.risk is not None]
    chosen = {p.item.id for p in picked}
    rest = [i for i in items if i.id not in chosen]
    for k, item in enumerate(_random_subset(rng, rest, n - len(picked)), start=1):
        picked.append(Picked(item, f"随机补足：第 {k} 项"))
    return picked, {"top": top}


def select(items, method: str, size: int | None, seed: int, start=None, by: str | None = None,
           per_stratum: int | None = None, top: int | None = None) -> Selection:
    """Draw a sample of `size` from `items` (a population's items, in list order)."""
    items = list(items)
    if method not in METHODS:
        raise SelectionError(f"未知的抽样方法“{method}”（可选：{'、'.join(METHODS)}）")
    if not items:
        raise SelectionError("总体为空")
    if size is None and not (method == "stratified" and per_stratum):
        raise SelectionError("需要 --size N（样本量）")
    if size is not None and size < 1:
        raise SelectionError(f"--size 应为正整数，收到 {size}")
    if size is not None and size > len(items) and method not in ("mus", "cell"):
        raise SelectionError(f"样本量 {size} 大于总体数量 {len(items)}")
    if start is not None and method not in ("systematic", "mus"):
        raise SelectionError("--start 只适用于 systematic 与 mus 抽样")
    rng = random.Random(seed)
    excluded, params = [], {}
    if method == "random":
        picked = [Picked(item, f"简单随机抽样：第 {k} 次抽取")
                  for k, item in enumerate(_random_subset(rng, items, size), start=1)]
    elif method in ("systematic", "mus", "cell"):
        picked, excluded, params = _by_units(rng, items, size, start, method)
    elif method == "stratified":
        picked, params = _stratified(rng, items, size, by, per_stratum)
    else:
        picked, params = _risk(rng, items, size, top)
    parameters = {"size": size, **params}
    return Selection(method, seed, parameters, picked, excluded)


def extension_seed(seed: int, extension: int) -> int:
    """The seed of the k-th extension: derived from the recorded seed, so an extension redraws too."""
    digest = hashlib.sha256(f"perfscore-sampling/{seed}/extend/{extension}".encode()).hexdigest()
    return int(digest[:15], 16)


def extend(items, drawn_ids: list[str], method: str, seed: int, extension: int, to: int, parameters: dict) -> Selection:
    """Add items to a sample until it holds `to` items, keeping every item already drawn.

    The additional items are drawn by the same method from the items not yet in the sample, with
    a seed derived from the recorded seed and the extension number (a start is drawn, not reused;
    for risk the extra items are a random remainder — the top of the list is already in).
    """
    drawn = set(drawn_ids)
    rest = [i for i in items if i.id not in drawn]
    extra = to - len(drawn)
    if extra < 1:
        raise SelectionError(f"--to {to} 应大于样本现有的 {len(drawn)} 项")
    if method not in ("mus", "cell") and extra > len(rest):
        raise SelectionError(f"--to {to} 超过总体数量 {len(items)}")
    if not rest:
        raise SelectionError("总体中已没有未抽取的项目")
    new_seed = extension_seed(seed, extension)
    if method == "stratified":
        if parameters.get("per_stratum"):
            raise SelectionError("按 --per-stratum 固定每层数量的样本不能扩大；请改用按比例分层")
        result = select(rest, method, extra, new_seed, by=parameters.get("by"))
    elif method == "risk":
        result = select(rest, "risk", extra, new_seed, top=0)
    else:
        result = select(rest, method, extra, new_seed)
    for p in result.picked:
        p.extension = extension
        p.reason = f"扩样第 {extension} 次：{p.reason}"
    result.parameters = {"to": to, "seed": new_seed, **result.parameters}
    return result
