"""The form generator: deterministic, realistic (clean forms score clean), every injected error found."""

from __future__ import annotations

import json

from scorer.engine import BrokenFile, evaluate_files
from scorer.generate import ERROR_CODES, LAYOUTS, generate_forms
from scorer.rules.ruleset import RulesetLoader


def _evaluate(directory):
    paths = sorted(str(p) for p in directory.glob("*.yaml"))
    results = evaluate_files(paths, RulesetLoader())
    assert not [r for r in results if isinstance(r, BrokenFile)]
    return {r.file.rsplit("/", 1)[-1]: r for r in results}


def test_same_seed_same_bytes_and_independent_of_n(tmp_path):
    generate_forms(12, 7, tmp_path / "a", error_rate=0.5)
    generate_forms(12, 7, tmp_path / "b", error_rate=0.5)
    generate_forms(5, 7, tmp_path / "c", error_rate=0.5)
    generate_forms(12, 8, tmp_path / "d", error_rate=0.5)
    a = {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir()}
    assert a == {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir()}
    for p in (tmp_path / "c").glob("*.yaml"):           # a form does not depend on how many are made
        assert p.read_bytes() == a[p.name]
    assert a["000000-wuhan-2023-project.yaml"] != (tmp_path / "d" / "000000-wuhan-2023-project.yaml").read_bytes()


def test_clean_forms_have_real_layouts_and_no_findings(tmp_path):
    generated = generate_forms(40, 3, tmp_path)
    assert {g.layout for g in generated} == set(LAYOUTS)
    assert all(12 <= g.indicators <= 19 for g in generated)
    assert not any(g.errors for g in generated)
    evaluations = _evaluate(tmp_path)
    assert len(evaluations) == 40
    for name, ev in evaluations.items():
        assert ev.findings == [], (name, [(f.code, f.message) for f in ev.findings])
    rulesets = {ev.ruleset.id for ev in evaluations.values()}
    assert rulesets == {"wuhan-2023", "central-2020", "wuhan-2019"}


def test_every_injected_error_is_found(tmp_path):
    generated = generate_forms(len(ERROR_CODES) * 12, 5, tmp_path, error_rate=1.0)
    manifest = json.loads((tmp_path / "manifest.json").read_text("utf-8"))
    assert manifest["count"] == len(generated) and len(manifest["forms"]) == len(generated)
    injected = [e["code"] for g in generated for e in g.errors]
    assert set(injected) == set(ERROR_CODES)          # every family appears
    evaluations = _evaluate(tmp_path)
    for g in generated:
        codes = {f.code for f in evaluations[g.file].findings}
        for error in g.errors:
            assert error["code"] in codes, (g.file, error, codes)
