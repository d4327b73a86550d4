"""Workbook → sheets of printed text: python-calamine for the values and merged ranges, xlsxmeta for
the number formats and uncalculated formulas, guard for the bounds.

A merged cell's value is carried to every cell of its range (a printed form shows 产出指标 beside each
row it spans), and `anchor()` says which cell the user actually typed in, so findings and errors point
at a cell the user can click.

Limitation: for .xls (BIFF) files python-calamine exposes no number formats, so numbers are read in
Excel's General format (a percent-formatted 0.936 reads as 0.936).  The one cell where that changes the
meaning, the 执行率, is read by its row's B/A (`unformatted_rate`), and refused when B/A cannot tell.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import python_calamine as calamine

from scorer.excel.errors import WorkbookError, sheet_cell
from scorer.excel.guard import check_rows, check_zip, sniff
from scorer.excel.printed import printed
from scorer.excel.xlsxmeta import SheetMeta, read_meta
from scorer.numbers import fmt_plain


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "").strip())
    except (InvalidOperation, AttributeError):
        return None
    return value if value.is_finite() else None


def _times_100(text: str) -> str:
    value = _decimal(text)
    return text if value is None else fmt_plain(value.scaleb(2))


def unformatted_rate(text: str, planned: str, executed: str) -> str | None:
    """An .xls rate cell's bare number as the percent it shows — "93.6%" for 0.936 or for 93.6 —
    chosen by the row's B/A: the reading within 5% (relative, at least half a point) of B/A × 100 and
    the other one not.  None when B/A is missing or zero, or neither or both readings fit (a rate near
    1%, or a printed rate far from B/A): the caller refuses the cell rather than guess."""
    value, a, b = _decimal(text), _decimal(planned), _decimal(executed)
    if value is None or a is None or b is None or a == 0:
        return None
    ratio = b / a * 100
    slack = max(abs(ratio) * Decimal("0.05"), Decimal("0.5"))
    fits = [shown for shown in (value, value.scaleb(2)) if abs(shown - ratio) <= slack]
    return f"{fmt_plain(fits[0])}%" if len(fits) == 1 else None


@dataclass
class Sheet:
    name: str
    workbook: str
    cells: dict[tuple[int, int], str] = field(default_factory=dict)     # non-empty printed text
    merged: dict[tuple[int, int], tuple[int, int, int, int]] = field(default_factory=dict)  # cell -> range
    no_value: set[tuple[int, int]] = field(default_factory=set)
    unformatted: set[tuple[int, int]] = field(default_factory=set)   # numbers whose format is unknown (.xls)
    nrows: int = 0
    ncols: int = 0

    def text(self, row: int, col: int) -> str:
        """Printed text, stripped; an uncalculated formula is an error naming the cell."""
        if (row, col) in self.no_value:
            raise WorkbookError("单元格是公式但没有保存计算结果（用 openpyxl 等程序写入后未在 Excel 中重新计算保存）；"
                                "请在 Excel 中打开并保存，或填入数值", file=self.workbook,
                                cell=self.where(row, col))
        return self.cells.get((row, col), "").strip()

    def percent(self, row: int, col: int, planned: str = "", executed: str = "") -> str:
        """A rate cell's text.  A bare number from an .xls (whose number formats cannot be read) is
        0.936 shown as 93.6% or 93.6 meaning 93.6%: the row's own B/A says which (the two readings are a
        factor 100 apart); when B/A cannot tell, the cell is refused with the reason rather than guessed."""
        text = self.text(row, col)
        if self.anchor(row, col) not in self.unformatted or "%" in text:
            return text
        shown = unformatted_rate(text, planned, executed)
        if shown is None:
            raise WorkbookError(f"执行率单元格是数字 {text}，但 .xls 文件的单元格格式无法读取，同一行的执行数 ÷ 预算数"
                                f"也无法判断它是 {text}% 还是百分比格式的 {_times_100(text)}%；"
                                f"请另存为 .xlsx，或把执行率写成文本（如 93.6%）",
                                file=self.workbook,
                                cell=self.where(row, col))
        return shown

    def peek(self, row: int, col: int) -> str:
        """Like text() but an uncalculated formula reads as blank (for scanning labels)."""
        return self.cells.get((row, col), "").strip()

    def anchor(self, row: int, col: int) -> tuple[int, int]:
        rng = self.merged.get((row, col))
        return (rng[0], rng[1]) if rng else (row, col)

    def span(self, row: int, col: int) -> tuple[int, int, int, int]:
        return self.merged.get((row, col), (row, col, row, col))

    def where(self, row: int, col: int) -> str:
        return sheet_cell(self.name, *self.anchor(row, col))


def read_workbook(path: str) -> list[Sheet]:
    """Every visible worksheet, as printed; WorkbookError for anything broken, hostile or too large."""
    kind = sniff(path)
    metas: dict[str, SheetMeta] = {}
    if kind == "xlsx":
        try:
            with zipfile.ZipFile(path) as archive:
                check_zip(path, archive)
                metas = read_meta(path, archive)
        except zipfile.BadZipFile:
            raise WorkbookError("工作簿已损坏（zip 结构无法读取）", file=path) from None
        except (OSError, EOFError) as exc:
            raise WorkbookError(f"工作簿已损坏，无法读取（{exc}）", file=path) from None
    elif path.lower().endswith((".xlsx", ".xlsm")):
        raise WorkbookError("工作簿已加密（.xlsx 存成了加密容器），或是改了扩展名的 .xls 旧格式文件，无法读取；"
                            "请取消密码保护后另存为 .xlsx", file=path)
    try:
        book = calamine.CalamineWorkbook.from_path(path)
    except calamine.PasswordError:
        raise WorkbookError("工作簿有密码保护，无法读取；请取消密码保护后另存", file=path) from None
    except Exception as exc:        # calamine raises several error types for broken files
        raise WorkbookError(f"工作簿已损坏，无法读取（{type(exc).__name__}: {exc}）", file=path) from None
    sheets = []
    try:
        for meta in book.sheets_metadata:
            if str(meta.typ) != "SheetTypeEnum.WorkSheet" or str(meta.visible) != "SheetVisibleEnum.Visible":
                continue
            sheets.append(_read_sheet(path, book, meta.name, metas.get(meta.name)))
    except WorkbookError:
        raise
    except Exception as exc:
        raise WorkbookError(f"工作簿已损坏，无法读取（{type(exc).__name__}: {exc}）", file=path) from None
    finally:
        book.close()
    return sheets


def _read_sheet(path: str, book, name: str, meta: SheetMeta | None) -> Sheet:
    raw = book.get_sheet_by_name(name)
    sheet = Sheet(name, path)
    if raw.start is None or not raw.height:          # an empty sheet
        return sheet
    check_rows(path, name, raw.height + raw.start[0], raw.width + raw.start[1])
    formats = meta.formats if meta else {}
    if meta:
        sheet.no_value = set(meta.no_value)
    rows = raw.to_python(skip_empty_area=False)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value == "" or value is None:
                continue
            text = printed(value, formats.get((r, c)))
            if text.strip():
                sheet.cells[(r, c)] = text
                if meta is None and isinstance(value, float):
                    sheet.unformatted.add((r, c))
    for (r0, c0), (r1, c1) in raw.merged_cell_ranges or ():
        if (r1 - r0 + 1) * (c1 - c0 + 1) > 100_000:
            raise WorkbookError(f"合并区域过大（{r1 - r0 + 1} 行 × {c1 - c0 + 1} 列），拒绝读取",
                                file=path, cell=sheet_cell(name, r0, c0))
        value = sheet.cells.get((r0, c0))
        rng = (r0, c0, r1, c1)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                sheet.merged[(r, c)] = rng
                if value is not None:
                    sheet.cells[(r, c)] = value
                if (r0, c0) in sheet.no_value:
                    sheet.no_value.add((r, c))
    keys = list(sheet.cells) + list(sheet.merged) + list(sheet.no_value)
    sheet.nrows = max((r for r, _ in keys), default=-1) + 1
    sheet.ncols = max((c for _, c in keys), default=-1) + 1
    return sheet
