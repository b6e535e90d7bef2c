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


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_to_1]
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
}
