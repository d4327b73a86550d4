"""The default human report: per indicator, then budget, totals, findings and a one-line summary.

Made for a terminal: indicators numbered from 1, findings placed in words and by file:line:col,
repeated findings collapsed into one line, everything within the terminal width (at most 100
columns unless --wide), long names shortened with "…".
"""

from __future__ import annotations

from scorer.codes import SEVERITY_NAMES
from scorer.errors import BrokenFile, one_line
from scorer.numbers import fmt, fmt_percent, fmt_printed
from scorer.report.names import DIRECTION_NAMES, STATUS_NAMES
from scorer.report.explain import explain_steps
from scorer.report.options import ReportOptions, Summary
from scorer.report.places import FIELDS, indicator_index, location_of, place
from scorer.report.textwidth import shorten, terminal_width, width, wrap

HEADERS = ["#", "指标", "方向", "目标值", "实际值", "分值", "自评", "复算", "差额", "状态"]
FORM_KINDS = {"project": "项目支出", "department": "部门整体支出"}
GAP = 2                                   # spaces between columns (one when the terminal is narrow)
# columns that give way when the table is too wide (index → narrowest width); the name keeps twice
# the width of target and actual while they narrow together
FLEXIBLE = {1: 10, 3: 6, 4: 6}
SHARE = {1: 2, 3: 1, 4: 1}
HANG = "    "                             # continuation indent of a wrapped line


def _cell(text) -> str:
    if text is None:
        return "—"
    return one_line(" ".join(str(text).split()))


def _weight(r) -> str:
    w = r.weight
    if w.value is None:
        return "—"
    mark = {"deduced": "*", "spread": "≈"}.get(w.source, "")
    return fmt(w.value) + mark


def indicator_rows(ev) -> list[list[str]]:
    """One row per indicator, numbered from 1 as a person counts (cells not yet shortened)."""
    rows = []
    for r in ev.scored.indicators:
        ind = r.indicator
        if r.direction == "qualitative" and r.band is not None:
            computed = f"{fmt(r.band[0])}–{fmt(r.band[1])}"
        else:
            computed = fmt(r.score)
        diff = "" if r.comparison is None or r.comparison.agrees else fmt(r.comparison.difference)
        rows.append([str(ind.index + 1), _cell(ind.name), DIRECTION_NAMES.get(r.direction, "—"),
                     _cell(ind.target), _cell(ind.actual), _weight(r),
                     fmt_printed(ind.reported_score), computed, diff, STATUS_NAMES[r.status]])
    return rows


def fit_columns(rows: list[list[str]], limit: int | None) -> tuple[list[int], int]:
    """(column widths, gap) that keep the table within `limit` columns: first the flexible columns
    narrow to their minimum, then the gap between columns shrinks from two spaces to one."""
    widths = [max(width(row[i]) for row in [HEADERS, *rows]) for i in range(len(HEADERS))]
    if limit is None:
        return widths, GAP
    gap = GAP
    if sum(widths) + gap * (len(widths) - 1) > limit:
        gap = GAP if _narrowed(widths, limit, GAP) else 1
    _narrowed(widths, limit, gap)
    return widths, gap


def _narrowed(widths: list[int], limit: int, gap: int) -> bool:
    """Narrow the widest flexible column, one column at a time, until the table fits; False if it cannot."""
    trial = list(widths)
    excess = sum(trial) + gap * (len(trial) - 1) - limit
    while excess > 0:
        room = [i for i, low in FLEXIBLE.items() if trial[i] > low]
        if not room:
            return False
        widest = max(room, key=lambda i: (trial[i] / SHARE[i], -i))
        trial[widest] -= 1
        excess -= 1
    widths[:] = trial
    return True


def _pad(text: str, size: int) -> str:
    return text + " " * (size - width(text))


def indicator_table(ev, limit: int | None) -> str:
    """Header, rule and one row per indicator, aligned by display width (a Chinese character is two)."""
    rows = indicator_rows(ev)
    widths, gap = fit_columns(rows, limit)
    sep = " " * gap
    out = []
    for row in [HEADERS, ["-" * w for w in widths], *rows]:
        cells = [shorten(cell, widths[i]) if i in FLEXIBLE else cell for i, cell in enumerate(row)]
        out.append(sep.join(_pad(c, widths[i]) for i, c in enumerate(cells)).rstrip())
    return "\n".join(out)


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5, 7, 8] → '1–3、5、7–8'."""
    parts, start = [], None
    for i, n in enumerate(numbers):
        if start is None:
            start = n
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            parts.append(str(start) if start == n else f"{start}–{n}")
            start = None
    return "、".join(parts)


def _reason(finding, form) -> str:
    """The finding's message without the indicator's own name: what repeated findings share."""
    index = indicator_index(finding.path)
    if index is None or index >= len(form.indicators):
        return finding.message
    return finding.message.replace(f"“{form.indicators[index].name}”", "", 1)


def _field(path: str) -> str:
    tail = path.split("]", 1)[1].lstrip(".") if "]" in path else ""
    return f"的{FIELDS[tail]}" if tail in FIELDS else ""


def finding_lines(ev, findings) -> list[str]:
    """One line per finding; findings of one code and one reason on several indicators share a line."""
    groups: dict[tuple, list] = {}
    for f in findings:
        index = indicator_index(f.path)
        key = (f.code, f.severity, _field(f.path), _reason(f, ev.form)) if index is not None else (id(f),)
        groups.setdefault(key, []).append(f)
    lines = []
    for group in groups.values():
        f = group[0]
        where = location_of(f, ev.file)
        at = f"{where}: " if where.line is not None else ""     # file:line:col, yamllint's parsable form
        head = f"{at}[{SEVERITY_NAMES[f.severity]}] {f.code} {f.name}"
        if len(group) == 1:
            lines.append(f"{head}（{place(f.path, ev.form)}）：{f.message}")
        else:
            numbers = sorted(indicator_index(g.path) + 1 for g in group)
            where = f"第 {_ranges(numbers)} 项指标{_field(f.path)}，共 {len(group)} 项"
            lines.append(f"{head}（{where}）：{_reason(f, ev.form).lstrip('：')}")
    return [one_line(line) for line in lines]


def render_one(ev, options: ReportOptions) -> list[str]:
    form, scored, ruleset = ev.form, ev.scored, ev.ruleset
    limit = None if options.wide else (options.width or terminal_width())
    p = form.project
    year = f"，{p.year} 年度" if p.year else ""
    # Every line but the table (whose cells are escaped one by one) goes through one_line: user text
    # (names, grades, titles, file names) must not break a line, forge one or drive the terminal.
    lines = [one_line(f"== {ev.file} — {p.name}（{FORM_KINDS[form.kind]}{year}）"),
             one_line(f"规则集：{ruleset.id} v{ruleset.version}（{ruleset.source_file}）{ruleset.title}")]
    if ev.ruleset_note:
        lines.append(one_line(ev.ruleset_note))
    if form.indicators:
        lines.append(indicator_table(ev, limit))
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
    if options.explain:
        lines.append("")
        lines.append("计分过程：")
        lines.extend("  " + line for line in explain_steps(ev))
    shown = options.shown(ev.findings)
    if shown:
        lines.append(f"发现（{len(shown)}）：")
        lines.extend("  " + line for line in finding_lines(ev, shown))
    else:
        lines.append("发现：无")
    summary = Summary.of(ev.findings, options)
    lines.append(f"小结：{summary.text()}；总分 复算 {total}，表列 {reported}")
    return _fit(lines, limit)


def _fit(lines: list[str], limit: int | None) -> list[str]:
    """Wrap every line longer than `limit`, continuing under its own indent (tables already fit)."""
    if limit is None:
        return lines
    out = []
    for block in lines:
        for line in block.split("\n"):
            if width(line) <= limit:
                out.append(line)
                continue
            indent = line[: len(line) - len(line.lstrip(" "))]
            out += wrap(line[len(indent):], limit, indent, indent + HANG)
    return out


def _summary_text(tally) -> str:
    """合计 over the batch, from the counts each file added to `tally` (report/stream.Tally)."""
    evaluations = tally.results - tally.broken
    text = (f"合计：{evaluations} 张表，{tally.with_errors} 张有错误；错误 {tally.errors}，"
            f"警告 {tally.warnings}，提示 {tally.infos}")
    if tally.broken:
        text += f"；{tally.broken} 个文件无法复核（原因见错误输出）"
    return text


def table_piece(r, options: ReportOptions) -> str | None:
    """One form's block; nothing for a broken file (its error goes to stderr)."""
    return None if isinstance(r, BrokenFile) else "\n".join(render_one(r, options)) + "\n"


def table_closing(tally, options: ReportOptions) -> str | None:
    """The batch's 合计 line, when there is more than one file."""
    if tally.results <= 1:
        return None
    limit = None if options.wide else (options.width or terminal_width())
    return "\n".join(_fit([_summary_text(tally)], limit)) + "\n"


def table_layout(options: ReportOptions):
    from scorer.report.stream import Layout
    return Layout(head="", sep="\n", tail="", empty="")


def render_table(results, options: ReportOptions | None = None, *, explain: bool = False) -> str:
    from scorer.report.stream import render
    return render("table", results, options or ReportOptions(explain=explain))
