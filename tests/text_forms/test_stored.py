"""Search forms kept in the project file: written on import, undone and redone with it, filled
in for projects made before they existed."""

from __future__ import annotations

import sqlite3

from glocal_annotator.importers import ExtractedText
from glocal_annotator.project import Project
from glocal_annotator.store import schema
from glocal_annotator.text_forms.stored import search_texts_row
from tests.projects import add_text, empty_project

TEXT = "Die Stra\u00dfe, o\ufb03cials and the women\u2019s group. Cafe\u0301."


def _rows(project) -> list[tuple]:
    return project.conn.execute("SELECT * FROM search_texts ORDER BY document_id").fetchall()


def _fts(project, word: str) -> list[int]:
    return [
        row[0]
        for row in project.conn.execute(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH ?", (f'"{word}"',)
        )
    ]


def test_import_stores_the_forms_and_undo_redo_keep_them_in_step(tmp_path):
    with empty_project(tmp_path) as project:
        change = project.add_document("a.txt", ExtractedText(TEXT, "txt"))
        document = change.result
        row = search_texts_row(document, TEXT)
        assert _rows(project) == [tuple(row.values())]
        assert _fts(project, "strasse") == [document] and _fts(project, "officials") == [document]
        redo = change.undo()
        assert _rows(project) == [] and _fts(project, "strasse") == []
        redo.undo()
        assert _rows(project) == [tuple(row.values())] and _fts(project, "strasse") == [document]
        deleted = project.delete_document(document)
        assert _rows(project) == [] and project.search("strasse") == []
        deleted.undo()
        assert [h.text for h in project.search("strasse")] == ["Stra\u00dfe"]


def test_a_project_made_before_search_forms_gets_them_on_opening(tmp_path):
    path = tmp_path / "old.glocal"
    conn = sqlite3.connect(path)
    schema.MIGRATIONS[0](conn)  # the file as version 1 made it
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO documents (guid, name, format, text, characters, content_hash, imported_at) "
        "VALUES ('g', 'old.txt', 'txt', ?, ?, 'h', 'now')",
        (TEXT, len(TEXT)),
    )
    conn.commit()
    conn.close()
    with Project.open(path) as project:
        assert [h.text for h in project.search("officials")] == ["o\ufb03cials"]
        assert [h.text for h in project.search("women's group")] == ["women\u2019s group"]
        assert len(_rows(project)) == 1
        tables = {r[0] for r in project.conn.execute("SELECT name FROM sqlite_master")}
        assert "documents_fts" not in tables and "search_fts" in tables
    assert list(tmp_path.glob("old.glocal.v1-*.bak"))  # the migration kept a copy first


def test_a_read_only_project_searches_from_stored_forms(tmp_path):
    with empty_project(tmp_path) as project:
        add_text(project, "a.txt", TEXT)
    with Project.open(tmp_path / "test.glocal", read_only=True) as project:
        assert [h.text for h in project.search("cafe\u0301")] == ["Cafe\u0301"]
