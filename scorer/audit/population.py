"""Realistic populations of project forms for audit tests and benchmarks, reproducible from a seed.

Forms follow the two layouts the seeds print (central 2020: 预算执行 10 + 产出 50 / 效益 30 / 满意度 10;
Wuhan 2023: 预算执行 20 + one 年度绩效目标 of 80).  Clean forms are exactly right, so every finding on a
generated form comes from an injected error; the manifest says what was injected where, so tests
can check that every injected error is found and nothing is flagged on clean forms.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

DEPARTMENTS = [
    ("zuzhibu", "区委组织部"), ("caizheng", "区财政局"), ("jiaoyu", "区教育局"), ("weijian", "区卫生健康局"),
    ("minzheng", "区民政局"), ("jianshe", "区城乡建设局"), ("wenlv", "区文化和旅游局"), ("nongye", "区农业农村局"),
    ("shengtai", "区生态环境分局"), ("renshe", "区人力资源和社会保障局"),
]
TOPICS = ["基层党建", "干部教育培训", "人才引进", "社区治理", "校舍维修", "公共卫生服务", "困难群众救助",
          "道路养护", "文化惠民演出", "高标准农田建设", "污染防治", "就业创业补贴", "信息化运维", "档案数字化"]
QUANTITY = [("举办培训班次", "期"), ("覆盖社区数量", "个"), ("服务人次", "人次"), ("完成维修面积", "平方米"),
            ("发放补贴户数", "户"), ("开展宣传活动", "场"), ("采购设备数量", "台")]
QUALITY = [("验收合格率", "%"), ("资料归档完整率", "%"), ("项目完工率", "%")]
BENEFIT = ["服务水平有效提升", "群众获得感不断增强", "治理能力明显提升", "长效机制逐步健全"]
NOTE = "受客观因素影响，部分工作顺延至下一年度实施，已调整计划"

# injected error → the finding code that must appear on the form
INJECTIONS = {
    "rate": "B02", "budget_score": "B03", "inflated": "I01", "band": "I03", "over_weight": "I04",
    "unmet_no_note": "I05", "block_weights": "W01", "total_sum": "T01", "grade": "T03",
}
INFLATING = {"budget_score", "inflated", "band", "over_weight"}
APPLY_ORDER = ["budget_score", "inflated", "band", "over_weight", "unmet_no_note", "block_weights", "rate",
               "total_sum", "grade"]      # later ones must not be undone by earlier ones' recomputation
GRADES = [(Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"), (Decimal(0), "差")]


@dataclass
class GeneratedForm:
    file: str                                  # relative to out_dir
    kind: str                                  # clean | error | duplicate | conflict | broken
    injected: tuple[str, ...] = ()             # injection names (keys of INJECTIONS)
    copy_of: str | None = None                 # duplicate / conflicting copy: the earlier file
    expected_codes: tuple[str, ...] = field(default=())


def _q2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _grade(total: Decimal) -> str:
    return next(name for floor, name in GRADES if total >= floor)


def _num(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` points over `parts` indicators, whole numbers, none below 2."""
    cuts = sorted(rng.sample(range(2, total - 1), parts - 1)) if parts > 1 else []
    weights = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    if min(weights) < 2:
        base = total // parts
        weights = [base] * parts
        weights[-1] += total - base * parts
    return weights


class _Builder:
    def __init__(self, rng: random.Random, index: int):
        self.rng = rng
        self.index = index

    def form(self) -> dict:
        rng = self.rng
        slug, department = rng.choice(DEPARTMENTS)
        layout = rng.choice(["central", "wuhan"])
        year = rng.choice([2023, 2024]) if layout == "wuhan" else rng.choice([2021, 2022, 2023, 2024])
        planned = Decimal(rng.randint(1000, 500000)) / 100
        executed = _q2(planned * Decimal(rng.randint(850, 1000)) / 1000)
        weight = Decimal(20 if layout == "wuhan" else 10)
        indicators = self.indicators(layout)
        data = {
            "ruleset": "wuhan-2023" if layout == "wuhan" else "central-2020",
            "form": "project",
            "project": {"name": f"{rng.choice(TOPICS)}专项经费（{self.index:05d}）", "department": department,
                        "implementer": department, "year": year},
            "budget": {"planned": planned, "executed": executed, "weight": weight},
            "indicators": indicators,
        }
        if layout == "wuhan":
            data["goals"] = [{"id": 1, "text": "按计划完成年度工作任务，服务质量和群众满意度稳步提升。", "weight": 80}]
            for item in indicators:
                item["goal"] = 1
        self.rebudget(data)
        return {"slug": slug, "data": data}

    def indicators(self, layout: str) -> list[dict]:
        rng = self.rng
        blocks = [("产出指标", 50, 3), ("效益指标", 30, 2), ("满意度指标", 10, 1)] if layout == "central" \
            else [("产出指标", 50, 3), ("效益指标", 20, 2), ("满意度指标", 10, 1)]
        items = []
        for level1, points, count in blocks:
            for i, w in enumerate(_split(points, count, rng)):
                w = Decimal(w)
                if level1 == "产出指标" and i == 0:
                    name, unit = rng.choice(QUANTITY)
                    target = rng.randint(4, 400)
                    actual = rng.randint(target, int(target * 1.25))
                    items.append({"level1": level1, "level2": "数量指标", "name": name, "target": f"≥{target}{unit}",
                                  "actual": f"{actual}{unit}", "weight": w, "reported_score": w})
                elif level1 == "产出指标" and i == 1:
                    name, _ = rng.choice(QUALITY)
                    items.append({"level1": level1, "level2": "质量指标", "name": name, "target": "≥95%",
                                  "actual": f"{rng.randint(95, 100)}%", "weight": w, "reported_score": w})
                elif level1 == "产出指标":
                    items.append({"level1": level1, "level2": "时效指标", "name": "项目按期完成", "target": "按时完成",
                                  "actual": "按时完成", "weight": w, "reported_score": w})
                elif level1 == "效益指标":
                    items.append({"level1": level1, "level2": "社会效益指标", "name": rng.choice(BENEFIT),
                                  "target": "有效提升", "actual": "达到预期", "weight": w, "reported_score": w})
                else:
                    items.append({"level1": level1, "level2": "服务对象满意度指标", "name": "服务对象满意度",
                                  "target": "≥90%", "actual": f"{rng.randint(90, 99)}%", "weight": w,
                                  "reported_score": w})
        return items

    @staticmethod
    def rebudget(data: dict) -> None:
        """Printed rate, budget score, total and grade consistent with the numbers (a clean form)."""
        b = data["budget"]
        ratio = b["executed"] / b["planned"]
        b["reported_rate"] = f"{_q2(ratio * 100)}%"
        b["reported_score"] = _q2(b["weight"] * min(ratio, Decimal(1)))
        total = b["reported_score"] + sum(i["reported_score"] for i in data["indicators"])
        data["reported_total"] = total
        data["reported_grade"] = _grade(total)

    def inject(self, data: dict, name: str) -> None:
        rng = self.rng
        items = data["indicators"]
        b = data["budget"]
        if name == "rate":
            rate = Decimal(b["reported_rate"].rstrip("%")) + Decimal(rng.choice([-3, -2, 2, 3]))
            b["reported_rate"] = f"{rate}%"
            return
        if name == "budget_score":
            b["executed"] = _q2(b["planned"] * Decimal("0.8"))
            self.rebudget(data)
            b["reported_score"] = b["weight"]
        elif name == "inflated":
            item = items[0]
            target = int(item["target"][1:].rstrip("期个人次平方米户场台"))
            unit = item["target"][1 + len(str(target)):]
            item["actual"] = f"{max(1, target * 6 // 10)}{unit}"
            item["note"] = NOTE
        elif name == "band":
            item = next(i for i in items if i["level2"] == "社会效益指标")
            item["actual"] = "部分完成"
            item["note"] = NOTE
        elif name == "over_weight":
            items[1]["reported_score"] = items[1]["weight"] + 2
        elif name == "unmet_no_note":
            item = items[0]
            target = int(item["target"][1:].rstrip("期个人次平方米户场台"))
            unit = item["target"][1 + len(str(target)):]
            actual = max(1, target * 7 // 10)
            item["actual"] = f"{actual}{unit}"
            item["reported_score"] = _q2(item["weight"] * actual / target)
        elif name == "block_weights":
            out = next(i for i in items if i["level1"] == "产出指标")
            ben = next(i for i in items if i["level1"] == "效益指标")
            out["weight"] -= 1
            out["reported_score"] -= 1
            ben["weight"] += 1
            ben["reported_score"] += 1
            if "goals" in data:         # Wuhan blocks carry no fixed weights: break the goal's sum instead
                out["weight"] -= 1
                out["reported_score"] -= 1
        elif name == "total_sum":
            data["reported_total"] += 1
            data["reported_grade"] = _grade(data["reported_total"])
            return
        elif name == "grade":
            data["reported_grade"] = "良" if data["reported_grade"] == "优" else "优"
            return
        total = b["reported_score"] + sum(i["reported_score"] for i in items)
        data["reported_total"] = total
        data["reported_grade"] = _grade(total)


def _expected(injection: str, data: dict) -> str:
    """The code an injection must raise (a Wuhan goal's weights are checked per goal: W02)."""
    if injection == "block_weights" and "goals" in data:
        return "W02"
    return INJECTIONS[injection]


def _yaml_scalar(value) -> str:
    if isinstance(value, Decimal):
        return _num(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_yaml(data: dict, order: list[str] | None = None, comment: str | None = None) -> str:
    """The project-file text (block style, as people write it); `order` reorders top-level keys."""
    lines = [f"# {comment}"] if comment else []
    for key in order or list(data):
        value = data[key]
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [f"  {k}: {_yaml_scalar(v)}" for k, v in value.items()]
        elif isinstance(value, list):
            lines.append(f"{key}:")
            for item in value:
                first = True
                for k, v in item.items():
                    lines.append(f"  {'- ' if first else '  '}{k}: {_yaml_scalar(v)}")
                    first = False
        else:
            lines.append(f"{key}: {_yaml_scalar(value)}")
    return "\n".join(lines) + "\n"


BROKEN = [
    ("syntax", "ruleset: central-2020\nform: project\nproject: {name: 未闭合的括号, year: 2023\n"),
    ("schema", "ruleset: central-2020\nform: 项目支出\nproject:\n  name: 表类型写错\n  year: 2023\n"
               "budget: {planned: 10, executed: 9}\nindicators: []\n"),
    ("binary", None),
]


def generate_forms(n: int, seed: int, out_dir, *, error_share: float = 0.3, duplicate_share: float = 0.02,
                   conflict_share: float = 0.02, broken_share: float = 0.01) -> list[GeneratedForm]:
    """Write `n` form files under out_dir/<department>/ and return what each one is.

    About error_share of the originals carry one injected error (two for a few), duplicate_share are
    re-typed copies of an earlier form (same content, other bytes and name), conflict_share are the same
    project with other numbers, broken_share cannot be read at all.  Same n and seed → same files.
    """
    rng = random.Random(seed)
    out = Path(out_dir)
    made: list[GeneratedForm] = []
    originals: list[tuple[GeneratedForm, dict, str]] = []
    for index in range(n):
        roll = rng.random()
        name = f"form-{index:05d}.yaml"
        if originals and roll < duplicate_share:
            source, data, slug = rng.choice(originals)
            order = ["project", "ruleset", "form", "budget", *[k for k in data if k not in
                                                               ("project", "ruleset", "form", "budget")]]
            text = to_yaml(data, order, comment="重新录入的副本")
            made.append(GeneratedForm(f"{slug}/{name}", "duplicate", source.injected, copy_of=source.file,
                                      expected_codes=("D01", *source.expected_codes)))
        elif originals and roll < duplicate_share + conflict_share:
            source, data, slug = rng.choice([o for o in originals if not o[0].injected] or originals)
            copy = {**data, "budget": dict(data["budget"]), "indicators": [dict(i) for i in data["indicators"]]}
            copy["budget"]["executed"] = _q2(copy["budget"]["executed"] * Decimal("0.9"))
            _Builder.rebudget(copy)
            text = to_yaml(copy)
            made.append(GeneratedForm(f"{slug}/{name}", "conflict", copy_of=source.file,
                                      expected_codes=("D02", *source.expected_codes)))
        elif roll < duplicate_share + conflict_share + broken_share:
            slug = rng.choice(DEPARTMENTS)[0]
            kind, text = rng.choice(BROKEN)
            if text is None:
                data_bytes = bytes(rng.randrange(256) for _ in range(64)) + b"\x00"
                (out / slug).mkdir(parents=True, exist_ok=True)
                (out / slug / name).write_bytes(data_bytes)
                made.append(GeneratedForm(f"{slug}/{name}", "broken", injected=(kind,)))
                continue
            made.append(GeneratedForm(f"{slug}/{name}", "broken", injected=(kind,)))
        else:
            builder = _Builder(rng, index)
            built = builder.form()
            data, slug = built["data"], built["slug"]
            injected: tuple[str, ...] = ()
            if rng.random() < error_share:
                names = sorted(INJECTIONS)
                injected = (rng.choice(names),)
                if rng.random() < 0.1:
                    second = rng.choice([x for x in names if x not in injected and
                                         {x, injected[0]} != {"inflated", "unmet_no_note"}])
                    injected = (*injected, second)
                injected = tuple(sorted(injected, key=APPLY_ORDER.index))
                for item in injected:
                    builder.inject(data, item)
            text = to_yaml(data)
            record = GeneratedForm(f"{slug}/{name}", "error" if injected else "clean", injected,
                                   expected_codes=tuple(_expected(i, data) for i in injected))
            made.append(record)
            originals.append((record, data, slug))
        (out / slug).mkdir(parents=True, exist_ok=True)
        (out / slug / name).write_text(text, encoding="utf-8")
    return made
