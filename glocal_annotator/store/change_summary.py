"""Journal rows read back as a :class:`~glocal_annotator.model.ChangeSummary`: the one place that
turns what an operation wrote (rows keyed by column names) into what listeners understand.

Each row of the change is compared as it was before the change's first write and as it is after
the last (so a row written twice counts once, and a row put back as it was counts not at all).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from glocal_annotator.model import ChangeSummary, Coding
from glocal_annotator.store.journal import Row, RowChange

# Columns of ``codes`` whose change moves a code in the tree, or changes how its codings look.
_STRUCTURE_COLUMNS = ("parent_id", "position")
_LOOK_COLUMNS = ("name", "color")


STEP = 5000  # rows between two progress reports of summarize()


def _coding(row: Row) -> Coding:
    return Coding(row["id"], row["guid"], row["document_id"], row["code_id"], row["coder_id"],
                  row["start"], row["end"], row["memo"], row["created_at"])


def _net(changes: Iterable[RowChange],
         progress: Callable[[int, int], object] | None = None,
         ) -> dict[tuple[str, Any], list[Row | None]]:
    """``(table, key) -> [row before the first write, row after the last]``, in first-write
    order, leaving out rows that end as they began."""
    net: dict[tuple[str, Any], list[Row | None]] = {}
    for done, change in enumerate(changes):
        if progress is not None and done % STEP == 0:
            progress(done, 0)
        key = (change.table, change.key)
        found = net.get(key)
        if found is None:
            net[key] = [change.before, change.after]
        else:
            found[1] = change.after
    return {key: pair for key, pair in net.items()
            if pair[0] is not pair[1] and pair[0] != pair[1]}


def _differs(before: Row, after: Row, columns: tuple[str, ...]) -> bool:
    return any(before[column] != after[column] for column in columns)


def summarize(changes: Iterable[RowChange],
              progress: Callable[[int, int], object] | None = None) -> ChangeSummary:
    """The summary of one change's rows (a :class:`~glocal_annotator.store.journal.Journal`'s
    ``changes``, or those of its revert). Linear in the number of rows; ``progress(done,
    total)`` (rows), when given, is called at once, every :data:`STEP` rows (``total`` 0 while
    the rows are gathered) and at the end.

    Raises ``KeyError`` for a row of a table this function does not know, so that a table added
    to the journal cannot go unreported.
    """
    added: list[Coding] = []
    removed: list[Coding] = []
    sets: dict[str, set[Any]] = {name: set() for name in _SETS}
    net = _net(changes, progress)  # (a busy report while the rows are gathered)
    for done, ((table, key), (before, after)) in enumerate(net.items()):
        if progress is not None and done % STEP == 0:
            progress(done, len(net))
        if table == "codings":
            if before is not None:
                removed.append(_coding(before))
            if after is not None:
                added.append(_coding(after))
        elif table == "codes":
            for name in _code_sets(before, after):
                sets[name].add(key)
        elif table == "coders":
            sets["coders_removed" if after is None else "coders_added"].add(key)
        elif table == "variable_values":
            row = after if after is not None else before
            assert row is not None
            sets["variable_values"].add((row["variable_id"], row["document_id"]))
            if before is not None and after is not None and (
                    before["variable_id"], before["document_id"]) != (
                    after["variable_id"], after["document_id"]):
                sets["variable_values"].add((before["variable_id"], before["document_id"]))
        elif table == "document_set_members":
            for row in (before, after):
                if row is not None:
                    sets["document_sets"].add(row["set_id"])
        else:
            sets[_TABLE_SETS[table]].add(key)
    if progress is not None:
        progress(len(net), len(net))
    return ChangeSummary(
        codings_added=tuple(added),
        codings_removed=tuple(removed),
        **{name: frozenset(members) for name, members in sets.items()},
    )


# The summary's sets of ids, and the tables whose rows only say "this one changed".
_SETS = (
    "codes_restructured",
    "codes_restyled",
    "codes_edited",
    "documents",
    "coders_added",
    "coders_removed",
    "memos",
    "project_info",
    "variables",
    "variable_values",
    "document_sets",
)
_TABLE_SETS = {
    "documents": "documents",
    "search_texts": "documents",  # a document's search forms, keyed by its id
    "memos": "memos",
    "project_info": "project_info",
    "variables": "variables",
    "document_sets": "document_sets",
}


def _code_sets(before: Row | None, after: Row | None) -> list[str]:
    """The sets a changed code row belongs to: an added or deleted code restructures the tree;
    an update may also restyle it and edit its entry, each by its own columns."""
    if before is None or after is None:
        return ["codes_restructured"]
    entry = tuple(c for c in after if c not in _STRUCTURE_COLUMNS and c not in _LOOK_COLUMNS)
    return [
        name
        for name, columns in (
            ("codes_restructured", _STRUCTURE_COLUMNS),
            ("codes_restyled", _LOOK_COLUMNS),
            ("codes_edited", entry),
        )
        if _differs(before, after, columns)
    ]
