"""Tests for scorer.forms.yamlsafe: safe, located, encoding-aware YAML loading."""

from __future__ import annotations

import random
from collections import deque
from decimal import Decimal

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorer.forms import yamlsafe
from scorer.errors import InputError
from scorer.forms.yamlsafe import DEFAULT_MAX_BYTES, Document, load_yaml_file, load_yaml_text

LOADERS = [cls for cls in (yamlsafe._CLoader, yamlsafe._PureLoader) if cls is not None]


@pytest.fixture(params=LOADERS, ids=lambda cls: cls.__name__)
def loader(request, monkeypatch):
    """Run a test with libyaml (if built) and with the pure-Python parser: both must behave alike."""
    monkeypatch.setattr(yamlsafe, "_LOADER", request.param)
    return request.param


def load(text, source="form.yaml", **kw) -> Document:
    return load_yaml_text(text, source, **kw)


def fails(text, source="form.yaml", **kw) -> InputError:
    with pytest.raises(InputError) as info:
        load_yaml_text(text, source, **kw)
    return info.value


PROJECT = """\
project: 义务教育学校校舍维修
budget:
  planned: 350.00
  actual: 342.18
indicators:
  - name: 管网长度
    weight: 15.50
  - name: 满意度
    weight: 10
    tags: [a, b]
"""


# ------------------------------------------------------------------ positions

def test_positions_of_nested_keys_and_items(loader):
    doc = load(PROJECT)
    assert doc.source == "form.yaml"
    assert doc.position(()) == (1, 1)
    assert doc.position(("project",)) == (1, 1)
    assert doc.position(("budget", "actual")) == (4, 3)
    assert doc.position(("indicators",)) == (5, 1)
    assert doc.position(("indicators", 0)) == (6, 5)            # a list item: the item itself
    assert doc.position(("indicators", 1, "weight")) == (9, 5)  # a mapping entry: its key
    assert doc.position(("indicators", 1, "tags", 1)) == (10, 15)


def test_position_accepts_jsonschema_paths_and_falls_back_to_ancestor(loader):
    doc = load(PROJECT)
    assert doc.position(deque(["indicators", 1, "weight"])) == (9, 5)
    assert doc.position(("indicators", 1, "missing")) == (8, 5)  # missing key -> its mapping (the item)
    assert doc.position(("indicators", 7, "weight")) == (5, 1)   # index out of range -> the list's key
    assert doc.position(("nope", "deeper")) == (1, 1)            # -> the root
    assert doc.position(("indicators", "0")) == (5, 1)           # a str is not a list index


def test_position_columns_count_characters_not_bytes(loader):
    doc = load("名称: {甲: 1, 乙: 2}\n")
    assert doc.position(("名称", "乙")) == (1, 12)


def test_position_of_int_looking_key():
    doc = load("years:\n  2023: 1\n  2024: 2\n")
    assert doc.data == {"years": {"2023": 1, "2024": 2}}
    assert doc.position(("years", "2024")) == (3, 3)
    assert doc.position(("years", 2024)) == (3, 3)


def test_empty_and_comment_only_files_give_none():
    for text in ("", "\n\n", "# 只有注释\n# 第二行\n", "---\n", "\ufeff"):
        doc = load(text)
        assert doc.data is None
    assert load("").position(("a",)) is None


def test_top_level_may_be_any_type():
    assert load("- 1\n- 2\n").data == [1, 2]
    assert load("just text").data == "just text"
    assert load("12.0").data == Decimal("12.0")


def test_hundred_indicator_file_loads_with_positions():
    lines = ["indicators:"]
    for i in range(100):
        lines += [f"  - name: 指标{i}", f"    weight: {i}.25", "    target: '>=95%'"]
    doc = load("\n".join(lines) + "\n")
    assert len(doc.data["indicators"]) == 100
    assert doc.data["indicators"][99]["weight"] == Decimal("99.25")
    assert doc.position(("indicators", 99, "target")) == (2 + 99 * 3 + 2, 5)


# ------------------------------------------------------------------ scalars

def test_decimals_keep_their_written_digits(loader):
    data = load("a: 15.50\nb: 1e3\nc: -0.5\nd: 1_000.000\ne: .5\nf: 3\ng: -7\nh: 1_000\n").data
    assert data["a"] == Decimal("15.50") and str(data["a"]) == "15.50"
    assert data["b"] == Decimal("1E+3")
    assert str(data["c"]) == "-0.5"
    assert str(data["d"]) == "1000.000"
    assert data["e"] == Decimal("0.5")
    assert data["f"] == 3 and type(data["f"]) is int
    assert data["g"] == -7
    assert data["h"] == 1000
    assert all(type(v) in (int, Decimal) for v in data.values())


def test_strings_that_yaml_11_would_misread_stay_strings(loader):
    data = load("date: 2024-12-31\nstamp: 2024-12-31 10:00:00\ncode: 0123\ntime: 8:30\n"
                "version: 1.2.3\nquoted: '15.50'\nphone: 0371-1234\n").data
    assert data == {"date": "2024-12-31", "stamp": "2024-12-31 10:00:00", "code": "0123",
                    "time": "8:30", "version": "1.2.3", "quoted": "15.50", "phone": "0371-1234"}


def test_bools_and_nulls_as_yaml_11(loader):
    data = load("a: yes\nb: No\nc: true\nd: off\ne: ~\nf: null\ng:\nh: 'yes'\n").data
    assert data == {"a": True, "b": False, "c": True, "d": False, "e": None, "f": None, "g": None,
                    "h": "yes"}


def test_keys_are_always_strings():
    data = load("{1: a, yes: b, ~: c, 1.50: d}").data
    assert list(data) == ["1", "yes", "~", "1.50"]


def test_explicit_standard_tags(loader):
    data = load("a: !!str 12\nb: !!int '7'\nc: !!float 1\nd: !!bool 'true'\ne: !!null ''\nf: ! 12\n"
                "g: !!map {x: 1}\nh: !!seq [1]\n").data
    assert data == {"a": "12", "b": 7, "c": Decimal("1"), "d": True, "e": None, "f": "12",
                    "g": {"x": 1}, "h": [1]}


@pytest.mark.parametrize("value", [".nan", ".NaN", ".NAN", ".inf", "-.inf", "+.Inf", ".INF",
                                   "!!float nan", "!!float Infinity"])
def test_nan_and_infinity_refused(loader, value):
    err = fails(f"budget:\n  rate: {value}\n")
    assert "NaN" in err.message and "无穷大" in err.message
    assert (err.line, err.column) == (2, 9)
    assert err.path == "budget.rate"


@pytest.mark.parametrize("value", ["1e999999", "-1e999999", "1e-999999", "1.5E+101", "1e" + "9" * 100,
                                   "9" * 5000, "0." + "0" * 200 + "1", "0x" + "f" * 200])
def test_absurd_numbers_refused(loader, value):
    err = fails(f"a: {value}\n")
    assert "太大" in err.message and "加上引号" in err.message
    assert err.line == 1


def test_reasonable_big_numbers_accepted():
    data = load("a: 1e100\nb: 123456789012345678901234567890\nc: 0." + "0" * 50 + "1\n").data
    assert data["a"] == Decimal("1E+100")
    assert data["b"] == 123456789012345678901234567890
    assert data["c"] == Decimal("1E-51")


# ------------------------------------------------------------------ structure errors

def test_duplicate_key_names_key_and_both_lines(loader):
    err = fails("indicators:\n  - name: a\n    weight: 10\n    note: x\n    weight: 12\n")
    assert err.message == "键 “weight” 重复：第 3 行已定义过"
    assert (err.line, err.column) == (5, 5)
    assert err.path == "indicators[0].weight"
    assert str(err) == "form.yaml:5:5: indicators[0].weight: 键 “weight” 重复：第 3 行已定义过"


def test_duplicate_key_in_flow_mapping_and_between_int_and_str_spelling():
    assert fails("{a: 1, b: 2, a: 3}").message.startswith("键 “a” 重复")
    assert fails("1: x\n'1': y\n").message == "键 “1” 重复：第 1 行已定义过"


def test_non_scalar_key_refused(loader):
    err = fails("ok: 1\n? [a, b]\n: 1\n")
    assert "键必须是简单的文字或数字" in err.message
    assert err.line == 2
    assert fails("{[a]: 1}").line == 1
    assert fails("x: &l [1]\n*l : 2\n").line == 2


def test_multiple_documents_refused(loader):
    err = fails("a: 1\n---\nb: 2\n")
    assert "多个 YAML 文档" in err.message
    assert err.line == 2


def test_nul_in_text_refused():
    err = fails("a: 1\nb: x\x00y\n")
    assert "NUL" in err.message and err.line == 2


# ------------------------------------------------------------------ tags and code execution

@pytest.mark.parametrize("text,line", [
    ("a: 1\nb: !!python/object/apply:os.system ['echo pwned']\n", 2),
    ("!!python/object/apply:os.system\nargs: ['echo pwned']\n", 1),
    ("x: !!python/object:collections.OrderedDict {}\n", 1),
    ("x: !!python/name:os.system\n", 1),
    ("x:\n  - !foo bar\n", 2),
    ("x: !!binary aGVsbG8=\n", 1),
    ("x: !!set {a, b}\n", 1),
    ("x: !!timestamp 2024-01-01\n", 1),
    ("x: !!omap [a: 1]\n", 1),
    ("!!python/str key: 1\n", 1),
    ("x: !!seq {a: 1}\n", 1),
])
def test_non_standard_tags_refused(loader, text, line):
    err = fails(text)
    assert "不支持的标签" in err.message
    assert err.line == line


def test_python_tag_message_explains_why():
    err = fails("a: !!python/object/apply:os.system ['ls']")
    assert "!!python/object/apply:os.system" in err.message and "Python 对象" in err.message


# ------------------------------------------------------------------ anchors, aliases, merges

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_refused(loader):
    err = fails(BILLION_LAUGHS)
    assert str(yamlsafe.MAX_NODES) in err.message and "别名" in err.message
    assert err.line is not None


def test_wide_alias_fanout_refused():
    text = "a: &a [" + ", ".join(["x"] * 1000) + "]\nb: [" + ", ".join(["*a"] * 1000) + "]\n"
    assert "节点" in fails(text).message


def test_aliases_expand_to_independent_copies_located_at_the_anchor(loader):
    doc = load("base: &b\n  w: [1, 2]\nother: *b\n")
    assert doc.data["other"] == {"w": [1, 2]}
    assert doc.data["other"] is not doc.data["base"]
    assert doc.data["other"]["w"] is not doc.data["base"]["w"]
    assert doc.position(("other",)) == (3, 1)
    assert doc.position(("other", "w", 1)) == (2, 10)   # inside an alias: the anchored original


def test_scalar_alias_and_alias_as_key():
    data = load("unit: &u 县教育局\nowner: *u\n&k name: x\nm: {*k : y}\nv: *k\n").data
    assert data == {"unit": "县教育局", "owner": "县教育局", "name": "x", "m": {"name": "y"}, "v": "name"}


def test_recursive_alias_refused(loader):
    err = fails("a: &x\n  b: *x\n")
    assert "循环引用" in err.message and err.line == 2
    assert "循环引用" in fails("&x [1, [*x]]").message


def test_undefined_alias_and_duplicate_anchor(loader):
    err = fails("a: *nowhere\n")
    assert "找不到对应的锚点" in err.message and (err.line, err.column) == (1, 4)
    err = fails("a: &x 1\nb: &x 2\n")
    assert "重复定义" in err.message and "第 1 行" in err.message and err.line == 2


def test_merge_keys_follow_the_standard(loader):
    doc = load("defaults: &d {weight: 10, unit: '%', kind: 产出}\n"
               "extra: &e {unit: 个, note: n}\n"
               "item:\n"
               "  <<: [*d, *e]\n"
               "  weight: 20\n")
    assert doc.data["item"] == {"weight": 20, "unit": "%", "kind": "产出", "note": "n"}
    assert doc.position(("item", "weight")) == (5, 3)     # written key wins, and is located
    assert doc.position(("item", "kind")) == (1, 38)      # merged key: located at its definition
    assert load("a: &a {x: 1}\nb: {<<: *a}\nc: {'<<': 1}\n").data["c"] == {"<<": 1}


def test_bad_merge_value_refused(loader):
    err = fails("a: &a [1]\nb:\n  <<: *a\n")
    assert "合并键" in err.message and err.line == 3
    assert "两次" in fails("a: &a {x: 1}\nb:\n  <<: *a\n  <<: *a\n").message


# ------------------------------------------------------------------ depth

def test_deep_flow_nesting_refused(loader):
    err = fails("[" * 10_000)
    assert "嵌套层数过深" in err.message and (err.line, err.column) == (1, yamlsafe.MAX_DEPTH + 1)


def test_deep_nesting_filling_the_size_limit_refused(loader):
    assert "嵌套层数过深" in fails("{a: " * 500_000).message
    assert "嵌套层数过深" in fails("[" * DEFAULT_MAX_BYTES).message


def test_deep_block_nesting_refused(loader):
    text = "".join("  " * i + f"k{i}:\n" for i in range(300))
    assert "嵌套层数过深" in fails(text).message
    assert "嵌套层数过深" in fails("- " * 5000 + "x").message


def test_nesting_just_under_the_limit_is_fine():
    depth = yamlsafe.MAX_DEPTH
    data = load("[" * depth + "]" * depth).data
    for _ in range(depth - 1):
        data = data[0]
    assert data == []


def test_depth_grown_through_aliases_refused():
    half = yamlsafe.MAX_DEPTH // 2 + 5
    text = "a: &a " + "[" * half + "]" * half + "\nb: " + "[" * half + "*a" + "]" * half + "\n"
    assert "嵌套层数过深" in fails(text).message


# ------------------------------------------------------------------ size

def test_size_limit_for_files(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * 5000 + b"\n")
    with pytest.raises(InputError) as info:
        load_yaml_file(path, max_bytes=1000)
    err = info.value
    assert "文件太大" in err.message and "5004" in err.message and "1000" in err.message
    assert "--max-file-size" in err.message
    assert err.file == str(path)
    assert load_yaml_file(path, max_bytes=6000).data == {"a": "x" * 5000}


def test_size_limit_for_text():
    assert "--max-file-size" in fails("a: 123456\n", max_bytes=5).message
    assert "--max-file-size" in fails(b"a: 123456\n", max_bytes=5).message
    assert "--max-file-size" in fails("名称: 甲乙丙\n", max_bytes=12).message   # counted in UTF-8 bytes
    assert "MB" in fails(b"x" * (DEFAULT_MAX_BYTES + 1)).message


# ------------------------------------------------------------------ files

def file_fails(path, **kw) -> InputError:
    with pytest.raises(InputError) as info:
        load_yaml_file(path, **kw)
    return info.value


def test_missing_file_directory_and_display_name(tmp_path):
    err = file_fails(tmp_path / "nope.yaml")
    assert "文件不存在" in err.message and "nope.yaml" in err.message
    err = file_fails(tmp_path)
    assert "文件不存在" in err.message and "文件夹" in err.message
    err = file_fails(tmp_path / "x" / "y.yaml", display_name="单位/y.yaml")
    assert err.file == "单位/y.yaml" and "单位/y.yaml" in str(err)


def test_file_positions_and_display_name(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(PROJECT, encoding="utf-8")
    doc = load_yaml_file(path, display_name="units/p.yaml")
    assert doc.source == "units/p.yaml"
    assert doc.position(("indicators", 1, "weight")) == (9, 5)


# ------------------------------------------------------------------ encodings

CHINESE = ("项目名称: 农村饮水安全巩固提升工程\n"
           "负责人: 欧阳堃\n"          # 堃 is outside GB2312: rare characters must not break detection
           "指标:\n"
           "  - 名称: 集中供水率（≥90%）\n"
           "    分值: 15.50\n"
           "    说明: “按期”完成；①②③\n")
CHINESE_DATA = {"项目名称": "农村饮水安全巩固提升工程", "负责人": "欧阳堃",
                "指标": [{"名称": "集中供水率（≥90%）", "分值": Decimal("15.50"), "说明": "“按期”完成；①②③"}]}


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom",
                                      "utf-16-be-bom"])
def test_supported_encodings_read_correctly(tmp_path, encoding):
    if encoding.endswith("-bom"):
        codec = encoding[:-4]
        raw = ("\ufeff" + CHINESE).encode(codec)
    else:
        raw = CHINESE.encode(encoding)
    path = tmp_path / "form.yaml"
    path.write_bytes(raw)
    doc = load_yaml_file(path)
    assert doc.data == CHINESE_DATA
    assert doc.position(("指标", 0, "分值")) == (5, 5)
    assert load_yaml_text(raw, "t.yaml").data == CHINESE_DATA


def test_random_binary_refused_without_mojibake(loader):
    blob = random.Random(0).randbytes(4096)
    err = fails(blob)
    assert "二进制" in err.message


def test_office_files_recognised():
    assert "Excel" in fails(b"PK\x03\x04\x14\x00\x06\x00" + bytes(100)).message
    assert "Excel" in fails(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)).message


def test_random_high_bytes_refused_with_offset():
    rnd = random.Random(1)
    blob = b"name: ok\n" + bytes(rnd.randrange(0x81, 0xFF) for _ in range(400))
    err = fails(blob)
    assert err.message.startswith("无法识别文件编码：请另存为 UTF-8")
    assert "第 10 个字节" in err.message
    assert err.line == 2


@pytest.mark.parametrize("text,codec", [
    ("項目名稱: 義務教育學校校舍維修改造\n實施單位: 某某縣教育局\n", "big5"),
    ("名稱: 經費", "big5"),
    ("プロジェクト名: 学校の改修\n担当: 教育委員会\n", "shift_jis"),
    ("name: café crème\n", "latin-1"),
])
def test_other_encodings_refused_not_misread(text, codec):
    err = fails(text.encode(codec))
    assert err.message.startswith("无法识别文件编码：请另存为 UTF-8")
    assert "字节" in err.message


def test_broken_utf8_after_bom_refused():
    err = fails(b"\xef\xbb\xbfa: 1\nb: \xff\n")
    assert err.message.startswith("无法识别文件编码") and "第 12 个字节" in err.message and err.line == 2


def test_utf16_without_bom_refused_as_binary():
    assert "UTF-16" in fails("a: 1\n".encode("utf-16-le")).message


def test_broken_utf16_refused():
    assert fails(b"\xff\xfea\x00:").message.startswith("无法识别文件编码")


# ------------------------------------------------------------------ syntax errors

@pytest.mark.parametrize("text,line,column,words", [
    ("a: 1\nb: c: d\n", 2, 5, "键: 值"),
    ("a: 1\n b: 2\n", 2, 3, "键: 值"),
    ("a:\n\t- 1\n", 2, 1, "Tab"),
    ("a: [1, 2\nb: 3\n", 2, 2, "“]”"),
    ("a: 'abc\nb: 1\n", 1, 4, "引号"),
    ('path: "C:\\work\\q"\n', 1, 10, "反斜杠"),
    ("- a\nb: 1\n", 2, 1, "列表项"),
    ("a: 1\n@x: 2\n", 2, 1, "引号"),
    ("a: 1\nb\nc: 2\n", 2, 1, "冒号"),
])
def test_syntax_errors_located_and_explained(loader, text, line, column, words):
    err = fails(text)
    assert err.message.startswith("YAML 语法错误：")
    assert "（原文：" in err.message
    assert words in err.message
    assert err.line == line
    assert abs(err.column - column) <= 1   # libyaml and pyyaml differ by one column on a few


def test_control_character_refused_with_position(loader):
    err = fails("a: 1\nb: x\x07y\n")
    assert "控制字符" in err.message and "U+0007" in err.message
    assert (err.line, err.column) == (2, 5)


def test_control_character_after_chinese_located_in_characters():
    err = fails("名称: 甲乙\x01\n")
    assert (err.line, err.column) == (1, 7)


def test_surrogates_in_text_refused():
    assert "无效的字符" in fails("a: \ud800\n").message


# ------------------------------------------------------------------ Document.error

def test_document_error_formatting():
    doc = load(PROJECT, "units/学校.yaml")
    err = doc.error("权重必须是数字", ["indicators", 1, "weight"])
    assert isinstance(err, InputError)
    assert (err.file, err.line, err.column) == ("units/学校.yaml", 9, 5)
    assert str(err) == "units/学校.yaml:9:5: indicators[1].weight: 权重必须是数字"
    err = doc.error("缺少必填项 “target”", deque(["indicators", 0, "target"]))
    assert str(err) == "units/学校.yaml:6:5: indicators[0].target: 缺少必填项 “target”"
    assert str(doc.error("整个文件不对")) == "units/学校.yaml:1:1: 整个文件不对"
    assert str(load("", "e.yaml").error("文件为空")) == "e.yaml: 文件为空"


def test_document_built_by_hand_has_no_positions():
    doc = Document({"a": 1}, "mem.yaml")
    assert doc.position(("a",)) is None
    assert str(doc.error("x", ["a"])) == "mem.yaml: a: x"


# ------------------------------------------------------------------ robustness

YAMLISH = st.text(alphabet=st.sampled_from(list("[]{}:,-?!&*#|>'\"\\ \n\t%@`~.0123456789eabxyz<名\ufeff\x00"
                                                 "\x85\r")), max_size=200)


def _only_input_errors(payload) -> None:
    for cls in LOADERS:
        yamlsafe._LOADER = cls
        try:
            doc = load_yaml_text(payload, "fuzz.yaml")
        except InputError as e:
            assert e.file == "fuzz.yaml" and isinstance(str(e), str)
        else:
            assert isinstance(doc, Document)
            doc.position(("a", 0, "b"))


@pytest.fixture
def _restore_loader():
    saved = yamlsafe._LOADER
    yield
    yamlsafe._LOADER = saved


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=300), YAMLISH))
def test_any_text_gives_document_or_input_error(_restore_loader, text):
    _only_input_errors(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.binary(max_size=300), YAMLISH.map(lambda s: s.encode("utf-8", "surrogatepass")),
                 st.text(max_size=100).map(lambda s: s.encode("gb18030"))))
def test_any_bytes_give_document_or_input_error(_restore_loader, data):
    _only_input_errors(data)


# Text pyyaml's emitter mangles (NEL and friends) or that we read differently on purpose ("1e3" is a
# number here, a string in YAML 1.1) is left out; surrogates cannot be written as UTF-8 at all.
_PLAIN_TEXT = st.text(st.characters(exclude_characters="\x85\u2028\u2029\reE", exclude_categories=["Cs"]),
                      max_size=12)
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), _PLAIN_TEXT)
_TREES = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(_PLAIN_TEXT, inner, max_size=4)),
                      max_leaves=20)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_TREES, st.booleans(), st.booleans())
def test_round_trip_of_pyyaml_output(_restore_loader, data, flow, shared):
    if shared:
        data = {"first": data, "second": data}    # safe_dump writes an anchor and an alias
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=flow)
    for cls in LOADERS:
        yamlsafe._LOADER = cls
        assert load(text).data == data


def test_merges_agree_with_pyyaml():
    text = ("a: &a {x: 1, y: 2}\nb: &b {y: 3, z: 4}\nc:\n  <<: [*a, *b]\n  w: 0\n"
            "d:\n  x: 9\n  <<: *a\ne: {<<: {p: 1}, q: 2}\nf:\n  <<: [*b, *a]\n")
    assert load(text).data == yaml.safe_load(text)


def test_lone_surrogate_escape_refused(loader):
    err = fails('a: "\\ud800"\n')
    assert "无效的字符" in err.message and err.line == 1


def test_unexpected_parser_exception_becomes_input_error(monkeypatch):
    class Exploding(yamlsafe._PureLoader):
        def get_event(self):
            raise ValueError("boom")

    monkeypatch.setattr(yamlsafe, "_LOADER", Exploding)
    err = fails("a: 1\n")
    assert "意外错误" in err.message and "boom" in err.message


def test_recursion_error_becomes_input_error(monkeypatch):
    class Recursing(yamlsafe._PureLoader):
        def get_event(self):
            raise RecursionError

    monkeypatch.setattr(yamlsafe, "_LOADER", Recursing)
    assert "嵌套层数过深" in fails("a: 1\n").message


def test_pyyaml_is_never_asked_to_construct(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("construction must not happen")

    for cls in LOADERS:
        monkeypatch.setattr(cls, "construct_document", forbidden, raising=False)
        monkeypatch.setattr(cls, "get_single_node", forbidden, raising=False)
    assert load(PROJECT).data["budget"]["planned"] == Decimal("350.00")
    assert yaml.__version__  # pyyaml is the only parser in play


def test_custom_and_chinese_tags_and_anchor_names_explained(loader):
    err = fails("planned: !金额 100\n")
    assert err.line == 1 and ("标签" in err.message)
    err = fails("a: &金额 1\nb: *金额\n")
    assert "不能用中文" in err.message
