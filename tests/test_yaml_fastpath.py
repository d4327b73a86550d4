"""The fast YAML builder (data only, positions found later) gives exactly the full builder's data, or
steps aside: on every file the full builder refuses, and on anything unusual, it returns _SURPRISE and
the full builder runs from the start (so every message and position is the full builder's)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from scorer.errors import InputError
from scorer.fastpath import disabled
from scorer.forms.load import load_form
from scorer.forms.yamlsafe import _SURPRISE, _fast_data, load_yaml_file
from scorer.generate import generate_forms
from yaml_reference import full_build

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "tests" / "bad_inputs").rglob("*.yaml"))
GOOD = sorted((ROOT / "samples").glob("*.yaml")) + sorted((ROOT / "rules").glob("*.yaml"))


def _text(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return None



def _same(text: str) -> bool:
    """The fast result is the full builder's data (exact types and digits), or a surprise."""
    fast = _fast_data(text)
    data, error = full_build(text)
    if fast is _SURPRISE:
        return True
    return error is None and repr(fast) == repr(data) and type(fast) is type(data)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_bad_input_corpus_never_slips_through(path):
    text = _text(path)
    if text is not None:
        assert _same(text), path.name


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_real_files_identical(path):
    text = path.read_text(encoding="utf-8")
    assert _same(text)


def test_generated_forms_take_the_fast_path(tmp_path):
    generate_forms(30, 4, tmp_path, error_rate=0.5)
    for path in sorted(tmp_path.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        fast = _fast_data(text)
        assert fast is not _SURPRISE, path.name
        assert repr(fast) == repr(full_build(text)[0])


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n",                          # duplicate key
    "a: &x 1\nb: *x\n",                      # anchors and aliases
    "a: !!str 12\n",                         # tags
    "base: {x: 1}\nc:\n  <<: {y: 2}\n",      # merge keys
    "a: 1\n---\nb: 2\n",                     # two documents
    "a: [1, 2\n",                            # syntax error
    "a: 1e99999\n",                          # absurd number
    "a: .nan\n",                             # NaN
    "? [a, b]\n: 1\n",                       # complex key
    "a: " + "[" * 150 + "]" * 150 + "\n",    # too deep
    "a: \"\\ud800\"\n",                      # lone surrogate
])
def test_surprises_go_to_the_full_builder(text):
    assert _fast_data(text) is _SURPRISE


def test_types_as_the_full_builder_reads_them():
    text = ("a: 15.50\nb: 0123\nc: yes\nd: on\ne: ~\nf: 1_000\ng: 0x1F\nh: 2024-12-31\ni: '3'\nj: 1:30\n"
            "k: |\n  多行\n  文字\nl: []\nm: {}\n2023: 年\nnull: n\n")
    fast = _fast_data(text)
    assert repr(fast) == repr(full_build(text)[0])
    assert fast["a"] == Decimal("15.50") and str(fast["a"]) == "15.50" and fast["b"] == "0123"
    assert fast["c"] is True and fast["e"] is None and fast["f"] == 1000 and fast["g"] == 31
    assert list(fast)[-2:] == ["2023", "null"]


def test_lazy_positions_are_the_full_builders(tmp_path):
    generate_forms(6, 5, tmp_path)
    for path in [*sorted(tmp_path.glob("*.yaml")), *GOOD[:4]]:
        lazy = load_yaml_file(path, lazy_positions=True)
        full = load_yaml_file(path)
        assert repr(lazy.data) == repr(full.data)
        paths = [(), ("budget",), ("budget", "planned"), ("indicators", 0), ("indicators", 2, "target"),
                 ("indicators", 99), ("nope",), ("goals", 0, "id")]
        for p in paths:
            assert lazy.position(p) == full.position(p), (path.name, p)
        assert str(lazy.error("x", ("indicators", 1, "actual"))) == str(full.error("x", ("indicators", 1, "actual")))


def test_form_errors_point_at_the_same_line_both_ways(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text("form: project\nproject: {name: 甲, year: 2023}\nbudget: {planned: 1, executed: 1}\n"
                    "goals: [{id: 1}]\nindicators:\n  - {name: 乙, goal: 7}\n", encoding="utf-8")
    with pytest.raises(InputError) as fast:
        load_form(path)
    with disabled(), pytest.raises(InputError) as slow:
        load_form(path)
    assert str(fast.value) == str(slow.value) and fast.value.line == 6


# -- random documents: whatever YAML a dumper writes, fast and full agree

_KEYS = st.text(alphabet="abc甲乙-_ 0123456789.%:#'\"", min_size=0, max_size=6)
_LEAVES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=10),
    st.sampled_from(["15.50", "0123", "yes", "1e3", "2024-12-31", "≥95%", "- x", "a: b", "#c", "", " "]),
)
_DATA = st.recursive(_LEAVES, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)), max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(data=_DATA, flow=st.booleans())
def test_random_documents_agree(data, flow):
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow)
    assert _same(text)


@settings(max_examples=300, deadline=None)
@given(pick=st.sampled_from(GOOD[:6]), at=st.integers(0, 10**6), junk=st.sampled_from(
    ["", ":", "- ", "  ", "\n", "'", '"', "[", "{", "}", "#", "\t", "a: 1\n", "~", "0x", "1.5"]))
def test_damaged_files_agree(pick, at, junk):
    text = pick.read_text(encoding="utf-8")
    at %= len(text)
    damaged = text[:at] + junk + text[at + 1:]
    assert _same(damaged)
