"""store.journal: every write recorded with its before and after images; revert replays them
backwards, refusing when a row has changed since."""

from __future__ import annotations

import pytest

from glocal_annotator.errors import InvalidOperation
from glocal_annotator.store.database import ProjectDatabase
from glocal_annotator.store.journal import Journal, RowChange
from glocal_annotator.store.schema import TABLE_COLUMNS


@pytest.fixture
def conn(tmp_path):
    database = ProjectDatabase(tmp_path / "j.glocal", create=True)
    yield database.conn
    database.close()


@pytest.fixture(params=["returning", "read back"])
def both_ways(request, monkeypatch):
    """Inserts read their row back with INSERT ... RETURNING (SQLite 3.35+) or a SELECT."""
    from glocal_annotator.store import journal

    monkeypatch.setattr(journal, "_RETURNING", request.param == "returning")
    journal._insert_sql.cache_clear()
    yield
    journal._insert_sql.cache_clear()


def _code(journal: Journal, name: str = "A") -> int:
    values = {"guid": f"g-{name}", "position": 0, "name": name, "color": "#112233",
              "created_at": "2026-01-01T00:00:00Z"}
    return journal.insert("codes", values)


def _rows(conn, table: str) -> list[tuple]:
    return conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()


def test_insert_records_the_row_with_its_defaults(conn, both_ways):
    journal = Journal(conn)
    code = _code(journal)
    [change] = journal.changes
    assert (change.table, change.key, change.before) == ("codes", code, None)
    assert list(change.after) == list(TABLE_COLUMNS["codes"])
    assert change.after["memo"] == "" and change.after["codable"] == 1  # column defaults
    assert journal.fetch("codes", code) == change.after


def test_update_records_only_a_real_change(conn):
    journal = Journal(conn)
    code = _code(journal)
    before = journal.update("codes", code, {"name": "A"})  # the same value: nothing recorded
    assert len(journal.changes) == 1 and before["name"] == "A"
    journal.update("codes", code, {"name": "B", "color": "#112233"})
    change = journal.changes[-1]
    assert (change.before["name"], change.after["name"]) == ("A", "B")
    assert {k for k in change.after if change.after[k] != change.before[k]} == {"name"}


def test_missing_rows_are_refused(conn):
    journal = Journal(conn)
    with pytest.raises(InvalidOperation, match="no code with id 99"):
        journal.update("codes", 99, {"name": "x"})
    with pytest.raises(InvalidOperation):
        journal.delete("codes", 99)
    assert journal.changes == [] and journal.fetch("codes", 99) is None


def test_revert_restores_exactly_and_its_revert_redoes(conn, both_ways):
    setup = Journal(conn)
    keep = _code(setup, "Keep")
    start = _rows(conn, "codes")
    journal = Journal(conn)
    added = _code(journal, "New")
    journal.update("codes", keep, {"memo": "edited"})
    journal.delete("codes", keep)
    done = _rows(conn, "codes")
    undo = Journal(conn)
    undo.revert(journal.changes)
    assert _rows(conn, "codes") == start
    assert [c.table for c in undo.changes] == ["codes"] * 3
    redo = Journal(conn)
    redo.revert(undo.changes)
    assert _rows(conn, "codes") == done and journal.fetch("codes", added) is not None


def test_revert_refuses_a_row_changed_since(conn):
    journal = Journal(conn)
    code = _code(journal)
    Journal(conn).update("codes", code, {"name": "Changed elsewhere"})
    with pytest.raises(InvalidOperation, match="can no longer be undone"):
        Journal(conn).revert(journal.changes)


def test_project_info_is_keyed_by_its_key(conn):
    journal = Journal(conn)
    assert journal.insert("project_info", {"key": "name", "value": "x"}) == "name"
    assert journal.changes == [RowChange("project_info", "name", None,
                                         {"key": "name", "value": "x"})]


def test_a_long_text_is_recorded_as_stored_and_undone_exactly(conn, both_ways):
    """A document's text is kept as given, not read back (an import's 5 MB): the image must
    still be exactly the stored row, so that undo and redo check and restore it."""
    text = "Ünïcode 😀 العولمة " * 2000 + "\n" * 3 + "end"
    values = {"guid": "g-doc", "name": "long.txt", "format": "txt", "text": text,
              "characters": len(text), "content_hash": "h", "imported_at": "2026-01-01T00:00:00Z"}
    journal = Journal(conn)
    document = journal.insert("documents", values)
    [change] = journal.changes
    assert list(change.after) == list(TABLE_COLUMNS["documents"])
    assert change.after == journal.fetch("documents", document)  # defaults and all
    assert change.after["text"] is text  # not a copy
    Journal(conn).revert(journal.changes)
    assert journal.fetch("documents", document) is None
