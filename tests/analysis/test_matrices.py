"""Code matrices against the hand-counted project (tests/analysis/hand_counted.py) and a small
transcript with speakers."""

from __future__ import annotations

import pytest

from glocal_annotator.analysis.matrices import code_matrix
from glocal_annotator.analysis.results import Passage
from glocal_annotator.errors import InvalidOperation
from glocal_annotator.model import CodingFilter
from tests.analysis.hand_counted import build
from tests.projects import add_text, empty_project


@pytest.fixture()
def small(tmp_path):
    built = build(tmp_path)
    yield built
    built.project.close()


def _rows(table):
    return dict(zip(table.row_labels, table.values, strict=True))


def test_codes_by_documents_counts(small):
    table = code_matrix(small.project, CodingFilter(), "documents")
    assert table.column_labels == ("one.txt", "two.txt", "three.txt")
    assert table.column_keys == (small.docs["one"], small.docs["two"], small.docs["three"])
    assert _rows(table) == {"A": (2, 0, 0), "A/A1": (1, 1, 0), "A/A2": (1, 0, 0),
                            "B": (1, 2, 0), "C": (0, 0, 0)}
    assert table.measure == "count"


def test_percentages_and_presence(small):
    rows = _rows(code_matrix(small.project, None, "documents", "row_percent"))
    assert rows["A/A1"] == (50.0, 50.0, 0.0)
    assert rows["B"] == pytest.approx((100 / 3, 200 / 3, 0.0))
    assert rows["C"] == (0.0, 0.0, 0.0)  # an empty row is 0, not a division by zero
    columns = _rows(code_matrix(small.project, None, "documents", "column_percent"))
    assert columns["A"] == (40.0, 0.0, 0.0)  # 2 of the 5 codings in one.txt
    assert columns["B"] == pytest.approx((20.0, 200 / 3, 0.0))
    presence = _rows(code_matrix(small.project, None, "documents", "presence"))
    assert presence["B"] == (1, 1, 0) and presence["A/A2"] == (1, 0, 0)


def test_rolled_up_rows_count_sub_codes(small):
    rows = _rows(code_matrix(small.project, None, "documents", rolled_up=True))
    assert rows["A"] == (4, 1, 0) and rows["A/A1"] == (1, 1, 0)


def test_codes_by_coders(small):
    table = code_matrix(small.project, None, "coders")
    assert table.column_labels == ("ana", "ben")
    assert _rows(table) == {"A": (1, 1), "A/A1": (1, 1), "A/A2": (1, 0), "B": (2, 1),
                            "C": (0, 0)}


def test_codes_by_groups_of_documents(small):
    d = small.docs
    groups = {"local": [d["one"]], "global": [d["one"], d["two"]], "": [d["three"]]}
    table = code_matrix(small.project, None, groups)
    assert table.column_labels == ("local", "global", "(no value)")
    assert table.column_keys == ("local", "global", "")
    rows = _rows(table)
    assert rows["A"] == (2, 2, 0) and rows["B"] == (1, 3, 0)
    assert table.passages(table.row_labels.index("B"), 1) == [
        Passage(d["one"], 12, 20, (small.codings[5],)),
        Passage(d["two"], 10, 20, (small.codings[7],)),
        Passage(d["two"], 30, 40, (small.codings[8],))]


def test_scope_and_passages(small):
    d = small.docs
    table = code_matrix(small.project, CodingFilter(document_ids=[d["two"]]), "documents")
    assert table.column_labels == ("two.txt",)
    assert _rows(table)["B"] == (2,)
    assert table.passages(table.row_labels.index("A/A1"), 0) == [
        Passage(d["two"], 0, 10, (small.codings[6],))]


def test_bad_columns_and_measures_are_refused(small):
    with pytest.raises(InvalidOperation, match="unknown columns"):
        code_matrix(small.project, None, "sets")
    with pytest.raises(InvalidOperation, match="unknown measure"):
        code_matrix(small.project, None, "documents", "ratio")
    with pytest.raises(InvalidOperation, match="Speakers"):
        code_matrix(small.project, None, "speakers")


TRANSCRIPT = "Interviewer: Where?\nAmélie: Here, at the market.\nInterviewer: Why?\n"


def test_codes_by_speakers(tmp_path):
    project = empty_project(tmp_path)
    document = add_text(project, "talk.txt", TRANSCRIPT)
    speakers = project.add_code("speakers").result  # the name's case does not matter
    interviewer = project.add_code("Interviewer", speakers).result
    amelie = project.add_code("Amélie", speakers).result
    lines = [(0, 19), (20, 48), (49, 66)]  # each line without its newline
    assert [TRANSCRIPT[s:e] for s, e in lines][1] == "Amélie: Here, at the market."
    for (start, end), speaker in zip(lines, [interviewer, amelie, interviewer], strict=True):
        project.add_coding(document, speaker, start, end, coder="turns")
    market = project.add_code("Market").result
    place = project.add_code("Place").result
    both = project.add_coding(document, market, 13, 34, coder="ana").result  # Where? + Here,...
    project.add_coding(document, place, 48, 49, coder="ana")  # the newline between turns
    inside = project.add_coding(document, place, 28, 34, coder="ana").result
    table = code_matrix(project, None, "speakers")
    assert table.row_labels == ("Market", "Place")  # the speaker codes are not rows
    assert table.column_labels == ("Interviewer", "Amélie")
    assert _rows(table) == {"Market": (1, 1), "Place": (0, 1)}
    assert table.passages(1, 1) == [Passage(document, 28, 34, (inside,))]
    assert table.passages(0, 0) == [Passage(document, 13, 34, (both,))]
    # the turns count whoever coded them, whatever coders the scope keeps
    ana = next(c.id for c in project.coders() if c.name == "ana")
    assert _rows(code_matrix(project, CodingFilter(coder_ids=[ana]), "speakers"))["Market"] \
        == (1, 1)
    project.close()
