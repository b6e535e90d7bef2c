"""Document set operations (NVivo's and MAXQDA's document sets, REFI-QDA's ``Set`` of
``MemberSource``\\ s): add, rename and delete a set, put documents in and take them out. A
document may be in any number of sets. Each takes a journal inside the project's transaction;
``Project`` calls them, each one undoable change."""

from __future__ import annotations

from collections.abc import Iterable

from glocal_annotator.errors import InvalidOperation, NotFound
from glocal_annotator.operations import new_guid, now
from glocal_annotator.store import queries, variable_queries
from glocal_annotator.store.journal import Journal

MAX_NAME = 200


def _name(name: str) -> str:
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise InvalidOperation("a document set needs a name")
    if len(cleaned) > MAX_NAME:
        raise InvalidOperation(f"a set's name may be at most {MAX_NAME} characters long")
    return cleaned


def _check_documents(journal: Journal, document_ids: Iterable[int]) -> list[int]:
    known = queries.document_names(journal.conn)
    ordered: list[int] = []
    for document_id in document_ids:
        if document_id not in known:
            raise NotFound(f"there is no document with id {document_id}")
        if document_id not in ordered:
            ordered.append(document_id)
    return ordered


def add_set(journal: Journal, name: str, document_ids: Iterable[int] = (),
            description: str = "", guid: str | None = None) -> int:
    """Add a set (with documents, if given); return its id. Raises
    :class:`InvalidOperation` for an empty or taken name (case ignored)."""
    name = _name(name)
    taken = variable_queries.set_by_name(journal.conn, name)
    if taken is not None:
        raise InvalidOperation(f"there is already a document set called {taken[1]!r}")
    documents = _check_documents(journal, document_ids)
    set_id = journal.insert("document_sets", {
        "guid": guid or new_guid(), "name": name, "description": description,
        "created_at": now(),
    })
    journal.insert_many("document_set_members",
                        [{"set_id": set_id, "document_id": d} for d in documents])
    return set_id


def _set(journal: Journal, set_id: int) -> dict:
    row = journal.fetch("document_sets", set_id)
    if row is None:
        raise NotFound(f"there is no document set with id {set_id}")
    return row


def rename_set(journal: Journal, set_id: int, name: str) -> None:
    _set(journal, set_id)
    name = _name(name)
    taken = variable_queries.set_by_name(journal.conn, name)
    if taken is not None and taken[0] != set_id:
        raise InvalidOperation(f"there is already a document set called {taken[1]!r}")
    journal.update("document_sets", set_id, {"name": name})


def delete_set(journal: Journal, set_id: int) -> int:
    """Delete a set (its documents stay in the project); return how many it held."""
    _set(journal, set_id)
    members = variable_queries.member_rows(journal.conn, set_id)
    for row_id in members.values():
        journal.delete("document_set_members", row_id)
    journal.delete("document_sets", set_id)
    return len(members)


def add_documents(journal: Journal, set_id: int, document_ids: Iterable[int]) -> int:
    """Put documents in a set; return how many were not in it already."""
    _set(journal, set_id)
    present = variable_queries.member_rows(journal.conn, set_id)
    new = [d for d in _check_documents(journal, document_ids) if (set_id, d) not in present]
    journal.insert_many("document_set_members",
                        [{"set_id": set_id, "document_id": d} for d in new])
    return len(new)


def remove_documents(journal: Journal, set_id: int, document_ids: Iterable[int]) -> int:
    """Take documents out of a set (not out of the project); return how many were in it."""
    _set(journal, set_id)
    present = variable_queries.member_rows(journal.conn, set_id)
    removed = 0
    for document_id in _check_documents(journal, document_ids):
        row_id = present.get((set_id, document_id))
        if row_id is not None:
            journal.delete("document_set_members", row_id)
            removed += 1
    return removed
