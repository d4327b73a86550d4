"""Folders and patterns as arguments: perfscore expands them itself (Windows shells do not)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from clirun import run
from scorer.forms.discover import FORM_SUFFIXES, discover

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ZUZHI, WEIWEN, QINGSHAN = "002-proj-zuzhi-shiwu.yaml", "002-proj-weiwen-tijian.yaml", "002-dept-qingshan.yaml"


@pytest.fixture
def forms(tmp_path, monkeypatch):
    """forms/a.yaml, forms/B.YML, forms/notes.txt, forms/.hidden.yaml, forms/sub/c.yaml, forms/.git/d.yaml"""
    root = tmp_path / "forms"
    (root / "sub").mkdir(parents=True)
    (root / ".git").mkdir()
    shutil.copy(SAMPLES / ZUZHI, root / "a.yaml")
    shutil.copy(SAMPLES / WEIWEN, root / "B.YML")
    shutil.copy(SAMPLES / QINGSHAN, root / "sub" / "c.yaml")
    shutil.copy(SAMPLES / QINGSHAN, root / ".hidden.yaml")
    shutil.copy(SAMPLES / QINGSHAN, root / ".git" / "d.yaml")
    (root / "notes.txt").write_text("不是表", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return root


def test_folder_means_every_form_file_in_it(forms):
    found = discover(["forms"])
    assert found.files == ["forms/B.YML", "forms/a.yaml"] and found.problems == []


def test_recursive_takes_subfolders_but_not_hidden_ones(forms):
    assert discover(["forms"], recursive=True).files == ["forms/B.YML", "forms/a.yaml", "forms/sub/c.yaml"]


def test_patterns_are_expanded(forms):
    assert discover(["forms/*.yaml"]).files == ["forms/a.yaml"]
    assert discover(["forms/**/*.yaml"], recursive=True).files == ["forms/a.yaml", "forms/sub/c.yaml"]
    assert discover(["forms/[aB].*"]).files == ["forms/B.YML", "forms/a.yaml"]


def test_files_named_explicitly_are_kept_in_order(forms):
    assert discover(["forms/sub/c.yaml", "forms/notes.txt", "missing.yaml"]).files == [
        "forms/sub/c.yaml", "forms/notes.txt", "missing.yaml"]


def test_arguments_that_name_nothing_are_problems(forms):
    (forms / "empty").mkdir()
    found = discover(["forms/*.xlsx", "forms/empty", "forms/a.yaml"])
    assert found.files == ["forms/a.yaml"]
    assert [str(p) for p in found.problems] == [
        "forms/*.xlsx: 没有与此模式匹配的自评表文件",
        "forms/empty: 文件夹中没有自评表文件（.xls、.xlsm、.xlsx、.yaml、.yml）；子文件夹中的表请加 --recursive",
    ]


def test_the_suffix_set_is_one_constant(forms):
    assert {".yaml", ".yml", ".xlsx", ".xlsm", ".xls"} == FORM_SUFFIXES   # workbooks read since the Excel reader
    assert discover(["forms"], suffixes=frozenset({".txt"})).files == ["forms/notes.txt"]


def test_evaluate_a_folder_and_a_pattern(forms):
    code, out, err = run("evaluate", "forms", "--format", "json", "--fail-on", "never")
    assert (code, err) == (0, "")
    assert [item["file"] for item in json.loads(out)] == ["forms/B.YML", "forms/a.yaml"]
    code, out, err = run("evaluate", "forms", "-r", "--format", "json", "--fail-on", "never")
    assert [item["file"] for item in json.loads(out)] == ["forms/B.YML", "forms/a.yaml", "forms/sub/c.yaml"]
    code, out, _ = run("evaluate", "forms/*.yaml", "--format", "json", "--fail-on", "never")
    assert [item["file"] for item in json.loads(out)] == ["forms/a.yaml"]


def test_a_pattern_matching_nothing_is_one_line_and_the_rest_still_run(forms):
    code, out, err = run("evaluate", "forms/*.yml", "forms/a.yaml", "--format", "json")
    assert code == 2
    assert err == "错误：forms/*.yml: 没有与此模式匹配的自评表文件\n"
    report = json.loads(out)
    assert report[0] == {"file": "forms/*.yml", "error": "forms/*.yml: 没有与此模式匹配的自评表文件"}
    assert report[1]["file"] == "forms/a.yaml" and "findings" in report[1]


def _pathlib_reference(arg: str, recursive: bool) -> list[str]:
    """What discovery gave before it scanned folders itself (pathlib, Python 3.11 semantics)."""
    root = Path(arg)
    found = root.rglob("*") if recursive else root.iterdir()
    return sorted(os.path.join(arg, str(p.relative_to(root))) for p in found
                  if p.is_file() and p.suffix.lower() in FORM_SUFFIXES and not p.name.startswith((".", "~$"))
                  and not any(part.startswith(".") for part in p.relative_to(root).parts))


def test_folder_scan_names_and_orders_files_as_before(tmp_path, monkeypatch):
    """Nested and hidden folders, lock files (~$), upper-case suffixes, a link to a form (taken) and a
    link to a folder (not followed): the same names in the same order as the pathlib walk."""
    root = tmp_path / "批量" / "forms"
    for folder in ("2023/区委", "2023/.svn", "2024", "~$tmp", "空"):
        (root / folder).mkdir(parents=True)
    for name in ("a.yaml", "2023/区委/b.YAML", "2023/.svn/c.yaml", "2024/d.xlsx", "2024/~$d.xlsx", "~$tmp/e.yml",
                 "2024/.f.yaml", "2024/g.txt", "2024/h.xls"):
        (root / name).write_text("x: 1\n", encoding="utf-8")
    os.symlink(root / "a.yaml", root / "2024" / "link.yaml")
    os.symlink(root / "2023", root / "2024" / "linked-folder")
    monkeypatch.chdir(tmp_path)
    for arg in ("批量/forms", "批量/forms/", str(root), "./批量/forms"):
        for recursive in (False, True):
            assert discover([arg], recursive=recursive).files == _pathlib_reference(arg, recursive), (arg, recursive)
    assert len(discover(["批量/forms"], recursive=True).files) == 6
