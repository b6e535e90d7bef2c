"""Progress and Cancel of a .qdpx import (issue 10): reading and planning report steps (per
source: unpacked and parsed, read, resolved; the plan) and stop at the next one once
cancelled; applying the plan, into the project or into a new one, reports per row written and
a cancel then leaves the project as it was and no new file behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from glocal_annotator import progress as step_progress
from glocal_annotator.errors import OperationCancelled
from glocal_annotator.exporters.project_qdpx import export_project_qdpx
from glocal_annotator.operations.project_import import apply_units
from glocal_annotator.project import Project
from glocal_annotator.project_exchange import IMPORT_UNITS, build_new_project, prepare_import
from tests.refi.qdpx_helpers import content, rich_project
from tests.refi.test_qdpx_sync import colleague_version


@pytest.fixture(autouse=True)
def every_step_reports(monkeypatch) -> None:
    monkeypatch.setattr(step_progress, "REPORT_INTERVAL", 0.0)


class Recorder:
    """A progress callback that records its calls and cancels at call number ``cancel_at``."""

    def __init__(self, cancel_at: int | None = None) -> None:
        self.calls: list[tuple[int, int]] = []
        self.cancel_at = cancel_at

    def __call__(self, done: int, total: int) -> bool:
        self.calls.append((done, total))
        return len(self.calls) != self.cancel_at

    def assert_rises_to_the_total(self) -> None:
        dones = [done for done, _ in self.calls]
        totals = {total for _, total in self.calls}
        assert len(totals) == 1 and dones == sorted(dones)
        assert dones[0] == 0 and dones[-1] == totals.pop()


def files_in(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


def test_reading_reports_each_source_and_reaches_the_total(tmp_path: Path) -> None:
    ours = rich_project(tmp_path)
    sent = export_project_qdpx(ours, tmp_path / "sent.qdpx").path
    seen = Recorder()
    plan, report = prepare_import(ours, sent, target=ours.path, progress=seen)
    seen.assert_rises_to_the_total()
    assert seen.calls[-1] == (IMPORT_UNITS, IMPORT_UNITS)
    # at least: start, parsed, 2 sources read, 2 resolved, 2 plan steps, the end
    assert len({done for done, _ in seen.calls}) >= 8
    assert report.units and not plan.has_changes  # the same project: the plan is unchanged


def test_cancel_at_any_step_of_reading_stops_there_and_changes_nothing(tmp_path: Path) -> None:
    ours = rich_project(tmp_path)
    back = colleague_version(tmp_path, ours)
    before = content(ours)
    calls = len(_recorded(lambda p: prepare_import(ours, back, target=ours.path, progress=p)))
    assert calls >= 8
    for cancel_at in range(1, calls + 1):
        seen = Recorder(cancel_at)
        with pytest.raises(OperationCancelled, match="nothing was changed"):
            prepare_import(ours, back, target=ours.path, progress=seen)
        assert len(seen.calls) == cancel_at  # it stopped at that step
    assert content(ours) == before


def test_applying_a_sync_reports_and_a_cancel_rolls_it_back(tmp_path: Path) -> None:
    ours = rich_project(tmp_path)
    back = colleague_version(tmp_path, ours)
    before = content(ours)
    plan, _ = prepare_import(ours, back, target=ours.path)
    total = apply_units(plan)
    calls = len(_recorded(lambda p: _apply_and_undo(ours, plan, p)))
    assert content(ours) == before and calls >= 3
    for cancel_at in (1, 2, calls // 2, calls):  # the last: done == total, before the commit
        with pytest.raises(OperationCancelled, match="nothing was changed"):
            ours.apply_project_import_plan(plan, Recorder(cancel_at))
        assert content(ours) == before
    seen = Recorder()
    ours.apply_project_import_plan(plan, seen)
    seen.assert_rises_to_the_total()
    assert seen.calls[-1] == (total, total)
    assert content(ours) != before


def test_building_a_new_project_reports_and_a_cancel_leaves_no_file(tmp_path: Path) -> None:
    ours = rich_project(tmp_path)
    sent = export_project_qdpx(ours, tmp_path / "sent.qdpx").path
    folder = tmp_path / "new"
    folder.mkdir()
    target = folder / "fresh.glocal"
    plan, _ = prepare_import(None, sent, target=target, coder="me")
    calls = len(_recorded(lambda p: _build_and_remove(target, plan, p)))
    assert calls >= 3 + len(plan.codings)  # per document, coding and memo, and the end
    for cancel_at in (1, calls // 2, calls):  # the last: just before it takes its name
        with pytest.raises(OperationCancelled, match="nothing was changed"):
            build_new_project(target, plan, "me", Recorder(cancel_at))
        assert files_in(folder) == set()  # no project, no temporary folder
    seen = Recorder()
    build_new_project(target, plan, "me", seen)
    seen.assert_rises_to_the_total()
    with Project.open(target) as built:
        assert len(built.codings()) == len(ours.codings())


def _recorded(job) -> list[tuple[int, int]]:  # noqa: ANN001 - job(progress)
    seen = Recorder()
    job(seen)
    return seen.calls


def _apply_and_undo(project: Project, plan, progress) -> None:  # noqa: ANN001
    project.apply_project_import_plan(plan, progress).undo()


def _build_and_remove(target: Path, plan, progress) -> None:  # noqa: ANN001
    build_new_project(target, plan, "me", progress)
    target.unlink()
    for extra in target.parent.iterdir():
        extra.unlink()
