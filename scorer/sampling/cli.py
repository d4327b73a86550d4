"""`perfscore sample …`: plan, select, record, evaluate (registered in scorer/cli.py).

Every bad parameter is one Chinese line on stderr and exit 2; results go to stdout.
"""

from __future__ import annotations

import sys

import click

from scorer.errors import InputError, one_line
from scorer.report.sampling import render_plan
from scorer.sampling import params
from scorer.sampling.bounds import LIKELIHOODS
from scorer.sampling.planning import PlanningError, plan

EXIT_BAD_INPUT = 2


def fail(message: str) -> None:
    click.echo(one_line(f"错误：{message}"), err=True)
    sys.exit(EXIT_BAD_INPUT)


class _Guard:
    """Turn the user-fixable errors of a sampling command into one line and exit 2."""

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if isinstance(exc, (params.ParamError, PlanningError, InputError)):
            fail(str(exc))
        return False


@click.group("sample")
def sample():
    """审计抽样：确定样本量、抽样、登记复核结果、评价。"""


@sample.command("plan")
@click.option("--confidence", required=True, metavar="C", help="置信度，如 0.95 或 95%")
@click.option("--tolerable", required=True, metavar="T", help="可容忍偏差率（错报率），如 0.05")
@click.option("--expected", metavar="E", help="预期偏差：小于 1 为比率，1 及以上为偏差个数")
@click.option("--likelihood", type=click.Choice(LIKELIHOODS), default="binomial", show_default=True,
              help="分布：binomial 属性抽样；poisson 货币单位抽样；hypergeometric 有限总体")
@click.option("--population", type=int, metavar="N", help="总体数量（hypergeometric 必填）")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def plan_command(confidence, tolerable, expected, likelihood, population, fmt):
    """计算样本量：上限（在允许的偏差数下）低于可容忍偏差率的最小样本量。"""
    with _Guard():
        c = params.rate(confidence, "--confidence")
        t = params.rate(tolerable, "--tolerable")
        e = params.expected(expected, t)
        params.count(population, "--population")
        if likelihood == "hypergeometric" and population is None:
            raise params.ParamError("--likelihood hypergeometric 需要 --population N（总体数量）")
        result = plan(c, t, e, likelihood, population)
    click.echo(render_plan(result, fmt), nl=False)
