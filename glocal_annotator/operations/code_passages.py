"""Code a list of passages (a code query's result) with one code, in one operation.

The code is an existing one, or a new one made in the same operation, so that one undo removes
the code and its codings together. Passages may lie in many documents; each becomes one coding
by the coder. A passage the coder has coded identically with the code already is left (not
doubled).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from glocal_annotator.errors import InvalidOperation, NotFound
from glocal_annotator.operations import codebook, new_guids, now
from glocal_annotator.operations.coding import ensure_coder
from glocal_annotator.store import queries
from glocal_annotator.store.journal import Journal
from glocal_annotator.wording import plural


@dataclass(frozen=True)
class CodedPassages:
    """What :func:`code_passages` did: the code used (``created`` when it is new) and the new
    codings' ids, in document order."""

    code_id: int
    created: bool
    coding_ids: tuple[int, ...]


def code_passages(
    journal: Journal,
    passages: Iterable[tuple[int, int, int]],
    coder_name: str,
    *,
    code_id: int | None = None,
    new_code: str | None = None,
    parent_id: int | None = None,
) -> CodedPassages:
    """Code each ``(document_id, start, end)`` passage (code points, end exclusive) with the
    code ``code_id``, or with a new code named ``new_code`` (under ``parent_id``), by
    ``coder_name`` (created if new). Raises InvalidOperation (nothing written) for no passages,
    both or neither of ``code_id``/``new_code``, a grouping-only code, a name taken among the
    new code's siblings, or a range outside its document; NotFound for an unknown code or
    document."""
    ordered = sorted(set(passages))
    if not ordered:
        raise InvalidOperation("the result holds no passage; nothing was coded")
    if (code_id is None) == (new_code is None):
        raise InvalidOperation("give an existing code or a name for a new one")
    created = code_id is None
    if code_id is None:
        code_id = codebook.add_code(journal, new_code or "", parent_id)
    code = journal.fetch("codes", code_id)
    if code is None:
        raise NotFound(f"there is no code with id {code_id}")
    if not code["codable"]:
        raise InvalidOperation(f"{code['name']!r} only groups other codes; choose one of them")
    coder_id = ensure_coder(journal, coder_name)
    created_at = now()
    rows: list[dict] = []
    for document_id, in_document in groupby(ordered, key=lambda passage: passage[0]):
        document = queries.document_name_and_length(journal.conn, document_id)
        if document is None:
            raise NotFound(f"there is no document with id {document_id}")
        name, characters = document
        existing = set() if created else set(queries.code_spans(journal.conn, document_id,
                                                                code_id))
        for _, start, end in in_document:
            if not 0 <= start < end <= characters:
                raise InvalidOperation(f"[{start}, {end}) is not a range of {name!r} (it has "
                                       f"{plural(characters, 'character')})")
            if (start, end) in existing and queries.identical_coding_exists(
                    journal.conn, document_id, code_id, coder_id, start, end):
                continue
            rows.append({"guid": "", "document_id": document_id, "code_id": code_id,
                         "coder_id": coder_id, "start": start, "end": end, "memo": "",
                         "created_at": created_at})
    for row, guid in zip(rows, new_guids(len(rows)), strict=True):
        row["guid"] = guid
    return CodedPassages(code_id, created, tuple(journal.insert_many("codings", rows)))
