"""The shapes that flow through perfscore: a form as printed, and the findings about it.

A `Form` holds what the unit printed, nothing computed; `score.py` turns it into a `Scored`
result and `checks/` into `Finding`s.  Everything is immutable so one loaded ruleset can score
many forms, in any order or process, with the same result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from scorer.errors import Location


@dataclass(frozen=True)
class Project:
    name: str
    department: str | None = None
    implementer: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class BudgetSource:
    """One row of the budget block split by source (其中：当年财政拨款 / 上年结转资金 / 中央补助 …).

    Rows are often partly blank: every cell but the label may be None."""
    label: str
    initial: Decimal | None = None
    planned: Decimal | None = None
    executed: Decimal | None = None
    weight: Decimal | None = None
    reported_rate: Decimal | None = None   # in percent points, as printed
    reported_score: Decimal | None = None
    rate_as_fraction: bool = False         # the rate was printed as a fraction ("0.963" for 96.3%)


@dataclass(frozen=True)
class Budget:
    planned: Decimal | None = None     # 全年预算数 A (万元); None when the cell is blank
    executed: Decimal | None = None    # 全年执行数 B (万元)
    initial: Decimal | None = None     # 年初预算数
    weight: Decimal | None = None      # 分值 as printed
    reported_rate: Decimal | None = None   # 执行率 as printed, in percent points
    reported_score: Decimal | None = None
    sources: tuple[BudgetSource, ...] = ()
    rate_as_fraction: bool = False         # the rate was printed as a fraction ("0.963" for 96.3%)


@dataclass(frozen=True)
class Goal:
    id: str
    text: str | None = None
    weight: Decimal | None = None
    reported_score: Decimal | None = None


@dataclass(frozen=True)
class Indicator:
    index: int
    name: str
    level1: str | None = None
    level2: str | None = None
    goal: str | None = None
    target: str | None = None
    actual: str | None = None
    weight: Decimal | None = None
    reported_score: Decimal | None = None
    direction: str | None = None
    note: str | None = None
    nature: str | None = None          # 指标性质 as printed (≥ / ≤ / = / 定性), when the form has that column
    unit: str | None = None            # 度量单位 as printed, when the form has that column

    @property
    def has_note(self) -> bool:
        return bool(self.note and self.note.strip() and self.note.strip() not in ("无", "/", "-", "—"))


@dataclass(frozen=True)
class IndicatorsTotal:
    """A printed subtotal for the indicator table as a whole (2019 forms: 绩效指标（60分） 自评分 54)."""
    weight: Decimal | None = None
    reported_score: Decimal | None = None


@dataclass(frozen=True)
class Form:
    source: str
    ruleset: str | None
    kind: str                          # "project" | "department"
    project: Project
    budget: Budget
    goals: tuple[Goal, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    indicators_total: IndicatorsTotal | None = None
    reported_total: Decimal | None = None
    reported_grade: str | None = None
    # where each value was written (a `Positions`), so findings can point at file:line:col
    positions: Any = field(default=None, repr=False, compare=False)

    def goal(self, goal_id: str | None) -> Goal | None:
        index = self.goal_index(goal_id)
        return None if index is None else self.goals[index]

    def goal_index(self, goal_id: str | None) -> int | None:
        """Index of a goal by id: one dict built per form, so 19,000 indicators do not scan 19,000 goals each."""
        lookup = self.__dict__.get("_goal_lookup")
        if lookup is None:
            lookup = {}
            for i, g in enumerate(self.goals):
                lookup.setdefault(g.id, i)
            object.__setattr__(self, "_goal_lookup", lookup)
        return lookup.get(goal_id)

    def locate(self, path: str) -> Location:
        """The input position of the value at a finding path (``indicators[2].reported_score``)."""
        if self.positions is None:
            return Location(self.source, None, None, path)
        return self.positions.locate(path)


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: str
    path: str
    message: str
    group: str | None = None
    expected: Decimal | str | None = None
    reported: Decimal | str | None = None
    location: Location | None = None   # file, line, column of the value the finding is about


@dataclass(slots=True)
class Comparison:
    """A reported number set against the computed one.

    Built for every scored indicator, so a slotted dataclass and not a frozen one (which costs four
    times as much to build: each field goes through object.__setattr__); nothing changes it once built.
    The other small result types built per indicator or per form (Weight, Pair, SumCheck, RateCheck,
    ShownFormula, ShownBand) follow the same rule."""
    reported: Decimal
    computed: Decimal
    agrees: bool

    @property
    def difference(self) -> Decimal:
        return self.reported - self.computed

