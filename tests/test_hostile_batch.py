"""Batches never die: whatever one file does (an OS error on a path it names, a limit, a name that is
not UTF-8, a worker process killed under --jobs), that file gets one Chinese line and the rest run.
Also: a closed or full stdout is exit 2 with a Chinese error, and --jobs results share one ruleset."""

from __future__ import annotations

import json
import os
import pickle
import resource
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from clirun import run
from scorer.engine import BrokenFile, Evaluation, evaluate_files
from scorer.errors import InputError
from scorer.forms.yamlsafe import load_yaml_file
from scorer.rules.ruleset import RulesetLoader

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FORM = SAMPLES / "002-proj-zuzhi-shiwu.yaml"
GBK_NAME = b"\xcf\xee\xc4\xbf.yaml"            # 项目 in GBK: not UTF-8
ENGLISH = ("Traceback", "Errno", "No such file", "File name too long", "Device or resource busy",
           "Permission denied", "Decimal(", "MemoryError", "OverflowError")


def _cli(*args, cwd=None, stdout=subprocess.PIPE, shell_suffix=None, env=None):
    """The real CLI in a subprocess (stdout handling is the point of some tests)."""
    command = [sys.executable, "-m", "scorer.cli", *args]
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", **(env or {})}
    if shell_suffix:
        line = " ".join(f"'{a}'" for a in command) + " " + shell_suffix
        return subprocess.run(["sh", "-c", line], cwd=cwd, capture_output=True, timeout=120, env=environment)
    return subprocess.run(command, cwd=cwd, stdout=stdout, stderr=subprocess.PIPE, timeout=120, env=environment)


def _clean(err: str, lines: int = 1) -> None:
    assert len(err.splitlines()) == lines, err
    assert all(line.startswith("错误：") for line in err.splitlines()), err
    assert not any(word in err for word in ENGLISH), err


def _gbk_named_copy(folder: Path) -> bytes:
    """The sample under a GBK name, its printed total made wrong so every format has a finding row."""
    path = os.path.join(os.fsencode(folder), GBK_NAME)
    with open(path, "wb") as f:
        f.write(FORM.read_bytes().replace(b"reported_total: 95.5", b"reported_total: 99.5"))
    return path


# ------------------------------------------------------------------ file names that are not UTF-8

def test_gbk_file_name_with_output_and_json(tmp_path):
    _gbk_named_copy(tmp_path)
    proc = _cli("evaluate", os.fsdecode(GBK_NAME), "--format", "json", "-o", "r.json", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr.decode()
    data = (tmp_path / "r.json").read_bytes()
    report = json.loads(data.decode("utf-8"))          # strictly valid UTF-8
    assert report[0]["file"] == "\\xcf\\xee\u013f.yaml"   # the undecodable bytes shown, visibly
    assert report[0]["total"]["score"] is not None


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_gbk_file_name_on_strict_utf8_stdout(tmp_path, fmt):
    _gbk_named_copy(tmp_path)
    proc = _cli("evaluate", os.fsdecode(GBK_NAME), "--format", fmt, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr.decode()
    text = proc.stdout.decode("utf-8")
    shown = json.loads(text)[0]["file"] if fmt == "json" else text
    assert "\\xcf\\xee" in shown


def test_gbk_file_name_that_is_broken_gives_one_valid_line(tmp_path):
    with open(os.path.join(os.fsencode(tmp_path), GBK_NAME), "wb") as f:
        f.write(b"form: [\n")
    proc = _cli("evaluate", os.fsdecode(GBK_NAME), "--format", "json", cwd=tmp_path)
    assert proc.returncode == 2
    err = proc.stderr.decode("utf-8")
    _clean(err)
    assert "\\xcf\\xee" in err
    assert json.loads(proc.stdout.decode("utf-8"))[0]["error"] == err.strip().removeprefix("错误：")


# ------------------------------------------------------------------ stdout closed, full, broken

def _full_device(tmp_path: Path) -> Path:
    full = tmp_path / "full"
    try:
        os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))
        open(full, "wb").close()
    except OSError as exc:
        pytest.skip(f"无法创建测试用的 /dev/full 副本：{exc}")
    return full


def test_stdout_full_is_exit_2_with_a_chinese_error(tmp_path):
    with open(_full_device(tmp_path), "wb") as full:
        proc = _cli("evaluate", str(FORM), stdout=full)
    assert proc.returncode == 2
    err = proc.stderr.decode("utf-8")
    _clean(err)
    assert "标准输出" in err and "磁盘空间不足" in err


def test_stdout_closed_is_exit_2_with_a_chinese_error():
    proc = _cli("evaluate", str(FORM), shell_suffix=">&-")
    assert proc.returncode == 2
    err = proc.stderr.decode("utf-8")
    _clean(err)
    assert "标准输出" in err


def test_stdout_reader_gone_is_exit_2():
    read, write = os.pipe()
    os.close(read)
    with os.fdopen(write, "wb") as broken:
        proc = _cli("evaluate", str(FORM), stdout=broken)
    assert proc.returncode == 2
    err = proc.stderr.decode("utf-8")
    _clean(err)
    assert "管道" in err


# ------------------------------------------------------------------ OS errors and limits per file

def test_ruleset_name_too_long_fails_that_file_only(tmp_path):
    bad = tmp_path / "long.yaml"
    bad.write_text(FORM.read_text(encoding="utf-8").replace("ruleset: wuhan-2023", "ruleset: " + "长" * 120 + ".yaml"),
                   encoding="utf-8")
    code, out, err = run("evaluate", str(bad), str(FORM), "--format", "json")
    assert code == 2
    _clean(err)
    assert str(bad) in err
    report = {item["file"]: item for item in json.loads(out)}
    assert "error" in report[str(bad)] and report[str(FORM)]["total"]["score"] is not None


def test_form_name_too_long_is_chinese(tmp_path):
    code, _, err = run("evaluate", str(tmp_path / ("长" * 100 + ".yaml")), str(FORM))
    assert code == 2
    _clean(err)
    assert "过长" in err


def test_extends_chain_too_deep_fails_that_file_only(tmp_path):
    """1,000 files each extending the next: that form fails with one line, the other form runs."""
    for i in range(1000):
        parent = f"r{i + 1}.yaml" if i < 999 else "wuhan-2023"
        (tmp_path / f"r{i}.yaml").write_text(f"id: r{i}\nextends: {parent}\n", encoding="utf-8")
    bad = tmp_path / "deep.yaml"
    bad.write_text(FORM.read_text(encoding="utf-8").replace("ruleset: wuhan-2023", "ruleset: r0.yaml"),
                   encoding="utf-8")
    code, out, err = run("evaluate", str(bad), str(FORM), "--format", "json")
    assert code == 2
    _clean(err)
    assert len(json.loads(out)) == 2


def test_os_errors_are_chinese_by_errno():
    import errno

    from scorer.errors import os_error_text
    for number, text in ((errno.EBUSY, "正忙"), (errno.ENAMETOOLONG, "过长"), (errno.ENOSPC, "磁盘空间不足"),
                         (errno.EACCES, "权限"), (errno.ENOENT, "不存在")):
        reason = os_error_text(OSError(number, os.strerror(number)))
        assert text in reason and os.strerror(number) not in reason
    assert os_error_text(OSError(errno.EHOSTDOWN, "Host is down")) == "操作系统错误 EHOSTDOWN"


@pytest.mark.parametrize("size", ["100000000000", str(2**63 - 1), "0"])
def test_max_file_size_is_bounded(size):
    code, out, err = run("evaluate", str(FORM), "--max-file-size", size)
    assert code == 2 and out == "" and "Traceback" not in err
    assert "--max-file-size" in err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux")
def test_largest_max_file_size_reads_in_chunks():
    """With the 1 GiB ceiling a small form is read in chunks: 600 MiB of address space is plenty."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (600 << 20, 600 << 20))
    proc = subprocess.run([sys.executable, "-m", "scorer.cli", "evaluate", str(FORM), "--max-file-size",
                           str(1 << 30)], capture_output=True, timeout=60, preexec_fn=limit)
    assert proc.returncode in (0, 1), proc.stderr.decode()
    assert "组织事务".encode() in proc.stdout


def test_file_swapped_for_a_fifo_after_the_check_is_refused(tmp_path, monkeypatch):
    """stat() says regular file, open() meets a FIFO with no writer: refused at once, no hang."""
    fifo = tmp_path / "swapped.yaml"
    os.mkfifo(fifo)
    regular = os.stat(FORM)
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: regular if os.fspath(p) == str(fifo) else real_stat(p, *a, **k))
    outcome = []

    def load():
        try:
            load_yaml_file(str(fifo))
        except InputError as exc:
            outcome.append(str(exc))

    worker = threading.Thread(target=load, daemon=True)
    started = time.monotonic()
    worker.start()
    worker.join(5)
    hung = worker.is_alive()
    if hung:                    # unblock the old behaviour's open() so the thread can end
        with open(fifo, "wb"):
            pass
    assert not hung and time.monotonic() - started < 5, "打开 FIFO 时挂起"
    assert outcome and "不是普通文件" in outcome[0]


# ------------------------------------------------------------------ --jobs

def _copies(tmp_path: Path, n: int) -> list[str]:
    out = []
    for i in range(n):
        path = tmp_path / f"f{i:03d}.yaml"
        shutil.copyfile(FORM, path)
        out.append(str(path))
    return out


def test_killed_worker_loses_only_its_file(tmp_path):
    from hostile_workers import die_on_kill
    paths = _copies(tmp_path, 12)
    victim = str(tmp_path / "f005-kill.yaml")
    shutil.copyfile(FORM, victim)
    results = evaluate_files([*paths, victim], RulesetLoader(), None, jobs=3, evaluate=die_on_kill)
    by_file = {r.file: r for r in results}
    assert len(results) == 13
    broken = by_file[victim]
    assert isinstance(broken, BrokenFile) and "工作进程意外终止" in broken.message
    assert all(isinstance(by_file[p], Evaluation) for p in paths)
    assert all(by_file[p].scored.total is not None for p in paths)


def test_results_travel_without_the_ruleset(tmp_path):
    from scorer.engine import _evaluate_or_break, _pack, _RecordingLoader
    loader = _RecordingLoader(RulesetLoader().max_bytes)
    full = _evaluate_or_break(str(FORM), loader, None)[0]
    light = _pack(full, loader)
    assert len(pickle.dumps(light)) * 3 < len(pickle.dumps(full))
    results = evaluate_files(_copies(tmp_path, 6), RulesetLoader(), None, jobs=2)
    assert len({id(r.ruleset) for r in results}) == 1, "每个结果都带了一份规则集"
    code1, out1, _ = run("evaluate", *sorted(str(p) for p in tmp_path.glob("*.yaml")), "--format", "json")
    code2, out2, _ = run("evaluate", *sorted(str(p) for p in tmp_path.glob("*.yaml")), "--format", "json", "-j", "2")
    assert code1 == code2 and out1 == out2
