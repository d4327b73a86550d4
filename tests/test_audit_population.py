"""perfscore audit on 1,000 generated forms: injected errors found, clean forms silent, duplicates and
conflicting copies named, broken files reported, inflated forms ranked above clean ones."""

from __future__ import annotations

import pytest

from scorer.audit.population import INFLATING, generate_population
from scorer.audit.run import AuditRequest, run_audit
from scorer.audit.store import open_store

N = 1000


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    root = tmp_path_factory.mktemp("population")
    made = generate_population(N, seed=2024, out_dir=root / "forms")
    db = root / "audit.sqlite"
    outcome = run_audit(AuditRequest([str(root / "forms")], db=str(db), jobs=2))
    conn = open_store(db)
    forms = {r["file"]: dict(r) for r in conn.execute("SELECT * FROM forms WHERE run_id = ?", (outcome.run_id,))}
    codes: dict[str, set] = {}
    for file, code in conn.execute("SELECT file, code FROM findings WHERE run_id = ?", (outcome.run_id,)):
        codes.setdefault(file, set()).add(code)
    broken = dict(conn.execute("SELECT path, error FROM inputs WHERE run_id = ? AND status = 'broken'",
                               (outcome.run_id,)).fetchall())
    conn.close()
    path = {m.file: str(root / "forms" / m.file) for m in made}
    return made, path, forms, codes, broken, outcome


def test_population_is_large_and_mixed(audited):
    made, _, forms, _, broken, outcome = audited
    kinds = {m.kind for m in made}
    assert len(made) == N and kinds == {"clean", "error", "duplicate", "conflict", "broken"}
    assert outcome.total == N and len(forms) + len(broken) == N


def test_every_injected_error_is_found(audited):
    made, path, _, codes, _, _ = audited
    checked = 0
    for m in made:
        if m.kind == "broken":
            continue
        missing = set(m.expected_codes) - codes.get(path[m.file], set())
        assert not missing, (m, codes.get(path[m.file]))
        checked += bool(m.expected_codes)
    assert checked > 250
    injected = {i for m in made for i in m.injected if m.kind == "error"}
    assert len(injected) >= 14 and {c[0] for c in injected} == {"B", "I", "W", "T"}, injected


def test_nothing_flagged_on_clean_forms(audited):
    made, path, forms, codes, _, _ = audited
    clean = [m for m in made if m.kind == "clean"]
    assert len(clean) > 500
    for m in clean:
        assert codes.get(path[m.file], set()) == set(), m
        assert forms[path[m.file]]["duplicate_of"] is None and forms[path[m.file]]["conflicts_with"] is None


def test_duplicates_and_conflicting_copies_are_named(audited):
    made, path, forms, codes, _, _ = audited
    dups = [m for m in made if m.kind == "duplicate"]
    conflicts = [m for m in made if m.kind == "conflict"]
    assert dups and conflicts
    for m in dups:
        row = forms[path[m.file]]
        assert row["duplicate_of"] == path[m.copy_of] and "D01" in codes[path[m.file]]
        assert forms[path[m.copy_of]]["duplicate_of"] is None
    for m in conflicts:
        row = forms[path[m.file]]
        assert row["conflicts_with"] == path[m.copy_of] and "D02" in codes[path[m.file]]
    assert sum(r["duplicate_of"] is not None for r in forms.values()) == len(dups)
    assert sum(r["conflicts_with"] is not None for r in forms.values()) == len(conflicts)


def test_broken_files_are_rows_with_their_reason(audited):
    made, path, _, _, broken, _ = audited
    expected = {path[m.file] for m in made if m.kind == "broken"}
    assert expected and set(broken) == expected
    assert all(error.startswith(file) and "\n" not in error for file, error in broken.items())


def test_inflated_forms_rank_above_clean_ones(audited):
    made, path, forms, _, _, _ = audited
    inflated = [forms[path[m.file]]["rank"] for m in made if m.kind == "error" and set(m.injected) & INFLATING]
    assert len(inflated) >= 15
    clean = [forms[path[m.file]]["rank"] for m in made if m.kind == "clean"]
    assert inflated and clean
    assert max(inflated) < min(clean)
    ranks = sorted(r["rank"] for r in forms.values())
    assert ranks == list(range(1, len(forms) + 1))
