"""store.schema: the journal's column list (TABLE_COLUMNS) is the real schema, on a new file and
on one migrated from every earlier version, so a migration that forgets it fails here instead
of making undo drop a column."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from glocal_annotator.store import schema
from glocal_annotator.store.database import ProjectDatabase


def _user_tables(conn: sqlite3.Connection) -> list[str]:
    """Tables the app writes rows to: not SQLite's own, not the full-text index's."""
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'documents_fts%' AND name NOT LIKE 'search_fts%'"
    )
    return sorted(row[0] for row in rows)


def journal_mismatches(conn: sqlite3.Connection) -> list[str]:
    """How TABLE_COLUMNS differs from the schema of ``conn`` (empty when they agree)."""
    problems = []
    tables = _user_tables(conn)
    if tables != sorted(schema.TABLE_COLUMNS):
        problems.append(f"tables {tables} != journal tables {sorted(schema.TABLE_COLUMNS)}")
    for table in tables:
        actual = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        journal = list(schema.TABLE_COLUMNS.get(table, ()))
        if sorted(actual) != sorted(journal):
            problems.append(f"{table}: schema has {actual}, TABLE_COLUMNS has {journal}")
        elif journal[0] != actual[0]:
            problems.append(f"{table}: the key ({actual[0]}) must come first")
    return problems


def _file_at_version(path: Path, version: int) -> Path:
    """A project file as version ``version`` of the app wrote it (0: a new, empty file)."""
    conn = sqlite3.connect(path)
    for migration in schema.MIGRATIONS[:version]:
        migration(conn)
    conn.execute(f"PRAGMA user_version = {version}")
    if version:
        conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.commit()
    conn.close()
    return path


def test_journal_columns_are_the_schema_of_a_new_file(tmp_path):
    database = ProjectDatabase(tmp_path / "new.glocal", create=True)
    try:
        assert journal_mismatches(database.conn) == []
    finally:
        database.close()


# From each earlier version that made projects (an empty SQLite file, version 0 without our
# application id, is another program's database and is refused: tests/test_no_lost_work.py).
@pytest.mark.parametrize("version", range(1, schema.SCHEMA_VERSION))
def test_journal_columns_are_the_schema_of_a_migrated_file(tmp_path, version):
    path = _file_at_version(tmp_path / f"v{version}.glocal", version)
    database = ProjectDatabase(path)
    try:
        assert database.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert journal_mismatches(database.conn) == []
    finally:
        database.close()


def test_a_migration_that_forgets_the_journal_is_caught(tmp_path, monkeypatch):
    def add_a_column(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE codes ADD COLUMN weight INTEGER NOT NULL DEFAULT 0")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, add_a_column])
    monkeypatch.setattr("glocal_annotator.store.database.MIGRATIONS", schema.MIGRATIONS)
    monkeypatch.setattr("glocal_annotator.store.database.SCHEMA_VERSION", len(schema.MIGRATIONS))
    database = ProjectDatabase(tmp_path / "new.glocal", create=True)
    try:
        [problem] = journal_mismatches(database.conn)
    finally:
        database.close()
    assert problem.startswith("codes:") and "weight" in problem


def test_statements_split_with_trigger_bodies_whole():
    statements = schema._split_statements(
        "CREATE TABLE t (a);\n"
        "CREATE TRIGGER x AFTER INSERT ON t BEGIN\n  SELECT 1;\n  SELECT 2;\nEND;\n"
    )
    assert len(statements) == 2 and statements[1].endswith("END;")
    assert len(schema.MIGRATIONS) == schema.SCHEMA_VERSION
