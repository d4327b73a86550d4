"""Run the CLI in-process, as a user would: (exit code, stdout, stderr)."""

from __future__ import annotations

from click.testing import CliRunner

from scorer.cli import main


def _invoke(args, env=None):
    # COLUMNS only when a test sets it: the report is laid out for a terminal only when asked
    result = CliRunner().invoke(main, list(args), env={"COLUMNS": None, **(env or {})})
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def run(*args, env=None):
    result = _invoke(args, env)
    return result.exit_code, result.stdout, result.stderr


def run_bytes(*args):
    """As run(), with stdout as bytes (for byte-identical comparisons)."""
    result = _invoke(args)
    return result.exit_code, result.stdout_bytes, result.stderr
