"""Project ▸ Import REFI-QDA project… and Export REFI-QDA project…: whole projects to and from
NVivo, ATLAS.ti, MAXQDA, QualCoder and a colleague's copy of this app (.qdpx).

Import: choose the file, then where it goes (this project, as a sync; or a new project) and two
choices in plain words (read sources the file names on this computer; keep our colours). The file
is read and planned on a worker thread (:func:`~..common.reading.run_working`), with progress per
step (unpacked and parsed, each source read and resolved, the plan) and a Cancel that stops it at
the next step, nothing changed. Then the report is shown before anything is applied: per
source the units chosen and the selections on word boundaries, added / changed / unchanged / only
here, everything skipped or transformed and why. Applying a sync is one undoable step, written on
the GUI thread (the project's connection lives there) with progress and Cancel
(:func:`.export_actions.run_with_progress`: the window repaints meanwhile; a cancel rolls it
back). A new project is built beside on a worker thread with progress and Cancel (a cancel or a
failure leaves no file behind: :func:`~glocal_annotator.project_exchange.build_new_project`) and
opened when complete.

Export: what the common readers will drop is said first (:func:`~glocal_annotator.refi.
reader_warnings.reader_warnings`, as the command line warns), then the file is written with
progress and Cancel (:func:`.export_actions.run_with_progress`), whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from glocal_annotator.errors import GlocalError, OperationCancelled
from glocal_annotator.ui.common import dialogs, folders
from glocal_annotator.ui.common.collaborators import StatusSink
from glocal_annotator.ui.common.feedback import guarded
from glocal_annotator.ui.common.plain import plain_label
from glocal_annotator.ui.common.plan_preview import PlanPreviewDialog, PlanView
from glocal_annotator.ui.common.reading import run_pumping, run_reading, run_working
from glocal_annotator.ui.common.saving import ask_save_path, show_exported
from glocal_annotator.ui.common.session import Session
from glocal_annotator.ui.exchange.export_actions import plural, run_with_progress

QDPX_FILTER = "REFI-QDA project (*.qdpx *.QDPX *.qde *.QDE);;All files (*)"
STATUS_MS = 8000
TITLE = "Import REFI-QDA project"
NOT_CHANGED = "Import cancelled; nothing was changed."
NOT_WRITTEN = "Import cancelled; nothing was written."
OUTSIDE_FILES_HELP = (
    "Some tools do not put the documents inside the .qdpx file but name where they lie on the "
    "computer that wrote it (relative:// or absolute:// paths). Tick this to read such "
    "documents from this computer, where they are found. Leave it off for a file you were "
    "sent: the import then takes nothing from your disk, and lists such documents as skipped.")
KEEP_COLOURS_HELP = (
    "Other tools change colours to their own palettes. Ticked, codes this project already has "
    "keep the colours you gave them; otherwise they take the file's.")


@dataclass(frozen=True)
class QdpxImportOptions:
    """Where an import goes (``into_project``: the open project, as a sync; else a new
    project) and the two choices of the dialog."""

    into_project: bool
    outside_files: bool
    keep_colours: bool


class QdpxImportOptionsDialog(QDialog):
    """Where the file goes and how: a sync into the open project (when one is open and
    writable) or a new project; outside files; keep colours. Plain words for each."""

    def __init__(self, parent: QWidget | None, file_name: str, project_name: str | None) -> None:
        super().__init__(parent)
        self.setObjectName("qdpxImportOptions")
        self.setWindowTitle("Import REFI-QDA project")
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(QLabel(f"Import {file_name}", self)))
        self.into_project = QRadioButton(
            f"Into this project ({project_name}): add what is new and update what "
            "changed; nothing here is deleted" if project_name else "Into this project", self)
        self.new_project = QRadioButton("As a new project", self)
        group = QButtonGroup(self)
        for button in (self.into_project, self.new_project):
            group.addButton(button)
            layout.addWidget(button)
        self.into_project.setEnabled(project_name is not None)
        (self.into_project if project_name else self.new_project).setChecked(True)
        self.outside_files = QCheckBox("Read documents the file names on this computer "
                                       "(relative:// or absolute:// paths)", self)
        self.outside_files.setObjectName("outsideFiles")
        layout.addWidget(self.outside_files)
        layout.addWidget(self._help(OUTSIDE_FILES_HELP))
        self.keep_colours = QCheckBox("Keep our colours for codes this project already has",
                                      self)
        self.keep_colours.setObjectName("keepColours")
        self.keep_colours.setChecked(True)
        layout.addWidget(self.keep_colours)
        layout.addWidget(self._help(KEEP_COLOURS_HELP))
        self.into_project.toggled.connect(self.keep_colours.setEnabled)
        self.keep_colours.setEnabled(self.into_project.isChecked())
        buttons = QDialogButtonBox(self)
        buttons.addButton("Read the file", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _help(self, text: str) -> QLabel:
        label = plain_label(QLabel(text, self))
        label.setWordWrap(True)
        label.setIndent(22)
        label.setStyleSheet("color: #555555;")
        return label

    def options(self) -> QdpxImportOptions:
        return QdpxImportOptions(self.into_project.isChecked(), self.outside_files.isChecked(),
                                 self.keep_colours.isChecked())


def plan_view(report) -> PlanView:  # noqa: ANN001 - project_exchange.QdpxImportReport
    """What the preview shows of an import report."""
    return PlanView(report.counts, report.preview, report.notes, report.skipped,
                    report.transformed, report.units)


class QdpxExchange(QObject):
    """Project ▸ Import/Export REFI-QDA project over the project of ``session``; ``parent`` owns
    the actions and dialogs; ``open_project(path)`` opens a project built from a file; ``coder()``
    names who is credited with codings a file names no user for."""

    def __init__(self, parent: QWidget, session: Session, status: StatusSink,
                 open_project: Callable[[Path], object], coder: Callable[[], str]) -> None:
        super().__init__(parent)
        self._parent = parent
        self._session = session
        self._status = status
        self._open_project = open_project
        self._coder = coder
        self.import_action = QAction("Import &REFI-QDA project (.qdpx)…", parent)
        self.import_action.triggered.connect(self.import_qdpx)
        self.export_action = QAction("E&xport REFI-QDA project (.qdpx)…", parent)
        self.export_action.triggered.connect(self.export_qdpx)

    def actions(self) -> list[QAction]:
        return [self.import_action, self.export_action]

    def update_actions(self) -> None:
        self.export_action.setEnabled(self._session.project is not None)

    # -- import --------------------------------------------------------------------------------

    @guarded
    def import_qdpx(self) -> bool:
        """Ask for a file and import it (module notes); True when something was imported."""
        path, _ = QFileDialog.getOpenFileName(self._parent, "Import REFI-QDA project",
                                              folders.start_path(""), QDPX_FILTER)
        if not path:
            return False
        folders.remember(path)
        return self.import_file(Path(path))

    def import_file(self, path: Path) -> bool:
        project = self._session.project
        writable = project is not None and not project.read_only
        dialog = QdpxImportOptionsDialog(self._parent, path.name,
                                         project.name if writable else None)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        options = dialog.options()
        if options.into_project:
            return self._sync(path, options)
        return self._new_project(path, options)

    def _sync(self, path: Path, options: QdpxImportOptions) -> bool:
        from glocal_annotator.project_exchange import prepare_import

        project = self._session.require_project()
        coder = project.coder_name

        prepared = run_reading(
            self._parent, self._status, TITLE, f"Reading {path.name}…", project,
            lambda reader, progress: prepare_import(
                reader, path, target=project.path, keep_colours=options.keep_colours,
                coder=coder, outside_files=options.outside_files, progress=progress),
            cancelled=NOT_CHANGED, name="qdpxReadProgress")
        if prepared is None:
            return False
        plan, report = prepared
        headline = (f"Import of {path.name} into this project. Documents are matched by their "
                    "text, codes by GUID then path, codings by identity: what is already here "
                    "is not doubled, and nothing here is deleted. The whole import is one step: "
                    "Edit ▸ Undo takes it back.")
        if not plan.has_changes:
            headline = f"This project already holds everything in {path.name}."
        preview = PlanPreviewDialog(self._parent, "Import REFI-QDA project", headline,
                                    plan_view(report), apply_text="Import")
        if preview.exec() != QDialog.DialogCode.Accepted:
            self._status.showMessage("Import cancelled; nothing was changed.", STATUS_MS)
            return False
        change = run_pumping(  # run_with_progress, named for tests
            self._parent, self._status, TITLE, f"Importing {path.name}…",
            lambda progress: self._session.run(
                f"Import {path.name}", lambda: project.apply_project_import_plan(plan, progress)),
            name="qdpxApplyProgress")
        if change is None:  # cancelled: rolled back, and the status bar says so
            return False
        added = change.result if isinstance(change.result, dict) else report.imported()
        self._status.showMessage(f"Imported {path.name}: " + _counts_text(added), STATUS_MS)
        return True

    def _new_project(self, path: Path, options: QdpxImportOptions) -> bool:
        from glocal_annotator.project_exchange import build_new_project, prepare_import

        target = ask_save_path(self._parent, "New project from REFI-QDA file", path.stem,
                               [("Glocal Annotator project", ".glocal")])
        if target is None:
            return False
        if target.exists():
            raise GlocalError(f"{target.name} exists already; choose another name (an import "
                              "never writes over a project)")
        coder = self._coder()
        prepared = run_working(
            self._parent, self._status, TITLE, f"Reading {path.name}…",
            lambda progress: prepare_import(None, path, target=target, coder=coder,
                                            outside_files=options.outside_files,
                                            progress=progress),
            cancelled=NOT_WRITTEN, name="qdpxReadProgress")
        if prepared is None:
            return False
        plan, report = prepared
        preview = PlanPreviewDialog(
            self._parent, "Import REFI-QDA project",
            f"A new project {target.name} from {path.name}:", plan_view(report),
            apply_text="Create the project")
        if preview.exec() != QDialog.DialogCode.Accepted:
            self._status.showMessage("Import cancelled; nothing was written.", STATUS_MS)
            return False

        def build(progress: Callable[[int, int], object]) -> bool:
            try:
                build_new_project(target, plan, coder, progress)
            except OperationCancelled:
                raise
            except GlocalError as error:  # build_new_project left nothing behind
                said = str(error)
                if "nothing was" not in said:
                    said += "; nothing was written"
                raise GlocalError(f"{target.name} was not created: {said}") from error
            return True

        if run_working(self._parent, self._status, TITLE, f"Creating {target.name}…", build,
                       cancelled=NOT_WRITTEN, name="qdpxBuildProgress") is None:
            return False
        self._open_project(target)
        self._status.showMessage(f"Created {target.name} from {path.name}: "
                                 + _counts_text(report.imported()), STATUS_MS)
        return True

    # -- export --------------------------------------------------------------------------------

    @guarded
    def export_qdpx(self) -> Path | None:
        """Warn about what other tools drop, ask for a file name, write the .qdpx."""
        from glocal_annotator.exporters.project_qdpx import export_project_qdpx
        from glocal_annotator.model import Codebook
        from glocal_annotator.refi.reader_warnings import reader_warnings

        parent = self._parent
        project = self._session.require_project()
        warnings = reader_warnings(Codebook.from_codes(project.codes()))
        if warnings and not dialogs.confirm(
                parent, "Export REFI-QDA project",
                "Other tools will not keep all of this project:\n\n"
                + "\n\n".join(f"• {warning}" for warning in warnings)
                + "\n\nExport anyway? (This project is not changed either way.)",
                "Export anyway"):
            return None
        path = ask_save_path(parent, "Export REFI-QDA project", project.name,
                             [("REFI-QDA project", ".qdpx")])
        if path is None:
            return None
        result = run_with_progress(
            parent, self._status, "Export REFI-QDA project", f"Writing {path.name}…",
            lambda progress: export_project_qdpx(project, path, progress))
        if result is None:
            return None
        parts = [plural(result.documents, "document"), plural(result.codes, "code"),
                 plural(result.codings, "coding"), *result.memo_parts()]
        text = (f"Exported {', '.join(parts)} and {plural(result.coders, 'user')} to "
                "REFI-QDA (for NVivo, ATLAS.ti, MAXQDA, QualCoder).")
        show_exported(parent, "Export REFI-QDA project", text, path, can_open=False,
                      status=self._status)
        return path


def _counts_text(counts: dict) -> str:
    """``3 documents, 1 code, 12 codings ... added`` from per-kind counts of what was added."""
    labels = (("documents", "document"), ("codes", "code"), ("codings", "coding"),
              ("coding_memos", "coding memo"), ("document_memos", "document memo"),
              ("memos", "project memo"), ("coders", "user"))
    parts = []
    for kind, word in labels:
        value = counts.get(kind, 0)
        if isinstance(value, dict):
            value = value.get("added", 0)
        parts.append(plural(int(value), word))
    return ", ".join(parts) + " added"
