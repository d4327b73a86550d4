"""Finding codes raised across forms (not by one form alone): duplicates and summary tables.

They share the catalogue's shape and severities (scorer/codes.py) and are stored in the same
findings table, with origin 'duplicates' or 'summary'.
"""

from __future__ import annotations

AUDIT_CODES = {
    "D01": ("重复提交", "warning", "与同一批次中较早的一份表内容相同（无论文件名与排版）。"),
    "D02": ("同一项目数据不一致", "error", "项目名称、部门与年度相同，但数字不同的另一份表：至少一份有误。"),
    "S01": ("汇总表所列项目无自评表", "error", "汇总表列出的项目在本批表中找不到对应的项目自评表。"),
    "S02": ("自评表未列入汇总表", "warning", "本批中该部门的项目自评表未出现在汇总表中。"),
    "S03": ("汇总表金额与自评表不符", "error",
            "汇总表所列财政资金总额与自评表的预算数（A 或 B，按汇总表的口径）不一致。"),
    "S04": ("自评覆盖率与实际不符", "error", "汇总表声称的绩效自评覆盖率与所列项目的实际覆盖情况不一致。"),
    "S05": ("汇总表合计与各项之和不符", "error", "汇总表的合计不等于所列各项目财政资金总额之和。"),
}


def name(code: str) -> str:
    return AUDIT_CODES[code][0]


def severity(code: str) -> str:
    return AUDIT_CODES[code][1]
