"""Project ▸ Import/Export REFI-QDA project through the real window: the options in plain
words, reading in the background with progress per step (Cancel stops it, changes nothing), the
report as a preview before one undoable step (with progress; Cancel rolls it back), a new project
built beside on a worker (Cancel or a failure leaves no file), the export's reader warnings,
progress and cancel."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
)

from glocal_annotator.errors import GlocalError, ImportFailure
from glocal_annotator.exporters.project_qdpx import export_project_qdpx
from glocal_annotator.project import Project
from glocal_annotator.ui.common import feedback, reading
from glocal_annotator.ui.common.plan_preview import PlanPreviewDialog
from glocal_annotator.ui.exchange.qdpx_actions import QdpxImportOptionsDialog
from tests.refi.qdpx_helpers import content, qde, validate_qdpx, write_archive
from tests.refi.test_qdpx_tolerance import TEXT, G, source

ATTEMPTS = 400  # 20 ms each: the background read may take a moment


def on_next_dialog(kind: type, handle: Callable, attempts: int = ATTEMPTS) -> None:
    """Call ``handle(dialog)`` on the next modal dialog of type ``kind`` once it shows."""

    def poll(remaining: int = attempts) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            handle(dialog)
        elif remaining:
            QTimer.singleShot(20, lambda: poll(remaining - 1))

    QTimer.singleShot(0, poll)


def choose(into_project: bool = True, outside_files: bool = False):
    def handle(dialog: QdpxImportOptionsDialog) -> None:
        (dialog.into_project if into_project else dialog.new_project).setChecked(True)
        dialog.outside_files.setChecked(outside_files)
        dialog.accept()
    return handle


def answer_preview(accept: bool, seen: list | None = None):
    def handle(dialog: PlanPreviewDialog) -> None:
        if seen is not None:
            seen.append((dialog.view, dialog.counts.item(2, 1).text(),
                         dialog.details.toPlainText()))
        dialog.accept() if accept else dialog.reject()
    return handle


@pytest.fixture
def colleague(window, tmp_path) -> Path:
    """A .qdpx of a colleague's copy of the window's project with two codings more (by ben)."""
    copy = tmp_path / "colleague.glocal"
    window.project.save_copy(copy)
    with Project.open(copy, coder="ben") as other:
        document = other.find_document("plain.txt")
        code = next(c for c in other.codes() if c.codable)
        other.add_coding(document.id, code.id, 4, 10)
        other.add_coding(document.id, code.id, 11, 16, memo="from ben")
        export_project_qdpx(other, tmp_path / "colleague.qdpx")
    return tmp_path / "colleague.qdpx"


def test_the_project_menu_holds_both_commands(window):
    texts = [a.text().replace("&", "") for a in window.menuBar().actions()[0].menu().actions()]
    assert "Import REFI-QDA project (.qdpx)…" in texts
    assert "Export REFI-QDA project (.qdpx)…" in texts


def test_sync_shows_the_report_then_imports_as_one_undoable_step(window, colleague):
    project = window.project
    before = content(project)
    seen: list = []
    on_next_dialog(QdpxImportOptionsDialog, choose(into_project=True))
    on_next_dialog(PlanPreviewDialog, answer_preview(True, seen))
    assert window.qdpx.import_file(colleague)
    (view, added_codings, details), = seen
    assert view.counts["codings"]["added"] == 2 and added_codings == "2"
    assert view.counts["documents"]["unchanged"] == 2 and view.units  # per source, its units
    assert all(units.on_words == units.selections for units in view.units)
    codings = [c for c in project.codings() if c.memo == "from ben"]
    assert len(codings) == 1 and "ben" in {c.name for c in project.coders()}
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert content(project) == before
    window.undo_stack.redo()
    assert len(project.codings()) == len(before["codings"]) + 2
    assert "Imported colleague.qdpx" in window.statusBar().currentMessage()


def test_cancel_at_the_preview_changes_nothing(window, colleague):
    before = content(window.project)
    on_next_dialog(QdpxImportOptionsDialog, choose(into_project=True))
    on_next_dialog(PlanPreviewDialog, answer_preview(False))
    assert not window.qdpx.import_file(colleague)
    assert content(window.project) == before and window.undo_stack.count() == 0
    assert "nothing was changed" in window.statusBar().currentMessage()


def test_outside_files_are_read_only_when_ticked(window, tmp_path):
    outside = tmp_path / "elsewhere.txt"
    outside.write_text(TEXT, encoding="utf-8")
    archive = write_archive(tmp_path / "paths.qdpx", {"project.qde": qde(
        "<Sources>" + source(G[2], "elsewhere", f"absolute://{outside.as_posix()}")
        + "</Sources>")})
    for ticked, documents in ((False, 0), (True, 1)):
        seen: list = []
        on_next_dialog(QdpxImportOptionsDialog, choose(outside_files=ticked))
        on_next_dialog(PlanPreviewDialog, answer_preview(False, seen))
        window.qdpx.import_file(archive)
        view = seen[0][0]
        assert view.counts["documents"]["added"] == documents
        if not ticked:  # the report says what was left out, and why
            assert "elsewhere" in seen[0][2] and "Not imported" in seen[0][2]


def test_a_new_project_is_built_and_opened(window, colleague, tmp_path, monkeypatch):
    target = tmp_path / "fresh.glocal"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    old = window.project.path
    on_next_dialog(QdpxImportOptionsDialog, choose(into_project=False))
    on_next_dialog(PlanPreviewDialog, answer_preview(True))
    assert window.qdpx.import_file(colleague)
    assert window.project.path == target and target.exists()
    assert len(window.project.codings()) == 2
    assert {d.name for d in window.project.documents()} == {"mixed.txt", "plain.txt"}
    # a name that exists is refused, never written over
    window.open_project(old)
    before = target.stat().st_mtime_ns
    on_next_dialog(QdpxImportOptionsDialog, choose(into_project=False))
    with pytest.raises(GlocalError, match="exists already"):
        window.qdpx.import_file(colleague)
    assert target.stat().st_mtime_ns == before


def test_a_hostile_file_is_one_message_and_changes_nothing(window, tmp_path, monkeypatch):
    bad = write_archive(tmp_path / "bad.qdpx", {"../escape.qde": "<x/>"})
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(bad), "")))
    before = content(window.project)
    on_next_dialog(QdpxImportOptionsDialog, choose())
    window.qdpx.import_qdpx()
    boxes = [b for b in feedback.open_message_boxes() if b.objectName() == "errorMessage"]
    assert len(boxes) == 1
    assert content(window.project) == before and window.undo_stack.count() == 0


def test_export_warns_first_then_writes_a_valid_file(window, tmp_path, monkeypatch):
    project = window.project
    first, second = [c for c in project.codes() if c.parent_id is not None][:2]
    project.add_code(first.name, second.id)  # one name in two places: QualCoder keeps one
    target = tmp_path / "out.qdpx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    warned: list[str] = []

    def refuse(box: QMessageBox) -> None:
        warned.append(box.text())
        box.reject()

    on_next_dialog(QMessageBox, refuse)
    assert window.qdpx.export_qdpx() is None
    assert "QualCoder" in warned[0] and not target.exists()

    def accept(box: QMessageBox) -> None:
        next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole
             or b.text().replace("&", "") == "Export anyway").click()

    on_next_dialog(QMessageBox, accept)
    assert window.qdpx.export_qdpx() == target
    validate_qdpx(target)
    done = [b for b in feedback.open_message_boxes() if b.objectName() == "exportDone"]
    assert done and "2 documents" in done[0].text()


def test_cancelled_export_writes_nothing(window, tmp_path, monkeypatch):
    target = tmp_path / "cancelled.qdpx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    assert window.qdpx.export_qdpx() is None
    assert not target.exists() and not list(tmp_path.glob("*.qdpx*"))
    assert "cancelled" in window.statusBar().currentMessage()


# -- progress, Cancel and threads of the import (issue 10) -----------------------------------


@pytest.fixture
def shown(monkeypatch) -> list[tuple[str, int, int]]:
    """Every progress shown on a progress dialog: (its object name, done, total)."""
    seen: list[tuple[str, int, int]] = []
    real = reading.show_progress

    def record(dialog: QProgressDialog, done: int, total: int) -> None:
        seen.append((dialog.objectName(), done, total))
        real(dialog, done, total)

    monkeypatch.setattr(reading, "show_progress", record)
    return seen


def rises_to_the_total(shown: list[tuple[str, int, int]], name: str) -> bool:
    values = [(done, total) for dialog, done, total in shown if dialog == name]
    dones = [done for done, _ in values]
    return bool(values) and dones == sorted(dones) and values[-1][0] == values[-1][1] > 0


def cancel_when_ready(window, name: str, release: threading.Event) -> None:
    """Press Cancel on the progress dialog ``name`` once it exists, then let the job go on."""

    def poll(remaining: int = ATTEMPTS) -> None:
        dialog = window.findChild(QProgressDialog, name)
        if dialog is not None:
            dialog.cancel()
            QTimer.singleShot(100, release.set)  # the dialog's watch sees it within 20 ms
        elif remaining:
            QTimer.singleShot(10, lambda: poll(remaining - 1))

    QTimer.singleShot(0, poll)


def test_sync_reports_steps_while_reading_and_applying(window, colleague, shown):
    on_next_dialog(QdpxImportOptionsDialog, choose(into_project=True))
    on_next_dialog(PlanPreviewDialog, answer_preview(True))
    assert window.qdpx.import_file(colleague)
    assert rises_to_the_total(shown, "qdpxReadProgress")
    assert rises_to_the_total(shown, "qdpxApplyProgress")
    assert window.undo_stack.count() == 1


def test_cancel_while_reading_stops_the_work_at_the_next_step(window, colleague, monkeypatch):
    from glocal_annotator import project_exchange
    from glocal_annotator.refi import project_resolve

    release = threading.Event()
    planned: list[str] = []
    real_resolve, real_plan = project_resolve.resolve_project, project_exchange.plan_for

    def slow_resolve(*args, **kwargs):  # noqa: ANN202
        release.wait(5)
        return real_resolve(*args, **kwargs)

    def plan_for(*args, **kwargs):  # noqa: ANN202
        planned.append("planned")
        return real_plan(*args, **kwargs)

    monkeypatch.setattr(project_resolve, "resolve_project", slow_resolve)
    monkeypatch.setattr(project_exchange, "plan_for", plan_for)
    before = content(window.project)
    on_next_dialog(QdpxImportOptionsDialog, choose(into_project=True))
    cancel_when_ready(window, "qdpxReadProgress", release)
    assert not window.qdpx.import_file(colleague)
    assert planned == []  # the worker stopped at the next step: it did not go on to plan
    assert content(window.project) == before and window.undo_stack.count() == 0
    assert window.statusBar().currentMessage() == "Import cancelled; nothing was changed."


def test_cancel_while_applying_a_sync_rolls_it_back(window, colleague, monkeypatch):
    real = reading.show_progress

    def cancel_midway(dialog: QProgressDialog, done: int, total: int) -> None:
        real(dialog, done, total)
        if dialog.objectName() == "qdpxApplyProgress" and done > 0:
            dialog.cancel()

    monkeypatch.setattr(reading, "show_progress", cancel_midway)
    before = content(window.project)
    on_next_dialog(QdpxImportOptionsDialog, choose(into_project=True))
    on_next_dialog(PlanPreviewDialog, answer_preview(True))
    assert not window.qdpx.import_file(colleague)
    assert content(window.project) == before and window.undo_stack.count() == 0
    assert "nothing was changed" in window.statusBar().currentMessage()


@pytest.fixture
def new_target(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "new"
    folder.mkdir()
    target = folder / "fresh.glocal"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    return target


def test_a_new_project_is_built_on_a_worker_with_progress(window, colleague, new_target,
                                                          shown, monkeypatch):
    from glocal_annotator import project_exchange

    real = project_exchange.build_new_project
    threads: list[bool] = []
    turns: list[int] = []
    ticking = QTimer(window)
    ticking.timeout.connect(lambda: turns.append(1))
    ticking.start(0)

    def build(*args, **kwargs):  # noqa: ANN202
        threads.append(threading.current_thread() is threading.main_thread())
        before = len(turns)
        deadline = time.monotonic() + 5
        while len(turns) < before + 3 and time.monotonic() < deadline:
            time.sleep(0.01)  # the GUI thread's event loop turns meanwhile
        return real(*args, **kwargs)

    monkeypatch.setattr(project_exchange, "build_new_project", build)
    on_next_dialog(QdpxImportOptionsDialog, choose(into_project=False))
    on_next_dialog(PlanPreviewDialog, answer_preview(True))
    assert window.qdpx.import_file(colleague)
    ticking.stop()
    assert threads == [False]  # not the GUI thread
    assert len(turns) >= 3  # and the window's event loop turned while it ran
    assert rises_to_the_total(shown, "qdpxBuildProgress")
    assert window.project.path == new_target and len(window.project.codings()) == 2


def test_cancel_while_building_leaves_no_new_project(window, colleague, new_target,
                                                     monkeypatch):
    from glocal_annotator import project_exchange

    real = project_exchange.build_new_project
    release = threading.Event()

    def build(*args, **kwargs):  # noqa: ANN202
        release.wait(5)
        return real(*args, **kwargs)

    monkeypatch.setattr(project_exchange, "build_new_project", build)
    old = window.project.path
    on_next_dialog(QdpxImportOptionsDialog, choose(into_project=False))
    on_next_dialog(PlanPreviewDialog, answer_preview(True))
    cancel_when_ready(window, "qdpxBuildProgress", release)
    assert not window.qdpx.import_file(colleague)
    assert list(new_target.parent.iterdir()) == []  # no project, no temporary folder
    assert window.project.path == old
    assert window.statusBar().currentMessage() == "Import cancelled; nothing was written."


def test_a_failed_build_says_nothing_was_written_and_leaves_nothing(window, colleague,
                                                                    new_target, monkeypatch):
    from glocal_annotator.operations import project_import

    def fail(*args, **kwargs):  # noqa: ANN202
        raise ImportFailure("the disk said no")

    monkeypatch.setattr(project_import, "apply_project_plan", fail)
    on_next_dialog(QdpxImportOptionsDialog, choose(into_project=False))
    on_next_dialog(PlanPreviewDialog, answer_preview(True))
    with pytest.raises(GlocalError, match="fresh.glocal was not created: the disk said no; "
                                          "nothing was written"):
        window.qdpx.import_file(colleague)
    assert list(new_target.parent.iterdir()) == []
