"""Codebook exchange in the Codebook menu: import a colleague's codebook (.qdc, .qdpx, .csv) with
a preview, export ours as a REFI-QDA codebook (.qdc) or as a Word document (also in the Export
menu).

An import reads the file (:mod:`glocal_annotator.refi.codebook_files`) and plans it
(:mod:`glocal_annotator.operations.codebook_merge_plan`), both Qt-free, then
shows the plan (:class:`~.import_dialog.CodebookImportDialog`) and, if the user
chooses Import, applies it as one undo step named "Import codebook": Ctrl+Z takes every added
code and every update back out. A file that cannot be read is one message; nothing changes.
Exports run on a worker thread with a reader of their own, with progress and Cancel
(:func:`~glocal_annotator.ui.common.reading.run_reading`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QWidget

from glocal_annotator.errors import GlocalError
from glocal_annotator.ui.codebook import import_dialog
from glocal_annotator.ui.common import folders
from glocal_annotator.ui.common.collaborators import StatusSink
from glocal_annotator.ui.common.feedback import guarded
from glocal_annotator.ui.common.reading import run_reading
from glocal_annotator.ui.common.saving import (
    STATUS_MS,
    ask_save_path,
    busy_cursor,
    show_exported,
)
from glocal_annotator.ui.common.session import Session

IMPORT_FILTERS = ";;".join((
    "Codebooks (*.qdc *.qdpx *.qde *.csv)",
    "REFI-QDA codebook (*.qdc)",
    "REFI-QDA project (*.qdpx)",
    "CSV codebook (*.csv)",
    "All files (*)",
))
QDC = ("REFI-QDA codebook", ".qdc")
WORD = ("Word document", ".docx")
UNDO_TEXT = "Import codebook"


class CodebookExchange(QObject):
    """The codebook exchange commands over the project of ``session``; ``parent`` owns the
    actions and the dialogs, ``status`` hears what was done."""

    def __init__(self, parent: QWidget, session: Session, status: StatusSink) -> None:
        super().__init__(parent)
        self._parent = parent
        self._session = session
        self._status = status
        self.import_action = QAction("&Import codebook… (.qdc, .qdpx, .csv)", parent)
        self.import_action.triggered.connect(self.import_codebook)
        self.export_qdc_action = QAction("E&xport codebook (REFI-QDA .qdc)…", parent)
        self.export_qdc_action.triggered.connect(self.export_qdc)
        self.export_word_action = QAction("Export codebook (&Word)…", parent)
        self.export_word_action.triggered.connect(self.export_word)

    def actions(self) -> list[QAction]:
        return [self.import_action, self.export_qdc_action, self.export_word_action]

    def update_actions(self) -> None:
        project = self._session.project
        for action in self.actions():
            action.setEnabled(project is not None)
        self.import_action.setEnabled(project is not None and not project.read_only)

    # -- commands ---------------------------------------------------------------------------

    @guarded
    def import_codebook(self) -> dict[str, int] | None:
        """Choose a file, preview the import, apply it as one undo step; the counts or None."""
        from glocal_annotator.operations.codebook_merge_plan import plan_codebook_import
        from glocal_annotator.refi.codebook_files import read_codebook_file

        parent = self._parent
        project = self._session.require_project()
        if project.read_only:
            raise GlocalError("the project is open read-only, so codes cannot be added to it; "
                              "close the other program that has it open and reopen it")
        chosen, _ = QFileDialog.getOpenFileName(parent, "Import codebook",
                                                folders.start_path(""), IMPORT_FILTERS)
        if not chosen:
            return None
        path = Path(chosen)
        folders.remember(path)
        with busy_cursor():
            codebook = read_codebook_file(path)
            plan = plan_codebook_import(project.codes(), codebook, source=path.name)
        if not import_dialog.ask_codebook_import(parent, plan):
            return None
        # The preview was modal, so the plan still matches the project.
        change = self._session.run(UNDO_TEXT, lambda: project.apply_codebook_plan(plan))
        counts = change.result
        self._status.showMessage(f"Imported {path.name}: {counts['added']} added, "
                                 f"{counts['updated']} updated, {counts['unchanged']} unchanged "
                                 "(Ctrl+Z takes it back).", STATUS_MS)
        return counts

    @guarded
    def export_qdc(self) -> Path | None:
        project = self._session.require_project()
        path = ask_save_path(self._parent, "Export codebook", f"{project.name} codebook", [QDC])
        if path is None:
            return None
        count = run_reading(
            self._parent, self._status, "Export codebook", f"Writing {path.name}…", project,
            lambda reader, progress: _codebook_refi(reader, path, progress))
        if count is None:
            return None
        noun = "code" if count == 1 else "codes"
        show_exported(self._parent, "Export codebook",
                      f"Exported the codebook ({count:,} {noun}) as REFI-QDA. ATLAS.ti, MAXQDA, "
                      "NVivo, QualCoder and other tools can import it.", path, can_open=False,
                      status=self._status)
        return path

    @guarded
    def export_word(self) -> Path | None:
        """The codebook as a Word document (this menu and the Export menu)."""
        project = self._session.require_project()
        path = ask_save_path(self._parent, "Export codebook", f"{project.name} codebook", [WORD])
        if path is None:
            return None
        count = run_reading(
            self._parent, self._status, "Export codebook", f"Writing {path.name}…", project,
            lambda reader, progress: _codebook_docx(reader, path, progress))
        if count is None:
            return None
        noun = "code" if count == 1 else "codes"
        show_exported(self._parent, "Export codebook",
                      f"Exported the codebook ({count:,} {noun}) to Word.", path,
                      status=self._status)
        return path


# Exporters are imported on the worker thread (see export_actions).

def _codebook_refi(reader, path: Path, progress) -> int:  # noqa: ANN001
    from glocal_annotator.exporters.codebook_refi import export_project_codebook

    return export_project_codebook(reader, path, progress=progress)


def _codebook_docx(reader, path: Path, progress) -> int:  # noqa: ANN001
    from glocal_annotator.exporters.codebook_docx import export_codebook_docx

    return export_codebook_docx(reader, path, progress=progress)
