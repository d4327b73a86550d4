"""Keys a ruleset must give (after `extends`): without them some form cannot be scored at all.

The required keys have no defaults; word lists have none either — without them every 定性 or
时限 indicator of every form would be unverifiable, so a ruleset that merges to none is refused.
"""

from __future__ import annotations

from scorer.rules.checks import Context, check
from scorer.rules.keys import REQUIRED_KEYS, get_path

EXAMPLE_VALUES = {
    ("total",): "100",
    ("budget", "weight"): "10",
    ("budget", "formula"): "weight * min(executed / planned, 1)",
    ("indicators", "weight"): "90",
    ("formulas", "positive"): "weight if actual >= target else weight * actual / target",
    ("formulas", "negative"): "weight if actual <= target else weight * target / actual",
    ("formulas", "exact"): ("weight if actual == target else "
                            "(0 if target == 0 else weight * min(actual / target, 1))"),
    ("formulas", "deadline"): "weight if met else 0",
    ("qualitative", "bands", "achieved"): "[80, 100]",
    ("qualitative", "bands", "partial"): "[50, 80]",
    ("qualitative", "bands", "missed"): "[0, 50]",
    ("grades",): ("[{grade: 优, min: 90}, {grade: 良, min: 80}, "
                  "{grade: 中, min: 60}, {grade: 差, min: 0}]"),
    ("qualitative", "words", "achieved"): "[达到预期, 完成, 有效]",
    ("qualitative", "words", "partial"): "[部分完成, 基本完成]",
    ("qualitative", "words", "missed"): "[未完成, 未达到]",
    ("deadline", "target_words"): "[按时完成, 如期完成]",
    ("deadline", "met_words"): "[已完成, 按时完成]",
    ("deadline", "missed_words"): "[延期, 逾期]",
}

# word lists: (path, what cannot be scored without it, level)
WORD_LISTS = (
    (("qualitative", "words", "achieved"), "完成情况写“达到预期”等的定性指标无法定档", "error"),
    (("qualitative", "words", "missed"), "完成情况写“未完成”等的定性指标无法定档", "error"),
    (("qualitative", "words", "partial"), "完成情况写“基本完成”等的定性指标无法定档", "warning"),
    (("deadline", "target_words"), "目标值写“按时完成”等的指标不会被识别为时限指标", "error"),
    (("deadline", "met_words"), "时限指标无法判断按期完成", "error"),
    (("deadline", "missed_words"), "时限指标写“延期”等时无法判断未按期", "warning"),
)


def example(path) -> str:
    """'formulas: {positive: …}' — a line the author can paste."""
    text = EXAMPLE_VALUES[tuple(path)]
    for key in reversed(path[1:]):
        text = f"{{{key}: {text}}}"
    return f"{path[0]}: {text}"


@check("required")
def required_keys(ctx: Context):
    for path in REQUIRED_KEYS:
        if get_path(ctx.data, path) is None:
            yield ctx.problem(path, f"缺少 {'.'.join(path)}（继承链中没有任何文件给出）；请写出，例如 "
                                    f"{example(path)}，或用 extends: central-2020 继承通行口径")


@check("word-lists")
def word_lists(ctx: Context):
    for path, consequence, level in WORD_LISTS:
        if not get_path(ctx.data, path):
            yield ctx.problem(path, f"没有 {'.'.join(path)} 词表（继承链中没有任何文件给出，也没有默认值）："
                                    f"{consequence}；请写出，例如 {example(path)}，"
                                    "或用 extends: central-2020 继承通行词表", level)
