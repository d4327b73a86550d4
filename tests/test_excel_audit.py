"""`perfscore audit` reads workbooks through the same dispatch as `evaluate`: one stored form per form on
the sheets (book.xlsx#表1!A1), a form that cannot be placed reported while the others are stored."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from openpyxl import load_workbook

from clirun import run
from excel_layouts import workbook_for
from scorer.forms.yamlsafe import load_yaml_file

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _data(name):
    return load_yaml_file(SAMPLES / name).data


def test_audit_stores_every_form_of_a_workbook(tmp_path):
    folder = tmp_path / "forms"
    folder.mkdir()
    shutil.copy(SAMPLES / "002-proj-weiwen-tijian.yaml", folder)
    forms = [("wuhan", _data("002-proj-zuzhi-shiwu.yaml")), ("wuhan", _data("002-proj-hongse-yinqing.yaml"))]
    two = workbook_for(forms, folder / "两张表.xlsx", sheet_per_form=True)
    db = str(tmp_path / "a.sqlite")
    code, out, err = run("audit", str(folder), "--db", db, "--format", "json", "--ruleset", "wuhan-2023")
    assert code == 0, err
    data = json.loads(out)
    files = sorted(f["file"] for f in data["forms"])
    assert files == [str(folder / "002-proj-weiwen-tijian.yaml"), f"{two}#表1!A1", f"{two}#表2!A1"]
    hongse = next(f for f in data["forms"] if f["file"] == f"{two}#表2!A1")
    [i08] = [x for x in hongse["findings"] if x["code"] == "I08"]
    assert (i08["line"], i08["column"]) == (11, 6)          # 表2!F11: 6 against ≥4
    again = run("audit", str(folder), "--db", db, "--format", "json", "--ruleset", "wuhan-2023")
    assert again[0] == 0 and len(json.loads(again[1])["forms"]) == 3


def test_audit_names_a_form_that_cannot_be_placed_and_keeps_the_others(tmp_path):
    folder = tmp_path / "forms"
    folder.mkdir()
    book = workbook_for([("wuhan", _data("002-proj-zuzhi-shiwu.yaml"))] * 2, folder / "f.xlsx", sheet_per_form=True)
    wb = load_workbook(book)
    for row in wb["表2"].iter_rows():
        for cell in row:
            if cell.value == "三级指标":
                cell.value = None
    wb.save(book)
    code, out, err = run("audit", str(folder), "--db", str(tmp_path / "a.sqlite"), "--format", "json",
                         "--ruleset", "wuhan-2023")
    assert code == 2
    data = json.loads(out)
    assert [f["file"] for f in data["forms"]] == [f"{book}#表1!A1"]
    [broken] = data["broken"]
    assert broken["file"] == str(book) and f"{book}:表2!A1: 找到了自评表，但没有找到指标表的表头行" in broken["error"]
    assert "表2!A1" in err
