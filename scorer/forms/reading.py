"""Reading a printed target or actual value ("≥2万", "30余场", "12月底前", "达到预期").

Forms print values as free text.  Everything the scorer needs from one cell — a number in base
units, its unit, the comparator the wording implies, a deadline, or the words themselves — is read
here, once, so that every check sees the same reading and can quote the same Chinese remark.

Design rules:
- Deterministic and never raising: bad text becomes kind "words" or "ambiguous", never an error.
- No floats and no ``Decimal(raw_text)``: digits are taken with ``[0-9]`` regexes only, so "NaN",
  "Infinity" or "1e999" can never turn into numbers.
- A Chinese numeral is read only as a count in front of a measure word ("两场", "每人一次以上"),
  never inside a word ("一流", "统一", "两新组织").
- Everything is compiled once (module import or reader construction): reading is on a hot path.
"""

from __future__ import annotations

import decimal
import functools
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from scorer.fastpath import fast_paths_enabled
from scorer.numbers import fmt_plain

__all__ = [
    "COMPARATORS",
    "DEFAULT_COMPARATOR_WORDS",
    "MAX_VALUE_CHARS",
    "Pair",
    "Reading",
    "ValueReader",
    "pair",
    "read_value",
]

COMPARATORS = (">=", "<=", ">", "<", "=")

DEFAULT_COMPARATOR_WORDS: dict[str, str] = {
    # symbols (after NFKC: ＞ → >, ＝ → =)
    "≥": ">=", "≧": ">=", "⩾": ">=", ">=": ">=", "=>": ">=",
    "≤": "<=", "≦": "<=", "⩽": "<=", "<=": "<=", "=<": "<=",
    ">": ">", "<": "<", "=": "=", "==": "=",
    # words in front of the number
    "大于等于": ">=", "大于或等于": ">=", "不低于": ">=", "不少于": ">=", "不小于": ">=",
    "至少": ">=", "最少": ">=", "达到": ">=",
    "超过": ">", "高于": ">", "大于": ">", "多于": ">",
    "小于等于": "<=", "小于或等于": "<=", "不高于": "<=", "不超过": "<=", "不大于": "<=",
    "不多于": "<=", "至多": "<=", "最多": "<=", "控制在": "<=",
    "低于": "<", "少于": "<", "小于": "<",
    "等于": "=",
    # words after the number
    "以上": ">=", "及以上": ">=", "或以上": ">=",
    "以下": "<=", "及以下": "<=", "以内": "<=", "之内": "<=", "内": "<=",
}

# Default words that only count after the number ("90%以上", "0.5小时内"): "区内5名" is no "≤ 5".
# Other default words only count right in front of the number; words a ruleset adds count on
# either side.
_SUFFIX_ONLY = frozenset({"以上", "及以上", "或以上", "以下", "及以下", "以内", "之内", "内"})

_SYMBOL = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}
_DIRECTION = {">=": "positive", ">": "positive", "<=": "negative", "<": "negative", "=": "exact"}

# --------------------------------------------------------------------------------------------
# Units

# unit as printed -> normalised unit
_UNIT_ALIASES = {
    "日": "天", "公斤": "千克", "kg": "千克", "km": "公里", "百分比": "%", "个百分点": "百分点",
    "个工作日": "工作日", "个小时": "小时",
}
_FIRST_UNITS = (
    "%", "‰", "百分比", "个百分点", "百分点",
    "人次", "人天", "人", "名", "位", "户次", "户", "次数", "次", "场次", "场", "期次", "期",
    "个工作日", "工作日", "个月", "个小时", "个", "篇", "件", "批次", "批", "元",
    "天", "日", "小时", "分钟", "秒", "周", "年", "间", "项次", "项", "套", "家", "所", "份",
    "条", "台", "辆", "部", "册", "本", "张", "座", "处", "栋", "幢", "平方公里", "平方米", "亩",
    "公里", "千米", "米", "吨", "千克", "公斤", "班次", "班", "门", "课时", "学时", "节", "组",
    "支", "队", "起", "例", "笔", "株", "棵", "只", "块", "床", "分", "倍", "轮", "届",
    "km", "kg",
)
# only after "/" ("22天/月", "600次/年")
_PER_UNITS = (*_FIRST_UNITS, "月", "季度", "学期")

# Units that count the same thing for comparing a target with an actual.
_UNIT_CLASSES = (
    frozenset({"人", "名", "人次", "位"}),
    frozenset({"次", "次数"}),
    frozenset({"场", "场次"}),
    frozenset({"个", "家", "所"}),
    frozenset({"期", "期次"}),
    frozenset({"批", "批次"}),
)

_MAGNITUDES = {"千万": 10**7, "百万": 10**6, "亿": 10**8, "万": 10**4, "千": 10**3}
_APPROX_AFTER = ("余", "多", "左右", "上下")

# --------------------------------------------------------------------------------------------
# Regexes compiled once


def _alternation(words) -> str:
    """Longest first, so that "不低于" wins over "低于" and "个月" over "个"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


_UNIT_PATTERN = f"(?:{_alternation(_FIRST_UNITS)})(?:/(?:{_alternation(_PER_UNITS)})){{0,2}}"
_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_NUMERAL_CHARS = _CN_DIGITS + "十百千万亿"
_CN_START = _CN_DIGITS + "十"
_NUMERIC_CHARS = frozenset("0123456789" + _CN_NUMERAL_CHARS)

_ARABIC_RE = re.compile(
    r"(?P<pre>大约|将近|约|近)?(?<![0-9.])(?P<neg>-)?(?P<num>[0-9]+(?:\.[0-9]+)?)(?!\.?[0-9])"
    r"(?P<mag>千万|百万|万|亿|千(?![米克瓦]))?(?P<approx>余|多)?"
    rf"(?P<unit>{_UNIT_PATTERN})?(?P<post>左右|上下)?"
)
_PERCENT_WORDS_RE = re.compile(r"百分之(?P<num>[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千万]{1,12})")
_CHINESE_RE = re.compile(
    rf"(?<![第{_CN_NUMERAL_CHARS}])(?P<pre>大约|将近|约|近)?"
    rf"(?P<cn>[{_CN_DIGITS}十][{_CN_NUMERAL_CHARS}]{{0,11}})(?P<approx>余|多)?"
    rf"(?P<unit>{_UNIT_PATTERN})(?P<post>左右|上下)?"
)
_WORD_GOES_ON_RE = re.compile(r"[\u4e00-\u9fff\x00]")  # \x00: a masked date, also text

_DATE_REL = "之前|以前|前|以内|之内|内|止|以后|之后|后"
_NOT_AFTER_NUMERAL = f"(?<![0-9{_CN_NUMERAL_CHARS}])"
_DATE_RE = re.compile(
    # 2024年12月31日前 / 12月底前 / 6月30日前 / 2024年12月
    r"(?<![0-9.])(?:(?P<y>(?:19|20)[0-9]{2})年)?(?P<m>[0-9]{1,2})月(?:(?P<d>[0-9]{1,2})[日号])?"
    rf"(?P<part>底|末|份|上旬|中旬|下旬)?(?P<rel>{_DATE_REL})?"
    # 十二月底前, 二〇二四年十二月底前 (a Chinese month only with a deadline word: "统一月报" is no date)
    rf"|(?<![{_CN_NUMERAL_CHARS}])(?:(?P<yc>二[〇零][〇零一二三四五六七八九]{{2}})年)?(?P<mc>十[一二]?|[一二三四五六七八九])月"
    rf"(?=底|末|份|上旬|中旬|下旬|{_DATE_REL})(?P<partc>底|末|份|上旬|中旬|下旬)?(?P<relc>{_DATE_REL})?"
    # 2019年内 / 2024年底前 / 2024年度
    r"|(?<![0-9])(?P<y2>(?:19|20)[0-9]{2})年度?(?P<yend>底|末)?(?P<rel2>之前|以前|前|以内|之内|内)?"
    # 2024-12-31 / 2024/12 / 2024.12.31
    r"|(?<![0-9.])(?P<y3>(?:19|20)[0-9]{2})(?P<sep>[-/.])(?P<m3>[0-9]{1,2})"
    r"(?:(?P=sep)(?P<d3>[0-9]{1,2}))?(?![0-9])(?P<part3>底|末)?(?P<rel3>之前|以前|前)?"
    # 年底前 / 年内 (no year printed)
    rf"|{_NOT_AFTER_NUMERAL}年(?P<yend4>底|末)(?P<rel4>之前|以前|前)?"
    rf"|{_NOT_AFTER_NUMERAL}年(?P<rel5>内)"
)
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_PART_DAY = {"上旬": 10, "中旬": 20}

_WHITESPACE_RE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_THOUSANDS_RE = re.compile(r"(?<![0-9.,])[0-9]{1,3}(?:,[0-9]{3})+(?![0-9,])")
_LATEX_RE = re.compile(r"\\(geqslant|leqslant|geq|leq|ge|le|gt|lt|%)")
_LATEX = {"geqslant": "≥", "leqslant": "≤", "geq": "≥", "leq": "≤", "ge": "≥", "le": "≤",
          "gt": ">", "lt": "<", "%": "%"}
_ENTITIES = {"&ge;": "≥", "&le;": "≤", "&gt;": ">", "&lt;": "<", "&amp;": "&", "&nbsp;": " "}
_PRE_NFKC = {"㎡": "平方米", "m²": "平方米", "M²": "平方米", "㎞": "公里", "㎏": "千克"}
# Characters that certainly cannot NFKC-normalise into a digit or a Chinese numeral
# ("²", "①", "㊀", "⑴" can — they are replaced before NFKC; see _guard_numerals).
_PLAIN_RE = re.compile(
    r"[\x00-\xb1\xb4-\xb8\xba\xbb\xbf-\u02ff\u2010-\u206f\u2190-\u23ff\u25a0-\u27bf"
    r"\u3000-\u3037\u3039-\u303f\u4e00-\u9fff\uff01-\uffef]*"
)
_PLACEHOLDER_RE = re.compile(r"[-—–_/\\、.·。…~*?？\ufffd]*")
_RANGE_SEP_RE = re.compile(r"(?:-|~|—|–|至|到|——)")
_OPEN = "([【〔"
_CLOSE = ")]】〕"
_MAX_DIGITS = 30
# Longest cell read as a number/comparator: real targets and actuals are under 100 characters; a longer
# cell is reported as unverifiable instead of being tokenised (a 2 MiB "1,1,1,…" took 13 s).
MAX_VALUE_CHARS = 500
_LIST_AT_MOST = 6  # numbers quoted in an "ambiguous" remark
_CTX = decimal.Context(prec=60)


# --------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class Reading:
    """What one printed value says, with a Chinese remark on anything the reader had to decide."""

    text: str
    kind: str  # "number" | "date" | "words" | "empty" | "ambiguous"
    comparator: str | None = None
    comparator_word: str | None = None
    number: Decimal | None = None
    unit: str | None = None
    approx: bool = False
    date: tuple[int | None, int, int | None] | None = None
    words: str | None = None
    candidates: tuple[tuple[Decimal, str | None], ...] = ()
    remark: str | None = None
    # what the reader decided, as data (describe() uses these; the remark is for people)
    magnitude: str | None = None         # "万", "亿" … the number was scaled by
    bracket_note: bool = False           # text in brackets was read as a note, not as the value
    too_long: bool = False               # longer than MAX_VALUE_CHARS: not read at all

    @property
    def direction_hint(self) -> str | None:
        """What the wording alone says; None leaves the block default to the caller."""
        if self.kind == "date":
            return "deadline"
        if self.kind == "words":
            return "qualitative"
        if self.kind in ("number", "ambiguous") and self.comparator:
            return _DIRECTION[self.comparator]
        return None

    def describe(self) -> str:
        """Short Chinese description for explanations ("≥ 20000（“≥2万”，万→×10000）").

        Remembered on the reading (readings are shared by the reader's cache, so a batch describes
        "100%" once, not once per row); the memo is not pickled, and PERFSCORE_NO_FASTPATH=1 bypasses it."""
        if not fast_paths_enabled():
            return self._describe()
        text = self.__dict__.get("_described")
        if text is None:
            text = self._describe()
            object.__setattr__(self, "_described", text)     # frozen: the memo is not a field
        return text

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_described", None)
        return state

    def _describe(self) -> str:
        if self.kind == "empty":
            return "未列示"
        if self.kind == "words":
            return f"文字：{self.words}"
        if self.kind == "date":
            return f"期限：{_format_date(self.date, self.comparator)}"
        if self.too_long:
            return f"未读取：{self.remark}（“{_compact(self.text[:40])}…”）"
        if self.kind == "ambiguous":
            found = "、".join(_format_quantity(n, u) for n, u in self.candidates) or "无"
            return f"无法取单一数值：{found}（“{_compact(self.text)}”）"
        head = (_SYMBOL[self.comparator] + " " if self.comparator else "")
        head += _format_quantity(self.number, self.unit)
        notes = self._notes()
        shown = _compact(self.text)
        if notes:
            return f"{head}（“{shown}”，{'，'.join(notes)}）"
        if shown != head.replace(" ", ""):
            return f"{head}（“{shown}”）"
        return head

    def _notes(self) -> list[str]:
        """The short notes of describe(), from the reading's own fields."""
        notes = []
        if self.magnitude:
            notes.append(f"{self.magnitude}→×{_MAGNITUDES[self.magnitude]}")
        if self.approx:
            notes.append("约数")
        if self.bracket_note:
            notes.append("括号内为说明")
        return notes


@dataclass(slots=True)
class Pair:
    """A target and an actual aligned to one unit, or the reason they cannot be compared.

    Slotted, not frozen: one is built for every number indicator and thrown away once read, and a
    frozen dataclass costs four times as much to build."""

    target: Decimal | None
    actual: Decimal | None
    unit: str | None
    remark: str | None = None
    problem: str | None = None
    problem_kind: str | None = None  # "unit_mismatch" | "ambiguous" | "not_number" | None


@dataclass(frozen=True)
class _Token:
    """One number found in the text, with its span (for comparator adjacency)."""

    start: int
    end: int
    number: Decimal | None  # None: too many digits to be a value
    unit: str | None
    approx_word: str | None
    magnitude: str | None
    chinese: str | None  # the Chinese numeral as printed


# --------------------------------------------------------------------------------------------
# Formatting helpers


_fmt = fmt_plain   # plain notation, no trailing zeros: 14000.0 -> "14000" (numbers.py owns number text)


def _format_quantity(number: Decimal | None, unit: str | None) -> str:
    return ("?" if number is None else _fmt(number)) + (unit or "")


def _format_date(date, comparator: str | None) -> str:
    if not date:
        return "?"
    year, month, day = date
    text = (f"{year}年" if year else "") + f"{month}月"
    if day is None:
        text += "底" if comparator == "<=" else ""
    else:
        text += f"{day}日"
    if comparator == "<=":
        text += "前"
    elif comparator == ">=":
        text += "后"
    return text


def _as_text(value) -> str:
    """Cells loaded from YAML/JSON may arrive as int/float/Decimal: print them back as text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return format(Decimal(repr(value)), "f")  # repr of a finite float is plain digits
    if isinstance(value, Decimal) and value.is_finite():
        return format(value, "f")
    return str(value)


def _compact(text: str) -> str:
    """NFKC with all whitespace removed: how values are quoted and how words are kept."""
    return _WHITESPACE_RE.sub("", unicodedata.normalize("NFKC", text))


# --------------------------------------------------------------------------------------------
# Normalisation


@functools.lru_cache(maxsize=4096)
def _numeral_free(char: str) -> bool:
    """True when NFKC cannot turn `char` into a digit or Chinese numeral it does not show."""
    if char in _NUMERIC_CHARS or "０" <= char <= "９":
        return True
    return not any(c in _NUMERIC_CHARS for c in unicodedata.normalize("NFKC", char))


def _guard_numerals(text: str) -> str:
    """Replace "²", "①", "㊀" …: NFKC would make digits of them that nobody printed as a value."""
    if _PLAIN_RE.fullmatch(text):
        return text
    return "".join(c if _numeral_free(c) else "\ufffd" for c in text)


def _normalise(text: str) -> str:
    """The string values are scanned in: NFKC, no whitespace, no thousands separators."""
    for old, new in _PRE_NFKC.items():
        if old in text:
            text = text.replace(old, new)
    if "&" in text:
        for old, new in _ENTITIES.items():
            text = text.replace(old, new)
    if "\\" in text:
        text = _LATEX_RE.sub(lambda m: _LATEX[m.group(1)], text).replace("$", "")
    text = _guard_numerals(text)
    text = _WHITESPACE_RE.sub("", text)
    text = _THOUSANDS_RE.sub(lambda m: m.group(0).replace(",", ""), text)
    text = unicodedata.normalize("NFKC", text)
    # NFKC turns U+3000 into a space; a full-width "，" stays a list separator ("538个，招录526人")
    return _WHITESPACE_RE.sub("", text)


def _mask(text: str, spans) -> str:
    """Blank out spans with NUL (same length, so positions keep their meaning)."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "\x00" * (end - start)
    return "".join(chars)


def _listing(items) -> str:
    """"a、b、c" — at most a few, so that a remark stays one readable line."""
    items = list(items)
    text = "、".join(items[:_LIST_AT_MOST])
    return text + (f" 等 {len(items)} 个" if len(items) > _LIST_AT_MOST else "")


def _paren_mask(text: str) -> list[bool]:
    """Which characters stand inside brackets (remarks such as "0（省组评选6人…）")."""
    mask = [False] * len(text)
    if not any(c in text for c in _OPEN):
        return mask
    depth = 0
    for i, char in enumerate(text):
        if char in _OPEN:
            depth += 1
            mask[i] = True
        elif char in _CLOSE and depth:
            mask[i] = True
            depth -= 1
        else:
            mask[i] = depth > 0
    return mask


def _chinese_number(numeral: str) -> int:
    """"十二" -> 12, "两" -> 2, "一百零五" -> 105, "二〇二四" -> 2024, "三万" -> 30000."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits.update({"〇": 0, "两": 2})
    if len(numeral) > 1 and all(c in digits for c in numeral):
        return int("".join(str(digits[c]) for c in numeral))
    total = section = 0
    current = None
    for char in numeral:
        if char in digits:
            current = digits[char]
        elif char in "十百千":
            unit = {"十": 10, "百": 100, "千": 1000}[char]
            section += (1 if current is None else current) * unit
            current = 0
        else:  # 万, 亿
            section += current or 0
            big = 10**4 if char == "万" else 10**8
            if char == "亿":
                total = (total + section) * big
            else:
                total += section * big
            section, current = 0, 0
    return total + section + (current or 0)


def _unit(printed: str | None) -> str | None:
    """Normalise each part of a (compound) unit: "元/人/日" -> "元/人/天"."""
    if not printed:
        return None
    return "/".join(_UNIT_ALIASES.get(part, part) for part in printed.split("/"))


def _decimal(digits: str) -> Decimal | None:
    """Digits already matched by [0-9]+(.[0-9]+)?; None when too long to be a printed value."""
    if len(digits.replace(".", "")) > _MAX_DIGITS:
        return None
    return Decimal(digits)


def _scale(number: Decimal | None, magnitude: str | None) -> Decimal | None:
    if number is None or not magnitude:
        return number
    return _CTX.multiply(number, Decimal(_MAGNITUDES[magnitude]))


def _valid_day(month: int, day: int | None) -> bool:
    return 1 <= month <= 12 and (day is None or 1 <= day <= _DAYS_IN_MONTH[month - 1])


# --------------------------------------------------------------------------------------------
# The reader


class ValueReader:
    """Reads printed values; a ruleset may add comparator words ("不多于", "封顶")."""

    def __init__(self, comparator_words: Mapping[str, str] | None = None):
        words = dict(DEFAULT_COMPARATOR_WORDS)
        extra = set()
        for word, comparator in (comparator_words or {}).items():
            key = _compact(str(word))
            if comparator not in COMPARATORS:
                allowed = "、".join(COMPARATORS)
                raise ValueError(f"比较词“{word}”对应的比较符 “{comparator}” 无效，应为 {allowed} 之一")
            if key:
                words[key] = comparator
                if key not in DEFAULT_COMPARATOR_WORDS:
                    extra.add(key)
        self.comparator_words: dict[str, str] = words
        prefix = [w for w in words if w not in _SUFFIX_ONLY]
        suffix = [w for w in words if w in _SUFFIX_ONLY or w in extra]
        self._prefix_re = re.compile(f"(?:{_alternation(prefix)})$")
        self._suffix_re = re.compile(_alternation(suffix)) if suffix else re.compile(r"(?!)")
        self._prefix_len = max(len(w) for w in prefix)

    # -- public -------------------------------------------------------------------------------

    _CACHE_SIZE = 4096

    def read(self, text: str | None) -> Reading:
        """Never raises: anything unexpected becomes an "ambiguous" reading saying so.  Readings of
        short strings are cached per reader: forms repeat "100%", "≥95%", "达到预期" row after row."""
        if type(text) is str and len(text) <= 64:
            cache = self.__dict__.setdefault("_cache", {})
            found = cache.get(text)
            if found is None:
                if len(cache) >= self._CACHE_SIZE:
                    cache.clear()
                found = cache[text] = self._read_safely(text)
            return found
        return self._read_safely(text)

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_cache", None)       # not worth sending to worker processes
        return state

    def _read_safely(self, text) -> Reading:
        raw = ""
        try:
            raw = _as_text(text)
            return self._read(raw)
        # The guarantee callers rely on (thousands of forms, one odd cell); tests call _read directly.
        except Exception:
            return Reading(text=raw, kind="ambiguous", remark="无法读取该值")

    # -- steps --------------------------------------------------------------------------------

    def _read(self, raw: str) -> Reading:
        if len(raw) > MAX_VALUE_CHARS:
            # a printed value is a few words; a cell this long is pasted text, not a number or comparator
            return Reading(text=raw, kind="ambiguous", too_long=True,
                           remark=f"内容过长（{len(raw)} 个字符，超过 {MAX_VALUE_CHARS}），不作为数值或比较读取")
        scan = _normalise(raw)
        if not scan or _PLACEHOLDER_RE.fullmatch(scan):
            remark = f"仅有占位符“{scan}”" if scan else None
            return Reading(text=raw, kind="empty", remark=remark)
        inside = _paren_mask(scan)
        dates = [(m, date) for m in _DATE_RE.finditer(scan) if (date := _date_of(m, scan))]
        masked = _mask(scan, [m.span() for m, _ in dates])  # a date is no number: "2024年12月"
        tokens = self._tokens(masked)
        top = [t for t in tokens if not inside[t.start]]
        top_dates = [(m, date) for m, date in dates if not inside[m.start()]]
        if not top:
            return _reading_without_number(raw, tokens, top_dates)
        notes = []
        if top_dates:
            notes.append(f"另含日期“{_listing(m.group(0) for m, _ in top_dates)}”，未计入")
        if len(top) > 1:
            years = [t for t in top if _is_year_label(t)]
            if years and len(years) < len(top):
                top = [t for t in top if t not in years]
                notes.append(f"“{_listing(_fmt(t.number) + '年' for t in years)}”为年份，未计入")
        if any(t.number is None for t in top):
            remark = f"数字位数过长（超过 {_MAX_DIGITS} 位），无法读取"
            return Reading(text=raw, kind="ambiguous", remark=remark)
        if len(top) > 1:
            return self._ambiguous_reading(raw, masked, top, notes)
        if any(inside):
            in_brackets = any(inside[t.start] for t in tokens)
            notes.append("取首个数字，括号内为说明" if in_brackets else "括号内为说明")
        return self._number_reading(raw, masked, top[0], notes, bracket_note=any(inside))

    def _tokens(self, text: str) -> list[_Token]:
        """Every number in the text: "百分之九十", arabic digits, Chinese counts; no overlaps."""
        tokens: list[_Token] = []
        taken = bytearray(len(text))  # characters already inside a token

        def claim(m: re.Match) -> bool:
            if any(taken[m.start():m.end()]):
                return False
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
            return True

        for m in _PERCENT_WORDS_RE.finditer(text):
            claim(m)
            num = m.group("num")
            arabic = num[0].isdigit()
            value = _decimal(num) if arabic else Decimal(_chinese_number(num))
            tokens.append(_Token(m.start(), m.end(), value, "%", None, None, None if arabic else num))
        for m in _ARABIC_RE.finditer(text):
            if claim(m):
                tokens.append(self._arabic_token(m, text))
        if any(c in text for c in _CN_START):
            for m in _CHINESE_RE.finditer(text):
                if self._chinese_ends_value(text, m.end()) and claim(m):
                    tokens.append(self._chinese_token(m))
        tokens.sort(key=lambda t: t.start)
        return tokens

    def _arabic_token(self, m: re.Match, text: str) -> _Token:
        start = m.start()
        number = _decimal(m.group("num"))
        if m.group("neg"):
            # a minus only at the start or right after a comparator ("≥-5%"); "90%-95%" is a range
            dash = m.start("neg")
            if dash == 0 or self._comparator_before(text, dash):
                number = None if number is None else -number
            elif not m.group("pre"):
                start = m.start("num")
        approx = m.group("pre") or m.group("approx") or m.group("post")
        return _Token(start, m.end(), _scale(number, m.group("mag")), _unit(m.group("unit")),
                      approx, m.group("mag"), None)

    def _chinese_token(self, m: re.Match) -> _Token:
        numeral = m.group("cn")
        approx = m.group("pre") or m.group("approx") or m.group("post")
        return _Token(m.start(), m.end(), Decimal(_chinese_number(numeral)), _unit(m.group("unit")),
                      approx, None, numeral)

    def _chinese_ends_value(self, text: str, end: int) -> bool:
        """"两场" or "每人一次以上" end the value; "一次性", "两个覆盖", "八项规定" go on as words."""
        suffix = self._suffix_re.match(text, end)
        if suffix:
            end = suffix.end()
        return end >= len(text) or not _WORD_GOES_ON_RE.match(text, end)

    def _comparator_before(self, text: str, end: int) -> re.Match | None:
        return self._prefix_re.search(text, max(0, end - self._prefix_len), end)

    # -- readings -----------------------------------------------------------------------------

    def _comparator(self, text: str, token: _Token) -> tuple[str | None, str | None, str | None]:
        """(comparator, word, conflict note): the word right before wins over the one after."""
        before = self._comparator_before(text, token.start)
        after = self._suffix_re.match(text, token.end)
        if before and after:
            first, second = self.comparator_words[before.group(0)], self.comparator_words[after.group(0)]
            if first != second:
                note = f"前后比较词不一致（“{before.group(0)}”与“{after.group(0)}”），取前者"
                return first, before.group(0), note
        hit = before or after
        if not hit:
            return None, None, None
        return self.comparator_words[hit.group(0)], hit.group(0), None

    def _number_reading(self, raw: str, text: str, token: _Token, notes: list[str],
                        bracket_note: bool = False) -> Reading:
        comparator, word, conflict = self._comparator(text, token)
        approx_word = token.approx_word or ("超过" if word == "超过" else None)
        remarks = []
        if conflict:
            remarks.append(conflict)
        if token.chinese:
            remarks.append(f"中文数字“{token.chinese}”读作 {_fmt(token.number)}")
        if token.magnitude:
            factor = _MAGNITUDES[token.magnitude]
            if token.unit and token.unit.startswith("元"):
                remarks.append(f"“{token.magnitude}元”按 ×{factor} 换算为元")
            else:
                remarks.append(f"“{token.magnitude}”按 ×{factor} 换算")
        if "百分比" in text or "百分之" in text:
            remarks.append("按百分数读取")
        if approx_word:
            remarks.append(f"含“{approx_word}”，按 {_fmt(token.number)} 计")
        remarks.extend(notes)
        return Reading(
            text=raw, kind="number", comparator=comparator, comparator_word=word,
            number=token.number, unit=token.unit, approx=approx_word is not None,
            remark="；".join(remarks) or None, magnitude=token.magnitude, bracket_note=bracket_note,
        )

    def _bounds(self, text: str, top: list[_Token], first: str | None) -> tuple[int, int] | None:
        """Two numbers each with its own comparator word before it, only a conjunction between them
        ("≥95%且≤100%"): (lower, upper) indices when they bound a range, else None."""
        second = self._comparator_before(text, top[1].start)
        if first is None or second is None or second.start() < top[0].end:
            return None
        if text[top[0].end:second.start()].strip() not in _BOUND_JOINERS:
            return None
        if top[0].unit != top[1].unit:
            return None
        order = _ordered_bounds(first, self.comparator_words[second.group(0)])
        if order is None or top[order[0]].number > top[order[1]].number:
            return None
        return order

    def _ambiguous_reading(self, raw: str, text: str, top: list[_Token], notes: list[str]) -> Reading:
        comparator, word, _ = self._comparator(text, top[0])
        shown = [_format_quantity(t.number, t.unit) for t in top]
        candidates = [(t.number, t.unit) for t in top]
        between = text[top[0].end:top[1].start] if len(top) == 2 else None
        bounded = self._bounds(text, top, comparator) if between is not None else None
        if between is not None and _RANGE_SEP_RE.fullmatch(between):
            if candidates[0][1] is None and candidates[1][1] is not None:
                candidates[0] = (candidates[0][0], candidates[1][1])
            remark = f"为区间 {shown[0]}–{shown[1]}，无法取单一数值"
        elif bounded is not None:
            # "≥95%且≤100%", "不低于3个、不超过5个": a lower and an upper bound make a range
            candidates, shown = [candidates[k] for k in bounded], [shown[k] for k in bounded]
            remark = f"为区间 {shown[0]}–{shown[1]}（“{_compact(raw)}”），无法取单一数值"
        else:
            remark = f"含多个数字（{_listing(shown)}），无法确定取哪一个"
        return Reading(
            text=raw, kind="ambiguous", comparator=comparator, comparator_word=word,
            candidates=tuple(candidates), remark="；".join([remark, *notes]),
        )


_BOUND_JOINERS = frozenset({"", "且", "并且", "而且", "、", "，", ",", "；", ";", "和", "及"})
_LOWER, _UPPER = frozenset({">=", ">"}), frozenset({"<=", "<"})


def _ordered_bounds(first: str | None, second: str | None) -> tuple[int, int] | None:
    """(index of the lower bound, index of the upper) when one number is bounded below and the other above."""
    if first in _LOWER and second in _UPPER:
        return 0, 1
    if first in _UPPER and second in _LOWER:
        return 1, 0
    return None


def _reading_without_number(raw: str, tokens: list[_Token], dates: list) -> Reading:
    """No number outside brackets: a deadline, several dates, or words."""
    if len(dates) == 1:
        return _date_reading(raw, *dates[0])
    if dates:
        remark = f"含多个日期（{_listing(m.group(0) for m, _ in dates)}），无法确定期限"
        return Reading(text=raw, kind="ambiguous", remark=remark)
    remark = "括号内的数字为说明，未读取" if tokens else None
    return Reading(text=raw, kind="words", words=_compact(raw), remark=remark)


def _date_of(m: re.Match, text: str) -> tuple[int | None, int, int | None] | None:
    """(year, month, day) of a date match, or None when it is no date after all."""
    g = m.groupdict()
    if g["m"]:
        year, month = (int(g["y"]) if g["y"] else None), int(g["m"])
        day = int(g["d"]) if g["d"] else _PART_DAY.get(g["part"])
    elif g["mc"]:
        year = _chinese_number(g["yc"]) if g["yc"] else None
        month, day = _chinese_number(g["mc"]), _PART_DAY.get(g["partc"])
    elif g["y2"]:
        if not (g["yend"] or g["rel2"]) and m.end() != len(text):
            return None  # "2024年完成30场": a year label, not a deadline
        year, month = int(g["y2"]), 12
        day = 31 if g["rel2"] in ("内", "以内", "之内") and not g["yend"] else None
    elif g["y3"]:
        if g["sep"] == "." and not g["d3"] and not (g["part3"] or g["rel3"]):
            return None  # "2023.12" is a decimal; "2023.12前", "2023.12底" are deadlines
        year, month, day = int(g["y3"]), int(g["m3"]), (int(g["d3"]) if g["d3"] else None)
    elif g["yend4"]:
        if not g["rel4"] and (m.start(), m.end()) != (0, len(text)):
            return None  # "年底考核通过率…": a label
        year, month, day = None, 12, None
    else:
        year, month, day = None, 12, 31
    return (year, month, day) if _valid_day(month, day) else None


def _date_reading(raw: str, m: re.Match, date: tuple[int | None, int, int | None]) -> Reading:
    """A deadline: "前/内/止" mean no later than (<=), "后" no earlier than (>=)."""
    g = m.groupdict()
    rel = g["rel"] or g["relc"] or g["rel2"] or g["rel3"] or g["rel4"] or g["rel5"]
    comparator = None
    if rel:
        comparator = ">=" if rel.endswith("后") else "<="
    return Reading(text=raw, kind="date", comparator=comparator, comparator_word=rel, date=date)


def _is_year_label(token: _Token) -> bool:
    """"2024年" next to another number is the year the value belongs to, not a quantity."""
    n = token.number
    return (token.unit == "年" and n is not None and n == n.to_integral_value()
            and 1900 <= n <= 2100 and not token.approx_word and not token.magnitude)


@functools.lru_cache(maxsize=1)
def _default_reader() -> ValueReader:
    return ValueReader()


@functools.lru_cache(maxsize=8192)
def read_value(text: str | None) -> Reading:
    """Module-level reading with the default words; cached, since forms repeat "100%" a lot."""
    return _default_reader().read(text)


# --------------------------------------------------------------------------------------------
# Aligning a target with an actual


def _compatible(a: str | None, b: str | None) -> bool:
    if a is None or b is None or a == b:
        return True
    return any(a in cls and b in cls for cls in _UNIT_CLASSES)


def pair(target: Reading, actual: Reading) -> Pair:
    """Put a target and an actual in one unit for a ratio, or say why that cannot be done."""
    if target.kind == "number" and actual.kind == "number" and target.unit == actual.unit:
        return Pair(target.number, actual.number, target.unit)      # the common case: nothing to align
    for side, reading in (("目标值", target), ("实际值", actual)):
        if reading.kind not in ("number", "ambiguous"):
            return Pair(None, None, None, problem=f"{side}不是数值：{reading.describe()}",
                        problem_kind="not_number")
    if target.kind == "ambiguous":
        return Pair(None, actual.number, actual.unit, problem=f"目标值无法取单一数值：{target.remark}",
                    problem_kind="ambiguous")
    remarks = []
    a_number, a_unit = actual.number, actual.unit
    if actual.kind == "ambiguous":
        chosen = _pick_candidate(actual.candidates, target.unit)
        if chosen is None:
            return Pair(target.number, None, target.unit, problem=f"实际值无法取单一数值：{actual.remark}",
                        problem_kind="ambiguous")
        a_number, a_unit = chosen
        remarks.append(f"取与目标单位一致的 {_format_quantity(a_number, a_unit)}")
    return _align(target.number, target.unit, a_number, a_unit, remarks)


def _pick_candidate(candidates, unit: str | None):
    """The one candidate in the target's unit (or, failing that, a compatible one)."""
    if unit is None:
        return None
    for test in (lambda u: u == unit, lambda u: u is not None and _compatible(u, unit)):
        found = [c for c in candidates if test(c[1])]
        if len(found) == 1:
            return found[0]
        if found:
            return None
    return None


def _align(t: Decimal, t_unit: str | None, a: Decimal, a_unit: str | None, remarks: list[str]) -> Pair:
    if t_unit == a_unit:
        return _done(t, a, t_unit, remarks)
    if t_unit == "%" and a_unit is None:
        a = _percent_from_bare(a, t, "实际值", remarks)
        return _done(t, a, "%", remarks)
    if a_unit == "%" and t_unit is None:
        t = _percent_from_bare(t, a, "目标值", remarks)
        return _done(t, a, "%", remarks)
    if a_unit is None:
        remarks.append(f"实际值未注单位，按目标单位 {t_unit} 读")
        return _done(t, a, t_unit, remarks)
    if t_unit is None:
        remarks.append(f"目标值未注单位，按实际单位 {a_unit} 读")
        return _done(t, a, a_unit, remarks)
    if _compatible(t_unit, a_unit):
        remarks.append(f"单位 {a_unit} 与 {t_unit} 按同类计")
        return _done(t, a, t_unit, remarks)
    return Pair(t, a, None, remark="；".join(remarks) or None,
                problem=f"单位不可比：目标为 {t_unit}，实际为 {a_unit}", problem_kind="unit_mismatch")


def _percent_from_bare(bare: Decimal, other: Decimal, side: str, remarks: list[str]) -> Decimal:
    """A bare 0.96 against 95% is a fraction (96%); a bare 99 is percentage points (99%)."""
    if bare <= 1 and other > 1:
        value = _CTX.multiply(bare, Decimal(100))
        remarks.append(f"{side} {_fmt(bare)} 未注单位，按比例读作 {_fmt(value)}%")
        return value
    other_side = "目标" if side == "实际值" else "实际"
    remarks.append(f"{side}未注单位，按{other_side}单位 % 读作 {_fmt(bare)}%")
    return bare


def _done(t: Decimal, a: Decimal, unit: str | None, remarks: list[str]) -> Pair:
    return Pair(t, a, unit, remark="；".join(remarks) or None)
