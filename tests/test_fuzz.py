"""Fuzzing: whatever a project file, a byte string, a printed value or a formula holds, the scorer
either succeeds or raises its own clear error (InputError / FormulaError) — never anything else.

Example counts are kept modest (CI has two cores); the whole file runs in well under 20 seconds.
For a deeper hunt, multiply them: PERFSCORE_FUZZ=50 python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import tempfile
from decimal import Decimal
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorer.engine import Evaluation, evaluate_file, evaluate_form
from scorer.errors import InputError
from scorer.rules.formula import MAX_MAGNITUDE, FormulaError, compile_formula
from scorer.forms.load import form_from_document, load_form_text
from scorer.report import FORMATTERS
from scorer.rules.ruleset import RulesetLoader, builtin_ids
from scorer.forms.reading import ValueReader
from scorer.forms.yamlsafe import load_yaml_text

LOADER = RulesetLoader()
RULESETS = {rid: LOADER.load(rid) for rid in builtin_ids()}
SCALE = max(1, int(os.environ.get("PERFSCORE_FUZZ", "1")))


def examples(n: int) -> settings:
    return settings(max_examples=n * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])



class Raw:
    """A scalar written exactly as given, unquoted where YAML allows: `1e999999`, `.NaN`, `0123`."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self):
        return f"Raw({self.text!r})"


class _Dumper(yaml.SafeDumper):
    pass


def _raw(dumper, value: Raw):
    return dumper.represent_scalar(dumper.resolve(yaml.ScalarNode, value.text, (True, False)), value.text)


_Dumper.add_representer(Raw, _raw)


def dump(data, flow: bool) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, default_flow_style=flow, sort_keys=False)


# ------------------------------------------------------------------ strategies

NASTY_NUMBERS = [
    "1e999999", "-1e999999", "1e-999999", ".nan", ".NaN", ".inf", "-.inf", "+.INF", "1_000", "0x1F", "0b101",
    "0123", "12:30", "2024-12-31", "15.50", "-0.0", "+5", "1e3", "9" * 120, "1" + "0" * 99,
    "0." + "0" * 150 + "1", "~", "null", "yes", "off", "-5", "-0.01", "100", "0", "0.0", "1e15", "1e100",
]
PRINTED = st.text(alphabet=st.sampled_from(list(
    "0123456789.%％≥≤><=万亿千百十一二两三五零〇余多约以上下内前底月日年天场人次期个元项达到预期完成未基本 \t"
    "（）()/-~、，,Ee")), max_size=14)
ODD_TEXT = ["", " ", "\n", "null", "𠀀", "\u202e", "\x1b[31m"]
TEXT = st.one_of(st.text(max_size=12), PRINTED, st.sampled_from(ODD_TEXT))
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.integers(), TEXT,
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(NASTY_NUMBERS).map(Raw),
)
JUNK = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)), max_leaves=8)


def mostly(valid):
    """The valid shape most of the time, junk now and then, so forms get past the schema and score."""
    return st.one_of(valid, valid, valid, valid, valid, valid, JUNK)


VALID_NUMBER = st.one_of(st.integers(0, 100), st.none(),
                         st.decimals(0, 1000, places=2, allow_nan=False).map(lambda d: Raw(f"{d:f}")))
NUMBER = st.one_of(VALID_NUMBER, st.sampled_from(NASTY_NUMBERS).map(Raw))
LEVEL1 = st.sampled_from(["产出指标", "效益指标", "满意度指标", "成本指标", "产出", None, "其他"])
DIRECTION = st.sampled_from(["positive", "negative", "exact", "qualitative", "deadline", None])


def _same(strategy):
    return strategy


def project_files(number, field, rate=None):
    """Project-file-shaped dicts; `field` wraps every value (identity, or `mostly` to mix in junk)."""
    indicator = st.fixed_dictionaries(
        {"name": field(st.text(min_size=1, max_size=8))},
        optional={
            "goal": field(st.integers(1, 3)), "level1": field(LEVEL1), "level2": field(TEXT),
            "target": field(PRINTED), "actual": field(PRINTED), "weight": field(number),
            "reported_score": field(number), "direction": field(DIRECTION), "note": field(TEXT),
        })
    goal = st.fixed_dictionaries(
        {"id": field(st.integers(1, 3))},
        optional={"text": TEXT, "weight": field(number), "reported_score": field(number)})
    budget = st.fixed_dictionaries(
        {"planned": field(number), "executed": field(number)},
        optional={"initial": field(number), "weight": field(number), "reported_score": field(number),
                  "reported_rate": field(rate if rate is not None else st.one_of(PRINTED, number))})
    project = st.fixed_dictionaries({"name": field(st.text(min_size=1, max_size=8))},
                                    optional={"department": TEXT, "year": field(st.integers(1990, 2100))})
    return st.fixed_dictionaries(
        {
            "form": field(st.sampled_from(["project", "department"])), "project": field(project),
            "budget": field(budget), "indicators": field(st.lists(indicator, max_size=6)),
        },
        optional={
            "ruleset": field(st.sampled_from(builtin_ids())), "goals": field(st.lists(goal, max_size=3)),
            "indicators_total": field(st.fixed_dictionaries({}, optional={"weight": number,
                                                                          "reported_score": number})),
            "reported_total": field(number),
            "reported_grade": field(st.sampled_from(["优", "良", "中", "差", ""])),
        })


def _consistent(data: dict) -> dict:
    """Goal ids unique and every indicator's goal defined, so the form gets as far as scoring."""
    goals, seen = [], set()
    for goal in data.get("goals") or ():
        if goal["id"] not in seen:
            seen.add(goal["id"])
            goals.append(goal)
    if "goals" in data:
        data["goals"] = goals
    for indicator in data["indicators"]:
        if indicator.get("goal") not in seen:
            indicator.pop("goal", None)
    return data


RATE = st.one_of(st.decimals(0, 200, places=1, allow_nan=False).map(lambda d: f"{d}%"), st.none())
VALID_FILE = project_files(VALID_NUMBER, _same, RATE).map(_consistent)
# well-formed forms with random content reach scoring; junk-laden ones exercise every refusal
PROJECT_FILE = st.one_of(VALID_FILE, project_files(NUMBER, mostly),
                         st.tuples(VALID_FILE, st.text(max_size=8), JUNK).map(lambda t: {**t[0], t[1]: t[2]}))

TOKENS = [
    b"[", b"]", b"{", b"}", b":", b": ", b", ", b"\n", b"\n  ", b"- ", b"&a ", b"*a", b"!!python/object ",
    b"<<: ", b"'", b'"', b"\t", b"# ", b"---\n", b"budget", b"planned", b"indicators", b"form: project",
    b"1e999999", b".nan",
    b"-5", b"15.50", b"\xff", b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", "指标".encode(), "指标".encode("gbk"),
    "達到".encode("big5"), b"\x1b", b"\\u202e", b"? ", b"|\n", b">-\n", b"%YAML 1.1\n", b"!foo ",
]


# ------------------------------------------------------------------ helpers

def _evaluate_and_render(form, ruleset) -> None:
    evaluation = evaluate_form(form, ruleset, "fuzz.yaml")
    assert isinstance(evaluation, Evaluation)
    for render in FORMATTERS.values():
        assert isinstance(render([evaluation], explain=True), str)


def _check_document(doc) -> None:
    """Document → Form → every ruleset; InputError is the only acceptable failure."""
    try:
        form = form_from_document(doc)
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    for ruleset in RULESETS.values():
        _evaluate_and_render(form, ruleset)


# ------------------------------------------------------------------ project files

@examples(250)
@given(PROJECT_FILE, st.booleans())
def test_project_shaped_files(data, flow):
    text = dump(data, flow)
    try:
        form = load_form_text(text, "fuzz.yaml")
    except InputError as exc:
        assert exc.file == "fuzz.yaml" and "\n" not in str(exc)
        return
    for ruleset in RULESETS.values():
        _evaluate_and_render(form, ruleset)


@examples(60)
@given(PROJECT_FILE)
def test_project_files_through_the_engine(data):
    """evaluate_file: the file path, pick_ruleset and the form's own `ruleset:` included."""
    fd, path = tempfile.mkstemp(suffix=".yaml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(dump(data, False))
        try:
            evaluation = evaluate_file(path, LOADER)
        except InputError as exc:
            assert exc.file and "\n" not in str(exc)
        else:
            assert evaluation.file == path
    finally:
        os.unlink(path)


@examples(200)
@given(st.binary(max_size=600))
def test_arbitrary_bytes(data):
    try:
        doc = load_yaml_text(data, "fuzz.yaml")
    except InputError as exc:
        assert exc.file == "fuzz.yaml"
        return
    _check_document(doc)


@examples(300)
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map(b"".join))
def test_yaml_token_soup(data):
    try:
        doc = load_yaml_text(data, "fuzz.yaml")
    except InputError as exc:
        assert exc.file == "fuzz.yaml" and "\n" not in str(exc)
        return
    _check_document(doc)


@examples(150)
@given(st.text(max_size=300))
def test_arbitrary_text(text):
    try:
        doc = load_yaml_text(text, "fuzz.yaml")
    except InputError:
        return
    _check_document(doc)


# ------------------------------------------------------------------ printed values

READERS = [ValueReader(), ValueReader({"达标": ">=", "封顶": "<=", "不突破": "<="})]
CELL_VALUES = st.one_of(
    st.text(max_size=40), PRINTED, st.none(), st.booleans(), st.integers(), st.decimals(allow_nan=True),
    st.floats(), st.sampled_from([*NASTY_NUMBERS, "NaN", "Infinity", "-Infinity", "sNaN", "1e999999%",
                                  "≥1e999999万", "9" * 5000, "≥" * 1000, "（" * 500 + "1", "\ud800"]),
)


@examples(300)
@given(CELL_VALUES)
def test_value_reader_never_raises(value):
    for reader in READERS:
        reading = reader.read(value)
        assert reading.remark != "无法读取该值", f"ValueReader._read raised on {value!r}"
        assert reading.describe()
        for number in [reading.number, *(n for n, _ in reading.candidates)]:
            if number is not None:
                assert number.is_finite()


# ------------------------------------------------------------------ formulas

ATOMS = st.sampled_from(["weight", "target", "actual", "0", "1", "2.5", "100", "1e15", "1e16", "0.0001"])
FORMULAS = st.recursive(ATOMS, lambda e: st.one_of(
    st.tuples(e, st.sampled_from(["+", "-", "*", "/", "//", "%", "**", "<", ">=", "==", "!=", "and", "or"]),
              e)
    .map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
    st.tuples(st.sampled_from(["min", "max", "abs", "clamp"]), st.lists(e, max_size=4))
    .map(lambda t: f"{t[0]}({', '.join(t[1])})"),
    st.tuples(e, e, e).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
    e.map(lambda s: f"-{s}"), e.map(lambda s: f"(not {s})"),
), max_leaves=10)
NAME_VALUES = st.one_of(
    st.sampled_from([Decimal(0), Decimal(1), Decimal("-1"), Decimal("1e15"), Decimal("1e-15")]),
    st.decimals(-10**6, 10**6, allow_nan=False, allow_infinity=False, places=4))


@examples(300)
@given(FORMULAS, NAME_VALUES, NAME_VALUES, NAME_VALUES)
def test_formulas_compile_and_evaluate_or_fail_cleanly(text, weight, target, actual):
    try:
        formula = compile_formula(text, "indicator")
    except FormulaError:
        return
    try:
        result = formula.evaluate(weight=weight, target=target, actual=actual)
    except FormulaError as exc:
        assert str(exc)
        return
    assert isinstance(result, Decimal) and result.is_finite() and abs(result) <= MAX_MAGNITUDE


@examples(150)
@given(st.text(max_size=80))
def test_arbitrary_formula_text(text):
    try:
        compile_formula(text, "budget")
    except FormulaError as exc:
        assert str(exc)


# ------------------------------------------------------------------ the real CLI: names, paths, outputs

_FUZZ_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_GOOD_FORM = (Path(__file__).resolve().parent.parent / "samples" / "002-proj-zuzhi-shiwu.yaml").read_bytes()
_CONTENTS = [_GOOD_FORM, b"form: [\n", b"", b"\xff\xfe\x00junk", _GOOD_FORM.replace(b"wuhan-2023", b"nope.yaml")]
# file-name characters: Chinese, spaces, formula starters, terminal controls, bidi, GBK bytes (as the
# surrogates Python decodes them to), quotes; never '/' or NUL (they cannot be in a name)
_NAME_CHARS = st.sampled_from(list("项目表 =+-@'\"\t\n\x1b\x07\u202e\x9b.;|$()[]") + ["\udccf", "\udcee", "a", "1"])
FILE_NAMES = st.one_of(
    st.text(_NAME_CHARS, min_size=1, max_size=30),
    st.integers(80, 90).map(lambda n: "项" * n),            # around the 255-byte limit
).map(lambda s: s + ".yaml").filter(lambda s: s not in (".yaml",))
OUTPUTS = st.sampled_from([None, "new", "same-input", "symlink-to-input", "folder", "read-only", "no-folder",
                           "device", "symlink-to-new", "long-name", "existing-0640"])
PATH_STYLES = st.sampled_from(["plain", "dot", "absolute", "parent", "missing-folder"])


def _target(kind, root: Path, form: Path):
    if kind in (None,):
        return None
    if kind == "new":
        return str(root / "报告.out")
    if kind == "same-input":
        return str(form)
    if kind == "symlink-to-input":
        (root / "alias.out").symlink_to(form)
        return str(root / "alias.out")
    if kind == "folder":
        (root / "folder").mkdir()
        return str(root / "folder")
    if kind == "read-only":
        (root / "ro.out").write_bytes(b"keep")
        (root / "ro.out").chmod(0o444)
        return str(root / "ro.out")
    if kind == "no-folder":
        return str(root / "nope" / "r.out")
    if kind == "device":
        try:
            os.mknod(root / "null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except OSError:
            return str(root / "报告.out")
        return str(root / "null")
    if kind == "symlink-to-new":
        (root / "link.out").symlink_to("target.out")
        return str(root / "link.out")
    if kind == "long-name":
        return str(root / ("报" * 80 + ".out"))
    (root / "m.out").write_bytes(b"old")
    (root / "m.out").chmod(0o640)
    return str(root / "m.out")


def _snapshot(root: Path) -> dict:
    """Every entry under root: kind, mode and content — what a run must not destroy."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(os.fsencode(root)):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            st_ = os.lstat(path)
            content = os.readlink(path) if stat.S_ISLNK(st_.st_mode) else (
                Path(os.fsdecode(path)).read_bytes() if stat.S_ISREG(st_.st_mode) else None)
            out[path] = (stat.S_IFMT(st_.st_mode), stat.S_IMODE(st_.st_mode), content)
    return out


@examples(60)
@given(FILE_NAMES, st.sampled_from(_CONTENTS), PATH_STYLES, OUTPUTS, st.sampled_from(["table", "json", "csv"]),
       st.booleans(), st.booleans())
def test_cli_over_names_paths_and_outputs(name, content, style, output, fmt, dashdash, second):
    """The real CLI (click runner): whatever the names, paths and output target, exit 0/1/2, one escaped
    Chinese line per problem, nothing destroyed, no temporary file left, reports valid."""
    from clirun import run
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        form = Path(os.fsdecode(os.path.join(os.fsencode(root), os.fsencode(name))))
        with contextlib.suppress(OSError):      # a name the file system refuses (over 255 bytes)
            form.write_bytes(content)
        arg = {"plain": str(form), "dot": str(root / "." / form.name), "absolute": str(form),
               "parent": str(root / "x" / ".." / form.name), "missing-folder": str(root / "无" / form.name)}[style]
        if style == "parent":
            (root / "x").mkdir()
        target = _target(output, root, form)
        files = [arg, str(root / "第二.yaml")] if second else [arg]
        if second:
            (root / "第二.yaml").write_bytes(_GOOD_FORM)
        protected = _snapshot(root)           # everything that exists before the run …
        if style == "missing-folder" and output in ("same-input", "symlink-to-input"):
            protected.pop(os.fsencode(form), None)   # … except a file that is no input and is the output
        args = ["evaluate", "--format", fmt, *(["-o", target] if target else []), *(["--"] if dashdash else []),
                *files]
        code, out, err = run(*args)
        after = _snapshot(root)
        assert code in (0, 1, 2), (code, err)
        assert "Traceback" not in err
        for line in err.splitlines():
            assert line.startswith(("错误：", "Usage:", "Try ", "Error:")) or not line.strip(), err
        assert not _FUZZ_CONTROL.search(err), repr(err)
        if fmt == "table":
            assert not _FUZZ_CONTROL.search(out), repr(out)
        if fmt == "json" and target is None and "Usage:" not in err:
            json.loads(out)
        for path, before in protected.items():
            if path.endswith(b"/m.out") or path.endswith(b"/null"):
                assert after[path][:2] == before[:2], path          # kind and mode kept
            else:
                assert after.get(path) == before, path              # untouched
        assert not [p for p in after if p.endswith(b".tmp")], "临时文件残留"
        if target and code in (0, 1):
            written = Path(target)
            assert written.exists()
            if fmt == "json" and not written.is_char_device():
                json.loads(written.read_bytes().decode("utf-8"))
