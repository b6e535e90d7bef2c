"""What the views read: Project.coding_spans and the shared helpers of analysis.spans."""

from __future__ import annotations

import pytest

from glocal_annotator.analysis.results import Passage
from glocal_annotator.analysis.spans import covered, merged
from glocal_annotator.model import CodingFilter
from tests.analysis.hand_counted import build


@pytest.fixture()
def small(tmp_path):
    built = build(tmp_path)
    yield built
    built.project.close()


@pytest.mark.parametrize("where", [
    None, CodingFilter(code_ids=[]), CodingFilter(document_ids=[2]),
    CodingFilter(code_ids=[1, 4], coder_ids=[2]), CodingFilter(coder_ids=[1]),
])
def test_coding_spans_are_the_codings_as_tuples_in_the_same_order(small, where):
    codings = small.project.codings(where)
    assert small.project.coding_spans(where) == [
        (c.id, c.document_id, c.code_id, c.coder_id, c.start, c.end) for c in codings]


def test_merged_and_covered_join_overlapping_and_touching_ranges():
    spans = [(1, 7, 0, 0, 0, 5), (2, 7, 0, 0, 5, 9), (3, 7, 0, 0, 20, 30), (4, 7, 0, 0, 22, 25),
             (5, 8, 0, 0, 0, 3)]
    assert merged(spans) == [Passage(7, 0, 9, (1, 2)), Passage(7, 20, 30, (3, 4)),
                             Passage(8, 0, 3, (5,))]
    assert covered(spans) == 9 + 10 + 3
    assert merged([]) == [] and covered([]) == 0
