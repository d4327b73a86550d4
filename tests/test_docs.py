"""Published documentation stays true: schema copies, editor schema lines, every key documented,
and the guide's worked ruleset passes `rules check` and `rules test`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from clirun import run

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SCHEMAS = ROOT / "scorer" / "schemas"
GUIDE = (DOCS / "rules.md").read_text(encoding="utf-8")
EXAMPLE = DOCS / "examples" / "shili-2024.yaml"




def test_published_schemas_equal_the_packaged_ones():
    packaged = sorted(p.name for p in SCHEMAS.glob("*.json"))
    assert packaged == ["project.schema.json", "ruleset.schema.json", "summary.schema.json"]
    assert sorted(p.name for p in (DOCS / "schemas").glob("*.json")) == packaged
    for name in packaged:
        assert (DOCS / "schemas" / name).read_bytes() == (SCHEMAS / name).read_bytes(), \
            f"docs/schemas/{name} 已过期：请 cp scorer/schemas/{name} docs/schemas/"


FILES = ([(p, "ruleset") for p in sorted((ROOT / "rules").glob("*.yaml"))]
         + [(p, "project") for p in sorted((ROOT / "samples").glob("*.yaml"))]
         + [(p, "summary") for p in sorted((ROOT / "samples" / "summaries").glob("*.yaml"))]
         + [(p, "ruleset") for p in sorted((DOCS / "examples").glob("*.yaml"))])


@pytest.mark.parametrize("path, kind", FILES, ids=[str(p.relative_to(ROOT)) for p, _ in FILES])
def test_files_start_with_the_editor_schema_line(path, kind):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, f"{path}: 第一行应为 # yaml-language-server: $schema=…"
    target = (path.parent / match.group(1)).resolve()
    assert target.name == f"{kind}.schema.json" and target.exists()


def _keys(schema, out=None) -> set[str]:
    out = set() if out is None else out
    if isinstance(schema, dict):
        for key, value in schema.get("properties", {}).items():
            out.add(key)
            _keys(value, out)
        for value in schema.values():
            if isinstance(value, (dict, list)):
                _keys(value, out)
    elif isinstance(schema, list):
        for value in schema:
            _keys(value, out)
    return out


def test_the_guide_documents_every_ruleset_key():
    keys = _keys(json.loads((SCHEMAS / "ruleset.schema.json").read_text(encoding="utf-8")))
    assert len(keys) > 50
    missing = sorted(k for k in keys if f"`{k}`" not in GUIDE and f"{k}:" not in GUIDE)
    assert missing == []


def test_the_guide_points_at_its_worked_example_which_passes_check_and_test():
    assert "docs/examples/shili-2024.yaml" in GUIDE
    code, out, _ = run("rules", "check", str(EXAMPLE))
    assert (code, out) == (0, "检查了 1 个规则集文件：没有发现问题\n")
    code, out, _ = run("rules", "test", str(EXAMPLE))
    assert code == 0 and "覆盖：全部公式、档位与等次都有用例" in out and "0 个失败" in out
    text = EXAMPLE.read_text(encoding="utf-8")
    for fragment in ("budget:\n  weight: 10", "成本指标: {weight: 20, required: true, direction: negative}",
                     "from: 2025", "partial: [60, 80]"):
        assert fragment in text and fragment.split("\n")[-1].strip() in GUIDE


def _mapping_keys(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield str(key)
            yield from _mapping_keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _mapping_keys(inner)


def test_the_key_table_examples_are_yaml_that_means_what_they_show():
    # a formula with a comma inside {…} unquoted is split by YAML (a key "1)" appears): the guide
    # warns about that slip, so its own one-line examples must not make it
    rows = re.findall(r"^\| `([a-z_]+)` \|.*\| `([^`|]+)` \|$", GUIDE, re.M)
    assert len(rows) >= 10
    for key, example in rows:
        data = yaml.safe_load(example)
        assert isinstance(data, dict) and key in data, example
        assert not [k for k in _mapping_keys(data) if k.endswith(")")], example
    assert ("budget", 'budget: {weight: 10, formula: "weight * min(executed / planned, 1)"}') in rows


def test_the_architecture_page_names_every_upward_import():
    # docs/architecture.md: forms, rules and scoring import nothing from the layers built on them,
    # except the two it names; a new upward import must be removed or documented there
    upward = re.compile(r"^from (scorer\.(?:report|audit|sampling|excel|cli|engine)\S*)", re.M)
    found = sorted(
        f"{path.relative_to(ROOT / 'scorer').as_posix()}:{m.group(1)}"
        for package in ("forms", "rules", "scoring")
        for path in (ROOT / "scorer" / package).rglob("*.py")
        for m in upward.finditer(path.read_text(encoding="utf-8")))
    assert found == ["rules/testcases.py:scorer.engine", "scoring/score.py:scorer.report.names"]
    page = (DOCS / "architecture.md").read_text(encoding="utf-8")
    assert "`scoring/score.py` 从 `report/names.py`" in page and "`rules/testcases.py`" in page
    assert "[docs/architecture.md](docs/architecture.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
