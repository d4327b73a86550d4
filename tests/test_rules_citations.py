"""The built-in rulesets cite only public documents a user can look up, never files of this repository."""

from __future__ import annotations

import re

import pytest

from scorer.rules.ruleset import RulesetLoader, builtin_ids

REPOSITORY_TEXT = re.compile(r"CONVENTIONS|seeds|\.md\b|\.txt\b|\.\./|/shared/")


@pytest.mark.parametrize("ref", builtin_ids())
def test_builtin_citations_and_sources_name_public_documents(ref):
    ruleset = RulesetLoader().load(ref)
    texts = [*ruleset.sources, *ruleset.citations.values()]
    texts += [case.get("note", "") for case in ruleset.tests]
    assert texts
    leaks = [t for t in texts if REPOSITORY_TEXT.search(t)]
    assert leaks == []


def test_wuhan_citations_name_the_printed_notes():
    ruleset = RulesetLoader().load("wuhan-2023")
    assert "武汉市青山区2023年部门决算 项目支出绩效自评表 备注 2" in ruleset.citation("formulas.positive")
    assert "财预〔2020〕10号" in RulesetLoader().load("central-2020").citation("budget.formula")
