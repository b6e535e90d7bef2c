"""store.change_summary: a change's journal rows as a typed ChangeSummary (what listeners read)."""

from __future__ import annotations

import pytest

from glocal_annotator.importers import ExtractedText
from glocal_annotator.model import ChangeSummary, Coding
from glocal_annotator.store.change_summary import summarize
from glocal_annotator.store.journal import RowChange
from glocal_annotator.store.schema import TABLE_COLUMNS
from tests.projects import add_text, empty_project


@pytest.fixture
def project(tmp_path):
    project = empty_project(tmp_path)
    yield project
    project.close()


def test_a_coding_added_then_undone(project):
    doc = add_text(project, "a.txt", "one two three")
    code = project.add_code("A").result
    change = project.add_coding(doc, code, 0, 3, memo="m", coder="Ana")
    coding = project.coding(change.result)
    summary = change.summary
    assert summary.codings_added == (coding,) and summary.codings_removed == ()
    assert summary.coders_added == {coding.coder_id}  # Ana's first coding brings her in
    assert summary.coding_counts() == ({code: 1}, {doc: 1})
    assert summary.document_ids == {doc} and change.document_ids == {doc}
    undone = change.undo().summary
    assert undone.codings_removed == (coding,) and undone.codings_added == ()
    assert undone.coders_removed == {coding.coder_id} and not undone.coders_added
    assert undone.coding_counts() == ({code: -1}, {doc: -1})


def test_an_altered_coding_is_removed_as_it_was_and_added_as_it_is(project):
    doc = add_text(project, "a.txt", "one two three")
    first, second = project.add_code("A").result, project.add_code("B").result
    coding = project.coding(project.add_coding(doc, first, 0, 3).result)
    summary = project.change_coding_code(coding.id, second).summary
    assert summary.codings_removed == (coding,)
    assert summary.codings_added == (project.coding(coding.id),)
    assert summary.coding_counts()[0] == {first: -1, second: 1}
    assert not summary.codes_changed and not summary.coders_changed
    memo = project.set_coding_memo(coding.id, "why").summary
    assert [c.memo for c in memo.codings_added] == ["why"]


def test_code_changes_by_kind(project):
    parent = project.add_code("Parent").result
    added = project.add_code("Child", parent)
    assert added.summary.codes_restructured == {added.result}
    code = added.result
    renamed = project.rename_code(code, "Kid").summary
    assert (renamed.codes_restyled, renamed.codes_restructured, renamed.codes_edited) == (
        {code}, set(), set())
    recolored = project.recolor_code(code, "#123456").summary
    assert recolored.codes_restyled == {code} and not recolored.codes_edited
    edited = project.update_code(code, definition="d", codable=False).summary
    assert edited.codes_edited == {code} and not edited.codes_restyled
    assert edited.codes_changed == {code}
    moved = project.move_code(code, None).summary
    assert code in moved.codes_restructured and not moved.codes_restyled


def test_deleting_a_code_removes_its_codings(project):
    doc = add_text(project, "a.txt", "one two three")
    code = project.add_code("A").result
    coding = project.coding(project.add_coding(doc, code, 0, 3).result)
    summary = project.delete_code(code).summary
    assert summary.codings_removed == (coding,) and code in summary.codes_restructured


def test_documents_added_renamed_deleted(project):
    added = project.add_document("a.txt", ExtractedText("text", "txt"))
    doc = added.result
    assert added.summary.documents == {doc} and added.summary.document_ids == {doc}
    assert project.rename_document(doc, "b").summary.documents == {doc}
    assert project.delete_document(doc).summary.documents == {doc}


def _row(table: str, key: object) -> dict:
    return {column: (key if column in ("id", "key") else 1) for column in TABLE_COLUMNS[table]}


@pytest.mark.parametrize("table", sorted(TABLE_COLUMNS))
def test_every_journal_table_is_reported(table):
    """A table the journal writes must show in the summary; an unknown one fails loudly."""
    key = "name" if table == "project_info" else 7
    summary = summarize([RowChange(table, key, None, _row(table, key))])
    assert not summary.is_empty
    with pytest.raises(KeyError):
        summarize([RowChange("a_new_table", 1, None, {"id": 1})])


def test_rows_are_compared_across_the_whole_change():
    """A row written twice counts once, as first and last seen; one put back counts not at all."""
    row = _row("codings", 3)
    later = {**row, "memo": "later"}
    summary = summarize([
        RowChange("codings", 3, None, row),
        RowChange("codings", 3, row, later),
    ])
    assert summary.codings_added == (Coding(**{**later, "id": 3}),)
    assert summary.codings_removed == ()
    assert summarize([
        RowChange("codings", 3, None, row),
        RowChange("codings", 3, row, None),
    ]) == ChangeSummary()
    assert summarize([]).is_empty
