"""Every sample written out as a workbook in its real layout reads back as the very same form and gives
exactly the findings of its YAML; the same forms shifted on the sheet, stacked several to a sheet, one
per sheet, and in the other templates (central 2020, a city template, Sichuan 2023)."""

from __future__ import annotations

import copy
import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from excel_layouts import CENTRAL_SOURCES, workbook_for
from scorer.engine import evaluate_files, evaluate_form
from scorer.excel.load import load_workbook_forms, schema_supports
from scorer.forms.load import form_from_document, load_form
from scorer.forms.yamlsafe import Document, load_yaml_file
from scorer.rules.ruleset import RulesetLoader

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
LOADER = RulesetLoader()
NAMES = sorted(p.name for p in SAMPLES.glob("*.yaml"))


def real_layout(name: str) -> str:
    return "hubei2019" if name.startswith("003") else "wuhan"


def sample(name: str) -> dict:
    return load_yaml_file(SAMPLES / name).data


def findings(evaluation) -> list[tuple]:
    return sorted((f.code, f.severity, f.path, f.message) for f in evaluation.findings)


def same_form(got, want) -> None:
    got = dataclasses.replace(got, source=want.source, ruleset=want.ruleset)
    for f in dataclasses.fields(want):
        if f.compare:
            assert getattr(got, f.name) == getattr(want, f.name), f.name


def evaluate_dict(data: dict, ruleset: str):
    form = form_from_document(Document(copy.deepcopy(data), "form.yaml"))
    return form, evaluate_form(form, LOADER.load(ruleset, None, form.project.year), "form.yaml")


@pytest.mark.parametrize("name", NAMES)
def test_sample_in_its_real_layout_reads_as_its_yaml(name, tmp_path):
    data = sample(name)
    book = workbook_for([(real_layout(name), data)], tmp_path / "form.xlsx")
    [item] = load_workbook_forms(str(book))
    want = load_form(str(SAMPLES / name))
    same_form(item.form, want)
    assert item.name == f"{book}#表1!A1"


@pytest.mark.parametrize("name", NAMES)
def test_sample_workbook_gives_exactly_the_yaml_findings(name, tmp_path):
    data = sample(name)
    book = workbook_for([(real_layout(name), data)], tmp_path / "form.xlsx")
    [yaml_ev] = evaluate_files([str(SAMPLES / name)], LOADER)
    [xlsx_ev] = evaluate_files([str(book)], LOADER, data["ruleset"])
    assert findings(xlsx_ev) == findings(yaml_ev)
    assert xlsx_ev.scored.total == yaml_ev.scored.total
    assert xlsx_ev.file.endswith("form.xlsx#表1!A1")
    for f in xlsx_ev.findings:      # every finding points at a cell of the sheet
        assert xlsx_ev.cells.get(f.path) or f.path in ("indicators", "reported_total") or "[" in f.path, f.path


def test_all_samples_shifted_stacked_and_one_per_sheet(tmp_path):
    """Forms found by their labels wherever they start: all 13 samples on one sheet from C5, and one per sheet."""
    forms = [(real_layout(n), sample(n)) for n in NAMES]
    stacked = workbook_for(forms, tmp_path / "stacked.xlsx", top=5, left=3)
    per_sheet = workbook_for(forms, tmp_path / "sheets.xlsx", sheet_per_form=True, top=3, left=2)
    for book in (stacked, per_sheet):
        items = load_workbook_forms(str(book))
        assert len(items) == len(NAMES)
        for item, name in zip(items, NAMES, strict=True):
            same_form(item.form, load_form(str(SAMPLES / name)))
    names = [i.name.split("#")[1] for i in load_workbook_forms(str(per_sheet))]
    assert names == [f"表{k + 1}!B3" for k in range(len(NAMES))]
    starts = [i.name.split("#")[1] for i in load_workbook_forms(str(stacked))]
    assert starts[0] == "表1!C5" and len(set(starts)) == len(NAMES)


def test_batch_of_workbooks_and_yaml_sorted_with_forms_in_sheet_order(tmp_path):
    forms = [(real_layout(n), sample(n)) for n in NAMES[:3]]
    book = workbook_for(forms, tmp_path / "a.xlsx")
    # both inputs in one folder: the batch is sorted by path, so the order must not depend on where
    # the checkout lies relative to the temporary folder
    form = tmp_path / "b.yaml"
    form.write_bytes((SAMPLES / NAMES[0]).read_bytes())
    results = evaluate_files([str(form), str(book)], LOADER, "wuhan-2023", jobs=2)
    assert [r.file.rsplit("/", 1)[-1] for r in results][:3] == ["a.xlsx#表1!A1", *[
        r.file.rsplit("/", 1)[-1] for r in results[1:3]]]
    assert len(results) == 4
    rows = [int(r.file.split("!A")[1]) for r in results[:3]]
    assert rows == sorted(rows)


def _without_goals(data: dict) -> dict:
    """The form as a template without per-goal tables prints it: one overall goal, no goal column."""
    data = copy.deepcopy(data)
    goals = data.get("goals") or []
    data["goals"] = [{"id": 1, "text": goals[0].get("text") if goals else None, "weight": None}] if goals else []
    for indicator in data["indicators"]:
        indicator.pop("goal", None)
    if not data["goals"]:
        del data["goals"]
    return data


CENTRAL_NAMES = [n for n in NAMES if not n.startswith("003")]


@pytest.mark.parametrize("layout", ["central2020", "city"])
@pytest.mark.parametrize("name", CENTRAL_NAMES)
def test_samples_in_central_and_city_layouts(name, layout, tmp_path):
    """The same forms in the central 2020 template (年初预算数 … 得分, 年度总体目标) and in a city template
    with weights printed in the 一级 labels: the form read back equals the dict, findings are the dict's."""
    data = _without_goals(sample(name))
    data["budget"]["initial"] = data["budget"]["planned"]
    data["budget"].setdefault("sources", [{"label": label} for label in CENTRAL_SOURCES])   # printed, blank
    book = workbook_for([(layout, data)], tmp_path / "form.xlsx")
    [item] = load_workbook_forms(str(book))
    want, want_ev = evaluate_dict(data, data["ruleset"])
    same_form(item.form, want)
    [got_ev] = evaluate_files([str(book)], LOADER, data["ruleset"])
    assert findings(got_ev) == findings(want_ev)


def city_form() -> dict:
    """A city form: 10-point budget split into 当年财政拨款 / 上年结转资金 / 其他资金, weights per indicator."""
    from decimal import Decimal as D
    return {
        "ruleset": "central-2020", "form": "project",
        "project": {"name": "城区道路养护", "department": "市城管局", "implementer": "市政工程处", "year": 2022},
        "budget": {"initial": D("500"), "planned": D("520"), "executed": D("468"), "weight": D("10"),
                   "reported_rate": "90.0%", "reported_score": D("9"),
                   "sources": [{"label": "当年财政拨款", "initial": D("400"), "planned": D("400"),
                                "executed": D("380")},
                               {"label": "上年结转资金", "planned": D("120"), "executed": D("88")},
                               {"label": "其他资金"}]},
        "indicators": [
            {"level1": "产出指标", "level2": "数量指标", "name": "道路养护里程", "target": "≥120公里",
             "actual": "126公里", "weight": D("30"), "reported_score": D("30")},
            {"level1": "产出指标", "level2": "质量指标", "name": "养护合格率", "target": "≥95%",
             "actual": "96%", "weight": D("20"), "reported_score": D("20")},
            {"level1": "效益指标", "level2": "社会效益指标", "name": "道路通行状况", "target": "明显改善",
             "actual": "达到预期", "weight": D("30"), "reported_score": D("30")},
            {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "市民满意度", "target": "≥90%",
             "actual": "85%", "weight": D("10"), "reported_score": D("10")},
        ],
        "reported_total": D("99"), "reported_grade": "优",
    }


@pytest.mark.skipif("sources" not in schema_supports(), reason="budget.sources not yet in the project schema")
@pytest.mark.parametrize("layout", ["city", "central2020"])
def test_city_form_with_source_rows_and_a_10_point_budget(layout, tmp_path):
    data = city_form()
    book = workbook_for([(layout, data)], tmp_path / "city.xlsx")
    [item] = load_workbook_forms(str(book))
    assert [s["label"] for s in item.data["budget"]["sources"]] == ["当年财政拨款", "上年结转资金", "其他资金"]
    want, want_ev = evaluate_dict(data, "central-2020")
    same_form(item.form, want)
    [got] = evaluate_files([str(book)], LOADER, "central-2020")
    assert findings(got) == findings(want_ev)
    assert any(f.code == "I01" for f in got.findings)     # 85% of ≥90% scored 10 of 10


def sichuan_form() -> dict:
    data = city_form()
    data["project"]["year"] = 2023
    data["indicators_total"] = {"weight": Decimal("90")}       # 绩效指标（90分）
    data["budget"]["sources"] = [{"label": "财政资金", "planned": data["budget"]["planned"],
                                  "executed": data["budget"]["executed"]},
                                 {"label": "财政专户"}, {"label": "单位资金"}, {"label": "其他"}]
    del data["budget"]["initial"]
    for indicator, (nature, value, unit) in zip(
            data["indicators"], [("≥", "120", "公里"), ("≥", "95", "%"), ("定性", "明显改善", None),
                                 ("≥", "90", "%")], strict=True):
        indicator.update(nature=nature, target=value, unit=unit)
        indicator["actual"] = indicator["actual"].removesuffix("公里").removesuffix("%")
    return data


@pytest.mark.skipif(not {"nature", "unit", "sources"} <= schema_supports(),
                    reason="指标性质 / 度量单位 / budget.sources not yet in the project schema")
def test_sichuan_2023_with_nature_and_unit_columns(tmp_path):
    data = sichuan_form()
    book = workbook_for([("sichuan2023", data)], tmp_path / "sc.xlsx")
    [item] = load_workbook_forms(str(book))
    assert [i.get("nature") for i in item.data["indicators"]] == ["≥", "≥", "定性", "≥"]
    assert [i.get("unit") for i in item.data["indicators"]] == ["公里", "%", None, "%"]
    want, want_ev = evaluate_dict(data, "central-2020")
    same_form(item.form, want)
    [got] = evaluate_files([str(book)], LOADER, "central-2020")
    assert findings(got) == findings(want_ev)
