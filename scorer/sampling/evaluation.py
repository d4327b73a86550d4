"""Evaluation: what a reviewed sample says about the population.

- most likely error rate = Σ taints ÷ n (a taint is misstatement ÷ book value; an error in an
  attribute sample is a taint of 1);
- upper limit for counts (or a sum of taints): binomial, Poisson or hypergeometric, as in `bounds`;
- Stringer bound for monetary-unit samples: overstatement taints sorted descending and capped at 1,
  p(0) + Σ_{i=1..m} [p(i) − p(i−1)] · t_i, with p(i) the upper limit for i errors in n (binomial
  Clopper–Pearson by default, as jfa; Poisson factors 3.00, 4.75, 6.30 … as in the AICPA guide's
  tables). Understatements (negative taints) do not enter the bound and are reported separately;
- conclusion: the upper limit against the tolerable rate; with a book value, the projected
  misstatement and the upper limit in money (key items add their misstatement in full).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from scorer.sampling.bounds import upper_bound


class EvaluationError(ValueError):
    """Evaluation parameters that do not fit (Chinese message)."""


@dataclass
class Evaluation:
    size: int
    confidence: Decimal
    method: str                          # binomial | poisson | hypergeometric | stringer
    likelihood: str
    errors: float
    taints: list[float]
    most_likely: float
    upper_bound: float
    tolerable: Decimal | None = None
    population: int | None = None
    book_value: Decimal | None = None
    key_misstatement: Decimal = Decimal(0)
    key_total: Decimal = Decimal(0)
    understatements: list[float] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    judgemental: list = field(default_factory=list)      # (id, misstatement) of risk-chosen items, not inferred

    @property
    def conclusion(self) -> str | None:
        if self.tolerable is None:
            return None
        return "accept" if self.overall_upper() < float(self.tolerable) else "reject"

    def projected(self) -> Decimal | None:
        """Projected misstatement in money: most likely rate × sampled book value + key items."""
        if self.book_value is None:
            return None
        return _money(self.most_likely * float(self.book_value)) + self.key_misstatement

    def upper_money(self) -> Decimal | None:
        if self.book_value is None:
            return None
        return _money(self.upper_bound * float(self.book_value)) + self.key_misstatement

    def overall_upper(self) -> float:
        """The upper limit as a share of the whole population's book value (key items included)."""
        if self.book_value is None or not self.key_misstatement:
            return self.upper_bound
        total = self.book_value + self.key_total
        return float(self.upper_money() / total) if total else self.upper_bound

    def to_json(self) -> dict:
        out = {"upper_bound": round(self.upper_bound, 10), "most_likely": round(self.most_likely, 10),
               "conclusion": self.conclusion, "method": self.method, "likelihood": self.likelihood,
               "size": self.size, "errors": self.errors, "confidence": float(self.confidence),
               "tolerable": None if self.tolerable is None else float(self.tolerable)}
        out["taints"] = self.taints
        if self.understatements:
            out["understatements"] = self.understatements
        if self.population:
            out["population"] = self.population
        if self.judgemental:
            out["risk_chosen"] = [{"id": i, "misstatement": str(m)} for i, m in self.judgemental]
        if self.book_value is not None:
            out["book_value"] = str(self.book_value + self.key_total)
            out["projected_misstatement"] = str(self.projected())
            out["upper_misstatement"] = str(self.upper_money())
            out["key_item_misstatement"] = str(self.key_misstatement)
        return out


def _money(x: float) -> Decimal:
    return Decimal(repr(x)).quantize(Decimal("0.01"))


def _check(size, confidence, likelihood, population):
    if size < 1:
        raise EvaluationError(f"--size 应为正整数，收到 {size}")
    if not 0 < confidence < 1:
        raise EvaluationError(f"--confidence 应在 0 与 1 之间（不含端点），收到 {confidence}")
    if likelihood == "hypergeometric":
        if population is None:
            raise EvaluationError("hypergeometric 需要 --population N（总体数量）")
        if size > population:
            raise EvaluationError(f"样本量 {size} 大于总体数量 {population}")


def evaluate_counts(size: int, errors: float, confidence: Decimal, likelihood: str = "binomial",
                    population: int | None = None, tolerable: Decimal | None = None) -> Evaluation:
    """Errors (or a sum of taints) found in a sample of `size`: most likely rate and upper limit."""
    _check(size, confidence, likelihood, population)
    if errors < 0 or errors > size:
        raise EvaluationError(f"偏差数 {errors:g} 应在 0 与样本量 {size} 之间")
    if likelihood == "hypergeometric" and errors != int(errors):
        raise EvaluationError("hypergeometric 的偏差数应为整数")
    bound = upper_bound(likelihood, errors, size, float(confidence), population)
    return Evaluation(size, confidence, likelihood, likelihood, errors, [], errors / size, bound,
                      tolerable, population)


def stringer_steps(size: int, taints: list[float], confidence: float, likelihood: str = "binomial"):
    """The Stringer bound and its terms: [(i, t_i, p(i) − p(i−1), contribution)]."""
    ordered = sorted((min(1.0, t) for t in taints if t > 0), reverse=True)
    previous = upper_bound(likelihood, 0, size, confidence)
    bound, terms = previous, []
    for i, t in enumerate(ordered, start=1):
        p = upper_bound(likelihood, i, size, confidence)
        terms.append((i, t, p - previous, (p - previous) * t))
        bound += (p - previous) * t
        previous = p
    return bound, ordered, terms


def evaluate_taints(size: int, taints: list[float], confidence: Decimal, method: str = "stringer",
                    likelihood: str = "binomial", population: int | None = None,
                    tolerable: Decimal | None = None) -> Evaluation:
    """Taints of a monetary-unit sample: Stringer (default) or a bound on the sum of the taints."""
    _check(size, confidence, likelihood, population)
    if len(taints) > size:
        raise EvaluationError(f"错报比例有 {len(taints)} 个，多于样本量 {size}")
    understatements = [t for t in taints if t < 0]
    most_likely = sum(taints) / size
    if method == "stringer":
        if likelihood == "hypergeometric":
            raise EvaluationError("Stringer 界使用 binomial 或 poisson 的上限")
        bound, ordered, terms = stringer_steps(size, taints, float(confidence), likelihood)
        ev = Evaluation(size, confidence, "stringer", likelihood, float(len(ordered)), ordered, most_likely,
                        bound, tolerable, population, understatements=understatements)
        p0 = upper_bound(likelihood, 0, size, float(confidence))
        ev.steps = [f"p(0) = {p0:.6f}"] + [f"+ [p({i}) − p({i - 1})] × {t:g} = {d:.6f} × {t:g} = {c:.6f}"
                                          for i, t, d, c in terms]
        return ev
    total = sum(min(1.0, t) for t in taints if t > 0)
    ev = evaluate_counts(size, total, confidence, likelihood, population, tolerable)
    ev.taints, ev.most_likely, ev.understatements = sorted(taints, reverse=True), most_likely, understatements
    return ev


UNIT_METHODS = ("mus", "cell")


def evaluate_sample(stored, reviews: dict, confidence: Decimal, likelihood: str | None = None,
                    method: str | None = None, tolerable: Decimal | None = None) -> Evaluation:
    """Evaluate a stored sample from its recorded reviews.

    Monetary-unit samples (mus, cell): key items (at or above the interval) were examined in full,
    so their misstatement is added as it is; every other item gives a taint = misstatement ÷ book
    value, evaluated with Stringer (or a bound on the sum of taints) over the non-key items, and
    projected on the book value outside the key items.  Other samples: an item with a non-zero
    misstatement is one error.
    """
    missing = [i["id"] for i in stored.items if i["id"] not in reviews]
    if missing:
        shown = "、".join(missing[:10]) + ("…" if len(missing) > 10 else "")
        raise EvaluationError(f"样本 {stored.id} 中有 {len(missing)} 项尚未登记复核结果：{shown}")
    if stored.method not in UNIT_METHODS:
        likelihood = likelihood or "binomial"
        # a risk sample's top K were chosen by judgement: only the random remainder supports inference
        chosen = [i for i in stored.items if stored.method == "risk" and i["reason"].startswith("风险排名")]
        drawn = [i for i in stored.items if i not in chosen]
        if not drawn:
            raise EvaluationError(f"样本 {stored.id} 全部按风险选取，没有随机部分，不能作统计推断")
        errors = sum(1 for i in drawn if reviews[i["id"]]["misstatement"] != 0)
        population = stored.population_size - len(chosen) if likelihood == "hypergeometric" else None
        ev = evaluate_counts(len(drawn), errors, confidence, likelihood, population, tolerable)
        ev.judgemental = [(i["id"], reviews[i["id"]]["misstatement"]) for i in chosen]
        return ev
    key = [i for i in stored.items if "关键项目" in i["reason"]]
    rest = [i for i in stored.items if "关键项目" not in i["reason"]]
    if not rest:
        raise EvaluationError(f"样本 {stored.id} 全是关键项目：没有需要推断的部分")
    taints = [float(reviews[i["id"]]["misstatement"] / i["value"]) for i in rest]
    ev = evaluate_taints(len(rest), taints, confidence, method or "stringer", likelihood or "binomial", None,
                         tolerable)
    ev.key_misstatement = sum((reviews[i["id"]]["misstatement"] for i in key), Decimal(0))
    ev.key_total = sum((i["value"] for i in key), Decimal(0))
    if stored.population_total is not None:
        ev.book_value = stored.population_total - ev.key_total
    return ev
