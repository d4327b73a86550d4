"""What the reader asked to see: the same for every output format (table, JSON, CSV).

`--min-severity` hides findings below a level in every format; the exit code does not depend on it
(it follows `--fail-on` over all findings).  The per-file summary counts every finding, and says how
many were hidden.
"""

from __future__ import annotations

from dataclasses import dataclass

from scorer.codes import SEVERITY_RANK


@dataclass(frozen=True)
class ReportOptions:
    explain: bool = False
    min_severity: str = "info"        # error | warning | info
    width: int | None = None          # table width; None: the terminal's, at most 100 columns
    wide: bool = False                # table: no width limit, nothing shortened

    def shows(self, finding) -> bool:
        return SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[self.min_severity]

    def shown(self, findings) -> list:
        return [f for f in findings if self.shows(f)]


@dataclass(frozen=True)
class Summary:
    """Counts of one form's findings by severity (all of them) and how many the options hide."""
    errors: int
    warnings: int
    infos: int
    hidden: int

    @classmethod
    def of(cls, findings, options: ReportOptions) -> Summary:
        count = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
        hidden = sum(not options.shows(f) for f in findings)
        return cls(count["error"], count["warning"], count["info"], hidden)

    def text(self) -> str:
        hidden = f"（{self.hidden} 条低于 --min-severity，未列出）" if self.hidden else ""
        return f"错误 {self.errors}，警告 {self.warnings}，提示 {self.infos}{hidden}"
