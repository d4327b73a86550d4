"""The project file as the form model reads it: money by source, 指标性质/度量单位, blank cells, positions."""

from __future__ import annotations

import textwrap
from decimal import Decimal

from scorer.forms.load import load_form_text, parse_path

SOURCES = textwrap.dedent("""\
    ruleset: central-2020
    form: project
    project: {name: 来源分列, year: 2023}
    budget:
      planned: 100
      executed: 90
      sources:
        - {label: 当年财政拨款, initial: 80, planned: 80, executed: 72, reported_rate: 90%}
        - {label: 上年结转资金, planned: 20, executed: 18}
        - {label: 其他资金}
    indicators:
      - {level1: 产出指标, level2: 数量指标, name: 场次, nature: "≥", unit: 场, target: 4, actual: 4,
         weight: 50, reported_score: 50}
      - {name: null, target: null, actual: null}
    """)


def test_budget_sources_are_read_exactly():
    form = load_form_text(SOURCES, "f.yaml")
    first, second, third = form.budget.sources
    assert (first.label, first.initial, first.planned, first.executed, first.reported_rate) == (
        "当年财政拨款", Decimal(80), Decimal(80), Decimal(72), Decimal(90))
    assert second.reported_rate is None and second.weight is None
    assert third.label == "其他资金" and third.planned is None and third.executed is None


def test_nature_and_unit_are_kept_as_printed():
    ind = load_form_text(SOURCES, "f.yaml").indicators[0]
    assert (ind.nature, ind.unit, ind.target, ind.actual) == ("≥", "场", "4", "4")


def test_blank_cells_never_refuse_the_form():
    form = load_form_text(textwrap.dedent("""\
        form: project
        project: {name: null}
        indicators:
          - {name: null}
        """), "f.yaml")
    assert form.budget.planned is None and form.budget.executed is None and form.budget.sources == ()
    assert form.indicators[0].name == "" and form.project.name == ""


def test_positions_point_at_the_value_or_its_row():
    form = load_form_text(SOURCES, "f.yaml")
    where = form.locate("budget.sources[1].executed")
    assert (where.file, where.line, where.path) == ("f.yaml", 9, "budget.sources[1].executed")
    assert str(form.locate("indicators[0].reported_score")) == "f.yaml:13:18"
    # a blank cell (key absent) points at its row: the nearest written ancestor
    assert form.locate("indicators[1].weight").line == 14
    assert parse_path("indicators[12].reported_score") == ("indicators", 12, "reported_score")


def test_goal_lookup_is_by_id():
    form = load_form_text(textwrap.dedent("""\
        form: project
        project: {name: x}
        goals: [{id: 1, weight: 40}, {id: b, weight: 40}]
        indicators: [{name: a, goal: b}]
        """), "f.yaml")
    assert form.goal_index("b") == 1 and form.goal("1").weight == Decimal(40) and form.goal("z") is None


def test_a_rate_cell_printed_blank_is_blank():
    for printed in ('""', '"—"', '"/"', '"-"'):
        form = load_form_text(f"form: project\nproject: {{name: x}}\nbudget: {{reported_rate: {printed}}}\n"
                              "indicators: []\n", "f.yaml")
        assert form.budget.reported_rate is None
