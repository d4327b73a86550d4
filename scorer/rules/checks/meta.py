"""What a ruleset says about itself: its years, its finding levels, its citations."""

from __future__ import annotations

from scorer.codes import CODES
from scorer.rules.checks import Context, check
from scorer.rules.checks.hints import suggest
from scorer.rules.keys import get_path


def unknown_code(code: str) -> str:
    return f"未知的发现代码 “{code}”{suggest(code, CODES)}；可用代码见 perfscore codes"


@check("years")
def years(ctx: Context):
    span = ctx.data.get("years") or {}
    low, high = span.get("from"), span.get("to")
    if low is not None and high is not None and low > high:
        yield ctx.problem(("years", "from"),
                          f"适用年度起止颠倒：from {low} 晚于 to {high}；应 from ≤ to，即 from: {high}, to: {low}")


@check("findings")
def findings(ctx: Context):
    for code in ctx.data.get("findings") or {}:
        if code not in CODES:
            yield ctx.problem(("findings", code), unknown_code(code))


@check("citations")
def citations(ctx: Context):
    for key in ctx.data.get("citations") or {}:
        if get_path(ctx.data, tuple(key.split("."))) is None:
            known = {".".join(p[:n]) for p in ctx.merged.provenance for n in range(1, len(p) + 1)}
            yield ctx.problem(("citations", key),
                              f"citations 的键 “{key}” 不对应任何规则键{suggest(key, known)}；"
                              "键应写成规则的路径，如 formulas.positive", "warning")
