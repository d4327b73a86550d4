"""Risk score: why one form should be looked at before another.  The formula is in docs/audit.md.

risk = (Σ signal points) × money factor, money factor = 1 + min(log10(1 + A), 5) / 10 (A in 万元).
A form without any signal scores 0 whatever its money.  Every signal is kept with its numbers, so the
register can say per form “为什么排在前面”.
"""

from __future__ import annotations

import math
from decimal import Decimal

from scorer.numbers import round_half_up

# points per unit; the names are the keys stored in forms.signals
WEIGHTS = {
    "errors": Decimal(25),          # each error finding
    "inflation": Decimal(5),        # each point of over-statement
    "relative": Decimal(50),        # each weight's worth of over-statement (Σ excess ÷ weight)
    "total_gap": Decimal(2),        # each point between reported and computed total
    "grade_changed": Decimal(30),   # the grade changes when recomputed
    "rate_gap": Decimal(10),        # indicator score rate more than 5% above the execution rate
    "all_full": Decimal(5),         # every indicator at full marks
    "unmet_no_note": Decimal(3),    # each unmet target without a deviation note (I05)
    "arithmetic": Decimal(10),      # each broken sum or rate (B02, T01, T06, W04) on top of its error
    "warnings": Decimal(2),         # each other warning
    "duplicate": Decimal(5),        # the same form already in the population (D01)
    "conflict": Decimal(40),        # the same project with other numbers (D02)
}
LABELS = {
    "errors": "错误发现 {n} 条", "inflation": "虚高 {n} 分", "relative": "虚高占分值 {n} 倍",
    "total_gap": "总分差 {n} 分", "grade_changed": "复算后等次改变", "rate_gap": "得分率高于执行率 5% 以上",
    "all_full": "全部指标满分", "unmet_no_note": "未完成目标且无说明 {n} 项",
    "arithmetic": "算术错误 {n} 处（求和、比率）",
    "warnings": "其他警告 {n} 条", "duplicate": "重复提交", "conflict": "同一项目数据不一致的副本",
}
ARITHMETIC = {"B02", "T01", "T06", "W04"}
RATE_GAP = Decimal("0.05")


def signal(name: str, amount) -> dict:
    amount = Decimal(amount)
    return {"signal": name, "amount": f"{amount:f}", "points": f"{round_half_up(WEIGHTS[name] * amount, 2):f}"}


def money_factor(planned: Decimal | None) -> Decimal:
    if planned is None or planned <= 0:
        return Decimal(1)
    return round_half_up(Decimal(1) + Decimal(min(math.log10(1 + float(planned)), 5.0)) / 10, 3)


def final_risk(signals: list[dict], planned: Decimal | None) -> tuple[Decimal, list[dict]]:
    """The risk score and its reasons (signals largest first, then the money factor)."""
    total = sum((Decimal(s["points"]) for s in signals), Decimal(0))
    if not total:
        return Decimal("0.00"), []
    factor = money_factor(planned)
    reasons = sorted(signals, key=lambda s: (-Decimal(s["points"]), s["signal"]))
    reasons = [*reasons, {"signal": "money", "amount": f"{planned or 0:f}", "factor": f"{factor:f}"}]
    return round_half_up(total * factor, 2), reasons


def describe(reasons: list[dict]) -> str:
    """“为什么排在前面”: the reasons as one Chinese line."""
    parts = []
    for r in reasons:
        if r["signal"] == "money":
            parts.append(f"金额 {r['amount']} 万元 → 系数 ×{r['factor']}")
            continue
        amount = Decimal(r["amount"])
        n = f"{amount:f}" if amount == amount.to_integral_value() else f"{round_half_up(amount, 2):f}"
        parts.append(f"{LABELS[r['signal']].format(n=n)}（+{r['points']}）")
    return "；".join(parts)
