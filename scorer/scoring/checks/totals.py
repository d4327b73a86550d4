"""T family: the 总分 against its printed parts, the recomputation and its maximum; the 等次 against both."""

from __future__ import annotations

from scorer.numbers import fmt, fmt_deviation, fmt_printed, shown
from scorer.scoring.checks import Context, check


@check("T")
def total_checks(ctx: Context) -> None:
    scored, form = ctx.scored, ctx.form
    subtotal = scored.subtotal
    if subtotal is not None and not subtotal.agrees:
        ctx.emit("T06", "indicators_total.reported_score",
                 f"各指标自评得分合计 {fmt_printed(subtotal.total)}，"
                 f"表列绩效指标自评分 {fmt_printed(subtotal.against)}",
                 expected=subtotal.total, reported=subtotal.against)
    reported = form.reported_total
    unverified = []
    if reported is not None:
        if scored.parts_agrees is False:
            ctx.emit("T01", "reported_total",
                     f"各项得分合计 {scored.parts_text} = {fmt_printed(scored.parts_sum)}，"
                     f"表列总分 {fmt_printed(reported)}",
                     expected=scored.parts_sum, reported=reported)
        elif scored.parts_sum is None:
            unverified.append(_missing_parts_text(ctx))
        comparison = scored.total_comparison
        if comparison is not None and not comparison.agrees:
            ctx.emit("T02", "reported_total",
                     f"复算总分 {fmt(scored.total)}，表列 {fmt_printed(reported)}，"
                     f"{fmt_deviation(comparison.difference)}",
                     expected=shown(scored.total), reported=reported)
        elif comparison is None:
            unverified.append("总分无法复算：" + "；".join(scored.total_missing))
            if scored.above_maximum:
                ctx.emit("T07", "reported_total",
                         f"表列总分 {fmt_printed(reported)} 超过本表可达的最高分：{scored.maximum_text}",
                         expected=shown(scored.maximum), reported=reported)
    if unverified:
        ctx.emit("T05", "reported_total", "；".join(unverified))
    _grades(ctx)


def _missing_parts_text(ctx: Context) -> str:
    scored = ctx.scored
    text = f"无法核对合计：{'、'.join(scored.parts_missing)}未列示"
    if scored.implied_part is not None:
        _, value, sum_text = scored.implied_part
        text += f"；按表列推算该项为 {sum_text} = {fmt_printed(value)}"
    return text


# A grade printed in its long form: 优秀 for 优, 良好 for 良, 中等 for 中, 较差 for 差 (forms print both).
_LONG_GRADES = {"优秀": "优", "优等": "优", "良好": "良", "良等": "良", "中等": "中", "较差": "差"}


def as_ruleset_grade(printed: str | None, names) -> str | None:
    """The printed 等次 as the ruleset names it: spaces dropped, and a long form (优秀) taken as its
    ruleset grade (优) when the ruleset has that grade and not the long form itself."""
    if not printed:
        return None
    text = "".join(printed.split())
    if text not in names and _LONG_GRADES.get(text) in names:
        return _LONG_GRADES[text]
    return text


def _grades(ctx: Context) -> None:
    form, ruleset, scored = ctx.form, ctx.ruleset, ctx.scored
    reported_grade = as_ruleset_grade(form.reported_grade, {g.grade for g in ruleset.grades})
    printed = form.reported_grade.strip() if reported_grade else None
    from_reported = ruleset.grade_of(form.reported_total)
    if reported_grade and from_reported and reported_grade != from_reported:
        ctx.emit("T03", "reported_grade",
                 f"表列总分 {fmt_printed(form.reported_total)} 对应等次“{from_reported}”，表列“{printed}”",
                 expected=from_reported, reported=printed)
    claimed = reported_grade or from_reported
    computed = scored.grade
    if claimed and computed and computed != claimed:
        ctx.emit("T04", "reported_grade" if reported_grade else "reported_total",
                 f"复算总分 {fmt(scored.total)} 对应等次“{computed}”，表列{'等次' if reported_grade else '总分对应'}"
                 f"“{printed or claimed}”", expected=computed, reported=printed or claimed)
