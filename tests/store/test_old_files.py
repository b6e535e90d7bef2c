"""Old files: a project file made by each released schema version (``tests/fixtures/``, made
with the code of that time by ``scripts/make_old_project.py``) opens in this version, is
migrated with a backup first, and loses nothing: every row is compared."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from glocal_annotator.errors import ProjectError
from glocal_annotator.project import Project
from glocal_annotator.store import database, schema
from glocal_annotator.store.health import check_project_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _version(path: Path) -> int:
    return int(re.fullmatch(r"project-v(\d+)\.glocal", path.name).group(1))


OLD_FILES = sorted(FIXTURES.glob("project-v*.glocal"), key=_version)


def _all_rows(path: Path) -> dict[str, dict[object, dict[str, object]]]:
    """Every row of every table (search index aside), by table and key, as column -> value."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'documents_fts%' AND name NOT LIKE 'search_fts%'")]
        found: dict[str, dict[object, dict[str, object]]] = {}
        for table in tables:
            cursor = conn.execute(f'SELECT rowid, * FROM "{table}"')
            columns = [d[0] for d in cursor.description][1:]
            found[table] = {row[0]: dict(zip(columns, row[1:], strict=True)) for row in cursor}
        return found
    finally:
        conn.close()


def _loses_nothing(old: dict, new: dict) -> None:
    """Every table, row and value of ``old`` is in ``new`` (new columns may be added)."""
    for table, old_rows in old.items():
        assert table in new, f"the {table} table is gone"
        assert new[table].keys() >= old_rows.keys(), table
        for key, row in old_rows.items():
            kept = {column: new[table][key].get(column) for column in row}
            assert kept == row, (table, key)


def test_there_is_a_file_for_every_released_version():
    versions = [_version(path) for path in OLD_FILES]
    assert versions == list(range(1, schema.SCHEMA_VERSION + 1)), (
        "each schema version needs its own file in tests/fixtures/: before a new migration "
        "ships, run scripts/make_old_project.py with the last commit of the old version"
    )


@pytest.fixture(params=OLD_FILES, ids=lambda path: path.name)
def old_file(request, tmp_path) -> Path:
    copy = tmp_path / request.param.name
    copy.write_bytes(request.param.read_bytes())
    return copy


def test_an_old_file_opens_migrates_with_a_backup_and_loses_nothing(old_file):
    version = _version(old_file)
    before = _all_rows(old_file)
    with Project.open(old_file) as project:
        assert len(project.documents()) == len(before["documents"])
        assert project.search("market")
        document = project.documents()[0].id
        code = project.find_code("Hybridization").id
        project.add_coding(document, code, 0, 3, memo="added after opening the old file")
    conn = sqlite3.connect(old_file)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    conn.close()
    _loses_nothing(before, _all_rows(old_file))
    backups = sorted(old_file.parent.glob(f"{old_file.name}.v{version}-*.bak"))
    if version < schema.SCHEMA_VERSION:
        assert len(backups) == 1
        assert _all_rows(backups[0]) == before
    else:
        assert backups == []
    assert check_project_file(old_file).problems == []


def test_an_old_file_survives_a_later_migration(old_file, monkeypatch):
    """What the next schema version will do to these files, rehearsed: a migration that adds
    a column and rebuilds a table keeps every row, after a backup."""

    def migrate(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE documents ADD COLUMN language TEXT NOT NULL DEFAULT ''")
        conn.execute("DROP INDEX codes_parent")
        conn.execute("CREATE TABLE codes_rebuilt AS SELECT * FROM codes")
        conn.execute("DELETE FROM codes_rebuilt")  # (a copy, then the table moved back)
        conn.execute("INSERT INTO codes_rebuilt SELECT * FROM codes")
        conn.execute("DROP TABLE codes_rebuilt")
        conn.execute("CREATE INDEX codes_parent ON codes(parent_id, position)")

    later = [*schema.MIGRATIONS, migrate]
    for module in (schema, database):
        monkeypatch.setattr(module, "MIGRATIONS", later)
        monkeypatch.setattr(module, "SCHEMA_VERSION", len(later))
    before = _all_rows(old_file)
    with Project.open(old_file) as project:
        assert len(project.codings()) == len(before["codings"])
    after = _all_rows(old_file)
    _loses_nothing(before, after)
    assert {row["language"] for row in after["documents"].values()} == {""}
    [backup] = old_file.parent.glob(f"{old_file.name}.v{_version(old_file)}-*.bak")
    assert _all_rows(backup) == before
    assert check_project_file(old_file).problems == []


def test_an_old_file_opened_read_only_is_not_changed(old_file, monkeypatch):
    later = [*schema.MIGRATIONS, lambda conn: conn.execute("CREATE TABLE later (x)")]
    monkeypatch.setattr(schema, "MIGRATIONS", later)
    monkeypatch.setattr(database, "MIGRATIONS", later)
    monkeypatch.setattr(database, "SCHEMA_VERSION", len(later))
    data = old_file.read_bytes()
    with pytest.raises(ProjectError, match="needs an upgrade to this version"):
        Project.open(old_file, read_only=True)
    assert old_file.read_bytes() == data
    assert not list(old_file.parent.glob("*.bak"))


# the search index each version keeps, damaged three ways (it is made from the texts)
_INDEX_DAMAGES = {
    1: ["DROP TABLE documents_fts_data", "DROP TRIGGER documents_fts_update",
        "INSERT INTO documents_fts(documents_fts, rowid, text) "
        "SELECT 'delete', id, text FROM documents WHERE id = 1"],
    2: ["DROP TABLE search_fts_data", "DELETE FROM search_texts WHERE document_id = 1",
        "UPDATE search_texts SET version = 0 WHERE document_id = 2"],
}
_INDEX_DAMAGES[3] = _INDEX_DAMAGES[2]  # version 3 added variables and sets, not search data


@pytest.mark.parametrize("damage", range(3))
def test_an_old_files_damaged_search_index_is_found_rebuilt_and_migrated(old_file, damage):
    """check lists the damage against the file's own version; opening for writing rebuilds
    that version's index, then migrates it, and every row of the user's work is kept."""
    version = _version(old_file)
    conn = sqlite3.connect(old_file, isolation_level=None)
    conn.execute(_INDEX_DAMAGES[version][damage])
    conn.close()
    problems = check_project_file(old_file).problems
    assert problems and all(problem.derived for problem in problems), problems
    work = {t: r for t, r in _all_rows(old_file).items() if t != "search_texts"}
    with Project.open(old_file) as project:
        assert any("rebuilt" in notice for notice in project.notices)
        assert project.search("market")
    _loses_nothing(work, _all_rows(old_file))
    assert check_project_file(old_file).problems == []
