"""Audit reports that need more than text: the Excel workbook (read back with openpyxl) and the
self-contained HTML page rendered in Debian's headless Chromium (skipped with a message without one)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from scorer.audit.population import generate_population
from tests.clirun import run

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("reports")
    generate_population(60, seed=11, out_dir=root / "forms", broken_share=0.05, duplicate_share=0.05)
    folder = root / "forms" / "samples"
    shutil.copytree(SAMPLES, folder, ignore=shutil.ignore_patterns("*.md"))
    evil = folder / "002-proj-zuzhi-shiwu.yaml"
    evil.write_text(evil.read_text(encoding="utf-8").replace("department: 区委组织部", 'department: "=1+1"'),
                    encoding="utf-8")
    db = str(root / "a.sqlite")
    code, _, _ = run("audit", str(root / "forms"), "--db", db, "--format", "json")
    assert code == 2
    return root, db


def test_xlsx_has_the_four_sheets_chinese_headers_frozen_filtered_and_errors_highlighted(store):
    root, db = store
    out = root / "r.xlsx"
    assert run("audit", "show", "--db", db, "--format", "xlsx", "-o", str(out))[0] == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "登记表", "发现", "损坏文件"]
    reg = wb["登记表"]
    header = [c.value for c in reg[1]]
    assert header[:4] == ["风险排名", "文件", "项目", "部门"] and header[-1] == "为什么排在前面"
    assert reg.freeze_panes == "A2" and reg.auto_filter.ref.startswith("A1:")
    assert reg.column_dimensions["B"].width >= 30
    rows = list(reg.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    first = reg[2]
    assert first[header.index("错误")].value > 0 and first[header.index("错误")].fill.fgColor.rgb.endswith("F8CBAD")
    assert isinstance(first[header.index("全年预算数A（万元）")].value, (int, float))
    departments = [r[header.index("部门")] for r in rows]
    assert "'=1+1" in departments and "=1+1" not in departments
    found = wb["发现"]
    assert [c.value for c in found[1]][:4] == ["文件", "代码", "名称", "级别"]
    severities = {r[3] for r in found.iter_rows(min_row=2, values_only=True)}
    assert "错误" in severities
    broken = list(wb["损坏文件"].iter_rows(min_row=2, values_only=True))
    assert broken and all(b[1].startswith(b[0]) for b in broken)
    assert any("复核表数" in (r[0] or "") for r in wb["汇总"].iter_rows(values_only=True))


def test_xlsx_gets_a_sampling_sheet_once_a_sample_is_drawn(store, tmp_path):
    # the samples table exists in every store (migration 2); the sheet appears once the run is sampled
    _, db = store
    copy = tmp_path / "s.sqlite"
    shutil.copy(db, copy)
    code, _, err = run("sample", "select", "--db", str(copy), "--method", "mus", "--size", "5", "--seed", "42")
    assert code == 0, err
    first = next(r for r in load_workbook_rows(copy) if r[0] == 1)
    assert run("sample", "record", "1", "--db", str(copy), "--item", str(first[4]), "--misstatement", "3.5",
               "--note", "多计")[0] == 0
    out = tmp_path / "s.xlsx"
    assert run("audit", "show", "--db", str(copy), "--format", "xlsx", "-o", str(out))[0] == 0
    wb = load_workbook(out)
    assert wb.sheetnames[-1] == "抽样"
    rows = list(wb["抽样"].iter_rows(values_only=True))
    assert rows[0][:8] == ("样本", "方法", "种子", "序号", "编号", "文件", "金额", "抽取理由")
    assert all(r[:3] == (1, "mus", 42) for r in rows[1:]) and 1 <= len(rows) - 1 <= 5
    reviewed = [r for r in rows[1:] if r[8] is not None]
    assert len(reviewed) == 1 and reviewed[0][8] == 3.5 and reviewed[0][9] == "多计"


def load_workbook_rows(db):
    """The sampled items as the store holds them: (sample, method, seed, seq, item_id, …)."""
    import sqlite3
    return sqlite3.connect(db).execute(
        "SELECT s.id, s.method, s.seed, i.seq, i.item_id FROM samples s JOIN sample_items i ON i.sample_id = s.id"
        " ORDER BY i.seq").fetchall()


def test_html_is_self_contained(store):
    root, db = store
    out = root / "r.html"
    assert run("audit", "show", "--db", db, "--format", "html", "-o", str(out))[0] == 0
    html = out.read_text(encoding="utf-8")
    assert html.count("<svg") == 5
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html and "@font-face" not in html
    assert "=1+1" in html and "</script>" not in html.split('id="audit-data">', 1)[1].split("</script>", 1)[0]


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


HOOK = ('<script>window.addEventListener("error",function(e){document.documentElement.setAttribute('
        '"data-js-error",String(e.message))});console.error=function(){document.documentElement.setAttribute('
        '"data-console-error",Array.prototype.join.call(arguments," "))};</script>')
CLICK = ('<script>document.querySelector("#reg-body button").click();'
         'var before=document.querySelector("#reg-body td:nth-child(2)").textContent;'
         'document.querySelectorAll("#reg-head th")[0].click();document.querySelectorAll("#reg-head th")[0].click();'
         'document.body.setAttribute("data-last-first",document.querySelector("#reg-body td:nth-child(2)")'
         '.textContent);document.getElementById("sev").value="error";'
         'document.getElementById("sev").dispatchEvent(new Event("change"));</script>')


def _browser(*args, profile: Path, timeout: int = 90):
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}"]
    return subprocess.run([_chromium(), *flags, *args], capture_output=True, text=True, timeout=timeout)


def test_html_renders_in_headless_chromium_without_errors(store, tmp_path):
    if _chromium() is None:
        pytest.skip("没有找到 chromium（Debian：apt-get install chromium）：跳过 HTML 报告的浏览器渲染测试")
    root, db = store
    page = root / "r.html"
    run("audit", "show", "--db", db, "--format", "html", "-o", str(page))
    html = page.read_text(encoding="utf-8")
    probe = tmp_path / "probe.html"
    probe.write_text(html.replace("<style>", HOOK + "<style>", 1).replace("</body></html>", CLICK + "</body></html>"),
                     encoding="utf-8")
    done = _browser("--enable-logging=stderr", "--v=0", "--dump-dom", probe.as_uri(), profile=tmp_path / "p1")
    dom = done.stdout
    assert done.returncode == 0, done.stderr[-2000:]
    assert 'data-ready="yes"' in dom
    html_tag = re.search(r"<html[^>]*>", dom).group(0)
    assert "data-js-error" not in html_tag and "data-console-error" not in html_tag, html_tag
    assert "Uncaught" not in done.stderr and "CONSOLE" not in done.stderr.upper().replace("CONSOLE_", "")
    assert 'id="detail" aria-live="polite" style="display: block;"' in dom and "为什么排在前面" in dom
    with_errors = dom.split('id="reg-body">', 1)[1].split("</tbody>", 1)[0]
    assert with_errors.count("<tr") >= 1 and 'class="warn"' not in with_errors.replace('class="warn sev"', "")
    shot = Path(os.environ.get("PERFSCORE_ARTIFACTS", tmp_path)) / "audit-report.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    done = _browser("--hide-scrollbars", "--window-size=1400,1800", f"--screenshot={shot}", page.as_uri(),
                    profile=tmp_path / "p2")
    assert done.returncode == 0 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20000
