"""Text never injects: user text (names, grades, values, ruleset titles and citations, keys, file
names) reaches every human-readable output escaped — no terminal control, no forged line; CSV cells
cannot start a formula; messages never show Python reprs."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from clirun import run

FORM = (Path(__file__).resolve().parent.parent / "samples" / "002-proj-zuzhi-shiwu.yaml").read_text(encoding="utf-8")
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
FORGED = "[错误] 伪造发现"
ESC_GRADE = 'reported_grade: "优\\e[2J\\n[错误] 伪造发现"'
OSC_NAME = '"组织事务\\e]0;pwned\\a工作专项经费"'


def _hostile_form(tmp_path: Path, ruleset: str = "wuhan-2023") -> Path:
    text = FORM.replace("name: 组织事务工作专项经费", f"name: {OSC_NAME}", 1)
    text = text.replace("ruleset: wuhan-2023", f"ruleset: {ruleset}")
    text = re.sub(r"^reported_total: .*$", lambda m: m.group(0) + "\n" + ESC_GRADE, text, count=1, flags=re.M)
    assert ESC_GRADE in text and OSC_NAME in text
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _hostile_ruleset(tmp_path: Path) -> Path:
    path = tmp_path / "rs.yaml"
    path.write_text('id: hostile\nextends: wuhan-2023\nversion: "1\\e[31m"\ntitle: "标题\\e]0;x\\a\\n[错误] 伪造"\n'
                    'citations: {formulas.positive: "第五条\\e[2J\\n[错误] 伪造发现"}\n', encoding="utf-8")
    return path


def _assert_safe(text: str) -> None:
    assert not CONTROL.search(text), repr(CONTROL.search(text).group())
    assert not any(line.lstrip().startswith(FORGED) for line in text.splitlines()), text


def test_escape_function():
    from scorer.errors import escape_lines, one_line
    assert one_line("优\x1b[2J\n[错误]") == "优\\x1b[2J\\n[错误]"
    assert one_line("\x1b]0;t\x07\x9b\u202e") == "\\x1b]0;t\\x07\\x9b\\u202e"
    assert one_line("\udccf\udcee.yaml") == "\\xcf\\xee.yaml"
    assert one_line(one_line("a\x1bb")) == one_line("a\x1bb")        # idempotent
    assert escape_lines("一\x1b\n二") == "一\\x1b\n二"


@pytest.mark.parametrize("extra", [[], ["--explain"]])
def test_table_escapes_grade_name_and_title(tmp_path, extra):
    form = _hostile_form(tmp_path, str(_hostile_ruleset(tmp_path)))
    code, out, err = run("evaluate", str(form), *extra)
    assert code == 1 and err == ""
    _assert_safe(out)
    assert "\\x1b[2J\\n[错误] 伪造发现" in out and "\\x1b]0;pwned\\x07" in out
    assert "标题\\x1b]0;x\\x07\\n[错误] 伪造" in out
    if extra:
        assert "第五条\\x1b[2J\\n[错误] 伪造发现" in out


def test_explain_escapes(tmp_path):
    form = _hostile_form(tmp_path, str(_hostile_ruleset(tmp_path)))
    for args in ([], ["--indicator", "1"]):
        code, out, err = run("explain", str(form), *args)
        assert code == 0 and err == ""
        _assert_safe(out)
        assert "\\x1b" in out


def test_rules_show_and_check_escape(tmp_path):
    rs = _hostile_ruleset(tmp_path)
    code, out, _ = run("rules", "show", str(rs))
    assert code == 0
    _assert_safe(out)
    bad = tmp_path / "bad.yaml"
    bad.write_text('id: bad\nextends: wuhan-2023\n"键\\e[2J\\n[错误] 伪造发现": 1\n', encoding="utf-8")
    code, out, err = run("rules", "check", str(bad))
    assert code == 1
    _assert_safe(out + err)
    assert "\\x1b[2J" in out


def test_file_names_on_stderr_are_escaped(tmp_path):
    name = str(tmp_path / "a\x1b]0;t\x07\n[错误] 伪造发现.yaml")
    code, out, err = run("evaluate", name)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1
    _assert_safe(err)


def test_csv_cells_cannot_start_a_formula(tmp_path):
    text = FORM.replace("name: 组织事务工作专项经费", 'name: "=HYPERLINK(\\"http://x\\",\\"点此\\")"', 1)
    text = re.sub(r"^reported_total: .*$", lambda m: m.group(0) + "\nreported_grade: \"=cmd|' /C calc'!A0\"",
                  text, count=1, flags=re.M)
    path = tmp_path / "@form.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, err = run("evaluate", str(path), "--format", "csv")
    assert code == 1 and err == ""
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    cells = [c for row in rows[1:] for c in row]
    assert "'=cmd|' /C calc'!A0" in cells
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells), cells
    bad = tmp_path / "-broken.yaml"
    bad.write_text("form: [\n", encoding="utf-8")
    code, out, _ = run("evaluate", str(bad), "--format", "csv")
    assert code == 2


@pytest.mark.parametrize(("cell", "safe"), [
    ("=1+1", "'=1+1"), ("+1+1", "'+1+1"), ("-1+1", "'-1+1"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("-2.5", "-2.5"), ("+1", "+1"), ("95%", "95%"),
    ("\r=1", "'\r=1"), ("优", "优"), ("a=b", "a=b"), ("多行\n文字", "多行\n文字"), ("\x1b[2J", "\\x1b[2J"),
])
def test_spreadsheet_text(cell, safe):
    from scorer.report.cells import spreadsheet_text
    assert spreadsheet_text(cell) == safe


def test_a_row_at_once_is_the_same_as_cell_by_cell():
    """safe_row (the register's one-pass check) never lets through what safe_cell would change."""
    from scorer.report.cells import safe_cell, safe_row
    cells = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "-2.5", "+1", "95%", "\r=1", "优", "a=b", "多行\n文字",
             "\x1b[2J", "a|=b", "|", "a|", "|@x", "\u202etxt", "\ud800", "", None, 3, 2.5, "正常的文字"]
    rows = [[a, b, c] for a in cells for b in cells for c in ("x", None, "=y")]
    for row in rows:
        assert safe_row(row) == [safe_cell(v) for v in row], row


@pytest.mark.parametrize(("snippet", "shown", "never"), [
    ("project: {name: x, year: 2023.5}", "2023.5", "Decimal("),
    ("project: {name: x, year: false}", "false", "False"),
    ("form: null\nproject: {name: x, year: 2023}", "取值 null 无效", "None"),
])
def test_messages_show_values_as_written(tmp_path, snippet, shown, never):
    path = tmp_path / "f.yaml"
    if not snippet.startswith("form:"):
        snippet = "form: project\n" + snippet
    path.write_text(f"ruleset: wuhan-2023\n{snippet}\nbudget: {{planned: 1, executed: 1}}\n"
                    "indicators: []\n", encoding="utf-8")
    code, out, err = run("evaluate", str(path), "--format", "json")
    assert code == 2
    assert shown in err and never not in err, err
    assert never not in json.loads(out)[0]["error"]


def test_rules_test_case_names_are_escaped(tmp_path):
    rs = tmp_path / "rt.yaml"
    rs.write_text('id: rt\nextends: wuhan-2023\ntests:\n  - name: "用例\\e[2J\\n  ✓ 伪造通过"\n    form:\n'
                  "      form: project\n      project: {name: x, year: 2023}\n"
                  "      budget: {planned: 100, executed: 90, reported_score: 18}\n      indicators: []\n"
                  "    expect: {total: 1}\n", encoding="utf-8")
    code, out, err = run("rules", "test", str(rs), "--explain")
    assert code == 1
    _assert_safe(out + err)
    assert not any(line.strip().startswith("✓ 伪造通过") for line in out.splitlines()), out
    assert "用例\\x1b[2J\\n  ✓ 伪造通过" in out


def test_sample_csv_and_table_escape_ids(tmp_path):
    population = tmp_path / "p.csv"
    population.write_text("编号,金额\n=HYPERLINK(\"http://x\"),100\n\"a\x1b[2J\nb\",200\n+1+1,300\n", encoding="utf-8")
    args = ["sample", "select", "--population", str(population), "--method", "random", "--size", "3", "--seed", "1",
            "--id-column", "编号", "--value-column", "金额"]
    code, out, err = run(*args, "--format", "csv")
    if code == 2 and "选项" in err:
        pytest.skip(f"sample select 的参数与本测试不符：{err}")
    assert code == 0, err
    cells = [c for row in csv.reader(io.StringIO(out.lstrip("\ufeff"))) for c in row]
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells), cells
    code, out, err = run(*args)
    assert code == 0, err
    _assert_safe(out)


def test_sample_workbook_cells_are_text_not_formulas(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    population = tmp_path / "p.csv"
    population.write_text("编号,金额\n=HYPERLINK(\"http://x\"),100\n\"a\x1b[2J\",200\n@SUM(A1),300\n",
                          encoding="utf-8")
    out = tmp_path / "s.xlsx"
    code, _, err = run("sample", "select", "--population", str(population), "--method", "random", "--size", "3",
                       "--seed", "1", "--id-column", "编号", "--value-column", "金额", "--format", "xlsx",
                       "-o", str(out))
    assert code == 0, err
    sheet = openpyxl.load_workbook(out)["抽样"]
    ids = [sheet.cell(row=r, column=2) for r in range(2, 5)]
    assert {c.value for c in ids} == {'\'=HYPERLINK("http://x")', "a\\x1b[2J", "'@SUM(A1)"}
    assert all(c.data_type == "s" for c in ids)
