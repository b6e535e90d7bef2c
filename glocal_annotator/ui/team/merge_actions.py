"""Team ▸ Merge project…: a colleague's copy of the project (another .glocal file) into this one.

The steps (:mod:`glocal_annotator.project_merge` does the work): choose the file; if the other
file has a coder named like one of ours with another GUID, ask whether it is the same person
(join) or another (kept apart as ``NAME (2)``), one check box per name; read and plan on a worker
thread with a reader of our own, with progress per document and batch of codings and a Cancel
that stops the work at its next step (:func:`~glocal_annotator.ui.common.reading.run_reading`;
nothing was changed); show the preview (added / changed / unchanged / only here, notes);
apply it as one undoable step, with progress and Cancel (the window repaints meanwhile; a cancel
rolls it back: :func:`~glocal_annotator.ui.common.reading.run_pumping`); say what was merged.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from glocal_annotator.errors import GlocalError, InvalidOperation
from glocal_annotator.ui.common import folders
from glocal_annotator.ui.common.collaborators import StatusSink
from glocal_annotator.ui.common.feedback import show_notice
from glocal_annotator.ui.common.plain import plain_label
from glocal_annotator.ui.common.plan_preview import PlanPreviewDialog, PlanView
from glocal_annotator.ui.common.reading import run_pumping, run_reading
from glocal_annotator.ui.common.session import Session
from glocal_annotator.wording import listing, plural

if TYPE_CHECKING:
    from glocal_annotator.operations.project_import import ImportCounts

STATUS_MS = 8000
# (kind as the merge counts it, one, many), in the order a report names them
KINDS = (("documents", "document", "documents"), ("codes", "code", "codes"),
         ("codings", "coding", "codings"), ("memos", "memo", "memos"),
         ("coders", "coder", "coders"), ("variables", "variable", "variables"),
         ("values", "variable value", "variable values"), ("sets", "document set", "document sets"))


def merged_text(counts: ImportCounts) -> str:
    """What a merge did, from its :class:`ImportCounts`: ``21 codings and 1 coder added; 2 memos
    changed``, naming only the kinds it touched (``nothing added`` when none)."""
    said = []
    for numbers, verb in ((counts.added, "added"), (counts.changed, "changed")):
        parts = [plural(numbers[kind], one, many) for kind, one, many in KINDS
                 if numbers.get(kind)]
        if parts:
            said.append(f"{listing(parts)} {verb}")
    return "; ".join(said) or "nothing added"


class SameNameDialog(QDialog):
    """Asks, for each coder of the other file named like one of ours but with another GUID,
    whether it is the same person. :meth:`joined` gives the names to join."""

    def __init__(self, parent: QWidget | None, names: list[str]) -> None:
        super().__init__(parent)
        self.setObjectName("sameNameCoders")
        self.setWindowTitle("Merge project: coders of the same name")
        layout = QVBoxLayout(self)
        text = plain_label(QLabel(
            "The other file has coders named like coders of this project, but recorded as "
            "other people (another GUID). Tick a name if it is the same person, working on "
            "another computer: the codings are then joined under one coder. Leave it unticked "
            "if it is someone else: that coder is added as a separate one, named \"NAME (2)\", "
            "so that agreement can still tell the two apart.", self))
        text.setWordWrap(True)
        layout.addWidget(text)
        self.boxes: dict[str, QCheckBox] = {}
        for name in names:
            box = QCheckBox(f"{name} is the same person here and there", self)
            self.boxes[name] = box
            layout.addWidget(box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def joined(self) -> list[str]:
        return [name for name, box in self.boxes.items() if box.isChecked()]


def merge_project_dialog(parent: QWidget, session: Session, status: StatusSink) -> bool:
    """Team ▸ Merge project… (module notes); True when something was merged. Raises
    GlocalError (one message, nothing changed) for a file that is no project, the project
    itself, or a project opened read-only."""
    project = session.require_project()
    if project.read_only:
        raise GlocalError("this project is open read-only; save a copy to merge into it")
    path, _ = QFileDialog.getOpenFileName(parent, "Merge project", folders.start_path(""),
                                          folders.PROJECT_FILTER)
    if not path:
        return False
    folders.remember(path)
    return merge_file(parent, session, status, Path(path))


def merge_file(parent: QWidget, session: Session, status: StatusSink, other: Path) -> bool:
    """Merge the project file ``other`` into the session's project, asking first (see
    :func:`merge_project_dialog`)."""
    from glocal_annotator.project_merge import plan_merge, same_named_coders

    project = session.require_project()
    if other.resolve() == Path(project.path).resolve():
        raise InvalidOperation("a project cannot be merged into itself; choose a colleague's "
                               "copy")
    joined: list[str] = []
    names = same_named_coders(project, other)
    if names:
        dialog = SameNameDialog(parent, names)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        joined = dialog.joined()

    planned = run_reading(
        parent, status, "Merge project", f"Reading {other.name}…", project,
        lambda reader, progress: plan_merge(reader, other, join_coders=joined,
                                            progress=progress),
        cancelled="Merge cancelled; nothing was changed.", name="mergeReadProgress")
    if planned is None:
        return False
    view = PlanView(planned.counts(), planned.preview_lines(), planned.notes, planned.skipped)
    headline = (f"Merge of {other.name} into this project. Documents are matched by their "
                "text, codes by GUID then path; identical codings are not doubled and nothing "
                "of this project is changed or deleted. The whole merge is one step: Edit ▸ "
                "Undo takes it back.")
    if not planned.has_changes:
        headline = f"This project already holds everything in {other.name}."
    preview = PlanPreviewDialog(parent, "Merge project", headline, view, apply_text="Merge")
    if preview.exec() != QDialog.DialogCode.Accepted:
        status.showMessage("Merge cancelled; nothing was changed.", STATUS_MS)
        return False
    change = run_pumping(
        parent, status, "Merge project", f"Merging {other.name}…",
        lambda progress: session.run(
            f"Merge {other.name}", lambda: project.apply_project_import_plan(planned, progress)),
        name="mergeProgress")
    if change is None:  # cancelled: rolled back, and the status bar says so
        return False
    text = f"Merged {other.name}: {merged_text(change.result)} (Edit ▸ Undo takes it back)"
    status.showMessage(text, STATUS_MS)
    kept_apart = [note for note in planned.notes if "kept apart" in note or "added as" in note]
    show_notice(parent, "Merged.", text + "".join(f"\n• {note}" for note in kept_apart))
    return True
