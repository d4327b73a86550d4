"""`audit export`: every table of the store as CSV or JSON Lines, for DuckDB, pandas or a warehouse.

Values are written as stored (money and scores stay exact decimal text); one file per table, named
after it, written atomically.  Tables other parts added (samples, reviews …) are exported too.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from scorer.report.output import write_report


def table_names(conn) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def export_tables(conn, directory, fmt: str = "csv"):
    """Yield (table, rows written) for each table."""
    out_dir = Path(directory)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in table_names(conn):
        cursor = conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid')
        columns = [c[0] for c in cursor.description]
        buffer = io.StringIO()
        count = 0
        if fmt == "csv":
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(columns)
            for row in cursor:
                writer.writerow(["" if v is None else v for v in row])
                count += 1
        else:
            for row in cursor:
                buffer.write(json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False) + "\n")
                count += 1
        write_report(out_dir / f"{name}.{'csv' if fmt == 'csv' else 'jsonl'}", buffer.getvalue())
        yield name, count
