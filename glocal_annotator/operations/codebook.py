"""Codebook operations: add (one code, or a whole tree in one pass: :func:`add_codes`), rename,
recolour, edit fields, move, merge, delete codes.

A code's name has at most :data:`~glocal_annotator.limits.MAX_CODE_NAME_CHARACTERS` characters
(refused with one line above it, before anything is written).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from glocal_annotator.colors import MAX_NEIGHBOURS, neighbour_colors, pick_color
from glocal_annotator.errors import InvalidOperation, NotFound, OperationCancelled
from glocal_annotator.limits import too_long_name
from glocal_annotator.model import CODE_TEXT_FIELDS, CodingFilter
from glocal_annotator.operations import new_guid, now
from glocal_annotator.store import queries
from glocal_annotator.store.journal import Journal

EDITABLE_FIELDS = frozenset(CODE_TEXT_FIELDS) | {"codable"}

_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_MERGE_STEP = 200  # codings moved between two progress reports of merge_codes


def _require_code(journal: Journal, code_id: int) -> dict[str, Any]:
    row = journal.fetch("codes", code_id)
    if row is None:
        raise NotFound(f"there is no code with id {code_id}")
    return row


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidOperation("a code needs a name")
    problem = too_long_name(cleaned)
    if problem:
        raise InvalidOperation(problem)
    return cleaned


def _check_sibling_name(
    journal: Journal, parent_id: int | None, name: str, except_id: int | None = None
) -> None:
    for sibling_id, sibling_name in queries.child_code_names(journal.conn, parent_id).items():
        if sibling_id != except_id and sibling_name.casefold() == name.casefold():
            where = "at the top level" if parent_id is None else "under the same parent"
            raise InvalidOperation(f"a code named {sibling_name!r} exists {where} already")


def normalize_color(color: str) -> str:
    if not _COLOR.match(color or ""):
        raise InvalidOperation(f"{color!r} is not a colour; use the form #RRGGBB")
    return color.upper()


def next_color(journal: Journal, parent_id: int | None = None) -> str:
    """The colour for a new code under ``parent_id``: one its parent and nearest siblings do not
    look like (:func:`glocal_annotator.colors.pick_color`)."""
    siblings = queries.child_code_colors(journal.conn, parent_id, MAX_NEIGHBOURS)
    parent = queries.code_color(journal.conn, parent_id) if parent_id is not None else None
    return pick_color(
        neighbour_colors(parent, list(reversed(siblings))), queries.code_color_counts(journal.conn)
    )


def _renumber(journal: Journal, ids: list[int]) -> None:
    for position, code_id in enumerate(ids):
        journal.update("codes", code_id, {"position": position})


def add_code(
    journal: Journal,
    name: str,
    parent_id: int | None = None,
    color: str | None = None,
    position: int | None = None,
    guid: str | None = None,
    **fields: Any,
) -> int:
    name = _clean_name(name)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise InvalidOperation(f"codes have no field {sorted(unknown)[0]!r}")
    if parent_id is not None:
        _require_code(journal, parent_id)
    _check_sibling_name(journal, parent_id, name)
    siblings = queries.child_code_ids(journal.conn, parent_id)
    values: dict[str, Any] = {
        "guid": guid or new_guid(),
        "parent_id": parent_id,
        "position": len(siblings),
        "name": name,
        "color": normalize_color(color) if color else next_color(journal, parent_id),
        "created_at": now(),
    }
    values.update(
        {key: (int(value) if key == "codable" else value) for key, value in fields.items()}
    )
    code_id = journal.insert("codes", values)
    if position is not None and position < len(siblings):
        siblings.insert(max(position, 0), code_id)
        _renumber(journal, siblings)
    return code_id


def rename_code(journal: Journal, code_id: int, name: str) -> None:
    row = _require_code(journal, code_id)
    name = _clean_name(name)
    _check_sibling_name(journal, row["parent_id"], name, except_id=code_id)
    journal.update("codes", code_id, {"name": name})


def recolor_code(journal: Journal, code_id: int, color: str) -> None:
    _require_code(journal, code_id)
    journal.update("codes", code_id, {"color": normalize_color(color)})


def update_code_fields(journal: Journal, code_id: int, **fields: Any) -> None:
    _require_code(journal, code_id)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise InvalidOperation(f"codes have no field {sorted(unknown)[0]!r}")
    values = {key: (int(value) if key == "codable" else value) for key, value in fields.items()}
    journal.update("codes", code_id, values)


def _ancestors(journal: Journal, code_id: int | None) -> list[int]:
    chain: list[int] = []
    while code_id is not None:
        chain.append(code_id)
        code_id = queries.code_parent(journal.conn, code_id)
    return chain


def move_code(
    journal: Journal, code_id: int, parent_id: int | None, position: int | None = None
) -> None:
    """Re-parent and/or reorder a code; ``position`` counts among the new siblings."""
    row = _require_code(journal, code_id)
    if parent_id is not None:
        _require_code(journal, parent_id)
        if code_id in _ancestors(journal, parent_id):
            raise InvalidOperation("a code cannot be moved inside itself")
    if parent_id != row["parent_id"]:
        _check_sibling_name(journal, parent_id, row["name"])
    old_siblings = [
        i for i in queries.child_code_ids(journal.conn, row["parent_id"]) if i != code_id
    ]
    new_siblings = (
        old_siblings
        if parent_id == row["parent_id"]
        else queries.child_code_ids(journal.conn, parent_id)
    )
    insert_at = len(new_siblings) if position is None else min(max(position, 0), len(new_siblings))
    new_siblings = [*new_siblings[:insert_at], code_id, *new_siblings[insert_at:]]
    journal.update("codes", code_id, {"parent_id": parent_id})
    if parent_id != row["parent_id"]:
        _renumber(journal, old_siblings)
    _renumber(journal, new_siblings)


def _subtree(journal: Journal, code_id: int) -> list[int]:
    """The code and all below it, parents before children (no recursion: any depth works)."""
    ordered: list[int] = []
    stack = [code_id]
    while stack:
        current = stack.pop()
        ordered.append(current)
        stack.extend(reversed(queries.child_code_ids(journal.conn, current)))
    return ordered


def delete_code(journal: Journal, code_id: int) -> int:
    """Delete a code, its sub-codes and all their codings; return how many codings went."""
    row = _require_code(journal, code_id)
    subtree = _subtree(journal, code_id)
    removed = 0
    for coding in queries.codings(journal.conn, CodingFilter(code_ids=subtree)):
        journal.delete("codings", coding.id)
        removed += 1
    for member in reversed(subtree):
        journal.delete("codes", member)
    _renumber(journal, queries.child_code_ids(journal.conn, row["parent_id"]))
    return removed


def merge_codes(journal: Journal, source_id: int, target_id: int,
                progress: Callable[[int, int], bool] | None = None) -> int:
    """Merge ``source`` into ``target``: codings move (identical ones collapse), sub-codes move
    (a sub-code whose name the target already has is merged in turn), then ``source`` goes.
    Returns the number of codings moved. ``progress(done, total)`` (codings of ``source``) is
    called every few hundred codings; False cancels with :class:`OperationCancelled` (the
    caller's transaction rolls back: nothing was merged)."""
    if source_id == target_id:
        raise InvalidOperation("a code cannot be merged into itself")
    source = _require_code(journal, source_id)
    _require_code(journal, target_id)
    if source_id in _ancestors(journal, target_id):
        raise InvalidOperation("a code cannot be merged into one of its own sub-codes")
    existing = {
        (c.document_id, c.coder_id, c.start, c.end)
        for c in queries.codings(journal.conn, CodingFilter(code_ids=[target_id]))
    }
    moved = 0
    codings = queries.codings(journal.conn, CodingFilter(code_ids=[source_id]))
    for done, coding in enumerate(codings):
        if progress is not None and done % _MERGE_STEP == 0 and progress(done, len(codings)) \
                is False:
            raise OperationCancelled("merge cancelled; nothing was changed")
        identity = (coding.document_id, coding.coder_id, coding.start, coding.end)
        if identity in existing:
            journal.delete("codings", coding.id)
        else:
            journal.update("codings", coding.id, {"code_id": target_id})
            existing.add(identity)
            moved += 1
    target_children = {
        journal.fetch("codes", child)["name"].casefold(): child  # type: ignore[index]
        for child in queries.child_code_ids(journal.conn, target_id)
    }
    for child in queries.child_code_ids(journal.conn, source_id):
        child_row = journal.fetch("codes", child)
        assert child_row is not None
        twin = target_children.get(child_row["name"].casefold())
        if twin is not None:
            moved += merge_codes(journal, child, twin, progress)
        else:
            move_code(journal, child, target_id)
    memo_parts = [p for p in (journal.fetch("codes", target_id)["memo"], source["memo"]) if p]  # type: ignore[index]
    journal.update("codes", target_id, {"memo": "\n\n".join(memo_parts)})
    journal.delete("codes", source_id)
    _renumber(journal, queries.child_code_ids(journal.conn, source["parent_id"]))
    return moved


# -- many codes at once ------------------------------------------------------------------------


@dataclass
class NewCode:
    """One code for :func:`add_codes`: under the existing code ``parent_id``, or under the code
    made for ``specs[parent_index]`` (an earlier entry), or at the top level when both are
    None. ``color`` None gets the colour :func:`add_code` would pick."""

    name: str
    parent_id: int | None = None
    parent_index: int | None = None
    color: str | None = None
    guid: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)


class _Family:
    """What :func:`next_color` and the sibling-name check read from the file, kept in memory
    for one parent while codes are added to it: names, colours latest last, the count."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.colors: dict[str, None] = {}  # distinct colours, oldest first (insertion order)
        self.count = 0

    def add(self, name: str, color: str) -> None:
        self.names.add(name.casefold())
        self.colors.pop(color, None)
        self.colors[color] = None
        self.count += 1

    def latest_colors(self) -> list[str]:
        """At most MAX_NEIGHBOURS distinct colours, oldest first (as ``next_color`` passes)."""
        latest = list(self.colors)[-MAX_NEIGHBOURS:]
        return latest


def add_codes(journal: Journal, specs: list[NewCode]) -> list[int]:
    """Add many codes in one pass, parents before children (each ``parent_index`` points to an
    earlier entry); returns their ids in the order given.

    Does what :func:`add_code` does for each (the same checks, names, positions at the end of
    their siblings, colours), but reads the codebook once instead of once per code, so that
    adding 5,000 codes takes well under a second rather than growing with the square of their
    number. Raises :class:`InvalidOperation` (nothing written) for a nameless or over-long name,
    a name a sibling has, an unknown field or a bad colour; :class:`NotFound` for an unknown
    parent.
    """
    cleaned: list[str] = []
    for spec in specs:  # every refusal before the first write
        cleaned.append(_clean_name(spec.name))
        unknown = set(spec.fields) - EDITABLE_FIELDS
        if unknown:
            raise InvalidOperation(f"codes have no field {sorted(unknown)[0]!r}")
        if spec.color:
            normalize_color(spec.color)
    existing = queries.codebook_rows(journal.conn)  # (id, parent_id, position, name, color)
    families: dict[int | None, _Family] = {}
    colors: dict[int, str] = {}
    for code_id, parent_id, _position, name, color in existing:  # in position order
        families.setdefault(parent_id, _Family()).add(name, color.upper())
        colors[code_id] = color.upper()
    uses = Counter(colors.values())
    ids: list[int] = []
    for index, (spec, name) in enumerate(zip(specs, cleaned, strict=True)):
        if spec.parent_index is not None:
            if not 0 <= spec.parent_index < index:
                raise InvalidOperation("a new code's parent must come before it")
            parent_id: int | None = ids[spec.parent_index]
        else:
            parent_id = spec.parent_id
            if parent_id is not None and parent_id not in colors:
                raise NotFound(f"there is no code with id {parent_id}")
        family = families.setdefault(parent_id, _Family())
        if name.casefold() in family.names:
            where = "at the top level" if parent_id is None else "under the same parent"
            raise InvalidOperation(f"a code named {name!r} exists {where} already")
        if spec.color:
            color = normalize_color(spec.color)
        else:
            parent_color = colors.get(parent_id) if parent_id is not None else None
            color = pick_color(neighbour_colors(parent_color, family.latest_colors()), uses)
        values: dict[str, Any] = {
            "guid": spec.guid or new_guid(),
            "parent_id": parent_id,
            "position": family.count,
            "name": name,
            "color": color,
            "created_at": now(),
        }
        values.update(
            {key: (int(value) if key == "codable" else value) for key, value in spec.fields.items()}
        )
        code_id = journal.insert("codes", values)
        ids.append(code_id)
        family.add(name, color.upper())
        colors[code_id] = color.upper()
        uses[color.upper()] += 1
    return ids
