"""The keys of a ruleset that code relies on: required ones, formulas and their kinds, and a getter."""

from __future__ import annotations

DIRECTIONS = ("positive", "negative", "exact")
COMPLETIONS = ("achieved", "partial", "missed")
REQUIRED_KEYS = (
    ("total",), ("budget", "weight"), ("budget", "formula"), ("indicators", "weight"),
    ("formulas", "positive"), ("formulas", "negative"), ("formulas", "exact"), ("formulas", "deadline"),
    ("qualitative", "bands", "achieved"), ("qualitative", "bands", "partial"),
    ("qualitative", "bands", "missed"), ("grades",),
)
FORMULA_KINDS = {
    ("budget", "formula"): "budget",
    ("formulas", "positive"): "indicator",
    ("formulas", "negative"): "indicator",
    ("formulas", "exact"): "indicator",
    ("formulas", "deadline"): "deadline",
}


def get_path(data, path):
    """The value at a key path in nested mappings, or None."""
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data
