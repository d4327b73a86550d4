"""The line reader (forms in the plain block layout, read without libyaml) gives exactly the full
builder's data, or steps aside with _SURPRISE — on the samples, the rulesets, generated forms, the
bad-input corpus, hand-made layouts and randomly damaged forms."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorer.forms.yamlsafe import _SURPRISE, _line_data
from scorer.generate import generate_forms
from yaml_reference import full_build

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "tests" / "bad_inputs").rglob("*.yaml"))
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
RULES = sorted((ROOT / "rules").glob("*.yaml"))



def _agrees(text: str) -> bool:
    """True when the line reader stepped aside or gave the full builder's data, types and digits."""
    fast = _line_data(text)
    if fast is _SURPRISE:
        return True
    data, error = full_build(text)
    assert error is None, f"the line reader accepted what the full builder refuses: {error}"
    assert repr(fast) == repr(data)
    return False


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_bad_input_corpus_never_slips_through(path):
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return
    _agrees(text)


def test_samples_and_rulesets_agree_and_forms_take_the_line_path():
    taken = [not _agrees(p.read_text(encoding="utf-8")) for p in SAMPLES]
    for path in RULES:
        _agrees(path.read_text(encoding="utf-8"))
    assert sum(taken) >= len(SAMPLES) - 3, "the real forms should mostly be read line by line"


def test_generated_forms_take_the_line_path(tmp_path):
    generate_forms(40, 11, tmp_path, error_rate=0.5)
    for path in sorted(tmp_path.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert _line_data(text) is not _SURPRISE, path.name
        assert not _agrees(text)


@pytest.mark.parametrize("text", [
    "a: 1\nb:\n- x\n- y\nc: 2\n",                       # a list written at its key's column
    "a:\n  - x\n  -\n  - k: 1\n    j: '2'\nb:\n",       # empty item, a mapping in a list, a key left empty
    "- a\n-\n- - b\n",                                  # a list at the root, a nested list (steps aside)
    "a:\n  b:\n    c: 1.50\n  d: \"x # y\"  # note\n# c\n   # c\ne: -3\n",
    "a: x #y\nb: x#y\nc: 中文 ：冒号\nd: 'it''s'\n",
    "a: 1\n  # an indented comment\nb: 2\n",
    "a: 1\n  b: 2\n",                                  # a continuation line
    "a: x\n b\n",
    "a:\n b: 1\n  c: 2\n",                             # misaligned
    "a: \"x\"y\n",
    "a: 'x'#y\n",
    "a: |\n  x\n",
    "a: [1, 2]\n",
    "a: {b: 1}\n",
    "a: b: c\n",
    "a: b:\n",
    "a: -\n",
    "a: - b\n",
    "a: ?x\n",
    "a: \"\\u4e2d\"\n",
    "a: 1\na: 2\n",
    "a:\n- 1\n b: 2\n",
    "- 1\na: 2\n",
    "a: 1\n- 2\n",
    "a: 0x1F\nb: 0123\nc: 1_000\nd: 2024-12-31\ne: yes\nf: ~\ng: 1e3\nh: .5\n",
    "a: .nan\n",
    "a: 1e99999\n",
    "a: 1\n---\nb: 2\n",
    "a: 1\n...\n",
    "%YAML 1.1\n---\na: 1\n",
    "  a: 1\n  b: 2\n",
    "  a: 1\nb: 2\n",
    "a\n",
    "",
    "# only a comment\n",
    "a: x\u3000\nb: \u3000y\n",
    "a: x\u2028y\n",
    "a: x\x85y\n",
    "a:\tx\n",
    "a: x\r\nb: y\r\n",
    "k" * 1030 + ": 1\n",
    "中" * 1100 + ": 1\n",
])
def test_hand_made_layouts(text):
    _agrees(text)


def test_hand_made_layouts_that_must_take_the_line_path():
    for text in ("a: 1\nb:\n- x\n- y\nc: 2\n", "a:\n  - x\n  -\n  - k: 1\n    j: '2'\nb:\n",
                 "a:\n  b:\n    c: 1.50\n  d: \"x # y\"  # note\n# c\n   # c\ne: -3\n",
                 "a: 1\n  # an indented comment\nb: 2\n", "a:\n-\n"):
        assert not _agrees(text), text


_PIECES = st.sampled_from([
    " ", "  ", "\n", "\n  ", "- ", "-", ":", ": ", "#", " #", "'", '"', "\\", "a: ", "  b: 1\n", "|", ">",
    "[", "]", "{", "}", ",", "?", "%", "@", "`", "中", "1.5", "0x1", "null", "\u3000", "\t", "~", "---",
    "1e5", "yes", "- x\n", "k:\n", "\n-\n",
])


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_damaged_forms_agree(data):
    source = data.draw(st.sampled_from(SAMPLES[:6]))
    text = source.read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        if data.draw(st.booleans()):
            text = text[:at] + data.draw(_PIECES) + text[at:]
        else:
            text = text[:at] + text[at + data.draw(st.integers(1, 8)):]
    _agrees(text)
