"""Big changes and big reads in short steps, without Qt (issue 10): codings read a page at a
time, autocode written in batches with progress and cancel (cancel changes nothing), reverts and
change summaries reporting progress with the same outcome, and no change accepted from inside
another change's progress report."""

from __future__ import annotations

import pytest

from glocal_annotator.errors import InvalidOperation, OperationCancelled
from glocal_annotator.model import CodingFilter
from glocal_annotator.project import Project
from glocal_annotator.store import journal as journal_module
from glocal_annotator.store import queries
from glocal_annotator.store.change_summary import summarize
from tests.projects import add_text

TEXT = "The women mapped the river. The council met them. " * 60


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setattr(journal_module, "BATCH", 7)  # several batches for a few rows
    with Project.create(tmp_path / "big.glocal", coder="ana") as opened:
        yield opened


def _coded(project: Project, count: int = 40) -> tuple[int, list[int]]:
    document = add_text(project, "a.txt", TEXT)
    other = add_text(project, "b.txt", TEXT + "!")
    codes = [code.id for code in project.codes() if code.codable][:5]
    for number in range(count):
        start = (number * 13) % (len(TEXT) - 30)
        project.add_coding(document if number % 3 else other, codes[number % 5], start,
                           start + 5 + number % 20, coder="ana" if number % 2 else "bo")
    return document, codes


def test_light_rows_come_in_pages_each_coding_once(project):
    document, _codes = _coded(project)
    pages = list(project.coding_row_pages(document, size=6))
    assert all(len(page) <= 6 for page in pages) and len(pages) > 3
    rows = [row for page in pages for row in page]
    expected = {(c.id, c.code_id, c.coder_id, c.start, c.end)
                for c in project.codings(document_ids=[document])}
    assert len(rows) == len(expected) and set(rows) == expected


def test_coding_pages_are_the_codings_a_page_at_a_time(project):
    document, codes = _coded(project)
    for where in (CodingFilter(), CodingFilter(code_ids=codes[:2]),
                  CodingFilter(document_ids=[document], coder_ids=[1])):
        pages = list(project.coding_pages(where, size=5))
        found = [coding for page in pages for coding in page]
        assert sorted(found, key=lambda c: c.id) == sorted(project.codings(where),
                                                           key=lambda c: c.id)
        keys = [(c.document_id, c.start, c.id) for c in found]
        assert keys == sorted(keys)


def test_code_spans_are_sorted(project):
    document, codes = _coded(project)
    spans = queries.code_spans(project.conn, document, codes[1])
    assert spans == sorted((c.start, c.end) for c in project.codings(
        document_ids=[document], code_ids=[codes[1]]))


def test_autocode_reports_progress_and_cancel_codes_nothing(project):
    document, codes = _coded(project, 10)
    before = project.codings()
    calls: list[tuple[int, int]] = []

    def cancel_soon(done: int, total: int) -> bool:
        calls.append((done, total))
        return len(calls) < 3

    with pytest.raises(OperationCancelled, match="nothing was coded"):
        project.autocode(codes[4], "river", regex=False, progress=cancel_soon)
    assert project.codings() == before
    assert len(calls) == 3

    seen: list[tuple[int, int]] = []
    change = project.autocode(codes[4], "river", regex=False,
                              progress=lambda done, total: seen.append((done, total)) or True)
    plan = change.result.plan
    assert plan.hits == TEXT.count("river") * 2
    assert len(change.result.coding_ids) == plan.hits - plan.covered
    assert len(seen) > 3 and seen[-1][0] == seen[-1][1]  # to the end, batch after batch
    assert change.size == len(change.result.coding_ids)


def test_no_change_is_accepted_from_inside_another_changes_progress(project):
    document, codes = _coded(project, 4)
    refused: list[str] = []

    def meddle(done: int, total: int) -> bool:
        try:
            project.add_coding(document, codes[0], 0, 3)
        except InvalidOperation as error:
            refused.append(str(error))
        return True

    change = project.autocode(codes[3], "council", regex=False, progress=meddle)
    assert refused and "busy with another change" in refused[0]
    assert not any(c.start == 0 and c.end == 3 for c in project.codings())
    assert change.result.coding_ids


def test_a_revert_with_progress_is_the_same_revert(project):
    _document, codes = _coded(project, 6)
    change = project.autocode(codes[2], "women", regex=False)
    after = project.codings()
    seen: list[tuple[int, int]] = []
    undone = change.undo(lambda done, total: seen.append((done, total)))
    assert len(project.codings()) == len(after) - len(change.result.coding_ids)
    assert len(seen) > 3 and seen[-1][0] == seen[-1][1] == 2 * change.size
    assert [done for done, _total in seen] == sorted(done for done, _total in seen)
    assert undone.summary.codings_removed and not undone.summary.codings_added
    undone.undo()
    assert project.codings() == after


def test_a_summary_worked_out_with_progress_is_the_same(project, monkeypatch):
    _document, codes = _coded(project, 6)
    change = project.autocode(codes[2], "women", regex=False)
    seen: list[tuple[int, int]] = []
    again = summarize(change._rows, lambda done, total: seen.append((done, total)))
    assert again == change.summary
    rows = len(change._rows)
    assert seen == [(0, 0), (0, rows), (rows, rows)]  # at once, and at the end
    from glocal_annotator.store import change_summary

    monkeypatch.setattr(change_summary, "STEP", 7)
    seen.clear()
    assert summarize(change._rows, lambda done, total: seen.append((done, total))) == again
    gathered = [done for done, total in seen if total == 0]
    told = [done for done, total in seen if total == rows]
    assert gathered == list(range(0, rows, 7))
    assert told == [*range(0, rows, 7), rows]


def test_a_merge_of_codes_reports_progress_and_cancel_merges_nothing(project, monkeypatch):
    from glocal_annotator.operations import codebook as codebook_ops

    monkeypatch.setattr(codebook_ops, "_MERGE_STEP", 3)
    _document, codes = _coded(project, 40)
    before = (project.codes(), project.codings())
    with pytest.raises(OperationCancelled, match="nothing was changed"):
        project.merge_codes(codes[1], codes[2], lambda done, total: done < 3)
    assert (project.codes(), project.codings()) == before
    seen: list[tuple[int, int]] = []
    change = project.merge_codes(codes[1], codes[2],
                                 lambda done, total: seen.append((done, total)) or True)
    assert change.result == 8 and [done for done, _ in seen][:3] == [0, 3, 6]
    assert not project.codings(code_ids=[codes[1]])
