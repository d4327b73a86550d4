"""The labels printed forms use, and how a cell's text is normalised before it is compared with them.

Templates differ in spacing, full-width brackets, line breaks inside a cell and trailing colons
("项目名称：", "执行率（B/A）", "一级\\n指标"); `norm` removes all of that, `key` also drops bracketed
parts so "全年预算数（A）" and "全年预算数" are the same header.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

_SPACE = re.compile(r"[\s\u3000]+")
_BRACKETED = re.compile(r"\([^()]*\)")
_WEIGHT = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分")
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


@lru_cache(maxsize=8192)
def norm(text: str) -> str:
    text = _SPACE.sub("", text or "")
    text = text.replace("（", "(").replace("）", ")").replace("：", ":")
    return text.rstrip(":")


@lru_cache(maxsize=8192)
def key(text: str) -> str:
    """norm() without bracketed parts: '全年预算数（A）' -> '全年预算数'."""
    return _BRACKETED.sub("", norm(text)).rstrip(":")


def weight_in(text: str) -> Decimal | None:
    """A weight printed in a label: '产出指标（40分）' -> 40, '得分（20分*执行率）' -> 20."""
    m = _WEIGHT.search(text or "")
    return Decimal(m.group(1)) if m else None


def without_weight(text: str) -> str:
    """'产出指标（40分）' -> '产出指标' (the label as the YAML would carry it)."""
    return re.sub(r"\s*[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]\s*$", "", (text or "").strip()).strip()


# What forms print in a number cell that does not apply: read as blank (null), as a transcriber would.
BLANK_MARKS = frozenset({"-", "—", "——", "－", "/", "／", "\\", "无", "空"})


def number(text: str):
    """A money/weight/score cell: Decimal when it is a number as printed (thousands separators dropped),
    None when blank, else the text itself (the schema then names the cell and what was expected)."""
    t = (text or "").strip()
    if not t or t in BLANK_MARKS:
        return None
    plain = t.replace(",", "").replace("，", "").replace(" ", "")
    if _NUMBER.match(plain):
        return Decimal(plain)
    return t


# Budget block headers (key() of the header cell -> field).
BUDGET_COLUMNS = {
    "年初预算数": "initial", "年初预算": "initial",
    "全年预算数": "planned", "预算数": "planned", "调整后预算数": "planned", "全年预算": "planned",
    "全年执行数": "executed", "执行数": "executed", "实际执行数": "executed", "全年执行": "executed",
    "分值": "weight",
    "执行率": "reported_rate", "预算执行率": "reported_rate",
    "得分": "reported_score", "自评分": "reported_score", "自评得分": "reported_score",
}

# Indicator table headers.
INDICATOR_COLUMNS = {
    "一级指标": "level1", "二级指标": "level2",
    "三级指标": "name", "指标内容": "name", "指标名称": "name", "三级指标名称": "name",
    "年度目标值": "target", "年度指标值": "target", "年初目标值": "target", "指标值": "target",
    "目标值": "target", "预期目标值": "target",
    "实际完成值": "actual", "全年完成值": "actual", "完成值": "actual", "全年实际完成值": "actual",
    "实际值": "actual", "全年实际值": "actual",
    "分值": "weight", "权重": "weight", "指标分值": "weight",
    "得分": "reported_score", "自评分": "reported_score", "自评得分": "reported_score",
    "指标性质": "nature", "度量单位": "unit", "计量单位": "unit",
}
NOTE_PREFIXES = ("偏差原因", "未完成原因", "偏差大或目标未完成原因")

# Source rows of the budget block (其中：…), and labels of its total row.
SOURCE_WORDS = ("当年财政拨款", "上年结转", "其他资金", "财政资金", "财政专户", "单位资金", "其他",
                "中央补助", "省补助", "市补助", "区级", "县级", "国债资金", "补助", "拨款")
TOTAL_WORDS = ("总额", "合计", "总计")

# Header fields: key() of the label -> field.
FIELD_LABELS = {
    "项目名称": "name", "部门名称": "unit_name", "单位名称": "unit_name", "部门(单位)名称": "unit_name",
    "主管部门": "department", "项目实施单位": "implementer", "实施单位": "implementer",
    "预算年度": "year", "规则集": "ruleset", "自评等次": "grade", "等次": "grade",
    "总分": "total", "自评得分": "total", "自评总分": "total",
}

STOP_PREFIXES = ("总分", "合计", "自评等次", "自评得分", "偏差大", "偏差原因分析", "改进措施", "说明", "备注",
                 "填表人", "填报人")

GOAL_ROW = re.compile(r"^(?:年度绩效目标|年度目标)(\d*)(?![\d值])")
OVERALL_GOAL = re.compile(r"^(?:年度总体目标|项目绩效总目标|绩效总目标|总体目标)")
INDICATOR_BLOCK = re.compile(r"^(?:年度)?(?:绩效)?指标")
GOAL_TEXT_HEADERS = {"年初设定目标": "text", "预期目标": "text", "年度目标内容": "text", "目标内容": "text",
                     "全年实际完成情况": "done", "实际完成情况": "done", "自评分": "score", "得分": "score",
                     "分值": "weight"}
YEAR_IN_TITLE = re.compile(r"((?:19|20)\d\d)年度")
