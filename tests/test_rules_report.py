"""`rules` presentation and hostile inputs: --format for rules check, huge test-case keys,
de-duplication without quadratic work, and no private reaches from the rules package."""

from __future__ import annotations

import ast
import csv
import io
import json
from pathlib import Path

import pytest

from clirun import run
from scorer.rules import check as check_module
from scorer.rules.checks import Problem

ROOT = Path(__file__).resolve().parent.parent
BAD = Path(__file__).resolve().parent / "data" / "rulesets" / "bad"


def _bad_ruleset(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("id: r\nextends: central-2020\nbudget: {weight: 15}\nfindings: {Z01: off}\n",
                    encoding="utf-8")
    return str(path)


def test_rules_check_json_lists_every_problem_with_its_location(tmp_path):
    path = _bad_ruleset(tmp_path)
    code, out, err = run("rules", "check", path, "--format", "json")
    assert code == 1 and err == ""
    report = json.loads(out)
    assert report["checked"] == 1 and report["errors"] == len(report["problems"]) == 2
    first = report["problems"][0]
    assert (first["file"], first["line"], first["column"], first["path"], first["level"]) == \
        (path, 3, 10, "budget.weight", "error")
    code, table, _ = run("rules", "check", path)
    assert table.splitlines()[0].startswith(f"{path}:3:10: [错误] budget.weight: 分值合计不等于总分")


def test_rules_check_csv_has_a_bom_a_header_and_no_formula_cells(tmp_path):
    path = tmp_path / "=cmd.yaml"
    path.write_text("id: r\nextends: central-2020\nfindings: {Z01: off}\n", encoding="utf-8")
    code, out, _ = run("rules", "check", str(path), "--format", "csv")
    assert code == 1 and out.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(out[1:])))
    assert rows[0] == ["文件", "行", "列", "键路径", "级别", "问题"]
    assert rows[1][1:5] == ["3", "12", "findings.Z01", "错误"]


def test_rules_check_refuses_an_unknown_format():
    code, _, _ = run("rules", "check", "central-2020", "--format", "xml")
    assert code == 2


def test_rules_renderers_live_in_report():
    for name in ("rules_check", "rules_show", "rules_test", "rules_list"):
        assert (ROOT / "scorer" / "report" / f"{name}.py").exists()
    assert not (ROOT / "scorer" / "rules" / "show.py").exists()
    testcases = (ROOT / "scorer" / "rules" / "testcases.py").read_text(encoding="utf-8")
    assert "def render_result" not in testcases


def test_duplicate_problems_are_removed_by_hashing_not_pairwise(tmp_path, monkeypatch):
    many = [Problem(f"f{i % 2}.yaml", i, 1, "x", "问题") for i in range(3000)]
    monkeypatch.setattr("scorer.rules.check.check_file", lambda ref, loader: list(many))
    calls = {"eq": 0}
    original = Problem.__eq__

    def counting(self, other):
        calls["eq"] += 1
        return original(self, other)

    monkeypatch.setattr(Problem, "__eq__", counting)
    _, out, _ = run("rules", "check", "a.yaml", "b.yaml")
    assert out.count("\n") == 3001                  # 3000 problems once each, plus the summary
    assert calls["eq"] < 10 * len(many)             # pairwise would be millions


def test_a_5000_digit_indicator_index_is_a_clear_error_in_test_and_check(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("id: t\nextends: central-2020\ntests:\n  - name: a\n"
                    "    form: {budget: {planned: 1, executed: 1}, indicators: []}\n"
                    "    expect:\n      indicators:\n        ? " + "9" * 5000 + "\n        : {score: 1}\n",
                    encoding="utf-8")
    code, out, err = run("rules", "test", str(path))
    assert code == 2 and err.count("\n") == 1 and "超出范围" in err and "（共 5000 位）" in err
    assert len(err) < 400
    code, out, err = run("rules", "check", str(path))
    assert code == 1 and "超出范围" in out and "Traceback" not in out + err and len(out) < 600


def test_testcases_use_the_public_document_accessor():
    source = (ROOT / "scorer" / "rules" / "testcases.py").read_text(encoding="utf-8")
    assert "_positions" not in source


def test_the_rules_package_reads_no_private_attribute_of_another_module():
    """No `x._private` reaches from scorer/rules into other objects (self/cls excepted)."""
    offenders = []
    for path in (ROOT / "scorer" / "rules").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            private = isinstance(node, ast.Attribute) and node.attr.startswith("_") \
                and not node.attr.startswith("__")
            if private and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                offenders.append(f"{path.name}:{node.lineno} {node.attr}")
    assert offenders == []


def test_one_merged_type_with_locate_replaces_the_tuple_and_two_locators():
    from scorer.rules.merged import Merged
    from scorer.rules.ruleset import RulesetLoader
    loader = RulesetLoader()
    path, display = loader.resolve("wuhan-2019")
    merged = loader.merge(path, display)
    assert isinstance(merged, Merged) and merged.files[-1] == "rules/wuhan-2019.yaml"
    where = merged.locate(("budget", "formula"))
    assert (where.file, where.path) == ("rules/central-2020.yaml", "budget.formula") and where.line
    assert merged.locate(("goals", "weight")).file == "rules/wuhan-2019.yaml"
    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "scorer" / "rules").rglob("*.py"))
    assert "def _locate(" not in sources and "_Checker" not in sources


@pytest.mark.parametrize("name", ["not-a-mapping"])
def test_bad_fixture_is_still_reported_at_line_1(name):
    (problem,) = check_module.check_file(str(BAD / f"{name}.yaml"))
    assert problem.line == 1 and problem.where.file.endswith(f"{name}.yaml")


def test_rules_show_and_check_escape_control_characters_in_names_and_values(tmp_path):
    path = tmp_path / "r\x1b[2J.yaml"
    path.write_text('id: r\nextends: central-2020\ntitle: "优\\e]0;伪造\\a"\n', encoding="utf-8")
    code, out, err = run("rules", "show", str(path))
    assert code == 0, err
    assert "\x1b" not in out and "\x07" not in out and "\\x1b" in out
    path.write_text('id: r\nextends: central-2020\nfindings: {Z01: off}\n', encoding="utf-8")
    code, out, err = run("rules", "check", str(path))
    assert code == 1 and "\x1b" not in out + err


def test_rules_test_escapes_control_characters_in_case_names_and_expectations(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text('id: t\nextends: central-2020\ntests:\n  - name: "用例\\e[2J"\n'
                    '    form: {budget: {planned: 100, executed: 100}, indicators: []}\n'
                    '    expect: {grade: "优\\e]0;x\\a"}\n', encoding="utf-8")
    code, out, err = run("rules", "test", str(path))
    assert code == 1, err
    assert "\x1b" not in out and "\x07" not in out and "用例\\x1b[2J" in out


def test_rules_check_takes_a_folder_and_a_quoted_pattern(tmp_path):
    folder = tmp_path / "规则集"
    folder.mkdir()
    (folder / "a.yaml").write_text("id: a\nextends: central-2020\n", encoding="utf-8")
    (folder / "b.yaml").write_text("id: b\nextends: central-2020\nfindings: {Z01: off}\n", encoding="utf-8")
    code, out, err = run("rules", "check", str(folder))
    assert code == 1 and err == "" and "检查了 2 个规则集文件：1 个错误" in out
    code, out, _ = run("rules", "check", str(folder / "a*.yaml"))
    assert code == 0 and "检查了 1 个规则集文件：没有发现问题" in out
    empty = tmp_path / "空"
    empty.mkdir()
    code, _, err = run("rules", "check", str(empty))
    assert code == 2 and "文件夹中没有规则集文件" in err


def test_an_unknown_ruleset_id_with_control_characters_is_escaped_on_stderr():
    code, _, err = run("rules", "check", "evil\x1b]0;x\x07")
    assert code == 2 and err.count("\n") == 1
    assert "\x1b" not in err and "\x07" not in err and "未知的规则集" in err


def test_an_unknown_case_name_is_escaped_on_stderr():
    code, _, err = run("rules", "test", "central-2020", "--case", "无此\x1b[2J用例")
    assert code == 2 and err.count("\n") == 1 and "\x1b" not in err and "无此\\x1b[2J用例" in err
