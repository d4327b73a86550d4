"""The one switch for caches and fast paths: PERFSCORE_NO_FASTPATH=1 turns them all off.

Every optimisation must give byte-identical output; tests and `bench/` run both ways and compare.
Read once at start-up (it is asked millions of times in a batch); in-process tests flip it with
`disabled()`.
"""

from __future__ import annotations

import os
from contextlib import contextmanager

_enabled = os.environ.get("PERFSCORE_NO_FASTPATH", "") in ("", "0")


def fast_paths_enabled() -> bool:
    return _enabled


@contextmanager
def disabled():
    """Run a block on the plain paths (caches and fast paths off), as PERFSCORE_NO_FASTPATH=1 does."""
    global _enabled
    saved, _enabled = _enabled, False
    try:
        yield
    finally:
        _enabled = saved
