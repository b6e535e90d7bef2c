"""Code co-occurrence against the hand-counted project (tests/analysis/hand_counted.py):
segments one: 1 A[0,10) 2 A[5,15) 5 B[12,20) 3 A1[40,50) 4 A2[45,55); two: 6 A1[0,10)
7 B[10,20) 8 B[30,40). Paragraphs of one: [0,30) [31,61) [62,100); two is one paragraph."""

from __future__ import annotations

import pytest

from glocal_annotator.analysis.cooccurrence import cooccurrence
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


def _cell(table, a, b):
    return table.values[table.row_labels.index(a)][table.column_labels.index(b)]


def test_overlap_counts_segments_and_touching_ranges_do_not_overlap(small):
    table = cooccurrence(small.project, CodingFilter(), "overlap")
    assert table.row_labels == ("A", "A/A1", "A/A2", "B")  # C has no coding: left out
    assert _cell(table, "A", "B") == 2 == _cell(table, "B", "A")  # segments 2 and 5
    assert _cell(table, "A/A1", "A/A2") == 2
    assert _cell(table, "A/A1", "B") == 0  # 6 and 7 touch
    assert _cell(table, "A", "A/A1") == 0  # a code and its sub-code: their own codings only
    assert _cell(table, "A", "A") == 0
    assert "touching ranges do not overlap" in table.note


def test_coefficient_is_jaccard_over_segments(small):
    table = cooccurrence(small.project, None, "overlap", measure="coefficient")
    assert table.measure == "coefficient"
    assert _cell(table, "A", "B") == pytest.approx(2 / 5)  # n_A 2, n_B 3
    assert _cell(table, "A/A1", "A/A2") == pytest.approx(2 / 3)
    assert "ATLAS.ti" in table.note and "Jaccard" in table.note


def test_same_paragraph(small):
    table = cooccurrence(small.project, None, "paragraph")
    assert _cell(table, "A", "B") == 3  # 1, 2 and 5 in the first paragraph of one
    assert _cell(table, "A/A1", "B") == 3  # 6, 7, 8 in two's only paragraph
    assert _cell(table, "A", "A/A1") == 0  # first and second paragraph of one
    coefficient = cooccurrence(small.project, None, "paragraph", measure="coefficient")
    assert _cell(coefficient, "A/A1", "B") == pytest.approx(3 / 5)


@pytest.mark.parametrize(("within", "a", "b", "expected"), [
    (0, "A/A1", "B", 2),    # touching: a gap of 0
    (19, "A/A1", "B", 2),   # 8 is 20 characters after 6, and 3 20 after 5 in one
    (20, "A/A1", "B", 5),   # 6, 7, 8 in two; 3 and 5 in one
    (1, "A", "B", 2),       # 1 ends at 10, 5 starts at 12: a gap of 2
    (2, "A", "B", 3),
    (25, "A", "A/A1", 2),   # 2 [5,15) and 3 [40,50)
])
def test_near_within_n_characters(small, within, a, b, expected):
    assert _cell(cooccurrence(small.project, None, "near", within), a, b) == expected


def test_passages_behind_a_cell(small):
    table = cooccurrence(small.project, None, "overlap")
    one = small.docs["one"]
    c = small.codings
    assert table.passages(table.row_labels.index("A"), table.column_labels.index("B")) == [
        Passage(one, 5, 15, (c[2],)), Passage(one, 12, 20, (c[5],))]
    assert table.passages(0, 0) == []


def test_scope_by_coder_and_document(small):
    ana = next(c.id for c in small.project.coders() if c.name == "ana")
    table = cooccurrence(small.project, CodingFilter(coder_ids=[ana]), "overlap")
    assert _cell(table, "A", "B") == 0  # segment 2 is ben's
    assert _cell(table, "A/A1", "A/A2") == 2
    only_two = cooccurrence(small.project, CodingFilter(document_ids=[small.docs["two"]]),
                            "paragraph")
    assert only_two.row_labels == ("A/A1", "B")


def test_one_passage_coded_with_both_and_identical_codings(tmp_path):
    project = empty_project(tmp_path)
    document = add_text(project, "d.txt", "abcdefghij" * 3)
    x, y = project.add_code("X").result, project.add_code("Y").result
    for start, end in [(0, 5), (10, 12)]:  # each range coded with both codes
        project.add_coding(document, x, start, end, coder="ana")
        project.add_coding(document, y, start, end, coder="ana")
    project.add_coding(document, x, 0, 5, coder="ben")  # same range again: the same segment
    count = cooccurrence(project, None, "overlap")
    coefficient = cooccurrence(project, None, "overlap", measure="coefficient")
    assert count.values[0][1] == 2 and coefficient.values[0][1] == pytest.approx(1.0)
    project.add_coding(document, x, 20, 25, coder="ana")  # X alone once
    assert cooccurrence(project, None, measure="coefficient").values[0][1] == pytest.approx(
        2 / 3)
    project.close()


def test_bad_arguments_are_refused(small):
    for kwargs, message in [({"mode": "window"}, "unknown mode"),
                            ({"measure": "pairs"}, "unknown measure"),
                            ({"mode": "near", "within": -1}, "negative")]:
        with pytest.raises(InvalidOperation, match=message):
            cooccurrence(small.project, None, **kwargs)


def test_a_segment_over_two_paragraphs_and_one_on_a_line_break(tmp_path):
    project = empty_project(tmp_path)
    document = add_text(project, "d.txt", "aaa\nbbb\nccc")  # paragraphs [0,3) [4,7) [8,11)
    codes = {name: project.add_code(name).result for name in "WXYZ"}
    for name, start, end in [("X", 0, 5), ("W", 5, 7), ("Y", 8, 11), ("Z", 3, 4)]:
        project.add_coding(document, codes[name], start, end)
    table = cooccurrence(project, None, "paragraph")
    assert _cell(table, "X", "W") == 2  # X reaches into the second paragraph
    assert _cell(table, "X", "Y") == 0 and _cell(table, "W", "Y") == 0
    assert _cell(table, "X", "Z") == 0  # Z covers only the line break: no paragraph
    assert _cell(cooccurrence(project, None, "overlap"), "X", "Z") == 2
    project.close()


def _brute_force(codings, texts, mode, within):
    """The module's definition, over every pair of segments (slow, plain)."""
    from glocal_annotator.analysis.agreement_units import paragraph_bounds

    segments = {}
    for document, code, start, end in codings:
        segments.setdefault((document, start, end), set()).add(code)

    def paragraphs(document, start, end):
        return {n for n, (s, e) in enumerate(paragraph_bounds(texts[document]))
                if s < end and start < e}

    def meet(one, two):
        if one[0] != two[0]:
            return False
        if mode == "overlap":
            return one[1] < two[2] and two[1] < one[2]
        if mode == "near":
            return max(one[1], two[1]) - min(one[2], two[2]) <= within
        return bool(paragraphs(*one) & paragraphs(*two))

    codes = sorted({code for _, code, _, _ in codings})
    result = {}
    for a in codes:
        for b in codes:
            if a == b:
                continue
            count = sum(
                1 for key, own in segments.items()
                if (a in own and (b in own or any(b in other and meet(key, k)
                                                  for k, other in segments.items() if k != key)))
                or (b in own and (a in own or any(a in other and meet(key, k)
                                                  for k, other in segments.items()
                                                  if k != key))))
            either = sum(1 for own in segments.values() if a in own or b in own)
            result[(a, b)] = (count, count / either if either else 0.0)
    return result


@pytest.mark.parametrize("seed", range(4))
def test_agrees_with_the_definition_on_random_codings(tmp_path, seed):
    import random

    rng = random.Random(seed)
    project = empty_project(tmp_path)
    texts = {}
    for n in range(2):
        text = "\n".join("w" * rng.randint(0, 30) for _ in range(8))
        texts[add_text(project, f"{n}.txt", text + f"\n{n}")] = text + f"\n{n}"
    codes = [project.add_code(name).result for name in "PQRS"]
    codings = []
    for _ in range(40):
        document = rng.choice(list(texts))
        start = rng.randrange(0, len(texts[document]) - 1)
        end = rng.randint(start + 1, min(len(texts[document]), start + 25))
        code = rng.choice(codes)
        coder = rng.choice(["ana", "ben"])
        try:
            project.add_coding(document, code, start, end, coder=coder)
        except InvalidOperation:  # the same coding twice
            continue
        codings.append((document, code, start, end))
    for mode, within in [("overlap", 0), ("paragraph", 0), ("near", 0), ("near", 7)]:
        expected = _brute_force(codings, texts, mode, within)
        counts = cooccurrence(project, None, mode, within)
        coefficients = cooccurrence(project, None, mode, within, "coefficient")
        for r, a in enumerate(counts.row_keys):
            for c, b in enumerate(counts.column_keys):
                if a != b:
                    assert counts.values[r][c] == expected[(a, b)][0], (mode, within, a, b)
                    assert coefficients.values[r][c] == pytest.approx(expected[(a, b)][1])
                    assert len(counts.passages(r, c)) == counts.values[r][c]
    project.close()
