"""Explanations: the whole trace of a score, in Chinese, each rule with its file, key and citation.

Used by `explain`, `evaluate --explain` and `rules test --explain`: the values as read, the rule
applied (ruleset file:line and the document it cites), the formula with the numbers, for the
budget, every indicator and the total — so a reviewer can redo every sum by hand.
"""

from __future__ import annotations

from decimal import Decimal

from scorer.codes import SEVERITY_NAMES
from scorer.errors import one_line
from scorer.numbers import deviation_word, fmt, fmt_percent, fmt_printed, round_half_up
from scorer.report.places import location_of, place
from scorer.report.names import COMPLETION_NAMES, DIRECTION_NAMES, STATUS_NAMES, WEIGHT_SOURCE_NAMES

CITATION_KEYS = {
    "positive": "formulas.positive", "negative": "formulas.negative", "exact": "formulas.exact",
    "deadline": "formulas.deadline", "qualitative": "qualitative.bands",
}


def explain_indicator(r, ev) -> list[str]:
    ind, ruleset = r.indicator, ev.ruleset
    lines = [f"[{ind.index + 1}] {ind.name}（{ind.level1 or '—'} / {ind.level2 or '—'}）"]
    lines.append(f"    目标值 “{ind.target if ind.target is not None else ''}” 读作：{r.target.describe()}")
    lines.append(f"    实际值 “{ind.actual if ind.actual is not None else ''}” 读作：{r.actual.describe()}")
    if r.pair_remark:
        lines.append(f"    对齐：{r.pair_remark}")
    if r.block_reason:
        lines.append(f"    一级指标：{r.block}（{r.block_reason}）")
    lines.append(f"    方向：{DIRECTION_NAMES.get(r.direction, '无法确定')}（{r.direction_reason}）")
    w = r.weight
    if w.value is not None:
        source = WEIGHT_SOURCE_NAMES[w.source]
        lines.append(f"    分值：{fmt(w.value)}（{source}{'：' + w.note if w.note else ''}）")
    else:
        lines.append(f"    分值：未知（{w.note or '未列示'}）")
    if r.completion:
        lines.append(f"    完成档位：{COMPLETION_NAMES[r.completion]}")
    if r.formula_text and r.formula_origin is None and r.met:     # identical target and actual wording
        lines.append(f"    计算：{r.formula_text}")
    elif r.formula_text:
        key = CITATION_KEYS.get(r.direction)
        if r.direction == "qualitative" and r.completion:
            key = f"qualitative.bands.{r.completion}"
        origin = r.formula_origin or ruleset.source_file
        lines.append(f"    规则：{key}（{origin}）{_cite(ruleset, key)}")
        lines.append(f"    计算：{r.formula_text}")
    if r.problem:
        lines.append(f"    无法核验：{r.problem}")
    reported = fmt_printed(ind.reported_score) if ind.reported_score is not None else "未列示"
    lines.append(f"    自评 {reported}，复算 {fmt(r.score)}，状态：{STATUS_NAMES[r.status]}")
    return lines


def _cite(ruleset, key: str | None) -> str:
    """'；依据：…' for the key or its nearest parent that has a citation."""
    parts = key.split(".") if key else []
    while parts:
        cite = ruleset.citation(".".join(parts))
        if cite:
            return f"；依据：{cite}"
        parts.pop()
    return ""


def _rule(ruleset, *path) -> str:
    key = ".".join(path)
    return f"{key}（{ruleset.origin(*path) or ruleset.source_file}）{_cite(ruleset, key)}"


def explain_header(ev) -> list[str]:
    ruleset, p = ev.ruleset, ev.form.project
    lines = [f"{ev.file} — {p.name}{f'（{p.year} 年度）' if p.year else ''}",
             f"规则集：{ruleset.id} v{ruleset.version}（继承链：{' → '.join(ruleset.files)}）"]
    if ev.ruleset_note:
        lines.append(ev.ruleset_note)
    lines += [f"已合并变更：{c.describe()}" for c in ruleset.applied_changes()]
    return lines


def explain_budget(ev) -> list[str]:
    b, printed, ruleset = ev.scored.budget, ev.form.budget, ev.ruleset
    lines = ["预算执行"]
    rate = f"，表列执行率 {fmt_printed(printed.reported_rate)}%" if printed.reported_rate is not None else ""
    a, b_ = fmt_printed(b.planned), fmt_printed(b.executed)
    lines.append(f"    读作：全年预算数 A {a}，全年执行数 B {b_}{rate}")
    lines += [f"    {note}" for note in (b.planned_note, b.executed_note, b.rate_note, b.score_note) if note]
    lines += _sources(b)
    if b.rate is not None:
        lines.append(f"    执行率：{b_} ÷ {a} = {fmt_percent(b.rate, 4)}")
    shown = f"，表列 {fmt_printed(printed.weight)}" if printed.weight is not None else ""
    lines.append(f"    分值：{fmt_printed(b.weight)}{shown}；规则 {_rule(ruleset, 'budget', 'weight')}")
    lines.append(f"    规则：{_rule(ruleset, 'budget', 'formula')}")
    if b.formula_text:
        lines.append(f"    计算：{b.formula_text}")
    if b.problem:
        lines.append(f"    无法计算：{b.problem}")
    reported = fmt_printed(printed.reported_score) if printed.reported_score is not None else "未列示"
    status = "—" if b.comparison is None else ("一致" if b.comparison.agrees else
                                                deviation_word(b.comparison.difference))
    lines.append(f"    自评 {reported}，复算 {fmt(b.score)}，状态：{status}")
    return lines


def _total_parts(scored, form, ruleset, digits: int) -> tuple[list[str], Decimal]:
    """The total's parts as shown with `digits` decimals, and the sum of what is shown."""
    shown: list[Decimal] = []

    def part(value: Decimal) -> str:
        shown.append(round_half_up(value, digits))
        return fmt(value, digits)

    parts = [f"预算执行 {part(scored.budget.exact_score)}"]
    if ruleset.goals_scored:
        for g in form.goals:
            value = min(g.reported_score, g.weight or ruleset.goals_weight or g.reported_score)
            shown.append(value)
            parts.append(f"年度总目标{g.id} {fmt_printed(g.reported_score)}（表列，不超过分值）")
    parts += [f"[{r.indicator.index + 1}] {part(r.exact_score)}" for r in scored.indicators
              if r.exact_score is not None]
    return parts, sum(shown, Decimal(0))


def _sources(b) -> list[str]:
    """资金来源 rows as read and recomputed, and whether they add up to the total row."""
    lines = []
    for row in b.sources:
        src = row.source
        cells = [f"A {fmt_printed(src.planned)}", f"B {fmt_printed(src.executed)}"]
        if row.rate is not None:
            cells.append(f"执行率 {fmt_printed(src.executed)} ÷ {fmt_printed(src.planned)} = "
                         f"{fmt_percent(row.rate, 4)}")
        if src.reported_rate is not None:
            cells.append(f"表列 {fmt_printed(src.reported_rate)}%")
        if row.formula_text:
            cells.append(f"得分 {row.formula_text}，自评 {fmt_printed(src.reported_score)}")
        elif row.score_problem:
            cells.append(row.score_problem)
        lines.append(f"    其中 {src.label}：{'，'.join(cells)}")
    for name, check in (("全年预算数", b.planned_sum), ("全年执行数", b.executed_sum)):
        if check is not None:
            verdict = ("一致" if check.agrees else "不一致") if check.complete else \
                ("有空白行，未超过总额" if check.agrees else "有空白行，已超过总额")
            lines.append(f"    各来源{name}：{check.parts_text} = {fmt_printed(check.total)}，"
                         f"总额行 {fmt_printed(check.against)}（{verdict}）")
    return lines


def explain_total(ev) -> list[str]:
    """The recomputed total with parts that add up as displayed: two decimals when they do, else four
    decimals and a note that the total is the unrounded parts' sum, rounded once."""
    scored, form, ruleset = ev.scored, ev.form, ev.ruleset
    lines = ["总分"]
    if scored.total is None:
        lines.append(f"    复算：无法复算（{'；'.join(scored.total_missing)}）")
        if scored.maximum_text:
            lines.append(f"    可达最高分：{scored.maximum_text}")
    else:
        parts, shown = _total_parts(scored, form, ruleset, 2)
        note = ""
        if round_half_up(shown, 2) != round_half_up(scored.total, 2):
            parts, shown = _total_parts(scored, form, ruleset, 4)
            note = (f"（各项按未舍入的值相加后四舍五入；上列四位小数之和为 {fmt(shown, 4)}，"
                    f"两位小数显示的各项之和与总分会差几分）")
        lines.append(f"    复算：{' + '.join(parts)} = {fmt(scored.total)}{note}")
        if scored.void_note:
            lines.append(f"    {scored.void_note}")
        grade = next((g for g in ruleset.grades if scored.total >= g.min), None)
        if grade is not None:
            lines.append(f"    等次：{fmt(scored.total)} ≥ {fmt_printed(grade.min)} → {grade.grade}；"
                         f"规则 {_rule(ruleset, 'grades')}")
    if scored.parts_sum is not None:
        lines.append(f"    表列各项合计：{scored.parts_text} = {fmt_printed(scored.parts_sum)}")
    reported = fmt_printed(form.reported_total) if form.reported_total is not None else "未列示"
    reported_grade = f"，等次 {form.reported_grade}" if form.reported_grade else ""
    lines.append(f"    表列总分 {reported}{reported_grade}")
    risk = scored.risk
    if risk.score_rate is not None:
        lines.append(f"    得分率：指标 {fmt_printed(risk.score_points)} ÷ {fmt_printed(risk.score_weight)} = "
                     f"{fmt_percent(risk.score_rate)}，预算执行率 {fmt_percent(risk.execution_rate)}；"
                     f"规则 {_rule(ruleset, 'risk', 'score_vs_execution')}")
    return lines


def explain_findings(ev, findings) -> list[str]:
    """Each finding placed as the table places it: file:line:col, then the place in words."""
    if not findings:
        return ["发现：无"]
    lines = [f"发现（{len(findings)}）："]
    for f in findings:
        where = location_of(f, ev.file)
        at = f"{where}: " if where.line is not None else ""
        lines.append(one_line(f"    {at}[{SEVERITY_NAMES[f.severity]}] {f.code} {f.name}"
                              f"（{place(f.path, ev.form)}）：{f.message}"))
    return lines


def explain_evaluation(ev, indicator: int | None = None) -> list[str]:
    """The whole trace (or one indicator's), followed by the findings it explains.

    Each line is escaped (one_line): names, targets, actuals, titles, citations and file names are
    user text and must not break a line, forge one or drive the terminal."""
    if indicator is not None:
        r = ev.scored.indicators[indicator]
        prefix = f"indicators[{indicator}]"
        mine = [f for f in ev.findings if f.path == prefix or f.path.startswith((prefix + ".", prefix + "["))]
        return _safe(explain_header(ev) + explain_indicator(r, ev) + explain_findings(ev, mine))
    lines = explain_header(ev) + explain_budget(ev)
    return _safe(lines + _indicators(ev) + explain_total(ev) + explain_findings(ev, ev.findings))


def explain_steps(ev) -> list[str]:
    """Budget, indicators and total, without header and findings (for `evaluate --explain`)."""
    return _safe(explain_budget(ev) + _indicators(ev) + explain_total(ev))


def _safe(lines: list[str]) -> list[str]:
    return [one_line(line) for line in lines]


def _indicators(ev) -> list[str]:
    return ["指标"] + ["  " + line for r in ev.scored.indicators for line in explain_indicator(r, ev)]
