"""Output formats, one module each; they only format an `Evaluation`, never compute.

Imported lazily: `FORMATTERS[name]` loads only the writer asked for (start-up time of one-form runs;
and `scorer.report.names`, used by scoring, does not pull in every writer and the engine)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module

_WRITERS = {"table": ("scorer.report.table", "render_table"), "json": ("scorer.report.jsonfmt", "render_json"),
            "csv": ("scorer.report.csvfmt", "render_csv")}


class _Formatters(Mapping):
    """{format name: render function}, each module imported on first use."""

    def __getitem__(self, name: str):
        module, function = _WRITERS[name]
        return getattr(import_module(module), function)

    def __iter__(self) -> Iterator[str]:
        return iter(_WRITERS)

    def __len__(self) -> int:
        return len(_WRITERS)


FORMATTERS = _Formatters()


def __getattr__(name: str):
    for module, function in _WRITERS.values():
        if function == name:
            return getattr(import_module(module), function)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["FORMATTERS", "render_csv", "render_json", "render_table"]  # lazy: see __getattr__
