"""The project file's schema and its migrations.

``user_version`` holds the schema version. Each migration takes a connection inside a
transaction and brings the schema from version ``n - 1`` to ``n``; version 1 creates everything.
Add a migration by appending a function to :data:`MIGRATIONS`; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

# "GLOC" in ASCII: marks a file as a Glocal Annotator project (PRAGMA application_id).
APPLICATION_ID = 0x474C4F43

_V1 = """
CREATE TABLE project_info (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE coders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    format TEXT NOT NULL,
    text TEXT NOT NULL,
    characters INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    source_path TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL,
    page_starts TEXT NOT NULL DEFAULT '[]',
    metadata TEXT NOT NULL DEFAULT '{}',
    memo TEXT NOT NULL DEFAULT ''
);
CREATE INDEX documents_content_hash ON documents(content_hash);
CREATE VIRTUAL TABLE documents_fts USING fts5(
    text, content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF text ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO documents_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TABLE codes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guid TEXT NOT NULL UNIQUE,
    parent_id INTEGER REFERENCES codes(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    color TEXT NOT NULL,
    codable INTEGER NOT NULL DEFAULT 1,
    short_definition TEXT NOT NULL DEFAULT '',
    definition TEXT NOT NULL DEFAULT '',
    when_to_use TEXT NOT NULL DEFAULT '',
    when_not_to_use TEXT NOT NULL DEFAULT '',
    example TEXT NOT NULL DEFAULT '',
    memo TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX codes_parent ON codes(parent_id, position);
CREATE TABLE codings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guid TEXT NOT NULL UNIQUE,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    code_id INTEGER NOT NULL REFERENCES codes(id),
    coder_id INTEGER NOT NULL REFERENCES coders(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    memo TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    CHECK (start >= 0 AND "end" > start)
);
CREATE INDEX codings_document ON codings(document_id, start);
CREATE INDEX codings_code ON codings(code_id);
CREATE UNIQUE INDEX codings_identity ON codings(document_id, code_id, coder_id, start, "end");
CREATE TABLE memos (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guid TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    document_id INTEGER REFERENCES documents(id),
    coder_id INTEGER REFERENCES coders(id),
    created_at TEXT NOT NULL,
    modified_at TEXT NOT NULL
);
"""


def _migrate_to_1(conn: sqlite3.Connection) -> None:
    for statement in _split_statements(_V1):
        conn.execute(statement)


def _split_statements(script: str) -> list[str]:
    """Split a script on ';' while keeping trigger bodies (BEGIN ... END;) whole."""
    statements: list[str] = []
    buffer = ""
    for line in script.strip().splitlines():
        buffer += line + "\n"
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    return statements


_V2 = """
CREATE TABLE search_texts (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id),
    version INTEGER NOT NULL,
    folded TEXT NOT NULL,
    folded_map BLOB NOT NULL,
    normalised TEXT,
    normalised_map BLOB NOT NULL
);
CREATE VIRTUAL TABLE search_fts USING fts5(
    folded, content='search_texts', content_rowid='document_id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER search_fts_insert AFTER INSERT ON search_texts BEGIN
    INSERT INTO search_fts(rowid, folded) VALUES (new.document_id, new.folded);
END;
CREATE TRIGGER search_fts_delete AFTER DELETE ON search_texts BEGIN
    INSERT INTO search_fts(search_fts, rowid, folded)
        VALUES ('delete', old.document_id, old.folded);
END;
CREATE TRIGGER search_fts_update AFTER UPDATE OF folded ON search_texts BEGIN
    INSERT INTO search_fts(search_fts, rowid, folded)
        VALUES ('delete', old.document_id, old.folded);
    INSERT INTO search_fts(rowid, folded) VALUES (new.document_id, new.folded);
END;
DROP TRIGGER documents_fts_insert;
DROP TRIGGER documents_fts_delete;
DROP TRIGGER documents_fts_update;
DROP TABLE documents_fts;
"""


def _migrate_to_2(conn: sqlite3.Connection) -> None:
    """Search runs over each document's reader-equal, case-folded form (search/equivalence.py):
    store it, with its offset map, and index it for full text instead of the raw text.

    The index keeps ``remove_diacritics 2``: it only picks and ranks the documents worth
    scanning (a superset), the exact pass over the folded form decides what matches."""
    from glocal_annotator.text_forms.stored import search_texts_row  # pure text code, no store

    for statement in _split_statements(_V2):
        conn.execute(statement)
    columns = TABLE_COLUMNS["search_texts"]
    insert = (
        f"INSERT INTO search_texts ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    )
    for (document_id,) in conn.execute("SELECT id FROM documents").fetchall():
        text = conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()
        row = search_texts_row(document_id, text[0])
        conn.execute(insert, [row[column] for column in columns])


_V3 = """
CREATE TABLE variables (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    type TEXT NOT NULL,
    choices TEXT NOT NULL DEFAULT '[]',
    description TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL
);
CREATE TABLE variable_values (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    variable_id INTEGER NOT NULL REFERENCES variables(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    value TEXT NOT NULL
);
CREATE UNIQUE INDEX variable_values_identity ON variable_values(variable_id, document_id);
CREATE INDEX variable_values_document ON variable_values(document_id);
CREATE TABLE document_sets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    guid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    description TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE document_set_members (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    set_id INTEGER NOT NULL REFERENCES document_sets(id),
    document_id INTEGER NOT NULL REFERENCES documents(id)
);
CREATE UNIQUE INDEX document_set_members_identity ON document_set_members(set_id, document_id);
CREATE INDEX document_set_members_document ON document_set_members(document_id);
"""


def _migrate_to_3(conn: sqlite3.Connection) -> None:
    """Document variables (typed: text, number, date, boolean, choice; one value per document,
    stored as canonical text, see variable_types.py) and document sets (a document in any
    number of them). New tables; every older row stays as it was.

    Documents imported from a .qdpx before version 3 kept the file's variables and sets in
    their metadata (``"variables": {name: value}``, ``"sets": [name]``): they become text
    variables with those values and document sets (the metadata is left as it was)."""
    import json
    import uuid
    from datetime import UTC, datetime

    for statement in _split_statements(_V3):
        conn.execute(statement)
    variables: dict[str, int] = {}
    sets: dict[str, int] = {}
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    rows = conn.execute(
        "SELECT id, metadata FROM documents WHERE metadata LIKE '%\"variables\"%' "
        "OR metadata LIKE '%\"sets\"%' ORDER BY id").fetchall()
    for document_id, metadata in rows:
        try:
            data = json.loads(metadata)
        except (TypeError, ValueError):
            continue
        if not isinstance(data, dict):
            continue
        found = data.get("variables")
        for name, value in (found.items() if isinstance(found, dict) else ()):
            name, text = " ".join(str(name).split()), "" if value is None else str(value).strip()
            if not name or not text:
                continue
            if name.casefold() not in variables:
                variables[name.casefold()] = conn.execute(
                    "INSERT INTO variables (guid, name, type, position) VALUES (?, ?, 'text', ?)",
                    (str(uuid.uuid4()), name, len(variables))).lastrowid
            conn.execute("INSERT OR IGNORE INTO variable_values (variable_id, document_id, value)"
                         " VALUES (?, ?, ?)", (variables[name.casefold()], document_id, text))
        found = data.get("sets")
        for name in (found if isinstance(found, list) else ()):
            name = " ".join(str(name).split())
            if not name:
                continue
            if name.casefold() not in sets:
                sets[name.casefold()] = conn.execute(
                    "INSERT INTO document_sets (guid, name, created_at) VALUES (?, ?, ?)",
                    (str(uuid.uuid4()), name, stamp)).lastrowid
            conn.execute("INSERT OR IGNORE INTO document_set_members (set_id, document_id) "
                         "VALUES (?, ?)", (sets[name.casefold()], document_id))


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migrate_to_1, _migrate_to_2, _migrate_to_3,
]
SCHEMA_VERSION = len(MIGRATIONS)

# Tables whose rows the change journal may write, with their columns (id first).
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "project_info": ("key", "value"),
    "coders": ("id", "guid", "name"),
    "documents": (
        "id",
        "guid",
        "name",
        "format",
        "text",
        "characters",
        "content_hash",
        "source_path",
        "imported_at",
        "page_starts",
        "metadata",
        "memo",
    ),
    "codes": (
        "id",
        "guid",
        "parent_id",
        "position",
        "name",
        "color",
        "codable",
        "short_definition",
        "definition",
        "when_to_use",
        "when_not_to_use",
        "example",
        "memo",
        "created_at",
    ),
    "codings": (
        "id",
        "guid",
        "document_id",
        "code_id",
        "coder_id",
        "start",
        "end",
        "memo",
        "created_at",
    ),
    "search_texts": (
        "document_id",
        "version",
        "folded",
        "folded_map",
        "normalised",
        "normalised_map",
    ),
    "memos": (
        "id",
        "guid",
        "title",
        "text",
        "document_id",
        "coder_id",
        "created_at",
        "modified_at",
    ),
    "variables": ("id", "guid", "name", "type", "choices", "description", "position"),
    "variable_values": ("id", "variable_id", "document_id", "value"),
    "document_sets": ("id", "guid", "name", "description", "created_at"),
    "document_set_members": ("id", "set_id", "document_id"),
}
