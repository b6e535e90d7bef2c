"""Work that reads a file or a project without freezing the window: a worker thread, a progress
dialog with Cancel, and the result back on the main thread.

:func:`run_in_background` suits only steps that cannot report progress: the dialog shows
"busy" and Cancel stops waiting at once, while the work runs on unseen. A job that can report
steps is run with :func:`~.reading.run_working` or :func:`~.reading.run_reading` instead (a
.qdpx import, a project merge's planning: their Cancel stops the work itself at the next step).
The job must not touch the window's project (its one SQLite connection serves the window): it
reads files, or a project of its own (``project.open_reader()``, opened and closed inside the
job). A cancelled job runs to its end unseen and its result is dropped, so a job must change
nothing: it only reads and plans; the caller applies the result on the main thread, as one
undoable step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from glocal_annotator.ui.common.collaborators import StatusSink

T = TypeVar("T")
CANCELLED_MS = 8000


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable, Generic[T]):
    def __init__(self, job: Callable[[], T]) -> None:
        super().__init__()
        self.job = job
        self.signals = _Signals()
        self.finished = False
        self.setAutoDelete(False)  # Python owns it (kept in _RUNNING until it has finished)

    def run(self) -> None:
        try:
            result = self.job()
        except Exception as error:  # noqa: BLE001 - handed to the main thread, raised there
            self.signals.failed.emit(error)
        else:
            self.signals.done.emit(result)
        finally:
            self.finished = True


# Jobs started and not yet seen finished: a cancelled job runs on, and its object must live
# until then. Finished ones are dropped when the next job starts.
_RUNNING: list[_Job] = []


def run_in_background(parent: QWidget, status: StatusSink, title: str, label: str,
                      job: Callable[[], T], *, cancelled: str = "Cancelled; nothing was changed."
                      ) -> T | None:
    """Run ``job()`` on a worker thread under a window-modal progress dialog over ``parent``
    and return its result; None when the user cancelled (``status`` then says ``cancelled``).
    An exception of the job is raised here, on the main thread (a GlocalError is then shown by
    the caller's ``feedback.guarded`` as one message). The dialog shows at once, so that no
    click reaches the window while the job reads."""
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    dialog.setObjectName("backgroundProgress")
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    loop = QEventLoop()
    outcome: dict[str, object] = {}
    worker: _Job[T] = _Job(job)
    _RUNNING[:] = [running for running in _RUNNING if not running.finished]
    _RUNNING.append(worker)

    def done(result: object) -> None:
        outcome["result"] = result
        loop.quit()

    def failed(error: object) -> None:
        outcome["error"] = error
        loop.quit()

    worker.signals.done.connect(done, Qt.ConnectionType.QueuedConnection)
    worker.signals.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
    dialog.canceled.connect(loop.quit)  # the Cancel button, Escape, closing the dialog
    watch = QTimer(dialog)  # and dialog.cancel() from code, which emits nothing
    watch.timeout.connect(lambda: dialog.wasCanceled() and loop.quit())
    watch.start(50)
    dialog.show()
    QThreadPool.globalInstance().start(worker)
    try:
        loop.exec()
    finally:
        worker.signals.done.disconnect(done)
        worker.signals.failed.disconnect(failed)
        dialog.canceled.disconnect(loop.quit)
        watch.stop()
        dialog.close()
        dialog.deleteLater()
    if "error" in outcome:
        error = outcome["error"]
        if not isinstance(error, Exception):  # pragma: no cover - the worker sends exceptions
            raise RuntimeError(str(error))
        raise error
    if "result" not in outcome:
        status.showMessage(cancelled, CANCELLED_MS)
        return None
    return outcome["result"]  # type: ignore[return-value]
