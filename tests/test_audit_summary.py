"""绩效自评情况汇总表 (summary.yaml) checks on the Wuchang transcription and on altered copies of it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.clirun import run

ROOT = Path(__file__).resolve().parent.parent
SUMMARY = ROOT / "samples" / "summaries" / "000-wuchang-summary.yaml"


def _folder(tmp_path, edit=None):
    folder = tmp_path / "wuchang"
    folder.mkdir()
    for path in (ROOT / "samples").glob("000-*.yaml"):
        shutil.copy(path, folder / path.name)
    text = SUMMARY.read_text(encoding="utf-8")
    (folder / "summary.yaml").write_text(edit(text) if edit else text, encoding="utf-8")
    return folder


def _audit(tmp_path, folder):
    code, out, err = run("audit", str(folder), "--db", str(tmp_path / "a.sqlite"), "--format", "json")
    data = json.loads(out)
    per_form = {Path(f["file"]).name: [x for x in f["findings"] if x["code"].startswith("S")] for f in data["forms"]}
    return code, data, per_form, err


def test_the_printed_wuchang_summary_agrees_with_its_three_forms(tmp_path):
    code, data, per_form, _ = _audit(tmp_path, _folder(tmp_path))
    assert data["summary_findings"] == [] and all(v == [] for v in per_form.values())
    assert data["broken"] == [] and code == 0       # the forms' own warnings (B05 …) stay below --fail-on


def test_altered_summary_is_checked_item_by_item(tmp_path):
    def edit(text):
        return (text.replace("amount: 67.26}", "amount: 67.62}")
                .replace("  - {no: 3, name: 招才引智工作经费", "  - {no: 4, name: 宣传经费, amount: 10}\n"
                         "  - {no: 3, name: 招才引智工作经费"))
    _, data, per_form, _ = _audit(tmp_path, _folder(tmp_path, edit))
    summary = {f["code"]: f for f in data["summary_findings"]}
    assert set(summary) == {"S01", "S04", "S05"}
    assert summary["S01"]["reported"] == "宣传经费" and summary["S01"]["line"] == 14
    assert summary["S04"]["expected"] == 75 and summary["S04"]["reported"] == 100
    assert summary["S05"]["expected"] == 2793.72 and summary["S05"]["reported"] == 2783.36
    s03 = per_form["000-proj-ganbu-jiaoyu.yaml"]
    assert [x["code"] for x in s03] == ["S03"] and s03[0]["expected"] == 67.26 and s03[0]["reported"] == 67.62
    assert "全年执行数 B" in s03[0]["message"]


def test_a_form_missing_from_the_summary_is_named(tmp_path):
    def edit(text):
        return "\n".join(line for line in text.splitlines() if "招才引智" not in line) \
            .replace("total: 2783.36", "total: 2060.46") + "\n"
    _, data, per_form, _ = _audit(tmp_path, _folder(tmp_path, edit))
    assert [x["code"] for x in per_form["000-proj-zhaocai-yinzhi.yaml"]] == ["S02"]
    assert per_form["000-dept-wuchang.yaml"] == []          # a department form is not a listed project
    assert data["summary_findings"] == []


def test_planned_column_compares_with_a(tmp_path):
    _, _, per_form, _ = _audit(tmp_path, _folder(tmp_path, lambda t: t.replace("amount: executed", "amount: planned")))
    assert sorted(per_form) and all([x["code"] for x in per_form[name]] == ["S03"] for name in
                                    ("000-proj-ganbu-jiaoyu.yaml", "000-proj-jiceng-dangjian.yaml",
                                     "000-proj-zhaocai-yinzhi.yaml"))


def test_a_broken_summary_is_a_broken_input_with_its_line(tmp_path):
    code, data, _, err = _audit(tmp_path, _folder(tmp_path, lambda t: t.replace("amount: executed", "amount: 执行数")))
    assert code == 2 and len(data["broken"]) == 1
    assert data["broken"][0]["file"].endswith("summary.yaml") and ":9:" in data["broken"][0]["error"]
    assert "amount" in err
