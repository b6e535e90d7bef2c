"""Document variable operations: define, change and delete variables, and set their values on
documents. Each takes a :class:`~glocal_annotator.store.journal.Journal` inside the project's
transaction (``Project`` calls them; every one is one undoable change). Values are checked and
kept in their type's canonical form (:mod:`glocal_annotator.variable_types`); a value that does
not fit raises :class:`~glocal_annotator.errors.InvalidValue` with one line, and the transaction
is rolled back, so nothing changes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from glocal_annotator.errors import ImportFailure, InvalidOperation, InvalidValue, NotFound
from glocal_annotator.operations import new_guid
from glocal_annotator.operations.variable_import_plan import (
    VariableImportPlan,
    variables_fingerprint,
)
from glocal_annotator.store import queries, variable_queries
from glocal_annotator.store.journal import Journal
from glocal_annotator.variable_types import canonical_value, check_type, clean_choices
from glocal_annotator.wording import plural

#: a variable's name is at most this long (a column header, not a text)
MAX_NAME = 200


def _name(name: str) -> str:
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise InvalidOperation("a variable needs a name")
    if len(cleaned) > MAX_NAME:
        raise InvalidOperation(f"a variable's name may be at most {MAX_NAME} characters long")
    return cleaned


def _kind_and_choices(kind: str, choices: Iterable[str]) -> tuple[str, tuple[str, ...]]:
    kind = check_type(kind)
    cleaned = clean_choices(choices)
    if kind == "choice" and not cleaned:
        raise InvalidOperation("a choice variable needs its choices (for example local,global)")
    if kind != "choice" and cleaned:
        raise InvalidOperation(f"only a choice variable has choices, not a {kind} variable")
    return kind, cleaned


def define_variable(
    journal: Journal,
    name: str,
    kind: str,
    choices: Sequence[str] = (),
    description: str = "",
    guid: str | None = None,
) -> int:
    """Add a variable after the others; return its id. Raises :class:`InvalidOperation` for an
    empty or taken name (case ignored), an unknown type, or choices that do not fit the
    type."""
    name = _name(name)
    kind, cleaned = _kind_and_choices(kind, choices)
    taken = variable_queries.variable_by_name(journal.conn, name)
    if taken is not None:
        raise InvalidOperation(f"there is already a variable called {taken.name!r}")
    positions = [variable.position for variable in variable_queries.variables(journal.conn)]
    return journal.insert("variables", {
        "guid": guid or new_guid(),
        "name": name,
        "type": kind,
        "choices": json.dumps(list(cleaned), ensure_ascii=False),
        "description": description,
        "position": max(positions, default=-1) + 1,
    })


def _row(journal: Journal, variable_id: int) -> dict:
    row = journal.fetch("variables", variable_id)
    if row is None:
        raise NotFound(f"there is no variable with id {variable_id}")
    return row


def update_variable(
    journal: Journal,
    variable_id: int,
    name: str | None = None,
    kind: str | None = None,
    choices: Sequence[str] | None = None,
    description: str | None = None,
) -> int:
    """Rename, retype or re-choose a variable (what is not given stays); every value is checked
    against the new type and choices and rewritten in its canonical form. Returns how many
    values were rewritten. Raises :class:`InvalidValue` naming the first value that does not
    fit (nothing changed), :class:`InvalidOperation` for a taken name."""
    row = _row(journal, variable_id)
    changes: dict = {}
    if name is not None:
        cleaned = _name(name)
        other = variable_queries.variable_by_name(journal.conn, cleaned)
        if other is not None and other.id != variable_id:
            raise InvalidOperation(f"there is already a variable called {other.name!r}")
        changes["name"] = cleaned
    old_choices = tuple(json.loads(row["choices"]))
    new_kind = row["type"] if kind is None else kind
    if choices is None:
        new_choices = old_choices if check_type(new_kind) == "choice" else ()
    else:
        new_choices = tuple(choices)
    new_kind, new_choices = _kind_and_choices(new_kind, new_choices)
    changes["type"] = new_kind
    changes["choices"] = json.dumps(list(new_choices), ensure_ascii=False)
    if description is not None:
        changes["description"] = description
    rewritten = 0
    if (new_kind, new_choices) != (row["type"], old_choices):
        names = queries.document_names(journal.conn)
        rows = variable_queries.value_rows(journal.conn, variable_id)
        current = variable_queries.values(journal.conn, variable_id)
        for key, value in sorted(current.items(), key=lambda item: names.get(item[0][1], "")):
            try:
                fitted = canonical_value(new_kind, value, new_choices)
            except InvalidValue as error:
                raise InvalidValue(
                    f"{changes.get('name', row['name'])} cannot be a {new_kind} variable: the "
                    f"value of {names.get(key[1], key[1])}: {error}; change that value first"
                ) from None
            if fitted != value:
                journal.update("variable_values", rows[key], {"value": fitted})
                rewritten += 1
    journal.update("variables", variable_id, changes)
    return rewritten


def delete_variable(journal: Journal, variable_id: int) -> int:
    """Delete a variable with its values; return how many values went."""
    _row(journal, variable_id)
    rows = variable_queries.value_rows(journal.conn, variable_id)
    for row_id in rows.values():
        journal.delete("variable_values", row_id)
    journal.delete("variables", variable_id)
    return len(rows)


@dataclass(frozen=True)
class ValueCounts:
    """What a batch of values did: ``added`` (a document had none), ``changed``, ``cleared``
    (set to no value) and ``unchanged``."""

    added: int = 0
    changed: int = 0
    cleared: int = 0
    unchanged: int = 0


def set_values(journal: Journal, items: Iterable[tuple[int, int, str]]) -> ValueCounts:
    """Set ``(variable id, document id, text)`` values; ``""`` clears a value. Every value is
    checked before anything is written; the first that does not fit raises
    :class:`InvalidValue` ("age of interview-1: '12,5' is not a number ..."), an unknown
    variable or document :class:`NotFound`. The last of two items for one pair wins."""
    conn = journal.conn
    variables = {variable.id: variable for variable in variable_queries.variables(conn)}
    names = queries.document_names(conn)
    wanted: dict[tuple[int, int], str] = {}
    for variable_id, document_id, text in items:
        variable = variables.get(variable_id)
        if variable is None:
            raise NotFound(f"there is no variable with id {variable_id}")
        if document_id not in names:
            raise NotFound(f"there is no document with id {document_id}")
        try:
            wanted[(variable_id, document_id)] = canonical_value(
                variable.type, str(text), variable.choices)
        except InvalidValue as error:
            raise InvalidValue(f"{variable.name} of {names[document_id]}: {error}") from None
    current = variable_queries.values(conn)
    rows = variable_queries.value_rows(conn)
    added: list[dict] = []
    changed = cleared = unchanged = 0
    for key, value in wanted.items():
        old = current.get(key)
        if old == value or (old is None and not value):
            unchanged += 1
        elif old is None:
            added.append({"variable_id": key[0], "document_id": key[1], "value": value})
        elif not value:
            journal.delete("variable_values", rows[key])
            cleared += 1
        else:
            journal.update("variable_values", rows[key], {"value": value})
            changed += 1
    journal.insert_many("variable_values", added)
    return ValueCounts(len(added), changed, cleared, unchanged)


def set_value(journal: Journal, variable_id: int, document_id: int, text: str) -> str:
    """Set one document's value of one variable (``""`` clears it); return the value as kept
    (canonical). Raises as :func:`set_values`."""
    set_values(journal, [(variable_id, document_id, text)])
    return variable_queries.values(journal.conn, variable_id).get((variable_id, document_id), "")


def delete_document_values(journal: Journal, document_id: int) -> int:
    """Remove a document's values and set memberships (before the document goes); return how
    many rows went."""
    conn = journal.conn
    rows = variable_queries.document_value_rows(conn, document_id)
    for row_id in rows:
        journal.delete("variable_values", row_id)
    members = variable_queries.document_member_rows(conn, document_id)
    for row_id in members:
        journal.delete("document_set_members", row_id)
    return len(rows) + len(members)


def apply_variable_import(journal: Journal, plan: VariableImportPlan) -> ValueCounts:
    """Carry out a variables import plan (:mod:`.variable_import_plan`): define its new
    variables, then set its values, in the caller's one transaction. Raises
    :class:`InvalidValue` for a plan with problems and :class:`ImportFailure` for a plan made
    before the project changed (nothing is changed either way)."""
    if plan.problems:
        first = plan.problems[0].line()
        raise InvalidValue(f"{plural(len(plan.problems), 'problem')} in {plan.source}, the first: "
                           f"{first}; nothing was imported")
    conn = journal.conn
    current = variables_fingerprint(queries.documents(conn), variable_queries.variables(conn),
                                    variable_queries.values(conn))
    if current != plan.fingerprint:
        raise ImportFailure("the project changed after this import was previewed; preview it "
                            "again. Nothing was imported")
    ids: dict[str, int] = {v.name.casefold(): v.id for v in variable_queries.variables(conn)}
    for variable in plan.new_variables:
        ids[variable.name.casefold()] = define_variable(journal, variable.name, variable.type)
    return set_values(journal, [(ids[name.casefold()], document_id, value)
                                for name, document_id, value in plan.values])
