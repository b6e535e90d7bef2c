"""The derived search data, rebuilt from the documents' texts.

Schema version 1 kept one FTS5 table over ``documents.text`` (``documents_fts``, its shadow
tables and the triggers on ``documents`` that keep it in step). Version 2 keeps each
document's search forms in ``search_texts`` (made by
:func:`glocal_annotator.text_forms.stored.search_texts_row`) and an FTS5 index over their
folded form (``search_fts``, external content ``search_texts``, with triggers on
``search_texts``). None of it holds anything that is not in the documents' texts, so it can
always be made again: :func:`rebuild_derived` drops what is left of the index, writes every
missing or out-of-step search forms row afresh, builds the index and creates any missing index
or trigger. A read-only connection cannot write the file; :func:`use_temporary_index` gives it
an index (and, for version 2, search forms) in memory.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import suppress
from typing import Any

from glocal_annotator.store.expected import (
    SEARCH_FORMS_TABLE,
    expected_schema,
    has_search_forms,
    search_index,
)
from glocal_annotator.store.schema import TABLE_COLUMNS
from glocal_annotator.text_forms.stored import search_texts_row
from glocal_annotator.wording import plural

#: the tokenizer of the project's search index (both schema versions), used for the in-memory
#: index and the check's fresh index
TOKENIZE = "unicode61 remove_diacritics 2"

_FORMS_COLUMNS = TABLE_COLUMNS[SEARCH_FORMS_TABLE]


def _present(conn: sqlite3.Connection, schema: str = "main") -> set[str]:
    return {row[0] for row in conn.execute(f"SELECT name FROM {schema}.sqlite_master")}


def drop_search_index(conn: sqlite3.Connection, version: int, *,
                      with_triggers: bool = False) -> None:
    """Drop schema ``version``'s FTS table and its shadow tables (and, if asked, the triggers
    that feed it), also when the table can no longer be opened (a shadow table gone): then
    its entry, which owns no pages, is taken out of the schema. The search forms
    (``search_texts``) stay. Use inside a transaction."""
    index = search_index(version)
    try:
        conn.execute(f"DROP TABLE IF EXISTS main.{index}")
    except sqlite3.DatabaseError:
        conn.execute("PRAGMA writable_schema = ON")
        try:
            conn.execute(
                "DELETE FROM main.sqlite_master WHERE type = 'table' AND name = ? "
                "AND rootpage = 0",
                (index,),
            )
        finally:
            conn.execute("PRAGMA writable_schema = OFF")
        # make this connection read the schema again
        conn.execute("PRAGMA schema_version = " + str(
            conn.execute("PRAGMA schema_version").fetchone()[0] + 1))
    shadows = conn.execute(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name LIKE ? ESCAPE '!'",
        (index.replace("_", "!_") + "!_%",),
    ).fetchall()
    for (name,) in shadows:
        conn.execute(f'DROP TABLE IF EXISTS main."{name}"')
    if with_triggers:
        triggers = conn.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'trigger' AND sql LIKE ?",
            (f"%{index}%",),
        ).fetchall()
        for (name,) in triggers:
            conn.execute(f'DROP TRIGGER IF EXISTS main."{name}"')


def fresh_search_forms(conn: sqlite3.Connection, schema: str = "main"
                       ) -> Iterator[dict[str, Any]]:
    """The ``search_texts`` row each document's text makes now, one document at a time (in
    id order; a text that is not stored as text has none). Raises ``sqlite3.DatabaseError``
    if the documents cannot be read."""
    ids = [row[0] for row in conn.execute(
        f"SELECT id FROM {schema}.documents WHERE typeof(text) = 'text' ORDER BY id")]
    for document_id in ids:
        (text,) = conn.execute(
            f"SELECT text FROM {schema}.documents WHERE id = ?", (document_id,)).fetchone()
        yield search_texts_row(document_id, text)


def _insert_forms(conn: sqlite3.Connection, table: str) -> str:
    return (f"INSERT OR REPLACE INTO {table} ({', '.join(_FORMS_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(_FORMS_COLUMNS))})")


def _rebuild_search_forms(conn: sqlite3.Connection, version: int) -> int:
    """Make ``search_texts`` match the documents' texts (the table made again if it is gone
    or lacks a column); returns how many rows were written or removed. The triggers that
    feed the index must be gone (they are made again afterwards)."""
    item = expected_schema(version)[SEARCH_FORMS_TABLE]
    present = {row[1] for row in conn.execute(
        f'PRAGMA main.table_info("{SEARCH_FORMS_TABLE}")')}
    if not set(_FORMS_COLUMNS) <= present:
        conn.execute(f"DROP TABLE IF EXISTS main.{SEARCH_FORMS_TABLE}")
        conn.execute(item.sql)
    changed = conn.execute(
        f"DELETE FROM main.{SEARCH_FORMS_TABLE} WHERE document_id NOT IN "
        "(SELECT id FROM main.documents WHERE typeof(text) = 'text')").rowcount
    insert = _insert_forms(conn, f"main.{SEARCH_FORMS_TABLE}")
    select = (f"SELECT {', '.join(_FORMS_COLUMNS)} FROM main.{SEARCH_FORMS_TABLE} "
              "WHERE document_id = ?")
    for row in fresh_search_forms(conn):
        wanted = tuple(row[column] for column in _FORMS_COLUMNS)
        stored = conn.execute(select, (row["document_id"],)).fetchone()
        if stored != wanted:
            conn.execute(insert, wanted)
            changed += 1
    return changed


def rebuild_derived(conn: sqlite3.Connection, version: int) -> list[str]:
    """Rebuild the search data of schema ``version`` from the documents' texts (for version
    2 the search forms rows that are missing or out of step, then the index over them) and
    create every index and trigger that is missing, in one transaction (the caller holds the
    writer lock). Returns what was made, one short phrase each. Raises
    ``sqlite3.DatabaseError`` if the file cannot be written or the documents cannot be read
    (the transaction is then rolled back)."""
    expected = expected_schema(version)
    index = search_index(version)
    forms = has_search_forms(version)
    made: list[str] = []
    conn.execute("BEGIN IMMEDIATE")
    try:
        # version 2's triggers write to the index from search_texts: they go while it is rebuilt
        drop_search_index(conn, version, with_triggers=forms)
        if forms:
            changed = _rebuild_search_forms(conn, version)
            if changed:
                made.append(f"the search forms of {plural(changed, 'document')}")
        present = _present(conn)
        for name, item in expected.items():
            if name == index:
                conn.execute(item.sql)
                made.append("the search index")
            elif item.derived and item.kind in ("index", "trigger") and name not in present:
                conn.execute(item.sql)
                if not (forms and index in item.sql):  # dropped above, so always made
                    made.append(f"the {item.kind} {name}")
        conn.execute(f"INSERT INTO main.{index}({index}) VALUES ('rebuild')")
        conn.execute("COMMIT")
    except BaseException:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    return made


def use_temporary_index(conn: sqlite3.Connection, version: int) -> None:
    """Give a read-only connection search data of its own, in memory, built from the
    documents' texts: it takes the place of the file's (SQLite looks up ``temp`` before
    ``main``, and the search queries name the tables unqualified) for as long as the
    connection is open. For version 2 both ``search_texts`` (fresh forms of every document)
    and ``search_fts`` over them; for version 1 ``documents_fts``. Costs about the time of an
    import of all the texts. Raises ``sqlite3.DatabaseError`` if the texts cannot be read."""
    index = search_index(version)
    conn.execute(f"DROP TABLE IF EXISTS temp.{index}")
    if not has_search_forms(version):
        conn.execute(
            f"CREATE VIRTUAL TABLE temp.{index} USING fts5(text, content='', "
            f"tokenize='{TOKENIZE}')"
        )
        conn.execute(
            f"INSERT INTO temp.{index}(rowid, text) "
            "SELECT id, text FROM main.documents WHERE typeof(text) = 'text'"
        )
        return
    forms = f"temp.{SEARCH_FORMS_TABLE}"
    conn.execute(f"DROP TABLE IF EXISTS {forms}")
    conn.execute(
        f"CREATE TABLE {forms} (document_id INTEGER PRIMARY KEY, version INTEGER NOT NULL, "
        "folded TEXT NOT NULL, folded_map BLOB NOT NULL, normalised TEXT, "
        "normalised_map BLOB NOT NULL)"
    )
    conn.execute(
        f"CREATE VIRTUAL TABLE temp.{index} USING fts5(folded, content='', "
        f"tokenize='{TOKENIZE}')"
    )
    insert = _insert_forms(conn, forms)
    for row in fresh_search_forms(conn):
        conn.execute(insert, tuple(row[column] for column in _FORMS_COLUMNS))
        conn.execute(f"INSERT INTO temp.{index}(rowid, folded) VALUES (?, ?)",
                     (row["document_id"], row["folded"]))
