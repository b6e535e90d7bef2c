"""The full-text search index, rebuilt from the documents' texts.

The index (an FTS5 table over ``documents.text``, its shadow tables and the triggers that keep
it in step) holds nothing that is not in the documents themselves, so it can always be made
again: when it is missing, damaged or out of step, :func:`rebuild_derived` drops what is left
of it and builds it afresh, together with any missing index or trigger. A read-only
connection cannot write the file; :func:`use_temporary_index` gives it an index in memory.
"""

from __future__ import annotations

import sqlite3
from contextlib import suppress

from glocal_annotator.store.expected import SEARCH_INDEX, expected_schema

#: the tokenizer of the project's search index (schema version 1), used for the in-memory index
TOKENIZE = "unicode61 remove_diacritics 2"


def _present(conn: sqlite3.Connection, schema: str = "main") -> set[str]:
    return {row[0] for row in conn.execute(f"SELECT name FROM {schema}.sqlite_master")}


def drop_search_index(conn: sqlite3.Connection, *, with_triggers: bool = False) -> None:
    """Drop the FTS table and its shadow tables (and, if asked, the triggers that feed it),
    also when the table can no longer be opened (a shadow table gone): then its entry, which
    owns no pages, is taken out of the schema. Use inside a transaction."""
    try:
        conn.execute(f"DROP TABLE IF EXISTS {SEARCH_INDEX}")
    except sqlite3.DatabaseError:
        conn.execute("PRAGMA writable_schema = ON")
        try:
            conn.execute(
                "DELETE FROM sqlite_master WHERE type = 'table' AND name = ? AND rootpage = 0",
                (SEARCH_INDEX,),
            )
        finally:
            conn.execute("PRAGMA writable_schema = OFF")
        # make this connection read the schema again
        conn.execute("PRAGMA schema_version = " + str(
            conn.execute("PRAGMA schema_version").fetchone()[0] + 1))
    shadows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ? ESCAPE '!'",
        (SEARCH_INDEX.replace("_", "!_") + "!_%",),
    ).fetchall()
    for (name,) in shadows:
        conn.execute(f'DROP TABLE IF EXISTS "{name}"')
    if with_triggers:
        triggers = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND sql LIKE ?",
            (f"%{SEARCH_INDEX}%",),
        ).fetchall()
        for (name,) in triggers:
            conn.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def rebuild_derived(conn: sqlite3.Connection, version: int) -> list[str]:
    """Rebuild the search index from the documents' texts and create every index and
    trigger that is missing, in one transaction (the caller holds the writer lock). Returns
    what was made, one short phrase each. Raises ``sqlite3.DatabaseError`` if the file cannot
    be written or the documents cannot be read (the transaction is then rolled back)."""
    expected = expected_schema(version)
    made: list[str] = []
    conn.execute("BEGIN IMMEDIATE")
    try:
        drop_search_index(conn)
        present = _present(conn)
        for name, item in expected.items():
            if name == SEARCH_INDEX:
                conn.execute(item.sql)
                made.append("the search index")
            elif item.derived and item.kind in ("index", "trigger") and name not in present:
                conn.execute(item.sql)
                made.append(f"the {item.kind} {name}")
        conn.execute(f"INSERT INTO {SEARCH_INDEX}({SEARCH_INDEX}) VALUES ('rebuild')")
        conn.execute("COMMIT")
    except BaseException:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    return made


def use_temporary_index(conn: sqlite3.Connection) -> None:
    """Give a read-only connection a search index of its own, in memory, built from the
    documents' texts: it takes the place of the file's index (SQLite looks up ``temp`` before
    ``main``) for as long as the connection is open. Costs about the time of an import of all
    the texts. Raises ``sqlite3.DatabaseError`` if the texts cannot be read."""
    conn.execute(f"DROP TABLE IF EXISTS temp.{SEARCH_INDEX}")
    conn.execute(
        f"CREATE VIRTUAL TABLE temp.{SEARCH_INDEX} USING fts5(text, content='', "
        f"tokenize='{TOKENIZE}')"
    )
    conn.execute(
        f"INSERT INTO temp.{SEARCH_INDEX}(rowid, text) "
        "SELECT id, text FROM main.documents WHERE typeof(text) = 'text'"
    )
