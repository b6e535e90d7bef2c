"""Planning a merge reports its steps and hears Cancel at each of them (issue 10, "never
freeze the window"): progress rises to its total, a cancel at any step raises
OperationCancelled and changes neither file."""

from __future__ import annotations

import pytest

from glocal_annotator import progress as progress_module
from glocal_annotator import project_merge
from glocal_annotator.errors import OperationCancelled
from glocal_annotator.operations import project_import_plan
from glocal_annotator.project import Project
from glocal_annotator.project_merge import MERGE_UNITS, READ_SHARE, STATE_SHARE, plan_merge
from tests.projects import MIXED_TEXT, add_text
from tests.test_project_merge import copies, snapshot  # noqa: F401 - the fixture

DOCUMENTS = 3  # in their copy
CODINGS = 7  # of theirs, in all


@pytest.fixture
def every_step(monkeypatch):
    """Every step reports (no 20 ms interval), and codings go two to a step."""
    monkeypatch.setattr(progress_module, "REPORT_INTERVAL", 0.0)
    monkeypatch.setattr(project_merge, "CODING_BATCH", 2)
    monkeypatch.setattr(project_import_plan, "CODING_BATCH", 2)


@pytest.fixture
def wide(copies):  # noqa: F811 - the fixture imported above
    """Their copy with three documents, codings spread over them."""
    ours, theirs = copies
    with Project.open(theirs, coder="ben") as project:
        theme = project.find_code("Theme").id
        for number in (2, 3):
            document = add_text(project, f"talk {number}.txt", MIXED_TEXT[number:])
            for start in (0, 5):
                project.add_coding(document, theme, start, start + 4)
        assert len(project.documents()) == DOCUMENTS and len(project.codings()) == CODINGS
    return ours, theirs


def test_planning_reports_every_step_rising_to_its_total(wide, every_step):
    ours, theirs = wide
    seen: list[tuple[int, int]] = []
    with Project.open(ours, read_only=True) as project:
        plan = plan_merge(project, theirs, progress=lambda done, total: seen.append((done, total)))
        quiet = plan_merge(project, theirs)
    assert plan.counts() == quiet.counts()  # progress changes nothing of the plan
    dones = [done for done, _ in seen]
    assert {total for _, total in seen} == {MERGE_UNITS}
    assert dones == sorted(dones) and seen[0][0] == 0 and dones[-1] == MERGE_UNITS
    batches = CODINGS // 2
    # reading theirs: a step per document and per batch of codings, inside its share
    assert sum(0 < done <= READ_SHARE for done in dones) >= DOCUMENTS + batches
    # reading ours: a step per table
    assert sum(READ_SHARE < done <= READ_SHARE + STATE_SHARE for done in dones) >= 9
    # planning: a step per document and per batch of codings
    assert sum(READ_SHARE + STATE_SHARE < done < MERGE_UNITS for done in dones) >= \
        DOCUMENTS + batches


def test_a_cancel_at_any_step_stops_and_changes_nothing(wide, every_step):
    ours, theirs = wide
    before_ours, before_theirs = snapshot(ours), snapshot(theirs)
    calls: list[int] = []
    with Project.open(ours, read_only=True) as project:
        plan_merge(project, theirs, progress=lambda done, total: calls.append(done))
    assert len(calls) > 2 * (DOCUMENTS + CODINGS // 2)
    for stop in range(len(calls)):
        heard: list[int] = []

        def progress(done: int, total: int, stop: int = stop, heard: list = heard) -> bool:
            heard.append(done)
            return len(heard) <= stop

        with Project.open(ours) as project, pytest.raises(
                OperationCancelled, match="merge cancelled; nothing was changed"):
            plan_merge(project, theirs, progress=progress)
        assert len(heard) == stop + 1  # it stopped at the step it was told to
    assert snapshot(ours) == before_ours and snapshot(theirs) == before_theirs
    # the files are left closed and whole: the merge goes through afterwards
    assert project_merge.merge_project(ours, theirs).applied
    assert len(snapshot(ours)["codings"]) > len(before_ours["codings"])


def test_a_qdpx_plan_steps_through_its_codings_too(wide, every_step, tmp_path):
    """The planner's steps serve the .qdpx import as well: its planning share rises step by
    step, not in one jump."""
    from glocal_annotator.exporters.project_qdpx import export_project_qdpx
    from glocal_annotator.project_exchange import IMPORT_UNITS, PLAN_SHARE, prepare_import

    _, theirs = wide
    archive = tmp_path / "theirs.qdpx"
    with Project.open(theirs, read_only=True) as project:
        export_project_qdpx(project, archive)
    seen: list[int] = []
    prepare_import(None, archive, target=tmp_path / "new.glocal",
                   progress=lambda done, total: seen.append(done))
    planning = [done for done in seen if IMPORT_UNITS - PLAN_SHARE < done < IMPORT_UNITS]
    assert len(planning) >= DOCUMENTS + CODINGS // 2
    assert seen == sorted(seen) and seen[-1] == IMPORT_UNITS
