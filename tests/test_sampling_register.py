"""A sample drawn from a stored audit run depends on the forms only, not on how the audit ran.

Register row ids follow the order in which audit workers finished, so `--jobs 1` and `--jobs 2`
(or two copies of the register) may number the same forms differently; the population is ordered
and identified by file, so the seeded draw and the population hash are the same.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from clirun import run

from scorer.sampling.population import read_run

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _audit(tmp_path, name: str, jobs: int) -> str:
    db = str(tmp_path / f"{name}.db")
    code, _, err = run("audit", "run", "forms", "--db", db, "--jobs", str(jobs))
    assert code in (0, 1), err
    return db


def _draw(db: str, *args: str) -> dict:
    code, out, err = run("sample", "select", "--db", db, "--seed", "20240601", "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


def _renumber_in_reverse(db: str) -> None:
    """As if the workers had finished in the opposite order: the same rows, row ids reversed."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE forms SET id = -id")
        conn.execute("UPDATE forms SET id = 1000 + id")
    conn.close()


def test_same_forms_same_sample_whatever_jobs_or_row_order(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "forms").mkdir()
    for src in sorted(SAMPLES.glob("*-proj-*.yaml")):
        shutil.copy(src, tmp_path / "forms" / src.name)
    one, two = _audit(tmp_path, "jobs1", 1), _audit(tmp_path, "jobs2", 2)
    shutil.copy(two, tmp_path / "copy.db")
    other = str(tmp_path / "copy.db")
    _renumber_in_reverse(other)
    files = sorted(f"forms/{p.name}" for p in (tmp_path / "forms").iterdir())
    by_id = [r[0] for r in sqlite3.connect(other).execute("SELECT file FROM forms ORDER BY id")]
    assert by_id == files[::-1]          # the copy really numbers the forms in another order
    for method in (["--method", "mus", "--size", "5"], ["--method", "random", "--size", "4"],
                   ["--method", "stratified", "--by", "ruleset", "--size", "4"]):
        drawn = [_draw(db, *method) for db in (one, two, other)]
        assert drawn[0]["population_size"] == len(files)
        assert {d["population_hash"] for d in drawn} == {drawn[0]["population_hash"]}
        ids = [[i["id"] for i in d["items"]] for d in drawn]
        assert ids[0] == ids[1] == ids[2] and {f"forms/{i}" for i in ids[0]} <= set(files), ids
        values = [[i["value"] for i in d["items"]] for d in drawn]
        assert values[0] == values[1] == values[2]
    # the ruleset of each form comes from forms.ruleset_id: the strata are the forms' own rulesets
    rulesets = dict(sqlite3.connect(one).execute("SELECT file, ruleset_id FROM forms"))
    strata = drawn[0]["parameters"]["allocation"]
    assert set(strata) == set(rulesets.values()) and len(strata) > 1
    for item in drawn[0]["items"]:
        assert f"ruleset={rulesets[item['file']]}" in item["reason"]


def test_the_same_forms_audited_from_another_folder_give_the_same_sample(tmp_path, monkeypatch):
    """Two auditors with copies of the same forms (one typed a relative folder, the other an absolute
    one elsewhere; a workbook among them) draw the same population and the same sample."""
    monkeypatch.chdir(tmp_path)
    for where in ("mine/forms", "theirs/copy/forms"):
        (tmp_path / where / "2023").mkdir(parents=True)
        for src in sorted(SAMPLES.glob("*-proj-*.yaml"))[:6]:
            shutil.copy(src, tmp_path / where / src.name)
        for src in sorted(SAMPLES.glob("*-proj-*.yaml"))[6:]:
            shutil.copy(src, tmp_path / where / "2023" / src.name)
    assert run("audit", "mine/forms", "--db", "one.db", "--format", "json")[0] in (0, 1)
    assert run("audit", str(tmp_path / "theirs/copy/forms"), "--db", "two.db", "--format", "json")[0] in (0, 1)
    stored = {r[0] for r in sqlite3.connect("two.db").execute("SELECT file FROM forms")}
    assert all(f.startswith(str(tmp_path)) for f in stored)        # the stored paths really differ
    for method in (["--method", "mus", "--size", "5"], ["--method", "systematic", "--size", "4"]):
        one, two = _draw("one.db", *method), _draw("two.db", *method)
        assert one["population_hash"] == two["population_hash"]
        assert [i["id"] for i in one["items"]] == [i["id"] for i in two["items"]]
        assert all(i["file"].startswith(str(tmp_path / "theirs")) for i in two["items"])
    populations = [read_run(sqlite3.connect(db), db) for db in ("one.db", "two.db")]
    ids = [[i.id for i in p.items] for p in populations]
    assert ids[0] == ids[1] and sum(i.startswith("2023/") for i in ids[0]) == len(ids[0]) - 6
    assert populations[0].hash == populations[1].hash
