"""The window never freezes: the longest event-loop turn while the real main window (offscreen)
opens a project on a 3M-character document with 50,000 codings, opens that document again from
another, codes in it, undoes and redoes, exports it as a coded Word document, searches it,
autocodes 50,000 hits in it and undoes and redoes that, and imports a REFI-QDA project of 10,000
codings over 3M characters in ten documents (:mod:`bench_qdpx`'s file) as a new project and into
a small open project (budget 100 ms per turn, issue 10); the blocking part of the document's open
(budget 0.3 s); and the longest garbage-collection pause while the big document is open (budget
30 ms).

Run: ``QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_event_loop.py [--runs N]``.
Every figure is the median over N fresh processes.

How a turn is measured: a zero-interval QTimer (the heartbeat) fires once per pass of whichever
event loop runs, nested ones included (a modal dialog, a progress dialog's loop, events
processed from a progress callback). The longest gap between two heartbeats is the longest time
the window could not repaint, be moved or hear a click. Each action is started from the event
loop (``QTimer.singleShot``), as a menu command is, and its phase lasts until the action has
returned, the document view has nothing left to highlight and the window has been quiet (no
turn over 20 ms) for a moment.

The blocking part of the open is the time from the command until the document's text has been
painted and the event loop runs again (highlights and margin may follow in later short turns).
Before it, the window opens and closes a small project, as a user's window has done something
before (the modules a project needs are imported then; the start-up benchmark counts them).
Garbage-collection pauses are timed with ``gc.callbacks``.
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Row, arguments, built, child_main, fresh_medians, report  # noqa: E402
from _projects import MARKER, marked_coded_document  # noqa: E402

TURN_BUDGET = 0.1
OPEN_BUDGET = 0.3
GC_BUDGET = 0.03
QUIET = 0.25  # seconds without a long turn that end a phase
PHASE_LIMIT = 120.0  # seconds: a phase that takes longer is reported as failed


class Heartbeat:
    """The longest gap between two passes of the event loop, per phase."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self._timer = QTimer()
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._beat)
        self.last = 0.0
        self.longest = 0.0
        self.last_long = 0.0  # when the last turn over 20 ms ended

    def start(self) -> None:
        self.last = self.last_long = time.perf_counter()
        self.longest = 0.0
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _beat(self) -> None:
        now = time.perf_counter()
        gap = now - self.last
        if gap > self.longest:
            self.longest = gap
        if gap > 0.02:
            self.last_long = now
        self.last = now


class GcPauses:
    """Durations of the collector's passes (seconds), through ``gc.callbacks``."""

    def __init__(self) -> None:
        self.pauses: list[tuple[int, float]] = []
        self._began = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._began = time.perf_counter()
        else:
            self.pauses.append((info["generation"], time.perf_counter() - self._began))

    def longest(self) -> float:
        return max((seconds for _generation, seconds in self.pauses), default=0.0)


def _phase(app, beat: Heartbeat, action: Callable[[], object],
           settled: Callable[[], bool]) -> float:
    """Run ``action`` from the event loop; the longest turn until it is done and all settles."""
    from PySide6.QtCore import QEventLoop, QTimer

    returned: list[bool] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            action()
        except BaseException as error:  # noqa: BLE001 - reported below
            failure.append(error)
        returned.append(True)

    loop = QEventLoop()
    deadline = time.perf_counter() + PHASE_LIMIT

    def check() -> None:
        now = time.perf_counter()
        if now > deadline or failure or (returned and settled() and now - beat.last_long > QUIET):
            loop.quit()

    checker = QTimer()
    checker.setInterval(10)
    checker.timeout.connect(check)
    beat.start()
    QTimer.singleShot(0, run)
    checker.start()
    loop.exec()
    checker.stop()
    beat.stop()
    if failure:
        raise failure[0]
    if not returned:
        raise RuntimeError("the action did not finish in time")
    return beat.longest


def _warm_up(window, folder: Path) -> None:
    """Open and close a small coded project in ``window`` (imports, fonts, caches)."""
    from PySide6.QtWidgets import QApplication

    from glocal_annotator.importers import ExtractedText
    from glocal_annotator.project import Project

    small = folder / "small.glocal"
    project = Project.create(small, coder="ana")
    document = project.add_document("small.txt", ExtractedText("A small text. " * 200,
                                                               "txt")).result
    code = next(c.id for c in project.codes() if c.codable)
    project.add_coding(document, code, 2, 40)
    project.close()
    window.open_project(small)
    QApplication.processEvents()
    window.close_project()
    QApplication.processEvents()


def window_child(path: str) -> dict:
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="glocal-bench-config-")
    os.environ["GLOCAL_ANNOTATOR_DATA"] = tempfile.mkdtemp(prefix="glocal-bench-data-")
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    from glocal_annotator.ui.search.autocode_dialog import AutocodeDialog
    from glocal_annotator.ui.shell.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    folder = Path(tempfile.mkdtemp(prefix="glocal-bench-loop-"))
    copy = Path(shutil.copy2(path, folder / Path(path).name))
    pauses = GcPauses()
    beat = Heartbeat()
    figures: dict[str, float] = {}

    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    view = window.view
    _warm_up(window, folder)

    def highlighted() -> bool:
        busy = getattr(view, "busy", lambda: False)()
        retrieving = getattr(window.segments, "retrieving", lambda: False)()
        return (view.document_id is not None and not busy and not retrieving
                and view.pending_blocks() == 0)

    # -- open: the command, then the first paint of the text ------------------------------------
    class FirstPaint(QObject):
        at: float | None = None

        def eventFilter(self, _obj, event) -> bool:  # noqa: N802 - Qt's name
            if (event.type() == QEvent.Type.Paint and FirstPaint.at is None
                    and view.document_id is not None):
                FirstPaint.at = -1.0  # painting now; the time is taken at the next turn
                QTimer.singleShot(0, lambda: setattr(FirstPaint, "at", time.perf_counter()))
            return False

    painted = FirstPaint()
    view.text_edit().viewport().installEventFilter(painted)
    began: list[float] = []

    def open_project() -> None:
        began.append(time.perf_counter())
        window.open_project(copy)

    figures["turn_open"] = _phase(app, beat, open_project, highlighted)
    figures["open_blocking"] = (FirstPaint.at or float("nan")) - began[0]
    figures["gc_open"] = pauses.longest()
    pauses.pauses.clear()
    document_id = view.document_id
    assert document_id is not None and view.spans(), "the document did not open"

    # -- open the big document again from a small one (the document's open alone) ----------------
    from glocal_annotator.importers import ExtractedText

    small = window.project.add_document("small.txt", ExtractedText("A short note.", "txt")).result
    _phase(app, beat, lambda: window.open_document(small), highlighted)
    FirstPaint.at = None
    began.clear()

    def open_document() -> None:
        began.append(time.perf_counter())
        window.open_document(document_id)

    figures["turn_open_document"] = _phase(app, beat, open_document, highlighted)
    figures["open_document_blocking"] = (FirstPaint.at or float("nan")) - began[0]
    pauses.pauses.clear()

    # -- coding, undo, redo, a new coder --------------------------------------------------------
    codes = [code.id for code in window.codebook.model.codes() if code.codable]
    longest = 0.0
    length = len(view.text)
    for number in range(6):
        start = (number + 1) * length // 8
        view.select_range(start, start + 150)
        if number == 3:  # a coder new to the project: the filters follow
            window.project.coder_name = f"new coder {number}"
        longest = max(longest, _phase(
            app, beat, lambda c=codes[number], s=start: window.coding.code_range(c, s, s + 150),
            highlighted))
        longest = max(longest, _phase(app, beat, window.undo_stack.undo, highlighted))
        longest = max(longest, _phase(app, beat, window.undo_stack.redo, highlighted))
    figures["turn_coding"] = longest
    figures["gc_coding"] = pauses.longest()
    seen = len(pauses.pauses)

    # -- export the coded document (the Export menu's command) -----------------------------------
    target = folder / "coded.docx"
    QFileDialog.getSaveFileName = staticmethod(lambda *args, **kwargs: (str(target), ""))
    figures["turn_export"] = _phase(app, beat, window.export_controller.export_document,
                                    lambda: True)
    assert target.exists(), "the export wrote nothing"
    figures["gc_export"] = max((p for _g, p in pauses.pauses[seen:]), default=0.0)
    seen = len(pauses.pauses)
    for widget in app.topLevelWidgets():  # the "exported" message
        if widget.objectName() == "exportDone":
            widget.close()

    # -- search, then autocode every hit ----------------------------------------------------------
    panel = window.search
    panel.box.setText(MARKER)
    panel.scope.setCurrentIndex(1)
    figures["turn_search"] = _phase(app, beat, window.searching.run_search, highlighted)

    def accept_autocode(attempts: int = 500) -> None:
        dialog = app.activeModalWidget()
        if isinstance(dialog, AutocodeDialog) and dialog.apply_button.isEnabled():
            dialog.accept()
        elif attempts:
            QTimer.singleShot(10, lambda: accept_autocode(attempts - 1))

    before = len(view.spans())

    def autocode() -> None:
        QTimer.singleShot(0, accept_autocode)
        window.searching.autocode()

    figures["turn_autocode"] = _phase(app, beat, autocode,
                                      lambda: highlighted() and len(view.spans()) > before)
    figures["autocoded"] = len(view.spans()) - before
    figures["turn_autocode_undo"] = _phase(app, beat, window.undo_stack.undo,
                                           lambda: highlighted() and len(view.spans()) == before)
    figures["turn_autocode_redo"] = _phase(app, beat, window.undo_stack.redo,
                                           lambda: highlighted() and len(view.spans()) > before)
    figures["gc_autocode"] = max((p for _g, p in pauses.pauses[seen:]), default=0.0)
    figures["gc_open_document"] = pauses.longest()
    window.close()
    shutil.rmtree(folder, ignore_errors=True)
    return figures


def _answer(app, kind: str, handle: Callable[[object], object], attempts: int = 3000) -> None:
    """Call ``handle(dialog)`` on the next modal dialog of class name ``kind`` once it shows."""
    from PySide6.QtCore import QTimer

    dialog = app.activeModalWidget()
    if dialog is not None and type(dialog).__name__ == kind and dialog.isVisible():
        handle(dialog)
    elif attempts:
        QTimer.singleShot(10, lambda: _answer(app, kind, handle, attempts - 1))


def qdpx_child(path: str) -> dict:
    """The longest turns of Project ▸ Import REFI-QDA project: as a new project (read on a
    worker, built on a worker), then into a small open project (read on a worker, applied on
    the GUI thread with progress). The dialogs are answered as soon as they show."""
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="glocal-bench-config-")
    os.environ["GLOCAL_ANNOTATOR_DATA"] = tempfile.mkdtemp(prefix="glocal-bench-data-")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    from glocal_annotator.ui.shell.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    folder = Path(tempfile.mkdtemp(prefix="glocal-bench-qdpx-"))
    beat = Heartbeat()
    figures: dict[str, float] = {}
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    _warm_up(window, folder)
    small = folder / "small.glocal"
    window.open_project(small)
    qdpx = Path(path)
    target = folder / "imported.glocal"
    QFileDialog.getSaveFileName = staticmethod(lambda *args, **kwargs: (str(target), ""))

    def importing(into_project: bool) -> Callable[[], object]:
        def choose(dialog) -> None:  # noqa: ANN001 - QdpxImportOptionsDialog
            (dialog.into_project if into_project else dialog.new_project).setChecked(True)
            dialog.accept()

        def run() -> object:
            QTimer.singleShot(0, lambda: _answer(app, "QdpxImportOptionsDialog", choose))
            QTimer.singleShot(0, lambda: _answer(app, "PlanPreviewDialog",
                                                 lambda dialog: dialog.accept()))
            return window.qdpx.import_file(qdpx)
        return run

    opened = window.qdpx._open_project

    def open_built(built_path: Path) -> object:
        figures["turn_qdpx_build"] = beat.longest  # read, previewed and built; not yet opened
        return opened(built_path)

    window.qdpx._open_project = open_built
    figures["turn_qdpx_new"] = _phase(app, beat, importing(False), lambda: True)
    assert window.project.path == target, "the import built no project"
    figures["qdpx_codings"] = len(window.project.codings())
    window.open_project(small)
    before = len(window.project.codings())
    figures["turn_qdpx_sync"] = _phase(app, beat, importing(True), lambda: True)
    assert len(window.project.codings()) > before, "the sync imported nothing"
    window.close()
    shutil.rmtree(folder, ignore_errors=True)
    return figures


CHILDREN = {"window": window_child, "qdpx": qdpx_child}


def rows(runs: int) -> list[Row]:
    path = str(built("marked-coded-3M-50k.glocal", marked_coded_document))
    figures = fresh_medians(__file__, "window", path, runs=runs)
    label = "3M characters / 50,000 codings"
    from bench_qdpx import build as build_qdpx
    from bench_qdpx import qdpx_file

    qdpx = qdpx_file(built("qdpx-10-10k.glocal", lambda target: build_qdpx(target, 10)))
    imported = fresh_medians(__file__, "qdpx", str(qdpx), runs=runs)
    shape = f"{imported['qdpx_codings']:,.0f} codings, 10 documents, 3M characters"
    return [
        Row("loop-open", f"longest event-loop turn: open the project on the document, {label}",
            figures["turn_open"], TURN_BUDGET, "project file's health check included"),
        Row("loop-open-document", "longest event-loop turn: open the document (from another)",
            figures["turn_open_document"], TURN_BUDGET),
        Row("loop-coding", "longest event-loop turn: code, undo, redo (a new coder once)",
            figures["turn_coding"], TURN_BUDGET),
        Row("loop-export", "longest event-loop turn: export the coded document (Word)",
            figures["turn_export"], TURN_BUDGET),
        Row("loop-search", "longest event-loop turn: search all documents (50,000 hits)",
            figures["turn_search"], TURN_BUDGET),
        Row("loop-autocode",
            f"longest event-loop turn: autocode {figures['autocoded']:,.0f} hits (plan + apply)",
            figures["turn_autocode"], TURN_BUDGET),
        Row("loop-autocode-undo", "longest event-loop turn: undo that autocode",
            figures["turn_autocode_undo"], TURN_BUDGET),
        Row("loop-autocode-redo", "longest event-loop turn: redo it",
            figures["turn_autocode_redo"], TURN_BUDGET),
        Row("loop-qdpx-new",
            f"longest event-loop turn: import a .qdpx as a new project ({shape})",
            imported["turn_qdpx_build"], TURN_BUDGET, "read and built on a worker"),
        Row("loop-qdpx-new-open", "the same with the opening of the new project",
            imported["turn_qdpx_new"], TURN_BUDGET, "the open is loop-open's kind"),
        Row("loop-qdpx-sync",
            "longest event-loop turn: import that .qdpx into a small open project",
            imported["turn_qdpx_sync"], TURN_BUDGET, "read on a worker, applied with progress"),
        Row("open-blocking", f"blocking part of opening the document, {label} (text painted)",
            figures["open_document_blocking"], OPEN_BUDGET),
        Row("open-project-blocking", "the same when the project opens on it (file checked)",
            figures["open_blocking"], None),
        Row("gc-open", "longest garbage-collection pause during the open",
            figures["gc_open"], None),
        Row("gc-pause", "longest garbage-collection pause while the document is open",
            figures["gc_open_document"], GC_BUDGET),
    ]


def main() -> int:
    args = arguments(__doc__.splitlines()[0])
    return report(rows(args.runs), args.json)


if __name__ == "__main__" and not child_main(CHILDREN):
    sys.exit(main())
