"""Rendering sampling results (plans, samples, evaluations) as Chinese tables or JSON."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from tabulate import tabulate

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
        "items": [{"id": i["id"], "value": None if i["value"] is None else str(i["value"]), "reason": i["reason"]}
                  for i in record["items"]],
        "excluded": [{"id": e["id"], "value": str(e["value"]), "reason": e["reason"]} for e in record["excluded"]],
    }


REVIEW_COLUMNS = ["序号", "编号", "金额", "抽取理由", "错报", "备注"]


def render_sample(record: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(sample_json(record), ensure_ascii=False, indent=2) + "\n"
    rows = [[k, i["id"], "" if i["value"] is None else str(i["value"]), i["reason"]]
            for k, i in enumerate(record["items"], start=1)]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(REVIEW_COLUMNS)
        writer.writerows(row + ["", ""] for row in rows)
        return "\ufeff" + out.getvalue()
    sample = record["sample"] if record["sample"] is not None else "（未保存）"
    head = (f"样本 {sample}：{METHOD_NAMES[record['method']]}，{len(rows)} 项，种子 {record['seed']}，"
            f"总体 {record['population_size']} 项（哈希 {record['population_hash'][:16]}…），"
            f"算法 {record['algorithm_version']}\n")
    text = head + tabulate(rows, headers=REVIEW_COLUMNS[:4], tablefmt="simple") + "\n"
    if record["excluded"]:
        text += "未参与抽样：\n" + "".join(f"  {e['id']}（金额 {e['value']}）：{e['reason']}\n"
                                         for e in record["excluded"])
    return text


METHOD_NAMES = {"random": "简单随机抽样", "systematic": "系统抽样", "stratified": "分层抽样",
                "mus": "货币单位抽样（MUS）", "cell": "单元抽样", "risk": "按风险抽样"}
