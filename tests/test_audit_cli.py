"""`perfscore audit` commands on real samples and small constructed populations: exit codes, reports,
show / runs / diff / export, formula-injection-safe CSV."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.clirun import run, run_bytes

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _copy_samples(tmp_path, names):
    folder = tmp_path / "forms"
    folder.mkdir()
    for name in names:
        shutil.copy(SAMPLES / name, folder / name)
    return folder


def test_samples_audit_register_and_exit_codes(tmp_path):
    db = str(tmp_path / "a.sqlite")
    code, out, err = run("audit", str(SAMPLES), "--db", db, "--format", "json")
    assert code == 0 and err == ""                      # the samples hold warnings, no errors
    assert run("audit", "show", "--db", db)[0] == 0
    assert run("audit", str(SAMPLES), "--db", db, "--fail-on", "warning")[0] == 1
    data = json.loads(out)
    assert set(data) == {"run", "forms", "summary_findings", "broken"} and data["broken"] == []
    assert [f["rank"] for f in data["forms"]] == list(range(1, len(data["forms"]) + 1))
    zhaocai = next(f for f in data["forms"] if f["file"].endswith("000-proj-zhaocai-yinzhi.yaml"))
    b05 = next(x for x in zhaocai["findings"] if x["code"] == "B05")
    assert b05["path"] == "budget.executed" and b05["line"] == 15 and b05["reported"] == 722.9
    assert zhaocai["planned"] == 300 and zhaocai["rate"] == 240.9667 and zhaocai["duplicate_of"] is None
    assert "其他警告 1 条（+2.00）" in zhaocai["why"] and zhaocai["risk"] == 2.50     # 2 × 1.248
    zuzhi = next(f for f in data["forms"] if f["file"].endswith("002-proj-zuzhi-shiwu.yaml"))
    assert zuzhi["findings"] == [] and zuzhi["computed_total"] == 95.49 and zuzhi["rank"] <= 2
    # indicator points 80/80 against 77.45% executed: the provincial red flag, plus every indicator full
    assert zuzhi["why"].startswith("得分率高于执行率 5% 以上（+10.00）；全部指标满分（+5.00）")
    assert len(data["forms"]) == len(list(SAMPLES.glob("*.yaml")))
    assert data["summary_findings"] == []      # the Wuchang summary table agrees with its three forms


def test_clean_form_exits_0_and_table_report_has_a_summary(tmp_path):
    folder = _copy_samples(tmp_path, ["002-proj-ganbu-guanli.yaml"])
    code, out, _ = run("audit", str(folder), "--db", str(tmp_path / "a.sqlite"))
    assert code == 0, out
    assert "复核表数 1" in out and "损坏文件 0" in out


def test_broken_file_is_a_row_and_exit_2_the_rest_still_runs(tmp_path):
    folder = _copy_samples(tmp_path, ["002-proj-zuzhi-shiwu.yaml"])
    (folder / "bad.yaml").write_text("project: [未闭合\n", encoding="utf-8")
    db = str(tmp_path / "a.sqlite")
    code, out, err = run("audit", str(folder), str(tmp_path / "missing.yaml"), "--db", db, "--format", "json")
    assert code == 2
    data = json.loads(out)
    assert [b["file"] for b in data["broken"]] == [str(folder / "bad.yaml"), str(tmp_path / "missing.yaml")]
    assert "不存在" in data["broken"][1]["error"] and len(data["forms"]) == 1
    assert len(err.splitlines()) == 2 and all(x.startswith("错误：") for x in err.splitlines())


def test_duplicate_with_other_bytes_and_name_is_named_on_the_later_copy(tmp_path):
    folder = _copy_samples(tmp_path, ["002-proj-hongse-yinqing.yaml"])
    text = (folder / "002-proj-hongse-yinqing.yaml").read_text(encoding="utf-8")
    (folder / "zz-copy.yaml").write_text("# 另一份\n" + text.replace("planned: 418 ", "planned: 418.00 "),
                                         encoding="utf-8")
    _, out, _ = run("audit", str(folder), "--db", str(tmp_path / "a.sqlite"), "--format", "json")
    forms = {Path(f["file"]).name: f for f in json.loads(out)["forms"]}
    assert forms["zz-copy.yaml"]["duplicate_of"].endswith("002-proj-hongse-yinqing.yaml")
    assert "D01" in [x["code"] for x in forms["zz-copy.yaml"]["findings"]]
    assert forms["002-proj-hongse-yinqing.yaml"]["duplicate_of"] is None
    assert "重复提交" in forms["zz-copy.yaml"]["why"]


def test_csv_is_excel_ready_and_formula_safe(tmp_path):
    folder = _copy_samples(tmp_path, ["002-proj-zuzhi-shiwu.yaml"])
    path = folder / "002-proj-zuzhi-shiwu.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: 组织事务工作专项经费",
                                                             'name: "=HYPERLINK(\\"http://x\\")"')
                    .replace("reported_rate: 77.5%", "reported_rate: 75.5%"), encoding="utf-8")
    db = str(tmp_path / "a.sqlite")
    _, out, _ = run_bytes("audit", str(folder), "--db", db, "--format", "csv")
    assert out.startswith("\ufeff".encode()) and b"\r\n" in out
    assert b"'=HYPERLINK" in out
    _, findings, _ = run_bytes("audit", "show", "--db", db, "--format", "csv", "--part", "findings")
    assert b"B02" in findings and "执行率与 B/A 不符".encode() in findings


def test_show_runs_diff_and_export(tmp_path):
    folder = _copy_samples(tmp_path, ["002-proj-zuzhi-shiwu.yaml", "002-proj-ganbu-guanli.yaml"])
    db = str(tmp_path / "a.sqlite")
    form = folder / "002-proj-zuzhi-shiwu.yaml"
    printed = form.read_text(encoding="utf-8")
    form.write_text(printed.replace("reported_rate: 77.5%", "reported_rate: 75.5%"), encoding="utf-8")
    assert run("audit", str(folder), "--db", db)[0] == 1
    form.write_text(printed, encoding="utf-8")
    assert run("audit", str(folder), "--db", db)[0] == 0
    code, out, _ = run("audit", "runs", "--db", db)
    assert code == 0 and out.count("\n") == 4
    code, out, _ = run("audit", "diff", "1", "2", "--db", db)
    assert code == 0 and "已消除 1" in out and "B02" in out
    code, shown, _ = run("audit", "show", "--db", db, "--run", "1", "--format", "json")
    assert code == 0 and json.loads(shown)["run"]["id"] == 1
    code, _, err = run("audit", "show", "--db", db, "--run", "9")
    assert code == 2 and "没有编号为 9 的运行" in err
    code, out, _ = run("audit", "export", "--db", db, "--to", str(tmp_path / "exp"), "--format", "jsonl")
    assert code == 0 and "forms: 4 行" in out
    lines = (tmp_path / "exp" / "forms.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4 and isinstance(json.loads(lines[0])["planned"], str)
    code, out, _ = run("audit", "export", "--db", db, "--to", str(tmp_path / "csv"))
    assert (tmp_path / "csv" / "findings.csv").read_text(encoding="utf-8").startswith("id,run_id,form_id,file,code")


def test_usage_errors_exit_2(tmp_path):
    assert run("audit", "--db", str(tmp_path / "a.sqlite"))[0] == 2
    code, _, err = run("audit", str(SAMPLES), "--ruleset", "central-2020", "--jurisdiction", "湖北省武汉市")
    assert code == 2 and "只能用其一" in err
    code, _, err = run("audit", "show", "--db", str(tmp_path / "none.sqlite"))
    assert code == 2 and "结果库不存在" in err
    code, _, err = run("audit", str(SAMPLES), "--format", "xlsx", "--db", str(tmp_path / "a.sqlite"))
    assert code == 2 and "--output" in err


def test_from_list_and_patterns(tmp_path):
    listing = tmp_path / "list.txt"
    listing.write_text(f"# 两张表\n{SAMPLES / '002-proj-zuzhi-shiwu.yaml'}\n\n", encoding="utf-8")
    _, out, _ = run("audit", str(SAMPLES / "003-*.yaml"), "--from-list", str(listing),
                       "--db", str(tmp_path / "a.sqlite"), "--format", "json")
    files = sorted(Path(f["file"]).name for f in json.loads(out)["forms"])
    assert files == ["002-proj-zuzhi-shiwu.yaml", "003-proj-gongzuo-yunxing.yaml", "003-proj-richang-yunzhuan.yaml"]


def test_progress_and_summary_on_a_terminal_nothing_extra_otherwise(tmp_path):
    import os
    import pty
    import subprocess
    import sys
    master, slave = pty.openpty()
    out = tmp_path / "r.json"
    cmd = [sys.executable, "-m", "scorer.cli", "audit", str(SAMPLES), "--db", str(tmp_path / "a.sqlite"),
           "--format", "json", "-o", str(out)]
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=slave, timeout=120)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    text = seen.decode("utf-8", "replace")
    assert done.returncode == 0 and done.stdout == b""
    assert f"已复核 {len(list(SAMPLES.glob('*.yaml')))}/" in text and "张/秒" in text
    assert "复核表数" in text and "风险最高的" in text
    quiet = subprocess.run(cmd, capture_output=True, timeout=120)
    assert quiet.returncode == 0 and quiet.stderr == b""
