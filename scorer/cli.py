"""Command line: the commands and the exit-code policy, in one place.

Exit codes: 0 — no finding at or above --fail-on; 1 — there are; 2 — bad input or usage
(a broken file is reported on stderr and the other files are still evaluated).
"""

from __future__ import annotations

import sys

import click
from tabulate import tabulate

from .atomic import write_atomic
from .engine import BrokenFile, evaluate_files
from .errors import InputError
from .report import FORMATTERS
from .ruleset import RulesetLoader, builtin_ids
from .yamlsafe import DEFAULT_MAX_BYTES

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2
FAIL_ON = {"error": 3, "warning": 2, "info": 1, "never": 99}


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _error(message: str) -> None:
    click.echo(f"错误：{message}", err=True)


def exit_code(results, fail_on: str) -> int:
    if any(isinstance(r, BrokenFile) for r in results):
        return EXIT_BAD_INPUT
    threshold = FAIL_ON[fail_on]
    worst = max((r.worst() for r in results), default=0)
    return EXIT_FINDINGS if worst >= threshold else EXIT_OK


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="perfscore")
def main():
    """perfscore：预算绩效自评表规则化复核。"""


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--ruleset", "ruleset_ref", metavar="ID|PATH", help="规则集（覆盖项目文件中的 ruleset:）")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATTERS)), default="table", show_default=True,
              help="输出格式")
@click.option("--fail-on", type=click.Choice(list(FAIL_ON)), default="error", show_default=True,
              help="有此级别及以上的发现时退出码为 1")
@click.option("--explain", is_flag=True, help="逐项列出计分过程")
@click.option("--max-file-size", type=click.IntRange(1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="单个输入文件的最大字节数")
@click.option("--output", "-o", "output", metavar="FILE", help="把报告写入文件（先写临时文件再改名，不会留下半截文件）")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True, help="并行进程数")
def evaluate(files, ruleset_ref, fmt, fail_on, explain, max_file_size, output, jobs):
    """复算 FILE… 的各项得分，列出与规则不符之处。"""
    loader = RulesetLoader(max_bytes=max_file_size)
    results = evaluate_files(files, loader, ruleset_ref, jobs)
    for broken in (r for r in results if isinstance(r, BrokenFile)):
        _error(broken.message)
    _emit(FORMATTERS[fmt](results, explain=explain), output)
    sys.exit(exit_code(results, fail_on))


def _emit(text: str, output: str | None) -> None:
    """stdout, or a file written atomically; an unwritable output is a usage error (exit 2)."""
    if output is None:
        _write(text)
        return
    try:
        write_atomic(output, text)
    except OSError as exc:
        _error(f"{output}: 无法写入输出文件（{exc.strerror or exc}）")
        sys.exit(EXIT_BAD_INPUT)


@main.group()
def rules():
    """规则集：列出、检查、展示、测试。"""


@rules.command("list")
def rules_list():
    """列出内置规则集。"""
    loader = RulesetLoader()
    table = []
    for rid in builtin_ids():
        try:
            rs = loader.load(rid)
        except InputError as exc:
            _error(str(exc))
            sys.exit(EXIT_BAD_INPUT)
        table.append([rid, rs.version, rs.jurisdiction, rs.describe_years(),
                      rs.parent or "—", rs.title])
    _write(tabulate(table, headers=["规则集", "版本", "地区", "适用年度", "继承", "名称"], tablefmt="simple") + "\n")


if __name__ == "__main__":  # pragma: no cover
    main()
