"""docs/sampling.md stays true: its worked example is re-run and its printed numbers checked."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from clirun import run
from sampling_db import build_register

DOC = (Path(__file__).resolve().parent.parent / "docs" / "sampling.md").read_text(encoding="utf-8")


def _lines_in_doc(out: str, count: int):
    for line in out.splitlines()[:count]:
        assert line in DOC, line


def test_plan_examples_are_printed_as_the_doc_says():
    _, out, _ = run("sample", "plan", "--confidence", "95%", "--tolerable", "5%", "--expected", "1%")
    _lines_in_doc(out, 7)
    _, out, _ = run("sample", "plan", "--confidence", "95%", "--tolerable", "5%", "--expected", "1%",
                    "--likelihood", "poisson")
    assert out.splitlines()[-1] in DOC


def test_worked_example_from_plan_to_conclusion(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = build_register(tmp_path / "audit.db", forms=200)
    code, out, _ = run("sample", "select", "--db", db, "--method", "mus", "--size", "60", "--seed", "20240601")
    assert code == 0
    _lines_in_doc(out, 5)
    code, _, err = run("sample", "select", "--db", db, "--extend", "1", "--to", "60")
    assert code == 2 and "应大于样本现有的 60 项" in err
    _, sheet, _ = run("sample", "select", "--db", db, "--method", "mus", "--size", "60", "--seed", "20240601",
                      "--format", "csv")
    rows = list(csv.reader(io.StringIO(sheet.lstrip("\ufeff"))))
    amount, found = rows[0].index("金额"), rows[0].index("错报")
    for row in rows[1:]:
        row[found] = "0"
        if row[1] in ("form-008.yaml", "form-028.yaml"):
            row[found] = str(round(float(row[amount]) * 0.25, 2))
        if row[1] == "form-013.yaml":
            row[found] = row[amount]
    filled = tmp_path / "复核表.csv"
    with filled.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    code, out, err = run("sample", "record", "1", "--db", db, "--from", str(filled))
    assert code == 0 and out.strip() in DOC, err
    code, out, err = run("sample", "evaluate", "1", "--db", db, "--confidence", "0.95", "--tolerable", "0.05")
    assert code == 0, err
    for line in out.splitlines():
        if not line.startswith(("置信上限", "方法", "置信度")):
            assert line in DOC, line
