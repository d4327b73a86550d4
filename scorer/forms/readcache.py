"""A memo in front of `ValueReader.read`: real forms repeat the same printed values ("100%", "≥95%",
"达到预期", "按时完成" …), and a reading depends only on the text and the reader's comparator words.

A thin wrapper, so the reader's logic stays in one place; `Reading` is frozen, so sharing one is
safe.  Bounded (a batch of 50,000 forms must not grow it without end), never pickled (a copy sent
to a worker starts empty), and bypassed when PERFSCORE_NO_FASTPATH=1.
"""

from __future__ import annotations

from scorer.fastpath import fast_paths_enabled
from scorer.forms.reading import ValueReader

MAX_ENTRIES = 4096          # a few MB at most; the values forms repeat stay in
MAX_SHARED = 64             # memos kept for distinct comparator-word sets

# One memo per set of comparator words, shared by every reader with those words: a reading depends
# only on the text and the words, and a batch compiles the same words many times over (one ruleset
# per year, a parent and its children) — each copy would otherwise read "≥95%" again.
_SHARED: dict = {}


def _memo_for(reader) -> dict:
    if type(reader) is not ValueReader:      # another reader (a subclass, a test double): its own memo
        return {}
    key = tuple(sorted(reader.comparator_words.items()))
    memo = _SHARED.get(key)
    if memo is None:
        if len(_SHARED) >= MAX_SHARED:
            _SHARED.clear()
        memo = _SHARED[key] = {}
    return memo


class CachedReader:
    __slots__ = ("_memo", "reader")

    def __init__(self, reader):
        self.reader = reader
        self._memo: dict = _memo_for(reader)

    def read(self, text):
        if type(text) is not str or not fast_paths_enabled():
            return self.reader.read(text)
        memo = self._memo
        reading = memo.get(text)
        if reading is None:
            reading = self.reader.read(text)
            if len(memo) >= MAX_ENTRIES:
                memo.clear()
            memo[text] = reading
        return reading

    def __getattr__(self, name):          # comparator_words etc.: the reader's own
        return getattr(self.reader, name)

    def __reduce__(self):                 # pickles as the bare reader wrapped afresh: no memo
        return (CachedReader, (self.reader,))

    def __eq__(self, other):
        return isinstance(other, CachedReader) and self.reader == other.reader

    def __hash__(self):
        return hash(self.reader)
