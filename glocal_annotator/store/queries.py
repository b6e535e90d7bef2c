"""Read queries: rows out of the project file as model objects. No writes here."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence

from glocal_annotator.code_paths import escape_name
from glocal_annotator.model import Code, Coder, Coding, CodingFilter, Document, Excerpt, Memo

_DOCUMENT_COLUMNS = (
    "d.id, d.guid, d.name, d.format, d.characters, d.content_hash, d.imported_at, "
    "d.source_path, d.page_starts, d.metadata"
)


def _document(row: Sequence, codings: int) -> Document:
    return Document(
        id=row[0],
        guid=row[1],
        name=row[2],
        format=row[3],
        characters=row[4],
        content_hash=row[5],
        imported_at=row[6],
        source_path=row[7],
        page_starts=tuple(json.loads(row[8])),
        metadata=json.loads(row[9]),
        codings=codings,
    )


def documents(conn: sqlite3.Connection) -> list[Document]:
    """All documents in import order, each with its number of codings."""
    rows = conn.execute(
        f"SELECT {_DOCUMENT_COLUMNS}, (SELECT count(*) FROM codings c WHERE c.document_id = d.id) "
        "FROM documents d ORDER BY d.id"
    ).fetchall()
    return [_document(row, row[10]) for row in rows]


def document(conn: sqlite3.Connection, document_id: int) -> Document | None:
    row = conn.execute(
        f"SELECT {_DOCUMENT_COLUMNS}, (SELECT count(*) FROM codings c WHERE c.document_id = d.id) "
        "FROM documents d WHERE d.id = ?",
        (document_id,),
    ).fetchone()
    return _document(row, row[10]) if row else None


def document_ids(conn: sqlite3.Connection) -> list[int]:
    """All document ids in import order (without the per-document coding counts)."""
    return [row[0] for row in conn.execute("SELECT id FROM documents ORDER BY id")]


def document_text(conn: sqlite3.Connection, document_id: int) -> str | None:
    row = conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()
    return row[0] if row else None


def document_ids_by_hash(conn: sqlite3.Connection, content_hash: str) -> list[int]:
    rows = conn.execute("SELECT id FROM documents WHERE content_hash = ?", (content_hash,))
    return [row[0] for row in rows]


def document_names(conn: sqlite3.Connection) -> dict[int, str]:
    return dict(conn.execute("SELECT id, name FROM documents"))


def coders(conn: sqlite3.Connection) -> list[Coder]:
    return [Coder(*row) for row in conn.execute("SELECT id, guid, name FROM coders ORDER BY id")]


def coder_by_name(conn: sqlite3.Connection, name: str) -> Coder | None:
    row = conn.execute("SELECT id, guid, name FROM coders WHERE name = ?", (name,)).fetchone()
    return Coder(*row) if row else None


_CODE_COLUMNS = (
    "id, guid, name, parent_id, position, color, codable, short_definition, definition, "
    "when_to_use, when_not_to_use, example, memo"
)


def codes(conn: sqlite3.Connection) -> list[Code]:
    """All codes in codebook order (depth first, siblings by position), with paths and counts."""
    counts = dict(conn.execute("SELECT code_id, count(*) FROM codings GROUP BY code_id"))
    rows = conn.execute(f"SELECT {_CODE_COLUMNS} FROM codes ORDER BY position, id").fetchall()
    children: dict[int | None, list[Sequence]] = {}
    for row in rows:
        children.setdefault(row[3], []).append(row)
    ordered: list[Code] = []
    # depth first without recursion, so that any depth works: (rows left, prefix) per level
    stack: list[tuple[list[Sequence], int, str]] = [(children.get(None, []), 0, "")]
    while stack:
        rows_here, index, prefix = stack[-1]
        if index == len(rows_here):
            stack.pop()
            continue
        row = rows_here[index]
        stack[-1] = (rows_here, index + 1, prefix)
        step = escape_name(row[2])  # a "/" in a name is written "\/": one path per code
        path = f"{prefix}/{step}" if prefix else step
        ordered.append(
            Code(
                id=row[0],
                guid=row[1],
                name=row[2],
                parent_id=row[3],
                position=row[4],
                color=row[5],
                codable=bool(row[6]),
                short_definition=row[7],
                definition=row[8],
                when_to_use=row[9],
                when_not_to_use=row[10],
                example=row[11],
                memo=row[12],
                path=path,
                codings=counts.get(row[0], 0),
            )
        )
        if row[0] in children:
            stack.append((children[row[0]], 0, path))
    return ordered


def codebook_rows(conn: sqlite3.Connection) -> list[tuple[int, int | None, int, str, str]]:
    """``(id, parent_id, position, name, color)`` of every code, siblings in position order
    (one query, for operations that add many codes at once)."""
    rows = conn.execute("SELECT id, parent_id, position, name, color FROM codes "
                        "ORDER BY position, id")
    return [tuple(row) for row in rows]  # type: ignore[misc]


def child_code_ids(conn: sqlite3.Connection, parent_id: int | None) -> list[int]:
    """Ids of a code's children (or of the top-level codes) in position order."""
    if parent_id is None:
        rows = conn.execute("SELECT id FROM codes WHERE parent_id IS NULL ORDER BY position, id")
    else:
        rows = conn.execute(
            "SELECT id FROM codes WHERE parent_id = ? ORDER BY position, id", (parent_id,)
        )
    return [row[0] for row in rows]


def code_parent(conn: sqlite3.Connection, code_id: int) -> int | None:
    row = conn.execute("SELECT parent_id FROM codes WHERE id = ?", (code_id,)).fetchone()
    return row[0] if row else None


_CODING_COLUMNS = (
    'c.id, c.guid, c.document_id, c.code_id, c.coder_id, c.start, c."end", c.memo, c.created_at'
)


EVERY_CODING = CodingFilter()


def _where(where: CodingFilter) -> tuple[str, list[str]]:
    """The SQL ``WHERE`` clause (on ``codings c``) and its parameters for a filter."""
    clauses: list[str] = []
    params: list[str] = []
    for column, ids in (
        ("document_id", where.document_ids),
        ("code_id", where.code_ids),
        ("coder_id", where.coder_ids),
    ):
        if ids is not None:
            clauses.append(f"c.{column} IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(ids))
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def codings(conn: sqlite3.Connection, where: CodingFilter = EVERY_CODING) -> list[Coding]:
    """The codings ``where`` lets through, in document order (document, start, end)."""
    clause, params = _where(where)
    rows = conn.execute(
        f"SELECT {_CODING_COLUMNS} FROM codings c{clause} "
        'ORDER BY c.document_id, c.start, c."end", c.id',
        params,
    )
    return [Coding(*row) for row in rows]


def coding_batches(
    conn: sqlite3.Connection, where: CodingFilter = EVERY_CODING, size: int = 5000
) -> Iterator[list[Coding]]:
    """:func:`codings` in lists of at most ``size``, read as they are asked for (so a caller can
    report progress between them). Read them all inside one read transaction
    (:meth:`ProjectDatabase.snapshot`) to see one state of the file."""
    clause, params = _where(where)
    cursor = conn.execute(
        f"SELECT {_CODING_COLUMNS} FROM codings c{clause} "
        'ORDER BY c.document_id, c.start, c."end", c.id',
        params,
    )
    while rows := cursor.fetchmany(size):
        yield [Coding(*row) for row in rows]


def coding_pages(
    conn: sqlite3.Connection, where: CodingFilter = EVERY_CODING, size: int = 2000
) -> Iterator[list[Coding]]:
    """The codings ``where`` lets through, at most ``size`` per list, by document, start and
    id (not by end: that is the order of the ``codings_document`` index, so each list is a range
    of it). Each list is one statement read to its end (keyset paging): nothing stays open on
    the connection between two lists, and a change committed meanwhile may or may not show in
    the later lists (a reader that must see one state reads inside
    :meth:`ProjectDatabase.snapshot`, or starts again when a change comes)."""
    clause, params = _where(where)
    after_key = "(c.document_id, c.start, c.id) > (?, ?, ?)"
    clause = clause + (" AND " if clause else " WHERE ") + after_key
    after: tuple[int, int, int] = (-1, -1, -1)
    while True:
        rows = conn.execute(
            f"SELECT {_CODING_COLUMNS} FROM codings c{clause} "
            "ORDER BY c.document_id, c.start, c.id LIMIT ?",
            [*params, *after, size],
        ).fetchall()
        if rows:
            yield [Coding(*row) for row in rows]
        if len(rows) < size:
            return
        last = rows[-1]
        after = (last[2], last[5], last[0])


CodingRow = tuple[int, int, int, int, int]  # coding id, code id, coder id, start, end


def coding_row_pages(
    conn: sqlite3.Connection, document_id: int, size: int
) -> Iterator[list[CodingRow]]:
    """The codings of one document in the lightest form: ``(id, code id, coder id, start,
    end)`` (code points), at most ``size`` per list, by code, coder and range (not by start).

    Each list is one statement read to its end (keyset paging over the covering index
    ``codings_identity``), so nothing stays open on the connection between two lists: a change
    committed meanwhile may or may not show in the later lists; a reader that must see one
    state reads inside :meth:`ProjectDatabase.snapshot`, or follows the changes itself."""
    after: tuple[int, int, int, int] = (-1, -1, -1, -1)
    while True:
        rows = conn.execute(
            'SELECT id, code_id, coder_id, start, "end" FROM codings '
            'WHERE document_id = ? AND (code_id, coder_id, start, "end") > (?, ?, ?, ?) '
            'ORDER BY code_id, coder_id, start, "end" LIMIT ?',
            (document_id, *after, size),
        ).fetchall()
        if rows:
            yield rows
        if len(rows) < size:
            return
        last = rows[-1]
        after = (last[1], last[2], last[3], last[4])


def coding(conn: sqlite3.Connection, coding_id: int) -> Coding | None:
    row = conn.execute(f"SELECT {_CODING_COLUMNS} FROM codings c WHERE c.id = ?", (coding_id,))
    found = row.fetchone()
    return Coding(*found) if found else None


def excerpts(conn: sqlite3.Connection, where: CodingFilter = EVERY_CODING) -> list[Excerpt]:
    """The codings ``where`` lets through with their text, document name, code path and coder,
    in document order."""
    return [excerpt for batch in excerpt_batches(conn, where) for excerpt in batch]


def excerpt_batches(
    conn: sqlite3.Connection, where: CodingFilter = EVERY_CODING, size: int = 2000
) -> Iterator[list[Excerpt]]:
    """:func:`excerpts` in lists of at most ``size``, read as they are asked for (read them all
    inside one read transaction to see one state of the file)."""
    paths = {code.id: code for code in codes(conn)}
    coder_names = {coder.id: coder.name for coder in coders(conn)}
    names = document_names(conn)
    texts: dict[int, str] = {}
    for found in coding_batches(conn, where, size):
        result: list[Excerpt] = []
        for item in found:
            if item.document_id not in texts:
                texts[item.document_id] = document_text(conn, item.document_id) or ""
            code = paths[item.code_id]
            result.append(
                Excerpt(
                    coding_id=item.id,
                    document_id=item.document_id,
                    document=names[item.document_id],
                    code_id=item.code_id,
                    code_path=code.path,
                    color=code.color,
                    coder=coder_names[item.coder_id],
                    start=item.start,
                    end=item.end,
                    text=texts[item.document_id][item.start : item.end],
                    memo=item.memo,
                    created_at=item.created_at,
                )
            )
        yield result


def fts_document_ids(conn: sqlite3.Connection, match: str) -> list[int]:
    """Documents whose folded search form matches an FTS5 query, best first (bm25)."""
    rows = conn.execute(
        "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY bm25(search_fts)",
        (match,),
    )
    return [row[0] for row in rows]


def documents_without_search_text(conn: sqlite3.Connection) -> list[int]:
    """Documents that have no stored search form (none should; search scans them anyway)."""
    rows = conn.execute(
        "SELECT id FROM documents WHERE id NOT IN (SELECT document_id FROM search_texts) "
        "ORDER BY id"
    )
    return [row[0] for row in rows]


_SEARCH_FORMS = {"folded": ("folded", "folded_map"), "normalised": ("normalised", "normalised_map")}


def search_form(
    conn: sqlite3.Connection, document_id: int, which: str
) -> tuple[int, str | None, bytes] | None:
    """``(version, text, offset map)`` of a document's stored ``folded`` or ``normalised``
    search form (text None: the same as the document's), or None when none is stored."""
    text_column, map_column = _SEARCH_FORMS[which]
    row = conn.execute(
        f"SELECT version, {text_column}, {map_column} FROM search_texts WHERE document_id = ?",
        (document_id,),
    ).fetchone()
    return (row[0], row[1], row[2]) if row else None


def code_spans(conn: sqlite3.Connection, document_id: int, code_id: int) -> list[tuple[int, int]]:
    """``(start, end)`` of every coding of one code in one document (any coder), by start.

    Sorted here, not by SQL: an ``ORDER BY start`` leads SQLite to walk every coding of the
    document by start (70 ms at 50,000) instead of the covering ``codings_identity`` index
    (a millisecond)."""
    rows = conn.execute(
        'SELECT start, "end" FROM codings WHERE document_id = ? AND code_id = ?',
        (document_id, code_id),
    ).fetchall()
    rows.sort()
    return rows


def codes_spans(
    conn: sqlite3.Connection, document_id: int, code_ids: Sequence[int]
) -> list[tuple[int, int]]:
    """``(start, end)`` of every coding of any of ``code_ids`` in one document, by start."""
    rows = conn.execute(
        'SELECT start, "end" FROM codings WHERE document_id = ? AND code_id IN '
        '(SELECT value FROM json_each(?)) ORDER BY start, "end"',
        (document_id, json.dumps(list(code_ids))),
    )
    return [(row[0], row[1]) for row in rows]


def memos(conn: sqlite3.Connection) -> list[Memo]:
    rows = conn.execute(
        "SELECT id, guid, title, text, document_id, coder_id, created_at, modified_at "
        "FROM memos ORDER BY id"
    )
    return [Memo(*row) for row in rows]


def document_memos(conn: sqlite3.Connection) -> dict[int, str]:
    """The documents' own memos that are not empty, by document id."""
    return dict(conn.execute("SELECT id, memo FROM documents WHERE memo != '' ORDER BY id"))


def coding_identities(conn: sqlite3.Connection) -> dict[tuple[int, int, int, int, int], int]:
    """Every coding's identity ``(document, code, coder, start, end)`` and its id."""
    rows = conn.execute('SELECT document_id, code_id, coder_id, start, "end", id FROM codings')
    return {row[:5]: row[5] for row in rows}


def project_info(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM project_info"))


def document_name_and_length(conn: sqlite3.Connection, document_id: int) -> tuple[str, int] | None:
    row = conn.execute(
        "SELECT name, characters FROM documents WHERE id = ?", (document_id,)
    ).fetchone()
    return (row[0], row[1]) if row else None


def identical_coding_exists(
    conn: sqlite3.Connection, document_id: int, code_id: int, coder_id: int, start: int, end: int
) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM codings WHERE document_id = ? AND code_id = ? AND coder_id = ? "
            'AND start = ? AND "end" = ?',
            (document_id, code_id, coder_id, start, end),
        ).fetchone()
        is not None
    )


def coded_ranges(
    conn: sqlite3.Connection, document_id: int, code_id: int, coder_id: int
) -> set[tuple[int, int]]:
    """The ``(start, end)`` of every coding of a document with one code by one coder."""
    rows = conn.execute(
        'SELECT start, "end" FROM codings WHERE document_id = ? AND code_id = ? AND coder_id = ?',
        (document_id, code_id, coder_id),
    )
    return set(rows.fetchall())


def code_color_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """How many codes have each colour (``#RRGGBB``, upper case)."""
    counts: dict[str, int] = {}
    for color, count in conn.execute("SELECT upper(color), count(*) FROM codes GROUP BY 1"):
        counts[color] = counts.get(color, 0) + count
    return counts


def code_color(conn: sqlite3.Connection, code_id: int) -> str | None:
    row = conn.execute("SELECT color FROM codes WHERE id = ?", (code_id,)).fetchone()
    return row[0] if row else None


def child_code_colors(
    conn: sqlite3.Connection, parent_id: int | None, limit: int = -1
) -> list[str]:
    """The distinct colours (upper case) of a code's children (or of the top-level codes), the
    latest in codebook order first; at most ``limit`` of them (-1: all)."""
    rows = conn.execute(
        "SELECT upper(color) FROM codes WHERE parent_id IS ? GROUP BY upper(color) "
        "ORDER BY max(position) DESC LIMIT ?",
        (parent_id, limit),
    )
    return [row[0] for row in rows]


def child_code_names(conn: sqlite3.Connection, parent_id: int | None) -> dict[int, str]:
    """Ids and names of a code's children (or of the top-level codes)."""
    if parent_id is None:
        rows = conn.execute("SELECT id, name FROM codes WHERE parent_id IS NULL")
    else:
        rows = conn.execute("SELECT id, name FROM codes WHERE parent_id = ?", (parent_id,))
    return dict(rows.fetchall())


def count_codings(conn: sqlite3.Connection, where: CodingFilter = EVERY_CODING) -> int:
    """How many codings :func:`codings` would return for the same filter, without building
    them (a live count over 50,000 codings)."""
    clause, params = _where(where)
    return conn.execute(f"SELECT count(*) FROM codings c{clause}", params).fetchone()[0]


def code_exists(conn: sqlite3.Connection, code_id: int) -> bool:
    """Whether the codebook holds a code with this id."""
    return conn.execute("SELECT 1 FROM codes WHERE id = ?", (code_id,)).fetchone() is not None
