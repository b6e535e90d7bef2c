"""Importing documents without freezing the window, through the same path as the command line
(:mod:`glocal_annotator.importing`), as one undo step.

Text extraction (:func:`~glocal_annotator.importing.read_file`) runs in a worker thread, one file
after another; each extracted text is stored on the main thread
(:func:`~glocal_annotator.importing.store_file`: SQLite writes stay on the thread that owns the
connection), each in its own transaction, handling events between its steps (the text, its
search forms, its index: a few megabytes take longer than a turn of the event loop should;
indexing one file is a single step, about 0.1 s per 5 MB). What the worker says meanwhile waits
in an inbox and is dealt with in order, one thing at a time. A progress dialog shows the file
being read and can cancel between files; failures are listed in one message at the end, with
what imports added or left out (notes after the text, page furniture). A text file whose
encoding detection is unsure is not stored on a guess: once the other files are done,
:class:`.encoding_dialog.EncodingDialog` shows a preview and lets the user choose its encoding
(or skip it). When the run is over, the documents it added are one step on the undo stack
("Import 3 documents"): Ctrl+Z takes them all out again, through the project's journal like
every other change.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from glocal_annotator.errors import GlocalError, UncertainEncoding
from glocal_annotator.ui.common.collaborators import StatusSink
from glocal_annotator.ui.common.feedback import log_unexpected, show_box
from glocal_annotator.ui.common.plain import plain_label, plain_message_box
from glocal_annotator.ui.common.session import Session

if TYPE_CHECKING:
    from glocal_annotator.importing import ImportReport
    from glocal_annotator.project import Project


class _Signals(QObject):
    extracted = Signal(int, str, object)  # index, path, ExtractedText
    failed = Signal(int, str, str)  # index, path, message
    uncertain = Signal(int, str, object)  # index, path, UncertainEncoding.readings
    starting = Signal(int, str)
    done = Signal()


class ExtractWorker(QRunnable):
    """Extract the text of each file in turn (worker thread); stop when cancelled."""

    def __init__(self, paths: list[Path]) -> None:
        super().__init__()
        self.paths = paths
        self.signals = _Signals()
        self.cancelled = threading.Event()
        self.setAutoDelete(False)

    def run(self) -> None:
        from glocal_annotator.importing import read_file

        try:
            for index, path in enumerate(self.paths):
                if self.cancelled.is_set():
                    break
                self.signals.starting.emit(index, str(path))
                try:
                    extracted = read_file(path)
                except UncertainEncoding as error:
                    self.signals.uncertain.emit(index, str(path), error.readings)
                except GlocalError as error:
                    self.signals.failed.emit(index, str(path), str(error))
                except Exception as exc:  # noqa: BLE001 - a bug in an importer: report, go on
                    log_unexpected(exc)
                    self.signals.failed.emit(index, str(path), f"unexpected error: {exc}")
                else:
                    self.signals.extracted.emit(index, str(path), extracted)
        finally:
            self.signals.done.emit()


def undo_text(report: ImportReport) -> str:
    """The name of an import's undo step: ``Import interview.docx``, ``Import 3 documents``."""
    if len(report.imported) == 1:
        return f"Import {report.imported[0][0].name}"
    return f"Import {len(report.imported)} documents"


class ImportJob(QObject):
    """One import run of ``paths`` into the project of ``session``: worker, progress dialog
    over ``parent``, storing, the final report and one undo step for the documents added; then
    ``open_document(id)`` shows the last document imported and ``status`` says what was done."""

    finished = Signal()

    def __init__(self, parent: QWidget, session: Session, paths: list[Path], status: StatusSink,
                 open_document: Callable[[int], object]) -> None:
        from glocal_annotator.importing import ImportReport

        super().__init__(parent)
        self._parent = parent
        self._session = session
        self._status = status
        self._open_document = open_document
        self._project: Project = session.require_project()  # the documents go into this one
        self.paths = paths
        self.report = ImportReport()
        self.uncertain: list[tuple[str, tuple[tuple[str, str], ...]]] = []
        self.cancelled = False
        self.progress = QProgressDialog("Importing…", "Cancel", 0, len(paths), parent)
        self.progress.setObjectName("importProgress")
        self.progress.setLabel(plain_label(QLabel("Importing…")))  # file names as written
        self.progress.setWindowTitle("Import documents")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self.cancel)
        self.worker = ExtractWorker(paths)
        self._closed = False  # the progress dialog is gone (see _done)
        self._inbox: deque[tuple[Callable[..., None], tuple]] = deque()
        self._handling = False
        signals = self.worker.signals
        signals.starting.connect(lambda *args: self._post(self._starting, args))
        signals.extracted.connect(lambda *args: self._post(self._store, args))
        signals.failed.connect(lambda *args: self._post(self._failed, args))
        signals.uncertain.connect(lambda *args: self._post(self._uncertain, args))
        signals.done.connect(lambda: self._post(self._done, ()))

    def start(self) -> None:
        QThreadPool.globalInstance().start(self.worker)

    def _post(self, handler: Callable[..., None], args: tuple) -> None:
        """Deal with what the worker said, in order; not while dealing with something else
        (storing a file handles events: the worker's next words wait their turn)."""
        self._inbox.append((handler, args))
        if self._handling:
            return
        self._handling = True
        try:
            while self._inbox:
                handler, args = self._inbox.popleft()
                handler(*args)
        finally:
            self._handling = False

    def _pump(self, _done: int, _total: int) -> bool:
        """Between the steps of storing a file: the window repaints, Cancel is heard."""
        flags = QEventLoop.ProcessEventsFlag.AllEvents
        if self._closed or not self.progress.isVisible():  # no click reaches the window
            # before the dialog shows, nor after it went (a file stored after the others)
            flags = QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents
        QApplication.processEvents(flags)
        return True

    def cancel(self) -> None:
        self.cancelled = True
        self.worker.cancelled.set()

    def _starting(self, index: int, path: str) -> None:
        self.progress.setLabelText(f"Reading {Path(path).name} ({index + 1} of {len(self.paths)})")
        self.progress.setValue(index)

    def _store(self, index: int, path: str, extracted) -> None:
        if self.cancelled:
            return
        self._add(path, extracted)
        self.progress.setValue(index + 1)

    def _open(self) -> bool:
        """True while the project the run imports into is still the window's."""
        return self._session.project is self._project

    def _add(self, path: str, extracted) -> None:
        from glocal_annotator.importing import store_file

        if not self._open():
            self.report.failed.append((Path(path), "the project was closed"))
            return
        store_file(self._project, path, extracted, self.report, self._pump)

    def _uncertain(self, index: int, path: str, readings) -> None:
        self.uncertain.append((path, readings))
        self.progress.setValue(index + 1)

    def _failed(self, index: int, path: str, message: str) -> None:
        self.report.failed.append((Path(path), message))
        self.progress.setValue(index + 1)

    def _done(self) -> None:
        self.progress.canceled.disconnect(self.cancel)  # closing it emits canceled
        self.progress.close()
        self.progress.deleteLater()
        self._closed = True
        self._ask_next_encoding()

    def _ask_next_encoding(self) -> None:
        """One dialog per file whose encoding is uncertain, then the report."""
        if self.cancelled or not self.uncertain or not self._open():
            for path, _readings in self.uncertain:
                self.report.failed.append((Path(path), "not imported: its text encoding is "
                                           "uncertain and none was chosen"))
            self.uncertain.clear()
            self._finish()
            return
        from glocal_annotator.ui.exchange.encoding_dialog import EncodingDialog

        path, readings = self.uncertain.pop(0)
        dialog = EncodingDialog(self._parent, Path(path), readings)
        dialog.finished.connect(lambda result, d=dialog, p=path: self._encoding_chosen(d, p,
                                                                                       result))
        dialog.open()

    def _encoding_chosen(self, dialog, path: str, result: int) -> None:
        from glocal_annotator.importing import read_file

        encoding = dialog.encoding()
        dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted:
            try:
                self._add(path, read_file(path, encoding))
            except GlocalError as error:
                self.report.failed.append((Path(path), str(error)))
        else:
            self.report.failed.append((Path(path), "skipped: its text encoding is uncertain and "
                                       "none was chosen"))
        self._ask_next_encoding()

    def _finish(self) -> None:
        """The run is over: its documents become one undo step, then the report."""
        report = self.report
        if report.changes and self._open():
            from glocal_annotator.project import Change

            combined = Change.combined(undo_text(report), report.changes)
            self._session.run(combined.description, lambda: combined)  # done already
        self._report()

    def _report(self) -> None:
        report = self.report
        imported = [document_id for _path, document_id in report.imported]
        if report.failed or report.notices:
            if report.failed:
                headline = (f"{len(imported)} imported, {len(report.failed)} could not be "
                            "imported (nothing was changed for those):")
            else:
                headline = f"{len(imported)} imported; what the import added or left out:"
            lines = [f"• {p.name}: {m}" for p, m in report.failed]
            lines += [f"• {p.name}: {m}" for p, m in report.notices]
            icon = QMessageBox.Icon.Warning if report.failed else QMessageBox.Icon.Information
            box = QMessageBox(icon, "Import documents", headline,
                              QMessageBox.StandardButton.Ok, self._parent)
            box.setObjectName("importReport")
            box.setInformativeText("\n".join(lines))
            plain_message_box(box)
            show_box(box)
        if imported and self._open():
            self._open_document(imported[-1])
            count = len(imported)
            names = (self._project.document(imported[0]).name if count == 1
                     else f"{count} documents")
            failed = f"; {len(report.failed)} could not be imported" if report.failed else ""
            self._status.showMessage(f"Imported {names}{failed}", 8000)
        elif self.cancelled:
            self._status.showMessage("Import cancelled; nothing was imported", 8000)
        self.finished.emit()
        self.deleteLater()
