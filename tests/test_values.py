"""Reading printed target/actual values: the corpus of real strings, pairing, and properties."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from scorer.forms.reading import (
    COMPARATORS,
    DEFAULT_COMPARATOR_WORDS,
    Pair,
    Reading,
    ValueReader,
    pair,
    read_value,
)

CORPUS_PATH = Path(__file__).parent / "data" / "value_corpus.yaml"
CORPUS = yaml.safe_load(CORPUS_PATH.read_text(encoding="utf-8"))
READER = ValueReader()


def _id(entry) -> str:
    text = entry["text"]
    return "<None>" if text is None else (text or "<空>")


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


# --------------------------------------------------------------------------------------------
# The corpus


def test_corpus_is_large_and_covers_the_seeds():
    assert len(CORPUS) >= 220
    texts = [e["text"] for e in CORPUS]
    assert len(texts) == len(set(texts)), "duplicate texts in the corpus"
    for seed in ("seeds/000", "seeds/002", "seeds/003"):
        assert sum(e["source"].startswith(seed) for e in CORPUS) >= 20, seed
    assert {e["kind"] for e in CORPUS} == {"number", "date", "words", "empty", "ambiguous"}


@pytest.mark.parametrize("entry", CORPUS, ids=_id)
def test_corpus_entry(entry):
    r = READER._read(entry["text"] if entry["text"] is not None else "")  # no safety net
    assert r == read_value(entry["text"]) or entry["text"] is None
    assert r.kind == entry["kind"]
    assert r.comparator == entry["comparator"]
    assert r.number == _dec(entry["number"])
    assert r.number is None or isinstance(r.number, Decimal)
    assert r.unit == entry["unit"]
    assert r.approx == entry.get("approx", False)
    assert r.date == (tuple(entry["date"]) if entry.get("date") else None)
    assert r.words == entry.get("words")
    expected_candidates = tuple((_dec(n), u) for n, u in entry.get("candidates", []))
    assert r.candidates == expected_candidates
    assert r.direction_hint == entry["direction"]
    if r.kind == "ambiguous":
        assert r.number is None and r.remark
    if r.comparator is not None:
        assert r.comparator in COMPARATORS and r.comparator_word
    assert r.describe()


# --------------------------------------------------------------------------------------------
# Remarks and special readings


@pytest.mark.parametrize(("text", "fragment"), [
    ("30余场", "含“余”，按 30 计"),
    ("10万余个", "含“余”，按 100000 计"),
    ("超过1万次", "含“超过”"),
    ("≥2万", "“万”按 ×10000 换算"),
    ("50万元", "“万元”按 ×10000 换算为元"),
    ("0（省组评选 6 人，…）", "取首个数字，括号内为说明"),
    ("73场383个", "含多个数字"),
    ("90%-95%", "区间"),
    ("每人一次以上", "中文数字“一”读作 1"),
    ("2024年完成30场", "为年份"),
    ("-", "占位符"),
])
def test_remarks(text, fragment):
    assert fragment in read_value(text).remark


def test_comparator_word_is_the_printed_token():
    assert read_value("不低于95%").comparator_word == "不低于"
    assert read_value("90%以上").comparator_word == "以上"
    assert read_value("0.5小时内").comparator_word == "内"
    assert read_value("控制在5%以内").comparator_word == "控制在"
    assert read_value("≥ 9").comparator_word == "≥"


def test_decimal_exactness():
    assert read_value("1.4万").number == Decimal("14000")
    assert read_value("48.66万余次").number == Decimal("486600")
    assert read_value("0.1亿元").number == Decimal("10000000")
    assert read_value("1,953.5").number == Decimal("1953.5")


def test_label_words_are_not_comparators():
    # "内" only counts after the number: "区内5名" is 5 名 without a comparator
    r = read_value("区内5名")
    assert (r.kind, r.number, r.unit, r.comparator) == ("number", Decimal(5), "名", None)


def test_non_text_cells_are_read_as_printed():
    assert read_value(3).number == Decimal(3)
    assert read_value(Decimal("0.2")).number == Decimal("0.2")
    assert read_value(0.96).number == Decimal("0.96")
    assert read_value(float("nan")).kind == "words"


def test_overlong_digits_are_not_a_value():
    r = read_value("9" * 40)
    assert r.kind == "ambiguous" and r.number is None and "位数过长" in r.remark


def test_read_value_is_cached_and_matches_a_fresh_reader():
    assert read_value("≥95%") is read_value("≥95%")
    assert ValueReader().read("≥95%") == read_value("≥95%")


def test_direction_hints():
    assert read_value("≥3").direction_hint == "positive"
    assert read_value(">95%").direction_hint == "positive"
    assert read_value("不超过2次").direction_hint == "negative"
    assert read_value("低于5%").direction_hint == "negative"
    assert read_value("=100%").direction_hint == "exact"
    assert read_value("12月底前").direction_hint == "deadline"
    assert read_value("达到预期").direction_hint == "qualitative"
    assert read_value("3人").direction_hint is None
    assert read_value(None).direction_hint is None


# --------------------------------------------------------------------------------------------
# describe()


@pytest.mark.parametrize(("text", "expected"), [
    ("≥2万", "≥ 20000（“≥2万”，万→×10000）"),
    ("≥95%", "≥ 95%"),
    ("30余场", "30场（“30余场”，约数）"),
    ("达到预期", "文字：达到预期"),
    ("2024年12月底前", "期限：2024年12月底前"),
    ("6月30日前", "期限：6月30日前"),
    ("2024年12月", "期限：2024年12月"),
    (None, "未列示"),
    ("", "未列示"),
    ("73场383个", "无法取单一数值：73场、383个（“73场383个”）"),
    ("0.5小时内", "≤ 0.5小时（“0.5小时内”）"),
])
def test_describe(text, expected):
    assert read_value(text).describe() == expected


# --------------------------------------------------------------------------------------------
# ValueReader with ruleset words


def test_reader_accepts_extra_words_on_either_side():
    reader = ValueReader(comparator_words={"封顶": "<=", "起码": ">="})
    r = reader.read("100万元封顶")
    assert (r.comparator, r.comparator_word, r.number, r.unit) == ("<=", "封顶", Decimal(1000000), "元")
    r = reader.read("起码3次")
    assert (r.comparator, r.comparator_word, r.number) == (">=", "起码", Decimal(3))
    # the defaults still work, and the module reader does not see the extra words
    assert reader.read("≥95%").comparator == ">="
    assert read_value("起码3次").comparator is None
    assert "封顶" not in DEFAULT_COMPARATOR_WORDS


def test_reader_words_can_override_a_default():
    reader = ValueReader({"达到": "="})
    assert reader.read("达到100%").comparator == "="
    assert read_value("达到100%").comparator == ">="


def test_reader_words_are_normalised_like_values():
    reader = ValueReader({"不 多 于": "<="})
    assert reader.read("不多于5次").comparator_word == "不多于"


def test_reader_rejects_an_unknown_comparator():
    with pytest.raises(ValueError, match="比较符"):
        ValueReader({"约等于": "~="})


# --------------------------------------------------------------------------------------------
# pair()


def _pair(target: str, actual: str) -> Pair:
    return pair(read_value(target), read_value(actual))


def test_pair_same_units():
    p = _pair("≥20场", "30余场")
    assert (p.target, p.actual, p.unit, p.problem) == (Decimal(20), Decimal(30), "场", None)


def test_pair_unit_mismatch_yuan_per_item_against_yuan():
    p = _pair("10万元/个", "415万元")
    assert p.problem_kind == "unit_mismatch"
    assert p.problem == "单位不可比：目标为 元/个，实际为 元"
    assert (p.target, p.actual) == (Decimal(100000), Decimal(4150000))


def test_pair_wan_yuan_against_yuan():
    p = _pair("50万元", "480000元")
    assert (p.target, p.actual, p.unit, p.problem) == (Decimal(500000), Decimal(480000), "元", None)


def test_pair_bare_actual_against_percent_target_is_points():
    p = _pair("≥95%", "99")
    assert (p.target, p.actual, p.unit) == (Decimal(95), Decimal(99), "%")
    assert p.remark == "实际值未注单位，按目标单位 % 读作 99%"


def test_pair_bare_fraction_against_percent_target_is_scaled():
    p = _pair("≥95%", "0.96")
    assert (p.target, p.actual, p.unit) == (Decimal(95), Decimal(96), "%")
    assert "按比例读作 96%" in p.remark


def test_pair_bare_target_against_percent_actual():
    assert _pair("1", "100%").target == Decimal(100)
    assert _pair("95", "96%").target == Decimal(95)
    assert _pair("0.5", "0.8%").target == Decimal("0.5")  # both small: percentage points


def test_pair_bare_side_takes_the_other_unit():
    p = _pair("≥1万人", "10万")
    assert (p.target, p.actual, p.unit) == (Decimal(10000), Decimal(100000), "人")
    assert "未注单位" in p.remark


def test_pair_equivalent_units():
    p = _pair("50人", "115人次")
    assert (p.actual, p.unit, p.problem) == (Decimal(115), "人", None)
    assert _pair("3个", "3家").problem is None
    assert _pair("2场", "2场次").problem is None
    assert _pair("4次", "4次数").problem is None
    assert _pair("3人", "3场").problem_kind == "unit_mismatch"


def test_pair_ambiguous_actual_picks_the_target_unit():
    p = _pair("73场", "73场383个")
    assert (p.target, p.actual, p.unit, p.problem) == (Decimal(73), Decimal(73), "场", None)
    assert p.remark == "取与目标单位一致的 73场"


def test_pair_ambiguous_actual_without_a_unique_match():
    assert _pair("2次", "1-2次").problem_kind == "ambiguous"
    assert _pair("5", "73场383个").problem_kind == "ambiguous"


def test_pair_ambiguous_target():
    p = _pair("90%-95%", "93%")
    assert p.problem_kind == "ambiguous" and p.target is None and "区间" in p.problem


def test_pair_not_a_number():
    p = _pair("达到预期", "达到预期")
    assert p.problem and p.target is None


# --------------------------------------------------------------------------------------------
# Properties

NUMERALS = set("0123456789０１２３４５６７８９零〇一二两三四五六七八九十百千万亿")
INTERESTING = list(
    "0123456789０１２３４５６７８９零〇一二两三四五六七八九十百千万亿余多约近第每"
    "人次场期个篇件批元月年日天内前底末以上下超过不低于少控制在≥≤><=＞＜＝%％.,，、-~—/()（）【】"
    "①²㊀⑴㋀〸𝟑¼ 　\t\n\u200beE$\\&;geqNaInfity达到预期完成"
)
NO_NUMERAL = [c for c in INTERESTING if c not in NUMERALS] + list("统流进步摸找新组织公")


def _no_numeral(text: str) -> bool:
    return not any(c in NUMERALS for c in text)


@settings(max_examples=400)
@given(st.one_of(st.text(), st.text(alphabet=st.sampled_from(INTERESTING), max_size=30)))
def test_read_never_raises_and_is_deterministic(text):
    first = READER._read(text)  # the private step: an exception here is a bug, not a reading
    assert isinstance(first, Reading)
    assert READER._read(text) == first
    assert ValueReader().read(text) == first
    assert first.describe()
    if first.kind == "number":
        assert isinstance(first.number, Decimal) and first.number.is_finite()


@settings(max_examples=400)
@given(st.one_of(st.text().filter(_no_numeral),
                 st.text(alphabet=st.sampled_from(NO_NUMERAL), max_size=30)))
def test_no_number_without_digits_or_numerals(text):
    r = READER.read(text)
    assert r.kind != "number" and r.number is None and r.candidates == ()


@settings(max_examples=200)
@given(st.text(alphabet=st.sampled_from(INTERESTING), max_size=20),
       st.text(alphabet=st.sampled_from(INTERESTING), max_size=20))
def test_pair_never_raises(target, actual):
    p = pair(READER.read(target), READER.read(actual))
    assert isinstance(p, Pair)
    assert p.problem_kind in (None, "unit_mismatch", "ambiguous", "not_number")
    if p.problem is None:
        assert p.target is not None and p.actual is not None


# ---------------------------------------------------------------- numbers.py: the one place numbers become text

def test_number_text_helpers():
    from scorer.numbers import (deviation_word, divide, fmt_deviation, fmt_like, fmt_number, fmt_plain,
                                fmt_trimmed, shown)
    assert fmt_plain(Decimal("14000.0")) == "14000" and fmt_plain(Decimal("0.50")) == "0.5"
    assert fmt_plain(Decimal("-0.00")) == "0"
    assert fmt_trimmed(Decimal("2.345678")) == "2.3457" and fmt_trimmed(Decimal("8.00000")) == "8"
    assert fmt_like(Decimal("77.4458"), Decimal("77.5")) == "77.4"
    assert fmt_like(Decimal("96.3"), Decimal("98.31")) == "96.30"
    assert fmt_number(Decimal("20.00")) == "20" and fmt_number(Decimal("0.5")) == "0.5"
    assert (deviation_word(Decimal(1)), deviation_word(Decimal(-1))) == ("高估", "低估")
    assert fmt_deviation(Decimal("-0.2")) == "低估 0.20"
    assert shown(Decimal("15.4897")) == Decimal("15.49") and shown(None) is None
    third = divide(Decimal(1), Decimal(3))
    assert len(third.as_tuple().digits) == 120      # beyond the loader's 100 significant digits


def test_rate_agreement_uses_rate_tolerance_and_printed_precision():
    from scorer.numbers import rate_agrees
    tol = Decimal("0.01")
    assert rate_agrees(Decimal("77.5"), Decimal("78.53") / Decimal("101.4"), tol)
    assert not rate_agrees(Decimal("77.5"), Decimal("78.53") / Decimal("101.4"))     # without tolerance
    assert rate_agrees(Decimal("99.97"), Decimal("0.99978"), tol)
    assert not rate_agrees(Decimal("98.31"), Decimal("0.963"), tol)


def test_reading_keeps_its_decisions_as_fields():
    r = read_value("约2万元（含补贴）")
    assert (r.magnitude, r.bracket_note, r.approx) == ("万", True, True)
    assert r.describe() == "20000元（“约2万元(含补贴)”，万→×10000，约数，括号内为说明）"
    assert read_value("≥2万").magnitude == "万" and read_value("95%").magnitude is None


def test_reader_caches_short_strings_and_pickles_without_the_cache():
    import pickle

    from scorer.forms.reading import ValueReader
    reader = ValueReader()
    first = reader.read("≥95%")
    assert reader.read("≥95%") is first and first.number == Decimal(95)
    copy = pickle.loads(pickle.dumps(reader))
    assert "_cache" not in copy.__dict__ and copy.read("≥95%") == first
