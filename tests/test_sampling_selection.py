"""Selection conventions, reproducibility, allocation, key items, extension."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clirun import run
from sampling_db import build_register
from scorer.sampling.population import Item
from scorer.sampling.selection import allocate, extend, select


def _items(values):
    return [Item(k + 1, str(k + 1), None if v is None else D(str(v))) for k, v in enumerate(values)]


VALUES = [7, 3, 4, 9, 0, 1, 8, 2, 6, 5]


def test_mus_convention_from_the_literature():
    s = select(_items(VALUES), "mus", 5, seed=1, start=2)
    assert [p.item.id for p in s.picked] == ["1", "3", "4", "7", "9"]
    assert s.parameters["interval"] == "9"
    assert [(i.id, i.value) for i, _ in s.excluded] == [("5", D(0))]
    assert "关键项目" in s.picked[2].reason            # item 4 (value 9) equals the interval


def test_systematic_convention_from_the_literature():
    s = select(_items([1] * 5), "systematic", 2, seed=1, start="1.2")
    assert [p.item.id for p in s.picked] == ["2", "4"]


def test_start_outside_the_interval_is_refused():
    with pytest.raises(ValueError, match=r"应在 \[1, 间隔 9\]"):
        select(_items(VALUES), "mus", 5, seed=1, start="9.5")


def test_mus_key_items_always_taken_whatever_the_seed():
    values = [5, 120, 3, 8, 250, 4, 6, -7, 9, 2, 0, 11]       # total of positives 418, n = 4 → I = 104.5
    for seed in range(60):
        s = select(_items(values), "mus", 4, seed=seed)
        ids = [p.item.id for p in s.picked]
        assert "2" in ids and "5" in ids
        assert all("关键项目" in p.reason for p in s.picked if p.item.id in ("2", "5"))
        assert {i.id for i, _ in s.excluded} == {"8", "11"}
        assert not {"8", "11"} & set(ids)


def test_cell_takes_one_unit_in_each_interval():
    values = list(range(1, 41))                           # total 820, n = 10 → I = 82
    s = select(_items(values), "cell", 10, seed=5)
    cum, bounds = 0, {}
    for item in _items(values):
        bounds[item.id] = (cum, cum + item.value)
        cum += item.value
    for k, p in enumerate(s.picked):                      # each picked item overlaps its own interval
        lo, hi = bounds[p.item.id]
        assert lo < (k + 1) * 82 and hi > k * 82


def test_random_is_without_replacement_and_fixed_by_the_seed():
    items = _items([1] * 100)
    a = [p.item.id for p in select(items, "random", 30, seed=42).picked]
    b = [p.item.id for p in select(items, "random", 30, seed=42).picked]
    c = [p.item.id for p in select(items, "random", 30, seed=43).picked]
    assert a == b and a != c and len(set(a)) == 30
    # the algorithm is versioned: these ids are what perfscore-sampling/1 draws for seed 42
    assert a[:5] == GOLDEN_RANDOM_42


# Random(42).random() gives 0.63942…, 0.02501…, 0.27502…: ⌊0.639·100⌋ = 63 → item 64; then
# 1 + ⌊0.025·99⌋ = 3 → item 4 (positions 0 and 3 swapped by the partial Fisher–Yates shuffle); …
GOLDEN_RANDOM_42 = ["64", "4", "29", "25", "75"]


def test_same_seed_same_sample_in_another_process(tmp_path):
    csv = tmp_path / "pop.csv"
    csv.write_text("id,amount\n" + "".join(f"P{k},{k * 13 % 97 + 1}.5\n" for k in range(200)), encoding="utf-8")
    args = ["sample", "select", "--population", str(csv), "--id-column", "id", "--value-column", "amount",
            "--method", "mus", "--size", "25", "--seed", "2024", "--format", "json"]
    code = "import sys; from scorer.cli import main; sys.argv = ['perfscore'] + sys.argv[1:]; main()"
    outs = [subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True).stdout
            for _ in range(2)]
    assert outs[0] == outs[1]
    _, here, _ = run(*args)
    assert json.loads(here) == json.loads(outs[0])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 60), min_size=1, max_size=12), st.data())
def test_stratified_allocation_sums_to_n_with_one_per_stratum(sizes, data):
    strata = {f"h{k}": s for k, s in enumerate(sizes)}
    n = data.draw(st.integers(len(sizes), sum(sizes)))
    alloc = allocate(strata, n)
    assert sum(alloc.values()) == n
    assert all(1 <= alloc[h] <= strata[h] for h in strata)


def test_stratified_sample_follows_the_allocation():
    items = [Item(k + 1, str(k + 1), None, {"dept": "ABCD"[k % 4] if k < 80 else "E"}) for k in range(90)]
    s = select(items, "stratified", 12, seed=9, by="dept")
    counts = {}
    for p in s.picked:
        counts[p.stratum] = counts.get(p.stratum, 0) + 1
    assert counts == s.parameters["allocation"] and sum(counts.values()) == 12 and counts["E"] >= 1
    per = select(items, "stratified", None, seed=9, by="dept", per_stratum=3)
    assert len(per.picked) == 15


def test_risk_takes_the_top_then_a_random_remainder():
    items = [Item(k + 1, str(k + 1), None, {}, risk=(k * 37 % 50) / 50) for k in range(50)]
    s = select(items, "risk", 8, seed=1, top=3)
    top = sorted(items, key=lambda i: -i.risk)[:3]
    assert [p.item.id for p in s.picked[:3]] == [i.id for i in top]
    assert "风险排名第 1" in s.picked[0].reason and len({p.item.id for p in s.picked}) == 8


@pytest.mark.parametrize("method", ["random", "systematic", "mus", "cell", "stratified", "risk"])
def test_extension_keeps_every_item_and_redraws_identically(method):
    items = [Item(k + 1, f"F{k}", D(k % 9 * 10 + 1), {"dept": "XYZ"[k % 3]}, risk=k % 7 / 7) for k in range(120)]
    first = select(items, method, 10, seed=77, by="dept" if method == "stratified" else None)
    ids = [p.item.id for p in first.picked]
    more = extend(items, ids, method, 77, 1, 25, first.parameters)
    again = extend(items, ids, method, 77, 1, 25, first.parameters)
    new = [p.item.id for p in more.picked]
    assert new == [p.item.id for p in again.picked]
    assert not set(new) & set(ids)
    if method not in ("mus", "cell"):                   # unit methods may hit an item twice
        assert len(ids) + len(new) == 25


def test_select_csv_bom_and_errors_name_file_and_line(tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes("\ufeff编号,金额\nA,1\nB,2\nC,3\n".encode())
    code, out, err = run("sample", "select", "--population", str(good), "--id-column", "编号",
                         "--value-column", "金额", "--method", "random", "--size", "2", "--seed", "1")
    assert code == 0, err
    bad = tmp_path / "bad.csv"
    bad.write_text("编号,金额\nA,1\nB,一百\n", encoding="utf-8")
    code, out, err = run("sample", "select", "--population", str(bad), "--id-column", "编号",
                         "--value-column", "金额", "--method", "mus", "--size", "1")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert f"{bad}:3" in err and "一百" in err
    dup = tmp_path / "dup.csv"
    dup.write_text("编号\nA\nA\n", encoding="utf-8")
    code, _, err = run("sample", "select", "--population", str(dup), "--id-column", "编号", "--method", "random",
                       "--size", "1")
    assert code == 2 and f"{dup}:3" in err and "重复" in err
    code, _, err = run("sample", "select", "--population", str(good), "--id-column", "号", "--method", "random",
                       "--size", "1")
    assert code == 2 and "没有 --id-column 指定的列“号”" in err


@pytest.mark.parametrize("args, words", [
    (["--method", "random", "--size", "41"], "样本量 41 大于总体数量 40"),
    (["--method", "random", "--size", "0"], "--size 应为正整数"),
    (["--method", "stratified", "--size", "3", "--by", "department"], "少于层数 4"),
    (["--method", "stratified", "--size", "3", "--by", "colour"], "没有分层字段“colour”"),
    (["--method", "mus", "--size", "5", "--start", "x"], "--start 应为数字"),
    (["--method", "random", "--size", "5", "--run", "7"], "没有批次 --run 7"),
])
def test_select_bad_parameters(tmp_path, args, words):
    db = build_register(tmp_path / "audit.db")
    code, out, err = run("sample", "select", "--db", db, *args)
    assert code == 2 and out == "" and err.count("\n") == 1 and words in err, err


def test_select_from_the_register_stores_and_extends(tmp_path):
    db = build_register(tmp_path / "audit.db", forms=40, runs=2)
    code, out, err = run("sample", "select", "--db", db, "--method", "mus", "--size", "8", "--seed", "11",
                         "--format", "json")
    assert code == 0, err
    first = json.loads(out)
    assert first["sample"] == 1 and first["method"] == "mus"
    assert all(int(i["id"][5:8]) > 40 for i in first["items"])        # the latest run by default
    assert {e["id"] for e in first["excluded"]} and all(e["value"] == "0" for e in first["excluded"])
    code, out, err = run("sample", "select", "--db", db, "--extend", "1", "--to", "14", "--format", "json")
    assert code == 0, err
    grown = json.loads(out)
    assert grown["items"][:len(first["items"])] == first["items"]
    assert grown["sample"] == 1 and len(grown["items"]) > len(first["items"])
    assert grown["parameters"]["extensions"][0]["to"] == 14
    code, _, err = run("sample", "select", "--db", db, "--run", "1", "--extend", "1", "--to", "20")
    assert code == 2 and "总体与样本 1 抽取时不同" in err


def test_select_register_strata(tmp_path):
    db = build_register(tmp_path / "audit.db")
    for by in ("department", "year", "grade", "risk_band", "ruleset"):
        code, out, err = run("sample", "select", "--db", db, "--run", "1", "--method", "stratified", "--size", "8",
                             "--by", by, "--seed", "4", "--format", "json")
        assert code == 0, (by, err)
        assert len(json.loads(out)["items"]) == 8
    code, out, _ = run("sample", "select", "--db", db, "--method", "risk", "--size", "6", "--top", "2",
                       "--seed", "1", "--format", "csv")
    assert out.startswith("\ufeff序号,编号,文件,金额,抽取理由,错报,备注") and out.count("\n") == 7
    assert "\n1,form-033.yaml,form-033.yaml,194.32,风险排名第 1" in out


def test_select_leaves_a_database_without_a_register_untouched(tmp_path):
    import sqlite3
    db = tmp_path / "other.db"
    sqlite3.connect(db).execute("CREATE TABLE x (a)")
    code, _, err = run("sample", "select", "--db", str(db), "--method", "random", "--size", "1")
    assert code == 2 and "没有审计登记表" in err
    tables = {r[0] for r in sqlite3.connect(db).execute("SELECT name FROM sqlite_master")}
    assert tables == {"x"}
    junk = tmp_path / "junk.db"
    junk.write_text("not a database", encoding="utf-8")
    code, _, err = run("sample", "select", "--db", str(junk), "--method", "random", "--size", "1")
    assert code == 2 and "不是 SQLite 数据库" in err


def test_sampling_a_real_audit_run_of_the_seed_forms(tmp_path):
    """The transcribed public forms audited into a store, then sampled from it."""
    from pathlib import Path
    samples = Path(__file__).resolve().parent.parent / "samples"
    db = str(tmp_path / "audit.sqlite")
    code, _, err = run("audit", str(samples), "--db", db, "--format", "json")
    assert code in (0, 1), err
    import sqlite3
    forms = sqlite3.connect(db).execute("SELECT id, file, planned FROM forms ORDER BY id").fetchall()
    code, out, err = run("sample", "select", "--db", db, "--method", "mus", "--size", "5", "--seed", "7",
                         "--format", "json")
    assert code == 0, err
    drawn = json.loads(out)
    # items are identified by their file, named from the folder the run's forms share
    by_name = {Path(f[1]).name: f for f in forms}
    assert drawn["population_size"] == len(forms)
    for item in drawn["items"]:
        assert by_name[item["id"]][1] == item["file"] and item["value"] == by_name[item["id"]][2]
    positive = [f for f in forms if f[2] not in (None, "") and D(f[2]) > 0]
    names = {Path(f[1]).name for f in forms}
    assert {e["id"] for e in drawn["excluded"]} == names - {Path(f[1]).name for f in positive}
    interval = sum(D(f[2]) for f in positive) / 5
    keys = {Path(f[1]).name for f in positive if D(f[2]) >= interval}
    assert keys <= {i["id"] for i in drawn["items"]}
    code, out, err = run("sample", "select", "--db", db, "--method", "stratified", "--by", "department",
                         "--size", str(len({f for f in forms})), "--seed", "7", "--format", "json")
    assert code == 0 and len(json.loads(out)["items"]) == len(forms)


def test_mus_lists_items_without_an_amount(tmp_path):
    items = [Item(1, "a", D(5)), Item(2, "b", None), Item(3, "c", D(7)), Item(4, "d", D(-1))]
    s = select(items, "mus", 2, seed=3)
    assert {i.id: why for i, why in s.excluded} == {"b": "没有金额（缺失或无法读取），不参与货币单位抽样",
                                                   "d": "金额为零或负数，不参与货币单位抽样"}
    with pytest.raises(ValueError, match="--value-column"):
        select([Item(1, "a"), Item(2, "b")], "mus", 1, seed=3)


def test_extension_repeats_in_other_processes_on_another_copy(tmp_path):
    """Two auditors, two copies of the same register, separate processes: the same sample, the same extension."""
    code = "import sys; from scorer.cli import main; sys.argv = ['perfscore'] + sys.argv[1:]; main()"
    results = []
    for name in ("a", "b"):
        db = build_register(tmp_path / f"{name}.sqlite", forms=60)
        for args in (["--method", "stratified", "--by", "department", "--size", "8", "--seed", "99"],
                     ["--extend", "1", "--to", "15"]):
            subprocess.run([sys.executable, "-c", code, "sample", "select", "--db", db, *args],
                           capture_output=True, text=True, check=True)
        out = subprocess.run([sys.executable, "-c", code, "sample", "select", "--db", db, "--extend", "1",
                              "--to", "20", "--format", "json"], capture_output=True, text=True, check=True).stdout
        results.append(json.loads(out))
    assert results[0]["items"] == results[1]["items"] and len(results[0]["items"]) == 20
    assert [e["to"] for e in results[0]["parameters"]["extensions"]] == [15, 20]
