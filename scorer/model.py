"""The shapes that flow through perfscore: a form as printed, and the findings about it.

A `Form` holds what the unit printed, nothing computed; `score.py` turns it into a `Scored`
result and `checks/` into `Finding`s.  Everything is immutable so one loaded ruleset can score
many forms, in any order or process, with the same result.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Project:
    name: str
    department: str | None = None
    implementer: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class Budget:
    planned: Decimal | None            # 全年预算数 A (万元)
    executed: Decimal | None           # 全年执行数 B (万元)
    initial: Decimal | None = None     # 年初预算数
    weight: Decimal | None = None      # 分值 as printed
    reported_rate: Decimal | None = None   # 执行率 as printed, in percent points
    reported_score: Decimal | None = None


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

    def goal(self, goal_id: str | None) -> Goal | None:
        for g in self.goals:
            if g.id == goal_id:
                return g
        return None

    def goal_index(self, goal_id: str | None) -> int | None:
        for i, g in enumerate(self.goals):
            if g.id == goal_id:
                return i
        return None


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


@dataclass(frozen=True)
class Comparison:
    """A reported number set against the computed one."""
    reported: Decimal
    computed: Decimal
    agrees: bool

    @property
    def difference(self) -> Decimal:
        return self.reported - self.computed

