"""Coding operations: add, remove, recode and annotate codings; coders."""

from __future__ import annotations

from glocal_annotator.errors import InvalidOperation, NotFound
from glocal_annotator.operations import new_guid, now
from glocal_annotator.store import queries
from glocal_annotator.store.journal import Journal
from glocal_annotator.wording import plural


def ensure_coder(journal: Journal, name: str) -> int:
    name = name.strip()
    if not name:
        raise InvalidOperation("a coder needs a name")
    coder = queries.coder_by_name(journal.conn, name)
    if coder is not None:
        return coder.id
    return journal.insert("coders", {"guid": new_guid(), "name": name})


def add_coding(
    journal: Journal,
    document_id: int,
    code_id: int,
    coder_name: str,
    start: int,
    end: int,
    memo: str = "",
    *,
    skip_identical: bool = False,
) -> int | None:
    """Code ``[start, end)`` of a document. An identical coding (same code, coder and range) is an
    error, or is skipped (returning None) when ``skip_identical``."""
    document = queries.document_name_and_length(journal.conn, document_id)
    if document is None:
        raise NotFound(f"there is no document with id {document_id}")
    document_name, characters = document
    code = journal.fetch("codes", code_id)
    if code is None:
        raise NotFound(f"there is no code with id {code_id}")
    if not code["codable"]:
        raise InvalidOperation(f"{code['name']!r} only groups other codes; choose one of them")
    if not (0 <= start < end <= characters):
        raise InvalidOperation(
            f"[{start}, {end}) is not a range of {document_name!r} (it has "
            f"{plural(characters, 'character')})"
        )
    coder_id = ensure_coder(journal, coder_name)
    if queries.identical_coding_exists(journal.conn, document_id, code_id, coder_id, start, end):
        if skip_identical:
            return None
        raise InvalidOperation(f"this passage is coded with {code['name']!r} already")
    return journal.insert(
        "codings",
        {
            "guid": new_guid(),
            "document_id": document_id,
            "code_id": code_id,
            "coder_id": coder_id,
            "start": start,
            "end": end,
            "memo": memo,
            "created_at": now(),
        },
    )


def _require_coding(journal: Journal, coding_id: int) -> dict:
    row = journal.fetch("codings", coding_id)
    if row is None:
        raise NotFound(f"there is no coding with id {coding_id}")
    return row


def remove_coding(journal: Journal, coding_id: int) -> None:
    _require_coding(journal, coding_id)
    journal.delete("codings", coding_id)


def change_coding_code(journal: Journal, coding_id: int, code_id: int) -> None:
    row = _require_coding(journal, coding_id)
    code = journal.fetch("codes", code_id)
    if code is None:
        raise NotFound(f"there is no code with id {code_id}")
    if not code["codable"]:
        raise InvalidOperation(f"{code['name']!r} only groups other codes; choose one of them")
    if row["code_id"] == code_id:
        return
    if queries.identical_coding_exists(
        journal.conn, row["document_id"], code_id, row["coder_id"], row["start"], row["end"]
    ):
        raise InvalidOperation(f"this passage is coded with {code['name']!r} already")
    journal.update("codings", coding_id, {"code_id": code_id})


def set_coding_memo(journal: Journal, coding_id: int, memo: str) -> None:
    _require_coding(journal, coding_id)
    journal.update("codings", coding_id, {"memo": memo})


def add_codings(journal: Journal, document_id: int, code_id: int, coder_name: str,
                spans: list[tuple[int, int]], memo: str = "") -> list[int]:
    """Code each ``[start, end)`` of ``spans`` (code points) of one document with one code, by
    ``coder_name`` (created if new), in one operation: a settled disagreement recorded by the
    consensus coder. A span the coder has coded identically already is left (not doubled).
    Returns the new codings' ids. Raises as :func:`add_coding`; InvalidOperation for no spans."""
    if not spans:
        raise InvalidOperation("nothing to code: the passage holds no coding to keep")
    added = []
    for start, end in spans:
        coding_id = add_coding(journal, document_id, code_id, coder_name, start, end, memo,
                               skip_identical=True)
        if coding_id is not None:
            added.append(coding_id)
    return added
