"""A ruleset after `extends` (and `changes`) are merged, before it is compiled — with `locate`.

Both judges of a ruleset read this one shape: compiling (for scoring) and `rules check` (for the
author).  `locate(path)` answers "which file and line gave this value", so every problem points
at the file the author must edit — a parent's, a child's or a `changes:` entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from scorer.errors import InputError, Location, format_path
from scorer.forms.yamlsafe import Document


@dataclass(frozen=True)
class Merged:
    """The effective data and where each value came from."""
    data: dict
    files: tuple[str, ...]               # display names, root ancestor first, the ruleset's own file last
    provenance: dict                     # key path → (file, line) of the value in force
    documents: dict                      # display name → Document
    changes: tuple = ()                  # every Change declared along the chain
    year: int | None = None              # the budget year the changes were applied for

    @property
    def leaf(self) -> str:
        """The ruleset's own file (the one being checked)."""
        return self.files[-1]

    @property
    def leaf_document(self) -> Document:
        return self.documents[self.leaf]

    def locate(self, path) -> Location:
        """File, line and column of the value at `path`, or of its nearest supplied relative.

        A value set by a `changes:` entry is found under that entry; a path no file gave (a
        missing key) points at the ruleset's own file."""
        prov, shown, path = self.provenance, format_path(path), tuple(path)
        probe = path
        while probe and probe not in prov:
            below = [p for p in prov if p[:len(probe)] == probe]
            if below:
                probe = path = min(below, key=lambda p: prov[p][1] or 0)
                break
            probe = probe[:-1]
        if not probe:
            pos = self.leaf_document.position(path) or (None, None)
            return Location(self.leaf, pos[0], pos[1], shown)
        source, line = prov[probe]
        document = self.documents[source]
        count = len(document.data.get("changes") or ()) if isinstance(document.data, dict) else 0
        for prefix in [(), *(("changes", i, "set") for i in range(count))]:
            pos = document.position(prefix + probe)
            if pos and pos[0] == line:
                found = document.position(prefix + path) or pos
                return Location(source, found[0], found[1], shown)
        return Location(source, line, None, shown)

    def prefer(self, *paths):
        """The first of `paths` the ruleset's own file supplies: point the author at their own file."""
        return next((p for p in paths if self.locate(p).file == self.leaf), paths[0])

    def error(self, path, message: str) -> InputError:
        where = self.locate(path)
        return InputError(message, file=where.file, line=where.line, column=where.column, path=where.path)
