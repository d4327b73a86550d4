"""Commands for workbooks: `import` (one project YAML per form found) and `template` (a blank form in a
ruleset's layout), plus the `evaluate --format xlsx` writer of the checked form."""

from __future__ import annotations

import re
import sys
from decimal import Decimal
from pathlib import Path

import click
import yaml

from scorer import clikit
from scorer.errors import InputError, one_line
from scorer.report.output import write_report

EXIT_OK, EXIT_BAD_INPUT = 0, 2


_error = clikit.error


class _Dumper(yaml.SafeDumper):
    """Numbers with exactly the digits printed (15.50 stays 15.50), text as text."""


def _decimal(dumper, value: Decimal):
    text = f"{value:f}"
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


_Dumper.add_representer(Decimal, _decimal)


def project_yaml(data: dict, name: str) -> str:
    head = (f"# 由 perfscore import 从 {one_line(name)} 读出：按表上印刷的内容，数字保留表上的小数位。\n"
            "# yaml-language-server: $schema=https://perfscore.invalid/schemas/project.schema.json\n")
    return head + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def _file_name(form_name: str) -> str:
    """'dir/book.xlsx#表1!A1' -> 'book-表1-A1.yaml' (no path separators or odd characters)."""
    book, _, where = form_name.rpartition("#")
    stem = Path(book).stem
    return re.sub(r"[\\/:*?\"<>|\s!]+", "-", f"{stem}-{where}").strip("-") + ".yaml"


@click.command("import")
@click.argument("files", nargs=-1, required=True, metavar="FORM.xlsx...")
@click.option("--output-dir", "-o", "output_dir", metavar="DIR", default=".", show_default=True,
              help="写入项目文件的目录")
@click.option("--ruleset", "ruleset_ref", metavar="ID|PATH", help="写入每个项目文件的 ruleset:（工作簿未填“规则集”时）")
def import_command(files, output_dir, ruleset_ref):
    """从 Excel 工作簿（.xlsx/.xls）读出每一张自评表，各写成一个项目文件（YAML，按表上印刷的内容）。"""
    from scorer.excel.load import load_workbook_forms
    broken = False
    out_dir = Path(output_dir)
    if not out_dir.is_dir():
        _error(f"{output_dir}: 输出目录不存在")
        sys.exit(EXIT_BAD_INPUT)
    for path in files:
        try:
            items = load_workbook_forms(path)
        except InputError as exc:
            _error(str(exc))
            broken = True
            continue
        for item in items:
            if isinstance(item, InputError):
                _error(str(item))
                broken = True
                continue
            data = dict(item.data)
            if ruleset_ref and "ruleset" not in data:
                data = {"ruleset": ruleset_ref, **data}
            target = out_dir / _file_name(item.name)
            try:
                write_report(target, project_yaml(data, item.name).encode("utf-8"), [path])
            except OSError as exc:
                _error(f"{target}: 无法写入（{exc.strerror or exc}）")
                broken = True
                continue
            click.echo(f"{item.name} → {target}")
    sys.exit(EXIT_BAD_INPUT if broken else EXIT_OK)


@click.command("template")
@click.option("--ruleset", "ruleset_ref", required=True, metavar="ID|PATH", help="按此规则集的分值与表式生成")
@click.option("--form", "kind", type=click.Choice(["project", "department"]), default="project", show_default=True,
              help="project 项目支出 | department 部门整体支出")
@click.option("--output", "-o", "output", metavar="FORM.xlsx", default="自评表.xlsx", show_default=True)
def template_command(ruleset_ref, kind, output):
    """生成一张空白自评表（.xlsx）：规则集固定的分值已填好，带数据校验、填表说明和分值合计检查。"""
    from scorer.excel.template import template_bytes
    from scorer.rules.ruleset import RulesetLoader
    try:
        ruleset = RulesetLoader().load(ruleset_ref)
    except InputError as exc:
        _error(str(exc))
        sys.exit(EXIT_BAD_INPUT)
    _write_bytes(output, template_bytes(ruleset, kind))
    click.echo(f"已写出空白自评表：{output}（规则集 {ruleset.id}）")


def _write_bytes(output: str, data: bytes, inputs=()) -> None:
    clikit.write_or_exit(write_report, output, data, inputs)


def emit_checked(results, output: str | None) -> None:
    """`evaluate --format xlsx -o checked.xlsx`: the one workbook evaluated, handed back checked."""
    from scorer.engine import BrokenFile
    from scorer.excel.checked import checked_workbook
    books = {r.workbook for r in results if not isinstance(r, BrokenFile)}
    books |= {r.file.split("#")[0] for r in results if isinstance(r, BrokenFile) and "#" in r.file}
    if output is None:
        _error("--format xlsx 需要用 -o 指定输出文件，如 -o 复核.xlsx")
        sys.exit(EXIT_BAD_INPUT)
    if results and all(isinstance(r, BrokenFile) for r in results) and not books:
        _error("工作簿无法读取（见上），没有写出复核副本")
        sys.exit(EXIT_BAD_INPUT)
    if any(not isinstance(r, BrokenFile) and r.workbook is None for r in results) or len(books) != 1:
        _error("--format xlsx 用于复核一个 Excel 工作簿（.xlsx/.xls）并交回标注后的副本；请只给一个工作簿")
        sys.exit(EXIT_BAD_INPUT)
    book = books.pop()
    try:
        data = checked_workbook(results, book)
    except InputError as exc:
        _error(str(exc))
        sys.exit(EXIT_BAD_INPUT)
    _write_bytes(output, data, [book])
