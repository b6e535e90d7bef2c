"""The window never freezes (issue 10), driven through the real main window: a document's many
codings load in steps while the window answers, changes made meanwhile are kept, exports run on
a worker thread with a reader of their own, autocode counts on a worker and writes under a
progress dialog whose Cancel leaves the project as it was, big undos report progress, the coded
segments come in pages, and a coder's first coding refreshes no count."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QProgressDialog

from glocal_annotator.importers import ExtractedText
from glocal_annotator.project import Project
from glocal_annotator.ui.common import reading, undo_commands
from glocal_annotator.ui.document import view as view_module
from glocal_annotator.ui.segments import panel as segments_panel
from glocal_annotator.ui.shell import project_sync
from tests.ui.helpers import find_code

SENTENCE = "The women of the village mapped the river with a drone. "
CODINGS = 240


@pytest.fixture(scope="module")
def built_big(tmp_path_factory) -> Path:
    """A project whose document has more codings than the window shows at once (the limit is
    lowered below), by two coders; built once, copied for each test."""
    path = tmp_path_factory.mktemp("big") / "big.glocal"
    project = Project.create(path, coder="ana")
    text = "\n".join(SENTENCE * 3 for _ in range(200))
    document = project.add_document("big.txt", ExtractedText(text, "txt")).result
    codes = [code.id for code in project.codes() if code.codable]
    for number in range(CODINGS):
        start = (number * 97) % (len(text) - 80)
        project.add_coding(document, codes[number % len(codes)], start, start + 20 + number % 50,
                           coder="ana" if number % 2 else "bo")
    project.add_document("note.txt", ExtractedText("A short note about the drone.", "txt"))
    project.close()
    return path


@pytest.fixture
def big_path(built_big, tmp_path) -> Path:
    return Path(shutil.copy2(built_big, tmp_path / "big.glocal"))


@pytest.fixture
def small_limits(monkeypatch):
    for module in (view_module, project_sync):
        monkeypatch.setattr(module, "AT_ONCE", 30)
    monkeypatch.setattr(view_module, "ONE_BY_ONE", 30)
    monkeypatch.setattr(view_module, "_JOB_SLICE", 0.0)  # a step per turn: easy to see


@pytest.fixture
def big_window(qtbot, big_path, data_dir, small_limits):
    from glocal_annotator.ui import open_window

    win = open_window(big_path)
    qtbot.addWidget(win)
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: not win.view.busy(), timeout=10_000)
    yield win
    win.close_project()


def _big_document(window) -> int:
    return next(d.id for d in window.project.documents() if d.name == "big.txt")


def test_a_document_with_many_codings_opens_in_steps_and_keeps_what_is_done_meanwhile(
        big_window, qtbot):
    window = big_window
    document = _big_document(window)
    window.open_document(document)
    assert window.view.busy()  # the text is shown, its codings follow in later turns
    assert window.view.text == window.project.document_text(document)
    assert window.statusBar().currentMessage() == "Showing the document's codings…"
    code = find_code(window, "Westernization")
    window.view.select_range(5, 40)
    window.coding.code_selection_slot(code.id)  # a coding made while they load
    qtbot.waitUntil(lambda: not window.view.busy(), timeout=10_000)
    assert window.statusBar().currentMessage() != "Showing the document's codings…"
    shown = {span.coding_id for span in window.view.spans()}
    stored = {coding.id for coding in window.project.codings(document_ids=[document])}
    assert shown == stored and len(stored) == CODINGS + 1


def test_going_to_a_segment_of_a_document_still_loading_selects_it(big_window, qtbot):
    window = big_window
    coding = window.project.codings(document_ids=[_big_document(window)])[150]
    window.open_document(next(d.id for d in window.project.documents() if d.name != "big.txt"))
    window.show_segment(coding.id, coding.document_id, coding.start, coding.end)
    assert window.view.busy()
    qtbot.waitUntil(lambda: not window.view.busy(), timeout=10_000)
    assert window.view.selected_coding() == coding.id
    assert window.view.found_range() is None


def test_a_coders_first_coding_counts_nothing_again(big_window, monkeypatch):
    window = big_window
    project = window.project
    window.open_document(_big_document(window))
    window.view.finish_jobs()
    calls: list[str] = []
    for name in ("codes", "documents"):
        real = getattr(project, name)
        monkeypatch.setattr(project, name, lambda real=real, name=name: (calls.append(name),
                                                                         real())[1])
    project.coder_name = "chen"
    code = find_code(window, "Westernization")
    window.coding.code_range(code.id, 10, 30)
    assert calls == []  # no recount of every coding to refresh the filters
    coders = window.segments.coder_filter
    assert "chen" in [coders.model.item(row).text() for row in range(coders.model.rowCount())]
    window.undo_stack.undo()
    assert calls == []
    assert "chen" not in [coders.model.item(r).text() for r in range(coders.model.rowCount())]


def test_the_coded_segments_come_in_pages_and_follow_a_change_made_meanwhile(
        big_window, qtbot, monkeypatch):
    window = big_window
    monkeypatch.setattr(segments_panel, "PAGE", 25)
    panel = window.segments
    panel.refresh()
    assert panel.retrieving()
    project = window.project
    code = find_code(window, "Westernization")
    window.open_document(_big_document(window))
    window.view.finish_jobs()
    window.coding.code_range(code.id, 3, 33)  # committed while pages are being read
    qtbot.waitUntil(lambda: not panel.retrieving(), timeout=10_000)
    rows = [panel.model.rows[row].id for row in range(panel.model.rowCount())]
    expected = [c.id for c in sorted(project.codings(),
                                     key=lambda c: (c.document_id, c.start, c.end, c.id))]
    assert rows == expected


def test_the_coded_document_is_exported_on_a_worker_thread(big_window, qtbot, tmp_path,
                                                          monkeypatch):
    from glocal_annotator.exporters import document_docx

    window = big_window
    window.open_document(_big_document(window))
    target = tmp_path / "coded.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kwargs: (str(target), "")))
    seen: dict = {}
    real = document_docx.export_document_docx

    def slow(project, document_id, path, *, progress=None):
        seen["thread"] = threading.current_thread()
        seen["reader"] = project is not window.project and project.read_only
        for step in range(5):
            threading.Event().wait(0.03)  # the worker takes its time ...
            progress(step, 5)
        return real(project, document_id, path, progress=progress)

    monkeypatch.setattr(document_docx, "export_document_docx", slow)
    turns: list[int] = []
    ticker = QTimer()
    ticker.timeout.connect(lambda: turns.append(1))
    ticker.start(0)
    assert window.export_controller.export_document() == target
    ticker.stop()
    assert seen["thread"] is not threading.main_thread() and seen["reader"]
    assert len(turns) > 5  # ... and the window's event loop ran meanwhile
    assert target.exists()


def test_a_cancelled_export_of_the_coded_document_writes_nothing(big_window, tmp_path,
                                                                 monkeypatch):
    from glocal_annotator.exporters import document_docx

    window = big_window
    window.open_document(_big_document(window))
    target = tmp_path / "cancelled.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kwargs: (str(target), "")))
    real = document_docx.export_document_docx

    def slow(project, document_id, path, *, progress=None):
        def later(done, total):  # a big export: Cancel lands while it writes
            threading.Event().wait(0.05)
            return progress(done, total)

        return real(project, document_id, path, progress=later)

    monkeypatch.setattr(document_docx, "export_document_docx", slow)

    def cancel(remaining: int = 100) -> None:
        dialog = window.findChild(QProgressDialog, "exportProgress")
        if dialog is not None:
            dialog.cancel()
        elif remaining:
            QTimer.singleShot(0, lambda: cancel(remaining - 1))

    QTimer.singleShot(0, cancel)
    assert window.export_controller.export_document() is None
    assert list(tmp_path.glob("*.docx")) == [] and list(tmp_path.glob(".*part")) == []
    assert "cancelled" in window.statusBar().currentMessage()


def _autocode(window, monkeypatch, qtbot):
    from glocal_annotator.ui.search import autocode_dialog

    code = find_code(window, "Westernization")
    window.search.box.setText("drone")
    window.searching.run_search()
    threads: list[threading.Thread] = []
    real_plan = Project.plan_autocode

    def plan(self, *args, **kwargs):
        threads.append(threading.current_thread())
        return real_plan(self, *args, **kwargs)

    monkeypatch.setattr(Project, "plan_autocode", plan)

    def ask(parent, codes, query, current, preview, **kwargs):
        chosen = preview(code.id, "none", True)
        return autocode_dialog.AutocodeChoice(code.id, "none", True, chosen)

    monkeypatch.setattr(autocode_dialog, "ask_autocode", ask)
    return code, threads


def test_autocode_counts_on_a_worker_and_cancel_codes_nothing(big_window, qtbot, monkeypatch):
    window = big_window
    code, threads = _autocode(window, monkeypatch, qtbot)
    before = window.project.count_codings()
    steps = window.undo_stack.count()

    from glocal_annotator.ui.search import actions as search_actions

    def cancel() -> None:  # the user presses Cancel while the codings are being written
        window.findChild(QProgressDialog, "exportProgress").cancel()

    real = search_actions.run_pumping

    def cancelled_soon(*args, **kwargs):
        QTimer.singleShot(0, cancel)
        return real(*args, **kwargs)

    monkeypatch.setattr(search_actions, "run_pumping", cancelled_soon)
    window.searching.autocode()
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert window.project.count_codings() == before  # rolled back: nothing coded
    assert window.undo_stack.count() == steps
    assert window.statusBar().currentMessage() == "Autocode cancelled; nothing was coded."


def test_a_big_autocode_is_undone_and_redone_under_progress(big_window, qtbot, monkeypatch):
    window = big_window
    window.open_document(_big_document(window))
    window.view.finish_jobs()
    code, _threads = _autocode(window, monkeypatch, qtbot)
    monkeypatch.setattr(undo_commands, "BIG", 10)
    pumped: list[str] = []
    real = reading.run_pumping

    def watched(parent, status, title, label, job, **kwargs):
        pumped.append(title)
        return real(parent, status, title, label, job, **kwargs)

    from glocal_annotator.ui.exchange import export_actions
    from glocal_annotator.ui.search import actions as search_actions

    monkeypatch.setattr(reading, "run_pumping", watched)
    monkeypatch.setattr(export_actions, "run_pumping", watched)
    monkeypatch.setattr(search_actions, "run_pumping", watched)
    big = _big_document(window)

    def stored() -> int:
        return window.project.count_codings(code_ids=[code.id], document_ids=[big])

    def shown() -> int:
        return len([s for s in window.view.spans() if s.code_id == code.id])

    before = stored()
    window.searching.autocode()
    after = stored()
    assert after - before >= 500 and pumped == ["Autocode"]
    qtbot.waitUntil(lambda: not window.view.busy(), timeout=10_000)
    assert shown() == after
    window.undo_stack.undo()
    assert stored() == before
    qtbot.waitUntil(lambda: not window.view.busy(), timeout=10_000)
    assert shown() == before
    window.undo_stack.redo()
    assert stored() == after
    assert pumped == ["Autocode", "Undo", "Redo"]
    qtbot.waitUntil(lambda: not window.view.busy(), timeout=10_000)
    assert shown() == after


def test_a_project_opening_on_a_big_document_shows_the_window_first(qtbot, big_path, data_dir,
                                                                    small_limits, monkeypatch):
    from glocal_annotator.ui import open_window
    from glocal_annotator.ui.shell import main_window

    monkeypatch.setattr(main_window, "BIG_DOCUMENT", 1000)
    window = open_window(big_path)
    qtbot.addWidget(window)
    assert window.project is not None and window.current_document_id is None  # next turn
    qtbot.waitUntil(lambda: window.current_document_id is not None, timeout=5000)
    assert window.view.text == window.project.document_text(_big_document(window))
    qtbot.waitUntil(lambda: not window.view.busy(), timeout=10_000)
    window.close_project()
