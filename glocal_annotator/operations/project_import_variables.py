"""The variables, values and document sets of a project import (.qdpx) or merge: planning
(called by :mod:`.project_import_plan`) and applying (called by :mod:`.project_import`).

Matching and what changes:

- variables by GUID, then by name (case ignored). A matched variable keeps our name, type and
  choices; the file's values are checked against our type, and one that does not fit is left out
  (counted in a note). A variable only in the file is added with the type it was read with.
- values per (document, variable): one we lack is added; one that differs is taken from the file
  in a sync, kept ours in a merge (``keep_ours``, counted in a note);
- document sets by GUID, then by name (case ignored); the file's documents are added to a
  matched set (a set never loses a document by an import), a set only in the file is added.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from glocal_annotator.errors import InvalidValue
from glocal_annotator.model import DocumentSet, Variable
from glocal_annotator.operations import new_guid, now
from glocal_annotator.operations.codebook_merge_plan import ADD, UNCHANGED
from glocal_annotator.refi.guids import normalize_guid
from glocal_annotator.refi.project_resolve import IncomingProject, IncomingVariable
from glocal_annotator.store import variable_queries
from glocal_annotator.store.journal import Journal
from glocal_annotator.variable_types import canonical_value
from glocal_annotator.wording import agreeing, plural

CHANGE = "change"


class DocumentStep(Protocol):
    """What these steps need of a document step of the plan: the id of ours it matched."""

    document_id: int | None


@dataclass
class VariableStep:
    action: str  # ADD or UNCHANGED (one of ours)
    incoming: IncomingVariable
    name: str
    guid: str
    type: str
    choices: tuple[str, ...] = ()
    variable_id: int | None = None


@dataclass
class ValueStep:
    action: str  # ADD, CHANGE or UNCHANGED
    document: int  # index into the plan's documents
    variable: int  # index into the plan's variables
    value: str  # canonical, in the variable's type here


@dataclass
class SetStep:
    action: str  # ADD, CHANGE (documents added to ours) or UNCHANGED
    name: str
    guid: str
    description: str = ""
    set_id: int | None = None
    documents: list[int] = field(default_factory=list)  # indices into the plan's documents


@dataclass
class VariablesPlan:
    variables: list[VariableStep]
    values: list[ValueStep]
    sets: list[SetStep]
    only_here: dict[str, int]


def variables_state(variables: Sequence[Variable], values: dict[tuple[int, int], str],
                    sets: Sequence[DocumentSet]) -> str:
    """What a plan's variables and sets depend on, as text for the plan's fingerprint."""
    return repr((
        sorted((v.id, v.name, v.type, v.choices) for v in variables),
        sorted(values.items()),
        sorted((item.id, item.name, sorted(item.document_ids)) for item in sets),
    ))


def plan_variables_and_sets(
    variables: Sequence[Variable],
    values: dict[tuple[int, int], str],
    sets: Sequence[DocumentSet],
    incoming: IncomingProject,
    documents: Sequence[DocumentStep],
    document_index: dict[str, int],
    *,
    keep_ours: bool,
    notes: list[str],
) -> VariablesPlan:
    """Plan the variables, values and sets (see the module notes). ``documents`` and
    ``document_index`` are the plan's document steps and their index by the file's source
    GUID (or ``#n``, its place)."""
    variable_steps = _variables(variables, incoming)
    value_steps, matched_values = _values(values, incoming, variable_steps, documents,
                                          document_index, keep_ours, notes)
    set_steps = _sets(sets, incoming, documents, document_index)
    matched_variables = sum(1 for s in variable_steps if s.variable_id is not None)
    matched_sets = sum(1 for s in set_steps if s.set_id is not None)
    return VariablesPlan(variable_steps, value_steps, set_steps, {
        "variables": len(variables) - matched_variables,
        "values": len(values) - matched_values,
        "sets": len(sets) - matched_sets,
    })


def _variables(ours: Sequence[Variable], incoming: IncomingProject) -> list[VariableStep]:
    by_guid = {variable.guid: variable for variable in ours}
    by_name = {variable.name.casefold(): variable for variable in ours}
    steps: list[VariableStep] = []
    claimed: set[int] = set()
    for variable in incoming.variables:
        guid = normalize_guid(variable.guid) or ""
        found = by_guid.get(guid) or by_name.get(variable.name.casefold())
        if found is not None and found.id not in claimed:
            claimed.add(found.id)
            steps.append(VariableStep(UNCHANGED, variable, found.name, found.guid, found.type,
                                      found.choices, found.id))
            continue
        name, number = variable.name, 2
        taken = {v.name.casefold() for v in ours} | {s.name.casefold() for s in steps}
        while name.casefold() in taken:
            name, number = f"{variable.name} ({number})", number + 1
        if not guid or guid in by_guid or any(s.guid == guid for s in steps):
            guid = new_guid()
        steps.append(VariableStep(ADD, variable, name, guid, variable.type, variable.choices))
    return steps


def _values(
    ours: dict[tuple[int, int], str],
    incoming: IncomingProject,
    variables: list[VariableStep],
    documents: Sequence[DocumentStep],
    document_index: dict[str, int],
    keep_ours: bool,
    notes: list[str],
) -> tuple[list[ValueStep], int]:
    index = {step.incoming.guid: number for number, step in enumerate(variables)}
    steps: list[ValueStep] = []
    matched = kept = 0
    unfit: dict[str, int] = {}
    for number, document in enumerate(incoming.documents):
        where = document_index.get(document.guid or f"#{number}")
        if where is None:
            continue
        document_id = documents[where].document_id
        for guid, text in document.variables.items():
            if guid not in index:
                continue
            step = variables[index[guid]]
            try:
                value = canonical_value(step.type, text, step.choices)
            except InvalidValue:
                unfit[step.name] = unfit.get(step.name, 0) + 1
                continue
            if not value:
                continue
            current = None
            if step.variable_id is not None and document_id is not None:
                current = ours.get((step.variable_id, document_id))
            action = ADD
            if current is not None:
                matched += 1
                action = UNCHANGED if current == value else CHANGE
                if action == CHANGE and keep_ours:
                    action, kept = UNCHANGED, kept + 1
            steps.append(ValueStep(action, where, index[guid], value))
    for name, count in unfit.items():
        fits = agreeing(count, "does not fit its type here and was",
                        "do not fit its type here and were")
        notes.append(f"{plural(count, 'value')} of the variable {name!r} {fits} left out")
    if kept:
        notes.append(f"{plural(kept, 'variable value')} {agreeing(kept, 'differs', 'differ')} in "
                     f"the other file; ours {agreeing(kept, 'is', 'are')} kept")
    return steps, matched


def _sets(
    ours: Sequence[DocumentSet],
    incoming: IncomingProject,
    documents: Sequence[DocumentStep],
    document_index: dict[str, int],
) -> list[SetStep]:
    by_guid = {item.guid: item for item in ours}
    by_name = {item.name.casefold(): item for item in ours}
    steps: list[SetStep] = []
    claimed: set[int] = set()
    for item in incoming.sets:
        members: list[int] = []
        for guid in item.document_guids:
            where = document_index.get(guid)
            if where is not None and where not in members:
                members.append(where)
        guid = normalize_guid(item.guid) or ""
        found = by_guid.get(guid) or by_name.get(item.name.casefold())
        if found is not None and found.id not in claimed:
            claimed.add(found.id)
            new = [m for m in members if documents[m].document_id not in found.document_ids]
            steps.append(SetStep(CHANGE if new else UNCHANGED, found.name, found.guid,
                                 found.description, found.id, new))
            continue
        name, number = item.name, 2
        taken = {s.name.casefold() for s in ours} | {s.name.casefold() for s in steps}
        while name.casefold() in taken:
            name, number = f"{item.name} ({number})", number + 1
        if not guid or guid in by_guid or any(s.guid == guid for s in steps):
            guid = new_guid()
        steps.append(SetStep(ADD, name, guid, item.description, None, members))
    return steps


def preview_lines(variables: Sequence[VariableStep], sets: Sequence[SetStep]) -> list[str]:
    """The variables and sets a plan adds or changes, one line each."""
    lines = []
    for step in variables:
        if step.action == ADD:
            kind = step.type + (f": {', '.join(step.choices)}" if step.choices else "")
            lines.append(f"add variable {step.name!r} ({kind})")
    for step in sets:
        if step.action == ADD:
            lines.append(f"add document set {step.name!r} "
                         f"({plural(len(step.documents), 'document')})")
        elif step.action == CHANGE:
            lines.append(f"add {plural(len(step.documents), 'document')} to the set {step.name!r}")
    return lines


def apply_variables_and_sets(journal: Journal, plan: VariablesPlan,
                             document_ids: list[int]) -> None:
    """Write a plan's variables, values and sets (``document_ids``: the id of each of the
    import plan's documents, as applied)."""
    conn = journal.conn
    positions = [variable.position for variable in variable_queries.variables(conn)]
    variable_ids: list[int] = []
    for step in plan.variables:
        if step.action == ADD:
            positions.append(max(positions, default=-1) + 1)
            variable_ids.append(journal.insert("variables", {
                "guid": step.guid, "name": step.name, "type": step.type,
                "choices": json.dumps(list(step.choices), ensure_ascii=False),
                "description": step.incoming.description, "position": positions[-1],
            }))
        else:
            assert step.variable_id is not None
            variable_ids.append(step.variable_id)
    rows = variable_queries.value_rows(conn)
    added = []
    for value in plan.values:
        key = (variable_ids[value.variable], document_ids[value.document])
        if value.action == ADD and key not in rows:
            added.append({"variable_id": key[0], "document_id": key[1], "value": value.value})
            rows[key] = -1
        elif value.action == CHANGE:
            journal.update("variable_values", rows[key], {"value": value.value})
    journal.insert_many("variable_values", added)
    members: list[dict] = []
    for step in plan.sets:
        if step.action == UNCHANGED:
            continue
        set_id = step.set_id
        if step.action == ADD:
            set_id = journal.insert("document_sets", {
                "guid": step.guid, "name": step.name, "description": step.description,
                "created_at": now()})
        members.extend({"set_id": set_id, "document_id": document_ids[m]}
                       for m in step.documents)
    journal.insert_many("document_set_members", members)
