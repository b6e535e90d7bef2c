"""Code queries: each operator's edge cases (touching, nested, identical, zero-gap and
overlapping-by-one ranges; a code and its sub-codes), combinations, scope, and coding a result."""

from __future__ import annotations

import pytest

from glocal_annotator.analysis.queries import parse_query, run_query
from glocal_annotator.analysis.results import Passage
from glocal_annotator.errors import InvalidOperation, NotFound
from glocal_annotator.model import CodingFilter
from tests.projects import add_text, empty_project

TEXT = "a" * 99 + "\n" + "b" * 100  # paragraphs [0, 99) and [100, 200)


@pytest.fixture()
def make(tmp_path):
    """``make(("A", 0, 5), ("B", 5, 9), ...)``: a project with those codings in one document;
    returns ``(project, document id, {number: coding id})`` (numbers count from 1)."""
    opened = []

    def build(*codings, coder="ana"):
        folder = tmp_path / f"p{len(opened)}"
        folder.mkdir()
        project = empty_project(folder)
        opened.append(project)
        document = add_text(project, "d.txt", TEXT)
        codes = {}
        for name in ("A", "B", "C"):
            codes[name] = project.add_code(name).result
        codes["A1"] = project.add_code("A1", codes["A"]).result
        ids = {}
        for number, (code, start, end) in enumerate(codings, 1):
            ids[number] = project.add_coding(document, codes[code], start, end,
                                             coder=coder).result
        return project, document, ids

    yield build
    for project in opened:
        project.close()


def spans(passages):
    return [(p.start, p.end) for p in passages]


@pytest.mark.parametrize(("codings", "expected"), [
    ([("A", 0, 5), ("B", 5, 9)], []),                 # touching: no shared character
    ([("A", 0, 5), ("B", 4, 9)], [(4, 5)]),           # overlapping by one
    ([("A", 0, 20), ("B", 5, 10)], [(5, 10)]),        # nested
    ([("A", 3, 8), ("B", 3, 8)], [(3, 8)]),           # identical
    ([("A", 0, 10), ("A", 20, 30), ("B", 5, 25)], [(5, 10), (20, 25)]),
])
def test_and_is_the_text_coded_with_both(make, codings, expected):
    project, _, _ = make(*codings)
    assert spans(run_query(project, "A AND B")) == expected


def test_and_names_the_codings_of_each_passage(make):
    project, document, ids = make(("A", 0, 5), ("B", 4, 9), ("A", 50, 60))
    assert run_query(project, "A AND B") == [Passage(document, 4, 5, (ids[1], ids[2]))]


@pytest.mark.parametrize(("codings", "expected"), [
    ([("A", 0, 5), ("B", 5, 9)], [(0, 9)]),           # touching: one stretch of text
    ([("A", 0, 5), ("B", 7, 9)], [(0, 5), (7, 9)]),
    ([("A", 3, 8), ("B", 3, 8)], [(3, 8)]),
])
def test_or_is_the_union(make, codings, expected):
    project, _, _ = make(*codings)
    assert spans(run_query(project, "A OR B")) == expected


@pytest.mark.parametrize(("codings", "expected"), [
    ([("A", 0, 20), ("B", 5, 10)], [(0, 5), (10, 20)]),   # nested: a hole
    ([("A", 0, 5), ("B", 5, 9)], [(0, 5)]),               # touching: nothing taken away
    ([("A", 0, 5), ("B", 4, 9)], [(0, 4)]),               # overlapping by one
    ([("A", 3, 8), ("B", 3, 8)], []),                     # identical
    ([("A", 0, 30), ("B", 2, 4), ("B", 6, 8), ("B", 25, 40)], [(0, 2), (4, 6), (8, 25)]),
])
def test_not_takes_b_away(make, codings, expected):
    project, _, _ = make(*codings)
    assert spans(run_query(project, "A NOT B")) == expected
    assert spans(run_query(project, "A AND NOT B")) == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("A NEAR/4 B", []),            # A [0,5), B [10,15): a gap of 5
    ("A NEAR/5 B", [(0, 5)]),
    ("B NEAR/5 A", [(10, 15)]),
    ("A NEAR/0 C", [(0, 5)]),      # C [5, 7) touches A: a gap of 0
    ("C NEAR/0 B", []),            # C ends at 7, B starts at 10
])
def test_near_within_n_characters(make, query, expected):
    project, _, _ = make(("A", 0, 5), ("B", 10, 15), ("C", 5, 7))
    assert spans(run_query(project, query)) == expected


def test_near_returns_the_near_codings_only(make):
    project, _, _ = make(("A", 0, 50), ("A", 40, 150), ("B", 160, 170))
    # the first A coding is 110 characters from B, the second (overlapping it) 10
    assert spans(run_query(project, "A NEAR/20 B")) == [(40, 150)]


def test_near_paragraph(make):
    project, _, _ = make(("A", 10, 20), ("B", 150, 160), ("C", 90, 105), ("A1", 120, 125))
    assert run_query(project, "A NEAR/PARAGRAPH B") == run_query(project, "ONLY A1 NEAR/0 A1")
    assert spans(run_query(project, "ONLY A NEAR/PARAGRAPH B")) == []
    assert spans(run_query(project, "A NEAR/PARAGRAPH C")) == [(10, 20), (120, 125)]  # C spans
    assert spans(run_query(project, "C NEAR/PARAGRAPH B")) == [(90, 105)]


@pytest.mark.parametrize(("codings", "query", "expected"), [
    ([("A", 10, 20), ("B", 20, 25)], "A THEN B", [(10, 20)]),      # starts at A's end
    ([("A", 10, 20), ("B", 19, 25)], "A THEN B", []),              # overlapping by one
    ([("A", 10, 20), ("B", 0, 5)], "A THEN B", []),                # before A
    ([("A", 10, 20), ("B", 15, 30), ("B", 40, 45)], "A THEN B", [(10, 20)]),
    ([("A", 10, 20), ("B", 26, 30)], "A THEN/5 B", []),
    ([("A", 10, 20), ("B", 25, 30)], "A THEN/5 B", [(10, 20)]),
    ([("A", 10, 20), ("A", 30, 40)], "A THEN A", [(10, 20)]),      # not itself
])
def test_then_is_followed_by(make, codings, query, expected):
    project, _, _ = make(*codings)
    assert spans(run_query(project, query)) == expected


def test_a_code_includes_its_sub_codes_unless_only(make):
    project, document, ids = make(("A1", 50, 60), ("B", 55, 70))
    assert run_query(project, "A AND B") == [Passage(document, 55, 60, (ids[1], ids[2]))]
    assert run_query(project, "ONLY A AND B") == []
    assert spans(run_query(project, "A NOT ONLY A1")) == []
    assert spans(run_query(project, "B NOT A")) == [(60, 70)]


def test_combinations_with_parentheses(make):
    project, _, _ = make(("A", 0, 10), ("B", 5, 20), ("C", 8, 30), ("C", 100, 110))
    assert spans(run_query(project, "(A OR B) AND C")) == [(8, 20)]
    assert spans(run_query(project, "A OR B AND C")) == [(0, 20)]  # AND binds first
    assert spans(run_query(project, "(A AND B) NEAR/90 C")) == [(5, 10)]
    assert spans(run_query(project, "C NOT (A OR B)")) == [(20, 30), (100, 110)]


def test_results_are_merged_and_in_document_order(tmp_path):
    project = empty_project(tmp_path)
    first, second = add_text(project, "1.txt", TEXT), add_text(project, "2.txt", TEXT + "!")
    a, b = project.add_code("A").result, project.add_code("B").result
    project.add_coding(second, a, 0, 10)
    project.add_coding(first, b, 30, 40)
    project.add_coding(first, a, 0, 10)
    project.add_coding(first, a, 5, 12, coder="ben")
    result = run_query(project, "A OR B")
    assert [(p.document_id, p.start, p.end, len(p.coding_ids)) for p in result] == [
        (first, 0, 12, 2), (first, 30, 40, 1), (second, 0, 10, 1)]
    ben = next(c.id for c in project.coders() if c.name == "ben")
    assert spans(run_query(project, "A", CodingFilter(coder_ids=[ben]))) == [(5, 12)]
    assert run_query(project, "A", CodingFilter(document_ids=[second]))[0].document_id == second
    project.close()


def test_unknown_codes_and_lower_case_operators(make):
    project, _, _ = make(("A", 0, 5))
    with pytest.raises(NotFound, match="did you mean"):
        run_query(project, "Aa AND B")
    with pytest.raises(NotFound, match="operators are written in capitals"):
        run_query(project, "A and B")
    with pytest.raises(InvalidOperation, match="NEAR without a distance"):
        run_query(project, "A NEAR B")


def test_parse_query_shapes():
    query = parse_query("\"Women's groups\" NEAR/200 hybridization/creolization THEN ONLY B")
    assert str(query) == ('(("Women\'s groups" NEAR/200 "hybridization/creolization") THEN '
                          'ONLY "B")')
    assert str(parse_query("local actors AND NOT global brands")) == \
        '("local actors" NOT "global brands")'
    assert str(parse_query("A NEAR/paragraph B OR C")) == '(("A" NEAR/PARAGRAPH "B") OR "C")'


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty"), ("A AND", "without a code after it"), ("OR B", "OR without a code before"),
    ("(A OR B", "not closed"), ("A OR B)", "closing parenthesis"),
    ("A NEAR/x B", "NEAR/ write a number"), ('"A AND B', "quote"), ("ONLY", "ONLY without"),
    ("A THEN/ B", "THEN/ write a number"),
])
def test_malformed_queries_get_one_line(text, message):
    with pytest.raises(InvalidOperation, match=message) as caught:
        parse_query(text)
    assert "\n" not in str(caught.value)


def test_coding_a_result_is_one_undoable_step(tmp_path):
    project = empty_project(tmp_path)
    first, second = add_text(project, "1.txt", TEXT), add_text(project, "2.txt", TEXT + "!")
    a, b = project.add_code("A").result, project.add_code("B").result
    for document in (first, second):
        project.add_coding(document, a, 0, 10)
        project.add_coding(document, b, 5, 20)
    before = project.coding_spans()
    result = run_query(project, "A AND B")
    change = project.code_passages([(p.document_id, p.start, p.end) for p in result],
                                   new_code="A and B", coder="query")
    found = project.find_code("A and B")
    assert change.result.created and change.result.code_id == found.id
    assert spans(run_query(project, '"A and B"')) == [(5, 10), (5, 10)]
    again = project.code_passages([(first, 5, 10)], code_id=found.id, coder="query")
    assert again.result.coding_ids == ()  # coded so already: not doubled
    change.undo()
    assert project.coding_spans() == before
    assert [code.name for code in project.codes()] == ["A", "B"]
    with pytest.raises(InvalidOperation, match="holds no passage"):
        project.code_passages([], new_code="Empty")
    with pytest.raises(InvalidOperation, match="not a range"):
        project.code_passages([(first, 190, 250)], new_code="Too far")
    assert [code.name for code in project.codes()] == ["A", "B"]  # nothing half-done
    project.close()


def _stretches(characters):
    """Sorted characters as maximal (start, end) stretches."""
    out = []
    for c in sorted(characters):
        if out and out[-1][1] == c:
            out[-1] = (out[-1][0], c + 1)
        else:
            out.append((c, c + 1))
    return out


def _union_of(ranges):
    return _stretches({c for start, end in ranges for c in range(start, end)})


@pytest.mark.parametrize("seed", range(5))
def test_operators_agree_with_character_sets_on_random_codings(make, seed):
    import random

    rng = random.Random(seed)
    plan = []
    for _ in range(25):
        start = rng.randrange(0, 190)
        plan.append((rng.choice("ABC"), start, rng.randint(start + 1, min(200, start + 30))))
    plan = list(dict.fromkeys(plan))
    project, _, _ = make(*plan)
    text = {name: {c for code, s, e in plan if code == name for c in range(s, e)}
            for name in "ABC"}
    ranges = {name: [(s, e) for code, s, e in plan if code == name] for name in "ABC"}
    assert spans(run_query(project, "A AND B")) == _stretches(text["A"] & text["B"])
    assert spans(run_query(project, "A OR B OR C")) == _stretches(
        text["A"] | text["B"] | text["C"])
    assert spans(run_query(project, "A NOT (B OR C)")) == _stretches(
        text["A"] - text["B"] - text["C"])
    for n in (0, 3, 20):
        near = [r for r in ranges["A"] if any(max(r[0], s) - min(r[1], e) <= n
                                              for s, e in ranges["B"])]
        assert spans(run_query(project, f"A NEAR/{n} B")) == _union_of(near)
        then = [r for r in ranges["A"] if any(r[1] <= s <= r[1] + n for s, _ in ranges["B"])]
        assert spans(run_query(project, f"A THEN/{n} B")) == _union_of(then)
    paragraphs = [(0, 99), (100, 200)]
    touched = [{p for p, (ps, pe) in enumerate(paragraphs) if ps < e and s < pe}
               for s, e in ranges["A"]]
    b_touched = {p for s, e in ranges["B"] for p, (ps, pe) in enumerate(paragraphs)
                 if ps < e and s < pe}
    same = [r for r, found in zip(ranges["A"], touched, strict=True) if found & b_touched]
    assert spans(run_query(project, "A NEAR/PARAGRAPH B")) == _union_of(same)
