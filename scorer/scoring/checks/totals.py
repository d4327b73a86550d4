"""T family: the 总分 against its printed parts and the recomputation; the 等次 against both."""

from __future__ import annotations

from decimal import Decimal

from scorer.numbers import agrees, fmt, fmt_printed
from scorer.scoring.checks import Context, check


@check("T")
def total_checks(ctx: Context) -> None:
    scored, form, ruleset = ctx.scored, ctx.form, ctx.ruleset
    _indicator_subtotal(ctx)
    reported = form.reported_total
    unverified = []
    if reported is not None:
        if scored.parts_sum is not None:
            if not agrees(reported, scored.parts_sum, ruleset.tolerance):
                ctx.emit("T01", "reported_total",
                         f"各项得分合计 {scored.parts_text} = {fmt_printed(scored.parts_sum)}，"
                         f"表列总分 {fmt_printed(reported)}",
                         expected=scored.parts_sum, reported=reported)
        else:
            unverified.append(_missing_parts_text(ctx))
        if scored.total is not None:
            if not agrees(reported, scored.total, ruleset.tolerance):
                diff = reported - scored.total
                ctx.emit("T02", "reported_total",
                         f"复算总分 {fmt(scored.total)}，表列 {fmt_printed(reported)}，"
                         f"{'高估' if diff > 0 else '低估'} {fmt(abs(diff))}",
                         expected=scored.total, reported=reported)
        else:
            unverified.append("总分无法复算：" + "；".join(scored.total_missing))
    if unverified:
        ctx.emit("T05", "reported_total", "；".join(unverified))
    _grades(ctx)


def _missing_parts_text(ctx: Context) -> str:
    scored, form = ctx.scored, ctx.form
    text = f"无法核对合计：{'、'.join(scored.parts_missing)}未列示"
    known = []
    if form.budget.reported_score is not None:
        known.append(form.budget.reported_score)
    subtotal = form.indicators_total.reported_score if form.indicators_total else None
    if subtotal is None and all(i.reported_score is not None for i in form.indicators) and form.indicators:
        subtotal = sum((i.reported_score for i in form.indicators), Decimal(0))
    if subtotal is not None:
        known.append(subtotal)
    if len(scored.parts_missing) == 1 and len(known) == 2:
        implied = form.reported_total - sum(known, Decimal(0))
        text += (f"；按表列推算该项为 {fmt_printed(form.reported_total)} − "
                 f"{' − '.join(fmt_printed(k) for k in known)} = {fmt_printed(implied)}")
    return text


def _indicator_subtotal(ctx: Context) -> None:
    form = ctx.form
    subtotal = form.indicators_total.reported_score if form.indicators_total else None
    scores = [i.reported_score for i in form.indicators]
    if subtotal is None or not scores or any(s is None for s in scores):
        return
    total = sum(scores, Decimal(0))
    if not agrees(subtotal, total, ctx.ruleset.tolerance):
        ctx.emit("T06", "indicators_total.reported_score",
                 f"各指标自评得分合计 {fmt_printed(total)}，表列绩效指标自评分 {fmt_printed(subtotal)}",
                 expected=total, reported=subtotal)


def _grades(ctx: Context) -> None:
    form, ruleset, scored = ctx.form, ctx.ruleset, ctx.scored
    reported_grade = form.reported_grade.strip() if form.reported_grade else None
    from_reported = ruleset.grade_of(form.reported_total)
    if reported_grade and from_reported and reported_grade != from_reported:
        ctx.emit("T03", "reported_grade",
                 f"表列总分 {fmt_printed(form.reported_total)} 对应等次“{from_reported}”，表列“{reported_grade}”",
                 expected=from_reported, reported=reported_grade)
    claimed = reported_grade or from_reported
    computed = scored.grade
    if claimed and computed and computed != claimed:
        ctx.emit("T04", "reported_grade" if reported_grade else "reported_total",
                 f"复算总分 {fmt(scored.total)} 对应等次“{computed}”，表列{'等次' if reported_grade else '总分对应'}"
                 f"“{claimed}”", expected=computed, reported=claimed)
