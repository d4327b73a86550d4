"""`perfscore codes [CODE]`: the finding catalogue, documented for the people who read the reports."""

from __future__ import annotations


from scorer.codes import CODES, SEVERITY_NAMES
from clirun import run




def test_lists_every_code_with_name_and_default_severity():
    code, out, err = run("codes")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["代码", "名称", "默认级别", "说明"]
    for c in CODES.values():
        row = next(line for line in lines if line.startswith(c.code + " "))
        assert c.name in row and f"{SEVERITY_NAMES[c.severity]}（{c.severity}）" in row


def test_one_code_with_a_worked_example_and_how_to_change_it():
    code, out, _ = run("codes", "B02")
    assert code == 0
    assert out.splitlines() == [
        "B02 执行率与 B/A 不符",
        "  默认级别：错误（error）",
        "  含义：表中列示的执行率与 执行数 ÷ 预算数 之差超过规则集 rate_tolerance（默认 0.01 个百分点）"
        "加列示末位的半个单位（截尾或两次舍入的执行率不算错）。",
        "  示例：96.3 ÷ 100 = 96.3000%，表列 98.31%，应为 96.30%",
        "  “应为”（expected）：B ÷ A，按表列执行率的小数位数四舍五入的百分数",
        "  相关的规则集键：rate_tolerance",
        "  调整：在规则集中写 findings: {B02: warning} 改变级别，或 {B02: off} 关闭",
    ]


def test_every_code_explains_itself():
    from scorer.codes import EXPECTED
    assert set(EXPECTED) == set(CODES)
    for c in CODES:
        code, out, _ = run("codes", c)
        assert code == 0 and out.startswith(f"{c} {CODES[c].name}\n") and "示例：" in out


def test_lower_case_is_accepted():
    assert run("codes", "i01")[1].startswith("I01 指标得分高于公式")


def test_unknown_code_is_exit_2_in_chinese():
    code, out, err = run("codes", "X99")
    assert code == 2 and out == ""
    assert err.startswith("错误：未知的发现代码 “X99”；可用代码：B01、B02") and err.count("\n") == 1
