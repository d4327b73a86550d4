"""perfscore audit: a whole population of forms in one run — results store, risk ranking, duplicates,
summary-table checks.  Reports are rendered by scorer/report/audit_*.py from the store alone."""
