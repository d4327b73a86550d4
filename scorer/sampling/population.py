"""Populations to sample from: a CSV list (exported from a budget system) or a stored audit run.

An item keeps its position (1-based, in the order of the source — systematic and monetary-unit
selection walk the list in that order), its id, its value (Decimal from the printed text, or None)
and the fields stratification may use.  The population hash fixes what was sampled: the same
items in the same order with the same values and fields give the same hash on any machine.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import posixpath
import sqlite3
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from scorer.errors import InputError, os_error_text


@dataclass(frozen=True)
class Item:
    position: int
    id: str
    value: Decimal | None = None
    fields: dict = field(default_factory=dict)
    risk: float | None = None
    line: int | None = None
    file: str | None = None       # where a stored run read the form, on that machine: not in the hash


@dataclass(frozen=True)
class Population:
    source: str
    items: tuple[Item, ...]
    run_id: int | None = None

    @property
    def hash(self) -> str:
        canon = [[i.id, None if i.value is None else str(i.value), sorted(i.fields.items()),
                  i.risk] for i in self.items]
        text = json.dumps(canon, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def by_id(self) -> dict[str, Item]:
        return {i.id: i for i in self.items}


def csv_text(data: bytes, path: str) -> str:
    """A CSV file's text: UTF-8 (with or without BOM), else GB18030 — what Excel writes on a Chinese
    Windows when a sheet is saved as CSV.  Shared by population lists and reviewers' sheets."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError("文件既不是 UTF-8 也不是 GB18030 编码", path) from None

def parse_money(text: str, file: str, line: int, column: str) -> Decimal:
    """A printed amount as an exact Decimal; thousands separators and a trailing 元/万元 tolerated."""
    raw = text.strip().replace(",", "").replace("，", "")
    for unit in ("万元", "元"):
        raw = raw.removesuffix(unit)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise InputError(f"列“{column}”的值“{text}”不是数字", file, line) from None
    if not value.is_finite():
        raise InputError(f"列“{column}”的值“{text}”不是有限的数字", file, line)
    return value


def _float(text: str, file: str, line: int, column: str) -> float:
    try:
        return float(parse_money(text, file, line, column))
    except InputError:
        raise InputError(f"列“{column}”的风险值“{text}”不是数字", file, line) from None


def read_csv(path: str, id_column: str, value_column: str | None = None,
             risk_column: str | None = None) -> Population:
    """Read a CSV list (UTF-8, BOM tolerated; GB18030 accepted as exported by Chinese Excel)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取总体文件（{os_error_text(exc)}）", path) from None
    reader = csv.reader(io.StringIO(csv_text(data, path), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("文件为空，没有表头行", path, 1) from None
    except csv.Error as exc:
        raise InputError(f"CSV 格式错误（{exc}）", path, 1) from None
    header = [h.strip() for h in header]
    for option, column in (("--id-column", id_column), ("--value-column", value_column),
                           ("--risk-column", risk_column)):
        if column is not None and column not in header:
            raise InputError(f"表头中没有 {option} 指定的列“{column}”（现有列：{'、'.join(header)}）", path, 1)
    items, seen = [], {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise InputError(f"本行有 {len(row)} 列，表头有 {len(header)} 列", path, line)
            record = dict(zip(header, (c.strip() for c in row), strict=True))
            item_id = record[id_column]
            if not item_id:
                raise InputError(f"列“{id_column}”为空，无法标识该项", path, line)
            if item_id in seen:
                raise InputError(f"编号“{item_id}”重复（第 {seen[item_id]} 行已有）", path, line)
            seen[item_id] = line
            value = parse_money(record[value_column], path, line, value_column) if value_column else None
            risk = _float(record[risk_column], path, line, risk_column) if risk_column else None
            items.append(Item(len(items) + 1, item_id, value, record, risk, line))
    except csv.Error as exc:
        raise InputError(f"CSV 格式错误（{exc}）", path, reader.line_num) from None
    if not items:
        raise InputError("总体为空：表头之后没有数据行", path, 2)
    return Population(path, tuple(items))


RISK_BANDS = ("高", "中", "低")


def _risk_bands(risks: list[float | None]) -> list[str]:
    """Thirds of the run by risk rank: 高 (top third), 中, 低; forms without a risk score are 未评."""
    ranked = sorted((r, i) for i, r in enumerate(risks) if r is not None)
    bands = ["未评"] * len(risks)
    total = len(ranked)
    for rank, (_, i) in enumerate(reversed(ranked)):
        bands[i] = RISK_BANDS[min(2, rank * 3 // total)]
    return bands


def _columns(conn, table) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


def form_ids(files: list[str]) -> list[str]:
    """Each stored file named relative to the folder all of them share, with "/" between folders:
    `/home/a/forms/2023/x.yaml` and `forms/2023/x.yaml` are both `2023/x.yaml` when the run read
    `…/forms`.  A workbook form keeps its `#sheet!cell`.  When the paths share no folder (absolute and
    relative mixed, other drives) or two would get the same name, the stored paths are the ids."""
    parts = []
    for file in files:
        head, sep, tail = file.rpartition("#")
        if not (sep and head.lower().endswith(_WORKBOOK_SUFFIXES)):
            head, sep, tail = file, "", ""
        parts.append((posixpath.normpath(head.replace("\\", "/")), sep + tail))
    try:
        common = posixpath.commonpath([posixpath.dirname(path) or "." for path, _ in parts])
    except ValueError:
        return list(files)
    ids = [posixpath.relpath(path, common or ".") + rest for path, rest in parts]
    return ids if len(set(ids)) == len(ids) else list(files)


def read_run(conn: sqlite3.Connection, path: str, run: int | None = None) -> Population:
    """The forms of one stored audit run (the latest when `run` is None), ordered by file.

    Each item is identified by its file relative to the folder the run's forms share (`form_ids`;
    for a workbook form like `book.xlsx#表1!A1`), and the list is ordered by that id, not by the row
    id: row ids follow the order in which audit workers finished, so they differ between `--jobs`
    settings and between copies of the register, and the folder differs between machines and between
    `audit forms/` and `audit /home/…/forms/`, while the same forms always give the same items, order,
    population hash and seeded draw.  The stored path stays in the item's `file` field.

    Value is the budget A (`planned`); stratification fields are department, year, grade (the
    computed grade, else the reported one), ruleset (the form's ruleset id) and risk_band (thirds
    by risk score).
    """
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"runs", "forms"} <= tables:
        raise InputError("数据库中没有审计登记表（runs/forms），请先运行审计登记", path)
    if run is None:
        row = conn.execute("SELECT max(id) FROM runs").fetchone()
        if row[0] is None:
            raise InputError("数据库中还没有任何审计批次（runs 为空）", path)
        run = row[0]
    elif conn.execute("SELECT 1 FROM runs WHERE id = ?", (run,)).fetchone() is None:
        raise InputError(f"数据库中没有批次 --run {run}", path)
    form_cols = _columns(conn, "forms")
    run_cols = _columns(conn, "runs")
    ruleset = next((f"f.{c}" for c in ("ruleset_id", "ruleset") if c in form_cols),
                   "r.ruleset" if "ruleset" in run_cols else "NULL")
    rows = conn.execute(
        f"SELECT f.id, f.file, f.project, f.department, f.year, f.planned, f.computed_grade, f.reported_grade,"
        f" f.risk, {ruleset} FROM forms f JOIN runs r ON r.id = f.run_id WHERE f.run_id = ? ORDER BY f.file, f.id",
        (run,)).fetchall()
    if not rows:
        raise InputError(f"批次 {run} 中没有任何表", path)
    try:
        risks = [None if r[8] in (None, "") else float(r[8]) for r in rows]
    except ValueError:
        raise InputError(f"批次 {run} 中有无法读取的风险值（forms.risk）", path) from None
    ids = form_ids([r[1] or "" for r in rows])
    order = sorted(range(len(rows)), key=lambda k: ids[k])
    rows, risks, ids = [rows[k] for k in order], [risks[k] for k in order], [ids[k] for k in order]
    bands = _risk_bands(risks)
    items = []
    for k, (fid, file, project, dept, year, planned, cgrade, rgrade, _, rs) in enumerate(rows):
        value = None
        if planned not in (None, ""):
            try:
                value = Decimal(str(planned))
            except InvalidOperation:
                raise InputError(f"表 {fid}（{file}）的全年预算数“{planned}”不是数字", path) from None
        fields = {"project": project or "", "department": dept or "",
                  "year": "" if year is None else str(year), "grade": cgrade or rgrade or "",
                  "ruleset": rs or "", "risk_band": bands[k]}
        items.append(Item(k + 1, ids[k], value, fields, risks[k], file=file or ""))
    return Population(f"{path}#run={run}", tuple(items), run)
