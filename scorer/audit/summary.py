"""Checks of a department's 绩效自评情况汇总表 (summary.yaml) against the forms of the run.

Not implemented yet: summary files are discovered and passed here, and any earlier summary findings
of the run are cleared so finishing a run twice gives the same result.
"""

from __future__ import annotations


def check_all(conn, run_id: int, summaries: list[str]) -> None:
    conn.execute("DELETE FROM findings WHERE run_id = ? AND origin = 'summary'", (run_id,))
