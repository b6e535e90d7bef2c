"""Long reads of the project on a worker thread, the window responsive meanwhile.

Which thread does what (issue 10, "never freeze the window"):

- **Writes** stay on the GUI thread, on the project's own connection: the undo stack, the
  listeners and the views follow every change there. A long write (an autocode, a project
  merge or import) reports progress from inside its transaction and the GUI thread handles
  events from that callback (:func:`~glocal_annotator.ui.exchange.export_actions.
  run_with_progress`): repaints and moves of the window, and the progress dialog's Cancel,
  which rolls the transaction back. The project refuses another change on that thread
  meanwhile (it would join the transaction).
- **Reads that take long** (an export, counting an autocode's hits, planning a project merge) run on
  a worker thread with a connection of their own (:meth:`Project.open_reader`): SQLite connections
  are not shared between threads, and a reader of its own sees one committed state of the file
  however long it takes, never blocked by a write and never blocking one. Its pure-Python work
  shares the interpreter with the GUI thread (the GIL hands over every few milliseconds), so the
  window repaints and the Cancel button answers while it runs; time spent in SQLite and zlib runs
  truly in parallel. :func:`run_reading` shows a progress dialog with Cancel; :func:`read_waiting`
  waits without one (a preview inside a dialog).
- **Work on files and projects of its own** (reading a .qdpx and planning its import, building a
  new project from it that no window has open yet) runs on a worker thread too
  (:func:`run_working`), with progress and a Cancel that stops it at its next step; what it made
  is removed when it stops by raising.

Both wait in a local event loop, so that the caller gets the answer back as from a plain call.
The garbage collector is held while they run (:mod:`.memory`): a full collection over what a
big export builds would stop both threads for tens of milliseconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from glocal_annotator.errors import OperationCancelled
from glocal_annotator.exporters import ExportCancelled
from glocal_annotator.ui.common import memory
from glocal_annotator.ui.common.collaborators import StatusSink
from glocal_annotator.ui.common.saving import STATUS_MS, busy_cursor

if TYPE_CHECKING:
    from glocal_annotator.project import Project

T = TypeVar("T")
Progress = Callable[[int, int], bool]
REPORT_EVERY = 0.05  # seconds between two progress reports sent to the GUI thread, at least


class _Relay(QObject):
    """Signals from the worker thread, delivered on the GUI thread (queued)."""

    progressed = Signal(int, int)
    finished = Signal()


def progress_dialog(parent: QWidget | None, title: str, label: str,
                    name: str) -> QProgressDialog:
    """A window-modal progress dialog over ``parent`` that shows after 400 ms (a quick job
    never flashes one), with Cancel; it neither closes nor resets itself."""
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    return dialog


def show_progress(dialog: QProgressDialog, done: int, total: int) -> None:
    """Show ``done`` of ``total`` (work units) on ``dialog``; a busy bar while total is 0."""
    if total and dialog.maximum() != total:
        dialog.setMaximum(total)
    dialog.setValue(min(done, total) if total else 0)


def _with_reader(project: Project, job: Callable[[Project, Progress], T]
                 ) -> Callable[[Progress], T]:
    """``job(reader, progress)`` with a reader of ``project`` opened and closed around it."""

    def run(progress: Progress) -> T:
        with project.open_reader() as reader:
            return job(reader, progress)

    return run


def _run(job: Callable[[Progress], T], relay: _Relay | None, cancel: threading.Event,
         outcome: dict) -> None:
    """The worker thread: run ``job(progress)``, report the outcome."""
    last = 0.0

    def progress(done: int, total: int) -> bool:
        nonlocal last
        now = time.perf_counter()
        if relay is not None and (now - last >= REPORT_EVERY or done >= total):
            last = now
            relay.progressed.emit(done, total)
        return not cancel.is_set()

    try:
        if cancel.is_set():
            raise OperationCancelled("cancelled; nothing was changed")
        outcome["result"] = job(progress)
    except BaseException as error:  # noqa: BLE001 - raised again on the GUI thread
        outcome["error"] = error
    finally:
        outcome["done"] = True
        if relay is not None:
            relay.finished.emit()


def run_reading(parent: QWidget, status: StatusSink, title: str, label: str, project: Project,
                job: Callable[[Project, Progress], T], *,
                cancelled: str = "Cancelled; nothing was changed.",
                name: str = "exportProgress") -> T | None:
    """Run ``job(reader, progress)`` on a worker thread under a cancellable progress dialog
    over ``parent``, and return its result; None when the user cancelled (``status`` then
    says ``cancelled``, or "Export cancelled; nothing was written." for an export).

    ``reader`` is ``project`` opened again read-only for the worker
    (:meth:`Project.open_reader`, closed when the job ends); ``progress(done, total)`` is
    the exporters' callback: it returns False once Cancel is pressed, and the job is expected
    to stop then by raising (``ExportCancelled``, ``OperationCancelled``). Any other exception
    of the job is raised here, on the GUI thread (a GlocalError is shown by the caller's
    ``feedback.guarded`` as one message). The dialog is window-modal: the window repaints and
    can be moved, but takes no command until the job is done."""
    return run_working(parent, status, title, label, _with_reader(project, job),
                       cancelled=cancelled, name=name)


def run_working(parent: QWidget, status: StatusSink, title: str, label: str,
                job: Callable[[Progress], T], *,
                cancelled: str = "Cancelled; nothing was changed.",
                name: str = "exportProgress") -> T | None:
    """Run ``job(progress)`` on a worker thread as :func:`run_reading` does, for a job that
    needs no reader of the window's project: it reads files, or writes a file or a project of
    its own that no window has open (a new project built from a .qdpx), and removes what it
    made when it stops by raising. Returns its result; None when the user cancelled
    (``status`` then says ``cancelled``, or "Export cancelled; nothing was written." for an
    export)."""
    dialog = progress_dialog(parent, title, label, name)
    relay = _Relay()
    cancel = threading.Event()
    outcome: dict = {}
    loop = QEventLoop()
    relay.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    relay.progressed.connect(lambda done, total: show_progress(dialog, done, total),
                             Qt.ConnectionType.QueuedConnection)
    dialog.canceled.connect(cancel.set)
    watch = QTimer(dialog)  # dialog.cancel() from code emits nothing: look now and then
    watch.timeout.connect(lambda: dialog.wasCanceled() and cancel.set())
    watch.start(20)
    worker = threading.Thread(target=_run, args=(job, relay, cancel, outcome),
                              name=f"glocal-{name}", daemon=True)
    with busy_cursor(), memory.quiet():
        worker.start()
        if not outcome.get("done"):
            loop.exec()
        worker.join()
    watch.stop()
    dialog.reset()  # stops the timer that would show the dialog after 400 ms
    dialog.close()
    dialog.deleteLater()
    error = outcome.get("error")
    if isinstance(error, ExportCancelled):
        status.showMessage("Export cancelled; nothing was written.", STATUS_MS)
        return None
    if isinstance(error, OperationCancelled):
        status.showMessage(cancelled, STATUS_MS)
        return None
    if error is not None:
        raise error
    return outcome["result"]


def run_pumping(parent: QWidget | None, status: StatusSink | None, title: str, label: str,
                job: Callable[[Progress], T], *, cancellable: bool = True,
                name: str = "exportProgress") -> T | None:
    """Run ``job(progress)`` on the GUI thread under a progress dialog over ``parent``; None
    if the user cancelled (``status`` says so). See
    :func:`~glocal_annotator.ui.exchange.export_actions.run_with_progress`, which is this
    with Cancel; without it (``cancellable=False``: an undo, which must not stop half-way in
    the undo history) Cancel and Escape do nothing."""
    dialog = progress_dialog(parent, title, label, name)
    if not cancellable:
        dialog.setCancelButton(None)

    def progress(done: int, total: int) -> bool:
        show_progress(dialog, done, total)
        if dialog.isVisible():
            QApplication.processEvents()
        else:
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        return not (cancellable and dialog.wasCanceled())

    try:
        with busy_cursor(), memory.quiet():
            return job(progress)
    except ExportCancelled:
        if status is not None:
            status.showMessage("Export cancelled; nothing was written.", STATUS_MS)
        return None
    except OperationCancelled as cancelled:
        said = str(cancelled) or "cancelled; nothing was changed"
        if status is not None:
            status.showMessage(said[:1].upper() + said[1:] + ".", STATUS_MS)
        return None
    finally:
        dialog.reset()  # stops the timer that would show the dialog after 400 ms
        dialog.close()
        dialog.deleteLater()


def read_waiting(project: Project, job: Callable[[Project], T]) -> T:
    """``job(reader)`` on a worker thread with a reader of ``project``, waiting for it in a
    local event loop (the window repaints meanwhile); its result, or its exception raised
    here. For short reads inside a dialog (an autocode's counts), where a progress dialog
    would be in the way: the caller keeps the user from asking again meanwhile."""
    relay = _Relay()
    outcome: dict = {}
    loop = QEventLoop()
    relay.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    worker = threading.Thread(
        target=_run, args=(_with_reader(project, lambda reader, _progress: job(reader)),
                           relay, threading.Event(), outcome),
        name="glocal-read", daemon=True)
    with busy_cursor(), memory.quiet():
        worker.start()
        if not outcome.get("done"):
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
