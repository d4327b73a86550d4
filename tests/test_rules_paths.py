"""Finding rulesets: ids in a bureau's own folders, paths that fail in every way, `extends` chains."""

from __future__ import annotations

import errno
import json
import os
import textwrap
from pathlib import Path

import pytest

from clirun import run
from scorer.errors import InputError
from scorer.rules.ruleset import MAX_EXTENDS_DEPTH, RulesetLoader

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _form(tmp_path, ruleset="wuhan-2023", year=2023, name="f.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(f"""\
        ruleset: {json.dumps(ruleset, ensure_ascii=False)}
        form: project
        project: {{name: 测试项目, year: {year}}}
        budget: {{planned: 100, executed: 100, reported_score: 20}}
        indicators: []
        """), encoding="utf-8")
    return str(path)


def _bureau(tmp_path, rid="hunan-2024", jurisdiction="湖南省", years="{from: 2024}"):
    folder = tmp_path / "bureau"
    folder.mkdir(exist_ok=True)
    (folder / f"{rid}.yaml").write_text(
        f"id: {rid}\nextends: central-2020\ntitle: 湖南省项目支出\njurisdiction: {jurisdiction}\n"
        f"years: {years}\n", encoding="utf-8")
    return folder


# ---------------------------------------------------------------- OS errors in a form's ruleset path

def test_a_ruleset_name_over_255_bytes_is_that_forms_error_and_the_batch_goes_on(tmp_path):
    long_form = _form(tmp_path, "规" * 100 + ".yaml", name="a.yaml")
    good = _form(tmp_path, name="b.yaml")
    code, out, err = run("evaluate", long_form, good, "--format", "json", "--fail-on", "never")
    assert code == 2
    assert err.count("\n") == 1 and "a.yaml" in err and "路径或文件名过长" in err
    assert "File name too long" not in err and "Traceback" not in err
    assert "b.yaml" in out


def test_a_ruleset_path_that_cannot_be_read_is_one_chinese_line(tmp_path, monkeypatch):
    form = _form(tmp_path, "secret/r.yaml")
    real_stat = os.stat

    def stat(path, *args, **kwargs):
        if "secret" in os.fsdecode(path):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    code, _, err = run("evaluate", form)
    assert code == 2 and err.count("\n") == 1
    assert "没有读取权限" in err and "Permission denied" not in err and f"{form}:" in err


def test_a_ruleset_that_is_a_folder_is_refused(tmp_path):
    (tmp_path / "dir.yaml").mkdir()
    code, _, err = run("evaluate", _form(tmp_path, "dir.yaml"))
    assert code == 2 and "文件夹" in err and err.count("\n") == 1


def test_the_not_found_message_is_written_once_for_forms_and_extends(tmp_path):
    code, _, err = run("evaluate", _form(tmp_path, "nowhere.yaml"))
    assert code == 2 and "ruleset 指向的文件不存在：nowhere.yaml" in err and "本项目文件所在的文件夹" in err
    child = tmp_path / "child.yaml"
    child.write_text("id: child\nextends: nowhere.yaml\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        RulesetLoader().load(str(child))
    assert "extends 指向的文件不存在：nowhere.yaml" in info.value.message
    assert "本规则集文件所在的文件夹" in info.value.message and info.value.line == 2


def test_engine_has_no_path_resolution_of_its_own():
    source = (Path(__file__).resolve().parent.parent / "scorer" / "engine.py").read_text(encoding="utf-8")
    assert "不存在" not in source and ".exists()" not in source


# ---------------------------------------------------------------- not a ruleset: never quote it

def test_a_file_that_is_not_a_ruleset_is_named_without_its_content(tmp_path):
    secret = tmp_path / "shadow"
    secret.write_text("secretuser:*:20228:0:99999:7:::\ndaemon:*:20228:0:99999:7:::\n", encoding="utf-8")
    form = _form(tmp_path, str(secret))
    for args in (("evaluate", form), ("evaluate", form, "--format", "json"), ("rules", "check", str(secret)),
                 ("rules", "show", str(secret)), ("rules", "test", str(secret))):
        code, out, err = run(*args)
        assert code in (1, 2), args
        assert "secretuser" not in out + err and "20228" not in out + err, args
        assert "不是规则集文件" in out + err, args


# ---------------------------------------------------------------- extends depth

def _chain(tmp_path, length):
    for i in range(length):
        parent = f"r{i + 1}.yaml" if i + 1 < length else "central-2020"
        (tmp_path / f"r{i}.yaml").write_text(f"id: r{i}\nextends: {parent}\n", encoding="utf-8")
    return str(tmp_path / "r0.yaml")


def test_a_chain_of_1000_extends_is_refused_clearly_everywhere(tmp_path):
    top = _chain(tmp_path, 1000)
    form = _form(tmp_path, top)
    for args in (("evaluate", form), ("rules", "show", top), ("rules", "check", top), ("rules", "test", top)):
        code, out, err = run(*args)
        assert code in (1, 2), args
        assert "extends 继承层数过多" in out + err and f"超过 {MAX_EXTENDS_DEPTH} 层" in out + err, args
        assert "Traceback" not in out + err and "RecursionError" not in out + err


def test_a_chain_within_the_bound_still_loads(tmp_path):
    top = _chain(tmp_path, MAX_EXTENDS_DEPTH - 1)
    assert RulesetLoader().load(top).budget_weight == 10


# ---------------------------------------------------------------- --rules-dir and PERFSCORE_RULES

def test_rules_dir_ids_are_found_by_forms_and_listed_with_their_file(tmp_path):
    folder = _bureau(tmp_path)
    form = _form(tmp_path, "hunan-2024", 2024)
    code, _, err = run("evaluate", form)
    assert code == 2 and "未知的规则集 “hunan-2024”" in err
    code, out, err = run("evaluate", form, "--rules-dir", str(folder), "--fail-on", "never")
    assert (code, err) == (0, ""), err
    code, out, _ = run("rules", "list", "--rules-dir", str(folder))
    assert code == 0
    line = next(ln for ln in out.splitlines() if ln.startswith("hunan-2024"))
    assert str(folder / "hunan-2024.yaml") in line and "湖南省" in line
    assert any(ln.startswith("central-2020") and "rules/central-2020.yaml" in ln for ln in out.splitlines())



def test_a_broken_ruleset_in_a_rules_dir_is_reported_and_the_rest_still_listed(tmp_path):
    # a draft with an error does not hide every other ruleset: its error on stderr, its row marked, exit 2
    folder = _bureau(tmp_path)
    (folder / "draft-2025.yaml").write_text("id: draft-2025\nextends: central-2020\ntotal: abc\n", encoding="utf-8")
    code, out, err = run("rules", "list", "--rules-dir", str(folder))
    assert code == 2
    assert err.startswith(f"错误：{folder / 'draft-2025.yaml'}:3:") and err.count("\n") == 1
    lines = out.splitlines()
    assert any(ln.startswith("hunan-2024") and "湖南省" in ln for ln in lines)
    assert any(ln.startswith("central-2020") for ln in lines)
    (draft,) = [ln for ln in lines if ln.startswith("draft-2025")]
    assert "有错误，无法选用" in draft and str(folder / "draft-2025.yaml") in draft

def test_perfscore_rules_variable_is_searched_by_jurisdiction(tmp_path, monkeypatch):
    folder = _bureau(tmp_path)
    form = _form(tmp_path, "central-2020", 2024)
    code, _, err = run("evaluate", form, "--jurisdiction", "湖南省")
    assert code == 2 and "没有地区为“湖南省”" in err
    monkeypatch.setenv("PERFSCORE_RULES", str(folder))
    code, out, err = run("evaluate", form, "--jurisdiction", "湖南省", "--fail-on", "never")
    assert code == 0, err
    assert "选用规则集 hunan-2024" in out


def test_rules_dir_with_jobs_reaches_the_workers(tmp_path):
    folder = _bureau(tmp_path)
    forms = [_form(tmp_path, "hunan-2024", 2024, name=f"f{i}.yaml") for i in range(3)]
    code, _, err = run("evaluate", *forms, "--rules-dir", str(folder), "--jobs", "2", "--fail-on", "never")
    assert (code, err) == (0, "")


def test_a_builtin_id_always_means_the_shipped_file(tmp_path):
    """A local file named like a built-in is listed as shadowed and never redirects a built-in's extends."""
    folder = _bureau(tmp_path, rid="wuhan-2023", jurisdiction="湖北省武汉市（本地）")
    code, out, err = run("rules", "list", "--rules-dir", str(folder))
    assert code == 0, err
    rows = [ln for ln in out.splitlines() if ln.startswith("wuhan-2023")]
    assert len(rows) == 2 and "rules/wuhan-2023.yaml" in rows[0] and "遮盖" in rows[1]
    loader = RulesetLoader(rules_dirs=[folder])
    assert loader.load("wuhan-2023").jurisdiction == "湖北省武汉市"
    assert loader.load("wuhan-2019").files[1] == "rules/wuhan-2023.yaml"


# ---------------------------------------------------------------- the year hint suggests only what works

def test_year_hint_suggests_jurisdiction_only_when_it_would_find_a_ruleset(tmp_path):
    _, out, _ = run("evaluate", _form(tmp_path, "wuhan-2023", 2019), "--fail-on", "never")
    assert "可用 --jurisdiction 湖北省武汉市 按年度自动选择（将选用 wuhan-2019）" in out
    _, out, _ = run("evaluate", _form(tmp_path, "wuhan-2023", 2015), "--fail-on", "never")
    assert "--jurisdiction" not in out and "没有找到适用于该年度的同地区规则集" in out
    own = tmp_path / "own.yaml"           # a file no id search finds: --jurisdiction cannot reach it
    own.write_text("id: own\nextends: central-2020\njurisdiction: 某县\nyears: {from: 2024}\n", encoding="utf-8")
    _, out, _ = run("evaluate", _form(tmp_path, str(own), 2023), "--fail-on", "never")
    assert "--jurisdiction" not in out


def test_a_rules_dir_that_does_not_exist_is_one_chinese_line(tmp_path):
    code, _, err = run("evaluate", _form(tmp_path), "--rules-dir", str(tmp_path / "nope"))
    assert code == 2 and err.count("\n") == 1
    assert "规则集文件夹" in err and "不存在" in err and "No such file" not in err


def test_the_rerun_command_of_a_failing_case_keeps_the_rules_dir(tmp_path):
    folder = tmp_path / "bureau"
    folder.mkdir()
    (folder / "hunan-2024.yaml").write_text(
        "id: hunan-2024\nextends: central-2020\ntests:\n  - name: 错的期望\n"
        "    form: {budget: {planned: 100, executed: 50}, indicators: []}\n"
        "    expect: {budget_score: 10}\n", encoding="utf-8")
    code, out, _ = run("rules", "test", "hunan-2024", "--rules-dir", str(folder))
    assert code == 1
    (command,) = [ln.split("复现：", 1)[1] for ln in out.splitlines() if "复现：" in ln]
    assert command.endswith(f'--rules-dir "{folder}"')
    args = command.replace('"', "").split()[1:]
    code, out, _ = run(*args[:args.index("--case") + 1], "错的期望", *args[args.index("--explain"):])
    assert code == 1 and "✗ 错的期望" in out


def test_jurisdiction_messages_say_the_rules_dirs_were_searched_too(tmp_path):
    folder = _bureau(tmp_path)
    form = _form(tmp_path, "hunan-2024", 2010)
    code, _, err = run("evaluate", form, "--jurisdiction", "湖南省", "--rules-dir", str(folder))
    assert code == 2
    assert "“湖南省”的规则集（内置的与规则集文件夹中的）都不适用于 2010 年度：hunan-2024（2024–）" in err
    code, _, err = run("evaluate", form, "--jurisdiction", "上海市", "--rules-dir", str(folder))
    assert code == 2 and "没有地区为“上海市”的规则集（内置的与规则集文件夹中的）；已有地区：" in err
    assert "湖南省" in err
