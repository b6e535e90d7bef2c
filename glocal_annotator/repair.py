"""Checking and salvaging a damaged project: shared by the CLI (``check``, ``salvage``) and
the app (the offer made when a project cannot be opened because it is damaged).

Both only read the damaged file; see :mod:`glocal_annotator.store.health` and
:mod:`glocal_annotator.store.salvage` for what they check and copy.
"""

from __future__ import annotations

from pathlib import Path

from glocal_annotator.store.health import Health, check_project_file
from glocal_annotator.store.salvage import SalvageReport, salvage

__all__ = ["Health", "SalvageReport", "check_project", "salvage_project", "summary"]

_NAMES = {
    "documents": ("document", "documents"),
    "codes": ("code", "codes"),
    "codings": ("coding", "codings"),
    "coders": ("coder", "coders"),
    "memos": ("memo", "memos"),
    "variables": ("variable", "variables"),
    "variable_values": ("variable value", "variable values"),
    "document_sets": ("document set", "document sets"),
}
#: said only when there are any (most projects have none)
_WHEN_ANY = {"variables", "variable_values", "document_sets"}


def check_project(path: str | Path) -> Health:
    """Every problem of the project file at ``path`` (see :func:`check_project_file`)."""
    return check_project_file(Path(path))


def salvage_project(source: str | Path, target: str | Path) -> SalvageReport:
    """Copy what can be read from ``source`` into the new project ``target`` (see
    :func:`~glocal_annotator.store.salvage.salvage`)."""
    return salvage(Path(source), Path(target))


def summary(counts: dict[str, int]) -> str:
    """``3 documents, 27 codes, 1 coding, ...`` for rows counted per table (variables, their
    values and document sets only when there are any)."""
    return ", ".join(
        f"{counts[table]} {one if counts[table] == 1 else many}"
        for table, (one, many) in _NAMES.items()
        if table in counts and (counts[table] or table not in _WHEN_ANY)
    )
