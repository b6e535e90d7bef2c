"""Code frequencies against the hand-counted project (tests/analysis/hand_counted.py)."""

from __future__ import annotations

import pytest

from glocal_annotator.analysis.frequencies import code_frequencies
from glocal_annotator.analysis.results import Passage
from glocal_annotator.model import CodingFilter
from tests.analysis.hand_counted import build


@pytest.fixture()
def small(tmp_path):
    built = build(tmp_path)
    yield built
    built.project.close()


def _by_label(table):
    return {label: dict(zip(table.column_labels, row, strict=True))
            for label, row in zip(table.row_labels, table.values, strict=True)}


def test_own_and_rolled_up_figures(small):
    table = code_frequencies(small.project, CodingFilter())
    assert table.row_labels == ("A", "A/A1", "A/A2", "B", "C")  # codebook order, unused kept
    assert table.row_keys == tuple(small.codes[name] for name in ("A", "A1", "A2", "B", "C"))
    rows = _by_label(table)
    assert rows["A"] == {"codings": 2, "documents": 1, "characters": 15,  # [0,10) u [5,15)
                         "codings, with sub-codes": 5, "documents, with sub-codes": 2,
                         "characters, with sub-codes": 40}  # 15 + [40,55) + [0,10) in two
    assert rows["A/A1"]["characters"] == 20 and rows["A/A1"]["documents"] == 2
    assert rows["A/A2"]["codings, with sub-codes"] == 1
    assert rows["B"] == {"codings": 3, "documents": 2, "characters": 28,
                         "codings, with sub-codes": 3, "documents, with sub-codes": 2,
                         "characters, with sub-codes": 28}
    assert set(rows["C"].values()) == {0}
    assert "union" in table.note


def test_characters_are_a_union_not_a_sum(tmp_path):
    from tests.projects import add_text, empty_project

    project = empty_project(tmp_path)
    document = add_text(project, "d.txt", "z" * 40)
    code = project.add_code("Z").result
    for number, (start, end) in enumerate([(0, 10), (0, 10), (5, 15), (30, 31)]):
        project.add_coding(document, code, start, end, coder=f"coder {number}")
    row = code_frequencies(project, rolled_up=False).values[0]
    assert row == (4, 1, 16)  # 4 codings, one document, [0,15) + [30,31)
    project.close()


def test_without_roll_up_and_by_coder(small):
    table = code_frequencies(small.project, rolled_up=False)
    assert table.column_labels == ("codings", "documents", "characters")
    by_coder = code_frequencies(small.project, by_coder=True)
    rows = _by_label(by_coder)
    assert rows["A"]["ana: codings"] == 1 and rows["A"]["ben: codings"] == 1
    assert rows["A"]["ana: codings, with sub-codes"] == 3
    assert rows["A"]["ana: characters, with sub-codes"] == 25  # [0,10) + [40,55)
    assert rows["A"]["ben: documents, with sub-codes"] == 2
    assert rows["A"]["ben: characters, with sub-codes"] == 20
    ana = next(c.id for c in small.project.coders() if c.name == "ana")
    assert ("codings", True, ana) in by_coder.column_keys


def test_scope_limits_codes_documents_and_coders(small):
    project = small.project
    ben = next(c.id for c in project.coders() if c.name == "ben")
    table = code_frequencies(project, CodingFilter(coder_ids=[ben],
                                                   document_ids=[small.docs["two"]]))
    rows = _by_label(table)
    assert rows["A"]["codings, with sub-codes"] == 1 and rows["B"]["codings"] == 1
    only_b = code_frequencies(project, CodingFilter(code_ids=[small.codes["B"]]))
    assert only_b.row_labels == ("B",)
    # a sub-code left out of the scope adds nothing to its parent
    parent_only = code_frequencies(project, CodingFilter(code_ids=[small.codes["A"]]))
    assert parent_only.values[0][3] == 2


def test_passages_behind_cells(small):
    table = code_frequencies(small.project)
    one, two = small.docs["one"], small.docs["two"]
    c = small.codings
    codings_column = table.column_labels.index("codings, with sub-codes")
    assert table.passages(0, codings_column) == [
        Passage(one, 0, 10, (c[1],)), Passage(one, 5, 15, (c[2],)),
        Passage(one, 40, 50, (c[3],)), Passage(one, 45, 55, (c[4],)),
        Passage(two, 0, 10, (c[6],))]
    characters_column = table.column_labels.index("characters, with sub-codes")
    assert table.passages(0, characters_column) == [
        Passage(one, 0, 15, (c[1], c[2])), Passage(one, 40, 55, (c[3], c[4])),
        Passage(two, 0, 10, (c[6],))]
    assert sum(p.end - p.start for p in table.passages(0, characters_column)) == 40
