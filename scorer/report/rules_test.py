"""`rules test` output: each case ✓/✗, 期望/实际 per key, the command that reruns a failing case,
and which formulas, bands and grades no case covered.  Only formatting: `scorer.rules.testcases` runs.
"""

from __future__ import annotations

from scorer.errors import one_line
from scorer.rules.testcases import FileResult


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`")
    return f'"{escaped}"'


def reproduce(ref: str, name: str, rules_dirs=()) -> str:
    """The command that reruns one case — with the --rules-dir it needs to find `ref` again."""
    dirs = "".join(f" --rules-dir {_quote(str(d))}" for d in rules_dirs)
    return f"perfscore rules test {ref} --case {_quote(name)} --explain{dirs}"


def render_result(result: FileResult, explain=None, rules_dirs=()) -> str:
    """Readable report of one ruleset's cases; `explain(evaluation)` adds each case's trace."""
    lines = [f"{result.ruleset.source_file}：{len(result.cases)} 个用例"]
    if not result.ruleset.tests:
        lines.append("  （没有 tests:。建议为每个公式、档位和等次各写一个用例，见 docs/rules.md）")
    for case in result.cases:
        where = "" if case.passed else f"（{case.where}）"
        lines.append(f"  {'✓' if case.passed else '✗'} {case.name}{where}")
        if case.error:
            lines.append(f"      用例本身有误：{case.error}")
        width = max((len(d.key) for d in case.differences), default=0)
        for d in case.differences:
            lines.append(f"      {d.key.ljust(width)}  期望 {d.expected}；实际 {d.actual}")
        if not case.passed:
            lines.append(f"      复现：{reproduce(result.ref, case.name, rules_dirs)}")
        if explain is not None and case.evaluation is not None:
            lines.extend("      " + line for line in explain(case.evaluation))
    if result.cases and len(result.cases) == len(result.ruleset.tests):
        missing = result.uncovered
        lines.append("  覆盖：" + ("全部公式、档位与等次都有用例" if not missing
                                  else "没有用例覆盖 " + "、".join(missing)))
    passed = sum(c.passed for c in result.cases)
    lines.append(f"  结果：{passed} 个通过，{len(result.cases) - passed} 个失败")
    # case names, expected grades and file names are the author's text: never terminal controls
    return "\n".join(one_line(line) for line in lines) + "\n"
