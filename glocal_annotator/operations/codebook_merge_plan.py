"""Planning a codebook import: how an incoming codebook merges into the project's codes.

Import runs in three steps, so that a user (or ``--dry-run``) sees what will happen first: a
reader gives a :class:`~glocal_annotator.model.Codebook`
(:func:`glocal_annotator.refi.codebook_files.read_codebook_file`), :func:`plan_codebook_import`
matches it to the project's codes (nothing is changed), and ``project.apply_codebook_plan(plan)``
carries the plan out as one undoable change (:mod:`.codebook_import`). Planning takes plain data
(the project's codes, as ``Project.codes()`` gives them), so it runs without a project file.

Merge rules (:func:`plan_codebook_import`):

- Each incoming code is matched to at most one of ours: first by GUID (normalised; over the whole
  file first, so a GUID match always wins over a name match), then by path (names compared
  case-insensitively, spaces collapsed), then by name among the children of the code its parent was
  matched to.
- NVivo's root ``Nodes`` (a top-level non-codable code, or one with no fields of its own, holding
  the others) is unwrapped: its children are imported at the top level, and the plan says so.
- A matched code is ``update`` when the file has a non-empty entry field or a colour that differs
  from ours (whitespace at the ends and CRLF are ignored in the comparison), or, for a GUID match,
  another name; else ``unchanged``. Only those fields are written; an empty field in the file never
  blanks ours. A renamed code (GUID match) takes the file's name, unless a sibling already has it
  (then our name stays, with a note).
- Matched codes are never moved, deleted or made (non-)codable; a code that sits elsewhere in the
  file, or has another codable flag there, gets a note. A code matched by path or name whose GUID
  differs keeps our GUID (noted).
- Unmatched codes are ``add``: under the code their parent matched or was added as, with the file's
  GUID unless one of ours has it, the file's colour or the next palette colour, the entry fields
  and the codable flag. Two codes of one name under one parent (legal in REFI-QDA, not here): the
  later one is added as ``Name (2)``, noted.
- Code sets are not imported (this app has none); the plan notes how many were left out.
- Limits (:mod:`glocal_annotator.limits`): a codebook of more codes, deeper nesting or longer
  names than the readers allow is refused (:class:`CodebookError`) before planning. Planning is
  linear in the number of codes (name look-ups by dictionary, ``Name (n)`` numbered by a
  counter, not by trying each number).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from glocal_annotator.errors import CodebookError
from glocal_annotator.limits import MAX_CODE_DEPTH, MAX_CODEBOOK_CODES, too_long_name
from glocal_annotator.model import (
    CODE_TEXT_FIELD_LABELS,
    CODE_TEXT_FIELDS,
    Code,
    Codebook,
    CodebookNode,
    walk,
)
from glocal_annotator.refi.colors import parse_color
from glocal_annotator.refi.guids import new_guid, normalize_guid
from glocal_annotator.wording import agreeing, plural

ADD, UPDATE, UNCHANGED = "add", "update", "unchanged"
NVIVO_WRAPPER = "nodes"
# How changed fields are named in previews.
FIELD_LABELS: dict[str, str] = {
    "name": "name",
    "color": "colour",
    **{name: label.lower() for name, label in CODE_TEXT_FIELD_LABELS},
}

# A parent in the plan: None (top level), ("code", id) for one of ours, ("item", index) for an add.
ParentKey = tuple[str, int] | None


@dataclass
class PlanItem:
    """What happens to one incoming code."""

    path: str  # the code's path in the file (after unwrapping ``Nodes``), names joined by "/"
    action: str  # ADD, UPDATE or UNCHANGED
    node: CodebookNode  # the incoming code (its ``children`` are items of their own)
    depth: int  # 1 for top-level codes
    name: str  # the name the code has here, or will have once added
    guid: str  # the GUID the code has here, or will have once added
    parent_item: int | None = None  # index of the incoming parent's item (the file's tree)
    code_id: int | None = None  # our code it matched (UPDATE, UNCHANGED)
    parent_id: int | None = None  # ADD under an existing code: its id
    matched_by: str = ""  # "guid", "path", "name" or "" (ADD)
    color: str | None = None  # its colour after the import (None: an add gets a palette colour)
    changes: dict[str, Any] = field(default_factory=dict)  # field -> new value (UPDATE)
    notes: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    """The outcome of :func:`plan_codebook_import`: items in file order, parents first."""

    items: list[PlanItem]
    notes: list[str] = field(default_factory=list)  # about the whole file
    source: str = ""  # the file's name, for messages
    fingerprint: str = ""  # the project's codebook when planned; apply refuses if it changed

    def by_action(self, action: str) -> list[PlanItem]:
        return [item for item in self.items if item.action == action]

    def counts(self) -> dict[str, int]:
        return {action: len(self.by_action(action)) for action in (ADD, UPDATE, UNCHANGED)}

    @property
    def has_changes(self) -> bool:
        return any(item.action != UNCHANGED for item in self.items)

    def summary(self) -> str:
        """One line: ``12 to add, 3 to update, 40 unchanged``."""
        counts = self.counts()
        return f"{counts[ADD]} to add, {counts[UPDATE]} to update, {counts[UNCHANGED]} unchanged"

    def preview_lines(self, *, unchanged: bool = False) -> list[str]:
        """Readable lines: file notes, then each add and update (unchanged codes only when they
        carry a note, or all with ``unchanged=True``), then the summary."""
        lines = [f"note: {note}" for note in self.notes]
        for item in self.items:
            if item.action == ADD:
                line = f"add     {item.path}"
                if item.name != item.node.name:
                    line += f" (as {item.name!r})"
            elif item.action == UPDATE:
                fields = ", ".join(FIELD_LABELS.get(name, name) for name in item.changes)
                line = f"update  {item.path}: {fields}"
            elif unchanged or item.notes:
                line = f"same    {item.path}"
            else:
                continue
            lines.append(line)
            lines.extend(f"        note: {note}" for note in item.notes)
        lines.append(f"Plan: {self.summary()}.")
        return lines


def _clean(name: str) -> str:
    return " ".join(str(name).split()) or "Unnamed code"


def field_text(value: object) -> str:
    """A text field as compared and stored: ``None`` as empty, CRLF and CR as newlines."""
    return ("" if value is None else str(value)).replace("\r\n", "\n").replace("\r", "\n")


def fingerprint(codes: Iterable[Code]) -> str:
    """A digest of a codebook's content (not of coding counts), to spot a stale plan."""
    digest = hashlib.sha256()
    for code in sorted(codes, key=lambda c: c.id):
        values = (code.id, code.guid, code.name, code.parent_id, code.color, code.codable)
        digest.update(repr(values + tuple(getattr(code, n) for n in CODE_TEXT_FIELDS)).encode())
    return digest.hexdigest()


def _is_wrapper(node: CodebookNode) -> bool:
    has_fields = any(value.strip() for value in node.entry_fields().values())
    return (
        _clean(node.name).casefold() == NVIVO_WRAPPER
        and bool(node.children)
        and (not node.codable or not has_fields)
    )


def plan_codebook_import(
    codes: Iterable[Code], codebook: Codebook, *, source: str = ""
) -> ImportPlan:
    """Work out how ``codebook`` merges into the codebook ``codes`` (the project's, in codebook
    order, as ``Project.codes()`` gives them); see the module notes for the rules.

    Nothing is changed; apply the plan with ``project.apply_codebook_plan(plan)``. ``source``
    names the file in messages. Raises :class:`CodebookError` for a codebook over the limits.
    """
    _check_limits(codebook, source)
    return _Planner(list(codes), source).plan(codebook)


def _check_limits(codebook: Codebook, source: str) -> None:
    label = f"Cannot import {source}" if source else "Cannot import the codebook"
    for count, (depth, node) in enumerate(walk(codebook.codes), start=1):  # no recursion
        if count > MAX_CODEBOOK_CODES:
            raise CodebookError(f"{label}: it holds more than {MAX_CODEBOOK_CODES:,} codes.")
        if depth > MAX_CODE_DEPTH:
            raise CodebookError(f"{label}: codes nest more than {MAX_CODE_DEPTH} levels deep.")
        problem = too_long_name(_clean(node.name))
        if problem:
            raise CodebookError(f"{label}: {problem}.")


class _Planner:
    def __init__(self, codes: list[Code], source: str) -> None:
        self.codes = codes
        self.source = source
        self.by_id = {code.id: code for code in codes}
        self.by_guid = {normalize_guid(code.guid) or code.guid: code for code in codes}
        self.used_guids = set(self.by_guid)
        self.by_path: dict[tuple[str, ...], Code] = {}
        self.siblings: dict[ParentKey, dict[str, ParentKey]] = {}
        parts: dict[int, tuple[str, ...]] = {}
        for code in codes:  # parents first
            key = _clean(code.name).casefold()
            parts[code.id] = (*parts.get(code.parent_id, ()), key)  # type: ignore[arg-type]
            self.by_path.setdefault(parts[code.id], code)
            parent: ParentKey = None if code.parent_id is None else ("code", code.parent_id)
            self.siblings.setdefault(parent, {}).setdefault(key, ("code", code.id))
        self.claimed: set[int] = set()
        # (parent, name folded) -> the next number to try for "Name (n)"
        self.next_number: dict[tuple[ParentKey, str], int] = {}
        self.guid_matches: dict[int, Code] = {}  # id(incoming node) -> our code
        self.items: list[PlanItem] = []
        self.notes: list[str] = []

    def plan(self, codebook: Codebook) -> ImportPlan:
        top = list(codebook.codes)
        unwrapped: list[CodebookNode] = []
        for node in top:
            if _is_wrapper(node):
                unwrapped.extend(node.children)
                self.notes.append(
                    f"The root folder {node.name!r} (NVivo's wrapper) was left out; its "
                    f"{len(node.children)} codes are imported at the top level."
                )
            else:
                unwrapped.append(node)
        self.notes.extend(codebook.warnings)
        if codebook.sets:
            self.notes.append(
                f"{plural(len(codebook.sets), 'code set')} "
                f"{agreeing(len(codebook.sets), 'was', 'were')} not imported: this app has no "
                "code sets."
            )
        if not unwrapped:
            self.notes.append("The file holds no codes.")
        # GUID matches first, over the whole file, so that they win over names.
        for _, node in walk(unwrapped):  # file order: the first of two equal GUIDs wins
            ours = self.by_guid.get(normalize_guid(node.guid) or "")
            if ours is not None and ours.id not in self.claimed:
                self.guid_matches[id(node)] = ours
                self.claimed.add(ours.id)
        self._visit(unwrapped, 1, None, None, ())
        return ImportPlan(self.items, self.notes, self.source, fingerprint(self.codes))

    def _path_of(self, key: ParentKey) -> str:
        if key is None:
            return "the top level"
        kind, value = key
        return repr(self.by_id[value].path if kind == "code" else self.items[value].path)

    def _visit(
        self,
        nodes: list[CodebookNode],
        depth: int,
        parent_item: int | None,
        parent_key: ParentKey,
        path: tuple[str, ...],
    ) -> None:
        for node in nodes:
            name = _clean(node.name)
            parts = (*path, name)
            index = len(self.items)
            ours = self.guid_matches.get(id(node))
            matched_by = "guid" if ours is not None else ""
            if ours is None:
                candidate = self.by_path.get(tuple(part.casefold() for part in parts))
                if candidate is not None and candidate.id not in self.claimed:
                    ours, matched_by = candidate, "path"
            if ours is None and parent_key is not None and parent_key[0] == "code":
                sibling = self.siblings.get(parent_key, {}).get(name.casefold())
                if sibling is not None and sibling[0] == "code" and sibling[1] not in self.claimed:
                    ours, matched_by = self.by_id[sibling[1]], "name"
            if ours is not None:
                self.claimed.add(ours.id)
                item = self._matched(node, name, "/".join(parts), depth, ours, matched_by)
                item.parent_item = parent_item
                ours_parent: ParentKey = (
                    None if ours.parent_id is None else ("code", ours.parent_id)
                )
                if ours_parent != parent_key:
                    item.notes.append(
                        f"stays under {self._path_of(ours_parent)} (in the file it is under "
                        f"{self._path_of(parent_key)})"
                    )
                child_key: ParentKey = ("code", ours.id)
            else:
                item = self._added(node, name, "/".join(parts), depth, parent_key)
                item.parent_item = parent_item
                child_key = ("item", index)
            self.items.append(item)
            self._visit(node.children, depth + 1, index, child_key, parts)

    def _matched(
        self, node: CodebookNode, name: str, path: str, depth: int, ours: Code, matched_by: str
    ) -> PlanItem:
        item = PlanItem(
            path=path,
            action=UNCHANGED,
            node=node,
            depth=depth,
            name=ours.name,
            guid=ours.guid,
            code_id=ours.id,
            matched_by=matched_by,
            color=ours.color,
        )
        theirs_guid = normalize_guid(node.guid)
        if matched_by != "guid" and theirs_guid and theirs_guid != normalize_guid(ours.guid):
            item.notes.append(
                f"matched by {matched_by}; keeps its GUID here ({ours.guid}), "
                f"not the file's ({theirs_guid})"
            )
        if matched_by == "guid" and name != ours.name:
            parent: ParentKey = None if ours.parent_id is None else ("code", ours.parent_id)
            names = self.siblings.setdefault(parent, {})
            holder = names.get(name.casefold())
            if holder is not None and holder != ("code", ours.id):
                item.notes.append(
                    f"keeps its name {ours.name!r}: the file calls it {name!r}, "
                    "but a code beside it here already has that name"
                )
            else:
                if names.get(ours.name.casefold()) == ("code", ours.id):
                    del names[ours.name.casefold()]
                names[name.casefold()] = ("code", ours.id)
                item.changes["name"] = name
                item.name = name
        for field_name in CODE_TEXT_FIELDS:
            theirs = field_text(getattr(node, field_name))
            if theirs.strip() and theirs.strip() != field_text(getattr(ours, field_name)).strip():
                item.changes[field_name] = theirs
        color = parse_color(node.color)
        if color and color.upper() != (ours.color or "").upper():
            item.changes["color"] = item.color = color
        if node.codable != ours.codable:
            there = "codable" if node.codable else "not codable (a folder)"
            here = "codable" if ours.codable else "not codable"
            item.notes.append(f"is {there} in the file; stays {here} here")
        if item.changes:
            item.action = UPDATE
        return item

    def _added(
        self, node: CodebookNode, name: str, path: str, depth: int, parent_key: ParentKey
    ) -> PlanItem:
        index = len(self.items)
        names = self.siblings.setdefault(parent_key, {})
        unique = name
        if unique.casefold() in names:
            counter_key = (parent_key, name.casefold())
            number = self.next_number.get(counter_key, 2)
            while unique.casefold() in names:  # each number is tried once over the whole plan
                unique, number = f"{name} ({number})", number + 1
            self.next_number[counter_key] = number
        notes = []
        if unique != name:
            notes.append(f"added as {unique!r}: a code beside it already has the name {name!r}")
        names[unique.casefold()] = ("item", index)
        guid = normalize_guid(node.guid)
        if guid is None or guid in self.used_guids:
            if guid is not None:
                notes.append("its GUID is used by another code here; it gets a new one")
            guid = new_guid()
        self.used_guids.add(guid)
        parent_id = parent_key[1] if parent_key is not None and parent_key[0] == "code" else None
        return PlanItem(
            path=path,
            action=ADD,
            node=node,
            depth=depth,
            name=unique,
            guid=guid,
            parent_id=parent_id,
            color=parse_color(node.color),
            notes=notes,
        )
