"""The Export menu: coded excerpts as a Word report or a table, one coded document, the codebook.

Each command asks for its options (:mod:`.export_dialogs`), then for a file name (a default
name and folder, the right suffix added when it is missing:
:func:`~glocal_annotator.ui.common.saving.ask_save_path`), then runs a Qt-free exporter from
:mod:`glocal_annotator.exporters` and offers to open the file or its folder. Exporters write
atomically, so a failure or a cancelled export leaves nothing behind; a
:class:`~glocal_annotator.errors.GlocalError` is shown as one message (``feedback.guarded``).
The codebook's Word export is the codebook room's (given to :class:`ExportController`).

Every export here runs on a worker thread with a reader of its own, under a progress dialog
with Cancel (:func:`~glocal_annotator.ui.common.reading.run_reading`): the window repaints and
can be moved throughout (a 3M-character coded document with 50,000 codings takes seconds).
:func:`run_with_progress` runs a job on the GUI thread instead, for jobs that write (an import
into the project, a merge): see its doc.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from glocal_annotator.errors import GlocalError
from glocal_annotator.exporters._common import ReportFigure
from glocal_annotator.model import CodingFilter
from glocal_annotator.ui.common import dialogs
from glocal_annotator.ui.common.collaborators import OpenDocument, StatusSink
from glocal_annotator.ui.common.feedback import guarded
from glocal_annotator.ui.common.reading import run_pumping, run_reading
from glocal_annotator.ui.common.saving import ask_save_path, busy_cursor, show_exported
from glocal_annotator.ui.common.session import Session
from glocal_annotator.ui.exchange import export_dialogs
from glocal_annotator.wording import plural

T = TypeVar("T")
# The charts of a report for a selection of excerpts (the shell draws them with the analysis
# room's charts: this room does not import that one).
Figures = Callable[[CodingFilter], tuple[ReportFigure, ...]]
WORD = ("Word document", ".docx")
TABLE_CHOICES = {".xlsx": ("Excel workbook", ".xlsx"), ".csv": ("CSV table", ".csv")}


def run_with_progress(parent: QWidget, status: StatusSink, title: str, label: str,
                      job: Callable[[Callable[[int, int], bool]], T]) -> T | None:
    """Run ``job(progress)`` under a cancellable progress dialog over ``parent``; None if the
    user cancelled (``status`` says so: "Export cancelled; nothing was written." when the job
    raised ``ExportCancelled``, the ``OperationCancelled``'s own words otherwise).

    The job runs on the main (GUI) thread, not in a worker: it may write, and writes belong to
    the project's connection on this thread (the undo stack, the listeners and the views
    follow them here). ``progress(done, total)`` lets Qt process events: the window repaints
    and can be moved, and the dialog's Cancel works (the next call returns False; the job then
    stops by raising, its transaction rolled back). A job should call it at least every few
    tens of milliseconds of work: the window waits that long at most. The dialog is
    window-modal, so the project cannot be changed by the user meanwhile; before the dialog
    shows (after 400 ms) user input is held back for the same reason, and the project refuses
    a change asked for on this thread while the job's own change or read is under way. A job
    that only reads is better run on a worker thread
    (:func:`~glocal_annotator.ui.common.reading.run_reading`).
    """
    return run_pumping(parent, status, title, label, job)


class ExportController(QObject):
    """The Export menu's commands, over the project of ``session``; ``parent`` owns the actions
    and the dialogs, ``document`` is the open document (exported by "Coded document"),
    ``export_codebook`` writes the codebook as a Word document, ``figures(selection)``
    draws the charts of a report that asks for them, and ``only_coders()`` names the coder ids
    blind coding leaves shown (None: it is off): the excerpts, the report's summary and its
    charts then count those coders' codings alone, as the analysis views do."""

    def __init__(self, parent: QWidget, session: Session, document: OpenDocument,
                 status: StatusSink, export_codebook: Callable[[], Path | None],
                 figures: Figures | None = None,
                 only_coders: Callable[[], tuple[int, ...] | None] | None = None) -> None:
        super().__init__(parent)
        self._figures = figures
        self._only_coders = only_coders
        self._parent = parent
        self._session = session
        self._document = document
        self._status = status
        self._export_codebook = export_codebook
        self.report_action = self._action("Coded &excerpts report (Word)…", self.export_report)
        self.table_action = self._action("Coded excerpts &table (CSV/Excel)…", self.export_table)
        self.document_action = self._action("Coded &document (Word)…", self.export_document)
        self.codebook_action = self._action("&Codebook (Word)…", self.export_codebook)

    def _action(self, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self._parent)
        action.triggered.connect(slot)
        return action

    def actions(self) -> list[QAction]:
        return [self.report_action, self.table_action, self.document_action,
                self.codebook_action]

    def update_actions(self) -> None:
        project = self._session.project
        for action in self.actions():
            action.setEnabled(project is not None)

    def _blind(self, where: CodingFilter) -> CodingFilter:
        """``where`` within the coders blind coding shows (unchanged when it is off)."""
        return where.within_coders(self._shown_coders())

    def _shown_coders(self) -> tuple[int, ...] | None:
        """The coder ids blind coding leaves shown; None when it is off."""
        return self._only_coders() if self._only_coders else None

    def _blind_note(self) -> str:
        on = self._shown_coders() is not None
        return " Only your codings: blind coding is on (Team ▸ Show only my codings)." if on \
            else ""

    # -- commands ---------------------------------------------------------------------------

    @guarded
    def export_report(self) -> Path | None:
        parent = self._parent
        project = self._session.require_project()
        options = export_dialogs.ask_report_options(
            parent, project, only_coders=self._shown_coders())
        if options is None:
            return None
        options = replace(options, where=self._blind(options.where))
        path = ask_save_path(parent, "Export coded excerpts", f"{project.name} coded excerpts",
                             [WORD])
        if path is None:
            return None
        if options.include_charts and self._figures is not None:
            with busy_cursor():
                options = replace(options, figures=self._figures(options.where))
        count = run_reading(
            parent, self._status, "Export coded excerpts", f"Writing {path.name}…", project,
            lambda reader, progress: _excerpts_docx(reader, path, options, progress),
        )
        if count is None:
            return None
        show_exported(parent, "Export coded excerpts",
                      f"Exported {plural(count, 'coded excerpt')} to Word.{self._blind_note()}",
                      path,
                      status=self._status)
        return path

    @guarded
    def export_table(self) -> Path | None:
        parent = self._parent
        project = self._session.require_project()
        options = export_dialogs.ask_table_options(
            parent, project, only_coders=self._shown_coders())
        if options is None:
            return None
        options = replace(options, where=self._blind(options.where))
        first = TABLE_CHOICES.get(options.suffix, TABLE_CHOICES[".xlsx"])
        choices = [first, *(c for c in TABLE_CHOICES.values() if c != first)]
        path = ask_save_path(parent, "Export coded excerpts table",
                             f"{project.name} coded excerpts", choices)
        if path is None:
            return None
        count = run_reading(
            parent, self._status, "Export coded excerpts table", f"Writing {path.name}…",
            project, lambda reader, progress: _excerpts_table(reader, path, options.where,
                                                              progress),
        )
        if count is None:
            return None
        show_exported(parent, "Export coded excerpts table",
                      f"Exported {plural(count, 'coded excerpt')} as a table.{self._blind_note()}",
                      path,
                      status=self._status)
        return path

    @guarded
    def export_document(self) -> Path | None:
        parent = self._parent
        project = self._session.require_project()
        documents = project.documents()
        if not documents:
            raise GlocalError("the project has no documents yet; import some first")
        document_id = self._document.document_id
        if document_id is None or all(d.id != document_id for d in documents):
            index = dialogs.ask_item(parent, "Export coded document", "Document to export:",
                                     [d.name for d in documents])
            if index is None:
                return None
            document_id = documents[index].id
        document = project.document(document_id)
        path = ask_save_path(parent, "Export coded document",
                             f"{Path(document.name).stem} coded", [WORD])
        if path is None:
            return None
        count = run_reading(
            parent, self._status, "Export coded document", f"Writing {path.name}…", project,
            lambda reader, progress: _document_docx(reader, document_id, path, progress),
        )
        if count is None:
            return None
        show_exported(parent, "Export coded document",
                      f"Exported {document.name} with {plural(count, 'coding')} to Word.", path,
                      status=self._status)
        return path

    @guarded
    def export_codebook(self) -> Path | None:
        return self._export_codebook()


# The exporters are imported on the worker thread: loading them (and lxml, openpyxl) takes
# longer than a turn of the event loop should.

def _excerpts_docx(reader, path: Path, options, progress) -> int:  # noqa: ANN001
    from glocal_annotator.exporters.excerpts_docx import export_excerpts_docx

    return export_excerpts_docx(reader, path, options, progress)


def _excerpts_table(reader, path: Path, where, progress) -> int:  # noqa: ANN001
    from glocal_annotator.exporters.tables import export_excerpts_table

    return export_excerpts_table(reader, path, where, progress=progress)


def _document_docx(reader, document_id: int, path: Path, progress) -> int:  # noqa: ANN001
    from glocal_annotator.exporters.document_docx import export_document_docx

    return export_document_docx(reader, document_id, path, progress=progress)
