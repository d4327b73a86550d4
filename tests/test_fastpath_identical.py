"""Caches and fast paths change no byte: every format, on the samples and on generated forms (clean
and with injected errors), is identical with PERFSCORE_NO_FASTPATH=1 — as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorer.engine import evaluate_files
from scorer.fastpath import disabled
from scorer.generate import generate_forms
from scorer.report import FORMATTERS
from scorer.report.jsonfmt import _dumps_reference, dumps
from scorer.rules.ruleset import RulesetLoader

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(str(p) for p in (ROOT / "samples").glob("*.yaml"))


def _cli(args, env_extra, cwd):
    env = {k: v for k, v in os.environ.items() if k != "PERFSCORE_NO_FASTPATH"} | env_extra
    return subprocess.run([sys.executable, "-m", "scorer.cli", *args], capture_output=True, cwd=cwd, env=env,
                          check=False)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    directory = tmp_path_factory.mktemp("generated")
    generate_forms(60, 99, directory, error_rate=0.6)
    return directory


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_cli_output_identical_without_fast_paths(fmt, generated):
    names = sorted(p.name for p in generated.glob("*.yaml"))
    args = ["evaluate", *SAMPLES, *names, "--format", fmt, "--fail-on", "never"]
    fast = _cli(args, {}, generated)
    slow = _cli(args, {"PERFSCORE_NO_FASTPATH": "1"}, generated)
    assert fast.returncode == slow.returncode == 0, fast.stderr.decode()
    assert fast.stdout == slow.stdout
    assert fast.stderr == slow.stderr
    assert len(fast.stdout) > 10_000


def test_explain_identical_in_process(generated):
    paths = SAMPLES + sorted(str(p) for p in generated.glob("*.yaml"))
    fast = [FORMATTERS[f](evaluate_files(paths, RulesetLoader()), explain=True) for f in ("json", "table")]
    with disabled():
        slow = [FORMATTERS[f](evaluate_files(paths, RulesetLoader()), explain=True) for f in ("json", "table")]
    assert fast == slow


def test_bad_inputs_give_the_same_messages_without_fast_paths():
    corpus = ROOT / "tests" / "bad_inputs"
    names = sorted(p.name for p in corpus.glob("p-*.yaml"))
    args = ["evaluate", *names, "--format", "json", "--fail-on", "never"]
    fast = _cli(args, {}, corpus)
    slow = _cli(args, {"PERFSCORE_NO_FASTPATH": "1"}, corpus)
    assert fast.returncode == slow.returncode == 2
    assert fast.stderr == slow.stderr and fast.stdout == slow.stdout
    assert fast.stderr.decode().count("\n") >= 50


# -- the JSON writer: fast and reference give the same text for any value a report may hold

_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20), st.text(max_size=12),
    st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(lambda d: abs(d.adjusted()) < 30),
)
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.tuples(inner, inner),
    st.dictionaries(st.one_of(st.text(max_size=6), st.integers(0, 9)), inner, max_size=4)), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(value=_VALUES)
def test_json_writer_matches_the_reference(value):
    assert dumps(value) == _dumps_reference(value)
