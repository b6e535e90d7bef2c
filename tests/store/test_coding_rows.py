"""The light coding read for analyses (store/coding_rows.py, ``Project.coder_spans``): the same
codings as :meth:`Project.codings`, five integers each, filtered in SQL, in index order."""

from __future__ import annotations

import random

from glocal_annotator.analysis.agreement_units import (
    character_tables,
    paragraph_tables,
    segment_tables,
    stretches,
)
from tests.projects import MIXED_TEXT, add_text, empty_project


def _coded(tmp_path):
    project = empty_project(tmp_path)
    first = add_text(project, "a.txt", MIXED_TEXT)
    second = add_text(project, "b.txt", "global " * 200)
    codes = [project.add_code(name).result for name in ("River", "Market", "Brand")]
    rng = random.Random(5)
    for _ in range(120):
        document, length = rng.choice([(first, len(MIXED_TEXT)), (second, 1400)])
        start = rng.randrange(0, length - 10)
        project.add_coding(document, rng.choice(codes), start,
                           start + rng.randint(1, min(60, length - start)),
                           coder=rng.choice(["ana", "ben", "cleo"]))
    return project, codes


def _as_spans(codings):
    return [(c.document_id, c.code_id, c.coder_id, c.start, c.end) for c in codings]


def test_spans_are_the_codings_filtered_in_sql_in_index_order(tmp_path):
    project, codes = _coded(tmp_path)
    coders = {coder.name: coder.id for coder in project.coders()}
    everything = project.coder_spans()
    assert everything == sorted(_as_spans(project.codings()))
    assert all(type(row) is tuple and len(row) == 5 for row in everything)
    two = [coders["ana"], coders["ben"]]
    assert project.coder_spans(two) == sorted(_as_spans(project.codings(coder_ids=two)))
    assert project.coder_spans(two, codes[:2]) == sorted(
        _as_spans(project.codings(coder_ids=two, code_ids=codes[:2])))
    assert project.coder_spans([coders["cleo"]], []) == []
    assert project.coder_spans([]) == []
    assert project.document_lengths() == {d.id: d.characters for d in project.documents()}
    project.close()


def test_the_units_are_the_same_from_spans_as_from_codings(tmp_path):
    project, _ = _coded(tmp_path)
    coder_ids = [coder.id for coder in project.coders()]
    lengths = project.document_lengths()
    spans, codings = project.coder_spans(coder_ids), project.codings(coder_ids=coder_ids)
    assert stretches(spans, coder_ids, lengths) == stretches(codings, coder_ids, lengths)
    found = stretches(spans, coder_ids, lengths)
    assert character_tables(found, sum(lengths.values()), False)
    paragraphs = {1: [(0, 40), (41, 110)], 2: [(0, 1400)]}
    assert paragraph_tables(found, paragraphs, True) == paragraph_tables(
        stretches(codings, coder_ids, lengths), paragraphs, True)
    for threshold in (0.5, 0.9):
        assert segment_tables(spans, coder_ids, lengths, threshold) == segment_tables(
            codings, coder_ids, lengths, threshold)
    project.close()
