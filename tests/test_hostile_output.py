"""`--output` never destroys what is at the path: devices and FIFOs are written to, symlinks followed,
folders, read-only files and the inputs themselves refused, modes kept; long Chinese names work.

Device files are never the machine's own: as root we make private copies with mknod (same major/minor
as /dev/null and /dev/full) in the test folder, so a regression cannot break the system's /dev/null.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from clirun import run

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
FORM = SAMPLES / "002-proj-zuzhi-shiwu.yaml"          # a real form (exit 0 or 1: evaluated)


def _form(tmp_path: Path, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(FORM.read_bytes())
    return path


def _device(tmp_path: Path, name: str, minor: int) -> Path:
    path = tmp_path / name
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
        with open(path, "wb"):
            pass
    except (PermissionError, OSError) as exc:
        pytest.skip(f"无法创建测试用的设备文件（需要 root 且文件系统允许设备）：{exc}")
    return path


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_output_to_a_character_device_writes_through(tmp_path):
    null = _device(tmp_path, "null", 3)
    code, out, err = run("evaluate", str(_form(tmp_path)), "-o", str(null))
    assert code in (0, 1) and (out, err) == ("", "")
    assert stat.S_ISCHR(os.lstat(null).st_mode), "设备文件被换成了普通文件"
    assert _leftovers(tmp_path) == []


def test_output_to_a_full_device_is_a_chinese_error(tmp_path):
    full = _device(tmp_path, "full", 7)
    code, out, err = run("evaluate", str(_form(tmp_path)), "-o", str(full))
    assert code == 2 and out == ""
    assert err.startswith("错误：") and "磁盘空间不足" in err and len(err.splitlines()) == 1, err
    assert "No space" not in err
    assert stat.S_ISCHR(os.lstat(full).st_mode)


def test_output_to_a_fifo_is_read_by_its_reader(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, _, err = run("evaluate", str(_form(tmp_path)), "-o", str(fifo), "--format", "json")
    reader.join(10)
    assert code in (0, 1) and err == ""
    assert received and b'"file"' in received[0]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_output_through_a_symlink_replaces_the_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "target.txt"
    target.write_text("旧内容", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to("target.txt")
    code, _, err = run("evaluate", str(_form(tmp_path)), "-o", str(link))
    assert code in (0, 1) and err == ""
    assert link.is_symlink() and os.readlink(link) == "target.txt"
    assert "组织事务工作专项经费" in target.read_text(encoding="utf-8")


def test_output_keeps_the_mode_of_the_file_it_replaces(tmp_path):
    out = tmp_path / "report.txt"
    out.write_text("旧", encoding="utf-8")
    out.chmod(0o640)
    code, _, _ = run("evaluate", str(_form(tmp_path)), "-o", str(out))
    assert code in (0, 1)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert "组织事务" in out.read_text(encoding="utf-8")


def test_new_output_file_follows_the_umask(tmp_path):
    """A subprocess with umask 027 makes a 0640 report (not 0600 as mkstemp would)."""
    form = _form(tmp_path)
    out = tmp_path / "new.txt"
    code = subprocess.run([sys.executable, "-c", "import os, sys; os.umask(0o027); "
                           "from scorer.cli import main; sys.argv = ['perfscore'] + sys.argv[1:]; main()",
                           "evaluate", str(form), "-o", str(out)], capture_output=True, timeout=60).returncode
    assert code in (0, 1)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_read_only_output_is_refused_even_for_root(tmp_path):
    out = tmp_path / "ro.txt"
    out.write_text("请勿覆盖", encoding="utf-8")
    out.chmod(0o444)
    code, stdout, err = run("evaluate", str(_form(tmp_path)), "-o", str(out))
    assert code == 2 and stdout == ""
    assert "只读" in err and err.startswith("错误：") and len(err.splitlines()) == 1
    assert out.read_text(encoding="utf-8") == "请勿覆盖"
    assert stat.S_IMODE(out.stat().st_mode) == 0o444


@pytest.mark.parametrize("how", ["same-name", "dot-slash", "symlink", "hard-link"])
def test_output_that_is_an_input_is_refused(tmp_path, how, monkeypatch):
    monkeypatch.chdir(tmp_path)
    form = _form(tmp_path)
    before = form.read_bytes()
    target = {"same-name": "s.yaml", "dot-slash": "./s.yaml", "symlink": "alias.yaml", "hard-link": "hard.yaml"}[how]
    if how == "symlink":
        Path("alias.yaml").symlink_to("s.yaml")
    if how == "hard-link":
        os.link("s.yaml", "hard.yaml")
    code, out, err = run("evaluate", "s.yaml", "-o", target)
    assert code == 2 and out == ""
    assert "输入文件" in err and len(err.splitlines()) == 1, err
    assert form.read_bytes() == before


def test_output_that_is_the_ruleset_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _form(tmp_path)
    rules = tmp_path / "rules.yaml"
    rules.write_text("id: mine\nextends: wuhan-2023\n", encoding="utf-8")
    before = rules.read_bytes()
    for args in (["--ruleset", "rules.yaml"], []):
        if not args:        # named by the form itself
            text = Path("s.yaml").read_text(encoding="utf-8").replace("ruleset: wuhan-2023", "ruleset: rules.yaml")
            Path("s.yaml").write_text(text, encoding="utf-8")
        code, _, err = run("evaluate", "s.yaml", *args, "-o", "rules.yaml")
        assert code == 2 and "输入文件" in err, err
        assert rules.read_bytes() == before


def test_output_with_an_80_character_chinese_name(tmp_path):
    name = "绩" * 80 + ".txt"                      # 244 bytes of the 255 a name may have
    out = tmp_path / name
    code, _, err = run("evaluate", str(_form(tmp_path)), "-o", str(out))
    assert code in (0, 1) and err == ""
    assert "组织事务" in out.read_text(encoding="utf-8")
    assert _leftovers(tmp_path) == []


def test_output_into_a_folder_that_does_not_exist(tmp_path):
    code, out, err = run("evaluate", str(_form(tmp_path)), "-o", str(tmp_path / "无" / "r.txt"))
    assert code == 2 and out == ""
    assert "无法写入输出文件" in err and "不存在" in err and "No such" not in err
