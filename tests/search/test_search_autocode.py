"""Autocode: covered hits are left alone, counts before and after, one batch through the journal."""

from __future__ import annotations

import pytest

from glocal_annotator.errors import InvalidOperation
from glocal_annotator.operations.autocode import Coverage
from glocal_annotator.store.journal import Journal
from tests.projects import add_text, empty_project

TEXT = (
    "The NGO met donors. NGOs argued for accountability; the NGO agreed.\n"
    "Women\u2019s groups and NGO staff talked. Nothing else.\n"
)


@pytest.fixture
def project(tmp_path):
    with empty_project(tmp_path) as project:
        project.document_id = add_text(project, "a.txt", TEXT)
        project.code_id = project.add_code("NGO").result
        yield project


def _coded(project) -> list[str]:
    return [e.text for e in project.excerpts(code_ids=[project.code_id])]


def test_coverage_is_containment_in_one_coding():
    coverage = Coverage([(10, 20), (0, 5), (15, 40)])
    assert coverage.covers(10, 20) and coverage.covers(16, 40) and coverage.covers(0, 1)
    assert not coverage.covers(4, 12)  # across two codings, in neither
    assert not coverage.covers(5, 6) and not coverage.covers(30, 41)
    assert not Coverage([]).covers(0, 1)


def test_a_hit_inside_a_coding_of_the_same_code_is_left_alone(project):
    first = TEXT.index("The NGO met donors.")
    project.add_coding(project.document_id, project.code_id, first, first + 19, coder="Amina")
    plan = project.plan_autocode(project.code_id, r"\bNGOs?\b", widen="sentence")
    assert (plan.hits, plan.documents, plan.covered) == (4, 1, 1)
    texts = [TEXT[start:end] for _doc, start, end in plan.new]
    assert texts == [
        "NGOs argued for accountability; the NGO agreed.",  # two hits, one passage
        "Women\u2019s groups and NGO staff talked.",
    ]
    change = project.autocode(project.code_id, r"\bNGOs?\b", widen="sentence")
    assert len(change.result.coding_ids) == 2
    assert _coded(project) == ["The NGO met donors.", *texts]
    # again: every hit is covered now, nothing is added, nested or repeated
    again = project.plan_autocode(project.code_id, r"\bNGOs?\b", widen="sentence")
    assert (again.hits, again.covered, again.new) == (4, 4, [])
    assert project.autocode(project.code_id, r"\bNGOs?\b", widen="sentence").summary.is_empty
    # narrower hits inside the coded sentences are covered too
    narrow = project.plan_autocode(project.code_id, r"\bNGO\b")
    assert (narrow.hits, narrow.covered, narrow.new) == (3, 3, [])


def test_a_wider_passage_around_a_coding_is_new(project):
    start = TEXT.index("NGO staff")
    project.add_coding(project.document_id, project.code_id, start, start + 3)
    plan = project.plan_autocode(project.code_id, "NGO staff", regex=False, widen="paragraph")
    assert plan.covered == 0 and len(plan.new) == 1
    other = project.add_code("Other").result
    project.add_coding(project.document_id, other, 0, len(TEXT) - 1)  # another code: no matter
    assert project.plan_autocode(project.code_id, r"\bNGO\b").covered == 1


def test_autocode_ignores_case_and_matches_what_a_reader_sees(project):
    plan = project.plan_autocode(project.code_id, r"\bwomen's", ignore_case=True)
    assert plan.hits == 1 and plan.new == [(project.document_id, 68, 75)]
    assert TEXT[68:75] == "Women\u2019s"
    assert project.plan_autocode(project.code_id, r"\bwomen's").hits == 0
    with pytest.raises(InvalidOperation, match="not found"):
        project.autocode(project.code_id, r"\bwomen's")


def test_applying_checks_coverage_again(project):
    plan = project.plan_autocode(project.code_id, r"\bNGO\b", widen="sentence")
    _doc, start, end = plan.new[0]
    project.add_coding(project.document_id, project.code_id, start, end)  # coded meanwhile
    change = project.autocode(project.code_id, r"\bNGO\b", plan=plan)
    assert change.result.covered_since == 1
    assert len(change.result.coding_ids) == len(plan.new) - 1
    assert len(_coded(project)) == len(plan.new)


def test_autocode_is_one_undoable_batch(tmp_path):
    with empty_project(tmp_path) as project:
        words = " ".join(f"w{n} ngo." for n in range(3_000))
        document = add_text(project, "big.txt", words)
        code = project.add_code("NGO").result
        statements: list[str] = []
        project.conn.set_trace_callback(statements.append)
        change = project.autocode(code, r"\bngo\b", widen="sentence")
        project.conn.set_trace_callback(None)
        assert len(change.result.coding_ids) == 3_000
        # one batched insert (traced once per row) and a fixed number of other statements,
        # not a query or more per coding
        others = [s for s in statements if not s.startswith("INSERT INTO codings")]
        assert len(others) < 40, others[:50]
        journal = Journal(project.conn)  # the recorded rows are the rows as stored
        for row in change._rows:  # the journal's own record, private to project.py
            assert row.before is None and row.after == journal.fetch(row.table, row.key)
        state = project.conn.execute("SELECT * FROM codings ORDER BY id").fetchall()
        redo = change.undo()
        assert project.codings() == []
        redo.undo()
        assert project.conn.execute("SELECT * FROM codings ORDER BY id").fetchall() == state
        assert {c.document_id for c in project.codings()} == {document}


def test_batch_inserts_never_reuse_an_id(project):
    first = project.add_coding(project.document_id, project.code_id, 0, 3).result
    second = project.add_coding(project.document_id, project.code_id, 4, 7).result
    project.remove_coding(second)  # the highest id is gone; AUTOINCREMENT never reuses it
    change = project.autocode(project.code_id, r"\bNGO\b")
    assert min(change.result.coding_ids) > second > first


def test_undoing_a_batch_stops_when_one_coding_changed_since(project):
    change = project.autocode(project.code_id, r"\bNGOs?\b", widen="sentence")
    before = project.conn.execute("SELECT * FROM codings ORDER BY id").fetchall()
    project.set_coding_memo(change.result.coding_ids[-1], "edited since")
    edited = project.conn.execute("SELECT * FROM codings ORDER BY id").fetchall()
    assert edited != before
    with pytest.raises(InvalidOperation, match="can no longer be undone"):
        change.undo()
    assert project.conn.execute("SELECT * FROM codings ORDER BY id").fetchall() == edited


def test_batched_guids_are_random_version_4_uuids():
    import uuid

    from glocal_annotator.operations import new_guids

    guids = new_guids(3_000)
    assert len(set(guids)) == 3_000 and new_guids(0) == []
    for guid in guids:
        parsed = uuid.UUID(guid)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122 and str(parsed) == guid
    assert len({guid[19] for guid in guids}) == 4  # every variant nibble 8, 9, a, b occurs
