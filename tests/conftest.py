"""Shared helpers: evaluate a form written inline, against a built-in or inline ruleset."""

from __future__ import annotations

import textwrap

import pytest

from scorer.engine import evaluate_form
from scorer.forms.load import load_form_text
from scorer.rules.ruleset import RulesetLoader

LOADER = RulesetLoader()


def evaluate_text(form_yaml: str, ruleset: str = "central-2020", tmp_path=None):
    form = load_form_text(textwrap.dedent(form_yaml), "form.yaml")
    if ruleset.lstrip().startswith("id:") or "\n" in ruleset:
        assert tmp_path is not None, "inline rulesets need tmp_path"
        path = tmp_path / "ruleset.yaml"
        path.write_text(textwrap.dedent(ruleset), encoding="utf-8")
        rs = RulesetLoader().load(str(path))
    else:
        rs = LOADER.load(ruleset)
    return evaluate_form(form, rs, "form.yaml")


@pytest.fixture
def evaluate(tmp_path):
    def run(form_yaml: str, ruleset: str = "central-2020"):
        return evaluate_text(form_yaml, ruleset, tmp_path)
    return run
