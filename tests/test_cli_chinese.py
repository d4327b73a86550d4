"""Click's scaffolding in Chinese: every command's --help, and usage errors as one Chinese line, exit 2.

The help of every command is checked by walking the command tree, so a command another package
registers later with `main.add_command` is checked too.
"""

from __future__ import annotations

import re

import click
import pytest

from clirun import run
from scorer.cli import main

# words click writes in its own (English) scaffolding
ENGLISH = re.compile(r"\b(Usage|Options|Commands|Arguments|Show this|default|required|INTEGER|RANGE|TEXT|"
                     r"FLOAT|Error|Missing|Invalid|No such|Got unexpected|Try)\b")


def _tree(group: click.Group, prefix=()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        sub = group.get_command(ctx, name)
        yield (*prefix, name)
        if isinstance(sub, click.Group):
            yield from _tree(sub, (*prefix, name))


COMMANDS = [(), *_tree(main)]


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "perfscore")
def test_every_help_is_chinese(path):
    code, out, err = run(*path, "--help")
    assert (code, err) == (0, ""), err
    assert out.startswith(f"用法：{' '.join(('perfscore', *path))}")
    assert "选项：" in out and "显示本帮助并退出" in out
    assert not ENGLISH.search(out), out


def test_group_help_lists_commands_with_their_first_sentence():
    code, out, _ = run("--help")
    assert code == 0
    assert "命令：" in out and re.search(r"^  evaluate +复算", out, re.M) and "  rules " in out
    code, out, _ = run("rules", "-h")
    assert code == 0 and re.search(r"^  check +检查规则集", out, re.M)


def test_option_help_shows_defaults_and_ranges_in_chinese():
    _, out, _ = run("evaluate", "--help")
    assert "-j, --jobs 整数" in out and "[默认：1；范围：1–64]" in out
    assert "--format [csv|json|table|xlsx]" in out and "[默认：table]" in out


@pytest.mark.parametrize("args, expected", [
    (["check", "x"], "错误：没有这个命令 “check”，你是不是想用 `perfscore rules check`？"),
    (["evaluat", "x"], "错误：没有这个命令 “evaluat”，你是不是想用 `perfscore evaluate`？"),
    (["rules", "chek"], "错误：没有这个命令 “chek”，你是不是想用 `perfscore rules check`？"),
    (["evaluate", "x", "--jobs", "0"], "错误：perfscore evaluate：--jobs 应为 1–64 之间的整数，不能是 “0”"),
    (["evaluate", "x", "--format", "xml"],
     "错误：perfscore evaluate：--format 不能是 “xml”；可选：csv、json、table、xlsx"),
    (["evaluate", "x", "--format", "jsn"],
     "错误：perfscore evaluate：--format 不能是 “jsn”；可选：csv、json、table、xlsx，你是不是想用 json？"),
    (["evaluate"],
     "错误：perfscore evaluate：缺少参数 FILE|文件夹|模式...（至少一个）（用 perfscore evaluate --help 查看用法）"),
    (["evaluate", "--formt", "json", "x"],
     "错误：perfscore evaluate：没有这个选项 “--formt”，你是不是想用 --format？"
     "（用 perfscore evaluate --help 查看用法）"),
    (["explain", "a", "b"], "错误：perfscore explain：多余的参数 b（用 perfscore explain --help 查看用法）"),
    (["evaluate", "x", "--explain=yes"],
     "错误：perfscore evaluate：选项 --explain 是开关，不接受取值（用 perfscore evaluate --help 查看用法）"),
    (["evaluate", "x", "--format"],
     "错误：perfscore evaluate：选项 --format 后面缺少取值（用 perfscore evaluate --help 查看用法）"),
    (["explain", "x", "-i", "zwei"], "错误：perfscore explain：--indicator 应为整数，不能是 “zwei”"),
    (["rules", "show", "x", "--year", "1800"],
     "错误：perfscore rules show：--year 应为 1990–2100 之间的整数，不能是 “1800”"),
    (["evaluate", "x", "--max-file-size", "0"],
     "错误：perfscore evaluate：--max-file-size 应为 1–1073741824 之间的整数，不能是 “0”"),
])
def test_usage_errors_are_one_chinese_line(args, expected):
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert err == expected + "\n"


def test_no_command_shows_the_chinese_help():
    code, out, err = run()
    assert code == 2 and out == ""
    assert err.startswith("用法：perfscore [选项] 命令 [参数]...") and not ENGLISH.search(err)


def test_a_command_registered_later_gets_the_same_treatment():
    """What another package does: build a plain click group and `main.add_command` it."""
    @click.group("later")
    def later():
        """后来加入的命令组。"""

    @later.command("count")
    @click.argument("source")
    @click.option("--size", type=click.IntRange(1, 10), default=3, show_default=True, help="个数")
    def count(source, size):
        """数一数。"""
        click.echo(f"{source} {size}")

    main.add_command(later)
    try:
        code, out, _ = run("later", "count", "--help")
        assert code == 0 and out.startswith("用法：perfscore later count [选项] SOURCE")
        assert "--size 整数" in out and "[默认：3；范围：1–10]" in out and not ENGLISH.search(out)
        assert run("later", "count", "a", "--size", "11") == (
            2, "", "错误：perfscore later count：--size 应为 1–10 之间的整数，不能是 “11”\n")
        assert run("later", "cont") == (
            2, "", "错误：没有这个命令 “cont”，你是不是想用 `perfscore later count`？\n")
        assert run("count") == (2, "", "错误：没有这个命令 “count”，你是不是想用 `perfscore later count`？\n")
        assert run("later", "count") == (
            2, "", "错误：perfscore later count：缺少参数 SOURCE（用 perfscore later count --help 查看用法）\n")
        assert run("later", "count", "a", "--size", "4") == (0, "a 4\n", "")
    finally:
        main.commands.pop("later")


def test_help_fits_a_narrow_terminal():
    from scorer.report.textwidth import width
    for path in COMMANDS:
        _, out, _ = run(*path, "--help", env={"COLUMNS": "60"})
        too_wide = [line for line in out.splitlines() if width(line) > 60]
        assert not too_wide, (path, too_wide)
