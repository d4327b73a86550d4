"""Rendering sampling results (plans, samples, evaluations) as Chinese tables or JSON."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from tabulate import tabulate

from scorer.errors import one_line
from scorer.report.cells import safe_cell

LIKELIHOOD_NAMES = {"binomial": "二项分布", "poisson": "泊松分布", "hypergeometric": "超几何分布",
                    "stringer": "Stringer 界"}


def pct(value) -> str:
    """A computed rate 0.049507… → '4.9508%' (four decimals: enough to see which side of the tolerable
    rate it falls); a rate the user gave as a Decimal is shown exactly (0.95 → '95%')."""
    if isinstance(value, Decimal):
        text = format((value * 100).normalize(), "f")
        return f"{text}%"
    return f"{float(value) * 100:.4f}%"


def _num(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def plan_formula(p) -> str:
    """The bound the plan rests on, with its numbers."""
    n, x, c = p.size, p.allowed_errors, p.confidence
    if p.likelihood == "binomial":
        body = f"Beta(1 + x, n − x) 的 {pct(c)} 分位数 = Beta({1 + x}, {n - x}) 的 {pct(c)} 分位数"
    elif p.likelihood == "poisson":
        body = f"Gamma(1 + x, 速率 n) 的 {pct(c)} 分位数 = Gamma({_num(1 + x)}, 速率 {n}) 的 {pct(c)} 分位数"
    else:
        k = round(p.upper_bound * p.population)
        body = (f"满足 P(X ≤ {x}; N = {p.population}, K, n = {n}) > {1 - c} 的最大 K ÷ N"
                f" = {k} ÷ {p.population}")
    return f"上限 = {body} = {pct(p.upper_bound)} < 可容忍 {pct(p.tolerable)}"


def render_plan(p, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(p.to_json(), ensure_ascii=False, indent=2) + "\n"
    rows = [["样本量", p.size], ["允许偏差数", _num(p.allowed_errors)],
            ["分布", LIKELIHOOD_NAMES[p.likelihood]], ["置信度", pct(p.confidence)],
            ["可容忍偏差率", pct(p.tolerable)], ["预期偏差", _num(p.expected)]]
    if p.population:
        rows.append(["总体数量", p.population])
    rows.append(["依据", plan_formula(p)])
    return tabulate(rows, tablefmt="plain") + "\n"


def sample_json(record: dict) -> dict:
    """The JSON shape of a drawn sample (see docs/sampling.md)."""
    return {
        "sample": record["sample"], "seed": record["seed"], "method": record["method"],
        "population_hash": record["population_hash"], "population_size": record["population_size"],
        "algorithm_version": record["algorithm_version"], "parameters": record["parameters"],
        "items": [{"id": i["id"], **({"file": i["file"]} if "file" in i else {}),
                   "value": None if i["value"] is None else str(i["value"]), "reason": i["reason"]}
                  for i in record["items"]],
        "excluded": [{"id": e["id"], "value": None if e["value"] is None else str(e["value"]), "reason": e["reason"]}
                     for e in record["excluded"]],
    }


REVIEW_COLUMNS = ["序号", "编号", "金额", "抽取理由", "错报", "备注"]


def review_columns(record: dict) -> list[str]:
    """The reviewer sheet's columns; forms from the register add their file after the id."""
    if any("file" in i for i in record["items"]):
        return [*REVIEW_COLUMNS[:2], "文件", *REVIEW_COLUMNS[2:]]
    return list(REVIEW_COLUMNS)


def sample_rows(record: dict) -> list[list]:
    """序号, 编号, (文件,) 金额, 抽取理由 — one row per item, amounts as exact text."""
    with_file = "文件" in review_columns(record)
    return [[k, i["id"], *([i.get("file", "")] if with_file else []),
             "" if i["value"] is None else str(i["value"]), i["reason"]]
            for k, i in enumerate(record["items"], start=1)]


def render_sample(record: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(sample_json(record), ensure_ascii=False, indent=2) + "\n"
    columns, rows = review_columns(record), sample_rows(record)
    if fmt == "csv":                  # ids, files and reasons come from the user's lists: never a formula
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([safe_cell(c) for c in row] + ["", ""] for row in rows)
        return "\ufeff" + out.getvalue()
    rows = [[one_line(str(cell)) for cell in row] for row in rows]
    sample = record["sample"] if record["sample"] is not None else "（未保存）"
    head = (f"样本 {sample}：{METHOD_NAMES[record['method']]}，{len(rows)} 项，种子 {record['seed']}，"
            f"总体 {record['population_size']} 项（哈希 {record['population_hash'][:16]}…），"
            f"算法 {record['algorithm_version']}\n")
    text = head + tabulate(rows, headers=columns[:-2], tablefmt="simple", disable_numparse=True) + "\n"
    if record["excluded"]:
        text += "未参与抽样：\n" + "".join(one_line(f"  {e['id']}（金额 {'—' if e['value'] is None else e['value']}）："
                                                  f"{e['reason']}") + "\n" for e in record["excluded"])
    return text


METHOD_NAMES = {"random": "简单随机抽样", "systematic": "系统抽样", "stratified": "分层抽样",
                "mus": "货币单位抽样（MUS）", "cell": "单元抽样", "risk": "按风险抽样"}


CONCLUSIONS = {"accept": "可以接受：上限低于可容忍率", "reject": "不能接受：上限达到或超过可容忍率",
               None: "未给出 --tolerable，不作结论"}


def evaluation_formula(ev) -> str:
    n, c = ev.size, pct(ev.confidence)
    if ev.method == "stringer":
        name = "Beta(1 + i, n − i)" if ev.likelihood == "binomial" else "Gamma(1 + i, 速率 n)"
        return (f"Stringer：p(i) = {name} 的 {c} 分位数，上限 = p(0) + Σ[p(i) − p(i−1)]·t_i"
                f"（t 按从大到小排列，最大取 1）")
    x = ev.errors
    if ev.likelihood == "binomial":
        return f"Beta(1 + x, n − x) 的 {c} 分位数 = Beta({_num(1 + x)}, {_num(n - x)}) 的 {c} 分位数"
    if ev.likelihood == "poisson":
        return f"Gamma(1 + x, 速率 n) 的 {c} 分位数 = Gamma({_num(1 + x)}, 速率 {n}) 的 {c} 分位数"
    return f"满足 P(X ≤ {_num(x)}; N = {ev.population}, K, n = {n}) > {1 - ev.confidence} 的最大 K ÷ N"


def render_evaluation(ev, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(ev.to_json(), ensure_ascii=False, indent=2) + "\n"
    method = LIKELIHOOD_NAMES[ev.method]
    if ev.method == "stringer":
        method += f"（p(i) 用{LIKELIHOOD_NAMES[ev.likelihood]}）"
    count_label = "高报错报项目数" if ev.method == "stringer" else "偏差数（或错报比例合计）"
    rows = [["样本量", ev.size], ["方法", method], ["置信度", pct(ev.confidence)],
            [count_label, _num(float(ev.errors))]]
    if ev.taints:
        rows.append(["错报比例（排序后）", "、".join(f"{t:g}" for t in ev.taints)])
    if ev.understatements:
        rows.append(["少报（不计入上限）", "、".join(f"{t:g}" for t in ev.understatements)])
    rows += [["最可能错报率", f"{pct(ev.most_likely)}（Σ 错报比例 ÷ n）"],
             ["置信上限", f"{pct(ev.upper_bound)}（{evaluation_formula(ev)}）"]]
    for step in ev.steps:
        rows.append(["", step])
    if ev.judgemental:
        found = [f"{i}（{m}）" for i, m in ev.judgemental if m != 0]
        rows.append(["按风险选取（不参与推断）", f"{len(ev.judgemental)} 项，其中有错报 {len(found)} 项"
                     + (f"：{'、'.join(found)}" if found else "")])
    if ev.book_value is not None:
        rows += [["推断错报金额", str(ev.projected())], ["错报金额上限", str(ev.upper_money())]]
        if ev.key_misstatement:
            rows.append(["其中关键项目错报", str(ev.key_misstatement)])
    if ev.tolerable is not None:
        rows.append(["可容忍率", pct(ev.tolerable)])
    rows.append(["结论", CONCLUSIONS[ev.conclusion]])
    return tabulate(rows, tablefmt="plain") + "\n"
