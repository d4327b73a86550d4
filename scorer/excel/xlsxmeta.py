"""What python-calamine does not tell: each cell's number format and formulas saved without a value.

calamine gives a percent-formatted 0.936 as the float 0.936 and a formula never calculated as an empty
cell.  Forms must be read as printed ("93.6%"), and an uncalculated formula must be named, not read as
blank — so the xlsx package is opened once more, minimally: styles.xml for the formats and one streamed
pass over each sheet's XML for the cells' style indices and formulas.  Rows are counted while streaming
and the pass stops as soon as a sheet is too long.  (.xls files have no such pass; see workbook.py.)
"""

from __future__ import annotations

import re
import posixpath
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError, iterparse

from scorer.excel.errors import WorkbookError
from scorer.excel.guard import MAX_ROWS, check_rows

NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# Built-in number formats (ECMA-376 §18.8.30) that change how a number is printed.
BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
    14: "yyyy-mm-dd", 37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)", 49: "@",
}
_REF = re.compile(r"^([A-Z]+)(\d+)$")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?([A-Z]+)(\d+)"')


@dataclass
class SheetMeta:
    formats: dict[tuple[int, int], str] = field(default_factory=dict)   # number-format code per numeric cell
    no_value: set[tuple[int, int]] = field(default_factory=set)          # formulas saved without a value
    rows: int = 0


def parse_ref(ref: str) -> tuple[int, int]:
    m = _REF.match(ref)
    if not m:
        raise ValueError(ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def _xml(archive: zipfile.ZipFile, name: str):
    try:
        with archive.open(name) as handle:
            return [elem for _, elem in iterparse(handle)]
    except KeyError:
        return []


def _styles(archive: zipfile.ZipFile) -> list[str]:
    """Number-format code of each cellXfs entry (index = a cell's s attribute)."""
    custom: dict[int, str] = {}
    xfs: list[str] = []
    in_cellxfs = False
    try:
        handle = archive.open("xl/styles.xml")
    except KeyError:
        return xfs
    with handle:
        for event, elem in iterparse(handle, events=("start", "end")):
            tag = elem.tag.removeprefix(NS_MAIN)
            if event == "start":
                if tag == "cellXfs":
                    in_cellxfs = True
                continue
            if tag == "numFmt":
                custom[int(elem.get("numFmtId", "0"))] = elem.get("formatCode", "General")
            elif tag == "xf" and in_cellxfs:
                fid = int(elem.get("numFmtId", "0"))
                xfs.append(custom.get(fid) or BUILTIN_FORMATS.get(fid, "General"))
            elif tag == "cellXfs":
                in_cellxfs = False
    return xfs


def sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its XML member, from workbook.xml and its relationships."""
    targets = {}
    for elem in _xml(archive, "xl/_rels/workbook.xml.rels"):
        if elem.tag == f"{NS_PKG_REL}Relationship":
            target = elem.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            targets[elem.get("Id")] = target
    paths = {}
    for elem in _xml(archive, "xl/workbook.xml"):
        if elem.tag == f"{NS_MAIN}sheet":
            rid = elem.get(f"{NS_REL}id")
            if rid in targets:
                paths[elem.get("name")] = targets[rid]
    return paths


def _dimension_rows(archive: zipfile.ZipFile, member: str) -> tuple[int, int] | None:
    """Rows and columns a sheet declares in <dimension>, read from its first bytes only."""
    with archive.open(member) as handle:
        head = handle.read(4096)
    m = _DIMENSION.search(head)
    if not m:
        return None
    row, col = parse_ref(m.group(1).decode() + m.group(2).decode())
    return row + 1, col + 1


def read_meta(path: str, archive: zipfile.ZipFile) -> dict[str, SheetMeta]:
    """SheetMeta for every sheet; raises WorkbookError for a sheet that is too long or broken XML."""
    try:
        xfs = _styles(archive)
        metas = {}
        for name, member in sheet_paths(archive).items():
            if member not in archive.namelist():
                continue
            declared = _dimension_rows(archive, member)
            if declared:
                check_rows(path, name, *declared)
            metas[name] = _sheet_meta(path, name, archive, member, xfs)
        return metas
    except (ParseError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise WorkbookError(f"工作簿内部 XML 已损坏，无法读取（{exc}）", file=path) from None


def _sheet_meta(path: str, name: str, archive: zipfile.ZipFile, member: str, xfs: list[str]) -> SheetMeta:
    meta = SheetMeta()
    with archive.open(member) as handle:
        for _, elem in iterparse(handle):
            tag = elem.tag
            if tag == f"{NS_MAIN}row":
                meta.rows += 1
                if meta.rows > MAX_ROWS:
                    check_rows(path, name, meta.rows, 0)
                elem.clear()
            elif tag == f"{NS_MAIN}c":
                ref = elem.get("r")
                if ref is None:
                    continue
                value = elem.find(f"{NS_MAIN}v")
                if elem.find(f"{NS_MAIN}f") is not None and (value is None or not (value.text or "").strip()):
                    meta.no_value.add(parse_ref(ref))
                style = elem.get("s")
                if style and elem.get("t", "n") == "n":
                    index = int(style)
                    code = xfs[index] if index < len(xfs) else "General"
                    if code != "General":
                        meta.formats[parse_ref(ref)] = code
    return meta
