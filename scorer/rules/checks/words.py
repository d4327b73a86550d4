"""Word lists: one word in two lists leaves its indicators without a band (or a deadline verdict)."""

from __future__ import annotations

from scorer.rules.checks import Context, check
from scorer.rules.keys import COMPLETIONS, get_path

WORD_LISTS = {"achieved": "达成预期词表", "partial": "部分达成词表", "missed": "未达成词表"}


@check("words")
def words(ctx: Context):
    lists = [(("qualitative", "words", n), WORD_LISTS[n]) for n in COMPLETIONS]
    yield from _overlaps(ctx, lists, "完成情况写“{w}”的定性指标无法确定档位")
    yield from _overlaps(ctx, [(("deadline", "met_words"), "按期完成词表（deadline.met_words）"),
                               (("deadline", "missed_words"), "未按期完成词表（deadline.missed_words）")],
                         "实际值写“{w}”的时限指标无法判断是否按期")


def _overlaps(ctx: Context, lists, consequence: str):
    seen: dict[str, tuple] = {}
    for path, label in lists:
        for index, word in enumerate(get_path(ctx.data, path) or ()):
            if word in seen and seen[word][0][:-1] != path:
                first, first_label = seen[word]
                yield ctx.problem(ctx.prefer((*path, index), first),
                                  f"“{word}” 同时出现在{first_label}和{label}中：{consequence.format(w=word)}；"
                                  "请只保留在其中一个词表")
            seen.setdefault(word, ((*path, index), label))
