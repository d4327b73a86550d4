"""`perfscore sample …`: plan, select, record, evaluate (registered in scorer/cli.py).

Every bad parameter is one Chinese line on stderr and exit 2; results go to stdout.
"""

from __future__ import annotations

import secrets
import sqlite3
import sys
from decimal import Decimal

import click

from scorer.errors import InputError, one_line, os_error_text
from scorer.sampling import params
from scorer.sampling.bounds import LIKELIHOODS
from scorer.sampling.evaluation import EvaluationError, evaluate_counts, evaluate_sample, evaluate_taints
from scorer.sampling.planning import PlanningError, plan
from scorer.sampling.population import read_csv, read_run
from scorer.sampling.selection import METHODS, Selection, SelectionError, extend, select
from scorer.sampling.reviewsheet import read_review_sheet
from scorer.sampling.store import (add_extension, latest_reviews, load_sample, open_register, open_sampling_store,
                                   record_review, save_sample)


# The report writers pull in tabulate and openpyxl (with numpy): imported when a sampling command
# actually writes, not at every start of perfscore (this group is registered on the main command).
def render_plan(*args, **kwargs):
    from scorer.report.sampling import render_plan as render
    return render(*args, **kwargs)


def render_sample(*args, **kwargs):
    from scorer.report.sampling import render_sample as render
    return render(*args, **kwargs)


def render_evaluation(*args, **kwargs):
    from scorer.report.sampling import render_evaluation as render
    return render(*args, **kwargs)


def write_sample_xlsx(*args, **kwargs):
    from scorer.report.sampling_xlsx import write_sample_xlsx as write
    return write(*args, **kwargs)


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
        if isinstance(exc, sqlite3.Error):
            fail(f"数据库操作失败（{exc}）")
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


def _population(db, run, population, id_column, value_column, risk_column, conn=None):
    """The population named on the command line: a stored audit run or a CSV list (exactly one)."""
    if bool(db) == bool(population):
        raise params.ParamError("请用 --db FILE（审计登记库）或 --population FILE.csv 二者之一指定总体")
    if population:
        if not id_column:
            raise params.ParamError("--population 需要 --id-column 指定编号列")
        return read_csv(population, id_column, value_column, risk_column)
    if run is not None and run < 1:
        raise params.ParamError(f"--run 应为正整数，收到 {run}")
    return read_run(conn, db, run)


def _positive_total(pop) -> Decimal | None:
    values = [i.value for i in pop.items if i.value is not None]
    return sum((v for v in values if v > 0), Decimal(0)) if values else None


def _record(sample_id, selection_or_stored, pop, excluded) -> dict:
    s = selection_or_stored
    if isinstance(s, Selection):
        items = [{"id": p.item.id, "value": p.item.value, "reason": p.reason} for p in s.picked]
    else:
        items = [dict(i) for i in s.items]
    files = {i.id: i.file for i in pop.items} if pop.run_id is not None else {}
    for item in items:                       # forms from the register are named by their file too
        if files.get(item["id"]):
            item["file"] = files[item["id"]]
    return {"sample": sample_id, "seed": s.seed, "method": s.method, "population_hash": pop.hash,
            "population_size": len(pop.items), "algorithm_version": s.algorithm_version,
            "parameters": s.parameters, "items": items,
            "excluded": [{"id": i.id, "value": i.value, "reason": why} for i, why in excluded]}


@sample.command("select")
@click.option("--db", metavar="FILE", help="审计登记库（SQLite）：从中读取批次作为总体，样本也保存在此")
@click.option("--run", type=int, metavar="ID", help="批次编号（默认最新一批）")
@click.option("--population", metavar="FILE.csv", help="CSV 清单作为总体（如预算系统导出的项目清单）")
@click.option("--id-column", metavar="C", help="CSV 中的编号列")
@click.option("--value-column", metavar="V", help="CSV 中的金额列（mus/cell 必需）")
@click.option("--risk-column", metavar="R", help="CSV 中的风险值列（risk 方法用）")
@click.option("--method", type=click.Choice(METHODS), help="抽样方法")
@click.option("--size", type=int, metavar="N", help="样本量")
@click.option("--seed", type=int, metavar="K", help="随机种子（不给时随机生成并记录）")
@click.option("--start", metavar="S", help="systematic/mus 的起点，在 [1, 间隔] 之内（不给时由种子抽取）")
@click.option("--by", metavar="FIELD", help="分层字段：department|ruleset|year|grade|risk_band 或 CSV 列名")
@click.option("--per-stratum", type=int, metavar="K", help="每层固定抽 K 项（代替按比例分配）")
@click.option("--top", type=int, metavar="K", help="risk 方法：按风险取前 K 项（默认样本量的一半，向上取整）")
@click.option("--save", metavar="DB", help="把样本保存到此数据库（--db 时默认保存在 --db）")
@click.option("--extend", "extend_id", metavar="SAMPLE", help="扩大已保存的样本（保留已抽取的全部项目）")
@click.option("--to", "extend_to", type=int, metavar="N", help="与 --extend 同用：扩大后的样本项数")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "xlsx"]), default="table",
              show_default=True, help="输出格式（xlsx 需要 --output）")
@click.option("--output", "-o", metavar="FILE", help="写入文件（先写临时文件再改名）")
def select_command(db, run, population, id_column, value_column, risk_column, method, size, seed, start, by,
                   per_stratum, top, save, extend_id, extend_to, fmt, output):
    """抽取样本：同一种子与同一总体在任何机器上抽出同样的项目。"""
    with _Guard():
        if fmt == "xlsx" and not output:
            raise params.ParamError("--format xlsx 需要 --output FILE.xlsx")
        _check_output(output, [f for f in (population, db) if f], [save] if save else [])
        store_path = save or db
        conn = open_register(db) if db else None
        pop = _population(db, run, population, id_column, value_column, risk_column, conn)
        store = open_sampling_store(store_path) if store_path else None       # only once the population reads
        if extend_id is not None:
            if store is None:
                raise params.ParamError("--extend 需要保存样本的数据库：--db 或 --save")
            if extend_to is None:
                raise params.ParamError("--extend 需要 --to N（扩大后的样本项数）")
            record = _extend(store, store_path, extend_id, extend_to, pop)
        else:
            if extend_to is not None:
                raise params.ParamError("--to 只能与 --extend 同用")
            if method is None:
                raise params.ParamError("需要 --method（random|systematic|stratified|mus|cell|risk）")
            if start is not None:
                params.decimal_value(start, "--start")
            params.count(per_stratum, "--per-stratum")
            params.count(top, "--top", minimum=0)
            if seed is None:
                seed = secrets.randbelow(2**31)
            try:
                selection = select(pop.items, method, size, seed, start, by, per_stratum, top)
            except SelectionError as exc:
                raise params.ParamError(str(exc)) from None
            sample_id = save_sample(store, selection, pop, _positive_total(pop)) if store else None
            record = _record(sample_id, selection, pop, selection.excluded)
        _emit(record, fmt, output)


def _check_output(output, inputs, created) -> None:
    """Before anything is drawn or saved: the output never replaces the population list or a store."""
    if output is None:
        return
    from scorer.report.output import OutputRefused, check_output
    try:
        check_output(output, inputs, created)
    except OutputRefused as exc:
        raise params.ParamError(str(exc)) from None


def _emit(record, fmt, output):
    from scorer.report.output import OutputRefused, write_report
    try:
        if fmt == "xlsx":
            write_sample_xlsx(record, output)
        elif output:
            write_report(output, render_sample(record, fmt))
        else:
            click.echo(render_sample(record, fmt), nl=False)
    except OutputRefused as exc:
        raise params.ParamError(str(exc)) from None
    except OSError as exc:
        raise params.ParamError(f"{output}: 无法写入输出文件（{os_error_text(exc)}）") from None


def _extend(store, store_path, sample_id, to, pop) -> dict:
    stored = load_sample(store, sample_id, store_path)
    if stored.population_hash != pop.hash:
        raise params.ParamError(f"总体与样本 {stored.id} 抽取时不同（哈希 {stored.population_hash[:16]}… ≠ "
                                f"{pop.hash[:16]}…）：扩样必须基于同一总体")
    number = len(stored.parameters.get("extensions", [])) + 1
    try:
        added = extend(pop.items, [i["id"] for i in stored.items], stored.method, stored.seed, number, to,
                       stored.parameters)
    except SelectionError as exc:
        raise params.ParamError(str(exc)) from None
    add_extension(store, stored, added)
    stored = load_sample(store, sample_id, store_path)
    excluded = [(i, "没有金额（缺失或无法读取），不参与货币单位抽样" if i.value is None else
                 "金额为零或负数，不参与货币单位抽样") for i in pop.items
                if stored.method in ("mus", "cell") and (i.value is None or i.value <= 0)]
    return _record(stored.id, stored, pop, excluded)


@sample.command("record")
@click.argument("sample_id", metavar="SAMPLE")
@click.option("--db", required=True, metavar="FILE", help="保存该样本的数据库")
@click.option("--item", metavar="ID", help="样本中的项目编号")
@click.option("--misstatement", metavar="X", help="复核发现的错报金额（无错报填 0）")
@click.option("--note", metavar="文字", help="说明")
@click.option("--from", "sheet", metavar="FILE", help="复核表（select --format csv 或 xlsx 的输出填写后）")
def record_command(sample_id, db, item, misstatement, note, sheet):
    """登记复核结果（记录复核人与时间；同一项目后登记的覆盖先前的）。"""
    with _Guard():
        conn = open_sampling_store(db, must_exist=True)
        stored = load_sample(conn, sample_id, db)
        ids = {i["id"] for i in stored.items}
        if bool(sheet) == bool(item):
            raise params.ParamError("请用 --item ID --misstatement X 或 --from FILE.csv 二者之一")
        if sheet:
            if misstatement is not None or note is not None:
                raise params.ParamError("--from 与 --misstatement/--note 不能同用")
            reviews = read_review_sheet(sheet, ids)
        else:
            if misstatement is None:
                raise params.ParamError("--item 需要 --misstatement X（无错报填 0）")
            if item not in ids:
                raise params.ParamError(f"项目“{item}”不在样本 {stored.id} 中")
            reviews = [(item, params.decimal_value(misstatement, "--misstatement"), note)]
        record_review(conn, stored.id, reviews)
    click.echo(f"样本 {stored.id}：已登记 {len(reviews)} 项复核结果\n", nl=False)


@sample.command("evaluate")
@click.argument("sample_id", metavar="[SAMPLE]", required=False)
@click.option("--db", metavar="FILE", help="保存该样本的数据库（评价已保存的样本时必需）")
@click.option("--size", type=int, metavar="n", help="样本量（不用已保存的样本时）")
@click.option("--errors", metavar="x", help="发现的偏差数")
@click.option("--taints", metavar="t1,t2,…", help="各错报项目的错报比例（错报 ÷ 账面金额）")
@click.option("--confidence", required=True, metavar="C", help="置信度，如 0.95")
@click.option("--likelihood", type=click.Choice(LIKELIHOODS), help="上限所用分布（默认 binomial）")
@click.option("--method", "method", type=click.Choice(["stringer"]), help="货币单位抽样用 Stringer 界")
@click.option("--population", type=int, metavar="N", help="总体数量（hypergeometric）")
@click.option("--tolerable", metavar="T", help="可容忍偏差率/错报率：给出时作出结论")
@click.option("--book-value", metavar="V", help="总体账面金额：给出时推断错报金额（--taints 用）")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def evaluate_command(sample_id, db, size, errors, taints, confidence, likelihood, method, population, tolerable,
                     book_value, fmt):
    """评价样本：最可能错报率、置信上限与结论。"""
    with _Guard():
        c = params.rate(confidence, "--confidence")
        t = params.rate(tolerable, "--tolerable") if tolerable is not None else None
        params.count(population, "--population")
        try:
            if sample_id is not None:
                if size is not None or errors is not None or taints is not None or book_value is not None:
                    raise params.ParamError("评价已保存的样本时不再给 --size/--errors/--taints/--book-value")
                if not db:
                    raise params.ParamError("评价已保存的样本需要 --db FILE")
                conn = open_sampling_store(db, must_exist=True)
                stored = load_sample(conn, sample_id, db)
                result = evaluate_sample(stored, latest_reviews(conn, stored.id), c, likelihood, method, t)
            else:
                result = _evaluate_numbers(size, errors, taints, c, likelihood, method, population, t, book_value)
        except EvaluationError as exc:
            raise params.ParamError(str(exc)) from None
    click.echo(render_evaluation(result, fmt), nl=False)


def _evaluate_numbers(size, errors, taints, c, likelihood, method, population, t, book_value):
    if size is None:
        raise params.ParamError("请给出 SAMPLE（已保存的样本），或 --size n 与 --errors x / --taints …")
    if (errors is None) == (taints is None):
        raise params.ParamError("--size 需要 --errors x 或 --taints t1,t2,… 二者之一")
    if taints is not None:
        values = [float(params.decimal_value(v, "--taints")) for v in taints.split(",") if v.strip()]
        result = evaluate_taints(size, values, c, method or "sum", likelihood or "binomial", population, t)
        if book_value is not None:
            result.book_value = params.decimal_value(book_value, "--book-value")
        return result
    if method == "stringer":
        raise params.ParamError("--method stringer 需要 --taints")
    x = float(params.decimal_value(errors, "--errors"))
    return evaluate_counts(size, x, c, likelihood or "binomial", population, t)
