"""store.database, the project file: pragmas, versioning, migrations with backup, refusal
(the writer lock itself: test_lock.py)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from glocal_annotator.errors import (
    NewerProjectVersion,
    ProjectError,
    ReadOnlyProject,
)
from glocal_annotator.project import Project
from glocal_annotator.store import schema
from glocal_annotator.store.database import ProjectDatabase

REPO = Path(__file__).resolve().parents[2]


def _pragma(path: Path, name: str):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def test_new_file_has_pragmas_version_and_id(tmp_path):
    path = tmp_path / "p.glocal"
    with Project.create(path, default_codebook=False) as project:
        assert project.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert project.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert _pragma(path, "journal_mode") == "wal"
    assert _pragma(path, "user_version") == schema.SCHEMA_VERSION
    assert _pragma(path, "application_id") == schema.APPLICATION_ID


def test_create_refuses_existing_file(tmp_path):
    path = tmp_path / "p.glocal"
    Project.create(path, default_codebook=False).close()
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(path, default_codebook=False)


def test_newer_version_is_refused_and_untouched(tmp_path):
    path = tmp_path / "p.glocal"
    Project.create(path, default_codebook=False).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerProjectVersion, match="newer Glocal Annotator"):
        Project.open(path)
    assert path.read_bytes() == before
    # the lock was released: a later open is refused for the version, not for a lock
    with pytest.raises(NewerProjectVersion):
        Project.open(path)


def test_foreign_sqlite_file_and_garbage_are_refused(tmp_path):
    other = tmp_path / "other.glocal"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectError, match="not a Glocal Annotator project"):
        Project.open(other)
    garbage = tmp_path / "garbage.glocal"
    garbage.write_bytes(b"\x00\x01 not a database at all" * 100)
    with pytest.raises(ProjectError, match="not a Glocal Annotator project"):
        Project.open(garbage)
    assert garbage.read_bytes() == b"\x00\x01 not a database at all" * 100


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(ProjectError, match="does not exist"):
        Project.open(tmp_path / "nope.glocal")


def test_migration_backs_up_first_and_keeps_data(tmp_path, monkeypatch):
    path = tmp_path / "p.glocal"
    with Project.create(path, default_codebook=False) as project:
        code = project.add_code("Kept").result
    added: list[str] = []

    def migrate_to_2(conn):
        conn.execute("CREATE TABLE extra (id INTEGER PRIMARY KEY)")
        added.append("ran")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, migrate_to_2])
    import glocal_annotator.store.database as database

    monkeypatch.setattr(database, "MIGRATIONS", schema.MIGRATIONS)
    monkeypatch.setattr(database, "SCHEMA_VERSION", 2)
    with Project.open(path) as project:
        assert [c.name for c in project.codes()] == ["Kept"]
        assert project.code(code).name == "Kept"
    assert added == ["ran"]
    assert _pragma(path, "user_version") == 2
    backups = list(tmp_path.glob("p.glocal.v1-*.bak"))
    assert len(backups) == 1
    assert _pragma(backups[0], "user_version") == 1
    conn = sqlite3.connect(backups[0])
    assert conn.execute("SELECT name FROM codes").fetchall() == [("Kept",)]
    conn.close()


def test_failed_migration_changes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "p.glocal"
    Project.create(path, default_codebook=False).close()

    def broken(conn):
        conn.execute("CREATE TABLE half (id INTEGER)")
        raise sqlite3.OperationalError("boom")

    import glocal_annotator.store.database as database

    monkeypatch.setattr(database, "MIGRATIONS", [*schema.MIGRATIONS, broken])
    monkeypatch.setattr(database, "SCHEMA_VERSION", 2)
    with pytest.raises(sqlite3.OperationalError):
        ProjectDatabase(path)
    assert _pragma(path, "user_version") == 1
    conn = sqlite3.connect(path)
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert "half" not in names


def test_read_only_project_refuses_changes(tmp_path):
    path = tmp_path / "p.glocal"
    Project.create(path, default_codebook=False).close()
    with Project.open(path, read_only=True) as project:
        with pytest.raises(ReadOnlyProject):
            project.add_code("Nope")
        assert project.codes() == []


def test_crash_mid_operation_leaves_consistent_file(tmp_path):
    """A process killed inside a transaction loses only that operation, never half of it."""
    path = tmp_path / "p.glocal"
    with Project.create(path, default_codebook=False) as project:
        doc = project.add_document(
            "d.txt",
            __import__("glocal_annotator.importers").importers.ExtractedText(
                "alpha beta alpha beta alpha " * 200, "txt"
            ),
        ).result
        code = project.add_code("A").result
        project.add_coding(doc, code, 0, 5)
    script = textwrap.dedent(
        f"""
        import os
        from glocal_annotator.project import Project
        from glocal_annotator.store.journal import Journal
        real = Journal.insert
        calls = []
        def dying(self, table, values):
            if table == "codings":  # the process dies at autocode's 50th coding
                calls.append(1)
                if len(calls) == 50:
                    os._exit(9)
            return real(self, table, values)
        Journal.insert = dying
        project = Project.open({str(path)!r})
        project.autocode({code}, "alpha")
        """
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO)
    assert result.returncode == 9
    with Project.open(path) as project:
        assert project.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert len(project.codings()) == 1
        hits = project.search("alpha")
        assert len(hits) == 600


def test_missing_folder_and_unwritable_folder_are_one_line_errors(tmp_path, monkeypatch):
    with pytest.raises(ProjectError, match="folder .* does not exist"):
        Project.create(tmp_path / "nowhere" / "p.glocal")
    path = tmp_path / "p.glocal"
    Project.create(path, default_codebook=False).close()
    from glocal_annotator.store import lock

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(lock, "open", refuse, raising=False)
    with pytest.raises(ProjectError, match="cannot write in the folder of p.glocal"):
        Project.open(path)
    with Project.open(path, read_only=True) as project:  # read-only needs no lock file
        assert project.codes() == []
