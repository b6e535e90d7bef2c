"""Agreement figures and units on hand-worked examples."""

from __future__ import annotations

import pytest

from glocal_annotator.analysis.agreement import figures
from glocal_annotator.analysis.agreement_units import (
    character_tables,
    document_tables,
    paragraph_bounds,
    paragraph_tables,
    segment_tables,
    stretches,
)
from glocal_annotator.analysis.disagreements import disagreements
from glocal_annotator.model import Coding

A, B, C = 1, 2, 3
CODE, OTHER = 10, 11


def coding(document: int, code: int, coder: int, start: int, end: int) -> Coding:
    return Coding(0, "", document, code, coder, start, end, "", "")


def test_hand_worked_two_coders():
    # 100 units: both coded 20, only A 10, only B 5, neither 65.
    # p_o = 0.85; p_A = 0.30, p_B = 0.25; p_e = 0.075 + 0.525 = 0.60; kappa = 0.25 / 0.40.
    result = figures({3: 20, 1: 10, 2: 5, 0: 65}, 2)
    assert result.units == 100 and result.agreeing == 85
    assert result.percent == pytest.approx(85.0)
    assert result.kappa == pytest.approx(0.625)
    assert result.coded == (30, 25)
    # Krippendorff: n = 200, n_1 = 55, n_0 = 145, o_01 = 15 -> 1 - 199 * 15 / (145 * 55)
    assert result.alpha == pytest.approx(1 - 199 * 15 / (145 * 55))


def test_hand_worked_three_coders_alpha():
    # Units: all three coded (2 units), two of three (1 unit), none (3 units).
    # Pairs within a unit of m=3: o_01 += n0*n1/2 -> 1 unit with n1=2: 2*1/2 = 1.
    # n = 18 values, n_1 = 2*3 + 2 = 8, n_0 = 10 -> alpha = 1 - 17 * 1 / 80.
    result = figures({7: 2, 3: 1, 0: 3}, 3)
    assert result.alpha == pytest.approx(1 - 17 / 80)
    assert result.kappa is None  # Cohen's kappa is for two coders
    assert result.percent == pytest.approx(500 / 6)


def test_undefined_figures_are_none_not_errors():
    only_agreement = figures({3: 10}, 2)
    assert only_agreement.percent == 100.0
    assert only_agreement.kappa is None and only_agreement.alpha is None
    assert figures({}, 2).percent is None
    with pytest.raises(ValueError):
        figures({1: 1}, 1)


def test_character_level_sweeps_boundaries_and_counts_uncoded_text():
    # A codes [0, 10) twice (overlapping codings count once) and [20, 30); B codes [5, 25).
    codings = [coding(1, CODE, A, 0, 10), coding(1, CODE, A, 2, 8), coding(1, CODE, A, 20, 30),
               coding(1, CODE, B, 5, 25), coding(1, CODE, C, 0, 100)]  # C not compared
    found = stretches(codings, [A, B], {1: 100, 2: 50})
    table = character_tables(found, 150, exclude_uncoded=False)[CODE]
    # only A: [0,5) + [25,30) = 10; both: [5,10) + [20,25) = 10; only B: [10,20) = 10.
    assert table == {1: 10, 3: 10, 2: 10, 0: 120}
    assert character_tables(found, 150, exclude_uncoded=True)[CODE] == {1: 10, 3: 10, 2: 10}
    with_uncoded = figures(table, 2).percent
    without = figures(character_tables(found, 150, True)[CODE], 2).percent
    assert with_uncoded == pytest.approx(130 / 150 * 100)
    assert without == pytest.approx(100 / 3)


def test_codings_are_clipped_to_their_document_and_unknown_documents_ignored():
    found = stretches([coding(1, CODE, A, -5, 500), coding(9, CODE, B, 0, 5)], [A, B], {1: 10})
    assert character_tables(found, 10, False)[CODE] == {1: 10}


def test_segment_level_overlap_threshold():
    codings = [
        coding(1, CODE, A, 0, 100), coding(1, CODE, B, 5, 100),   # 95 of 100: agree at 90 %
        coding(1, CODE, A, 200, 300), coding(1, CODE, B, 200, 250),  # 50 %: no
        coding(1, CODE, A, 400, 410),  # B has nothing
        coding(1, OTHER, B, 0, 100),  # another code never matches
    ]
    tables = segment_tables(codings, [A, B], {1: 1000}, 0.9)
    # A's segments: [0,100) both; [200,300) A only; [400,410) A only.
    # B's segments: [5,100) both; [200,250) B only.
    assert tables[CODE] == {3: 2, 1: 2, 2: 1}
    assert tables[OTHER] == {2: 1}
    assert segment_tables(codings, [A, B], {1: 1000}, 0.5)[CODE] == {3: 4, 1: 1}
    with pytest.raises(ValueError):
        segment_tables(codings, [A, B], {1: 1000}, 0)


def test_segment_match_looks_beyond_nearby_starts():
    # B's long segment starts well before A's; union 100, shared 95.
    codings = [coding(1, CODE, A, 100, 195), coding(1, CODE, B, 95, 195)]
    assert segment_tables(codings, [A, B], {1: 1000}, 0.9)[CODE] == {3: 2}


def test_paragraph_and_document_levels():
    text = "first para\n\nsecond para\n   \nthird para"
    bounds = paragraph_bounds(text)
    assert [text[s:e] for s, e in bounds] == ["first para", "second para", "third para"]
    codings = [coding(1, CODE, A, 0, 3), coding(1, CODE, A, 12, 40),  # paras 1, 2 and 3
               coding(1, CODE, B, 13, 14)]  # para 2
    lengths = {1: len(text), 2: 5}
    found = stretches(codings, [A, B], lengths)
    paragraphs = {1: bounds, 2: paragraph_bounds("other")}
    assert paragraph_tables(found, paragraphs, False)[CODE] == {1: 2, 3: 1, 0: 1}
    assert paragraph_tables(found, paragraphs, True)[CODE] == {1: 2, 3: 1}
    assert document_tables(found, 2, False)[CODE] == {3: 1, 0: 1}
    assert document_tables(found, 2, True)[CODE] == {3: 1}


def test_a_coding_that_ends_where_a_paragraph_starts_does_not_touch_it():
    text = "aaa\nbbb"
    found = stretches([coding(1, CODE, A, 0, 4)], [A, B], {1: len(text)})
    assert paragraph_tables(found, {1: paragraph_bounds(text)}, True)[CODE] == {1: 1}


def test_disagreements_list_each_differing_passage():
    codings = [coding(1, CODE, A, 0, 10), coding(1, CODE, B, 5, 20), coding(2, CODE, A, 0, 3),
               coding(2, OTHER, B, 0, 3), coding(2, OTHER, A, 0, 3)]
    found = stretches(codings, [A, B], {1: 100, 2: 10})
    result = [(d.document_id, d.code_id, d.start, d.end, d.coded_by, d.not_coded_by)
              for d in disagreements(found, [A, B])]
    assert result == [(1, CODE, 0, 5, (A,), (B,)), (1, CODE, 10, 20, (B,), (A,)),
                      (2, CODE, 0, 3, (A,), (B,))]


def test_disagreements_merge_runs_split_only_by_a_third_coders_boundary():
    codings = [coding(1, CODE, A, 0, 10), coding(1, CODE, A, 10, 20)]  # adjacent: one stretch
    found = stretches(codings, [A, B], {1: 100})
    assert [(d.start, d.end) for d in disagreements(found, [A, B])] == [(0, 20)]


@pytest.mark.parametrize("threshold", [0.5, 0.8, 0.9, 0.95, 1.0])
def test_segment_level_equals_a_brute_force_comparison(threshold):
    import random

    rng = random.Random(int(threshold * 100))
    codings = []
    for coder in (A, B, C):
        for _ in range(60):
            start = rng.randrange(0, 300)
            codings.append(coding(1, CODE, coder, start, start + rng.randint(1, 40)))
    expected: dict[int, int] = {}
    coders = [A, B, C]
    for k, coder in enumerate(coders):
        own = {(c.start, c.end) for c in codings if c.coder_id == coder}
        for start, end in own:
            mask = 1 << k
            for other_k, other in enumerate(coders):
                for c in codings:
                    shared = min(end, c.end) - max(start, c.start)
                    union = max(end, c.end) - min(start, c.start)
                    if c.coder_id == other and other != coder and shared > 0 and (
                            shared >= threshold * union):
                        mask |= 1 << other_k
            expected[mask] = expected.get(mask, 0) + 1
    assert segment_tables(codings, coders, {1: 1000}, threshold)[CODE] == expected
