"""Merging a colleague's copy of a project into ours (issue 11, Team work)."""

from __future__ import annotations

import pytest

from glocal_annotator.errors import InvalidOperation, ProjectError
from glocal_annotator.project import Project
from glocal_annotator.project_merge import merge_project, plan_merge
from tests.projects import MIXED_TEXT, add_text, empty_project
from tests.test_cli import run


def snapshot(path):
    with Project.open(path, read_only=True) as project:
        coders = {c.id: c.name for c in project.coders()}
        codes = {c.id: c.path for c in project.codes()}
        documents = {d.id: d.name for d in project.documents()}
        return {
            "documents": sorted(documents.values()),
            "codes": sorted(codes.values()),
            "coders": sorted(coders.values()),
            "codings": sorted((documents[c.document_id], codes[c.code_id], coders[c.coder_id],
                               c.start, c.end, c.memo) for c in project.codings()),
            "memos": sorted((m.title, m.text) for m in project.memos()),
        }


@pytest.fixture()
def copies(tmp_path):
    """Our project and a colleague's copy of it, each then coded by its own coder."""
    ours = empty_project(tmp_path, "ours.glocal")
    document = add_text(ours, "talk.txt", MIXED_TEXT)
    theme = ours.add_code("Theme").result
    ours.add_code("Other")
    ours.add_coding(document, theme, 0, 9, coder="ana", memo="shared")
    ours.save_copy(tmp_path / "theirs.glocal")
    ours.add_coding(document, theme, 10, 20, coder="ana")
    ours.close()
    with Project.open(tmp_path / "theirs.glocal", coder="ben") as theirs:
        other = theirs.find_code("Other").id
        theirs.add_coding(document, other, 30, 40)
        theirs.add_coding(document, theme, 10, 20)  # same range as ana's, another coder
        theirs.add_code("New idea", parent_id=other)
        theirs.add_memo("Ben's note", "about the river")
    return tmp_path / "ours.glocal", tmp_path / "theirs.glocal"


def test_two_copies_merge_to_the_union_and_twice_changes_nothing(copies):
    ours, theirs = copies
    before_ours, before_theirs = snapshot(ours), snapshot(theirs)
    report = merge_project(ours, theirs)
    assert report.applied
    after = snapshot(ours)
    for kind in ("documents", "codes", "coders", "codings", "memos"):
        assert set(after[kind]) == set(before_ours[kind]) | set(before_theirs[kind]), kind
    assert len(after["codings"]) == 4  # the shared coding once
    assert snapshot(theirs) == before_theirs  # the other file is only read
    again = merge_project(ours, theirs)
    assert not again.applied and snapshot(ours) == after
    assert "Nothing to merge" in again.lines()[-1]


def test_dry_run_previews_and_changes_nothing(copies):
    ours, theirs = copies
    before = snapshot(ours)
    report = merge_project(ours, theirs, dry_run=True)
    assert report.counts["codings"]["added"] == 2 and report.counts["codes"]["added"] == 1
    assert report.lines()[-1].startswith("Would add: 0 documents, 1 codes, 2 codings")
    assert snapshot(ours) == before


def test_the_merge_is_one_undoable_step(copies):
    ours, theirs = copies
    before = snapshot(ours)
    with Project.open(ours) as project:
        plan = plan_merge(project, theirs)
        change = project.apply_project_import_plan(plan)
        # its result is what was added and changed, by the plan's own kinds
        counts = plan.counts()
        assert change.result.added == {kind: n["added"] for kind, n in counts.items()}
        assert change.result.changed == {kind: n["changed"] for kind, n in counts.items()}
        assert change.result.added["codings"] > 0
        project.revert(change)
    assert snapshot(ours) == before


def independent(tmp_path, name, coder, start):
    project = Project.create(tmp_path / name, default_codebook=False, coder=coder)
    document = add_text(project, f"{name}.txt", MIXED_TEXT)  # same text, another name
    theme = project.add_code("Theme").result  # same path, another GUID
    project.add_coding(document, theme, start, start + 10)
    project.close()
    return tmp_path / name


def test_a_coder_of_the_same_name_with_another_guid_is_kept_apart_unless_joined(tmp_path):
    ours = independent(tmp_path, "a.glocal", "ana", 0)
    theirs = independent(tmp_path, "b.glocal", "Ana", 0)
    report = merge_project(ours, theirs, dry_run=True)
    assert any("kept apart" in note and "--join-coder" in note for note in report.notes)
    merge_project(ours, theirs)
    state = snapshot(ours)
    assert state["documents"] == ["a.glocal.txt"]  # matched by content
    assert state["codes"] == ["Theme"]  # matched by path
    assert state["coders"] == ["Ana (2)", "ana"]
    assert [c[2] for c in state["codings"]] == ["Ana (2)", "ana"]
    merge_project(ours, theirs)
    assert snapshot(ours) == state


def test_join_coder_joins_and_identical_codings_are_not_doubled(tmp_path):
    ours = independent(tmp_path, "a.glocal", "ana", 0)
    theirs = independent(tmp_path, "b.glocal", "Ana", 0)
    merge_project(ours, theirs, join_coders=["ANA"])
    state = snapshot(ours)
    assert state["coders"] == ["ana"] and len(state["codings"]) == 1


def test_a_merge_never_changes_ours(copies):
    ours, theirs = copies
    with Project.open(theirs) as project:  # ben edits the shared coding and the code
        shared = next(c for c in project.codings() if c.memo == "shared")
        project.set_coding_memo(shared.id, "ben's view")
        theme = project.find_code("Theme").id
        project.update_code(theme, definition="theirs")
        project.recolor_code(theme, "#000000")
    before = snapshot(ours)
    merge_project(ours, theirs)
    after = snapshot(ours)
    memos = [c[5] for c in after["codings"] if c[3] == 0]
    assert memos == ["shared\n\nben's view"]  # appended, ours kept
    with Project.open(ours, read_only=True) as project:
        theme = project.find_code("Theme")
        assert theme.definition == "" and theme.color != "#000000"
    assert set(before["codings"]) - set(after["codings"]) == {before["codings"][0]}
    merge_project(ours, theirs)
    assert snapshot(ours) == after


def test_bad_merges_are_refused(copies, tmp_path):
    ours, _ = copies
    with pytest.raises(InvalidOperation):
        merge_project(ours, ours)
    with pytest.raises(ProjectError):
        merge_project(ours, tmp_path / "missing.glocal")
    (tmp_path / "junk.glocal").write_text("not a project")
    before = snapshot(ours)
    with pytest.raises(ProjectError):
        merge_project(ours, tmp_path / "junk.glocal")
    assert snapshot(ours) == before


def test_cli_merge(copies):
    ours, theirs = copies
    folder = ours.parent
    out = run("merge", "ours.glocal", "theirs.glocal", "--dry-run", cwd=folder).stdout
    assert "dry run" in out and "Would add: 0 documents, 1 codes, 2 codings" in out
    out = run("merge", "ours.glocal", "theirs.glocal", cwd=folder).stdout
    assert "Merged: 0 documents, 1 codes, 2 codings" in out
    again = run("merge", "ours.glocal", "theirs.glocal", cwd=folder).stdout
    assert "Nothing to merge" in again
    error = run("merge", "ours.glocal", "nope.glocal", cwd=folder, expect=1).stderr
    assert len(error.strip().splitlines()) == 1


def test_same_named_coders_are_the_ones_to_ask_about(tmp_path, copies):
    from glocal_annotator.project_merge import same_named_coders

    ours = independent(tmp_path, "a.glocal", "ana", 0)
    theirs = independent(tmp_path, "b.glocal", "Ana", 0)
    with Project.open(ours, read_only=True) as project:
        assert same_named_coders(project, theirs) == ["Ana"]
    copy_ours, copy_theirs = copies  # one coder, one GUID on both sides: nothing to ask
    with Project.open(copy_ours, read_only=True) as project:
        assert same_named_coders(project, copy_theirs) == []
        with pytest.raises(ProjectError):
            same_named_coders(project, tmp_path / "missing.glocal")


PDF_TEXT = "First page of the report.\nSecond page, about the river.\nThird page."


def _pdf_document(project: Project, name: str = "report.pdf") -> int:
    from glocal_annotator.importers import ExtractedText

    extracted = ExtractedText(PDF_TEXT, "pdf", page_starts=(0, 26, 56),
                              metadata={"title": "Glocal report", "author": "Ben"})
    return project.add_document(name, extracted, source_path="/home/ben/field/report.pdf").result


def test_a_merged_document_keeps_its_pages_source_and_metadata(tmp_path):
    ours = empty_project(tmp_path, "ours.glocal")
    ours.close()
    theirs = empty_project(tmp_path, "theirs.glocal")
    document = _pdf_document(theirs)
    theirs.add_coding(document, theirs.add_code("River").result, 26, 55, coder="ben")
    theirs.close()
    merge_project(tmp_path / "ours.glocal", tmp_path / "theirs.glocal")
    with Project.open(tmp_path / "ours.glocal", read_only=True) as project:
        [merged] = project.documents()
        assert merged.page_starts == (0, 26, 56)
        assert merged.source_path == "/home/ben/field/report.pdf"
        assert merged.metadata == {"title": "Glocal report", "author": "Ben"}
        assert merged.format == "pdf"
        [coding] = project.codings()
        assert project.document_text(merged.id)[coding.start:coding.end].startswith("Second")


def test_a_page_list_that_does_not_fit_the_text_is_left_out_and_said(tmp_path):
    from glocal_annotator.operations.project_import_plan import ProjectState, plan_project_import
    from glocal_annotator.project_merge import read_project_for_merge

    theirs = empty_project(tmp_path, "theirs.glocal")
    _pdf_document(theirs)
    incoming = read_project_for_merge(theirs)
    theirs.close()
    ours = empty_project(tmp_path, "ours.glocal")
    for starts in ((0, 999), (26, 0), (0, "26")):
        incoming.documents[0].page_starts = starts
        state = ProjectState(ours.documents(), ours.codes(), ours.coders(), ours.codings(),
                             ours.memos(), ours.document_memos())
        plan = plan_project_import(state, incoming, source="theirs.glocal", keep_ours=True)
        [step] = plan.documents
        assert step.page_starts == () and "page list does not fit" in step.note, starts
    incoming.documents[0].page_starts = (0, 26, 56)
    plan = plan_project_import(state, incoming, source="theirs.glocal", keep_ours=True)
    ours.apply_project_import_plan(plan)
    assert ours.documents()[0].page_starts == (0, 26, 56)
    ours.close()


def test_documents_that_come_in_are_searchable_at_once_and_the_file_checks_clean(tmp_path):
    """A merged (or .qdpx-imported) document gets its search forms in the same step, as an
    imported file does: before, it had none until the project was next opened for writing,
    and `check` called a freshly built project damaged."""
    ours = empty_project(tmp_path, "ours.glocal")
    ours.close()
    theirs = empty_project(tmp_path, "theirs.glocal")
    add_text(theirs, "river.txt", "The women's cooperative met by the river at dawn.")
    theirs.close()
    with Project.open(tmp_path / "ours.glocal") as project:
        plan = plan_merge(project, tmp_path / "theirs.glocal")
        project.apply_project_import_plan(plan)
        assert [hit.text for hit in project.search("cooperative")] == ["cooperative"]
    run("check", str(tmp_path / "ours.glocal"), cwd=tmp_path)  # exit 0: nothing out of step
