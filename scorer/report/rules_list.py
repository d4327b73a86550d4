"""`rules list`: every ruleset an id can name — the built-ins first, then a bureau's own folders —
with the file it is read from, so an author sees which one `ruleset: id` will use."""

from __future__ import annotations

from tabulate import tabulate

from scorer.errors import InputError, one_line

HEADERS = ["规则集", "版本", "地区", "适用年度", "继承", "名称", "文件"]


def render_list(rows) -> str:
    """`rows`: (RulesetFile, Ruleset; None when shadowed by an earlier one with the same id; the
    InputError when it cannot be read — said on stderr, marked here)."""
    table = []
    for entry, ruleset in rows:
        if ruleset is None:
            table.append([entry.id, "", "", "", "", "（被前面同名的规则集遮盖，不会选用）", entry.display])
            continue
        if isinstance(ruleset, InputError):
            table.append([entry.id, "", "", "", "", "（有错误，无法选用；见错误输出或 rules check）", entry.display])
            continue
        table.append([entry.id, ruleset.version, ruleset.jurisdiction, ruleset.describe_years(),
                      ruleset.parent or "—", ruleset.title, entry.display])
    table = [[one_line(str(cell)) for cell in row] for row in table]
    return tabulate(table, headers=HEADERS, tablefmt="simple") + "\n"
