"""The default human report: per indicator, then budget, totals and findings; Chinese headers."""

from __future__ import annotations

from tabulate import tabulate

from scorer.codes import SEVERITY_NAMES
from scorer.engine import BrokenFile
from scorer.errors import one_line
from scorer.numbers import fmt, fmt_percent, fmt_printed
from scorer.report.names import DIRECTION_NAMES, STATUS_NAMES
from scorer.report.explain import explain_steps

HEADERS = ["#", "指标", "方向", "目标值", "实际值", "分值", "自评", "复算", "差额", "状态"]
FORM_KINDS = {"project": "项目支出", "department": "部门整体支出"}


def _short(text: str | None, width: int = 18) -> str:
    if text is None:
        return "—"
    text = one_line(" ".join(str(text).split()))
    return text if len(text) <= width else text[: width - 1] + "…"


def _weight(r) -> str:
    w = r.weight
    if w.value is None:
        return "—"
    mark = {"deduced": "*", "spread": "≈"}.get(w.source, "")
    return fmt(w.value) + mark


def indicator_rows(ev) -> list[list[str]]:
    rows = []
    for r in ev.scored.indicators:
        ind = r.indicator
        if r.direction == "qualitative" and r.band is not None:
            computed = f"{fmt(r.band[0])}–{fmt(r.band[1])}"
        else:
            computed = fmt(r.score)
        diff = "" if r.comparison is None or r.comparison.agrees else fmt(r.comparison.difference)
        rows.append([ind.index, _short(ind.name), DIRECTION_NAMES.get(r.direction, "—"),
                     _short(ind.target, 12), _short(ind.actual, 12), _weight(r),
                     fmt_printed(ind.reported_score), computed, diff, STATUS_NAMES[r.status]])
    return rows


def render_one(ev, explain: bool = False) -> str:
    form, scored, ruleset = ev.form, ev.scored, ev.ruleset
    p = form.project
    year = f"，{p.year} 年度" if p.year else ""
    # Every line but the table (whose cells are escaped one by one) goes through one_line: user text
    # (names, grades, titles, file names) must not break a line, forge one or drive the terminal.
    lines = [one_line(f"== {ev.file} — {p.name}（{FORM_KINDS[form.kind]}{year}）"),
             one_line(f"规则集：{ruleset.id} v{ruleset.version}（{ruleset.source_file}）{ruleset.title}")]
    if ev.ruleset_note:
        lines.append(one_line(ev.ruleset_note))
    if form.indicators:
        lines.append(tabulate(indicator_rows(ev), headers=HEADERS, tablefmt="simple", disable_numparse=True))
        if any(r.weight.source == "deduced" for r in scored.indicators):
            lines.append("  * 分值未列示，由得分合计等于目标分值推定")
        if any(r.weight.source == "spread" for r in scored.indicators):
            lines.append("  ≈ 分值未列示，按规则集均分")
    b = scored.budget
    rate = fmt_percent(b.rate) if b.rate is not None else f"无法计算（{b.problem}）"
    printed_rate = ("" if form.budget.reported_rate is None
                    else f"（表列 {fmt_printed(form.budget.reported_rate)}%）")
    lines.append(one_line(f"预算执行：预算数 A {fmt_printed(b.planned)}，执行数 B {fmt_printed(b.executed)}，"
                          f"执行率 {rate}{printed_rate}，分值 {fmt_printed(b.weight)}，复算 {fmt(b.score)}，"
                          f"自评 {fmt_printed(form.budget.reported_score)}"))
    total = fmt(scored.total) if scored.total is not None else "无法复算"
    grade = f"（{scored.grade}）" if scored.grade else ""
    reported = fmt_printed(form.reported_total)
    reported_grade = f"（{form.reported_grade}）" if form.reported_grade else ""
    parts = f"，表列各项合计 {fmt_printed(scored.parts_sum)}" if scored.parts_sum is not None else ""
    lines.append(one_line(f"总分：复算 {total}{grade}，表列 {reported}{reported_grade}{parts}"))
    if explain:
        lines.append("")
        lines.append("计分过程：")
        lines.extend("  " + line for line in explain_steps(ev))
    if ev.findings:
        lines.append(f"发现（{len(ev.findings)}）：")
        for f in ev.findings:
            lines.append(one_line(f"  [{SEVERITY_NAMES[f.severity]}] {f.code} {f.name} @ {f.path}：{f.message}"))
    else:
        lines.append("发现：无")
    return "\n".join(lines) + "\n"


def render_table(results, explain: bool = False) -> str:
    return "\n".join(render_one(r, explain) for r in results if not isinstance(r, BrokenFile))
