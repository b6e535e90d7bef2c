"""Codings: add, remove, recode, memo, filters, excerpts; offsets in code points."""

from __future__ import annotations

import pytest

from glocal_annotator.errors import DuplicateDocument, InvalidOperation, NotFound
from tests.projects import MIXED_TEXT, add_text, empty_project


@pytest.fixture
def project(tmp_path):
    with empty_project(tmp_path) as project:
        yield project


def _codings(project):
    return [
        (c.id, c.document_id, c.code_id, c.coder_id, c.start, c.end, c.memo)
        for c in project.codings()
    ]


@pytest.mark.parametrize(
    "quote",
    ["Amélie", "全球本土化", "Cafe\u0301", "العولمة والمحلية", "👩🏽‍🔬", "watched the river."],
)
def test_offsets_are_code_points_around_emoji_cjk_combining_and_rtl(project, quote):
    doc = add_text(project, "mixed.txt", MIXED_TEXT)
    code = project.add_code("Q").result
    start = MIXED_TEXT.index(quote)
    coding_id = project.add_coding(doc, code, start, start + len(quote)).result
    [excerpt] = project.excerpts()
    assert excerpt.coding_id == coding_id
    assert excerpt.text == quote
    assert (excerpt.start, excerpt.end) == (start, start + len(quote))
    assert project.document_text(doc)[excerpt.start : excerpt.end] == quote


def test_add_remove_and_their_inverses(project):
    doc = add_text(project, "d.txt", "The global programme was made local.")
    code = project.add_code("Hybridization").result
    add = project.add_coding(doc, code, 4, 19, memo="first")
    stored = _codings(project)
    assert [(c[4], c[5], c[6]) for c in stored] == [(4, 19, "first")]
    remove = project.remove_coding(add.result)
    assert _codings(project) == []
    remove.undo()
    assert _codings(project) == stored  # same id, guid, coder and memo
    add.undo().undo()  # undo and redo of the add, after the remove was undone
    assert _codings(project) == stored


def test_coder_is_recorded_default_and_given(project):
    doc = add_text(project, "d.txt", "abcdef")
    code = project.add_code("A").result
    project.add_coding(doc, code, 0, 2)
    project.add_coding(doc, code, 0, 2, coder="Amina")
    names = {c.name for c in project.coders()}
    assert names == {"tester", "Amina"}
    assert sorted(e.coder for e in project.excerpts()) == ["Amina", "tester"]
    amina = next(c.id for c in project.coders() if c.name == "Amina")
    assert [e.coder for e in project.excerpts(coder_ids=[amina])] == ["Amina"]


def test_invalid_ranges_and_duplicates_are_refused(project):
    doc = add_text(project, "d.txt", "abcdef")
    code = project.add_code("A").result
    group = project.add_code("Group", codable=False).result
    for start, end in ((3, 3), (4, 2), (-1, 2), (0, 7)):
        with pytest.raises(InvalidOperation, match="not a range"):
            project.add_coding(doc, code, start, end)
    with pytest.raises(InvalidOperation, match="only groups"):
        project.add_coding(doc, group, 0, 2)
    project.add_coding(doc, code, 0, 2)
    with pytest.raises(InvalidOperation, match="coded with 'A' already"):
        project.add_coding(doc, code, 0, 2)
    with pytest.raises(NotFound):
        project.add_coding(999, code, 0, 1)
    with pytest.raises(NotFound):
        project.remove_coding(999)
    assert len(project.codings()) == 1


def test_change_code_and_memo(project):
    doc = add_text(project, "d.txt", "abcdef")
    a = project.add_code("A").result
    b = project.add_code("B").result
    coding = project.add_coding(doc, a, 1, 4).result
    recode = project.change_coding_code(coding, b)
    memo = project.set_coding_memo(coding, "a thought")
    assert (project.coding(coding).code_id, project.coding(coding).memo) == (b, "a thought")
    memo.undo()
    recode.undo()
    assert (project.coding(coding).code_id, project.coding(coding).memo) == (a, "")


def test_overlapping_codings_and_document_order(project):
    doc1 = add_text(project, "one.txt", "x" * 100)
    doc2 = add_text(project, "two.txt", "y" * 100)
    a = project.add_code("A").result
    b = project.add_code("B").result
    project.add_coding(doc2, a, 5, 10)
    project.add_coding(doc1, b, 20, 60)
    project.add_coding(doc1, a, 10, 50)
    project.add_coding(doc1, a, 30, 40)
    order = [(e.document, e.start) for e in project.excerpts()]
    assert order == [("one.txt", 10), ("one.txt", 20), ("one.txt", 30), ("two.txt", 5)]
    assert [d.codings for d in project.documents()] == [3, 1]
    assert [c.codings for c in project.codes()] == [3, 1]
    assert len(project.excerpts(document_ids=[doc1], code_ids=[a])) == 2


def test_duplicate_document_is_reported_and_names_unique(project):
    add_text(project, "a.txt", "same text")
    with pytest.raises(DuplicateDocument, match="same text as 'a.txt'"):
        add_text(project, "b.txt", "same text")
    second = add_text(project, "a.txt", "other text")
    assert project.document(second).name == "a.txt (2)"
    assert project.find_document("A").id != second
    assert project.find_document("a.txt (2)").id == second


def test_delete_document_with_codings_and_undo(project):
    doc = add_text(project, "d.txt", "some words here", "pdf", page_starts=(0, 5))
    code = project.add_code("A").result
    project.add_coding(doc, code, 0, 4)
    change = project.delete_document(doc)
    assert change.result == 1
    assert project.documents() == [] and project.codings() == []
    assert project.search("words") == []
    change.undo()
    assert project.document(doc).page_starts == (0, 5)
    assert len(project.codings()) == 1
    assert [h.start for h in project.search("words")] == [5]


def test_change_reports_documents_touched(project):
    doc = add_text(project, "d.txt", "abcdef")
    code = project.add_code("A").result
    change = project.add_coding(doc, code, 0, 3)
    assert change.document_ids == {doc}
    assert change.undo().document_ids == {doc}


def test_many_ranges_are_coded_at_once_skipping_what_is_there(project):
    from glocal_annotator.operations import coding as coding_ops

    text = "one two three four five\n" * 3
    first = add_text(project, "a.txt", text)
    code = project.add_code("Number").result
    already = project.add_coding(first, code, 0, 3, coder="ana").result
    ranges = [(0, 3), (4, 7), (4, 7), (8, 13)]  # one coded already, one twice
    change = project._run("Autocode", coding_ops.add_codings, first, code, "ana", ranges)
    assert len(change.result) == 2
    assert sorted((c.start, c.end) for c in project.codings()) == [(0, 3), (4, 7), (8, 13)]
    assert [c.id for c in project.codings() if (c.start, c.end) == (0, 3)] == [already]
    other_coder = project._run("Autocode", coding_ops.add_codings, first, code, "bo", [(0, 3)])
    assert len(other_coder.result) == 1  # the same passage by another coder is not identical
    change.undo()
    assert sorted((c.start, c.end) for c in project.codings()) == [(0, 3), (0, 3)]


def test_a_bad_range_among_many_codes_none_of_them(project):
    from glocal_annotator.operations import coding as coding_ops

    doc = add_text(project, "a.txt", "short text\n")
    code = project.add_code("X").result
    before = project.codings()
    with pytest.raises(InvalidOperation, match="not a range"):
        project._run("Autocode", coding_ops.add_codings, doc, code, "ana", [(0, 3), (5, 99)])
    assert project.codings() == before
    group = project.add_code("Group", codable=False).result
    with pytest.raises(InvalidOperation, match="only groups"):
        project._run("Autocode", coding_ops.add_codings, doc, group, "ana", [(0, 3)])
    with pytest.raises(NotFound):
        project._run("Autocode", coding_ops.add_codings, 999, code, "ana", [(0, 3)])
