"""Output formats, one module each; they only format results, never compute.

`FORMATTERS` maps a `--format` name to its renderer, imported on first use: scoring may use the
display names in `report.names` without pulling every formatter (and the engine they depend on)
into its import, and a one-form run imports only the format it prints.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping


class _LazyFormatters(Mapping):
    """name -> renderer, each module imported when its renderer is first asked for."""

    def __init__(self, spec: dict[str, str]):
        self._spec = spec

    def __getitem__(self, name: str) -> Callable:
        module, _, func = self._spec[name].partition(":")
        return getattr(importlib.import_module(module), func)

    def __iter__(self) -> Iterator[str]:
        return iter(self._spec)

    def __len__(self) -> int:
        return len(self._spec)


FORMATTERS = _LazyFormatters({
    "table": "scorer.report.table:render_table",
    "json": "scorer.report.jsonfmt:render_json",
    "csv": "scorer.report.csvfmt:render_csv",
})

__all__ = ["FORMATTERS"]
