"""The compiled schema check (fast path) is never more lenient than jsonschema, and accepts good files.

Every file of the bad-input corpus, the samples, the built-in rulesets and generated forms, plus
random mutations of real forms, go through both validators: whenever the fast one says "valid",
jsonschema must find no error.  (Where the fast one rejects, jsonschema decides and writes the
message, so the messages cannot change.)
"""

from __future__ import annotations

import contextlib
import copy
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorer.errors import InputError
from scorer.forms.schema import (COMPILED, _fast_validator, _validator, compiled_source, fast_valid, inline_refs,
                                 load_schema)
from scorer.forms.yamlsafe import load_yaml_file
from scorer.generate import generate_forms

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "tests" / "bad_inputs").rglob("*.yaml"))
GOOD_FORMS = sorted((ROOT / "samples").glob("*.yaml"))
GOOD_RULESETS = sorted((ROOT / "rules").glob("*.yaml")) + sorted((ROOT / "docs" / "examples").glob("*.yaml"))
SCHEMAS = ("project", "ruleset")


def _loadable(paths):
    """(path, data) of the files that get as far as validation (the rest are refused while parsing)."""
    out = []
    for path in paths:
        with contextlib.suppress(InputError):
            out.append((path, load_yaml_file(path).data))
    return out


LOADABLE = _loadable(CORPUS)


def _jsonschema_valid(data, schema: str) -> bool:
    return next(iter(_validator(schema).iter_errors(data)), None) is None


def _assert_never_more_lenient(data, schema: str) -> None:
    if fast_valid(data, schema):
        assert _jsonschema_valid(data, schema), f"fast path accepts what jsonschema rejects ({schema})"


@pytest.mark.parametrize("path, data", LOADABLE, ids=[p.name for p, _ in LOADABLE])
@pytest.mark.parametrize("schema", SCHEMAS)
def test_corpus_file_never_more_lenient(path, data, schema):
    _assert_never_more_lenient(data, schema)


def test_corpus_has_schema_violations_the_fast_path_rejects():
    """The comparison is not vacuous: some corpus files load but break the schema."""
    rejected = 0
    for path, data in LOADABLE:
        if not _jsonschema_valid(data, "project"):
            assert not fast_valid(data, "project"), path.name
            rejected += 1
    assert rejected >= 5


@pytest.mark.parametrize("path", GOOD_FORMS, ids=lambda p: p.name)
def test_samples_take_the_fast_path(path):
    data = load_yaml_file(path).data
    assert _jsonschema_valid(data, "project") and fast_valid(data, "project")


@pytest.mark.parametrize("path", GOOD_RULESETS, ids=lambda p: p.name)
def test_rulesets_take_the_fast_path(path):
    data = load_yaml_file(path).data
    assert _jsonschema_valid(data, "ruleset") and fast_valid(data, "ruleset")


def test_generated_forms_take_the_fast_path(tmp_path):
    generate_forms(40, 11, tmp_path, error_rate=0.5)
    for path in sorted(tmp_path.glob("*.yaml")):
        data = load_yaml_file(path).data
        assert _jsonschema_valid(data, "project") and fast_valid(data, "project"), path.name


def test_inlining_removes_every_ref_and_keeps_the_original():
    for schema in SCHEMAS:
        original = load_schema(schema)
        before = copy.deepcopy(original)
        inlined = inline_refs(original)
        assert "$ref" not in repr(inlined)
        assert original == before


# -- random mutations of real forms and rulesets

_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 3000), st.sampled_from([Decimal("-0.5"), Decimal("12.50"),
                                                                       Decimal("2023.0"), Decimal("1E+3")]),
    st.sampled_from(["", "x", "93.6%", "abc%", "positive", "project", "department", "≥3", "12期"]),
    st.just([]), st.just({}), st.just([{}]), st.just({"x": 1}), st.just(["a", "a"]),
)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


def _mutate(data, path, action, value):
    data = copy.deepcopy(data)
    if not path:
        return value
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "delete" and isinstance(parent, dict):
        del parent[last]
    elif action == "add" and isinstance(parent, dict):
        parent[f"{last}_extra"] = value
    else:
        parent[last] = value
    return data


_DOCS = [(load_yaml_file(p).data, "project") for p in GOOD_FORMS[:6]] + \
        [(load_yaml_file(p).data, "ruleset") for p in GOOD_RULESETS]


@settings(max_examples=300, deadline=None)
@given(doc=st.sampled_from(_DOCS), pick=st.integers(0, 10**6),
       action=st.sampled_from(["replace", "delete", "add"]), value=_VALUES)
def test_mutated_documents_never_more_lenient(doc, pick, action, value):
    data, schema = doc
    paths = list(_paths(data))
    mutated = _mutate(data, paths[pick % len(paths)], action, value)
    _assert_never_more_lenient(mutated, schema)


@pytest.mark.parametrize("name", COMPILED)
def test_shipped_compiled_checks_are_current(name):
    """scorer/schemas/check_<name>.py is what tools/compile_schemas.py makes of the schema today."""
    shipped = (ROOT / "scorer" / "schemas" / f"check_{name}.py").read_text(encoding="utf-8")
    assert shipped == compiled_source(name), "run: python tools/compile_schemas.py"
    assert _fast_validator(name).__module__ == f"scorer.schemas.check_{name}"
