"""Effective indicator weights: printed, deduced from full scores, or spread by the ruleset.

Many real forms print only scores.  Two conventions let us still verify them honestly:
- deduce: every indicator scores at most its weight, so when a group's scores add up exactly
  to the group's weight, each weight must equal its score — a proof, not a guess;
- spread: when a form prints neither weights nor scores, a ruleset may spread the indicator
  points evenly (the neutral reading of "80 分分配到各指标"); the result says so.
Anything else stays unknown and the indicator is unverifiable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from scorer.fastpath import fast_paths_enabled
from scorer.model import Form, Indicator
from scorer.numbers import fmt_printed
from scorer.rules.ruleset import Ruleset


@dataclass(slots=True)
class Weight:
    """An indicator's effective weight and where it came from (one per indicator: slotted, not frozen,
    as `Comparison`)."""
    value: Decimal | None
    source: str | None          # "printed" | "deduced" | "spread" | None
    note: str | None = None     # how it was obtained, or why it is unknown


@dataclass(frozen=True)
class Group:
    """Indicators that share one weight: a goal, a block (一级指标), or the whole table."""
    key: str
    label: str
    weight: Decimal | None
    members: tuple[Indicator, ...]
    path: str | None            # the input value the group's weight was read from


def normalise_label(text: str | None) -> str | None:
    """'产出 指标' -> '产出指标': extraction spaces are not part of a label."""
    return "".join(text.split()) if text else text


_BRACKETED = re.compile(r"[(（][^)）]*[)）]")


def _bare(label: str) -> str:
    return label[:-2] if label.endswith("指标") else label


def infer_block(ind: Indicator, ruleset: Ruleset) -> tuple[str | None, str | None]:
    """The 一级指标 an indicator belongs to, and how it was inferred (None when printed as is).

    Printed forms lose 一级 labels to merged cells ("(40分)") and page breaks; the 二级 label still
    says where the row belongs, by the ruleset's taxonomy (`blocks.<name>.level2`)."""
    printed = normalise_label(ind.level1)
    blocks = ruleset.blocks
    if printed in blocks:
        return printed, None
    if printed:                         # "产出指标（40分）", "产出": the label with its points or suffix
        stripped = _BRACKETED.sub("", printed)
        for name in (stripped, stripped + "指标"):
            if name and name in blocks:
                return name, f"一级指标“{printed}”按“{name}”计"
    level2 = normalise_label(ind.level2)
    if level2:
        for name, rule in blocks.items():
            if any(_bare(normalise_label(item)) == _bare(level2) for item in rule.level2):
                shown = f"“{printed}”" if printed else "未列示"
                return name, (f"一级指标{shown}，按二级指标“{level2}”归入“{name}”"
                              f"（规则集 blocks.{name}.level2）")
    return printed, None


_BLOCK_MEMO_MAX = 4096


def blocks_of(form: Form, ruleset: Ruleset) -> dict[int, tuple[str | None, str | None]]:
    """Each indicator's block and, when inferred, the reason — computed once per form.

    The answer depends only on the printed 一级/二级 labels and the rules, and a batch prints the same
    few pairs on every form: each pair is worked out once per ruleset (bounded; off with the fast
    paths)."""
    if not fast_paths_enabled():
        return {ind.index: infer_block(ind, ruleset) for ind in form.indicators}
    memo = ruleset.derived("blocks_by_labels", lambda _: {})
    out = {}
    for ind in form.indicators:
        key = (ind.level1, ind.level2)
        found = memo.get(key)
        if found is None:
            if len(memo) >= _BLOCK_MEMO_MAX:
                memo.clear()
            found = memo[key] = infer_block(ind, ruleset)
        out[ind.index] = found
    return out


def indicator_points(form: Form, ruleset: Ruleset) -> tuple[Decimal, str | None]:
    """Points for the indicator table as a whole, and where that number was read."""
    if form.indicators_total is not None and form.indicators_total.weight is not None:
        return form.indicators_total.weight, "indicators_total.weight"
    return ruleset.indicators_weight, None


def _counted_within(ruleset: Ruleset, weighted_blocks: dict) -> dict[str, str]:
    """Blocks without points of their own that the taxonomy lists as a 二级 of one weighted block:
    under 财预〔2020〕10号 成本指标 is a 二级 of 产出指标, so a form printing 成本指标 as its own 一级
    (newer templates) has its points counted within 产出指标's 50."""
    out = {}
    for name, rule in ruleset.blocks.items():
        if rule.weight is not None:
            continue
        owners = [owner for owner, owned in weighted_blocks.items()
                  if any(_bare(normalise_label(item) or "") == _bare(name) for item in owned.level2)]
        if len(owners) == 1:
            out[name] = owners[0]
    return out


def _weighted_blocks(ruleset: Ruleset) -> tuple[dict, dict[str, str]]:
    """The blocks that carry points, and the unweighted blocks counted within one of them."""
    weighted = {name: rule for name, rule in ruleset.blocks.items() if rule.weight is not None}
    return weighted, (_counted_within(ruleset, weighted) if weighted else {})


def groups(form: Form, ruleset: Ruleset, blocks: dict | None = None) -> list[Group]:
    """How this form shares out its indicator points."""
    blocks = blocks if blocks is not None else blocks_of(form, ruleset)
    goal_ids = {i.goal for i in form.indicators}
    if form.goals and not ruleset.goals_scored and None not in goal_ids \
            and all(g.weight is not None for g in form.goals if g.id in goal_ids):
        out = []
        by_goal: dict[str, list[Indicator]] = {}
        for ind in form.indicators:
            by_goal.setdefault(ind.goal, []).append(ind)
        for index, goal in enumerate(form.goals):
            members = by_goal.get(goal.id, ())
            if members:
                out.append(Group(f"goal:{goal.id}", f"目标{goal.id}", goal.weight, tuple(members),
                                 f"goals[{index}].weight"))
        return out
    weighted_blocks, within = ruleset.derived("weighted_blocks", _weighted_blocks)
    if weighted_blocks:
        by_block: dict[str, list[Indicator]] = {}
        for ind in form.indicators:
            name = blocks[ind.index][0] or "（未填一级指标）"
            by_block.setdefault(within.get(name, name), []).append(ind)
        return [Group(f"block:{name}", name,
                      weighted_blocks[name].weight if name in weighted_blocks else None,
                      tuple(members), None)
                for name, members in by_block.items()]
    points, path = indicator_points(form, ruleset)
    return [Group("all", "绩效指标", points, tuple(form.indicators), path)]


def resolve(form: Form, ruleset: Ruleset, form_groups: list[Group]) -> tuple[dict[int, Weight], str | None]:
    """Effective weight per indicator index, and a form-level note when weights were spread."""
    weights: dict[int, Weight] = {}
    spread_note = None
    for group in form_groups:
        for ind in group.members:
            if ind.weight is not None:
                weights[ind.index] = Weight(ind.weight, "printed")
        pending = [i for i in group.members if i.index not in weights]
        if not pending:
            continue
        deduced = _deduce(group, pending) if "deduce" in ruleset.missing_weights else None
        if deduced:
            weights.update(deduced)
            continue
        for ind in pending:
            weights[ind.index] = Weight(None, None, "分值未列示，无法复算得分")
    if "spread" in ruleset.missing_weights and form.indicators \
            and all(i.weight is None and i.reported_score is None for i in form.indicators):
        spread_groups = form_groups if all(g.weight is not None for g in form_groups) else [
            Group("all", "绩效指标", indicator_points(form, ruleset)[0], tuple(form.indicators), None)]
        notes = []
        for group in spread_groups:
            share = group.weight / len(group.members)
            for ind in group.members:
                weights[ind.index] = Weight(
                    share, "spread",
                    f"分值未列示，按规则集均分：{fmt_printed(group.weight)} ÷ {len(group.members)} 个指标")
            notes.append(f"{group.label} {fmt_printed(group.weight)} 分 ÷ {len(group.members)} 个指标")
        spread_note = "表中未列示指标分值与得分，按规则集均分：" + "；".join(notes)
    return weights, spread_note


def _deduce(group: Group, pending: list[Indicator]) -> dict[int, Weight] | None:
    if group.weight is None or len(pending) != len(group.members):
        return None
    if any(i.reported_score is None for i in pending):
        return None
    total = sum((i.reported_score for i in pending), Decimal(0))
    if total != group.weight:
        return None
    note = (f"分值未列示：{group.label}各指标得分合计 {fmt_printed(total)} 等于其分值 "
            f"{fmt_printed(group.weight)}，而得分不得超过分值，故各指标分值即其得分")
    return {i.index: Weight(i.reported_score, "deduced", note) for i in pending}
