"""The report's fast paths give the reference's bytes: the JSON piece written straight from the
evaluation, the remembered reading descriptions, the quick UTF-8 check — on the samples and on
generated forms with injected errors; and --jobs keeps its guarantees while workers run ahead."""

from __future__ import annotations

import pickle
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from scorer.engine import BrokenFile, Evaluation, evaluate_files
from scorer.errors import valid_unicode
from scorer.fastpath import disabled
from scorer.forms.reading import ValueReader
from scorer.generate import generate_forms
from scorer.report.jsonfmt import _evaluation_text, dumps, evaluation_dict, json_piece
from scorer.report.options import ReportOptions
from scorer.rules.ruleset import RulesetLoader

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(str(p) for p in (ROOT / "samples").glob("*.yaml"))
FORM = ROOT / "samples" / "002-proj-zuzhi-shiwu.yaml"


@pytest.fixture(scope="module")
def evaluations(tmp_path_factory):
    directory = tmp_path_factory.mktemp("generated")
    generate_forms(80, 7, directory, error_rate=0.7)
    paths = SAMPLES + sorted(str(p) for p in directory.glob("*.yaml"))
    results = evaluate_files(paths, RulesetLoader())
    evs = [r for r in results if isinstance(r, Evaluation)]
    assert len(evs) > 80 and sum(len(e.findings) for e in evs) > 50
    return evs


@pytest.mark.parametrize("options", [ReportOptions(), ReportOptions(min_severity="warning"),
                                     ReportOptions(min_severity="error")])
def test_json_piece_written_directly_matches_the_reference(evaluations, options):
    for ev in evaluations:
        for one in (ev, replace(ev, ruleset_note="按年度选用：规则集 “甲”\n第二行")):
            fast = json_piece(one, options)
            assert _evaluation_text(one, options) == dumps(evaluation_dict(one, options))
            with disabled():
                assert fast == json_piece(one, options)


def test_json_piece_of_a_broken_file_is_unchanged():
    broken = BrokenFile("坏\udcb1.yaml", "坏\udcb1.yaml: 读不了")
    fast = json_piece(broken)
    with disabled():
        assert fast == json_piece(broken)
    assert "\udcb1" not in fast and "\\\\xb1" in fast


@pytest.mark.parametrize("text", ["", "普通文字 100%", "名\udcb1字", "\ud800", "a\udfffb\udc80"])
@pytest.mark.parametrize("json_string", [False, True])
def test_quick_utf8_check_escapes_as_the_search_does(text, json_string):
    fast = valid_unicode(text, json_string)
    with disabled():
        assert fast == valid_unicode(text, json_string)
    fast.encode("utf-8")


def test_remembered_description_is_the_description_and_is_not_pickled():
    reader = ValueReader()
    for text in ("≥95%", "2万元", "约 3.5 亿", "按时完成", "12月底前", "", "1-2个（含）", "x" * 600):
        reading = reader.read(text)
        first = reading.describe()
        assert reading.describe() is first
        with disabled():
            assert reading.describe() == first
        copy = pickle.loads(pickle.dumps(reading))
        assert "_described" not in copy.__dict__ and copy == reading and copy.describe() == first


def _copies(folder: Path, names) -> list[str]:
    out = []
    for name in names:
        shutil.copyfile(FORM, folder / name)
        out.append(str(folder / name))
    return out


@pytest.mark.parametrize("victims", [("f000-kill.yaml",), ("f004-kill.yaml", "f005-kill.yaml"),
                                     ("f009-kill.yaml",)])
def test_workers_running_ahead_lose_only_the_file_they_held(tmp_path, victims):
    from hostile_workers import die_on_kill
    good = _copies(tmp_path, [f"f{i:03d}.yaml" for i in range(10)])
    bad = _copies(tmp_path, victims)
    results = evaluate_files([*good, *bad], RulesetLoader(), None, jobs=2, evaluate=die_on_kill)
    assert [r.file for r in results] == sorted(good + bad)
    by_file = {r.file: r for r in results}
    assert all(isinstance(by_file[p], BrokenFile) and "工作进程意外终止" in by_file[p].message for p in bad)
    assert all(isinstance(by_file[p], Evaluation) and by_file[p].scored.total is not None for p in good)
