"""Counting codings in SQL (:meth:`Project.count_codings`, ``queries.count_codings``) gives what
``len(project.codings(...))`` gives, and :meth:`CodingFilter.admits` (the retrieval panel's
in-place filter) agrees with the SQL filter, for every filter combination."""

from __future__ import annotations

import itertools
import random

import pytest

from glocal_annotator.model import CodingFilter
from glocal_annotator.store import queries
from tests.projects import add_text, empty_project


@pytest.fixture
def project(tmp_path):
    project = empty_project(tmp_path)
    rng = random.Random(7)
    documents = [add_text(project, f"doc{i}.txt", f"document {i} " + "word " * 200)
                 for i in range(3)]
    parent = project.add_code("Parent").result
    codes = [parent, project.add_code("Child", parent).result, project.add_code("Other").result,
             project.add_code("Never used").result]
    for _ in range(60):
        start = rng.randrange(0, 900)
        project.add_coding(rng.choice(documents), rng.choice(codes[:3]), start,
                           start + rng.randrange(1, 90), coder=rng.choice(["Ana", "Bo", None]))
    yield project
    project.close()


def _choices(ids: list[int]) -> list[list[int] | None]:
    """No filter, an empty filter, each single id, a pair, every id and an unknown id."""
    return [None, [], *([i] for i in ids), ids[:2], ids, [max(ids) + 999]]


def test_count_matches_len_of_codings_for_filter_combinations(project):
    documents = [d.id for d in project.documents()]
    codes = [c.id for c in project.codes()]
    coders = [c.id for c in project.coders()]
    everything = project.codings()
    assert len(coders) == 3 and len(everything) == 60
    checked = 0
    for document_ids, code_ids, coder_ids in itertools.product(
        _choices(documents), _choices(codes), _choices(coders)
    ):
        filters = {"document_ids": document_ids, "code_ids": code_ids, "coder_ids": coder_ids}
        found = project.codings(**filters)
        assert project.count_codings(**filters) == len(found), filters
        where = CodingFilter(code_ids, document_ids, coder_ids)
        assert project.codings(where) == found
        assert [c for c in everything if where.admits(c)] == found, filters
        checked += 1
    assert checked > 500


def test_count_of_nothing_and_of_everything(project):
    assert project.count_codings() == 60
    assert project.count_codings(code_ids=[]) == 0
    unused = next(c.id for c in project.codes() if c.name == "Never used")
    assert project.count_codings(code_ids=[unused]) == 0
    every_document = CodingFilter(document_ids=(d.id for d in project.documents()))
    assert queries.count_codings(project.conn, every_document) == 60  # any iterable of ids
    with pytest.raises(TypeError, match="not both"):
        project.count_codings(every_document, code_ids=[unused])


def test_count_follows_changes(project):
    document = project.documents()[0].id
    code = project.codes()[0].id
    before = project.count_codings(document_ids=[document])
    added = project.add_coding(document, code, 0, 4).result
    assert project.count_codings(document_ids=[document]) == before + 1
    project.remove_coding(added)
    assert project.count_codings(document_ids=[document]) == before


def test_codes_come_depth_first_with_paths_and_counts(tmp_path):
    project = empty_project(tmp_path, "tree.glocal")
    b = project.add_code("B").result
    a = project.add_code("A", position=0).result  # before B among the top-level codes
    a2 = project.add_code("A2", a).result
    a1 = project.add_code("A1", a, position=0).result
    doc = add_text(project, "d.txt", "some words here")
    project.add_coding(doc, a1, 0, 4)
    codes = queries.codes(project.conn)
    assert [(c.id, c.path, c.position) for c in codes] == [
        (a, "A", 0), (a1, "A/A1", 0), (a2, "A/A2", 1), (b, "B", 1)]
    assert {c.id: c.codings for c in codes} == {a: 0, a1: 1, a2: 0, b: 0}
    project.close()


def test_excerpts_slice_the_text_by_code_points(tmp_path):
    project = empty_project(tmp_path, "cp.glocal")
    text = "👩🏽‍🔬 said 全球本土化 twice"
    doc = add_text(project, "d.txt", text)
    code = project.add_code("C").result
    start = text.index("全")
    project.add_coding(doc, code, start, start + 5, coder="Ana")
    [excerpt] = queries.excerpts(project.conn, CodingFilter(code_ids=[code]))
    assert (excerpt.text, excerpt.code_path, excerpt.coder, excerpt.document) == (
        "全球本土化", "C", "Ana", "d.txt")
    assert queries.excerpts(project.conn, CodingFilter(coder_ids=[])) == []
    project.close()
