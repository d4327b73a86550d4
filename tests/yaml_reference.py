"""The full YAML builder as the reference the fast readers are held to (shared by the line-reader
and fast-builder tests)."""

from __future__ import annotations

from scorer.errors import InputError
from scorer.forms.yamlsafe import _load_text


def full_build(text: str):
    """(data, None) or (None, the InputError message) from the full builder."""
    try:
        return _load_text(text, "x.yaml").data, None
    except InputError as exc:
        return None, str(exc)
