"""A report written with -o never replaces what the command reads or creates: an audit's result store
(existing or about to be created), one of its forms, a population list, a sampling store.  Refused
before any work, with one Chinese line and exit 2; the input is left byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.clirun import run

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
FORM = "002-proj-ganbu-guanli.yaml"


def _forms(tmp_path) -> Path:
    folder = tmp_path / "forms"
    folder.mkdir()
    shutil.copy(SAMPLES / FORM, folder / FORM)
    return folder


def test_audit_report_over_its_new_store_is_refused_and_nothing_is_created(tmp_path):
    db = tmp_path / "a.sqlite"
    code, _, err = run("audit", str(_forms(tmp_path)), "--db", str(db), "--format", "csv", "-o", str(db))
    assert code == 2 and "错误：" in err and "数据库" in err
    assert not db.exists()


def test_audit_report_over_its_existing_store_leaves_the_store(tmp_path):
    db = tmp_path / "a.sqlite"
    folder = _forms(tmp_path)
    assert run("audit", str(folder), "--db", str(db))[0] == 0
    before = db.read_bytes()
    code, _, err = run("audit", str(folder), "--db", str(db), "--format", "csv", "-o", str(db))
    assert code == 2 and "数据库" in err
    assert db.read_bytes() == before
    code, _, err = run("audit", "show", "--db", str(db), "--format", "csv", "-o", str(db))
    assert code == 2 and "覆盖输入" in err
    assert db.read_bytes() == before
    assert run("audit", "show", "--db", str(db), "--format", "csv", "-o", str(tmp_path / "r.csv"))[0] == 0


def test_audit_report_over_one_of_its_forms_is_refused(tmp_path):
    folder = _forms(tmp_path)
    form = folder / FORM
    before = form.read_bytes()
    code, _, err = run("audit", str(folder), "--db", str(tmp_path / "a.sqlite"), "--format", "csv", "-o", str(form))
    assert code == 2 and "覆盖输入" in err and FORM in err
    assert form.read_bytes() == before
    assert not (tmp_path / "a.sqlite").exists()


def test_sample_select_over_its_population_or_store_is_refused(tmp_path):
    population = tmp_path / "pop.csv"
    population.write_text("id,value\na,10\nb,20\nc,30\n", encoding="utf-8")
    before = population.read_bytes()
    base = ["sample", "select", "--population", str(population), "--id-column", "id", "--value-column", "value",
            "--method", "random", "--size", "2", "--seed", "1", "--format", "csv"]
    code, _, err = run(*base, "-o", str(population))
    assert code == 2 and "覆盖输入" in err
    assert population.read_bytes() == before
    store = tmp_path / "s.sqlite"
    code, _, err = run(*base, "--save", str(store), "-o", str(store))
    assert code == 2 and "数据库" in err
    assert not store.exists()
    code, _, err = run(*base, "-o", str(tmp_path / "sample.csv"))
    assert code == 0, err
    assert "简单随机抽样" in (tmp_path / "sample.csv").read_text(encoding="utf-8-sig")
