"""Click in Chinese: help, usage and usage errors for every command, as one Chinese line, exit 2.

`ChineseGroup` is the `perfscore` group.  Every command attached to it — by decorator or later by
`main.add_command(...)` from another package, groups included, at any depth — is *adopted*: its class
gains `ChineseCommandMixin`, which renders help from the parameters (`clihelp`) and raises usage
problems as `UsageProblem` with a Chinese message.  Errors click raises itself are translated by their
exception type and the parameter they name (never by reading click's English text), and printed by
`ChineseGroup.main` as one line "错误：…" on stderr with exit code 2.
"""

from __future__ import annotations

import contextlib
import difflib
import importlib
import sys

import click
from click.exceptions import BadArgumentUsage, BadOptionUsage, BadParameter, MissingParameter, NoSuchOption

from scorer import clihelp
from scorer.errors import one_line

EXIT_USAGE = 2
NoArgsIsHelpError = getattr(click.exceptions, "NoArgsIsHelpError", None)


class UsageProblem(click.UsageError):
    """A usage error whose message is already the Chinese line to show."""


class ChineseContext(click.Context):
    formatter_class = clihelp.ChineseFormatter


class ChineseCommandMixin:
    """Chinese help and usage errors; mixed into every adopted command's class."""

    context_class = ChineseContext

    def get_usage(self, ctx):
        formatter = ctx.make_formatter()
        clihelp.format_usage(self, ctx, formatter)
        return formatter.getvalue().rstrip("\n")

    def format_help(self, ctx, formatter):
        clihelp.format_help(self, ctx, formatter)

    def add_command(self, cmd, name=None):
        super().add_command(adopt(cmd), name)

    def resolve_command(self, ctx, args):
        name = args[0] if args else ""
        known = self.get_command(ctx, name) is not None or (
            ctx.token_normalize_func is not None and self.get_command(ctx, ctx.token_normalize_func(name)) is not None)
        if not name.startswith("-") and not known:
            raise UsageProblem(_no_such_command(ctx, name), ctx)
        return super().resolve_command(ctx, args)

    def parse_args(self, ctx, args):
        raw = list(args)
        allow = ctx.allow_extra_args
        ctx.allow_extra_args = True                 # extras are reported below, in Chinese
        try:
            rest = super().parse_args(ctx, args)
        except MissingParameter as exc:
            exc.ctx = exc.ctx or ctx
            raise
        except BadParameter as exc:
            raise UsageProblem(_bad_value(exc, self, ctx, raw), ctx) from exc
        except click.UsageError as exc:         # the parser's own errors come without a context
            exc.ctx = exc.ctx or ctx
            raise
        finally:
            ctx.allow_extra_args = allow
        if rest and not allow and not ctx.resilient_parsing and not isinstance(self, click.Group):
            raise UsageProblem(f"{ctx.command_path}：多余的参数 {' '.join(rest)}"
                               f"（用 {ctx.command_path} --help 查看用法）", ctx)
        return rest

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "显示本帮助并退出"
        return option


_ADOPTED: dict[type, type] = {}


def adopt(command: click.Command) -> click.Command:
    """Give `command` (and its subcommands) Chinese help and usage errors, in place."""
    cls = type(command)
    if not issubclass(cls, ChineseCommandMixin):
        if cls not in _ADOPTED:
            _ADOPTED[cls] = type(f"Chinese{cls.__name__}", (ChineseCommandMixin, cls), {})
        command.__class__ = _ADOPTED[cls]
    for sub in list(getattr(command, "commands", {}).values()):
        adopt(sub)
    return command


class ChineseGroup(ChineseCommandMixin, click.Group):
    """The top-level group: adopts what is added, prints usage errors as one Chinese line (exit 2).

    A command whose module is slow to import (audit, sampling: SQLite, statistics) is registered by
    name with `add_lazy_command` and imported only when it is run, listed in help or looked up —
    so `perfscore evaluate` on one form does not pay for them."""

    def add_lazy_command(self, name: str, target: str) -> None:
        """Register `module:attribute` as the command `name`, imported on first use."""
        self.__dict__.setdefault("_lazy", {})[name] = target

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *self.__dict__.get("_lazy", {})})

    def get_command(self, ctx, name):
        target = self.__dict__.get("_lazy", {}).pop(name, None)
        if target is not None and name not in self.commands:
            module, attribute = target.split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            if NoArgsIsHelpError is not None and isinstance(exc, NoArgsIsHelpError):
                click.echo(exc.ctx.get_help(), err=True)
            else:
                click.echo(f"错误：{one_line(usage_message(exc))}", err=True)
            sys.exit(EXIT_USAGE)
        except click.ClickException as exc:
            click.echo(f"错误：{one_line(exc.format_message())}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("已中止", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def usage_message(exc: click.UsageError) -> str:
    """The Chinese line for a usage error, chosen by the error's type and the parameter it names."""
    ctx = exc.ctx
    path = ctx.command_path if ctx is not None else "perfscore"
    see = f"（用 {path} --help 查看用法）"
    if isinstance(exc, UsageProblem):
        return exc.message
    if isinstance(exc, MissingParameter):
        param = exc.param
        if isinstance(param, click.Argument):
            many = "（至少一个）" if param.nargs == -1 else ""
            return f"{path}：缺少参数 {clihelp.argument_metavar(param)}{many}{see}"
        if param is not None:
            return f"{path}：缺少选项 {_option_name(param)}{see}"
        return f"{path}：缺少参数{see}"
    if isinstance(exc, NoSuchOption):
        hint = f"，你是不是想用 {'、'.join(exc.possibilities)}？" if exc.possibilities else ""
        return f"{path}：没有这个选项 “{exc.option_name}”{hint}{see}"
    if isinstance(exc, BadOptionUsage):
        param = _param_named(ctx, exc.option_name)
        if param is not None and (getattr(param, "is_flag", False) or getattr(param, "count", False)):
            return f"{path}：选项 {exc.option_name} 是开关，不接受取值{see}"
        return f"{path}：选项 {exc.option_name} 后面缺少取值{see}"
    if isinstance(exc, BadArgumentUsage):
        return f"{path}：参数个数不对{see}"
    if isinstance(exc, BadParameter):
        return f"{path}：{_param_label(exc.param)} 的取值无效{see}"
    return f"{path}：命令行用法有误{see}"


def _option_name(param: click.Parameter) -> str:
    return max(param.opts, key=len) if param.opts else (param.name or "")


def _param_label(param: click.Parameter | None) -> str:
    if param is None:
        return "参数"
    if isinstance(param, click.Argument):
        return f"参数 {clihelp.argument_metavar(param)}"
    return _option_name(param)


def _param_named(ctx: click.Context | None, option: str) -> click.Parameter | None:
    if ctx is None:
        return None
    for param in ctx.command.get_params(ctx):
        if option in getattr(param, "opts", ()) or option in getattr(param, "secondary_opts", ()):
            return param
    return None


def _raw_values(command: click.Command, ctx: click.Context, args: list[str], param: click.Parameter):
    """The text the user typed for `param` (parsed again from the command line), or None."""
    try:
        parser = command.make_parser(ctx)
        opts, _, _ = parser.parse_args(args=list(args))
    except click.UsageError:
        return None
    value = opts.get(param.name)
    if value is None:
        return None
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _bad_value(exc: BadParameter, command, ctx: click.Context, args: list[str]) -> str:
    """'--jobs 应为 1–64 之间的整数，不能是 “0”' — from the parameter's type and the value typed."""
    param = exc.param
    path = ctx.command_path
    see = f"（用 {path} --help 查看用法）"
    if param is None:
        return f"{path}：参数取值无效{see}"
    label = _param_label(param)
    values = _raw_values(command, ctx, args, param) or []
    bad = next((v for v in values if not _converts(param, v, ctx)), None)
    if bad is None:                     # raised by a callback: its message is ours, already Chinese
        return f"{path}：{label}：{exc.message}"
    kind = param.type
    if isinstance(kind, click.Choice):
        choices = "、".join(map(str, kind.choices))
        near = difflib.get_close_matches(str(bad), [str(c) for c in kind.choices], n=1)
        hint = f"，你是不是想用 {near[0]}？" if near else ""
        return f"{path}：{label} 不能是 “{bad}”；可选：{choices}{hint}"
    span = clihelp.describe_range(kind)
    noun = "整数" if isinstance(kind, (click.IntRange, click.types.IntParamType)) else "数值"
    if span:
        within = f"{span} 之间的{noun}" if "–" in span else f"{span} 的{noun}"
        return f"{path}：{label} 应为 {within}，不能是 “{bad}”"
    if isinstance(kind, (click.types.IntParamType, click.types.FloatParamType)):
        return f"{path}：{label} 应为{noun}，不能是 “{bad}”"
    return f"{path}：{label} 的取值 “{bad}” 无效{see}"


def _converts(param: click.Parameter, value, ctx: click.Context) -> bool:
    try:
        param.type.convert(value, param, ctx)
    except click.BadParameter:
        return False
    return True


def _all_commands(group: click.Group, ctx: click.Context, prefix: tuple = ()):
    for name in group.list_commands(ctx):
        sub = group.get_command(ctx, name)
        if sub is None or sub.hidden:
            continue
        yield (*prefix, name)
        if isinstance(sub, click.Group):
            yield from _all_commands(sub, ctx, (*prefix, name))


def _no_such_command(ctx: click.Context, name: str) -> str:
    """'没有这个命令 “check”，你是不是想用 `perfscore rules check`？' — searched over the whole tree."""
    root = ctx.find_root()
    every = list(_all_commands(root.command, root)) if isinstance(root.command, click.Group) else []
    here = tuple(ctx.command_path.split()[1:])
    same = [p for p in every if p[-1] == name and p[:-1] != here]
    near = same or [p for p in every if p[:-1] == here and
                    p[-1] in difflib.get_close_matches(name, [q[-1] for q in every if q[:-1] == here], n=2)]
    if not near:
        near = [p for p in every if p[-1] in difflib.get_close_matches(name, [q[-1] for q in every], n=1)]
    prog = root.command_path
    if near:
        options = "、".join(f"`{' '.join((prog, *p))}`" for p in near)
        return f"没有这个命令 “{name}”，你是不是想用 {options}？"
    return f"没有这个命令 “{name}”（用 {ctx.command_path} --help 列出全部命令）"


def error(message: str) -> None:
    """One line on stderr, every character a terminal could act on escaped (stderr closed too: the
    exit code alone says it)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        click.echo(f"错误：{one_line(message)}", err=True)


def write_or_exit(write, output: str, *args) -> None:
    """`write(output, *args)` (a safe writer of report/output.py); an output it refuses or cannot
    write is one Chinese line on stderr and exit 2 — the same for every command that writes files."""
    from scorer.errors import os_error_text
    from scorer.report.output import OutputRefused
    try:
        write(output, *args)
    except OutputRefused as exc:
        error(str(exc))
        sys.exit(2)
    except OSError as exc:
        error(f"{output}: 无法写入输出文件（{os_error_text(exc)}）")
        sys.exit(2)
