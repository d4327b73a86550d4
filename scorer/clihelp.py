"""`--help` and usage lines in Chinese, built from the commands' own parameters.

Click writes its scaffolding (Usage:, Options:, [default: …], INTEGER RANGE, "Show this message and
exit.") in English.  Rather than translating its output, this module renders help from the click
objects themselves — each parameter's names, type, default and help text — so every command, including
ones added later with `main.add_command`, gets the same Chinese help.
"""

from __future__ import annotations

import inspect

import click

from scorer.report.textwidth import terminal_width, width, wrap


class ChineseFormatter(click.HelpFormatter):
    """Headings with a full-width colon; definition lists aligned and wrapped by display width."""

    def __init__(self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None):
        super().__init__(indent_increment, width or terminal_width() or 80, max_width)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        pad = " " * self.current_indent
        paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
        self.write("\n\n".join("\n".join(wrap(p, self.width, pad)) for p in paragraphs) + "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((width(a) for a, _ in rows), default=0), col_max) + col_spacing
        pad = " " * self.current_indent
        for first, second in rows:
            head = pad + first
            if not second:
                self.write(head + "\n")
                continue
            hang = " " * (self.current_indent + first_col)
            if width(first) <= first_col - col_spacing:
                lines = wrap(second, self.width, head + " " * (first_col - width(first)), hang)
            else:
                lines = [head] + wrap(second, self.width, hang)
            self.write("\n".join(lines) + "\n")

# type class → metavar shown after an option that takes a value (checked in order: subclasses first)
_METAVARS = (
    (click.IntRange, "整数"), (click.FloatRange, "数值"), (click.types.IntParamType, "整数"),
    (click.types.FloatParamType, "数值"), (click.Path, "路径"), (click.File, "文件"),
    (click.types.BoolParamType, "是|否"),
)


def value_metavar(param: click.Parameter) -> str:
    """What to write after an option: its own metavar, the choices, or the kind of value in Chinese."""
    if param.metavar:
        return param.metavar
    kind = param.type
    if isinstance(kind, click.Choice):
        return "[" + "|".join(map(str, kind.choices)) + "]"
    for cls, name in _METAVARS:
        if isinstance(kind, cls):
            return name
    return "文本"


def describe_range(kind) -> str | None:
    """'1–64', '≥ 1', '≤ 10' for IntRange/FloatRange, None for other types."""
    if not isinstance(kind, (click.IntRange, click.FloatRange)):
        return None
    low, high = kind.min, kind.max
    lo_op = ">" if getattr(kind, "min_open", False) else "≥"
    hi_op = "<" if getattr(kind, "max_open", False) else "≤"
    if low is not None and high is not None and lo_op == "≥" and hi_op == "≤":
        return f"{low}–{high}"
    parts = ([f"{lo_op} {low}"] if low is not None else []) + ([f"{hi_op} {high}"] if high is not None else [])
    return "，".join(parts) or None


def argument_metavar(param: click.Argument) -> str:
    name = param.metavar or (param.name or "").upper()
    return f"{name}..." if param.nargs == -1 and not name.endswith("...") else name


def is_help_option(param: click.Parameter, ctx: click.Context) -> bool:
    return (isinstance(param, click.Option) and param.is_eager and not param.expose_value
            and bool(param.opts) and set(param.opts) <= set(ctx.help_option_names))


def option_record(param: click.Option, ctx: click.Context) -> tuple[str, str]:
    names = ", ".join(sorted(param.opts, key=len))
    if param.secondary_opts:
        names += " / " + ", ".join(param.secondary_opts)
    if not (param.is_flag or param.count):
        names += " " + value_metavar(param)
    if is_help_option(param, ctx):
        return names, "显示本帮助并退出"
    extras = []
    if param.show_default and param.default is not None and not param.is_flag:
        default = param.default
        extras.append(f"默认：{', '.join(map(str, default)) if isinstance(default, (list, tuple)) else default}")
    span = describe_range(param.type)
    if span:
        extras.append(f"范围：{span}")
    if param.required:
        extras.append("必填")
    if param.multiple:
        extras.append("可重复")
    text = param.help or ""
    if extras:
        text = f"{text}  [{'；'.join(extras)}]" if text else f"[{'；'.join(extras)}]"
    return names, text


def usage_pieces(command: click.Command, ctx: click.Context) -> str:
    pieces = []
    params = command.get_params(ctx)
    if any(isinstance(p, click.Option) for p in params):
        pieces.append("[选项]")
    pieces += [argument_metavar(p) for p in params if isinstance(p, click.Argument)]
    if isinstance(command, click.Group):
        pieces.append("命令 [参数]...")
    return " ".join(pieces)


def format_usage(command: click.Command, ctx: click.Context, formatter: click.HelpFormatter) -> None:
    formatter.write_usage(ctx.command_path, usage_pieces(command, ctx), prefix="用法：")


def format_help(command: click.Command, ctx: click.Context, formatter: click.HelpFormatter) -> None:
    format_usage(command, ctx, formatter)
    if command.help:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(_clean(command.help))
    params = command.get_params(ctx)
    arguments = [(argument_metavar(p), getattr(p, "help", None) or "")
                 for p in params if isinstance(p, click.Argument) and getattr(p, "help", None)]
    if arguments:
        with formatter.section("参数"):
            formatter.write_dl(arguments)
    options = [option_record(p, ctx) for p in params if isinstance(p, click.Option) and not p.hidden]
    if options:
        with formatter.section("选项"):
            formatter.write_dl(options)
    if isinstance(command, click.Group):
        rows = []
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                rows.append((name, _short(sub)))
        if rows:
            with formatter.section("命令"):
                formatter.write_dl(rows)
            formatter.write_paragraph()
            formatter.write_text(f"用 {ctx.command_path} 命令 --help 查看一个命令的用法。")
    if command.epilog:
        formatter.write_paragraph()
        formatter.write_text(_clean(command.epilog))


def _clean(text: str) -> str:
    return inspect.cleandoc(text)


def _short(command: click.Command) -> str:
    """The first sentence of the command's help (up to 。), or its short_help."""
    if command.short_help:
        return command.short_help
    text = " ".join(_clean(command.help or "").split("\n\n")[0].split())
    end = text.find("。")
    return text[: end + 1] if end >= 0 else text
