"""Regenerate scorer/schemas/check_<name>.py, the compiled fast schema checks, from the JSON Schemas.

    python tools/compile_schemas.py

Run after changing a schema or upgrading fastjsonschema (tests/test_fastpath_schema.py says when).
"""

from __future__ import annotations

from pathlib import Path

from scorer.forms.schema import COMPILED, compiled_source

OUT = Path(__file__).resolve().parent.parent / "scorer" / "schemas"

if __name__ == "__main__":
    for name in COMPILED:
        path = OUT / f"check_{name}.py"
        path.write_text(compiled_source(name), encoding="utf-8")
        print(f"wrote {path}")
