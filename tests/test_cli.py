"""The CLI as a user meets it: exit code, stdout and stderr asserted together."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from clirun import run

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
# the 组织事务 form with its printed rate changed to 75.5% (the real 77.5% agrees with B/A)
ZUZHI = str(Path(__file__).resolve().parent / "data" / "forms" / "zuzhi-wrong-rate.yaml")
WEIWEN = str(SAMPLES / "002-proj-weiwen-tijian.yaml")




def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


GOOD = """\
ruleset: central-2020
form: project
project: {name: 测试项目}
budget: {planned: 100, executed: 80, reported_score: 8}
indicators:
  - {level1: 产出指标, name: 培训班次, target: "≥5", actual: "5", weight: 50, reported_score: 50}
  - {level1: 效益指标, name: 能力提升, target: 有效, actual: 达到预期, weight: 30, reported_score: 30}
  - {level1: 满意度指标, name: 满意度, target: "≥90%", actual: "95%", weight: 10, reported_score: 10}
reported_total: 98
"""


def test_table_report_on_a_real_form():
    code, out, err = run("evaluate", ZUZHI)
    assert code == 1 and err == ""
    assert "组织事务工作专项经费" in out
    assert "指标" in out and "方向" in out and "状态" in out
    assert ("[错误] B02 执行率与 B/A 不符（预算执行率）：执行率：78.53 ÷ 101.4 = 77.4458%，表列 75.5%，"
            "应为 77.4%") in out
    assert "总分：复算 95.49（优），表列 95.5" in out


def test_fail_on_threshold():
    assert run("evaluate", WEIWEN)[0] == 0
    assert run("evaluate", ZUZHI, "--fail-on", "never")[0] == 0
    assert run("evaluate", str(SAMPLES / "002-dept-qingshan.yaml"))[0] == 0          # only an info
    assert run("evaluate", str(SAMPLES / "002-dept-qingshan.yaml"), "--fail-on", "info")[0] == 1


def test_json_report_shape():
    code, out, err = run("evaluate", ZUZHI, "--format", "json")
    assert code == 1 and err == ""
    (item,) = json.loads(out)
    assert item["file"] == ZUZHI
    assert item["ruleset"] == {"id": "wuhan-2023", "version": "2023.1"}
    assert item["budget"] == {"rate": 0.774458, "weight": 20, "score": 15.49, "reported_score": 15.5}
    assert [i["status"] for i in item["indicators"]] == ["ok", "ok", "ok"]
    assert set(item["indicators"][0]) >= {"index", "name", "direction", "weight", "score", "band",
                                          "reported_score", "status"}
    assert item["total"] == {"score": 95.49, "reported": 95.5, "grade": "优", "reported_grade": None}
    (finding,) = item["findings"]
    assert finding["code"] == "B02" and finding["severity"] == "error" and finding["path"] == "budget.reported_rate"
    # issue 9: line/column of the value join the machine path
    assert set(finding) == {"code", "name", "severity", "path", "group", "expected", "reported", "message",
                            "line", "column"}
    assert (finding["line"], finding["column"]) == (14, 3)       # reported_rate: 75.5% in the input


def test_json_numbers_are_exact_decimals():
    _, out, _ = run("evaluate", ZUZHI, "--format", "json")
    assert '"reported_score": 15.5' in out and '"rate": 0.774458' in out


def test_csv_report():
    code, out, err = run("evaluate", ZUZHI, "--format", "csv")
    lines = out.lstrip("\ufeff").splitlines()
    assert code == 1 and err == ""
    # issue 9: one column set for Excel filters — project, department and year on every row
    assert lines[0] == ("文件,行,列,项目名称,部门,年度,规则集,代码,名称,严重程度,位置,路径,指标序号,指标,分组,"
                        "应为,表列,复算总分,表列总分,说明")
    assert lines[1].startswith(f"{ZUZHI},")
    assert (",组织事务工作专项经费,区委组织部,2023,wuhan-2023,B02,执行率与 B/A 不符,错误,预算执行率,"
            "budget.reported_rate,") in lines[1]


def test_explain_shows_readings_rule_and_formula():
    _, out, _ = run("evaluate", ZUZHI, "--explain")
    assert "目标值 “=100%” 读作" in out
    assert "方向：等于" in out
    assert "formulas.exact（rules/central-2020.yaml:" in out
    assert "分值：25.00（推定：" in out


def test_missing_file_is_one_clear_line_and_exit_2():
    code, out, err = run("evaluate", "no-such-form.yaml")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "no-such-form.yaml" in err and "文件不存在" in err


def test_broken_file_in_a_batch_is_reported_and_the_rest_still_run(tmp_path):
    bad = write(tmp_path, "bad.yaml", GOOD.replace("weight: 50", "weigth: 50"))
    code, out, err = run("evaluate", bad, WEIWEN, "--format", "json")
    assert code == 2
    broken, good = sorted(json.loads(out), key=lambda i: "error" not in i)
    assert broken["file"] == bad and "未知的键" in broken["error"]
    assert good["file"] == WEIWEN and good["findings"] == []
    assert err.count("\n") == 1
    assert f"{bad}:6:" in err and "未知的键 “weigth”，是否想写 “weight”？" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("text, fragment", [
    (GOOD.replace("planned: 100", "planned: [100"), ":4:"),                       # YAML syntax
    (GOOD.replace("reported_total: 98", "reported_total: 九十八"), "reported_total: 类型错误：应为数字"),
    (GOOD.replace("form: project", "form: projet"), "form: 取值 'projet' 无效"),
    (GOOD.replace("ruleset: central-2020", "ruleset: shanghai-2099"), "未知的规则集 “shanghai-2099”"),
    (GOOD.replace("executed: 80", "executed: -80"), "budget.executed: 数值 -80 过小"),
])
def test_bad_project_files(tmp_path, text, fragment):
    path = write(tmp_path, "form.yaml", text)
    code, out, err = run("evaluate", path)
    assert code == 2 and out == ""
    assert err.startswith(f"错误：{path}:") and fragment in err and err.count("\n") == 1


def test_broken_formula_names_the_key_and_line(tmp_path):
    rules = write(tmp_path, "r.yaml", """\
        id: broken
        extends: central-2020
        formulas:
          positive: weight * actual / targt
        """)
    form = write(tmp_path, "form.yaml", GOOD)
    code, out, err = run("evaluate", form, "--ruleset", rules)
    assert code == 2 and out == ""
    assert f"{rules}:4:" in err and "formulas.positive" in err and "未知名称 “targt”" in err


def test_rules_list():
    code, out, err = run("rules", "list")
    assert code == 0 and err == ""
    for rid in ("central-2020", "wuhan-2023", "wuhan-2019"):
        assert rid in out


def test_output_file_written_whole(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    code, out, _ = run("evaluate", ZUZHI, "--format", "json", "--output", str(target))
    assert code == 1 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))[0]["file"] == ZUZHI
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
