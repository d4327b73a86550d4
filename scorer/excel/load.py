"""Workbook → `Form`s through the same schema validation and loader as a project file.

Each form found becomes a `SheetDocument` (the project dict plus its cell map); schema and loader
errors are then reported at the sheet cell of the offending key path instead of a YAML line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from scorer.errors import InputError, format_path
from scorer.excel.errors import WorkbookError
from scorer.excel.layout import find_forms
from scorer.excel.workbook import read_workbook
from scorer.excel.xlsxmeta import parse_ref
from scorer.forms.load import form_from_document
from scorer.forms.schema import load_schema
from scorer.forms.yamlsafe import Document
from scorer.model import Form


@cache
def schema_supports() -> frozenset[str]:
    """Optional keys the project schema accepts (budget sources, 指标性质, 度量单位): the reader emits
    them only when the loader can take them."""
    schema = load_schema("project")
    budget = schema["properties"]["budget"]["properties"]
    indicator = schema["properties"]["indicators"]["items"]["properties"]
    return frozenset(k for k in ("sources", "nature", "unit") if k in budget or k in indicator)


def locate_cell(cells: dict[str, str], path: str) -> str | None:
    """The sheet cell of a key path, or of its nearest ancestor that has one."""
    while path:
        if path in cells:
            return cells[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return None


@dataclass
class SheetDocument(Document):
    """A form read from a sheet: errors name the workbook, sheet and cell."""
    workbook: str = ""
    cells: dict = field(default_factory=dict)

    def position(self, path=()):
        """(row, column) of the path's sheet cell, 1-based — a finding's line:column on a form read from
        a workbook is its cell (row 12, column 4 = D12 of the sheet named in the form's name)."""
        if isinstance(path, (str, int)):
            path = (path,)
        where = locate_cell(self.cells, format_path(path or ()))
        if where is None:
            return None
        row, col = parse_ref(where.rpartition("!")[2])
        return row + 1, col + 1

    def error(self, message: str, path=()) -> InputError:
        text = path if isinstance(path, str) else format_path(path)
        return WorkbookError(message, file=self.workbook, cell=locate_cell(self.cells, text), path=text)


@dataclass
class WorkbookForm:
    """One form of a workbook, loaded: the Form, the dict it came from and its cell map."""
    name: str
    form: Form
    data: dict
    cells: dict[str, str]


def found_forms(path: str, display_name: str | None = None) -> list:
    """FoundForm (or WorkbookError) per form of the workbook; a workbook without any form is an error."""
    name = display_name or path
    sheets = read_workbook(path)
    forms = find_forms(sheets, name, schema_supports())
    if not forms:
        where = f"（工作表：{'、'.join(s.name for s in sheets)}）" if sheets else "（没有可见的工作表）"
        raise WorkbookError("工作簿中没有找到自评表：应有标题“…自评表”或指标表表头（三级指标 / 年度目标值 / "
                            f"实际完成值 …）{where}", file=name)
    return forms


def load_workbook_forms(path: str, display_name: str | None = None) -> list:
    """Every form of a workbook, validated and loaded: a WorkbookForm each, or the InputError of a form
    that cannot be placed.  A workbook that cannot be read at all raises."""
    name = display_name or path
    out: list = []
    for found in found_forms(path, name):
        if isinstance(found, InputError):
            out.append(found)
            continue
        doc = SheetDocument(found.data, found.name, workbook=name, cells=found.cells)
        try:
            out.append(WorkbookForm(found.name, form_from_document(doc), found.data, found.cells))
        except InputError as exc:
            out.append(exc)
    return out
