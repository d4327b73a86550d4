"""Output formats, one module each; they only format an `Evaluation`, never compute."""

from __future__ import annotations

from scorer.report.csvfmt import render_csv
from scorer.report.jsonfmt import render_json
from scorer.report.table import render_table

FORMATTERS = {"table": render_table, "json": render_json, "csv": render_csv}

__all__ = ["FORMATTERS", "render_csv", "render_json", "render_table"]
