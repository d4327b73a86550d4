"""Terminal report of an audit run: the summary and the top risks, with why they rank first."""

from __future__ import annotations

from tabulate import tabulate

from scorer.codes import SEVERITY_NAMES
from scorer.errors import one_line


def _short(text, width: int = 24) -> str:
    if text is None:
        return "—"
    text = one_line(" ".join(str(text).split()))
    return text if len(text) <= width else text[: width - 1] + "…"


def summary_lines(view) -> list[str]:
    s = view.summary()
    run = view.run_info()
    rulesets = "、".join(f"{r['id']} {r['version']}" for r in run["rulesets"]) or "—"
    lines = [
        f"运行 #{run['id']}（perfscore {run['perfscore_version']}，规则集 {rulesets}）"
        f"开始 {run['started']}，结束 {run['finished'] or '未完成'}",
        f"复核表数 {s['forms']}（本次复算 {s['evaluated']}，沿用未变化的 {s['reused']}），损坏文件 {s['broken']}",
        f"发现：错误 {s['error']}，警告 {s['warning']}，提示 {s['info']}；有错误的表 {s['forms_with_errors']}",
        f"复算后等次改变的表 {s['grade_changed']}；重复提交 {s['duplicates']}；同一项目数据不一致 {s['conflicts']}",
    ]
    if s["by_code"]:
        lines.append("按代码：" + "，".join(f"{code} {name}（{SEVERITY_NAMES.get(sev, sev)}）{n}"
                                          for code, name, sev, n in s["by_code"]))
    return lines


def render_audit_table(view, top: int = 10, broken: bool = True) -> str:
    lines = summary_lines(view)
    rows = []
    for form in view.forms():
        if len(rows) >= top:
            break
        if form["risk"] in (None, "0", "0.00"):
            break
        rows.append([form["rank"], _short(form["file"], 36), _short(form["project"]), _short(form["department"], 12),
                     form["risk"], f"{form['reported_total'] or '—'} → {form['computed_total'] or '—'}",
                     _short(form["why"], 60)])
    lines.append("")
    if rows:
        lines.append(f"风险最高的 {len(rows)} 张表：")
        lines.append(tabulate(rows, headers=["排名", "文件", "项目", "部门", "风险分", "总分（自评→复算）",
                                             "为什么排在前面"], tablefmt="simple", disable_numparse=True))
    else:
        lines.append("没有风险信号。")
    about_summaries = view.findings_by_form().get(None, [])
    if about_summaries:
        lines.append("")
        lines.append(f"汇总表核对 {len(about_summaries)} 条：")
        lines += [f"  {f['file']}:{f['line'] or ''} {f['code']} {f['name']}：{one_line(f['message'])}"
                  for f in about_summaries]
    broken = view.broken() if broken else []
    if broken:
        lines.append("")
        lines.append(f"损坏文件 {len(broken)} 个：")
        lines += [f"  {one_line(b['error'])}" for b in broken[:20]]
        if len(broken) > 20:
            lines.append(f"  …… 另有 {len(broken) - 20} 个，见 csv/json/xlsx 报告")
    return "\n".join(lines) + "\n"
