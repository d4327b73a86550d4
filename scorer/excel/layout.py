"""Find the forms on a sheet by their labels, wherever they start, and read each into the plain project
dict a transcriber would write in YAML (values as printed), with a cell map (key path -> sheet cell).

Nothing here is tied to cell addresses: a form starts at its title (“…自评表”), the budget block is
found by its header row (预算数 / 执行数 …), the indicator table by its header row (三级指标 / 指标内容 with
目标值 / 完成值 …), goals by their labels (年度绩效目标 1（20分）, 年度总体目标, 项目绩效总目标（20分）) or by the
merged goal column left of the indicator table, and 总分 / 自评等次 by their labels.  The templates in
use differ only in which labels they print and where; see labels.py for every synonym.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from scorer.excel.errors import WorkbookError, cell_name, sheet_cell
from scorer.excel.labels import (
    BLANK_MARKS, BUDGET_COLUMNS, FIELD_LABELS, GOAL_ROW, GOAL_TEXT_HEADERS, INDICATOR_BLOCK, INDICATOR_COLUMNS,
    NOTE_PREFIXES, OVERALL_GOAL, SOURCE_WORDS, STOP_PREFIXES, TOTAL_WORDS, YEAR_IN_TITLE, key, norm, number, weight_in,
    without_weight,
)
from scorer.excel.workbook import Sheet

KNOWN_LABELS = set(FIELD_LABELS) | set(BUDGET_COLUMNS) | set(INDICATOR_COLUMNS)


@dataclass
class FoundForm:
    """One form found on a sheet: its name (workbook#sheet!cell), the project dict and the cell map."""
    name: str
    sheet: str
    data: dict
    cells: dict[str, str] = field(default_factory=dict)     # 'indicators[2].actual' -> '表1!F9'


def _indicator_role(text: str) -> str | None:
    k = key(text)
    if k in INDICATOR_COLUMNS:
        return INDICATOR_COLUMNS[k]
    if k.startswith(NOTE_PREFIXES):
        return "note"
    return None


def _is_title(text: str) -> bool:
    """A form's title (“红色引擎工程经费项目自评表”, “项目支出绩效自评表（2019年度）”), not a sentence
    that mentions one."""
    n = norm(text)
    return ("自评表" in n and len(n) <= 60 and not any(p in n for p in "。，；“”")
            and not n.startswith(("附件", "说明", "备注")))


class _Region:
    """Rows [top, bottom) of one sheet holding one form."""

    def __init__(self, sheet: Sheet, top: int, bottom: int, supports: frozenset[str],
                 rows: dict[int, list[tuple[int, str]]]):
        self.sheet, self.top, self.bottom, self.supports = sheet, top, bottom, supports
        self.cells: dict[str, str] = {}
        self.rows = {r: cells for r, cells in rows.items() if top <= r < bottom}

    # -- cells -------------------------------------------------------------------------------
    def where(self, r: int, c: int) -> str:
        return self.sheet.where(r, c)

    def mark(self, path: str, r: int, c: int) -> None:
        self.cells[path] = self.where(r, c)

    def error(self, message: str, r: int, c: int) -> WorkbookError:
        return WorkbookError(message, file=self.sheet.workbook, cell=self.where(r, c))

    def right_of(self, r: int, c: int) -> tuple[int, int] | None:
        """The first filled cell right of a label (past the label's merged range), unless it is a label."""
        end = self.sheet.span(r, c)[3]
        for col in range(end + 1, self.sheet.ncols):
            text = self.sheet.peek(r, col)
            if not text:
                continue
            if key(text) in KNOWN_LABELS:
                return None
            return r, self.sheet.anchor(r, col)[1] if self.sheet.anchor(r, col)[0] == r else col
        return None

    def items(self):
        for r in sorted(self.rows):
            for c, text in self.rows[r]:
                yield r, c, text


def split_regions(sheet: Sheet, supports: frozenset[str]) -> list[_Region]:
    """One region per title (“…自评表”), or the whole sheet when no title is printed."""
    rows: dict[int, list[tuple[int, str]]] = {}       # anchor cells only, by row, in column order
    titles = []
    for (r, c), text in sorted(sheet.cells.items()):
        if sheet.anchor(r, c) == (r, c):
            rows.setdefault(r, []).append((c, text))
            if _is_title(text) and (not titles or titles[-1] != r):
                titles.append(r)
    if not titles:
        return [_Region(sheet, 0, sheet.nrows, supports, rows)] if sheet.cells else []
    if any(r < titles[0] for r in rows) and _has_table(sheet, 0, titles[0]):
        titles.insert(0, 0)
    bounds = [*titles, sheet.nrows]
    return [_Region(sheet, bounds[i], bounds[i + 1], supports, rows) for i in range(len(titles))]


def _has_table(sheet: Sheet, top: int, bottom: int) -> bool:
    return any(top <= r < bottom and _indicator_role(t) == "name" for (r, _), t in sheet.cells.items())


def read_region(region: _Region, workbook_name: str) -> FoundForm | None:
    """The form in one region, or None when the region holds no form (a cover page, a summary table)."""
    reader = _FormReader(region)
    return reader.read(workbook_name)


class _FormReader:
    def __init__(self, region: _Region):
        self.g = region
        self.sheet = region.sheet

    # -- the whole form --------------------------------------------------------------------------
    def read(self, workbook_name: str) -> FoundForm | None:
        g = self.g
        headers = [r for r in sorted(g.rows) if self._indicator_header(r)]
        budget_row = self._budget_header()
        title = next(((r, c, t) for r, c, t in g.items() if _is_title(t)), None)
        if title and "汇总表" in norm(title[2]):
            return None
        if not headers:
            if title is None and budget_row is None:
                return None
            r, c = (title[0], title[1]) if title else budget_row[:2]
            raise g.error("找到了自评表，但没有找到指标表的表头行（应有“三级指标”或“指标内容”，以及“年度目标值”"
                          "“实际完成值”等栏）", r, c)
        start = (title[0], title[1]) if title else (g.top, 0)
        fields = self._fields()
        data: dict = {}
        if fields.get("ruleset", (None,))[0]:
            data["ruleset"] = fields["ruleset"][0]
        data["form"] = "department" if title and "整体" in norm(title[2]) else "project"
        data["project"] = self._project(fields, data["form"], title)
        data["budget"] = self._budget(budget_row)
        goals, indicators, total = self._goals_and_indicators(headers)
        if goals:
            data["goals"] = goals
        if total:
            data["indicators_total"] = total
        data["indicators"] = indicators
        for name, field_name in (("total", "reported_total"), ("grade", "reported_grade")):
            if name in fields:
                value, r, c = fields[name]
                data[field_name] = number(value) if name == "total" else value
                g.mark(field_name, r, c)
        form_name = f"{workbook_name}#{sheet_cell(self.sheet.name, *start)}"
        return FoundForm(form_name, self.sheet.name, data, g.cells)

    # -- header fields ----------------------------------------------------------------------------
    def _fields(self) -> dict[str, tuple[str, int, int]]:
        found: dict[str, tuple[str, int, int]] = {}
        for r, c, text in self.g.items():
            n = norm(text)
            label, inline = key(text), None
            if label not in FIELD_LABELS and ":" in n:
                head, _, tail = n.partition(":")
                if head in FIELD_LABELS and tail:
                    label, inline = head, text.split("：", 1)[-1].split(":", 1)[-1].strip()
            name = FIELD_LABELS.get(label)
            if name is None or name in found:
                continue
            if inline is not None:
                found[name] = (inline, r, c)
                continue
            at = self.g.right_of(r, c)
            if at is not None:
                found[name] = (self.sheet.text(*at), *at)
            else:           # the label is printed, its cell left blank: the schema says what it needs
                found[name] = (None, r, self.sheet.span(r, c)[3] + 1)
        return found

    def _project(self, fields, kind: str, title) -> dict:
        g = self.g
        project: dict = {}
        order = ("name", "unit_name") if kind == "project" else ("unit_name", "name")
        source = next((f for f in order if f in fields), None)
        if source is None:
            r, c = (title[0], title[1]) if title else (g.top, 0)
            raise g.error("没有找到“项目名称”（部门整体支出表为“部门名称”或“单位名称”）栏及其内容", r, c)
        value, r, c = fields[source]
        project["name"] = value
        g.mark("project.name", r, c)
        department = fields.get("department") or (fields.get("unit_name") if kind == "department" else None)
        if department is not None:
            project["department"] = department[0]
            g.mark("project.department", department[1], department[2])
        if "implementer" in fields:
            value, r, c = fields["implementer"]
            project["implementer"] = value
            g.mark("project.implementer", r, c)
        year = None
        if fields.get("year", (None,))[0]:
            value, r, c = fields["year"]
            m = re.search(r"(?:19|20)\d\d", value)
            if not m:
                raise g.error(f"预算年度应为四位年份，如 2023：{value!r}", r, c)
            year = int(m.group())
            g.mark("project.year", r, c)
        else:
            for r, c, text in g.items():
                m = YEAR_IN_TITLE.search(norm(text))
                if m:
                    year = int(m.group(1))
                    g.mark("project.year", r, c)
                    break
        project["year"] = year
        return project

    # -- budget block -----------------------------------------------------------------------------
    def _budget_header(self):
        for r in sorted(self.g.rows):
            roles = {}
            for c, text in self.g.rows[r]:
                role = BUDGET_COLUMNS.get(key(text))
                if role and role not in roles:
                    roles[role] = c
            if "planned" in roles and "executed" in roles:
                return r, min(roles.values()), roles
        return None

    def _within_block(self, r: int, c: int, header_row: int, block: str) -> None:
        """A value cell merged up across its block's header row belongs to two blocks: refuse to guess."""
        r0, c0, r1, c1 = self.sheet.span(r, c)
        if r0 <= header_row <= r and r0 < r:
            rng = f"{cell_name(r0, c0)}:{cell_name(r1, c1)}"
            raise self.g.error(f"合并单元格 {rng} 跨过了{block}的表头行（第 {header_row + 1} 行），"
                               "把两块的内容并在一起，无法判断它属于哪一块；请取消这一合并", r0, c0)

    def _row_label(self, r: int, first_col: int, header_row: int) -> tuple[str, int] | None:
        """The label of a data row: the nearest filled cell left of the first value column whose merged
        range does not reach up into the header row (that one is the block's own label)."""
        for c in range(first_col - 1, -1, -1):
            text = self.sheet.peek(r, c)
            if not text:
                continue
            r0 = self.sheet.span(r, c)[0]
            if r0 <= header_row:
                return None
            return text, self.sheet.anchor(r, c)[1]
        return None

    def _budget(self, header) -> dict:
        budget: dict = {"planned": None, "executed": None}
        if header is None:
            return budget
        g, sheet = self.g, self.sheet
        hr, first_col, roles = header
        rows = []
        for r in range(hr + 1, g.bottom):
            label = self._row_label(r, first_col, hr)
            for c in roles.values():
                self._within_block(r, c, hr, "预算执行情况")
            values = {role: sheet.text(r, c) for role, c in roles.items() if role != "reported_rate"}
            if "reported_rate" in roles:      # an .xls number's meaning follows this row's B/A
                values["reported_rate"] = sheet.percent(r, roles["reported_rate"], values.get("planned", ""),
                                                        values.get("executed", ""))
            if label is None:
                if any(values.values()) and not rows:
                    rows.append(("", r, first_col, values))
                    continue
                break
            text, lc = label
            n = norm(text)
            if not (any(w in n for w in TOTAL_WORDS + SOURCE_WORDS) or n.startswith("其中")):
                break
            rows.append((text, r, lc, values))
        total = next((row for row in rows if any(w in norm(row[0]) for w in TOTAL_WORDS)), None)
        if total is None and rows and not norm(rows[0][0]).startswith("其中"):
            total = rows[0]
        if total is not None:
            self._budget_values(budget, "budget", total, roles)
        if budget.get("weight") is None:
            weight = self._budget_weight(hr, first_col, roles)
            if weight is not None:
                budget["weight"] = weight
        sources = []
        for row in rows:
            if row is total:          # every source row printed is kept, blank ones too (as transcribed)
                continue
            label = re.sub(r"^\s*其中\s*[:：]?\s*", "", row[0]).strip()
            source = {"label": re.sub(r"\s+", "", label)}
            self._budget_values(source, f"budget.sources[{len(sources)}]", row, roles)
            g.mark(f"budget.sources[{len(sources)}]", row[1], row[2])
            sources.append(source)
        if sources and "sources" in self.g.supports:
            budget["sources"] = sources
        order = ("initial", "planned", "executed", "weight", "reported_rate", "reported_score", "sources")
        return {k: budget[k] for k in order if k in budget}

    def _budget_values(self, target: dict, path: str, row, roles) -> None:
        _, r, lc, values = row
        self.g.mark(path, r, lc)
        for role, c in roles.items():
            text = values[role]
            if role == "reported_rate":
                target[role] = None if not text or text in BLANK_MARKS else text
            else:
                target[role] = number(text)
            self.g.mark(f"{path}.{role}", r, c)

    def _budget_weight(self, hr: int, first_col: int, roles) -> object:
        """The budget weight printed in a label: the block label (“预算执行情况（20分）”) or the score
        header (“得分（20分*执行率）”)."""
        candidates = [(hr, c) for c in range(first_col - 1, -1, -1)]
        if "reported_score" in roles:
            candidates.insert(0, (hr, roles["reported_score"]))
        for r, c in candidates:
            text = self.sheet.peek(r, c)
            weight = weight_in(text) if text else None
            if weight is not None:
                self.g.mark("budget.weight", *self.sheet.anchor(r, c))
                return weight
        return None

    # -- goals and indicator tables ---------------------------------------------------------------
    def _indicator_header(self, r: int) -> dict[str, int] | None:
        roles: dict[str, int] = {}
        for c, text in self.g.rows.get(r, ()):
            role = _indicator_role(text)
            if role and role not in roles:
                roles[role] = c
        if "name" in roles and ("target" in roles or "actual" in roles):
            return roles
        return None

    def _goals_and_indicators(self, headers: list[int]):
        g = self.g
        goals: list[dict] = []
        indicators: list[dict] = []
        total: dict | None = None
        current_goal = None
        column_goals: dict[tuple[int, int], str] = {}
        header_set = set(headers)
        r = g.top
        while r < g.bottom:
            if r in header_set:
                roles = self._indicator_header(r)
                r, total = self._table(r, roles, goals, indicators, current_goal, column_goals, total)
                continue
            for c, text in g.rows.get(r, ()):
                n = norm(text)
                m = GOAL_ROW.match(n)
                if m and not _indicator_role(text):
                    current_goal = self._goal_row(r, c, text, m, goals)
                    break
                if OVERALL_GOAL.match(n):
                    self._overall_goal(r, c, text, goals)
                    break
            r += 1
        return goals, indicators, total

    def _new_goal(self, goals: list[dict], goal_id, text, weight, r: int, c: int) -> str:
        path = f"goals[{len(goals)}]"
        goal = {"id": goal_id, "text": text, "weight": weight}
        goals.append(goal)
        self.g.mark(path, r, c)
        self.g.mark(f"{path}.id", r, c)
        self.g.mark(f"{path}.weight", r, c)
        return str(goal_id)

    def _goal_row(self, r: int, c: int, text: str, m, goals: list[dict]) -> str:
        goal_id = int(m.group(1)) if m.group(1) else len(goals) + 1
        at = self.g.right_of(r, c)
        body = self.sheet.text(*at) if at else None
        weight = weight_in(text)
        if weight is None and body:
            weight = weight_in(body)
            body = without_weight(body)
        goal = self._new_goal(goals, goal_id, body or None, weight, r, c)
        if at:
            self.g.mark(f"goals[{len(goals) - 1}].text", *at)
        return goal

    def _overall_goal(self, r: int, c: int, text: str, goals: list[dict]) -> None:
        """年度总体目标 / 项目绩效总目标（20分）: its text beside it, or under a 年初设定目标 sub-header."""
        sheet = self.sheet
        at = self.g.right_of(r, c)
        path = f"goals[{len(goals)}]"
        body, score = None, None
        sub = {}
        for col in range(sheet.span(r, c)[3] + 1, sheet.ncols):
            role = GOAL_TEXT_HEADERS.get(key(sheet.peek(r, col)))
            if role and role not in sub:
                sub[role] = col
        if "text" in sub:
            below = sheet.span(r, sub["text"])[2] + 1
            body = sheet.text(below, sub["text"]) or None
            self.g.mark(f"{path}.text", below, sub["text"])
            if "score" in sub:
                score = number(sheet.text(below, sub["score"]))
                self.g.mark(f"{path}.reported_score", below, sub["score"])
        elif at:
            body = sheet.text(*at) or None
            self.g.mark(f"{path}.text", *at)
        goal_id = len(goals) + 1
        self._new_goal(goals, goal_id, body, weight_in(text), r, c)
        if score is not None or "score" in sub:
            goals[-1]["reported_score"] = score

    def _left_context(self, r: int, first_col: int, header_row: int):
        """Cells left of the indicator table on row r: ('block', text, cell) for a 绩效指标（60分） label,
        ('goal', text, anchor) for a goal printed in a merged column beside its indicators."""
        out = []
        for c in range(first_col - 1, -1, -1):
            text = self.sheet.peek(r, c)
            if not text:
                continue
            anchor = self.sheet.anchor(r, c)
            n = norm(text)
            if INDICATOR_BLOCK.match(n) or _indicator_role(text):
                out.append(("block", text, anchor))
            elif GOAL_ROW.match(n) or OVERALL_GOAL.match(n):
                out.append(("goal-label", text, anchor))
            elif self.sheet.span(r, c)[0] <= header_row < r or len(n) > 4:
                out.append(("goal", text, anchor))
        return out

    def _table(self, hr: int, roles: dict[str, int], goals, indicators, current_goal, column_goals, total):
        g, sheet = self.g, self.sheet
        first_col = min(roles.values())
        name_col = roles["name"]
        for c in range(first_col, max(roles.values()) + 1):
            self._within_block(hr, c, hr, "指标表")      # a value merged down into the header row
        # the block label beside the header (绩效指标（60分）) and a subtotal right of the score header
        for kind, text, anchor in self._left_context(hr, first_col, hr - 1):
            if kind == "block" and weight_in(text) is not None:
                total = total or {}
                total["weight"] = weight_in(text)
                g.mark("indicators_total.weight", *anchor)
        if "reported_score" in roles:
            c = sheet.span(hr, roles["reported_score"])[3] + 1
            text = sheet.peek(hr, c)
            if text and isinstance(number(text), Decimal):
                total = total or {}
                total["reported_score"] = number(sheet.text(hr, c))
                g.mark("indicators_total.reported_score", *sheet.anchor(hr, c))
        carried = {"level1": None, "level2": None}
        header_keys = {role: key(sheet.peek(hr, c)) for role, c in roles.items()}
        r = sheet.span(hr, name_col)[2] + 1
        while r < g.bottom:
            if self._indicator_header(r) is not None:
                if all(key(sheet.peek(r, c)) == header_keys[role] for role, c in roles.items()):
                    r += 1           # the header printed again after a page break
                    continue
                break
            if self._stops(r, name_col):
                break
            for c in roles.values():
                self._within_block(r, c, hr, "指标表")
            values = {role: sheet.text(r, c) for role, c in roles.items()}
            if not any(values[role] for role in roles if role not in ("level1", "level2")):
                r += 1
                continue
            index = len(indicators)
            path = f"indicators[{index}]"
            if not values["name"]:
                raise g.error("这一行有指标数据，但“三级指标（指标内容）”一栏为空；无法确定是哪一项指标",
                              r, name_col)
            indicator: dict = {}
            goal_id = current_goal
            for kind, text, anchor in self._left_context(r, first_col, hr):
                if kind == "goal":
                    if anchor not in column_goals:
                        column_goals[anchor] = self._new_goal(
                            goals, len(goals) + 1, without_weight(text), weight_in(text), *anchor)
                        g.mark(f"goals[{len(goals) - 1}].text", *anchor)
                    goal_id = column_goals[anchor]
                    break
            if goal_id is not None:
                indicator["goal"] = int(goal_id) if str(goal_id).isdigit() else goal_id
            for level in ("level1", "level2"):       # a blank (unmerged) level cell carries the one above
                if level in roles:
                    if values[level]:
                        carried[level] = without_weight(values[level])
                    indicator[level] = carried[level]
            indicator["name"] = values["name"]
            for role in ("nature", "target", "unit", "actual"):
                if role in roles and (role in ("target", "actual") or role in self.g.supports):
                    indicator[role] = values[role] or None
            for role in ("weight", "reported_score"):
                if role in roles:
                    indicator[role] = number(values[role])
            if "note" in roles:
                indicator["note"] = values["note"] or None
            g.mark(path, r, name_col)
            for role, c in roles.items():
                g.mark(f"{path}.{role}", r, c)
            if "indicators" not in g.cells:
                g.mark("indicators", hr, name_col)
            indicators.append(indicator)
            r += 1
        return r, total

    def _stops(self, r: int, name_col: int) -> bool:
        """A footer or a new block starts on this row (labels sit left of, or in, the name column)."""
        for c, text in self.g.rows.get(r, ()):
            if c > name_col:
                continue
            n = norm(text)
            if n.startswith(STOP_PREFIXES) or GOAL_ROW.match(n) or OVERALL_GOAL.match(n) or _is_title(text):
                return True
        return False


def find_forms(sheets: list[Sheet], workbook_name: str, supports: frozenset[str]) -> list:
    """Every form on every sheet, in order: a FoundForm, or the WorkbookError of a form that cannot be
    placed (the other forms of the workbook are still read)."""
    forms: list = []
    for sheet in sheets:
        for region in split_regions(sheet, supports):
            try:
                found = read_region(region, workbook_name)
            except WorkbookError as exc:
                exc.file = workbook_name
                forms.append(exc)
                continue
            if found is not None:
                forms.append(found)
    return forms
