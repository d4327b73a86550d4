"""`perfscore evaluate` on one form does not import the audit and sampling commands, nor the
multiprocessing machinery (they load on first use), and the lazily added commands still run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "002-proj-zuzhi-shiwu.yaml"

_PROBE = """
import sys
from scorer.cli import main
try:
    main(["evaluate", "--format", "json", sys.argv[1]])
except SystemExit:
    pass
loaded = sorted(m for m in sys.modules
                if m.startswith(("scorer.audit", "scorer.sampling", "multiprocessing")))
print("LOADED:" + ",".join(loaded), file=sys.stderr)
"""


def test_evaluate_one_form_skips_audit_sampling_and_multiprocessing():
    run = subprocess.run([sys.executable, "-c", _PROBE, str(SAMPLE)], capture_output=True, text=True,
                         timeout=60)
    line = [ln for ln in run.stderr.splitlines() if ln.startswith("LOADED:")]
    assert line == ["LOADED:"], run.stderr


def test_lazy_commands_are_listed_and_run():
    from click.testing import CliRunner

    from scorer.cli import main

    listing = CliRunner().invoke(main, ["--help"])
    assert "audit" in listing.output and "sample" in listing.output
    result = CliRunner().invoke(main, ["sample", "--help"])
    assert result.exit_code == 0 and "审计抽样" in result.output
