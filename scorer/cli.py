"""Command line: the commands and the exit-code policy, in one place.

Each command imports what only it needs inside its function, so `perfscore evaluate` on one form
starts fast.

Exit codes: 0 — no finding at or above --fail-on; 1 — there are; 2 — bad input or usage
(a broken file is reported on stderr and the other files are still evaluated).
`rules check`: 0 clean, 1 problems (warnings too with --strict), 2 a file cannot be read.
`rules test`: 0 all cases pass, 1 a case fails, 2 a ruleset cannot be loaded or --case is unknown.
`explain`, `rules show`, `codes`: 0, or 2 on bad input.  Errors are one Chinese line on stderr.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import replace
from typing import NoReturn

import click

from scorer import clikit
from scorer.clikit import ChineseGroup
from scorer.codes import CODES
from scorer.engine import BrokenFile, evaluate_files, evaluate_one, result_order
from scorer.errors import InputError, escape_lines, one_line, os_error_text
from scorer.excel.cli import emit_checked, import_command, template_command
from scorer.forms.discover import discover, is_pattern
from scorer.report import FORMATTERS
from scorer.report.options import ReportOptions
from scorer.rules.pick import ByJurisdiction
from scorer.rules.ruleset import RulesetLoader
from scorer.forms.yamlsafe import DEFAULT_MAX_BYTES

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2
MAX_FILE_SIZE_CEILING = 1 << 30     # --max-file-size above 1 GiB is a usage error: no form is that big
FAIL_ON = {"error": 3, "warning": 2, "info": 1, "never": 99}


def _write(text: str, human: bool = True) -> None:
    """Output on stdout; human text is escaped line by line (no terminal control ever gets through).
    A closed or full stdout (`>&-`, `> /dev/full`, a pipe whose reader left) is a usage error, exit 2 —
    exit 1 would claim there are findings."""
    try:
        sys.stdout.write(escape_lines(text) if human else text)
        sys.stdout.flush()
    except (OSError, ValueError, AttributeError) as exc:     # AttributeError: stdout is None (`>&-`)
        _stdout_failed(exc)


def _stdout_failed(exc: BaseException) -> None:
    reason = os_error_text(exc) if isinstance(exc, OSError) else "标准输出已关闭"
    with contextlib.suppress(Exception):    # whatever is still buffered must not fail again at interpreter exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    _error(f"无法写入标准输出（{reason}）；可用 --output 把报告写入文件")
    sys.exit(EXIT_BAD_INPUT)


_error = clikit.error


def _refuse(exc: InputError) -> NoReturn:
    """The input cannot be used at all: its one-line error, exit 2."""
    _error(str(exc))
    sys.exit(EXIT_BAD_INPUT)


def exit_code(results, fail_on: str) -> int:
    if any(isinstance(r, BrokenFile) for r in results):
        return EXIT_BAD_INPUT
    threshold = FAIL_ON[fail_on]
    worst = max((r.worst() for r in results), default=0)
    return EXIT_FINDINGS if worst >= threshold else EXIT_OK


@click.group(name="perfscore", cls=ChineseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="perfscore", message="%(prog)s %(version)s", help="显示版本并退出")
def main():
    """perfscore：预算绩效自评表规则化复核。

    复算自评表上的每一项得分，列出与规则不符之处（公式和代入的数字）。"""


_RULES_DIR = click.option("--rules-dir", "rules_dirs", multiple=True, metavar="DIR",
                          help="本地规则集所在的文件夹（可写多次），在内置规则集之后查找；"
                               "也可用环境变量 PERFSCORE_RULES（多个文件夹用 : 分隔）")


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE|文件夹|模式...")
@click.option("--ruleset", "ruleset_ref", metavar="ID|PATH", help="规则集（覆盖项目文件中的 ruleset:）")
@click.option("--format", "fmt", type=click.Choice([*sorted(FORMATTERS), "xlsx"]), default="table",
              show_default=True, help="输出格式（xlsx：交回标注了发现的工作簿副本，需 -o）")
@click.option("--fail-on", type=click.Choice(list(FAIL_ON)), default="error", show_default=True,
              help="有此级别及以上的发现时退出码为 1")
@click.option("--explain", is_flag=True, help="逐项列出计分过程")
@click.option("--max-file-size", type=click.IntRange(1, MAX_FILE_SIZE_CEILING), default=DEFAULT_MAX_BYTES,
              show_default=True, help="单个输入文件的最大字节数（至多 1 GiB）")
@click.option("--output", "-o", "output", metavar="FILE",
              help="把报告写入文件（先写临时文件再改名，不会留下半截文件）")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True, help="并行进程数")
@click.option("--jurisdiction", metavar="地区",
              help="按地区与表的预算年度自动选择规则集（内置的与 --rules-dir 中的），如 湖北省武汉市")
@click.option("--recursive", "-r", is_flag=True, help="文件夹参数也包括其子文件夹中的表")
@click.option("--min-severity", type=click.Choice(["error", "warning", "info"]), default="info", show_default=True,
              help="只列出此级别及以上的发现（各种格式都如此；退出码仍按 --fail-on 计全部发现）")
@click.option("--wide", is_flag=True, help="表格不限宽度、不截短名称（默认按终端宽度，最多 100 列）")
@_RULES_DIR
def evaluate(files, ruleset_ref, fmt, fail_on, explain, max_file_size, output, jobs, jurisdiction, recursive,
             min_severity, wide, rules_dirs):
    """复算各表的得分，列出与规则不符之处。

    参数可以是文件、文件夹（其中全部 .yaml/.yml 表与 .xlsx/.xls 工作簿）
    或加引号的通配模式（如 'forms/*.yaml'，由 perfscore 自己展开）。"""
    loader = RulesetLoader(max_bytes=max_file_size, rules_dirs=rules_dirs)
    override = _override(ruleset_ref, jurisdiction)
    found = discover(files, recursive)
    inputs = [*found.files, *([ruleset_ref] if ruleset_ref else [])]
    if output is not None:
        _check_output(output, inputs)
    if fmt != "xlsx":
        _evaluate_streamed(found, loader, fmt, fail_on, output, jobs, override,
                           ReportOptions(explain=explain, min_severity=min_severity, wide=wide), inputs)
    results = evaluate_files(found.files, loader, override, jobs)
    results = sorted(results + [BrokenFile.from_error(e.file, e) for e in found.problems], key=result_order)
    for broken in (r for r in results if isinstance(r, BrokenFile)):
        _error(broken.message)
    emit_checked(results, output)       # a workbook is written whole
    sys.exit(exit_code(results, fail_on))


def _evaluate_streamed(found, loader, fmt, fail_on, output, jobs, override, options, inputs=()) -> None:
    """Text reports: each file rendered (in a worker under --jobs) and written as it comes, in the
    sorted order the whole-list report has; never all results in memory.  Exits."""
    from scorer.batchstream import evaluate_stream
    from scorer.report.stream import Tally, assemble
    from scorer.report.textwidth import terminal_width

    # the width is settled here, so workers (other processes) lay out the table exactly as one would
    if not options.wide and options.width is None:
        options = replace(options, width=terminal_width())
    outcomes = evaluate_stream(found.files, loader, fmt, options, override=override, jobs=jobs,
                               extra=[BrokenFile.from_error(e.file, e) for e in found.problems])
    tally = Tally()
    read: set[str] = set()          # rulesets the forms named: an output must not replace them

    def pieces():                   # each file's piece as it comes; its error to stderr, its counts kept
        for outcome in outcomes:
            if outcome.broken is not None:
                _error(outcome.broken.message)
            tally.add(outcome.summary, outcome.worst)
            read.update(outcome.ruleset_files)
            yield outcome.piece

    _emit_chunks(assemble(fmt, options, pieces(), tally), output, inputs, human=fmt == "table",
                 read_meanwhile=lambda: read)
    if tally.broken:
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(EXIT_FINDINGS if tally.worst >= FAIL_ON[fail_on] else EXIT_OK)


def _override(ruleset_ref: str | None, jurisdiction: str | None):
    """--ruleset or --jurisdiction (not both: that is a usage error)."""
    if ruleset_ref and jurisdiction:
        _error("--ruleset 与 --jurisdiction 只能用其一")
        sys.exit(EXIT_BAD_INPUT)
    return ByJurisdiction(jurisdiction) if jurisdiction else ruleset_ref


def _check_output(output: str, inputs) -> None:
    from scorer.report.output import OutputRefused, check_output
    try:
        check_output(output, inputs)
    except OutputRefused as exc:
        _error(str(exc))
        sys.exit(EXIT_BAD_INPUT)


def _emit_chunks(chunks, output: str | None, inputs=(), human: bool = False, read_meanwhile=None) -> None:
    """A report streamed piece by piece: to stdout as it comes (human text escaped, a closed or full
    stdout exit 2), or into a file written safely (see report/output.py)."""
    if human:
        chunks = (escape_lines(chunk) for chunk in chunks)
    if output is None:
        for chunk in chunks:
            _write(chunk, human=False)
        return
    _emit(chunks, output, inputs, read_meanwhile)


def _emit(text, output: str | None, inputs=(), read_meanwhile=None) -> None:
    """stdout, or a file written safely (see report/output.py); an unwritable output is exit 2.
    `text` is a string or an iterable of string pieces."""
    if output is None:
        _write(text, human=False)       # human text comes escaped already
        return
    from scorer.report.output import write_report
    clikit.write_or_exit(write_report, output, text, inputs, read_meanwhile)


@main.group()
def rules():
    """规则集：列出、检查、展示、测试。"""


@rules.command("list")
@_RULES_DIR
def rules_list(rules_dirs):
    """列出可用的规则集（--rules-dir、PERFSCORE_RULES 中的与内置的），及其文件。"""
    from scorer.report.rules_list import render_list
    loader = RulesetLoader(rules_dirs=rules_dirs)
    rows, seen, broken = [], set(), False
    try:
        entries = loader.available()
    except InputError as exc:
        _refuse(exc)
    for entry in entries:               # a broken ruleset is reported; the others are still listed
        try:
            rows.append((entry, None if entry.id in seen else loader.load(entry.id)))
        except InputError as exc:
            _error(str(exc))
            rows.append((entry, exc))
            broken = True
        seen.add(entry.id)
    _write(render_list(rows))
    if broken:
        sys.exit(EXIT_BAD_INPUT)


@rules.command("check")
@click.argument("files", nargs=-1, required=True, metavar="FILE|文件夹|模式...")
@click.option("--strict", is_flag=True, help="有警告时退出码也为 1")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "table"]), default="table",
              show_default=True, help="输出格式")
@_RULES_DIR
def rules_check(files, strict, fmt, rules_dirs):
    """检查规则集：格式、公式、分值合计、档位、等次、词表、extends 等，列出全部问题。"""
    from scorer.report.rules_check import CHECK_FORMATTERS
    from scorer.rules.check import Unreadable, check_file, unique
    loader = RulesetLoader(rules_dirs=rules_dirs)
    refs, unreadable = _ruleset_args(files)
    found, checked = [], 0
    for ref in refs:
        try:
            found += check_file(ref, loader)
        except Unreadable as exc:
            _error(str(exc))
            unreadable += 1
            continue
        checked += 1
    problems = unique(found)                     # a shared parent's problem once
    errors = sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    if checked:
        _write(CHECK_FORMATTERS[fmt](problems, checked), human=fmt == "table")
    if unreadable:
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(EXIT_FINDINGS if errors or (warnings and strict) else EXIT_OK)


def _ruleset_args(args) -> tuple[list[str], int]:
    """Ids and files as given; a folder means its .yaml/.yml files, a quoted pattern what it matches.
    Returns the refs and how many arguments named no ruleset at all (said on stderr)."""
    refs, empty = [], 0
    for arg in args:
        if not (os.path.isdir(arg) or (is_pattern(arg) and not os.path.exists(arg))):
            refs.append(arg)
            continue
        found = discover([arg]).files
        if not found:
            what = "文件夹中没有规则集文件（.yaml、.yml）" if os.path.isdir(arg) else "没有与此模式匹配的规则集文件"
            _error(one_line(f"{arg}: {what}"))
            empty += 1
        refs += found
    return refs, empty


@rules.command("show")
@click.argument("ref", metavar="ID|FILE")
@click.option("--year", type=click.IntRange(1990, 2100), help="合并自该预算年度起生效的 changes")
@_RULES_DIR
def rules_show(ref, year, rules_dirs):
    """显示继承（extends）之后实际生效的规则集，每个值注明来自哪个文件第几行。"""
    from scorer.report.rules_show import render_show
    try:
        ruleset = RulesetLoader(rules_dirs=rules_dirs).load(ref, None, year)
    except InputError as exc:
        _refuse(exc)
    _write(render_show(ruleset))


@rules.command("test")
@click.argument("refs", nargs=-1, required=True, metavar="ID|FILE...")
@click.option("--case", "case_name", metavar="名称", help="只运行这个名称的用例")
@click.option("--explain", is_flag=True, help="列出每个用例的计分过程")
@_RULES_DIR
def rules_test(refs, case_name, explain, rules_dirs):
    """运行规则集自带的测试用例（tests:），失败时列出期望与实际的差别和复现命令。"""
    from scorer.report.explain import explain_evaluation
    from scorer.report.rules_test import render_result
    from scorer.rules.testcases import UnknownCase, run_tests
    loader = RulesetLoader(rules_dirs=rules_dirs)
    failed = broken = False
    for ref in refs:
        try:
            result = run_tests(ref, loader, case_name)
        except (InputError, UnknownCase) as exc:
            _error(str(exc))
            broken = True
            continue
        _write(render_result(result, explain_evaluation if explain else None, rules_dirs))
        failed = failed or bool(result.failed)
    sys.exit(EXIT_BAD_INPUT if broken else EXIT_FINDINGS if failed else EXIT_OK)


@main.command("explain")
@click.argument("file")
@click.option("--indicator", "-i", type=int, metavar="N", help="只解释第 N 项指标（从 1 起，与表格的 # 列相同）")
@click.option("--ruleset", "ruleset_ref", metavar="ID|PATH", help="规则集（覆盖项目文件中的 ruleset:）")
@click.option("--jurisdiction", metavar="地区", help="按地区与表的预算年度自动选择规则集（内置的与 --rules-dir 中的）")
@_RULES_DIR
def explain_command(file, indicator, ruleset_ref, jurisdiction, rules_dirs):
    """列出一张表每个得分的完整计算过程：读到的数值、适用的规则（文件、键、依据）和代入数字的公式。"""
    from scorer.report.explain import explain_evaluation
    try:
        evaluation = evaluate_one(file, RulesetLoader(rules_dirs=rules_dirs), _override(ruleset_ref, jurisdiction))
    except InputError as exc:               # evaluate_one names the file in every error it raises
        _refuse(exc)
    count = len(evaluation.scored.indicators)
    if indicator is not None and not 1 <= indicator <= count:
        valid = f"第 1–{count} 项" if count else "没有指标"
        _error(f"{file}: 没有第 {indicator} 项指标；本表共 {count} 项指标（{valid}，从 1 起数）")
        sys.exit(EXIT_BAD_INPUT)
    _write("\n".join(explain_evaluation(evaluation, None if indicator is None else indicator - 1)) + "\n")


@main.command("codes")
@click.argument("code", required=False)
def codes_command(code):
    """列出全部发现代码；给出 CODE 时解释这一个代码并举例。"""
    from scorer.report.codes import render_code, render_codes
    from scorer.report.textwidth import terminal_width
    if code is None:
        _write(render_codes(terminal_width()))
        return
    if code.upper() not in CODES:
        _error(f"未知的发现代码 “{code}”；可用代码：{'、'.join(CODES)}")
        sys.exit(EXIT_BAD_INPUT)
    _write(render_code(code.upper()))


main.add_command(import_command)
main.add_command(template_command)

main.add_lazy_command("audit", "scorer.audit.cli:audit")          # imported only when run or listed

main.add_lazy_command("sample", "scorer.sampling.cli:sample")     # (kept last: one line per add-on group)

if __name__ == "__main__":  # pragma: no cover
    main()
