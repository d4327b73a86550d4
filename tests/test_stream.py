"""Streamed reports: the same bytes with any number of workers, broken and missing files in place,
and what a worker sends back is the rendered piece, not the evaluation with its ruleset."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from scorer.batchstream import evaluate_stream
from scorer.engine import evaluate_files
from scorer.generate import generate_forms
from scorer.report import FORMATTERS
from scorer.report.options import ReportOptions
from scorer.report.stream import Tally, assemble
from scorer.rules.ruleset import RulesetLoader

ROOT = Path(__file__).resolve().parent.parent
BROKEN = ROOT / "tests" / "bad_inputs" / "p-bad-rate.yaml"


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    directory = tmp_path_factory.mktemp("forms")
    generate_forms(40, 21, directory, error_rate=0.5)
    (directory / "zz-broken.yaml").write_bytes(BROKEN.read_bytes())
    (directory / "aa-broken.yaml").write_text("form: [\n", encoding="utf-8")
    return directory


def _cli(args, cwd):
    return subprocess.run([sys.executable, "-m", "scorer.cli", *args], capture_output=True, cwd=cwd, check=False)


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_jobs_give_the_same_bytes(fmt, forms):
    args = ["evaluate", ".", "missing.yaml", "--format", fmt, "--fail-on", "never"]
    one = _cli([*args, "--jobs", "1"], forms)
    two = _cli([*args, "--jobs", "2"], forms)
    assert one.returncode == two.returncode == 2
    assert one.stdout == two.stdout and one.stderr == two.stderr
    lines = one.stderr.decode().splitlines()
    assert len(lines) == 3 and all(line.startswith("错误：") for line in lines)   # 2 broken, 1 missing


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
@pytest.mark.parametrize("options", [ReportOptions(), ReportOptions(explain=True, min_severity="warning", width=60)])
def test_stream_is_the_whole_report(fmt, options, forms):
    paths = [str(p) for p in forms.glob("*.yaml")]
    whole = FORMATTERS[fmt](evaluate_files(paths, RulesetLoader()), options)
    tally = Tally()

    def pieces():
        for outcome in evaluate_stream(paths, RulesetLoader(), fmt, options):
            tally.add(outcome.summary, outcome.worst)
            yield outcome.piece

    assert "".join(assemble(fmt, options, pieces(), tally)) == whole


def test_reports_of_one_and_of_no_file(forms):
    one = [str(sorted(forms.glob("0*.yaml"))[0])]
    for fmt in ("json", "csv", "table"):
        for paths in ([], one):
            results = evaluate_files(paths, RulesetLoader())
            tally = Tally()
            pieces = (tally.add(o.summary, o.worst) or o.piece
                      for o in evaluate_stream(paths, RulesetLoader(), fmt, ReportOptions()))
            assert "".join(assemble(fmt, ReportOptions(), pieces, tally)) == FORMATTERS[fmt](results, ReportOptions())


def test_outcomes_are_small_and_carry_no_ruleset(forms):
    paths = sorted(str(p) for p in forms.glob("0*.yaml"))[:5]
    for outcome in evaluate_stream(paths, RulesetLoader(), "json", ReportOptions()):
        data = pickle.dumps(outcome)
        assert b"Ruleset" not in data and len(data) < len(outcome.piece.encode()) + 1000
