"""Segment-level matching (issue 11): the near-linear algorithm gives what the quadratic one it
replaced gave, on random inputs of every shape, through both of its paths."""

from __future__ import annotations

import bisect
from collections import defaultdict
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glocal_annotator.analysis import segment_matching
from glocal_annotator.analysis.agreement_units import segment_tables
from glocal_annotator.analysis.segment_matching import exact_threshold, matched, matches

THRESHOLDS = [0.1, 1 / 3, 0.5, 0.6, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99, 1.0]


# -- the algorithm before issue 11's fix, kept as the reference --------------------------------
# Copied from analysis/agreement_units.py as it was (a window of starts around each segment,
# every segment in it tried), with one change: the test itself is done in integers
# (``matches``), as the new code does, instead of ``shared >= threshold * union`` in floating
# point, which refused exact 90 % overlaps of some lengths (63 of 70).


def reference_segment_tables(codings, coder_ids, lengths, threshold):
    ratio = exact_threshold(threshold)
    segments: dict = {}
    index = {coder: k for k, coder in enumerate(coder_ids)}
    for document_id, code_id, coder_id, start, end in codings:
        k = index.get(coder_id)
        length = lengths.get(document_id)
        if k is None or length is None:
            continue
        start, end = max(start, 0), min(end, length)
        if start < end:
            per_coder = segments.setdefault((document_id, code_id), [set() for _ in coder_ids])
            per_coder[k].add((start, end))
    tables: dict = defaultdict(lambda: defaultdict(int))
    for (_, code_id), per_coder in segments.items():
        ordered = [sorted(spans) for spans in per_coder]
        starts = [[start for start, _ in spans] for spans in ordered]
        for k, spans in enumerate(ordered):
            for start, end in spans:
                mask = 1 << k
                for other, other_spans in enumerate(ordered):
                    if other != k and _reference_matches(start, end, other_spans, starts[other],
                                                         threshold, ratio):
                        mask |= 1 << other
                tables[code_id][mask] += 1
    return {code_id: dict(table) for code_id, table in tables.items()}


def _reference_matches(start, end, spans, starts, threshold, ratio):
    reach = (1 - threshold) / threshold * (end - start) + 1e-9
    low = bisect.bisect_left(starts, start - reach)
    high = bisect.bisect_right(starts, start + reach)
    return any(matches((start, end), other, ratio) for other in spans[low:high])


# -- inputs ------------------------------------------------------------------------------------


def _codings(span: int, keys: int) -> st.SearchStrategy:
    length = st.one_of(st.integers(1, 12), st.integers(1, 60), st.integers(100, 900))
    coding = st.tuples(st.integers(1, keys), st.integers(10, 9 + keys), st.sampled_from([1, 2, 3]),
                       st.integers(-5, span), length)
    return st.integers(0, 80).flatmap(lambda n: st.lists(coding, min_size=n, max_size=n)).map(
        lambda rows: [(d, c, k, start, start + n) for d, c, k, start, n in rows])


# Random codings of every shape: spread over two documents and codes, or crowded into one
# (near-identical groups, long over short), some running past their document's end.
CODINGS = st.one_of(_codings(400, 2), _codings(40, 1))


@settings(max_examples=150, deadline=None)
@given(found=CODINGS, threshold=st.sampled_from(THRESHOLDS), scan=st.sampled_from([0, 3, 24]))
def test_the_same_tables_as_the_quadratic_algorithm(found, threshold, scan, monkeypatch_scan):
    monkeypatch_scan(scan)  # 0: every segment by the quadrant sweeps; 24: the default mix
    lengths = {1: 500, 2: 1200}
    assert segment_tables(found, [1, 2, 3], lengths, threshold) == reference_segment_tables(
        found, [1, 2, 3], lengths, threshold)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), threshold=st.sampled_from(THRESHOLDS))
def test_matched_finds_exactly_the_segments_with_a_match(data, threshold, monkeypatch_scan):
    segment = st.tuples(st.integers(0, 60), st.integers(1, 80)).map(lambda p: (p[0], p[0] + p[1]))
    mine = sorted(set(data.draw(st.lists(segment, max_size=40))))
    theirs = sorted(set(data.draw(st.lists(segment, max_size=40))))
    ratio = exact_threshold(threshold)
    expected = [i for i, own in enumerate(mine) if any(matches(own, o, ratio) for o in theirs)]
    for scan in (0, 24):
        monkeypatch_scan(scan)
        assert matched(mine, theirs, ratio) == expected


@pytest.fixture(scope="module")
def monkeypatch_scan():
    """Set :data:`segment_matching.SCAN` (module scope, so that hypothesis's repeated examples
    may use it); put back after the module."""
    saved = segment_matching.SCAN

    def set_scan(value: int) -> None:
        segment_matching.SCAN = value

    yield set_scan
    segment_matching.SCAN = saved


def test_exactly_the_threshold_matches_at_any_length():
    assert exact_threshold(0.9) == Fraction(9, 10) and exact_threshold(1.0) == 1
    assert matches((0, 70), (7, 70), exact_threshold(0.9))  # 63 of 70: 0.9 * 70 > 63 in floats
    assert matches((0, 10), (1, 10), exact_threshold(0.9))
    assert not matches((0, 70), (8, 70), exact_threshold(0.9))
    assert not matches((0, 5), (5, 10), exact_threshold(0.1))  # touching is not overlapping
    with pytest.raises(ValueError):
        exact_threshold(0)


def test_a_crowd_of_long_segments_over_short_ones_is_decided_by_the_sweeps():
    # Every long segment has all the short ones starting within its reach, and none matches:
    # the windowed check would try them all (n x m); the sweeps answer all at once.
    long_ones = [(start, start + 3000 + start) for start in range(0, 400)]
    short_ones = [(start, start + 20) for start in range(0, 400)]
    twins = [(start, start + 3000 + start + 1) for start in range(0, 400, 2)]
    ratio = exact_threshold(0.9)
    assert matched(long_ones, short_ones, ratio) == []
    assert matched(long_ones, short_ones + twins, ratio) == list(range(400))
    assert matched(short_ones, long_ones, ratio) == []
