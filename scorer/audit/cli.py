"""`perfscore audit …`: run an audit into the store, and show / list / diff / export stored runs.

`perfscore audit PATH…` runs (the `run` subcommand is implied when the first argument is not a
subcommand).  Exit codes as `evaluate`: 0 clean, 1 findings at or above --fail-on, 2 a broken input
or a usage error.
"""

from __future__ import annotations

import os
import sys
import time

import click

from scorer.errors import InputError, os_error_text
from scorer.report.output import OutputRefused, write_report
from scorer.forms.yamlsafe import DEFAULT_MAX_BYTES
from scorer.rules.pick import ByJurisdiction

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2
FAIL_ON = {"error": 3, "warning": 2, "info": 1, "never": 99}
FORMATS = ["table", "csv", "json", "xlsx", "html"]
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}


class _DefaultRun(click.Group):
    """A group whose first argument, when it is not a subcommand, starts an audit run."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


def _error(message: str) -> None:
    click.echo(f"错误：{message}", err=True)


def _fail(exc: InputError | str) -> None:
    _error(str(exc))
    sys.exit(EXIT_BAD_INPUT)


@click.group(cls=_DefaultRun, context_settings={"help_option_names": ["-h", "--help"]})
def audit():
    """批量审核：PATH… 的全部表写入结果库，风险排名、重复与冲突副本、汇总表核对、报告。"""


def _report_options(f):
    f = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                     help="报告格式")(f)
    f = click.option("--output", "-o", metavar="FILE", help="报告写入文件（xlsx/html 必须给出）")(f)
    f = click.option("--part", type=click.Choice(["register", "findings", "broken"]), default="register",
                     show_default=True, help="csv：登记表、发现或损坏文件")(f)
    return f


@audit.command("run")
@click.argument("paths", nargs=-1)
@click.option("--from-list", metavar="FILE", help="从文件读取路径（每行一个）")
@click.option("--db", default="perfscore.sqlite", show_default=True, metavar="FILE", help="结果库（SQLite）")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True, help="并行进程数")
@click.option("--ruleset", "ruleset_ref", metavar="ID|PATH", help="规则集（覆盖项目文件中的 ruleset:）")
@click.option("--jurisdiction", metavar="地区", help="按地区与表的预算年度自动选择内置规则集")
@click.option("--summary", "summaries", multiple=True, metavar="FILE",
              help="部门绩效自评情况汇总表（summary.yaml；文件夹中的 summary.yaml 自动读取）")
@click.option("--fail-on", type=click.Choice(list(FAIL_ON)), default="error", show_default=True,
              help="有此级别及以上的发现时退出码为 1")
@click.option("--max-file-size", type=click.IntRange(1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="单个输入文件的最大字节数")
@_report_options
def run_command(paths, from_list, db, jobs, ruleset_ref, jurisdiction, summaries, fail_on, max_file_size,
                fmt, output, part):
    """复核 PATH…（文件、文件夹（递归）、通配符）中的全部表，结果写入 --db；同一命令再次运行时续跑。"""
    from scorer.audit.run import AuditRequest, run_audit

    if not paths and not from_list:
        _fail("请给出要审核的文件、文件夹或 --from-list 文件")
    if ruleset_ref and jurisdiction:
        _fail("--ruleset 与 --jurisdiction 只能用其一")
    found: list = []            # the discovery the output check made, if it made one: the run uses it
    _check_output(fmt, output, lambda: _run_inputs(paths, from_list, db, summaries, found), db)
    override = ByJurisdiction(jurisdiction) if jurisdiction else ruleset_ref
    request = AuditRequest(list(paths), db=db, jobs=jobs, override=override, from_list=from_list,
                           max_bytes=max_file_size, summaries=list(summaries), found=found[0] if found else None)
    progress = _Progress() if sys.stderr.isatty() else None
    try:
        outcome = run_audit(request, progress)
    except InputError as exc:
        _fail(exc)
    except OSError as exc:
        _fail(f"{from_list or db}: {exc.strerror or exc}")
    if progress:
        progress.close()
    code = _render_and_exit_code(db, outcome.run_id, fmt, output, part, fail_on,
                                 summary_to_stderr=progress is not None and (fmt != "table" or output is not None))
    sys.exit(code)


class _Progress:
    """count, rate and time left on one stderr line (only when stderr is a terminal)."""

    def __init__(self):
        self.start = time.monotonic()
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.2 and done < total:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-6)
        rate = done / elapsed
        left = (total - done) / rate if rate else 0
        sys.stderr.write(f"\r已复核 {done}/{total} 张，{rate:.0f} 张/秒，预计还需 {left:.0f} 秒   ")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")


def _check_output(fmt: str, output: str | None, inputs=lambda: (), db: str | None = None) -> None:
    """Before any work: a report format that needs a file has one, and the report never replaces what
    the command reads — the result store, a form, a path list, a summary table.  `inputs()` is asked
    only when something is already at the output path (listing a province's forms costs a walk)."""
    if fmt in ("xlsx", "html") and not output:
        _fail(f"--format {fmt} 需要 --output FILE")
    if output is None:
        return
    from scorer.report.output import check_output
    try:
        check_output(output, inputs() if os.path.lexists(output) else (), created=[db] if db else ())
    except OutputRefused as exc:
        _fail(str(exc))


def _run_inputs(paths, from_list, db, summaries, found: list):
    """Every file an audit run reads (for `_check_output`); the discovery is appended to `found`, so the
    run does not walk the folders a second time."""
    from scorer.audit.discover import discover
    read = [db, *([from_list] if from_list else []), *summaries]
    try:
        discovered = discover(paths, from_list)
    except InputError:                 # an unreadable --from-list: the run itself reports it
        return read
    found.append(discovered)
    forms, _, found_summaries = discovered
    return [*read, *forms, *found_summaries]


def _render_and_exit_code(db, run_id, fmt, output, part, fail_on, summary_to_stderr: bool = False) -> int:
    """Write the report, then the exit code: 2 any broken input, 1 findings at/above --fail-on, else 0.
    On a terminal, when the report goes elsewhere, the summary and top risks are shown on stderr."""
    from scorer.audit.store import open_store
    from scorer.audit.view import load_run
    from scorer.report.audit_table import render_audit_table

    conn = open_store(db, create=False)
    try:
        view = load_run(conn, run_id)
        for broken in view.broken():
            _error(broken["error"])
        _emit(view, fmt, output, part)
        if summary_to_stderr:
            sys.stderr.write(render_audit_table(view, top=5, broken=False))
        if view.broken():
            return EXIT_BAD_INPUT
        worst = max((SEVERITY_RANK.get(s, 0) for (s,) in conn.execute(
            "SELECT DISTINCT severity FROM findings WHERE run_id = ?", (run_id,))), default=0)
        return EXIT_FINDINGS if worst >= FAIL_ON[fail_on] else EXIT_OK
    finally:
        conn.close()


def _emit(view, fmt: str, output: str | None, part: str) -> None:
    from scorer.report import audit_csv, audit_json, audit_table

    try:
        if fmt == "xlsx":
            from scorer.report.audit_xlsx import write_audit_xlsx
            write_audit_xlsx(view, output)
            return
        if fmt == "html":
            from scorer.report.audit_html import render_audit_html
            text = render_audit_html(view)
        elif fmt == "csv":
            text = audit_csv.render_audit_csv(view, part)
        elif fmt == "json":
            text = audit_json.render_audit_json(view)
        else:
            text = audit_table.render_audit_table(view)
        if output:
            write_report(output, text)
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
    except OutputRefused as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{output}: 无法写入输出文件（{os_error_text(exc)}）")


def _open(db: str):
    from scorer.audit.store import open_store
    try:
        return open_store(db, create=False)
    except InputError as exc:
        _fail(exc)


@audit.command("show")
@click.option("--db", default="perfscore.sqlite", show_default=True, metavar="FILE", help="结果库")
@click.option("--run", "run_id", type=int, metavar="ID", help="运行编号（默认最近一次完成的运行）")
@_report_options
def show_command(db, run_id, fmt, output, part):
    """不重新复核，按结果库中的记录重新输出某次运行的报告。"""
    from scorer.audit.view import load_run

    _check_output(fmt, output, lambda: [db])
    conn = _open(db)
    try:
        _emit(load_run(conn, run_id), fmt, output, part)
    except InputError as exc:
        _fail(exc)
    finally:
        conn.close()


@audit.command("runs")
@click.option("--db", default="perfscore.sqlite", show_default=True, metavar="FILE", help="结果库")
def runs_command(db):
    """列出结果库中的全部运行。"""
    from scorer.audit.history import render_runs

    conn = _open(db)
    try:
        sys.stdout.write(render_runs(conn))
    finally:
        conn.close()


@audit.command("diff")
@click.argument("run1", type=int)
@click.argument("run2", type=int)
@click.option("--db", default="perfscore.sqlite", show_default=True, metavar="FILE", help="结果库")
def diff_command(run1, run2, db):
    """比较两次运行：新增的发现、已消除的发现、等次变化、新增与移除的表。"""
    from scorer.audit.history import render_diff

    conn = _open(db)
    try:
        sys.stdout.write(render_diff(conn, run1, run2))
    except InputError as exc:
        _fail(exc)
    finally:
        conn.close()


@audit.command("export")
@click.option("--db", default="perfscore.sqlite", show_default=True, metavar="FILE", help="结果库")
@click.option("--to", "directory", required=True, metavar="DIR", help="输出文件夹（每张表一个文件）")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
def export_command(db, directory, fmt):
    """把结果库的每张表导出为 CSV 或 JSON Lines（供 DuckDB、pandas、数据仓库载入）。"""
    from scorer.audit.export import export_tables

    conn = _open(db)
    try:
        for name, rows in export_tables(conn, directory, fmt):
            click.echo(f"{name}: {rows} 行")
    except OSError as exc:
        _fail(f"{directory}: 无法写入（{exc.strerror or exc}）")
    finally:
        conn.close()
