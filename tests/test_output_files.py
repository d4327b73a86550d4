"""Report files are written whole (temporary file renamed over the target) and readable by others:
the permissions of any new file (0666 less the umask), not the temporary file's private 0600."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from clirun import run

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _ordinary_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_an_evaluate_report_is_an_ordinary_file(tmp_path, umask_022, fmt):
    out = tmp_path / f"report.{fmt}"
    code, _, _ = run("evaluate", str(SAMPLES / "002-proj-zuzhi-shiwu.yaml"), "--format", fmt, "-o", str(out))
    assert code == 0
    assert _mode(out) == _ordinary_mode() == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]         # no temporary file left


def test_audit_and_sampling_workbooks_are_ordinary_files(tmp_path, umask_022):
    db = str(tmp_path / "a.sqlite")
    assert run("audit", str(SAMPLES), "--db", db, "--format", "json")[0] == 0
    audit_xlsx = tmp_path / "审核.xlsx"
    assert run("audit", "show", "--db", db, "--format", "xlsx", "-o", str(audit_xlsx))[0] == 0
    sample_xlsx = tmp_path / "样本.xlsx"
    code, _, err = run("sample", "select", "--db", db, "--method", "random", "--size", "3", "--seed", "7",
                       "--format", "xlsx", "-o", str(sample_xlsx))
    assert code == 0, err
    for path in (audit_xlsx, sample_xlsx):
        assert path.read_bytes()[:2] == b"PK" and _mode(path) == 0o644
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
