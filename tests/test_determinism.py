"""Same inputs, same ruleset → byte-identical output, whatever the argument order, the number of
worker processes or the hash seed; and --output replaces the report atomically, leaving no debris.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from clirun import run_bytes as run

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "samples").glob("*.yaml"))
BAD = [f"tests/bad_inputs/{name}.yaml" for name in ("p-nan", "p-gbk-valid", "p-billion-laughs")]
FILES = SAMPLES + BAD


def perfscore(*args: str, seed: str = "0") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "scorer.cli", *args], cwd=ROOT, capture_output=True,
                          env=env, timeout=300)




def test_samples_exist():
    assert len(SAMPLES) >= 10


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_argument_order_does_not_matter(fmt, monkeypatch):
    monkeypatch.chdir(ROOT)
    shuffled = FILES[:]
    random.Random(7).shuffle(shuffled)
    orders = (FILES, FILES[::-1], shuffled)
    outputs = {run("evaluate", *order, "--format", fmt, "--explain") for order in orders}
    assert len(outputs) == 1
    code, out, err = outputs.pop()
    assert code == 2 and len(err.splitlines()) == 2          # p-nan and the billion laughs
    assert out


def test_jobs_and_hash_seed_do_not_matter():
    """Real processes: --jobs 1 vs --jobs 2, two argument orders, two hash seeds — identical bytes."""
    reference = perfscore("evaluate", *FILES, "--format", "json", "--jobs", "1", seed="1")
    assert reference.returncode == 2, reference.stderr.decode()
    report = json.loads(reference.stdout)
    assert [item["file"] for item in report] == sorted(FILES)
    assert sum("error" in item for item in report) == 2
    for args, seed in (((*FILES[::-1], "--jobs", "2"), "2"), ((*FILES, "--jobs", "2"), "3"),
                       ((*FILES[::-1], "--jobs", "1"), "4")):
        other = perfscore("evaluate", *args, "--format", "json", seed=seed)
        assert other.returncode == reference.returncode
        assert other.stdout == reference.stdout
        assert other.stderr == reference.stderr


def test_same_input_twice_in_one_run_is_reported_identically(monkeypatch):
    monkeypatch.chdir(ROOT)
    _, out, _ = run("evaluate", SAMPLES[0], SAMPLES[0], "--format", "json")
    first, second = json.loads(out)
    assert first == second


# ------------------------------------------------------------------ atomic --output

def _debris(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(".") or p.suffix == ".tmp")


def test_output_file_matches_stdout_and_replaces_old_content_whole(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    target = tmp_path / "report.json"
    target.write_text("旧的报告" * 100_000, encoding="utf-8")      # much longer than the new one
    code, out, err = run("evaluate", *SAMPLES, "--format", "json", "--output", str(target))
    assert out == b"" and err == ""
    _, expected, _ = run("evaluate", *SAMPLES, "--format", "json")
    assert target.read_bytes() == expected
    assert code in (0, 1)
    assert _debris(tmp_path) == []


def test_output_with_a_broken_input_still_writes_the_whole_report(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    target = tmp_path / "report.json"
    code, out, err = run("evaluate", SAMPLES[0], BAD[0], "--format", "json", "--output", str(target))
    assert code == 2 and out == b"" and len(err.splitlines()) == 1
    assert [set(item) >= {"file"} for item in json.loads(target.read_text(encoding="utf-8"))] == [True, True]


@pytest.mark.parametrize("where", ["missing-dir", "parent-is-file", "target-is-dir", "read-only-dir"])
def test_unwritable_output_is_a_clear_error_and_leaves_nothing(where, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    if where == "missing-dir":
        target = tmp_path / "no" / "such" / "dir" / "report.json"
    elif where == "parent-is-file":
        (tmp_path / "afile").write_text("x")
        target = tmp_path / "afile" / "report.json"
    elif where == "target-is-dir":
        target = tmp_path / "report.json"
        target.mkdir()                                     # temp file is created, the rename fails
    else:
        if os.geteuid() == 0:
            pytest.skip("root ignores directory permissions")
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        target = locked / "report.json"
    try:
        code, out, err = run("evaluate", SAMPLES[0], "--format", "json", "--output", str(target))
    finally:
        if where == "read-only-dir":
            (tmp_path / "locked").chmod(0o700)
    assert code == 2 and out == b""
    lines = err.splitlines()
    assert len(lines) == 1 and "无法写入输出文件" in lines[0] and str(target) in lines[0], err
    assert "Traceback" not in err
    leftovers = [p for p in tmp_path.rglob("*") if p.is_file() and p.name != "afile"]
    assert leftovers == [], leftovers
    if where == "target-is-dir":
        assert target.is_dir() and list(target.iterdir()) == []
