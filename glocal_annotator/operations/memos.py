"""Memo operations: memos of the project or of a document (``memos`` rows), and a document's own
memo (one text per document)."""

from __future__ import annotations

from glocal_annotator.errors import InvalidOperation, NotFound
from glocal_annotator.operations import new_guid, now
from glocal_annotator.operations.coding import ensure_coder
from glocal_annotator.store.journal import Journal


def add_memo(
    journal: Journal, title: str, text: str, document_id: int | None, coder_name: str
) -> int:
    """Add a memo (to the project when ``document_id`` is None); return its id."""
    title = " ".join(title.split())
    if not title:
        raise InvalidOperation("a memo needs a title")
    if document_id is not None and journal.fetch("documents", document_id) is None:
        raise NotFound(f"there is no document with id {document_id}")
    stamp = now()
    return journal.insert("memos", {
        "guid": new_guid(),
        "title": title,
        "text": text,
        "document_id": document_id,
        "coder_id": ensure_coder(journal, coder_name),
        "created_at": stamp,
        "modified_at": stamp,
    })


def set_document_memo(journal: Journal, document_id: int, memo: str) -> None:
    """Write (or, with "", remove) a document's own memo."""
    if journal.fetch("documents", document_id) is None:
        raise NotFound(f"there is no document with id {document_id}")
    journal.update("documents", document_id, {"memo": memo})
