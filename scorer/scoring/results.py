"""What scoring hands to checks and reports: every recomputed number and every comparison.

Scoring decides; checks only turn these results into findings and reports only format them, so a
rate, a sum or a total is judged in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from scorer.model import BudgetSource, Comparison, Form, Indicator
from scorer.numbers import fmt, fmt_like, fmt_plain, fmt_printed
from scorer.forms.reading import Reading
from scorer.rules.formula import Formula, render
from scorer.rules.ruleset import Ruleset
from scorer.scoring.weights import Group, Weight


@dataclass(slots=True)
class RateCheck:
    """A printed 执行率 (percent points) against B/A, and what it should read at its printed precision.
    (Slotted, not frozen: see `Comparison`.)"""
    reported: Decimal
    computed: Decimal           # B/A × 100, exact
    agrees: bool

    @property
    def expected_text(self) -> str:
        """What the rate should read at its printed precision: "77.4" for a printed "77.5" against 77.4458."""
        return fmt_like(self.computed, self.reported)


@dataclass(slots=True)
class SumCheck:
    """Printed parts added up and set against the figure they should make."""
    parts: tuple[Decimal, ...]
    total: Decimal              # Σ parts, exact
    against: Decimal | None     # the printed (or ruleset) figure; None when there is nothing to compare
    agrees: bool
    complete: bool = True       # False: some parts are blank, so only "more than the total" can be judged

    @property
    def parts_text(self) -> str:
        return " + ".join(fmt_printed(p) for p in self.parts)


@dataclass(slots=True)
class ShownFormula:
    """An indicator's formula with its numbers, written out only when something reads it.

    Scoring keeps the numbers; the words ("正向指标：210 ≥ 200 → 5 = 5.00") are for JSON, explain and
    the findings of rows that disagree — the table, CSV and audit never show them for a row that
    agrees, so most rows of a batch never need them."""
    label: str                  # 正向 / 反向 / 等于 / 时限
    formula: Formula
    names: dict                 # weight, target, actual … as the formula was given them
    exact: Decimal              # its value, before the cap at the weight

    def text(self) -> str:
        weight = self.names["weight"]
        capped = "" if self.exact <= weight else f"，不超过分值 {fmt_printed(weight)}"
        return f"{self.label}指标：{render(self.formula, self.names)} = {fmt(self.exact)}{capped}"


@dataclass(slots=True)
class ShownBand:
    """A 定性 indicator's band as words, written only when read (as `ShownFormula`)."""
    completion_name: str        # 达成 / 部分达成 / 未达成
    fractions: tuple[Decimal, Decimal]
    weight: Decimal
    low: Decimal
    high: Decimal

    def text(self) -> str:
        low_pct, high_pct = (fmt_plain(f * 100) for f in self.fractions)
        return (f"定性指标：{self.completion_name}档 {low_pct}%–{high_pct}% × {fmt_printed(self.weight)} = "
                f"{fmt(self.low)}–{fmt(self.high)}")


@dataclass(slots=True)
class ShownBudgetFormula:
    """The budget formula (total row or a 资金来源 row) with its numbers, written out when read."""
    formula: Formula
    names: dict                 # weight, planned, executed, rate
    exact: Decimal              # its value
    clamped: Decimal            # within [0, weight]: the score

    def text(self) -> str:
        weight = self.names["weight"]
        bound = "" if self.clamped == self.exact else \
            f"，限于 0 至分值 {fmt_printed(weight)} 之间，计 {fmt(self.clamped)}"
        return f"{render(self.formula, self.names)} = {fmt(self.exact)}{bound}"


class WrittenWhenRead:
    """`formula_text` for a result that keeps its formula and numbers in `shown_formula` (fields
    `_formula_text` and `shown_formula`): the words are written on first read and kept, and a
    pickled result (a --jobs result on its way back) carries the words, not the formula's tree."""

    @property
    def formula_text(self) -> str | None:
        if self._formula_text is None and self.shown_formula is not None:
            self._formula_text = self.shown_formula.text()
        return self._formula_text

    @formula_text.setter
    def formula_text(self, text: str | None) -> None:
        self._formula_text = text

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        if state["shown_formula"] is not None:
            state["_formula_text"] = self.formula_text
            state["shown_formula"] = None
        return state


@dataclass
class SourceResult(WrittenWhenRead):
    """One 资金来源 row (其中：当年财政拨款 …) recomputed like the total row."""
    source: BudgetSource
    path: str                                   # budget.sources[i]
    rate: Decimal | None = None
    rate_check: RateCheck | None = None
    exact_score: Decimal | None = None
    _formula_text: str | None = field(default=None, repr=False, compare=False)
    shown_formula: ShownBudgetFormula | None = field(default=None, repr=False, compare=False)
    comparison: Comparison | None = None
    score_problem: str | None = None            # a printed score with no weight, or above the budget weight


@dataclass
class BudgetResult(WrittenWhenRead):
    planned: Decimal | None
    executed: Decimal | None
    rate: Decimal | None
    weight: Decimal
    weight_origin: str | None
    score: Decimal | None
    exact_score: Decimal | None
    _formula_text: str | None = field(default=None, repr=False, compare=False)
    shown_formula: ShownBudgetFormula | None = field(default=None, repr=False, compare=False)
    problem: str | None = None
    # no_planned | zero_planned | no_executed | formula
    problem_kind: str | None = None
    comparison: Comparison | None = None
    rate_check: RateCheck | None = None
    printed_weight: Decimal | None = None       # 分值 as printed when it differs from the ruleset's
    over_executed: bool = False
    planned_note: str | None = None             # how A was obtained when the total row is blank
    executed_note: str | None = None
    rate_note: str | None = None                # a rate printed as a fraction ("0.963"), read as 96.3%
    score_note: str | None = None               # the score follows the printed (rounded) rate
    sources: list[SourceResult] = field(default_factory=list)
    planned_sum: SumCheck | None = None         # source rows' A against the total row's
    executed_sum: SumCheck | None = None


@dataclass
class IndicatorResult(WrittenWhenRead):
    indicator: Indicator
    path: str
    group: str | None
    target: Reading | None
    actual: Reading | None
    direction: str | None
    direction_reason: str
    weight: Weight
    block: str | None                           # 一级指标 as used (printed, or inferred from the 二级)
    block_reason: str | None                    # how the block was inferred, when it was
    score: Decimal | None = None
    exact_score: Decimal | None = None
    band: tuple[Decimal, Decimal] | None = None
    completion: str | None = None
    _formula_text: str | None = field(default=None, repr=False, compare=False)    # see formula_text
    shown_formula: ShownFormula | ShownBand | None = field(default=None, repr=False, compare=False)
    met: bool | None = None
    achievement: Decimal | None = None          # actual / target for 正向/等于 targets
    pair_remark: str | None = None
    problem: str | None = None                  # why it cannot be verified
    # no_weight | missing | unreadable | unit_mismatch | ambiguous | not_number | words | formula
    problem_kind: str | None = None
    comparison: Comparison | None = None
    formula_origin: str | None = None
    above_weight: bool = False                  # reported score above the weight
    over_achieved: bool = False                 # 正向/等于 actual ≥ indicators.over_achievement × target

    @property
    def verifiable(self) -> bool:
        return self.score is not None

    @property
    def status(self) -> str:
        if self.score is None:
            return "unverifiable"
        if self.comparison is None:
            return "computed"
        if self.direction == "qualitative":
            return "in_band" if self.comparison.agrees else "out_of_band"
        if self.comparison.agrees:
            return "ok"
        return "inflated" if self.comparison.difference > 0 else "deflated"


@dataclass
class GroupResult:
    """A goal, a block or the whole table: its printed weights and scores against its weight."""
    group: Group
    weight_sum: SumCheck | None = None          # printed weights vs the group's weight (W01/W02)
    score_sum: SumCheck | None = None           # printed scores vs the group's weight: must not exceed (W04)


@dataclass
class RiskResult:
    """Signals a provincial system raises (feed the audit's risk score)."""
    score_rate: Decimal | None = None           # indicator points ÷ indicator weight
    execution_rate: Decimal | None = None       # min(B/A, 1)
    score_points: Decimal | None = None
    score_weight: Decimal | None = None
    relative_gap: Decimal | None = None         # (score rate − execution rate) ÷ score rate
    score_above_execution: bool = False         # relative_gap above risk.score_vs_execution %
    all_full_unspent: bool = False              # every indicator at full marks, money unspent
    unexecuted: Decimal | None = None           # 1 − B/A when above risk.unexecuted_above %


@dataclass
class Scored:
    form: Form
    ruleset: Ruleset
    budget: BudgetResult
    indicators: list[IndicatorResult]
    spread_note: str | None
    total: Decimal | None
    total_missing: list[str] = field(default_factory=list)
    void_rows: frozenset[int] = frozenset()             # blank rows outside the points (no weight, no score)
    void_note: str | None = None
    parts_sum: Decimal | None = None
    parts_missing: list[str] = field(default_factory=list)
    parts: tuple[Decimal, ...] = ()                     # the printed parts of 总分 (parts_text shows them)
    groups: list[Group] = field(default_factory=list)   # how the indicator points are shared out
    exact_total: Decimal | None = None                  # the total before its single rounding
    total_comparison: Comparison | None = None          # reported 总分 vs recomputed (T02)
    parts_agrees: bool | None = None                    # reported 总分 vs its printed parts (T01)
    implied_part: tuple[str, Decimal, str] | None = None   # (name, value, "98 − 19 − 54") when one part is blank
    subtotal: SumCheck | None = None                    # indicator scores vs printed subtotal (T06)
    group_results: list[GroupResult] = field(default_factory=list)
    missing_blocks: list[tuple[str, Decimal]] = field(default_factory=list)   # required blocks absent (W01)
    points: SumCheck | None = None                      # every weight vs the ruleset's total (W03)
    points_path: str | None = None
    maximum: Decimal | None = None                      # highest total this form can reach
    above_maximum: bool = False                         # reported 总分 above it (T07)
    risk: RiskResult = field(default_factory=RiskResult)

    @property
    def grade(self) -> str | None:
        return self.ruleset.grade_of(self.total)

    # Words for explain and for the findings of totals that disagree, written when read.

    @property
    def parts_text(self) -> str:
        """"19 + 54": the printed parts of 总分."""
        return " + ".join(fmt_printed(p) for p in self.parts)

    @property
    def maximum_text(self) -> str | None:
        """How the highest reachable total was found."""
        if self.maximum is None:
            return None
        ruleset = self.ruleset
        return (f"预算执行 {self.budget.formula_text} + 其余分值 {fmt_printed(ruleset.total)} − "
                f"{fmt_printed(ruleset.budget_weight)} = {fmt(self.maximum)}")
