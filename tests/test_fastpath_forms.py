"""Loading a form on the fast paths (line reader, compiled schema check, indicators made without the
dataclass constructor) gives the very same Form as the plain paths: samples and generated forms."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

from scorer.fastpath import disabled
from scorer.forms.load import load_form
from scorer.generate import generate_forms
from scorer.model import Indicator

ROOT = Path(__file__).resolve().parent.parent


def _as_data(form):
    return [(dataclasses.asdict(i), type(i)) for i in form.indicators], form.budget, form.goals, form.project


def test_forms_identical_on_fast_and_plain_paths(tmp_path):
    generate_forms(30, 5, tmp_path, error_rate=0.5)
    paths = sorted((ROOT / "samples").glob("*.yaml")) + sorted(tmp_path.glob("*.yaml"))
    for path in paths:
        fast = load_form(path)
        with disabled():
            plain = load_form(path)
        assert fast.indicators == plain.indicators
        assert [vars(i) for i in fast.indicators] == [vars(i) for i in plain.indicators]
        assert _as_data(fast) == _as_data(plain)
        assert (fast.reported_total, fast.reported_grade, fast.kind, fast.ruleset) == \
               (plain.reported_total, plain.reported_grade, plain.kind, plain.ruleset)
        for one in fast.indicators:
            assert type(one) is Indicator and hash(one) == hash(Indicator(**vars(one)))
            assert pickle.loads(pickle.dumps(one)) == one
            assert dataclasses.replace(one, name="x").name == "x"


def test_readers_with_the_same_words_share_one_memo_and_read_as_the_plain_reader():
    from scorer.fastpath import disabled
    from scorer.forms.readcache import CachedReader
    from scorer.forms.reading import ValueReader

    one, two = CachedReader(ValueReader()), CachedReader(ValueReader())
    other = CachedReader(ValueReader({"封顶": "<="}))
    assert one._memo is two._memo and other._memo is not one._memo
    texts = ["≥95%", "封顶100万", "不高于3个", "按时完成", "2万元", "约3.5亿", "（≥90%）"]
    for text in texts:
        for cached in (one, two, other):
            reading = cached.read(text)
            with disabled():
                assert reading == cached.reader.read(text) == ValueReader(cached.reader.comparator_words).read(text)
    assert (one.read("封顶100万").comparator, other.read("封顶100万").comparator) == (None, "<=")
    copy = pickle.loads(pickle.dumps(one))
    assert copy._memo is one._memo and copy.read("≥95%") == one.read("≥95%")
