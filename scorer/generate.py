"""Realistic generated forms for benchmarks and audit populations: seeded, deterministic.

`generate_forms(n, seed, out_dir)` writes n YAML project files laid out like the transcriptions in
`samples/` (武汉 2023 项目表与部门整体表, 中央 2020 口径的项目表, 武汉 2019 表式), 12–19 indicators
each, every number consistent with its ruleset — so a clean generated form gives no error finding.
With `error_rate` a share of the forms gets one injected error of a chosen family (B/I/W/T codes),
recorded with its key path in `manifest.json`, so a test or an audit can check it is found.

The pieces are separate so other tools can reuse them: `build_form` (one form as plain data),
`inject_error` (one error, in place), `render_yaml` (the file text), `generate_forms` (all of it).
Same (n, seed, options) → byte-identical files, on any machine.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

__all__ = ["ERROR_CODES", "LAYOUTS", "Generated", "build_form", "generate_forms", "inject_error",
           "render_yaml"]

LAYOUTS = ("wuhan-2023-project", "wuhan-2023-department", "central-2020", "wuhan-2019")

# Injectable errors, by finding code (what the scorer should report).
ERROR_CODES = ("B01", "B02", "B03", "B04", "B05",
               "I01", "I02", "I03", "I04", "I05", "I06", "I07", "I08",
               "W01", "W02", "T01", "T03")

_CENT = Decimal("0.01")
_TENTH = Decimal("0.1")
_HUNDRED = Decimal(100)

_DEPARTMENTS = ("区委组织部", "区财政局", "区教育局", "区卫生健康局", "区民政局", "区城管执法局", "区住房和城市更新局",
                "区农业农村局", "区文化和旅游局", "区人力资源和社会保障局", "区市场监督管理局", "区生态环境分局")
_PROJECTS = ("干部教育培训经费", "基层党建工作经费", "人才专项资金", "日常运转经费", "信息化建设运维经费",
             "老旧小区改造项目", "社区养老服务补贴", "义务教育学校设备购置", "公共卫生服务项目", "城市道路维护经费",
             "农村人居环境整治", "文化惠民演出", "就业创业补贴", "食品安全抽检经费", "大气污染防治专项")
_GOAL_TEXTS = ("完成年度各类干部教育培训计划，提高干部队伍能力素质水平。",
               "保障机关日常办公运行，推进部门工作高质量发展。",
               "基层治理力量和治理水平进一步提升，工作载体落地见效。",
               "认真落实各级人才工作政策，统筹做好人才引育、服务工作。",
               "按时足额发放各类补贴，保障服务对象基本生活。",
               "完成年度建设改造任务，改善群众居住和出行条件。")
_NOTES = ("受疫情影响部分培训延期，下年度加强计划管理", "项目实施进度滞后，已督促加快进度",
          "部分资金未及时拨付，下一步加强预算执行监控", "因政策调整未完全达到预期，将优化实施方案")

# (level1, level2, name, kind, unit): kind decides how target/actual are printed and scored.
_POOL = (
    ("产出指标", "数量指标", "举办培训班期数", "count", "期"),
    ("产出指标", "数量指标", "培训人次", "count", "人次"),
    ("产出指标", "数量指标", "提档升级服务阵地", "count", "个"),
    ("产出指标", "数量指标", "印制宣传资料", "count", "份"),
    ("产出指标", "数量指标", "慰问困难党员人数", "count", "人"),
    ("产出指标", "数量指标", "改造小区数量", "count", "个"),
    ("产出指标", "数量指标", "发放补贴户数", "count", "户"),
    ("产出指标", "数量指标", "维修道路长度", "count", "公里"),
    ("产出指标", "质量指标", "培训合格率", "rate", "%"),
    ("产出指标", "质量指标", "项目验收合格率", "rate", "%"),
    ("产出指标", "质量指标", "办文办会任务完成率", "exact", "%"),
    ("产出指标", "质量指标", "资料归档完整率", "rate", "%"),
    ("产出指标", "时效指标", "完成时限", "deadline", None),
    ("产出指标", "时效指标", "资金拨付及时率", "rate", "%"),
    ("产出指标", "成本指标", "人均培训经费", "cost", "元"),
    ("产出指标", "成本指标", "单位改造成本", "cost", "万元"),
    ("效益指标", "社会效益指标", "基层党建水平", "quality", None),
    ("效益指标", "社会效益指标", "干部履职能力", "quality", None),
    ("效益指标", "社会效益指标", "群众居住条件改善", "quality", None),
    ("效益指标", "社会效益指标", "安全责任事故", "zero", "起"),
    ("效益指标", "可持续影响指标", "长效管理机制", "quality", None),
    ("效益指标", "经济效益指标", "带动就业人数", "count", "人"),
    ("效益指标", "生态效益指标", "空气质量优良天数比例", "rate", "%"),
    ("满意度指标", "服务对象满意度指标", "参训学员满意度", "rate", "%"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "rate", "%"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "rate", "%"),
)
_ACHIEVED = ("达到预期", "不断提高", "有效", "完成", "保质保量")
_QUALITY_TARGETS = ("不断提高", "有效提升", "达到预期", "逐步完善")


@dataclass
class Generated:
    """One written file and what was injected into it (`errors`: [{code, path}])."""
    file: str
    layout: str
    indicators: int
    errors: list[dict] = field(default_factory=list)


def _q(value: Decimal, unit: Decimal = _CENT) -> Decimal:
    return value.quantize(unit, rounding=ROUND_HALF_UP)


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """`total` points over `parts` items, each at least 1, as a form's author would spread them."""
    if parts >= total:
        return [1] * parts
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


# ---------------------------------------------------------------------------------------------
# one indicator

def _indicator(rng: random.Random, entry, weight: int | None, met: bool) -> dict:
    """Target, actual and the score the formula gives (weight None: scored as if weight given)."""
    level1, level2, name, kind, unit = entry
    w = Decimal(weight if weight is not None else 0)
    note = None
    if kind == "count":
        target = rng.choice((3, 4, 5, 6, 8, 10, 12, 20, 50, 100, 150, 200, 500))
        if met:
            actual = target + rng.randrange(0, max(1, target // 5))
        else:
            actual = max(1, target * rng.randrange(50, 95) // 100)
        style = rng.randrange(3)
        shown = f"≥{target}{unit}" if style == 0 else (f"{target}{unit}以上" if style == 1 else f"不少于{target}{unit}")
        printed_target, printed_actual = shown, f"{actual}{unit}"
        score = w if actual >= target else _q(w * actual / target)
    elif kind in ("rate", "exact"):
        target = 100 if kind == "exact" else rng.choice((80, 85, 90, 95, 98))
        actual = (rng.randrange(target, 101) if kind == "rate" else 100) if met else target - rng.randrange(3, 15)
        printed_target = f"={target}%" if kind == "exact" else f"≥{target}%"
        printed_actual = f"{actual}%"
        score = w if actual >= target else _q(w * actual / target)
    elif kind == "cost":
        target = rng.choice((300, 400, 500, 800, 1000))
        actual = target - rng.randrange(0, target // 10) if met else target + rng.randrange(target // 20, target // 4)
        printed_target, printed_actual = f"≤{target}{unit}", f"{actual}{unit}"
        score = w if actual <= target else _q(w * target / actual)
    elif kind == "zero":
        printed_target, printed_actual = f"=0{unit}", f"0{unit}"
        score = w
        met = True
    elif kind == "deadline":
        printed_target, printed_actual = "按时完成", "如期完成"
        score = w
        met = True
    else:  # quality
        printed_target = rng.choice(_QUALITY_TARGETS)
        printed_actual = rng.choice(_ACHIEVED) if met else "基本完成"
        score = w if met else _q(w * Decimal("0.7"))
    if not met:
        note = rng.choice(_NOTES)
    return {"goal": None, "level1": level1, "level2": level2, "name": name, "target": printed_target,
            "actual": printed_actual, "weight": None if weight is None else Decimal(weight),
            "reported_score": score, "note": note, "_kind": kind, "_met": met}


def _indicators(rng: random.Random, count: int, blocks, weights_printed: bool,
                all_met: bool = False, sizes=None) -> list[dict]:
    """`count` indicators spread over `blocks` [(level1 or None, points, goal id)]."""
    per_block = list(sizes or (_split(rng, count, len(blocks)) if len(blocks) > 1 else [count]))
    for i, (_, points, _) in enumerate(blocks):         # whole points of at least 1: never more rows than points
        while per_block[i] > points:
            j = next((k for k, b in enumerate(blocks) if per_block[k] < b[1]), None)
            if j is None:
                break
            per_block[i] -= 1
            per_block[j] += 1
    rows = []
    for (level1, points, goal), n in zip(blocks, per_block, strict=True):
        pool = [e for e in _POOL if level1 is None or e[0] == level1]
        entries = [rng.choice(pool) for _ in range(n)]
        for entry, weight in zip(entries, _split(rng, points, n), strict=True):
            met = all_met or rng.random() > 0.15
            row = _indicator(rng, entry, weight, met)
            if not weights_printed:
                row["weight"] = None
            row["goal"] = goal
            rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------------
# one form

def _budget(rng: random.Random, weight: int) -> dict:
    planned = _q(Decimal(rng.randrange(1000, 300000)) / _HUNDRED)
    rate = Decimal(rng.randrange(7500, 10001)) / Decimal(10000)
    executed = _q(planned * rate)
    exact = executed / planned
    return {"planned": planned, "executed": executed, "weight": Decimal(weight),
            "reported_rate": f"{_q(exact * _HUNDRED, _TENTH)}%",
            "reported_score": _q(Decimal(weight) * min(exact, Decimal(1)))}


def _grade(total: Decimal) -> str:
    return "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"


def build_form(rng: random.Random, layout: str, index: int = 0) -> dict:
    """One consistent form as plain data (Decimals for numbers); keys starting with _ are not written."""
    count = rng.randrange(12, 20)
    department = rng.choice(_DEPARTMENTS)
    name = f"{rng.choice(_PROJECTS)}（{index + 1:06d}）"
    form: dict = {"_layout": layout, "_seed_index": index}
    if layout == "wuhan-2023-project":
        form.update(ruleset="wuhan-2023", form="project", project={
            "name": name, "department": department, "implementer": department, "year": rng.choice((2023, 2024))})
        form["budget"] = _budget(rng, 20)
        printed = rng.random() < 0.5           # seeds/002 print only scores; others print weights too
        form["goals"] = [{"id": 1, "text": rng.choice(_GOAL_TEXTS), "weight": Decimal(80), "reported_score": None}]
        form["indicators"] = _indicators(rng, count, [(None, 80, 1)], printed, all_met=not printed)
    elif layout == "wuhan-2023-department":
        form.update(ruleset="wuhan-2023", form="department", project={
            "name": department, "department": department, "year": 2023})
        form["budget"] = _budget(rng, 20)
        goal_weights = rng.choice(([20, 15, 10, 10, 10, 15], [30, 30, 20], [20, 20, 20, 20], [40, 40]))
        form["goals"] = [{"id": i + 1, "text": rng.choice(_GOAL_TEXTS), "weight": Decimal(w), "reported_score": None}
                         for i, w in enumerate(goal_weights)]
        count = max(count, len(goal_weights) * 2)
        form["indicators"] = _indicators(rng, count, [(None, w, i + 1) for i, w in enumerate(goal_weights)],
                                         True)
    elif layout == "central-2020":
        form.update(ruleset="central-2020", form="project", project={
            "name": name, "department": department, "implementer": department, "year": rng.choice((2021, 2022))})
        form["budget"] = _budget(rng, 10)
        form["goals"] = [{"id": 1, "text": rng.choice(_GOAL_TEXTS), "weight": None, "reported_score": None}]
        satisfaction, benefit = rng.randrange(1, 3), rng.randrange(3, 6)
        form["indicators"] = _indicators(
            rng, count, [("产出指标", 50, 1), ("效益指标", 30, 1), ("满意度指标", 10, 1)], True,
            sizes=[count - satisfaction - benefit, benefit, satisfaction])
    elif layout == "wuhan-2019":
        form.update(ruleset="wuhan-2019", form="project", project={
            "name": name, "department": department, "implementer": department, "year": 2019})
        form["budget"] = _budget(rng, 20)
        goal_score = Decimal(rng.choice((18, 19, 20)))
        form["goals"] = [{"id": 1, "text": rng.choice(_GOAL_TEXTS), "weight": Decimal(20),
                          "reported_score": goal_score}]
        form["indicators"] = _indicators(rng, count, [(None, 60, None)], False, all_met=True)
        form["indicators_total"] = {"weight": Decimal(60), "reported_score": None}
    else:
        raise ValueError(f"unknown layout {layout!r}; one of {', '.join(LAYOUTS)}")
    _set_totals(form)
    return form


def _set_totals(form: dict) -> None:
    """Total = budget + indicators (+ scored goal in 2019 forms), and the grade that goes with it."""
    scores = [i["reported_score"] for i in form["indicators"]]
    indicators = sum(scores, Decimal(0))
    total = form["budget"]["reported_score"] + indicators
    if "indicators_total" in form:
        form["indicators_total"]["reported_score"] = indicators
        total += form["goals"][0]["reported_score"]
    form["reported_total"] = total
    form["reported_grade"] = _grade(total)


# ---------------------------------------------------------------------------------------------
# injected errors

def _pick(rng: random.Random, form: dict, test) -> tuple[int, dict] | None:
    found = [(i, row) for i, row in enumerate(form["indicators"]) if test(row)]
    return rng.choice(found) if found else None


def _shift_total(form: dict, delta: Decimal) -> None:
    """Keep the printed total the sum of its printed parts, so only the injected error shows."""
    form["reported_total"] += delta
    form["reported_grade"] = _grade(form["reported_total"])


def inject_error(rng: random.Random, form: dict, code: str) -> dict | None:
    """Put one error of finding `code` into `form` (in place); {code, path} or None if the form's
    layout cannot carry it (e.g. I04 needs printed weights)."""
    b = form["budget"]
    printed_weights = form["indicators"][0]["weight"] is not None
    if code == "B01":
        b["planned"] = None
        b["reported_rate"] = None
        return {"code": code, "path": "budget.planned"}
    if code == "B02":
        rate = Decimal(b["reported_rate"].rstrip("%"))
        b["reported_rate"] = f"{rate - Decimal(rng.randrange(2, 9))}%"
        return {"code": code, "path": "budget.reported_rate"}
    if code == "B03":
        delta = Decimal(rng.randrange(50, 300)) / _HUNDRED
        if b["reported_score"] + delta > b["weight"]:
            delta = -delta
        b["reported_score"] += delta
        _shift_total(form, delta)
        return {"code": code, "path": "budget.reported_score"}
    if code == "B04":
        b["weight"] = b["weight"] + 5
        return {"code": code, "path": "budget.weight"}
    if code == "B05":
        b["executed"] = _q(b["planned"] * Decimal(rng.randrange(105, 250)) / _HUNDRED)
        b["reported_rate"] = f"{_q(b['executed'] / b['planned'] * _HUNDRED, _TENTH)}%"
        delta = b["weight"] - b["reported_score"]
        b["reported_score"] = b["weight"]
        _shift_total(form, delta)
        return {"code": code, "path": "budget.executed"}
    if code in ("I01", "I02", "I04", "I05", "I08") and not printed_weights:
        return None
    if code == "I01":
        hit = _pick(rng, form, lambda r: r["_kind"] in ("count", "rate") and r["_met"])
        if hit is None:
            return None
        i, row = hit
        _unmet(row)
        row["note"] = rng.choice(_NOTES)       # explained, but still scored in full
        return {"code": code, "path": f"indicators[{i}].reported_score"}
    if code == "I02":
        hit = _pick(rng, form, lambda r: r["_met"] and r["weight"] >= 3 and r["_kind"] != "quality")
        if hit is None:
            return None
        i, row = hit
        row["reported_score"] -= 2
        _shift_total(form, Decimal(-2))
        return {"code": code, "path": f"indicators[{i}].reported_score"}
    if code == "I03":
        hit = _pick(rng, form, lambda r: r["_kind"] == "quality" and r["_met"] and (r["weight"] or 0) >= 2)
        if hit is None or not printed_weights:
            return None
        i, row = hit
        delta = _q(row["weight"] * Decimal("0.6")) - row["reported_score"]
        row["reported_score"] += delta
        _shift_total(form, delta)
        return {"code": code, "path": f"indicators[{i}].reported_score"}
    if code == "I04":
        i, row = rng.choice(list(enumerate(form["indicators"])))
        row["reported_score"] = row["weight"] + 1
        _set_totals(form)
        return {"code": code, "path": f"indicators[{i}].reported_score"}
    if code == "I05":
        hit = _pick(rng, form, lambda r: not r["_met"] and r["_kind"] in ("count", "rate", "cost"))
        if hit is None:
            return None
        i, row = hit
        row["note"] = None
        return {"code": code, "path": f"indicators[{i}].note"}
    if code == "I06":
        i, row = rng.choice(list(enumerate(form["indicators"])))
        row["actual"] = "详见附件"
        return {"code": code, "path": f"indicators[{i}]"}
    if code == "I07":
        hit = _pick(rng, form, lambda r: r["_kind"] == "count")
        if hit is None:
            return None
        i, row = hit
        row["actual"] = f"{rng.randrange(2, 9)}万元"
        return {"code": code, "path": f"indicators[{i}].actual"}
    if code == "I08":
        hit = _pick(rng, form, lambda r: r["_kind"] == "count" and r["_met"])
        if hit is None:
            return None
        i, row = hit
        target = int("".join(ch for ch in row["target"] if ch.isdigit()))
        unit = row["actual"].lstrip("0123456789")
        row["actual"] = f"{target * 2}{unit}"
        return {"code": code, "path": f"indicators[{i}].actual"}
    if code in ("W01", "W02"):
        # an indicator weight off by 5: its block (central 2020) or its goal (武汉 forms) no longer adds up
        if not printed_weights or (code == "W01") != (form["ruleset"] == "central-2020"):
            return None
        i, row = rng.choice(list(enumerate(form["indicators"])))
        row["weight"] += 5
        return {"code": code, "path": f"indicators[{i}].weight"}
    if code == "T01":
        form["reported_total"] += Decimal(rng.randrange(1, 5))
        return {"code": code, "path": "reported_total"}
    if code == "T03":
        grades = [g for g in ("优", "良", "中", "差") if g != form["reported_grade"]]
        form["reported_grade"] = rng.choice(grades)
        return {"code": code, "path": "reported_grade"}
    raise ValueError(f"unknown error code {code!r}; one of {', '.join(ERROR_CODES)}")


def _unmet(row: dict) -> None:
    """Lower the actual below target, keeping the full score the form printed."""
    digits = "".join(ch for ch in row["target"] if ch.isdigit())
    unit = row["target"].split(digits, 1)[1].removesuffix("以上")
    row["actual"] = f"{max(1, int(digits) * 6 // 10)}{unit}"
    row["_met"] = False


# ---------------------------------------------------------------------------------------------
# YAML text

def _scalar(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)     # a JSON string is a valid YAML double-quoted one


def _plain(text: str) -> str:
    """Chinese text without YAML-significant characters is written plain, as the transcriptions do."""
    if text and all(ch not in text for ch in ":#{}[],&*!|>'\"%@`") and not text[0].isascii():
        return text
    return _scalar(text)


_INDICATOR_KEYS = ("goal", "level1", "level2", "name", "target", "actual", "weight", "reported_score", "note")


def render_yaml(form: dict, comment: str | None = None) -> str:
    """The file text, in the layout of the transcriptions (block style, comments, quoted values)."""
    out = ["# yaml-language-server: $schema=../scorer/schemas/project.schema.json"]
    if comment:
        out.append(f"# {comment}")
    out += [f"ruleset: {form['ruleset']}", f"form: {form['form']}", "project:"]
    out += [f"  {k}: {_plain(v) if isinstance(v, str) else _scalar(v)}" for k, v in form["project"].items()]
    out.append("budget:                        # 预算执行情况（万元）")
    b = form["budget"]
    for key, remark in (("planned", "预算数（A）"), ("executed", "执行数（B）"), ("weight", None),
                        ("reported_rate", "执行率（B/A）"), ("reported_score", "得分")):
        value = b[key]
        text = f"  {key}: {value if key == 'reported_rate' and value else _scalar(value)}"
        out.append(f"{text:<31}# {remark}" if remark else text)
    out.append("goals:")
    for g in form["goals"]:
        out.append(f"  - id: {g['id']}")
        out.append(f"    text: {_plain(g['text']) if g['text'] else 'null'}")
        out.append(f"    weight: {_scalar(g['weight'])}")
        out.append(f"    reported_score: {_scalar(g['reported_score'])}")
    if "indicators_total" in form:
        t = form["indicators_total"]
        out += ["indicators_total:              # 绩效指标（60分）块", f"  weight: {_scalar(t['weight'])}",
                f"  reported_score: {_scalar(t['reported_score'])}"]
    if form["indicators"][0]["weight"] is None:
        out.append("# 表内只印得分，不印分值（权重）→ weight: null")
    out.append("indicators:")
    for row in form["indicators"]:
        first = True
        for key in _INDICATOR_KEYS:
            value = row.get(key)
            if key == "goal" and value is None:
                continue
            if key == "note" and value is None:
                continue
            if key in ("target", "actual"):
                text = _scalar(value)
            elif isinstance(value, str):
                text = _plain(value)
            else:
                text = _scalar(value)
            out.append(f"  {'- ' if first else '  '}{key}: {text}")
            first = False
    out.append(f"reported_total: {_scalar(form['reported_total'])}           # 总分")
    out.append(f"reported_grade: {form['reported_grade']}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# many forms

def generate_forms(n: int, seed: int, out_dir, *, layouts=LAYOUTS, error_rate: float = 0.0,
                   codes=ERROR_CODES, manifest: bool = True) -> list[Generated]:
    """Write n forms into out_dir (created), cycling through `layouts`; a share `error_rate` of them
    gets one injected error (codes cycled, so every family appears); manifest.json lists them all."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    generated = []
    for index in range(n):
        rng = random.Random(f"{seed}:{index}")         # each form on its own stream: stable under n
        layout = layouts[index % len(layouts)]
        form = build_form(rng, layout, index)
        errors = []
        if error_rate and rng.random() < error_rate:
            for attempt in range(len(codes)):
                record = inject_error(rng, form, codes[(index + attempt) % len(codes)])
                if record is not None:
                    errors.append(record)
                    break
        name = f"{index:06d}-{layout}.yaml"
        (out / name).write_text(render_yaml(form, f"生成的测试表：seed {seed}，第 {index} 张（{layout}）"),
                                encoding="utf-8")
        generated.append(Generated(name, layout, len(form["indicators"]), errors))
    if manifest:
        (out / "manifest.json").write_text(
            json.dumps({"seed": seed, "count": n, "error_rate": error_rate,
                        "forms": [asdict(g) for g in generated]}, ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8")
    return generated
