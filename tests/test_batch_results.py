"""A batch yields, per file, an Evaluation or a BrokenFile — an explicit type, never told apart by
which attributes an object happens to have; every error names the file it is about."""

from __future__ import annotations

from pathlib import Path

import yaml

from scorer.engine import BrokenFile, Evaluation, evaluate_files
from scorer.rules.ruleset import RulesetLoader

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "bad_inputs"
SAMPLES = HERE.parent / "samples"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))["files"]


def test_broken_project_files_carry_their_own_location(monkeypatch):
    monkeypatch.chdir(CORPUS)
    names = sorted(n for n, s in EXPECTED.items() if s["kind"] == "project" and s["exit"] == 2)
    good = str(SAMPLES / "002-proj-zuzhi-shiwu.yaml")
    results = evaluate_files([*names, good], RulesetLoader())
    broken = [r for r in results if isinstance(r, BrokenFile)]
    assert [r.file for r in broken] == names
    for r in broken:
        # the file is named by the error itself (passed down), not patched in on the way up
        assert r.location is not None and r.location.file == r.file, r
        assert r.message.startswith(f"{r.file}:") or r.message.startswith(f"{r.file}: "), r.message
    (evaluation,) = [r for r in results if isinstance(r, Evaluation)]
    assert evaluation.file == good and not isinstance(evaluation, BrokenFile)


def test_unknown_ruleset_is_reported_at_the_forms_ruleset_key(tmp_path):
    form = (CORPUS / "_good" / "project.yaml").read_text(encoding="utf-8")
    path = tmp_path / "form.yaml"
    path.write_text(form.replace("ruleset: wuhan-2023", "ruleset: nowhere-2099"), encoding="utf-8")
    (result,) = evaluate_files([str(path)], RulesetLoader())
    assert isinstance(result, BrokenFile)
    assert result.location.file == str(path) and result.location.path == "ruleset"
    assert result.message.startswith(f"{path}: ruleset: 未知的规则集 “nowhere-2099”")


def test_unknown_ruleset_on_the_command_line_names_the_form(tmp_path):
    good = str(CORPUS / "_good" / "project.yaml")
    (result,) = evaluate_files([good], RulesetLoader(), "nowhere-2099")
    assert isinstance(result, BrokenFile)
    assert result.message.startswith(f"{good}: 未知的规则集 “nowhere-2099”")


def test_results_cross_processes_unchanged():
    paths = [str(SAMPLES / "002-proj-zuzhi-shiwu.yaml"), str(CORPUS / "p-nan.yaml")]
    one = evaluate_files(paths, RulesetLoader(), jobs=1)
    two = evaluate_files(paths, RulesetLoader(), jobs=2)
    assert [type(r) for r in one] == [type(r) for r in two]
    assert [r for r in one if isinstance(r, BrokenFile)] == [r for r in two if isinstance(r, BrokenFile)]
