"""Document operations: add (from extracted text), rename, delete."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from glocal_annotator.errors import DuplicateDocument, InvalidOperation, NotFound
from glocal_annotator.importers import ExtractedText
from glocal_annotator.model import CodingFilter
from glocal_annotator.operations import new_guid, now
from glocal_annotator.operations.variables import delete_document_values
from glocal_annotator.store import queries
from glocal_annotator.store.journal import Journal
from glocal_annotator.text_forms.stored import search_texts_row


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def unique_document_name(journal: Journal, name: str) -> str:
    taken = {existing.casefold() for existing in queries.document_names(journal.conn).values()}
    if name.casefold() not in taken:
        return name
    number = 2
    while f"{name} ({number})".casefold() in taken:
        number += 1
    return f"{name} ({number})"


def add_document(
    journal: Journal,
    name: str,
    extracted: ExtractedText,
    source_path: str = "",
    guid: str | None = None,
    *,
    allow_duplicate: bool = False,
    progress: Callable[[int, int], object] | None = None,
) -> int:
    """Store a document's text, once; the same text imported again is refused.
    ``progress(done, total)`` (steps: the text, its search forms and index) is called between
    the steps of a big text (what it raises stops the import: the transaction rolls back)."""
    digest = content_hash(extracted.text)
    if not allow_duplicate:
        for existing_id in queries.document_ids_by_hash(journal.conn, digest):
            existing = queries.document(journal.conn, existing_id)
            assert existing is not None
            raise DuplicateDocument(
                f"{name} has the same text as {existing.name!r}, imported before"
            )
    return insert_document(journal, {
        "guid": guid or new_guid(),
        "name": unique_document_name(journal, name),
        "format": extracted.format,
        "text": extracted.text,
        "characters": len(extracted.text),
        "content_hash": digest,
        "source_path": source_path,
        "imported_at": now(),
        "page_starts": json.dumps(list(extracted.page_starts)),
        "metadata": json.dumps(extracted.metadata, ensure_ascii=False),
    }, progress)


def insert_document(journal: Journal, row: dict[str, Any],
                    progress: Callable[[int, int], object] | None = None) -> int:
    """Insert a ``documents`` row (every column but ``id``; ``text`` as stored) together with
    its search forms, the one way a document enters a project (an import, a merge, a .qdpx), so
    that search finds it at once and ``check`` finds nothing out of step. Returns its id.
    ``progress(done, total)`` (3 steps: the text, its search forms, their index) is called
    between the steps; what it raises stops the import (the transaction rolls back)."""
    document_id = journal.insert("documents", row)
    if progress is not None:
        progress(1, 3)
    forms = search_texts_row(document_id, row["text"])
    if progress is not None:
        progress(2, 3)
    journal.insert("search_texts", forms)
    if progress is not None:
        progress(3, 3)
    return document_id


def rename_document(journal: Journal, document_id: int, name: str) -> None:
    name = " ".join(name.split())
    if not name:
        raise InvalidOperation("a document needs a name")
    current = journal.fetch("documents", document_id)
    if current is None:
        raise NotFound(f"there is no document with id {document_id}")
    if current["name"] != name:
        journal.update("documents", document_id, {"name": unique_document_name(journal, name)})


def delete_document(journal: Journal, document_id: int) -> int:
    """Delete a document with its codings, memos, variable values and set memberships;
    return how many codings went."""
    if journal.fetch("documents", document_id) is None:
        raise NotFound(f"there is no document with id {document_id}")
    codings = queries.codings(journal.conn, CodingFilter(document_ids=[document_id]))
    for coding in codings:
        journal.delete("codings", coding.id)
    for memo in queries.memos(journal.conn):
        if memo.document_id == document_id:
            journal.delete("memos", memo.id)
    delete_document_values(journal, document_id)
    if journal.fetch("search_texts", document_id) is not None:
        journal.delete("search_texts", document_id)
    journal.delete("documents", document_id)
    return len(codings)
