"""Evaluation: published upper limits, Stringer, projection, record → evaluate on a stored sample."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest

from clirun import run
from sampling_db import build_register
from scorer.sampling.evaluation import evaluate_counts, evaluate_taints

# Poisson confidence factors at 95% (AICPA Audit Sampling Guide, Table C-3; Arens, Elder & Beasley):
# 3.00, 4.75, 6.30 for 0, 1, 2 errors.  Stringer with Poisson factors, n = 100, taints 1 and 0.5:
# 3.00 + (4.75 − 3.00)·1 + (6.30 − 4.75)·0.5 = 5.525 per 100 units, up to the factors' rounding.
def test_stringer_with_poisson_factors_matches_the_textbook_arithmetic():
    ev = evaluate_taints(100, [0.5, 1.0], D("0.95"), "stringer", "poisson")
    assert ev.upper_bound == pytest.approx(0.05525, abs=0.0001)
    assert ev.taints == [1.0, 0.5] and ev.most_likely == pytest.approx(0.015)


def test_stringer_caps_taints_at_one_and_ignores_understatements():
    capped = evaluate_taints(50, [1.7, -0.4, 0.2], D("0.9"), "stringer")
    plain = evaluate_taints(50, [1.0, 0.2], D("0.9"), "stringer")
    assert capped.upper_bound == pytest.approx(plain.upper_bound, abs=1e-12)
    assert capped.understatements == [-0.4]


def test_stringer_matches_the_clopper_pearson_definition():
    stats = pytest.importorskip("scipy.stats")
    n, c, taints = 60, 0.95, [0.2, 1.3, 0.4]
    p = [stats.beta.ppf(c, 1 + i, n - i) for i in range(4)]
    expected = p[0] + (p[1] - p[0]) * 1 + (p[2] - p[1]) * 0.4 + (p[3] - p[2]) * 0.2
    assert evaluate_taints(n, taints, D(c), "stringer").upper_bound == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("n, x, published", [(20, 0, 14.0), (50, 1, 9.2), (100, 3, 7.6), (200, 5, 5.2),
                                             (500, 10, 3.4)])
def test_counts_against_aicpa_table_a3(n, x, published):
    """AICPA Audit Sampling Guide Table A-3 (5% risk), upper deviation limit rounded up to 0.1%."""
    ev = evaluate_counts(n, x, D("0.95"))
    assert int(-(-round(ev.upper_bound * 1000, 6) // 1)) / 10 == published
    assert ev.most_likely == x / n


def test_conclusion_against_tolerable():
    assert evaluate_counts(59, 0, D("0.95"), tolerable=D("0.05")).conclusion == "accept"
    assert evaluate_counts(58, 0, D("0.95"), tolerable=D("0.05")).conclusion == "reject"
    assert evaluate_counts(93, 1, D("0.95"), tolerable=D("0.05")).conclusion == "accept"
    assert evaluate_counts(93, 2, D("0.95"), tolerable=D("0.05")).conclusion == "reject"


def test_hypergeometric_evaluation_uses_the_population():
    ev = evaluate_counts(140, 2, D("0.95"), "hypergeometric", 500, D("0.04"))
    assert ev.upper_bound == pytest.approx(19 / 500) and ev.conclusion == "accept"


def test_evaluate_cli_json_shape():
    code, out, err = run("sample", "evaluate", "--size", "100", "--taints", "1,0.5", "--method", "stringer",
                         "--likelihood", "poisson", "--confidence", "0.95", "--tolerable", "0.05",
                         "--book-value", "2000000", "--format", "json")
    data = json.loads(out)
    assert code == 0, err
    assert data["conclusion"] == "reject" and data["most_likely"] == 0.015
    assert data["projected_misstatement"] == "30000.00"
    assert D(data["upper_misstatement"]) == (D(repr(data["upper_bound"] * 2000000))).quantize(D("0.01"))


@pytest.mark.parametrize("args, words", [
    (["--size", "10", "--errors", "1", "--confidence", "1.5"], "--confidence 应在 0 与 1 之间"),
    (["--size", "10", "--errors", "11", "--confidence", "0.95"], "应在 0 与样本量 10 之间"),
    (["--size", "10", "--errors", "1", "--confidence", "0.95", "--tolerable", "0"], "--tolerable 应在 0 与 1 之间"),
    (["--size", "600", "--errors", "1", "--confidence", "0.95", "--likelihood", "hypergeometric",
      "--population", "500"], "样本量 600 大于总体数量 500"),
    (["--size", "10", "--confidence", "0.95"], "--errors x 或 --taints"),
    (["--confidence", "0.95"], "请给出 SAMPLE"),
    (["--size", "10", "--errors", "1", "--method", "stringer", "--confidence", "0.95"], "需要 --taints"),
])
def test_evaluate_bad_parameters(args, words):
    code, out, err = run("sample", "evaluate", *args)
    assert code == 2 and out == "" and err.count("\n") == 1 and words in err, err


def test_record_then_evaluate_a_stored_attribute_sample(tmp_path, monkeypatch):
    monkeypatch.setenv("PERFSCORE_USER", "审计员甲")
    db = build_register(tmp_path / "audit.db")
    code, out, _ = run("sample", "select", "--db", db, "--method", "random", "--size", "10", "--seed", "3",
                       "--format", "json")
    ids = [i["id"] for i in json.loads(out)["items"]]
    code, _, err = run("sample", "evaluate", "1", "--db", db, "--confidence", "0.9")
    assert code == 2 and "有 10 项尚未登记复核结果" in err
    for k, item in enumerate(ids):
        code, out, err = run("sample", "record", "1", "--db", db, "--item", item,
                             "--misstatement", "12.5" if k < 2 else "0", "--note", "复核")
        assert code == 0, err
    code, out, err = run("sample", "evaluate", "1", "--db", db, "--confidence", "0.9", "--tolerable", "0.5",
                         "--format", "json")
    data = json.loads(out)
    assert code == 0, err
    assert (data["errors"], data["size"], data["most_likely"]) == (2, 10, 0.2)
    assert data["conclusion"] == "accept"
    import sqlite3
    row = sqlite3.connect(db).execute("SELECT reviewer, recorded_at, note FROM reviews LIMIT 1").fetchone()
    assert row[0] == "审计员甲" and row[1].startswith("20") and row[2] == "复核"


def test_record_from_sheet_and_evaluate_mus_with_key_items(tmp_path):
    pop = tmp_path / "ledger.csv"
    values = [5, 120, 3, 8, 250, 4, 6, -7, 9, 2, 0, 11] * 3
    pop.write_text("编号,金额\n" + "".join(f"L{k},{v}\n" for k, v in enumerate(values)), encoding="utf-8")
    db = str(tmp_path / "s.db")
    code, out, err = run("sample", "select", "--population", str(pop), "--id-column", "编号", "--value-column", "金额",
                         "--method", "mus", "--size", "12", "--seed", "8", "--save", db, "--format", "csv")
    assert code == 0, err
    lines = out.lstrip("\ufeff").splitlines()
    sheet, nines = [lines[0]], sum(line.split(",")[2] == "9" for line in lines[1:])
    for line in lines[1:]:
        cells = line.split(",")
        value = D(cells[2])
        cells[4] = str(value / 2) if value in (D(120), D(9)) else "0"     # half of two items misstated
        sheet.append(",".join(cells))
    filled = tmp_path / "filled.csv"
    filled.write_text("\n".join(sheet) + "\n", encoding="utf-8")
    code, out, err = run("sample", "record", "1", "--db", db, "--from", str(filled))
    assert code == 0, err
    code, out, err = run("sample", "evaluate", "1", "--db", db, "--confidence", "0.95", "--tolerable", "0.3",
                         "--format", "json")
    data = json.loads(out)
    assert code == 0, err
    key = sum(D(v) for v in values if v >= 1254 / 12)               # 120 and 250 are key items (I = 104.5)
    assert D(data["key_item_misstatement"]) == 3 * D(60)
    assert D(data["book_value"]) == sum(D(v) for v in values if v > 0)
    assert data["method"] == "stringer" and data["taints"] == [0.5] * nines
    assert key == 3 * (120 + 250)


def test_record_errors(tmp_path):
    db = build_register(tmp_path / "audit.db")
    run("sample", "select", "--db", db, "--method", "random", "--size", "3", "--seed", "3")
    code, _, err = run("sample", "record", "1", "--db", db, "--item", "nope", "--misstatement", "1")
    assert code == 2 and "不在样本 1 中" in err
    code, _, err = run("sample", "record", "9", "--db", db, "--item", "1", "--misstatement", "1")
    assert code == 2 and "没有样本 9" in err
    sheet = tmp_path / "r.csv"
    sheet.write_text("编号,错报\nzz,1\n", encoding="utf-8")
    code, _, err = run("sample", "record", "1", "--db", db, "--from", str(sheet))
    assert code == 2 and f"{sheet}:2" in err


def test_xlsx_sample_sheet_round_trip(tmp_path):
    from openpyxl import load_workbook
    db = build_register(tmp_path / "audit.db")
    book = tmp_path / "样本.xlsx"
    code, out, err = run("sample", "select", "--db", db, "--method", "random", "--size", "6", "--seed", "9",
                         "--format", "xlsx", "--output", str(book))
    assert code == 0 and out == "", err
    wb = load_workbook(book)
    assert wb.sheetnames == ["抽样", "说明"]
    sheet = wb["抽样"]
    assert [c.value for c in sheet[1]] == ["序号", "编号", "文件", "金额", "抽取理由", "错报", "备注"]
    assert sheet.cell(row=2, column=3).value.startswith("form-")
    ids = [sheet.cell(row=r, column=2).value for r in range(2, 8)]
    for r in range(2, 8):
        sheet.cell(row=r, column=6).value = 0
    sheet.cell(row=3, column=6).value = 12.5
    sheet.cell(row=3, column=7).value = "多计"
    wb.save(book)
    code, out, err = run("sample", "record", "1", "--db", db, "--from", str(book))
    assert code == 0 and "已登记 6 项" in out, err
    code, out, _ = run("sample", "evaluate", "1", "--db", db, "--confidence", "0.95", "--format", "json")
    assert json.loads(out)["errors"] == 1
    sheet.cell(row=4, column=6).value = "十元"
    wb.save(book)
    code, out, err = run("sample", "record", "1", "--db", db, "--from", str(book))
    assert code == 2 and "抽样!4" in err and "十元" in err
    assert len(ids) == 6


def test_xlsx_needs_an_output_file(tmp_path):
    db = build_register(tmp_path / "audit.db")
    code, out, err = run("sample", "select", "--db", db, "--method", "random", "--size", "2", "--format", "xlsx")
    assert code == 2 and out == "" and "--output" in err


def test_risk_sample_infers_from_the_random_remainder_only(tmp_path):
    db = build_register(tmp_path / "audit.db")
    code, out, _ = run("sample", "select", "--db", db, "--method", "risk", "--size", "10", "--top", "4", "--seed", "2",
                       "--format", "json")
    items = json.loads(out)["items"]
    for item in items:
        chosen = item["reason"].startswith("风险排名")
        run("sample", "record", "1", "--db", db, "--item", item["id"], "--misstatement", "5" if chosen else "0")
    code, out, err = run("sample", "evaluate", "1", "--db", db, "--confidence", "0.9", "--format", "json")
    data = json.loads(out)
    assert code == 0, err
    assert (data["size"], data["errors"]) == (6, 0)
    assert len(data["risk_chosen"]) == 4 and all(r["misstatement"] == "5" for r in data["risk_chosen"])
    _, table, _ = run("sample", "evaluate", "1", "--db", db, "--confidence", "0.9")
    assert "按风险选取（不参与推断）" in table and "4 项，其中有错报 4 项" in table


def test_audit_html_report_lists_the_samples_of_the_run(tmp_path):
    from pathlib import Path
    samples = Path(__file__).resolve().parent.parent / "samples"
    db = str(tmp_path / "audit.sqlite")
    run("audit", str(samples), "--db", db, "--format", "json")
    page = tmp_path / "r.html"
    assert run("audit", "show", "--db", db, "--format", "html", "-o", str(page))[0] == 0
    assert "<h2>抽样" not in page.read_text(encoding="utf-8")
    code, out, err = run("sample", "select", "--db", db, "--method", "random", "--size", "3", "--seed", "5",
                         "--format", "json")
    assert code == 0, err
    first = json.loads(out)["items"][0]
    run("sample", "record", "1", "--db", db, "--item", first["id"], "--misstatement", "0", "--note", "<无误>")
    assert run("audit", "show", "--db", db, "--format", "html", "-o", str(page))[0] == 0
    html = page.read_text(encoding="utf-8")
    assert "<h2>抽样（1 个样本，3 项）</h2>" in html
    assert f"<td>{first['file']}</td>" in html and "&lt;无误&gt;" in html


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_looking_ids_stay_text_and_read_back(tmp_path, fmt):
    pop = tmp_path / "p.csv"
    pop.write_text("id,amount\n=1+1,10\n@SUM(A1),20\n-x,30\n", encoding="utf-8")
    db, sheet = str(tmp_path / "s.sqlite"), tmp_path / f"sheet.{fmt}"
    code, _, err = run("sample", "select", "--population", str(pop), "--id-column", "id", "--value-column", "amount",
                       "--method", "random", "--size", "3", "--seed", "1", "--save", db, "--format", fmt,
                       "--output", str(sheet))
    assert code == 0, err
    if fmt == "csv":
        text = sheet.read_text(encoding="utf-8-sig")
        assert ",'=1+1," in text and ",'@SUM(A1)," in text and ",'-x," in text
        sheet.write_text(text.replace(",,\n", ",0,\n"), encoding="utf-8")    # every item reviewed: no error
    else:
        from openpyxl import load_workbook
        wb = load_workbook(sheet)
        ws = wb["抽样"]
        assert {ws.cell(row=r, column=2).value for r in range(2, 5)} == {"'=1+1", "'@SUM(A1)", "'-x"}
        assert all(ws.cell(row=r, column=2).data_type == "s" for r in range(2, 5))
        for r in range(2, 5):
            ws.cell(row=r, column=5).value = 0
        wb.save(sheet)
    code, out, err = run("sample", "record", "1", "--db", db, "--from", str(sheet))
    assert code == 0 and "已登记 3 项" in out, err


def test_review_sheet_saved_by_excel_in_gb18030_is_read(tmp_path):
    """Excel on a Chinese Windows saves CSV in GB18030: a reviewer's sheet must read like a UTF-8 one."""
    pop = tmp_path / "ledger.csv"
    pop.write_text("编号,金额\n" + "".join(f"L{k},{v}\n" for k, v in enumerate([5, 120, 3, 8, 250, 4])),
                   encoding="utf-8")
    db = str(tmp_path / "s.db")
    code, out, err = run("sample", "select", "--population", str(pop), "--id-column", "编号", "--value-column", "金额",
                         "--method", "random", "--size", "3", "--seed", "8", "--save", db, "--format", "csv")
    assert code == 0, err
    lines = out.lstrip("\ufeff").splitlines()
    header = lines[0].split(",")
    found = header.index("错报")
    sheet = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        cells[found] = "0"
        sheet.append(",".join(cells))
    filled = tmp_path / "复核表.csv"
    filled.write_bytes(("\n".join(sheet) + "\n").encode("gb18030"))
    code, out, err = run("sample", "record", "1", "--db", db, "--from", str(filled))
    assert code == 0, err
    code, out, err = run("sample", "evaluate", "1", "--db", db, "--confidence", "0.95", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["errors"] == 0
