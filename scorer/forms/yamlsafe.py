"""Safe YAML loading for rulesets and forms: plain data plus the (line, column) of every key and item.

Rulesets and forms come from many offices, some broken and a few hostile, so loading must never
construct Python objects, never hang or blow up memory, never mis-decode Chinese text, and never let a
traceback reach the user: every problem becomes an `InputError` with file, line and column.

How it works, and why:

* We consume pyyaml's *event* stream (parser only, libyaml when available) and build the Python data
  ourselves with an explicit stack.  pyyaml's composers recurse per nesting level — the pure one hits
  RecursionError, the libyaml one segfaults (uncatchable) on ~200,000 nested ``[`` — while the event
  parser is iterative, so we can stop at the depth limit before anything deep is built.
* Only mappings, sequences and scalars with the standard tags are accepted; any other tag
  (``!!python/object``, ``!foo``, ``!!binary``, ``!!set`` ...) is an error.
* Mapping keys are always strings: the key's text as written (``2023:`` gives ``"2023"``, ``yes:`` gives
  ``"yes"``).  JSON-Schema validation and the key paths in messages both assume string keys, and YAML
  1.1 would otherwise turn ``on:``/``yes:`` into ``True``.
* Scalars: null/bool as YAML 1.1 resolves them; decimal ints (``1_000`` too), ``0x``/``0b`` ints; a
  number with a dot or an exponent becomes ``Decimal`` from its own text (``15.50`` keeps two decimals;
  ``1e3`` is accepted as in YAML 1.2).  Deliberately NOT resolved (they stay strings): timestamps
  (``2024-12-31``), leading-zero numbers such as codes ``0123`` (YAML 1.1 would read octal 83) and
  sexagesimal ``1:30`` (YAML 1.1 would read 90).  NaN/Infinity and absurd numbers are refused.
* Merge keys ``<<`` are SUPPORTED the standard YAML 1.1 way: the value must be a mapping or a list of
  mappings; explicitly written keys win over merged ones, and an earlier mapping in the list wins over
  a later one.  A key written twice in the same mapping is an error, a merged key overridden is not.
* Aliases are expanded into independent copies (callers may mutate the data safely).  Every node of
  every expansion counts towards `MAX_NODES`, and expansions count towards `MAX_DEPTH`, so "billion
  laughs" is refused after a bounded amount of work.  Positions inside an expanded alias point at the
  anchored original — the text the user would have to edit.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from yaml import events as _ev

from scorer.errors import InputError, os_error_text
from scorer.fastpath import fast_paths_enabled

__all__ = ["DEFAULT_MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "Document", "load_yaml_file", "load_yaml_text"]

DEFAULT_MAX_BYTES = 2 * 1024 * 1024   # configurable per call; a bigger file is refused
MAX_NODES = 200_000                   # keys + values after alias expansion; real files have a few thousand
MAX_DEPTH = 100                       # nesting of mappings/lists; real files nest < 10
MAX_EXPONENT = 100                    # |decimal exponent| of a number, e.g. 1e999999 is refused
MAX_DIGITS = 100                      # significant digits of a number

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = _TAG + "str", _TAG + "int", _TAG + "float", _TAG + "bool", _TAG + "null"
_MAP, _SEQ, _MERGE_TAG = _TAG + "map", _TAG + "seq", _TAG + "merge"
_KEY_TAGS = frozenset({None, "!", _STR, _INT, _FLOAT, _BOOL, _NULL, _MERGE_TAG})


class _PureLoader(yaml.SafeLoader):
    """Pure-Python parser; only its event stream is used."""


if getattr(yaml, "CSafeLoader", None) is not None:
    class _CLoader(yaml.CSafeLoader):  # type: ignore[misc, valid-type]
        """libyaml parser (fast); only its event stream is used."""
else:  # pragma: no cover - depends on how pyyaml was built
    _CLoader = None

_LOADER = _CLoader or _PureLoader


# ---------------------------------------------------------------------------------------------
# public API

@dataclass
class Document:
    """Loaded YAML data plus where each key/item was written, so later checks can point at the line."""

    data: Any
    source: str
    _positions: Any = field(default=None, repr=False, compare=False)   # (line, col, children) tree
    _text: str | None = field(default=None, repr=False, compare=False)  # set while positions are pending

    def position(self, path=()) -> tuple[int, int] | None:
        """1-based (line, column) of the value at `path` (str keys / int indices, e.g. jsonschema's
        error.absolute_path).  A mapping entry gives its KEY's position, a list item the item's.
        A path that does not exist gives its nearest existing ancestor; None only for an empty file."""
        if self._text is not None:          # built by the fast path: find the positions now
            self._positions = _load_text(self._text, self.source)._positions
            self._text = None
        entry = self._positions
        if entry is None:
            return None
        if path is None:
            path = ()
        elif isinstance(path, (str, int)):
            path = (path,)
        children = entry[2]
        for part in path:
            nxt = None
            if type(children) is dict:
                nxt = children.get(part if isinstance(part, str) else str(part))
            elif (type(children) is list and isinstance(part, int) and not isinstance(part, bool)
                  and 0 <= part < len(children)):
                nxt = children[part]
            if nxt is None:
                break
            entry = nxt
            children = entry[2]
        return entry[0], entry[1]

    def part(self, path, data) -> Document:
        """`data` standing for the value at `path`, keeping this file's name and line numbers — so a
        form written inside a ruleset's test case reports its errors at the ruleset's lines."""
        entry = self._positions
        for part in path:
            children = entry[2] if entry else None
            if type(children) is dict:
                entry = children.get(part if isinstance(part, str) else str(part))
            elif type(children) is list and isinstance(part, int) and 0 <= part < len(children):
                entry = children[part]
            else:
                entry = None
        return Document(data, self.source, entry)

    def error(self, message: str, path=()) -> InputError:
        """An InputError located at `path` in this document (file, line, column, path)."""
        pos = self.position(path)
        line, column = pos if pos is not None else (None, None)
        if not isinstance(path, str):
            path = list(path or ())
        return InputError(message, file=self.source, line=line, column=column, path=path)


def load_yaml_file(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES,
                   display_name: str | None = None, lazy_positions: bool = False) -> Document:
    """Read and safely parse one YAML file; every problem is an InputError naming the file.

    With `lazy_positions`, an ordinary file is built without its position tree, which is found
    (by the full builder) only if `position()` or `error()` is asked — most forms never are."""
    name = display_name if display_name is not None else os.fsdecode(path)
    try:
        _refuse_irregular(os.stat(path), name, max_bytes)
        # Opened without blocking and checked again on the open descriptor: a file swapped for a FIFO
        # or a device between stat() and open() is refused instead of hanging the run.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_BINARY", 0))
        with open(fd, "rb", closefd=True) as f:
            _refuse_irregular(os.fstat(fd), name, max_bytes)
            data = _read_at_most(f, max_bytes + 1)      # the file may have grown since stat()
    except InputError:
        raise
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(f"文件不存在：找不到 “{name}”，请检查路径和文件名", file=name) from None
    except PermissionError:
        raise InputError(f"文件不存在或无法读取：没有读取 “{name}” 的权限", file=name) from None
    except (OSError, ValueError) as e:
        raise InputError(f"文件不存在或无法读取：“{name}”（{os_error_text(e)}）", file=name) from None
    if len(data) > max_bytes:
        raise _too_big(len(data), max_bytes, name)
    return _load_text(_decode(data, name), name, lazy_positions)


def _refuse_irregular(st: os.stat_result, name: str, max_bytes: int) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"文件不存在：“{name}” 是一个文件夹，不是文件。请给出 YAML 文件的路径", file=name)
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"文件不存在：“{name}” 不是普通文件（可能是设备或管道），无法作为 YAML 读取", file=name)
    if st.st_size > max_bytes:
        raise _too_big(st.st_size, max_bytes, name)


_CHUNK = 1 << 20


def _read_at_most(f, limit: int) -> bytes:
    """Up to `limit` bytes, read in 1 MiB chunks: memory grows with the file, never with the limit."""
    chunks, size = [], 0
    while size < limit:
        chunk = f.read(min(_CHUNK, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def load_yaml_text(text: str | bytes, source: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Safely parse YAML given as text (or raw bytes, decoded like a file); `source` names it in messages."""
    if isinstance(text, (bytes, bytearray, memoryview)):
        data = bytes(text)
        if len(data) > max_bytes:
            raise _too_big(len(data), max_bytes, source)
        return _load_text(_decode(data, source), source)
    if not isinstance(text, str):
        raise TypeError(f"load_yaml_text() needs str or bytes, not {type(text).__name__}")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise _too_big(size, max_bytes, source)
    m = _SURROGATE_RE.search(text)
    if m:
        line, col = _line_col(text, m.start())
        raise InputError("文本中有无效的字符（孤立的 UTF-16 代理项），请检查文件编码或删除该字符",
                         file=source, line=line, column=col)
    return _load_text(text, source)


# ---------------------------------------------------------------------------------------------
# size and encoding

def _human(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} 字节"


def _too_big(size: int, limit: int, name: str) -> InputError:
    return InputError(
        f"文件太大：{_human(size)}（{size} 字节），超过上限 {_human(limit)}（{limit} 字节），为防止误读巨大"
        f"或恶意的文件已拒绝读取。正常的表单和规则文件远小于此；如确需处理更大的文件，"
        f"请在命令行用 --max-file-size 选项提高上限", file=name)


_MAGIC = (
    (b"PK\x03\x04", "ZIP 压缩格式（Excel .xlsx、Word .docx 都是这种格式）"),
    (b"\xd0\xcf\x11\xe0", "老版 Office 格式（Excel .xls 或 Word .doc）"),
    (b"%PDF", " PDF "),
)

_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_ASCII_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ASCII_RUN_RE = re.compile(r"[\x00-\x7f]+")
# Characters that make up ordinary Chinese office text besides ASCII: ideographs, CJK and general
# punctuation, fullwidth forms, ①/Ⅰ/㈠ numbering, table lines, common symbols (×÷±°℃№‰■●→≤√★).
_CHINESE_TEXT_RE = re.compile(
    "[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e\uffe0-\uffe5\u2010-\u2027\u2030-\u205e"
    "\u2160-\u217f\u2460-\u24ff\u3220-\u3229\u2500-\u257f\u25a0-\u25ff\u2190-\u21ff\u2200-\u22ff\u2605\u2606"
    "\u00a5\u00a7\u00b0\u00b1\u00b7\u00d7\u00f7\u2103\u2116]+")
_HANZI_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
_LEVEL2_LEADS = bytes(range(0xD8, 0x100))   # GB2312 lead bytes of the less frequent hanzi
_BAD_CATEGORIES = frozenset({"Co", "Cn", "Cs", "Cc", "Cf"})


def _decode(data: bytes, name: str) -> str:
    """Bytes -> text: UTF-8 (BOM optional), UTF-16 with BOM, or GBK/GB18030 that reads as real Chinese.

    Anything else is refused rather than guessed: mojibake in a form would be scored silently."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            text = data[3:].decode("utf-8")
        except UnicodeDecodeError as e:
            raise _encoding_error(data, e.start + 3, name, "文件开头标明是 UTF-8（带 BOM），但") from None
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise _encoding_error(data, e.start, name, "文件开头标明是 UTF-16，但") from None
    else:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise _binary_error(data, nul, name)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            text = _try_gb18030(data)
            if text is None:
                raise _encoding_error(data, e.start, name, "") from None
    return text       # a NUL inside UTF-16 text is caught by _load_text, with line and column


def _try_gb18030(data: bytes) -> str | None:
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return text if _plausible_chinese(text) else None


def _plausible_chinese(text: str) -> bool:
    """Does text decoded as GB18030 look like genuine Chinese?  GB18030 decodes almost any byte soup,
    and Big5/Shift-JIS files decode into wrong-but-valid characters, so we demand: no control,
    private-use, unassigned or format characters; ordinary Chinese characters and ASCII make up
    nearly everything; the ideographs are mostly the 3,755 everyday ones (GB2312 level 1) — true of
    real Chinese prose, not of random bytes or Big5/Shift-JIS read as GBK.  (EUC-KR Korean still reads
    as plausible hanzi; no byte-level test can tell, and such files are not expected here.)"""
    if _ASCII_CONTROL_RE.search(text):
        return False
    rest, _ = _CHINESE_TEXT_RE.subn("", text)
    others = _ASCII_RUN_RE.sub("", rest)
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    if len(others) > max(2, non_ascii // 20):
        return False
    if any(unicodedata.category(ch) in _BAD_CATEGORIES for ch in others):
        return False
    hanzi = "".join(_HANZI_RE.findall(text))
    leads = hanzi.encode("gb2312", "ignore")[0::2]     # every GB2312 hanzi is two bytes
    common = len(leads.translate(None, _LEVEL2_LEADS))  # level 1: the 3,755 most frequent hanzi
    return len(hanzi) - common <= max(2, len(hanzi) // 10)


def _encoding_error(data: bytes, offset: int, name: str, lead: str) -> InputError:
    bad = data[offset] if offset < len(data) else None
    what = f"（0x{bad:02X}）" if bad is not None else ""
    line = data.count(b"\n", 0, offset) + 1
    detail = (f"{lead}从文件开头算第 {offset + 1} 个字节{what}不是有效的 UTF-8"
              + ("" if lead else "，按 GBK/GB18030 解读也不像正常的中文文本"))
    return InputError(f"无法识别文件编码：请另存为 UTF-8（{detail}）", file=name, line=line)


def _binary_error(data: bytes, offset: int, name: str) -> InputError:
    kind = next((desc for magic, desc in _MAGIC if data.startswith(magic)), None)
    if kind:
        msg = f"这不是 YAML 文本文件：看起来是{kind}文件。请提交 YAML 格式的文本文件"
    else:
        msg = (f"这不是文本文件：从文件开头算第 {offset + 1} 个字节是 NUL（0x00），看起来是二进制文件。"
               f"请提交 YAML 格式的文本文件；如果它是 UTF-16 编码的文本，请另存为 UTF-8")
    return InputError(msg, file=name)


# ---------------------------------------------------------------------------------------------
# scalars

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {
    "yes": True, "Yes": True, "YES": True, "true": True, "True": True, "TRUE": True,
    "on": True, "On": True, "ON": True,
    "no": False, "No": False, "NO": False, "false": False, "False": False, "FALSE": False,
    "off": False, "Off": False, "OFF": False,
}
_DEC_INT_RE = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")
_ANY_DEC_INT_RE = re.compile(r"[-+]?[0-9][0-9_]*")          # for an explicit !!int only
_RADIX_INT_RE = re.compile(r"[-+]?0(?:b[01_]+|x[0-9a-fA-F_]+)")
_FLOAT_RE = re.compile(r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT_RE = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_NUMBER_START = frozenset("+-.0123456789")


class _ScalarProblem(Exception):
    """A bad scalar; the builder adds file/line/column/path."""


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _absurd(text: str) -> _ScalarProblem:
    return _ScalarProblem(
        f"数值 “{_short(text)}” 太大、太小或位数太多（指数的绝对值不能超过 {MAX_EXPONENT}，有效数字不能超过 "
        f"{MAX_DIGITS} 位）。如果这是编号或文字而不是数值，请给它加上引号")


def _not_finite(text: str) -> _ScalarProblem:
    return _ScalarProblem(
        f"“{text}” 不是有效的数值：不支持 NaN（非数）和无穷大。请填写具体的数字；"
        f"如果这本来就是一段文字，请给它加上引号")


def _to_int(text: str) -> int:
    t = text.replace("_", "")
    sign = -1 if t[0] == "-" else 1
    t = t.lstrip("+-")
    base = 10
    if t[:2] in ("0b", "0x"):
        base = 2 if t[1] == "b" else 16
        t = t[2:]
    if not t:
        raise _ScalarProblem(f"“{text}” 不是有效的整数")
    t = t.lstrip("0") or "0"     # leading zeros would count against int()'s digit limit
    if len(t) > MAX_DIGITS:
        raise _absurd(text)
    return sign * int(t, base)


def _to_decimal(text: str) -> Decimal:
    try:
        d = Decimal(text.replace("_", ""))
    except InvalidOperation:
        raise _absurd(text) from None
    if not d.is_finite():
        raise _not_finite(text)
    if abs(d.adjusted()) > MAX_EXPONENT or len(d.as_tuple().digits) > MAX_DIGITS:
        raise _absurd(text)
    return d


def _is_float_text(text: str) -> bool:
    return (_FLOAT_RE.fullmatch(text) is not None
            and ("." in text or "e" in text or "E" in text))


def _resolve_plain(text: str) -> Any:
    """Implicit typing of an untagged plain scalar (see module docstring for what is left a string)."""
    if text in _NULLS:
        return None
    b = _BOOLS.get(text)
    if b is not None:
        return b
    if text[0] in _NUMBER_START:
        if _DEC_INT_RE.fullmatch(text) or _RADIX_INT_RE.fullmatch(text):
            return _to_int(text)
        if _SPECIAL_FLOAT_RE.fullmatch(text):
            raise _not_finite(text)
        if _is_float_text(text):
            return _to_decimal(text)
    return text


def _resolve_scalar(event) -> Any:
    tag = event.tag
    text = event.value
    if tag is None:
        return _resolve_plain(text) if event.implicit[0] else text
    if tag == "!" or tag == _STR:
        return text
    if tag == _NULL:
        if text in _NULLS:
            return None
        raise _ScalarProblem(f"标为空值（!!null）的 “{_short(text)}” 不是空值；空值应写成 null、~ 或留空")
    if tag == _BOOL:
        if text in _BOOLS:
            return _BOOLS[text]
        raise _ScalarProblem(f"标为布尔值（!!bool）的 “{_short(text)}” 不是布尔值；"
                             f"应写成 true/false（或 yes/no）")
    if tag == _INT:
        if _ANY_DEC_INT_RE.fullmatch(text) or _RADIX_INT_RE.fullmatch(text):
            return _to_int(text)
        raise _ScalarProblem(f"标为整数（!!int）的 “{_short(text)}” 不是整数")
    if tag == _FLOAT:
        if _SPECIAL_FLOAT_RE.fullmatch(text):
            raise _not_finite(text)
        if _FLOAT_RE.fullmatch(text):
            return _to_decimal(text)
        with contextlib.suppress(InvalidOperation):
            if not Decimal(text).is_finite():      # "nan", "Infinity" ... spelled the Python way
                raise _not_finite(text)
        raise _ScalarProblem(f"标为小数（!!float）的 “{_short(text)}” 不是数字")
    raise _unsupported_tag(tag)


def _show_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


def _unsupported_tag(tag: str) -> _ScalarProblem:
    msg = (f"不支持的标签 “{_show_tag(tag)}”：这里只允许普通的映射、列表、文字、数字、布尔值和空值")
    if "python" in tag:
        msg += "（出于安全原因，不能在 YAML 中构造 Python 对象）"
    elif tag.startswith("!") and not tag.startswith("!!"):
        msg += "。如果 “!” 是内容的一部分，请给这个值加上引号"
    return _ScalarProblem(msg)


# ---------------------------------------------------------------------------------------------
# building data from events

_NO_KEY = object()     # a mapping frame waiting for its next key
_MERGE = object()      # the pending key is a merge key `<<`
_UNRESOLVED = object()


class _Frame:
    __slots__ = ("anchor", "col", "data", "height", "is_map", "key", "key_col", "key_line", "line",
                 "merges", "part", "pos", "size")

    def __init__(self, is_map: bool, anchor, line: int, col: int, part):
        self.is_map = is_map
        self.data: Any = {} if is_map else []
        self.pos: Any = {} if is_map else []
        self.anchor = anchor
        self.line = line
        self.col = col
        self.part = part
        self.size = 1
        self.height = 1
        self.key: Any = _NO_KEY
        self.key_line = self.key_col = 0
        self.merges: list | None = None


class _Anchor:
    __slots__ = ("children", "event", "height", "line", "size", "text", "value")

    def __init__(self, value, children, size, height, line, text=None, event=None):
        self.value = value
        self.children = children
        self.size = size
        self.height = height
        self.line = line
        self.text = text      # scalar text, so an alias may serve as a key
        self.event = event    # scalar event of an anchored key, resolved lazily if used as a value


def _copy(value):
    """Independent copy of an alias target (depth is bounded by MAX_DEPTH, so recursion is safe)."""
    t = type(value)
    if t is dict:
        return {k: _copy(v) for k, v in value.items()}
    if t is list:
        return [_copy(v) for v in value]
    return value


class _Builder:
    """Turns parser events into (data, position tree), enforcing the node, depth and key rules."""

    def __init__(self, source: str):
        self.source = source
        self.stack: list[_Frame] = []
        self.anchors: dict[str, _Anchor] = {}
        self.open_anchors: dict[str, int] = {}
        self.nodes = 0
        self.documents = 0
        self.root: Any = None
        self.root_pos: tuple | None = None
        self.mark = None

    # -- errors
    def fail(self, message: str, line: int | None = None, col: int | None = None, path=None) -> InputError:
        if line is None and self.mark is not None:
            line, col = self.mark.line + 1, self.mark.column + 1
        return InputError(message, file=self.source, line=line, column=col,
                          path=self.slot_path() if path is None else path)

    def frame_path(self) -> list:
        return [f.part for f in self.stack[1:]]

    def slot_path(self) -> list:
        """Path of the value about to be attached — for messages about that value."""
        path = self.frame_path()
        if self.stack:
            top = self.stack[-1]
            if not top.is_map:
                path.append(len(top.data))
            elif top.key is _MERGE:
                path.append("<<")
            elif top.key is not _NO_KEY:
                path.append(top.key)
        return path

    def count(self, n: int) -> None:
        self.nodes += n
        if self.nodes > MAX_NODES:
            cause = ("常见原因是别名（*名称）被层层嵌套引用，使内容成倍膨胀" if self.anchors
                     else "请把内容拆分成多个文件")
            raise self.fail(
                f"内容过于庞大：{'展开锚点和别名后' if self.anchors else ''}超过 {MAX_NODES} 个节点，已停止读取。"
                f"正常的表单和规则文件远小于此；{cause}")

    def depth_error(self) -> InputError:
        # no key path: it would be MAX_DEPTH parts long; line and column say enough
        err = self.fail(f"嵌套层数过深：超过 {MAX_DEPTH} 层（含别名展开后的层数）。"
                        f"正常的表单不会嵌套这么深，请检查括号“[ ]”“{{ }}”是否成对、缩进是否正确", path=())
        err.limit = "depth"
        return err

    # -- main loop
    def run(self, loader) -> None:
        scalar, start, end, alias = self.scalar, self.start, self.end, self.alias
        get_event = loader.get_event
        while True:
            event = get_event()
            self.mark = event.start_mark
            t = type(event)
            if t is _ev.ScalarEvent:
                scalar(event)
            elif t is _ev.MappingStartEvent:
                start(event, True)
            elif t is _ev.SequenceStartEvent:
                start(event, False)
            elif t is _ev.MappingEndEvent or t is _ev.SequenceEndEvent:
                end()
            elif t is _ev.AliasEvent:
                alias(event)
            elif t is _ev.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    raise self.fail("文件中有多个 YAML 文档（用 “---” 分隔），只允许一个。如果 “---” 只是"
                                    "分隔线，请删除它或在行首加 “#” 变成注释", path=())
            elif t is _ev.StreamEndEvent:
                return

    def set_key(self, top: _Frame, key, line: int, col: int) -> None:
        if key is _MERGE:
            if top.merges is not None:
                raise self.fail("合并键 “<<” 在同一个映射中出现了两次；要合并多个映射请写成 <<: [*甲, *乙]",
                                line, col, [*self.frame_path(), "<<"])
            top.merges = []
        elif key in top.data:
            raise self.fail(f"键 “{_short(key)}” 重复：第 {top.pos[key][0]} 行已定义过", line, col,
                            [*self.frame_path(), key])
        top.key, top.key_line, top.key_col = key, line, col
        top.size += 1

    def key_expected(self) -> _Frame | None:
        if self.stack:
            top = self.stack[-1]
            if top.is_map and top.key is _NO_KEY:
                return top
        return None

    def scalar(self, event) -> None:
        self.count(1)
        mark = event.start_mark
        line, col = mark.line + 1, mark.column + 1
        if event.style == '"' and _SURROGATE_RE.search(event.value):
            # pure pyyaml decodes "\ud800" into a lone surrogate (libyaml refuses); it would crash printing
            raise self.fail("双引号中的 \\u 转义表示了无效的字符（孤立的 UTF-16 代理项）", line, col)
        top = self.key_expected()
        if top is not None:
            tag = event.tag
            if tag not in _KEY_TAGS:
                raise self.fail(str(_unsupported_tag(tag)), line, col, self.frame_path())
            text = event.value
            merge = text == "<<" and (tag == _MERGE_TAG or (tag is None and event.implicit[0]))
            self.set_key(top, _MERGE if merge else text, line, col)
            if event.anchor is not None:
                self.define(event.anchor, _Anchor(_UNRESOLVED, None, 1, 0, line, text, event))
            return
        try:
            value = _resolve_scalar(event)
        except _ScalarProblem as e:
            raise self.fail(str(e), line, col) from None
        if event.anchor is not None:
            self.define(event.anchor, _Anchor(value, None, 1, 0, line, event.value))
        self.attach(value, None, 1, 0, line, col)

    def check_anchor(self, name: str) -> None:
        first = self.anchors[name].line if name in self.anchors else self.open_anchors.get(name)
        if first is not None:
            raise self.fail(f"锚点 “&{name}” 重复定义：第 {first} 行已定义过。请给锚点起不同的名字")

    def define(self, name: str, anchor: _Anchor) -> None:
        self.check_anchor(name)
        self.anchors[name] = anchor

    def start(self, event, is_map: bool) -> None:
        self.count(1)
        mark = event.start_mark
        line, col = mark.line + 1, mark.column + 1
        stack = self.stack
        if self.key_expected() is not None:
            raise self.fail("键必须是简单的文字或数字，不能是列表或映射（如 “? [a, b]” 或 “{a: 1}: x”）",
                            line, col, self.frame_path())
        if len(stack) >= MAX_DEPTH:
            raise self.depth_error()
        tag = event.tag
        if tag is not None and tag != "!" and tag != (_MAP if is_map else _SEQ):
            raise self.fail(str(_unsupported_tag(tag)), line, col)
        part = None
        if stack:
            top = stack[-1]
            part = len(top.data) if not top.is_map else ("<<" if top.key is _MERGE else top.key)
        anchor = event.anchor
        if anchor is not None:
            self.check_anchor(anchor)
            self.open_anchors[anchor] = line
        stack.append(_Frame(is_map, anchor, line, col, part))

    def end(self) -> None:
        frame = self.stack.pop()
        data, pos = frame.data, frame.pos
        if frame.merges:
            data, pos = self.merge(frame)
        if frame.anchor is not None:
            del self.open_anchors[frame.anchor]
            self.anchors[frame.anchor] = _Anchor(data, pos, frame.size, frame.height, frame.line)
        self.attach(data, pos, frame.size, frame.height, frame.line, frame.col)

    @staticmethod
    def merge(frame: _Frame) -> tuple[dict, dict]:
        """Standard `<<` semantics: earlier sources win over later ones, written keys win over all."""
        data: dict = {}
        pos: dict = {}
        for src, src_pos in frame.merges:
            for k, v in src.items():
                if k not in data:
                    data[k] = v
                    pos[k] = src_pos[k]
        data.update(frame.data)
        pos.update(frame.pos)
        return data, pos

    def alias(self, event) -> None:
        name = event.anchor
        mark = event.start_mark
        line, col = mark.line + 1, mark.column + 1
        anchor = self.anchors.get(name)
        if anchor is None:
            if name in self.open_anchors:
                raise self.fail(f"别名 “*{name}” 引用了它自己所在的锚点 “&{name}”"
                                f"（第 {self.open_anchors[name]} 行），形成循环引用，这是不允许的", line, col)
            raise self.fail(f"别名 “*{name}” 找不到对应的锚点 “&{name}”：锚点必须在使用别名之前定义",
                            line, col)
        self.count(anchor.size)
        top = self.key_expected()
        if top is not None:
            if anchor.text is None:
                raise self.fail(f"别名 “*{name}” 指向列表或映射，不能用作键；键必须是简单的文字或数字",
                                line, col, self.frame_path())
            self.set_key(top, anchor.text, line, col)
            return
        if len(self.stack) + anchor.height > MAX_DEPTH:
            raise self.depth_error()
        value = anchor.value
        if value is _UNRESOLVED:
            try:
                value = anchor.value = _resolve_scalar(anchor.event)
            except _ScalarProblem as e:
                raise self.fail(str(e), line, col) from None
        self.attach(_copy(value), anchor.children, anchor.size, anchor.height, line, col)

    def attach(self, value, children, size: int, height: int, line: int, col: int) -> None:
        stack = self.stack
        if not stack:
            self.root = value
            self.root_pos = (line, col, children)
            return
        top = stack[-1]
        top.size += size
        if height >= top.height:
            top.height = height + 1
        if not top.is_map:
            top.data.append(value)
            top.pos.append((line, col, children))
            return
        key = top.key
        if key is _MERGE:
            self.add_merge(top, value, children)
        else:
            top.data[key] = value
            top.pos[key] = (top.key_line, top.key_col, children)
        top.key = _NO_KEY

    def add_merge(self, top: _Frame, value, children) -> None:
        if type(value) is dict:
            top.merges.append((value, children))
        elif type(value) is list and all(type(v) is dict for v in value):
            top.merges.extend((v, c[2]) for v, c in zip(value, children, strict=True))
        else:
            raise self.fail("合并键 “<<” 的值必须是映射（如 <<: *锚点名）或映射的列表（如 <<: [*甲, *乙]）",
                            top.key_line, top.key_col, [*self.frame_path(), "<<"])


# ---------------------------------------------------------------------------------------------
# fast path: data only, for ordinary files

_SURPRISE = object()
# Anchors/aliases (& *), tags (!) and merge keys (<<) need the full builder; so does a byte-order
# mark or anything else below.  Text containing these characters anywhere (comments too) just
# takes the full path.
_FULL_BUILDER_CHARS = ("&", "*", "!", "<<", "\ufeff")
_ScalarEvent, _MapStart, _SeqStart = _ev.ScalarEvent, _ev.MappingStartEvent, _ev.SequenceStartEvent
_MapEnd, _SeqEnd = _ev.MappingEndEvent, _ev.SequenceEndEvent
_StreamEnd, _DocStart = _ev.StreamEndEvent, _ev.DocumentStartEvent


def _fast_data(text: str):
    """The data the full builder would give, without positions; `_SURPRISE` for anything the full
    builder must handle or report (duplicate keys, depth or size limits, bad scalars, syntax errors,
    several documents, ...) — it then runs from the start, so errors are found and worded there."""
    for chars in _FULL_BUILDER_CHARS:
        if chars in text:
            return _SURPRISE
    data = _line_data(text)
    if data is not _SURPRISE:
        return data
    loader = None
    try:
        loader = _CLoader(text)
        return _fast_build(loader.get_event)
    except Exception:       # a syntax error, a bad scalar …: the full builder says what is wrong
        return _SURPRISE
    finally:
        if loader is not None:
            with contextlib.suppress(Exception):
                loader.dispose()


def _fast_build(get_event):
    containers: list = []           # open mappings/lists, innermost last
    keys: list = []                 # per open container: the pending key (mappings), else None
    root = None
    nodes = documents = 0
    key = _NO_KEY                   # pending key of the innermost mapping (_NO_KEY: a key is next)
    top = None
    is_map = False
    while True:
        event = get_event()
        t = type(event)
        if t is _ScalarEvent:
            nodes += 1
            if event.style == '"' and _SURROGATE_RE.search(event.value):
                return _SURPRISE
            if is_map and key is _NO_KEY:
                key = event.value
                if key in top:
                    return _SURPRISE                         # duplicate key: the full builder reports it
                continue
            value = _resolve_plain(event.value) if event.implicit[0] else event.value
        elif t is _MapStart or t is _SeqStart:
            nodes += 1
            if (is_map and key is _NO_KEY) or len(containers) >= MAX_DEPTH:
                return _SURPRISE                             # complex key, or too deep
            keys.append(key)
            containers.append(top)
            top = {} if t is _MapStart else []
            is_map = t is _MapStart
            key = _NO_KEY
            continue
        elif t is _MapEnd or t is _SeqEnd:
            value = top
            top = containers.pop()
            key = keys.pop()
            is_map = type(top) is dict
        elif t is _DocStart:
            documents += 1
            if documents > 1:
                return _SURPRISE
            continue
        elif t is _StreamEnd:
            return root
        else:
            continue                                         # stream/document start and end
        if nodes > MAX_NODES:
            return _SURPRISE
        if top is None:
            root = value
        elif is_map:
            top[key] = value
            key = _NO_KEY
        else:
            top.append(value)


# ---------------------------------------------------------------------------------------------
# fastest path: the plain block layout forms are written in, read line by line without libyaml
#
# Forms are key: value lines, "- " list items and comments, nothing else.  `_line_data` reads exactly
# that layout and returns `_SURPRISE` for anything beyond it (flow [ ] { }, block scalars | >,
# multi-line or escaped scalars, quoted keys, tabs, odd characters, misaligned lines …); the
# libyaml fast path, and behind it the full builder, then read the file.  Tests check it against the
# full builder on the samples, the bad-input corpus and randomly damaged forms.

# Characters that send a file elsewhere: everything outside YAML's printable set, every line break
# but \n (\r, \x85, \u2028, \u2029), tabs and the BOM.
_LINE_ODD_RE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_LINE_RE = re.compile(r"( *)(?:(-)(?: +|$))?(?:(\w+):(?: +|$))?(.*)")
_PLAIN_BAD_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
_EMPTY = object()          # "key:" or "-" with nothing after it: a nested block follows, or null


def _line_scalar(rest: str):
    """The value written after "key: " or "- " on one line, `_EMPTY`, or `_SURPRISE`."""
    if not rest or rest[0] == "#":
        return _EMPTY
    first = rest[0]
    if first == '"' or first == "'":
        end = rest.find(first, 1)
        if end < 0:
            return _SURPRISE
        value = rest[1:end]
        if first == '"' and "\\" in value:
            return _SURPRISE
        after = rest[end + 1:]
        tail = after.lstrip(" ")
        if tail and (tail[0] != "#" or tail == after):     # a comment needs a space before it
            return _SURPRISE
        return value
    if first in _PLAIN_BAD_START and (first != "-" or len(rest) < 2 or rest[1] == " "):
        return _SURPRISE
    comment = rest.find(" #")
    text = (rest if comment < 0 else rest[:comment]).rstrip(" ")
    if ": " in text or text[-1] == ":":
        return _SURPRISE
    try:
        return _resolve_plain(text)
    except _ScalarProblem:
        return _SURPRISE


_SKIP = object()           # a blank or comment line
_LINES: dict = {}          # line text -> what `_line` makes of it: forms repeat most of their lines
_LINES_MAX = 20_000


def _line(line: str):
    """One line as (indent, is a list item, key or None, value or _EMPTY, column of the key or dash),
    `_SKIP`, or `_SURPRISE`.  (A document marker "---"/"..." or a directive "%" is neither a key nor
    a list item, so it is a surprise like every other such line.)"""
    m = _LINE_RE.match(line)
    indent, dash, key, rest = m.groups()
    if key is None and dash is None:
        if not rest or rest[0] == "#":
            return _SKIP                   # blank, or a comment
        return _SURPRISE                   # a scalar on its own line (continuation, root scalar …)
    if key is not None and len(line) > 1000:
        return _SURPRISE                   # libyaml gives up on a key not closed within 1024 characters
    value = _line_scalar(rest)
    if value is _SURPRISE:
        return _SURPRISE
    column = len(indent)
    return column, dash is not None, key, value, column if key is None or dash is None else m.start(3)


def _line_data(text: str):
    """The data of a form written in the plain block layout, or `_SURPRISE` (see above)."""
    if _LINE_ODD_RE.search(text):
        return _SURPRISE
    stack: list = []           # open containers: [indent, dict or list, compact] innermost last
    root = None
    pending = None             # (container, key or None for a list item, column of its key or dash)
    limit = -1                 # after a scalar: deepest indent the next line may have (else continuation)
    nodes = 0
    lines = _LINES
    for line in text.split("\n"):
        parsed = lines.get(line)
        if parsed is None:
            parsed = _line(line)
            if len(lines) >= _LINES_MAX:
                lines.clear()
            lines[line] = parsed
        if parsed is _SKIP:
            continue
        if parsed is _SURPRISE:
            return _SURPRISE
        indent, dash, key, value, column = parsed
        if 0 <= limit < indent:
            return _SURPRISE
        nodes += 3                             # a key, its value and maybe a container: counted high
        if nodes > MAX_NODES or len(stack) >= MAX_DEPTH:
            return _SURPRISE
        if pending is not None:
            owner, owner_key, owner_column = pending
            pending = None
            if indent > owner_column or (indent == owner_column and dash and owner_key is not None):
                new = [] if dash else {}
                if owner_key is None:
                    owner.append(new)
                else:
                    owner[owner_key] = new
                stack.append((indent, new, indent == owner_column))
            elif owner_key is None:
                owner.append(None)
        elif not stack:
            if root is not None:
                return _SURPRISE
            root = [] if dash else {}
            stack.append((indent, root, False))
        top = stack[-1]
        if top[0] != indent:
            while stack and stack[-1][0] > indent:
                stack.pop()
            if not stack:
                return _SURPRISE
            top = stack[-1]
        if top[2] and not dash and top[0] == indent:
            stack.pop()                        # a key after a compact list ("key:\n- a"): the list ends
            top = stack[-1]
        if top[0] != indent:
            return _SURPRISE                   # misaligned
        container = top[1]
        if dash:
            if type(container) is not list:
                return _SURPRISE
            if key is None:
                if value is _EMPTY:
                    pending, limit = (container, None, indent), -1
                else:
                    container.append(value)
                    limit = indent
                continue
            mapping: dict = {}
            container.append(mapping)
            stack.append((column, mapping, False))
            container = mapping
        elif type(container) is not dict:
            return _SURPRISE
        if key in container:
            return _SURPRISE                   # a duplicate key: the full builder reports it
        if value is _EMPTY:
            container[key] = None
            pending, limit = (container, key, column), -1
        else:
            container[key] = value
            limit = column
    if root is None:
        return _SURPRISE
    if pending is not None and pending[1] is None:
        pending[0].append(None)
    return root


# ---------------------------------------------------------------------------------------------
# parsing and syntax errors

def _load_text(text: str, source: str, lazy_positions: bool = False) -> Document:
    """Parse decoded text; anything that goes wrong becomes an InputError."""
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        line, col = _line_col(text, text.index("\x00"))
        raise InputError("文本中有 NUL 字符（0x00），看起来是二进制内容而不是 YAML 文本", file=source,
                         line=line, column=col)
    if lazy_positions and _CLoader is not None and fast_paths_enabled():
        data = _fast_data(text)
        if data is not _SURPRISE:
            return Document(data, source, None, text)
    try:
        return _parse(text, source, _LOADER)
    except _ParserLimit as limit:
        # libyaml refused the text on a limit of its own (PyYAML 6.0.4 bundles one for flow nesting,
        # with English text only).  Which limit applies, and how it is worded, must not depend on the
        # installed libyaml: the pure parser has no such limit, so let it find ours — or the syntax
        # error both agree on.  Never recognised by the dependency's message text.
        try:
            return _parse(text, source, _PureLoader)
        except InputError as err:
            raise (err if err.limit else limit.error) from None


class _ParserLimit(Exception):
    """libyaml stopped on a syntax error; carries the error as libyaml located it."""

    def __init__(self, error: InputError):
        super().__init__(error.message)
        self.error = error


def _parse(text: str, source: str, loader_cls) -> Document:
    builder = _Builder(source)
    loader = None
    try:
        loader = loader_cls(text)
        builder.run(loader)
    except InputError:
        raise
    except yaml.MarkedYAMLError as e:
        error = _syntax_error(e, text, source)
        if loader_cls is not _PureLoader:
            raise _ParserLimit(error) from None
        raise error from None
    except yaml.reader.ReaderError as e:
        raise _reader_error(e, text, source, loader_cls) from None
    except RecursionError:
        raise builder.fail(f"嵌套层数过深，无法读取（上限 {MAX_DEPTH} 层）。请检查括号是否成对、缩进是否正确",
                           path=()) from None
    except MemoryError:
        raise builder.fail("文件内容过于庞大，读取时内存不足", path=()) from None
    except Exception as e:   # never let a traceback reach the user
        raise builder.fail(f"读取 YAML 时发生意外错误（{type(e).__name__}: {_short(str(e), 200)}）",
                           path=()) from None
    finally:
        if loader is not None:
            with contextlib.suppress(Exception):    # must not mask the real outcome
                loader.dispose()
    return Document(builder.root, source, builder.root_pos)


def _line_col(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _char_at(text: str, line: int, col: int) -> str:
    lines = text.split("\n")
    if 0 <= line < len(lines) and 0 <= col < len(lines[line]):
        return lines[line][col]
    return ""


# (substring of pyyaml's or libyaml's problem text, explanation)
_SYNTAX_HINTS = (
    ("mapping values are not allowed",
     ("这里不能出现 “键: 值”。常见原因：值里含有英文冒号加空格却没有加引号（如 说明: 见附件: 第2页），"
      "或这一行的缩进与上一行不一致")),
    ("block sequence entries are not allowed",
     "这里不能出现列表项 “- ”。常见原因：“- ” 的缩进不对，或写在了 “键: 值” 的同一行"),
    ("could not find expected ':'",
     "找不到应有的冒号 “:”。常见原因：上一行的键少写了冒号，或一段多行文字没有缩进"),
    ("did not find expected key",
     ("缩进不一致：这一行与同一层的其它键没有对齐（同一层的键必须从同一列开始），"
      "或在 “键: 值” 中混入了列表项 “- ”")),
    ("expected <block end>",
     ("缩进不一致：这一行与同一层的其它行没有对齐（同一层必须从同一列开始），"
      "或 “键: 值” 与列表项 “- ” 混在了同一层")),
    ("did not find expected '-' indicator",
     "这里应是以 “- ” 开头的列表项。常见原因：列表中混入了 “键: 值”，或缩进没有对齐"),
    ("',' or ']'", "方括号列表 “[ ]” 没有正确结束：缺少逗号或右方括号 “]”"),
    ("',' or '}'", "花括号映射 “{ }” 没有正确结束：缺少逗号或右花括号 “}”"),
    ("unexpected end of stream", "文件在引号或括号还没有结束时就结束了：请检查引号、括号是否成对"),
    ("unknown escape character",
     ("双引号中有无法识别的转义符（反斜杠 “\\” 加后面的字符）。如果要写反斜杠本身（如 Windows 路径），"
      "请改用单引号，或写成两个反斜杠 “\\\\”")),
    ("unicode character escape", "双引号中的 \\u 或 \\U 转义表示了无效的字符"),
    ("hexdecimal number", "双引号中的 \\x、\\u 或 \\U 转义后面应是十六进制数字"),
    ("escape sequence", "双引号中的 \\x、\\u 或 \\U 转义后面应是十六进制数字"),
    ("tab character", "这里有 Tab 字符。YAML 只能用空格缩进，请把 Tab 换成空格"),
    ("alphabetic or numeric character",
     ("锚点 “&” 或别名 “*” 后面应紧跟名称，名称只能用英文字母、数字、“-” 和 “_”（不能用中文）。"
      "如果 “&”、“*” 是内容的一部分，请给这个值加上引号")),
    ("undefined tag handle", "无法识别以 “!” 开头的标签。如果 “!” 是内容的一部分，请给这个值加上引号"),
    ("expected '>'", "标签的写法不完整：缺少 “>”"),
    ("<document start>",
     "前面的内容已经结束，这里却还有多余的字符（例如多了一个右括号 “]”“}”，或引号后面还有文字）"),
    ("node content", "这里缺少内容，或有多余的标点（如多余的逗号）"),
    ("comment or a line break", "这里应当换行或是注释（以 “#” 开头）：同一行中多出了内容"),
    ("indentation indicator", "块文本标记 “|” 或 “>” 后面的缩进数字应在 1 到 9 之间"),
    ("incompatible yaml document", "不支持的 YAML 版本声明（只支持 %YAML 1.x）"),
    ("duplicate", "重复的 %YAML 或 %TAG 指令"),
    ("directive", "无法识别以 “%” 开头的指令；如果 “%” 是内容的一部分，请给这个值加上引号"),
    ("document indicator", "引号中出现了单独一行的 “---” 或 “...”（文档分隔符）"),
    ("unexpected ':'", "冒号的位置不对；如果冒号是内容的一部分，请给这个值加上引号"),
)


def _syntax_error(e: yaml.MarkedYAMLError, text: str, source: str) -> InputError:
    problem = e.problem or ""
    context = e.context or ""
    low = problem.lower()
    mark = e.problem_mark or e.context_mark
    other = e.context_mark
    if e.context_mark is not None and ("expected ':'" in low or "end of stream" in low):
        # a key without its colon, an unclosed quote: where it started is what the user must fix
        mark, other = e.context_mark, e.problem_mark
    hint = next((h for key, h in _SYNTAX_HINTS if key in low), None)
    if hint is None and context.endswith(" a tag"):
        hint = ("以 “!” 开头的标签写法不对（本工具不支持自定义标签，标签也不能含中文）。"
                "如果 “!” 是内容的一部分，请给这个值加上引号")
    if "cannot start any token" in low:
        ch = _char_at(text, mark.line, mark.column) if mark is not None else ""
        if ch == "\t" or "'\\t'" in problem:
            hint = "这里有 Tab 字符。YAML 只能用空格缩进，请把 Tab 换成空格"
        else:
            shown = f" “{ch}” " if ch.strip() else ""
            hint = (f"这里的字符{shown}不能作为内容的开头（如 @、` 等保留字符）。请给这个值加上引号")
    original = "; ".join(p for p in (context, problem) if p)
    msg = f"YAML 语法错误：{hint or '无法解析这一处'}（原文：{original}）"
    if other is not None and mark is not None and other.line != mark.line:
        msg += f"；相关位置：第 {other.line + 1} 行第 {other.column + 1} 列"
    line = mark.line + 1 if mark is not None else None
    col = mark.column + 1 if mark is not None else None
    return InputError(msg, file=source, line=line, column=col)


def _reader_error(e, text: str, source: str, loader_cls) -> InputError:
    """Control characters etc.; libyaml reports a UTF-8 byte offset, pure pyyaml a character index."""
    index = e.position if isinstance(e.position, int) else 0
    if _CLoader is not None and issubclass(loader_cls, _CLoader):
        index = len(text.encode("utf-8")[:index].decode("utf-8", "ignore"))
    line, col = _line_col(text, min(index, len(text)))
    char = e.character
    code = f"U+{char:04X}" if isinstance(char, int) else repr(char)
    return InputError(f"文件中有不允许的控制字符 {code}（看不见的特殊字符），请删除它（原文：{e.reason}）",
                      file=source, line=line, column=col)
