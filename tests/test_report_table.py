"""The reports as a person reads them: counted from 1, placed in words and by file:line:col, repeated
findings on one line, a summary per file, --min-severity in every format, a table that fits the terminal."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from clirun import run
from scorer.forms.load import load_form
from scorer.report.places import place
from scorer.report.table import _ranges
from scorer.report.textwidth import shorten, width, wrap

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "samples").glob("*.yaml"))
WRONG_RATE = str(ROOT / "tests" / "data" / "forms" / "zuzhi-wrong-rate.yaml")
JICENG = "samples/000-proj-jiceng-dangjian.yaml"
RICHANG = "samples/003-proj-richang-yunzhuan.yaml"
GONGZUO = "samples/003-proj-gongzuo-yunxing.yaml"
WEIWEN = "samples/002-proj-weiwen-tijian.yaml"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def table(*args, columns=None):
    env = {"COLUMNS": str(columns)} if columns else None
    return run("evaluate", *args, "--fail-on", "never", env=env)[1]


# ------------------------------------------------------------------ width

@pytest.mark.parametrize("columns", [80, 100])
def test_every_sample_fits_the_terminal(columns):
    out = table(*SAMPLES, columns=columns)
    wide = [line for line in out.splitlines() if width(line) > columns]
    assert not wide, wide


def test_the_default_cap_is_100_columns_even_on_a_wider_terminal():
    out = table(*SAMPLES, columns=200)
    assert max(width(line) for line in out.splitlines()) <= 100


def test_long_names_are_shortened_and_wide_shows_them_whole():
    narrow = table(GONGZUO, columns=80)
    assert "“不忘初心、牢记使命”主题教育中央省市主流媒体宣传报道" not in narrow.split("发现")[0]
    assert "…" in narrow.split("发现")[0]
    whole = table(GONGZUO, "--wide", columns=80)
    assert "“不忘初心、牢记使命”主题教育中央省市主流媒体宣传报道" in whole.split("发现")[0]
    assert max(width(line) for line in whole.splitlines()) > 100


def test_without_a_terminal_lines_are_not_broken():
    out = table(GONGZUO)                     # stdout is not a terminal and COLUMNS is unset
    assert any(width(line) > 100 for line in out.splitlines())
    findings = out[out.index("发现（"):].splitlines()[1:-1]
    assert all(line.startswith(f"  {GONGZUO}:") for line in findings)        # one finding, one line


def test_table_columns_stay_aligned_with_chinese_text():
    out = table(JICENG, columns=80)
    rows = out.splitlines()
    header = next(i for i, line in enumerate(rows) if line.startswith("#  指标"))
    body = rows[header:header + 8]
    position = [width(line[: line.index("正向")]) for line in body[2:]]
    assert len(set(position)) == 1 and width(body[0][: body[0].index("方向")]) == position[0]


# ------------------------------------------------------------------ counting and places

def test_indicators_are_numbered_from_1():
    out = table(JICENG)
    assert "\n1  党日活动开展次数" in out and "\n6  党员满意度" in out and "\n0 " not in out


def test_findings_name_the_indicator_and_show_file_line_col():
    out = table(JICENG)
    assert (f"  {JICENG}:51:5: [提示] I08 超额完成且无说明（第 4 项指标“服务两新组织集聚区数量”的实际值）："
            in out)
    code, out, _ = run("evaluate", WRONG_RATE)
    assert code == 1
    assert f"  {WRONG_RATE}:14:3: [错误] B02 执行率与 B/A 不符（预算执行率）：" in out


def test_place_in_words():
    form = load_form(JICENG)
    assert place("indicators[1].reported_score", form) == "第 2 项指标“补贴发放完成率”的自评得分"
    assert place("indicators[0]", form) == "第 1 项指标“党日活动开展次数”"
    assert place("budget.reported_rate", form) == "预算执行率"
    assert place("goals[0].weight", form) == "第 1 个年度目标的分值"
    assert place("something.new", form) == "something.new"


# ------------------------------------------------------------------ noise

def test_repeated_findings_collapse_into_one_line():
    out = table(RICHANG)
    lines = [line for line in out.splitlines() if " I06 " in line]
    assert lines == [f"  {RICHANG}:51:5: [提示] I06 指标无法核验（第 1–22 项指标的分值，共 22 项）："
                     "无法核验：分值未列示，无法复算得分"]
    assert "发现（23）：" in out           # the count is of findings, not lines


def test_findings_with_different_reasons_stay_apart():
    out = table(GONGZUO)
    _, data, _ = run("evaluate", GONGZUO, "--format", "json", "--fail-on", "never")
    i08 = [line for line in out.splitlines() if " I08 " in line]
    assert len(i08) == sum(f["code"] == "I08" for f in json.loads(data)[0]["findings"]) > 1
    assert all("第 " in line for line in i08)
    i06 = [line for line in out.splitlines() if " I06 " in line]
    assert [line.split("（", 1)[1].split("）")[0] for line in i06] == [
        "第 1–37、39–41、43–52、54–57 项指标的分值，共 54 项", "第 38、42、53 项指标的目标值，共 3 项"]


def test_ranges():
    assert _ranges([1, 2, 3, 5, 7, 8]) == "1–3、5、7–8"
    assert _ranges([4]) == "4"


def test_one_summary_line_per_file_and_a_total_for_a_batch():
    out = table(WRONG_RATE, WEIWEN, RICHANG)
    summaries = [line for line in out.splitlines() if line.startswith("小结：")]
    assert summaries == ["小结：错误 1，警告 0，提示 0；总分 复算 95.49，表列 95.5",
                         "小结：错误 0，警告 0，提示 0；总分 复算 100.00，表列 100",
                         "小结：错误 0，警告 0，提示 23；总分 复算 无法复算，表列 92.98"]
    assert out.rstrip().splitlines()[-1] == "合计：3 张表，1 张有错误；错误 1，警告 0，提示 23"


def test_min_severity_hides_in_every_format_but_not_from_the_exit_code():
    code, out, _ = run("evaluate", RICHANG, "--min-severity", "warning", "--fail-on", "info")
    assert code == 1
    assert " I06 " not in out and "发现：无" in out
    assert "小结：错误 0，警告 0，提示 23（23 条低于 --min-severity，未列出）" in out
    _, out, _ = run("evaluate", RICHANG, "--min-severity", "warning", "--format", "json")
    (item,) = json.loads(out)
    assert item["findings"] == []
    assert item["summary"] == {"errors": 0, "warnings": 0, "infos": 23, "hidden": 23}
    _, out, _ = run("evaluate", RICHANG, WRONG_RATE, "--min-severity", "error", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert [r["代码"] for r in rows] == ["B02", ""]           # sorted by file name: /…/tests/… < samples/…
    assert rows[1]["说明"] == "无达到 error 级别的发现（23 条较低级别的未列出）"


# ------------------------------------------------------------------ CSV and JSON

def test_csv_every_row_carries_project_department_year_and_clean_forms_do_not_vanish(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("ruleset: wuhan-2023\nform: project\nproject: {name: x}\nbudget: [\n", encoding="utf-8")
    code, out, _ = run("evaluate", JICENG, WEIWEN, str(bad), "--format", "csv")
    assert code == 2
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    by_file = {}
    for row in rows:
        by_file.setdefault(row["文件"], []).append(row)
    assert [r["代码"] for r in by_file[JICENG]] == ["B05", "I08", "W05"]
    for row in by_file[JICENG]:
        assert (row["项目名称"], row["部门"], row["年度"]) == ("基层党建工作经费", "中共武昌区委员会组织部", "2024")
    i08 = by_file[JICENG][1]
    assert (i08["行"], i08["列"], i08["路径"], i08["指标序号"], i08["指标"]) == (
        "51", "5", "indicators[3].actual", "4", "服务两新组织集聚区数量")
    assert i08["位置"] == "第 4 项指标“服务两新组织集聚区数量”的实际值"
    (clean,) = by_file[WEIWEN]
    assert (clean["项目名称"], clean["严重程度"], clean["说明"], clean["复算总分"]) == ("干部慰问体检经费", "无",
                                                                              "无发现", "100")
    (broken,) = by_file[str(bad)]
    assert broken["代码"] == "ERROR" and broken["行"] == "5" and broken["说明"].startswith(f"{bad}:5:")
    assert len({len(r) for r in rows}) == 1


def test_json_findings_keep_the_path_and_add_line_and_column():
    _, out, _ = run("evaluate", JICENG, "--format", "json", "--fail-on", "never")
    (item,) = json.loads(out)
    i08 = next(f for f in item["findings"] if f["code"] == "I08")
    assert (i08["path"], i08["line"], i08["column"]) == ("indicators[3].actual", 51, 5)
    assert item["summary"] == {"errors": 0, "warnings": 1, "infos": 2, "hidden": 0}


# ------------------------------------------------------------------ text width helpers

def test_wrap_measures_chinese_as_two_columns_and_keeps_punctuation_with_its_word():
    text = "执行数 1993.2 > 预算数 1953.5，执行率 102.03%：按满分计，请复核超支原因"
    lines = wrap(text, 30, "  ", "    ")
    assert all(width(line) <= 30 for line in lines)
    assert "".join(line.strip() for line in lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line.strip()[0] in "，：）%" for line in lines)
    assert "102.03%" in "".join(lines)                      # a number is never split
    assert shorten("服务两新组织集聚区数量", 10) == "服务两新…" and width(shorten("服务两新组织集聚区数量", 10)) <= 10


def test_codes_list_fits_the_terminal_and_keeps_every_code():
    from scorer.codes import CODES
    code, out, _ = run("codes", env={"COLUMNS": "80"})
    assert code == 0 and max(width(line) for line in out.splitlines()) <= 80
    for c in CODES.values():
        assert any(line.startswith(c.code + " ") and c.name in line for line in out.splitlines()), c
    flat = run("codes")[1]                      # not a terminal: one line per code
    assert all(c.summary in flat for c in CODES.values())
