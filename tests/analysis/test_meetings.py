"""The sweep that finds which codes meet each passage, against a brute force over all pairs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from glocal_annotator.analysis.meetings import codes_met


def _brute(items):
    return [{code for s2, e2, codes in items if s1 < e2 and s2 < e1 for code in codes}
            for s1, e1, _ in items]


def test_touching_do_not_meet_and_overlapping_by_one_do():
    items = [(0, 5, {1}), (5, 9, {2}), (8, 12, {3}), (20, 21, {4})]
    assert codes_met(items) == [{1}, {2, 3}, {2, 3}, {4}]


def test_nested_identical_and_same_start():
    items = [(0, 100, {1}), (10, 20, {2}), (10, 20, {3}), (10, 50, {4}), (99, 100, {5})]
    assert codes_met(items) == [{1, 2, 3, 4, 5}, {1, 2, 3, 4}, {1, 2, 3, 4}, {1, 2, 3, 4},
                                {1, 5}]


def test_an_item_with_several_codes():
    assert codes_met([(0, 3, {1, 2}), (2, 4, {3})]) == [{1, 2, 3}, {1, 2, 3}]


def test_dense_overlap_of_one_code_stays_small():
    items = [(n, n + 1000, {7}) for n in range(2000)] + [(1500, 1501, {8})]
    met = codes_met(items)
    assert met[0] == {7} and met[-1] == {7, 8} and met[1000] == {7, 8} and met[1999] == {7}


intervals = st.lists(
    st.tuples(st.integers(0, 30), st.integers(1, 8), st.sets(st.integers(0, 4), min_size=1,
                                                              max_size=2)),
    max_size=25,
).map(lambda raw: [(start, start + length, codes) for start, length, codes in raw])


@settings(max_examples=300, deadline=None)
@given(intervals)
def test_agrees_with_all_pairs(items):
    assert codes_met(items) == _brute(items)
