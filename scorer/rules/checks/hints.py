"""Suggestions shared by the checks: the nearest known name, and what a common slip should have been."""

from __future__ import annotations

import difflib


def suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.5)
    return f"（是否想写 “{close[0]}”？）" if close else ""
