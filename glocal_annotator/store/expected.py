"""What a healthy project file of a given schema version holds: every table with its columns,
every index and trigger, and the search index, as the migrations create them.

Worked out by running the migrations on an in-memory database, so it can never drift from
:mod:`.schema` (a new migration brings its own expectations).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from glocal_annotator.store import schema

#: The full-text search index of each schema version (an FTS5 table, with its shadow tables
#: named ``<index>_data`` etc.): version 1 indexed ``documents.text`` (``documents_fts``);
#: version 2 indexes the folded search forms in ``search_texts`` (``search_fts``).
SEARCH_INDEXES = {1: "documents_fts", 2: "search_fts"}

#: Tables of derived rows, by the schema version that brought them: version 2 keeps each
#: document's search forms (``search_texts``), made from its text by
#: :func:`glocal_annotator.text_forms.stored.search_texts_row`.
SEARCH_FORMS_TABLE = "search_texts"


def search_index(version: int) -> str:
    """The name of the full-text index that schema ``version`` holds."""
    return SEARCH_INDEXES[min(max(version, 1), max(SEARCH_INDEXES))]


def has_search_forms(version: int) -> bool:
    """True when schema ``version`` keeps the search forms table (version 2 on)."""
    return version >= 2


@dataclass(frozen=True)
class Column:
    name: str
    declared: str  # "TEXT" or "INTEGER"
    not_null: bool
    is_rowid: bool = False  # INTEGER PRIMARY KEY: the rowid itself, stored as NULL in a row


@dataclass(frozen=True)
class SchemaObject:
    """One entry of ``sqlite_master``: ``kind`` is table, index or trigger."""

    name: str
    kind: str
    table: str
    sql: str
    columns: tuple[Column, ...] = ()

    @property
    def derived(self) -> bool:
        """True for what is rebuilt from the rest of the file (indexes, triggers, the search
        index and its shadow tables, the search forms): losing it loses no work."""
        return (self.kind in ("index", "trigger") or self.table == SEARCH_FORMS_TABLE
                or self.table.startswith(tuple(SEARCH_INDEXES.values())))


_cache: dict[tuple, dict[str, SchemaObject]] = {}


def expected_schema(version: int) -> dict[str, SchemaObject]:
    """The schema objects (by name) that migrations 1..``version`` create; internal
    ``sqlite_*`` objects and automatic indexes are left out."""
    migrations = tuple(schema.MIGRATIONS[:version])
    key = (version, *migrations)
    if key in _cache:
        return _cache[key]
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.execute("BEGIN")
        for migration in migrations:
            migration(conn)
        conn.execute("COMMIT")
        rows = conn.execute(
            "SELECT name, type, tbl_name, sql FROM sqlite_master "
            "WHERE name NOT LIKE 'sqlite_%' AND sql IS NOT NULL"
        ).fetchall()
        objects: dict[str, SchemaObject] = {}
        for name, kind, table, sql in rows:
            columns: tuple[Column, ...] = ()
            if kind == "table" and not sql.upper().startswith("CREATE VIRTUAL"):
                info = conn.execute(f'PRAGMA table_info("{name}")').fetchall()
                keys = [row for row in info if row[5]]
                columns = tuple(
                    Column(row[1], (row[2] or "").upper(), bool(row[3] or row[5]),
                           len(keys) == 1 and row[5] == 1 and (row[2] or "").upper() == "INTEGER")
                    for row in info
                )
            objects[name] = SchemaObject(name, kind, table, sql, columns)
    finally:
        conn.close()
    _cache[key] = objects
    return objects


def data_tables(version: int) -> dict[str, SchemaObject]:
    """The tables that hold the user's work (not the search index or search forms), by
    name."""
    return {
        name: item
        for name, item in expected_schema(version).items()
        if item.kind == "table" and not item.derived
    }
