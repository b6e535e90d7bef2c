"""Damaged project files for tests, each made by damaging a real project the way files get
damaged: SQL run behind the app's back (foreign keys off, ``writable_schema``, check constraints
off), a dropped table, garbage written over a page of the file at a known offset.

:data:`DAMAGES` names every kind the issue lists, several cases of each.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from glocal_annotator.importers import ExtractedText
from glocal_annotator.project import Project
from glocal_annotator.store.schema import TABLE_COLUMNS

LONG_TEXT = "".join(f"Paragraph {n}: the NGO listened and the women's group ran the water "
                    f"committee 👩🏽‍🔬 全球本土化.\n" for n in range(400))
CODINGS_PER_DOCUMENT = 300


def build_sample(path: Path) -> Path:
    """A project with every kind of row: three documents (one long enough to spill over many
    pages, one with pages and metadata), a three-level code tree, 810 codings (many with
    memos) over many pages, five coders and two memos. The write-ahead log is folded in, so
    the file's pages are where :func:`pages_of` says."""
    with Project.create(path, coder="ana") as project:
        long_id = project.add_document("long.txt", ExtractedText(LONG_TEXT, "txt")).result
        paged = project.add_document(
            "report.pdf",
            ExtractedText("Page one text.\fPage two text.\fPage three.", "pdf",
                          page_starts=(0, 15, 30), metadata={"title": "Report", "pages": 3}),
        ).result
        small = project.add_document("note.md", ExtractedText("# Note\nLocal food.\n", "md")).result
        parent = project.add_code("Top").result
        child = project.add_code("Middle", parent_id=parent).result
        leaf = project.add_code("Leaf", parent_id=child).result
        codes = [c.id for c in project.codes()]
        for n in range(CODINGS_PER_DOCUMENT):
            start = n * 20
            project.add_coding(long_id, codes[n % len(codes)], start, start + 10,
                               memo=f"memo {n} " + "m" * 30)
        for n in range(CODINGS_PER_DOCUMENT):
            project.add_coding(long_id, leaf, n * 20 + 5, n * 20 + 12,
                               coder="ben" if n % 2 else None)
        for n in range(150):
            project.add_coding(paged, codes[n % len(codes)], n % 30, n % 30 + 1 + n // 30,
                               coder=f"coder{n % 3}" if n % 2 else None)
        for n in range(60):
            project.add_coding(small, codes[n % len(codes)], n % 9, n % 9 + 1 + n // 9)
        conn = project.conn
        with project._database.transaction():
            for title, document in (("On the long one", long_id), ("General", None)):
                conn.execute(
                    "INSERT INTO memos (guid, title, text, document_id, coder_id, created_at, "
                    "modified_at) VALUES (?, ?, ?, ?, 1, '2026-01-01T00:00:00Z', "
                    "'2026-01-01T00:00:00Z')",
                    (f"memo-{title}", title, f"{title} memo text", document),
                )
    checkpoint(path)
    return path


def checkpoint(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table that holds the user's work, by table, in key order."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            table: conn.execute(
                f"SELECT {', '.join(repr(c).replace(chr(39), chr(34)) for c in columns)} "
                f"FROM {table} ORDER BY 1"
            ).fetchall()
            for table, columns in TABLE_COLUMNS.items()
        }
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_sql(path: Path, *statements: str, writable_schema: bool = False) -> None:
    """Run SQL on the file as another program might: no foreign keys, no check constraints."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("PRAGMA ignore_check_constraints = ON")
        if writable_schema:
            conn.execute("PRAGMA writable_schema = ON")
        for statement in statements:
            conn.execute(statement)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def relax_not_null(path: Path, table: str, column_sql: str, relaxed: str) -> None:
    """Change a column's declaration in the stored schema (``writable_schema``), as a tool
    that edits files carelessly might, so that values it forbids can be written."""
    run_sql(path, f"UPDATE sqlite_master SET sql = replace(sql, '{column_sql}', '{relaxed}') "
                  f"WHERE name = '{table}'", writable_schema=True)


def pages_of(path: Path, table: str, kind: str) -> list[int]:
    """Page numbers of ``table``'s pages of ``kind`` (leaf, internal, overflow)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        found = conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = ? ORDER BY pageno",
            (table, kind),
        ).fetchall()
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no dbstat table to find pages with")
    finally:
        conn.close()
    return [row[0] for row in found]


def page_size(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()


def write_garbage(path: Path, page: int, offset: int = 8, data: bytes = b"\xde\xad\xbe\xef" * 200
                  ) -> None:
    """Write ``data`` over page ``page`` (1-based) from ``offset`` bytes into it."""
    size = page_size(path)
    with open(path, "r+b") as handle:
        handle.seek((page - 1) * size + offset)
        handle.write(data[: size - offset])


def _middle(pages: list[int]) -> int:
    return pages[len(pages) // 2]


def _garbage_in(table: str, kind: str, pick: Callable[[list[int]], int] = _middle,
                offset: int = 8, data: bytes = b"\xde\xad\xbe\xef" * 200):
    def damage(path: Path) -> None:
        pages = pages_of(path, table, kind)
        assert pages, f"{table} has no {kind} pages in the sample"
        write_garbage(path, pick(pages), offset, data)
    return damage


def _sql(*statements: str, writable_schema: bool = False):
    return lambda path: run_sql(path, *statements, writable_schema=writable_schema)


def _null_in(table: str, column_sql: str, relaxed: str, update: str):
    def damage(path: Path) -> None:
        relax_not_null(path, table, column_sql, relaxed)
        run_sql(path, update)
    return damage


#: name -> (kind, damage(path)): every kind the issue names, several cases of each. Kind
#: "text": damage inside a document's text, which the checks on open do not read; it shows
#: when a command reads that text.
DAMAGES: dict[str, tuple[str, Callable[[Path], None]]] = {
    # a corrupt page
    "garbage in a codings leaf page": ("page", _garbage_in("codings", "leaf")),
    "garbage in the codings root page": ("page", _garbage_in("codings", "internal", min)),
    "garbage in the last codings page": ("page", _garbage_in("codings", "leaf", max)),
    "garbage in a codes page": ("page", _garbage_in("codes", "leaf", min)),
    "garbage in the schema page": ("page", lambda p: write_garbage(p, 1, 110)),
    "garbage in a document's text page": ("text", _garbage_in("documents", "overflow")),
    "a document's pages broken off": (
        "page", _garbage_in("documents", "overflow", offset=0, data=b"\xff\xff\xff\x00" * 4)),
    # a missing table
    **{f"no {table} table": ("table", _sql(f"DROP TABLE {table}"))
       for table in ("codings", "codes", "documents", "coders", "memos", "project_info")},
    "a column gone": ("table", _sql("ALTER TABLE codings DROP COLUMN memo")),
    # malformed JSON
    "metadata not JSON": ("json", _sql("UPDATE documents SET metadata = '{bad' WHERE id = 2")),
    "page list not JSON": ("json", _sql("UPDATE documents SET page_starts = '[1,' WHERE id = 2")),
    "page list not a list": ("json", _sql(
        "UPDATE documents SET page_starts = '{\"a\": 1}' WHERE id = 2")),
    "metadata not an object": ("json", _sql("UPDATE documents SET metadata = '[1]' WHERE id = 1")),
    "page list of words": ("json", _sql(
        "UPDATE documents SET page_starts = '[\"x\"]' WHERE id = 2")),
    # a dangling reference
    "coding to a missing code": ("reference", _sql(
        "UPDATE codings SET code_id = 9999 WHERE id = 7")),
    "coding to a missing document": ("reference", _sql(
        "UPDATE codings SET document_id = 9999 WHERE id = 8")),
    "coding by a missing coder": ("reference", _sql(
        "UPDATE codings SET coder_id = 9999 WHERE id = 9")),
    "code under a missing parent": ("reference", _sql(
        "UPDATE codes SET parent_id = 9999 WHERE id = 3")),
    "memo on a missing document": ("reference", _sql(
        "UPDATE memos SET document_id = 9999 WHERE id = 1")),
    "codings of a deleted document": ("reference", _sql("DELETE FROM documents WHERE id = 3")),
    # a code that is its own ancestor
    "code its own parent": ("tree", _sql("UPDATE codes SET parent_id = id WHERE id = 2")),
    "two codes in a loop": ("tree", _sql(
        "UPDATE codes SET parent_id = (SELECT id FROM codes WHERE name = 'Middle') "
        "WHERE name = 'Top'")),
    "three codes in a loop": ("tree", _sql(
        "UPDATE codes SET parent_id = (SELECT id FROM codes WHERE name = 'Leaf') "
        "WHERE name = 'Top'")),
    # a value of the wrong type
    "text stored as a blob": ("type", _sql(
        "UPDATE documents SET text = CAST(text AS BLOB) WHERE id = 3")),
    "code name stored as a blob": ("type", _sql(
        "UPDATE codes SET name = CAST(name AS BLOB) WHERE id = 1")),
    "coding memo stored as a blob": ("type", _sql(
        "UPDATE codings SET memo = CAST(memo AS BLOB) WHERE id = 5")),
    "coding start stored as text": ("type", _sql(
        "UPDATE codings SET start = 'abc' WHERE id = 6")),
    "coder name empty (NULL)": ("type", _null_in(
        "coders", "name TEXT NOT NULL UNIQUE", "name TEXT UNIQUE",
        "UPDATE coders SET name = NULL WHERE id = 2")),
    # a coding outside its document
    "coding past the text's end": ("range", _sql(
        "UPDATE codings SET \"end\" = 10000000 WHERE id = 10")),
    "coding of negative start": ("range", _sql("UPDATE codings SET start = -5 WHERE id = 11")),
    "coding ending before it starts": ("range", _sql(
        "UPDATE codings SET \"end\" = start WHERE id = 12")),
    # the file's own numbers
    "user_version 0": ("version", _sql("PRAGMA user_version = 0")),
    "application id lost": ("version", _sql("PRAGMA application_id = 0")),
}

#: only the search index is damaged: the project opens and the index is rebuilt
INDEX_DAMAGES: dict[str, Callable[[Path], None]] = {
    "no search index": _sql("DROP TABLE search_fts"),
    "a search index table gone": _sql("DROP TABLE search_fts_data"),
    "an index trigger gone": _sql("DROP TRIGGER search_fts_insert"),
    "index out of step": _sql(
        "INSERT INTO search_fts(search_fts, rowid, folded) "
        "SELECT 'delete', document_id, folded FROM search_texts WHERE document_id = 1"),
    "an index gone": _sql("DROP INDEX codings_document"),
    # the search forms the index is made from (schema version 2)
    "no search forms table": _sql("DROP TABLE search_texts"),
    "a search forms row missing": _sql("DELETE FROM search_texts WHERE document_id = 2"),
    "a search forms row of an older fold version": _sql(
        "UPDATE search_texts SET version = 0, folded = 'stale words', folded_map = x'' "
        "WHERE document_id = 1"),
    "a search forms row of a deleted document": _sql(
        "INSERT INTO search_texts (document_id, version, folded, folded_map, normalised, "
        "normalised_map) SELECT 99, version, folded, folded_map, normalised, normalised_map "
        "FROM search_texts WHERE document_id = 3"),
}


@pytest.fixture(scope="session")
def sample(tmp_path_factory) -> Path:
    """One sample project per test session (see :func:`build_sample`); copy it, never change
    it."""
    return build_sample(tmp_path_factory.mktemp("sample") / "sample.glocal")


def damaged_copy(sample: Path, folder: Path, name: str) -> Path:
    """A copy of ``sample`` in ``folder`` with the damage ``name`` (from DAMAGES or
    INDEX_DAMAGES)."""
    target = folder / "damaged.glocal"
    target.write_bytes(sample.read_bytes())
    damage = DAMAGES[name][1] if name in DAMAGES else INDEX_DAMAGES[name]
    damage(target)
    return target
