"""The bad-input corpus: every broken or hostile file gives exit 2 and ONE clear Chinese line on stderr.

tests/bad_inputs/expected.yaml lists, for every file in tests/bad_inputs/, how it is run (as a project
file, or as the --ruleset of a good project file), the exit code, and the message fragment and line the
user must see.  Besides the message, each case checks what must never happen: a traceback, a second
line, a control character reaching the terminal, a half-written report, foreign code running.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from clirun import run

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "bad_inputs"
GOOD = "_good/project.yaml"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))["files"]
PWNED = Path("/tmp/perfscore-pwned")      # what the hostile files try to create
SECONDS = 10                              # every file, bombs included, is refused well within this

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")




def command(name: str, spec: dict, *extra: str) -> list[str]:
    extra = (*spec.get("args", ()), *extra)
    if spec["kind"] == "ruleset":
        return ["evaluate", GOOD, "--ruleset", name, *extra]
    assert spec["kind"] == "project", spec
    return ["evaluate", name, *extra]


def assert_one_clear_line(err: str, name: str, spec: dict) -> str:
    assert "Traceback" not in err and "Error:" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1 and err.endswith("\n"), f"stderr 应恰好一行：{err!r}"
    line = lines[0]
    assert line.startswith("错误："), line
    assert not _CONTROL.search(line), f"stderr 中有控制字符：{line!r}"
    assert spec["message"] in line, f"缺少 “{spec['message']}”：{line}"
    at = spec.get("at", name)
    if "line" in spec:
        assert f"{at}:{spec['line']}:" in line, f"应指向 {at}:{spec['line']}：{line}"
    else:
        assert f"{at}: " in line, line
    assert "\ufffd" not in line, f"乱码：{line}"
    return line


@pytest.fixture
def in_corpus(monkeypatch):
    monkeypatch.chdir(CORPUS)


def test_corpus_is_complete():
    on_disk = {p.name for p in CORPUS.iterdir() if p.is_file() and p.name != "expected.yaml"}
    assert on_disk == set(EXPECTED), (sorted(on_disk - set(EXPECTED)), sorted(set(EXPECTED) - on_disk))
    assert len(on_disk) >= 60
    broken = [n for n, s in EXPECTED.items() if s["exit"] == 2]
    assert len(broken) >= 60


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(name, in_corpus):
    spec = EXPECTED[name]
    existed = PWNED.exists()
    started = time.monotonic()
    code, out, err = run(*command(name, spec))
    assert time.monotonic() - started < SECONDS
    assert code == spec["exit"], (code, err)
    if not existed:
        assert not PWNED.exists(), "敌意输入执行了代码"
    if "absent" in spec:
        assert spec["absent"] not in out and spec["absent"] not in err, (out, err)
    if spec["exit"] != 2:
        assert err == "", err
        assert spec["stdout"] in out
        assert "\ufffd" not in out
        assert not _CONTROL.search(out), f"报告中有控制字符：{_CONTROL.search(out).group()!r}"
        return
    assert_one_clear_line(err, name, spec)
    assert out == "", f"坏文件不应输出半截报告：{out!r}"


@pytest.mark.parametrize("name", sorted(n for n, s in EXPECTED.items() if s["exit"] == 2))
def test_corpus_file_json_report_holds_only_the_error(name, in_corpus):
    """With --format json a broken file is one {file, error} entry: valid JSON, no partial scores."""
    spec = EXPECTED[name]
    code, out, err = run(*command(name, spec, "--format", "json"))
    assert code == 2
    line = assert_one_clear_line(err, name, spec)
    report = json.loads(out)
    expected_file = GOOD if spec["kind"] == "ruleset" else name
    assert report == [{"file": expected_file, "error": line.removeprefix("错误：")}]


def test_gbk_form_reads_as_its_utf8_twin(tmp_path, in_corpus):
    """A GBK file evaluates exactly like the same text saved as UTF-8, with correct Chinese in the report."""
    text = (CORPUS / "p-gbk-valid.yaml").read_bytes().decode("gbk")
    twin = tmp_path / "utf8.yaml"
    twin.write_text(text, encoding="utf-8")
    code, out, err = run("evaluate", "p-gbk-valid.yaml", "--format", "json")
    code2, out2, _ = run("evaluate", str(twin), "--format", "json")
    assert code == code2 == 0 and err == ""
    assert out.replace("p-gbk-valid.yaml", "X") == out2.replace(str(twin), "X")
    report = json.loads(out)[0]
    assert [i["name"] for i in report["indicators"]] == ["培训场次", "学员满意度"]
    code, out, _ = run("evaluate", "p-gbk-valid.yaml")
    assert "社区培训专项经费" in out and "学员满意度" in out


def test_utf16_form_reads_as_utf8(in_corpus):
    code, out, err = run("evaluate", "p-utf16-bom.yaml", "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)[0]["indicators"][1]["name"] == "学员满意度"


def test_division_by_zero_is_a_finding_not_a_crash(in_corpus):
    for name, path in (("r-divzero-indicator.yaml", "indicators[0].reported_score"),
                       ("r-divzero-budget.yaml", "budget.reported_score")):
        code, out, err = run("evaluate", GOOD, "--ruleset", name, "--format", "json")
        assert (code, err) == (0, "")
        findings = json.loads(out)[0]["findings"]
        r01 = [f for f in findings if f["code"] == "R01"]
        assert len(r01) == 1 and r01[0]["path"] == path and "除数为 0" in r01[0]["message"], findings
        assert r01[0]["severity"] == "warning"


# ------------------------------------------------------------------ generated, too big to commit

def _check_refused(tmp_path, path: Path, fragment: str, *extra: str, line: int | None = None):
    started = time.monotonic()
    code, out, err = run("evaluate", str(path), *extra)
    assert time.monotonic() - started < SECONDS
    assert code == 2 and out == ""
    spec = {"message": fragment, **({"line": line} if line else {})}
    assert_one_clear_line(err, str(path), spec)


def test_oversize_file_is_refused_and_limit_is_configurable(tmp_path):
    big = tmp_path / "big.yaml"
    good = (CORPUS / GOOD).read_text(encoding="utf-8")
    big.write_text(good + "# " + "填充" * (1024 * 1024) + "\n", encoding="utf-8")   # ~ 6 MB
    _check_refused(tmp_path, big, "文件太大")                       # default limit: 2 MB
    _check_refused(tmp_path, big, "请在命令行用 --max-file-size", "--max-file-size", "1000000")
    small = tmp_path / "small.yaml"
    small.write_text(good, encoding="utf-8")
    _check_refused(tmp_path, small, "文件太大", "--max-file-size", "100")
    code, _, err = run("evaluate", str(big), "--max-file-size", str(16 * 1024 * 1024))
    assert (code, err) == (0, "")


def test_oversize_ruleset_is_refused(tmp_path, in_corpus):
    rs = tmp_path / "big-rules.yaml"
    rs.write_text("id: big\nextends: wuhan-2023\n# " + "x" * 5000 + "\n", encoding="utf-8")
    code, out, err = run("evaluate", GOOD, "--ruleset", str(rs), "--max-file-size", "4000")
    assert code == 2 and out == ""
    assert_one_clear_line(err, str(rs), {"message": "文件太大"})


def test_200k_deep_brackets_refused_quickly(tmp_path):
    """libyaml's own composer would crash the process here; we stop at the depth limit."""
    path = tmp_path / "deep.yaml"
    path.write_text("budget: " + "[" * 200_000 + "]" * 200_000 + "\n", encoding="utf-8")
    _check_refused(tmp_path, path, "嵌套层数过深", line=1)


def test_too_many_nodes_without_aliases(tmp_path):
    path = tmp_path / "wide.yaml"
    path.write_text("goals: [" + "0, " * 250_000 + "0]\n", encoding="utf-8")
    _check_refused(tmp_path, path, "内容过于庞大", line=1)


def test_directory_and_missing_file(tmp_path):
    _check_refused(tmp_path, tmp_path, "文件夹")
    _check_refused(tmp_path, tmp_path / "nope.yaml", "文件不存在")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux")
def test_bombs_in_bounded_memory():
    """Billion laughs and deep nesting stay far below 1 GiB of address space (subprocess, real CLI)."""
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    names = ["p-billion-laughs.yaml", "p-billion-laughs-in-note.yaml", "p-deep-nesting-flow.yaml",
             "p-deep-alias-nesting.yaml"]
    proc = subprocess.run([sys.executable, "-m", "scorer.cli", "evaluate", *names], cwd=CORPUS,
                          capture_output=True, text=True, timeout=60, preexec_fn=limit,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == len(names), proc.stderr
    assert all(any(n in ln for ln in lines) for n in names)


# ------------------------------------------------------------------ batches

def test_one_broken_file_in_a_batch(in_corpus):
    """Exit 2, one stderr line for the broken file, and both good forms still fully in the report."""
    samples = HERE.parent / "samples"
    good1, good2 = str(samples / "002-proj-zuzhi-shiwu.yaml"), str(samples / "002-proj-weiwen-tijian.yaml")
    code, out, err = run("evaluate", good1, "p-nan.yaml", good2, "--format", "json")
    assert code == 2
    assert_one_clear_line(err, "p-nan.yaml", EXPECTED["p-nan.yaml"])
    report = {item["file"]: item for item in json.loads(out)}
    assert set(report) == {good1, good2, "p-nan.yaml"}
    assert set(report["p-nan.yaml"]) == {"file", "error"}
    for good in (good1, good2):
        assert "error" not in report[good] and report[good]["total"]["score"] is not None
    code, out, err = run("evaluate", good1, "p-nan.yaml", good2)
    assert code == 2 and len(err.splitlines()) == 1
    assert out.count("== ") == 2 and "组织事务工作专项经费" in out


def test_every_broken_file_in_one_batch(in_corpus):
    """All broken project files at once: one line each, in file order, nothing else on stderr."""
    names = sorted(n for n, s in EXPECTED.items() if s["kind"] == "project" and s["exit"] == 2)
    code, out, err = run("evaluate", *names, "--format", "json")
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == len(names)
    for name, line in zip(names, lines, strict=True):
        assert_one_clear_line(line + "\n", name, EXPECTED[name])
    assert [item["file"] for item in json.loads(out)] == names


def test_input_errors_about_an_indicator_name_it_in_words(tmp_path):
    # stderr keeps the machine path and adds the indicator as the table counts it (issue 9)
    form = tmp_path / "form.yaml"
    form.write_text(
        "ruleset: wuhan-2023\nform: project\nproject: {name: 测试, department: 部, year: 2023}\n"
        "budget: {planned: 10, executed: 5}\nindicators:\n"
        "  - {level1: 产出指标, name: 甲, target: '≥3', actual: '3'}\n"
        "  - {level1: 产出指标, name: 党员发展完成率, target: '≥3', actual: '3', weight: abc}\n", encoding="utf-8")
    code, out, err = run("evaluate", str(form))
    assert (code, out) == (2, "")
    assert err.startswith(f"错误：{form}:7:")
    assert ": indicators[1].weight（第 2 项指标“党员发展完成率”）: 类型错误：" in err
    # an unnamed indicator (a blank cell) is still numbered; errors elsewhere say only their path
    form.write_text(form.read_text(encoding="utf-8").replace("name: 党员发展完成率, ", ""), encoding="utf-8")
    _, _, err = run("evaluate", str(form))
    assert ": indicators[1].weight（第 2 项指标）: " in err
    form.write_text(form.read_text(encoding="utf-8").replace("weight: abc", "weight: 5")
                    .replace("planned: 10", "planned: [10]"), encoding="utf-8")
    _, _, err = run("evaluate", str(form))
    assert ": budget.planned: " in err and "项指标" not in err
