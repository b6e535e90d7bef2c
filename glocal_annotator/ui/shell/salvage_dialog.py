"""A damaged project in the app: say so, and offer to copy what can still be read into a new
project (what ``glocal-annotator salvage`` does), then open that.

The damaged file is only read, never changed; the new one is made beside it (or where the user
says) and opened when done. What could not be copied is listed in the report's details.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from glocal_annotator.errors import GlocalError, ProjectDamaged
from glocal_annotator.ui.common import folders
from glocal_annotator.ui.common.feedback import show_notice
from glocal_annotator.ui.common.plain import plain_message_box
from glocal_annotator.wording import agreeing, plural


def ask_to_salvage(parent: QWidget, path: Path, error: ProjectDamaged) -> bool:
    """Tell the user the project is damaged; True if they want to save what can be read."""
    what = getattr(error, "what", str(error))
    box = QMessageBox(parent)
    box.setObjectName("damagedProject")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Glocal Annotator")
    box.setText(f"The project file {path.name} is damaged.")
    box.setInformativeText(
        f"What is wrong: {what}.\n\nNothing was changed. Glocal Annotator can copy everything "
        "that can still be read into a new project and list what could not; the damaged file "
        "stays as it is."
    )
    plain_message_box(box)
    save = box.addButton("Save what can be read…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(save)
    box.exec()
    return box.clickedButton() is save


def choose_target(parent: QWidget, path: Path) -> Path | None:
    """Where to save the new project (a file dialog); None if cancelled."""
    from glocal_annotator.ui.common.folders import PROJECT_FILTER

    folder = path.parent if folders.usable(path.parent) else folders.start_folder()
    suggested = folder / f"{path.stem} (salvaged).glocal"
    chosen, _ = QFileDialog.getSaveFileName(parent, "Save what can be read as a new project",
                                            str(suggested), PROJECT_FILTER)
    if not chosen:
        return None
    target = Path(chosen) if Path(chosen).suffix else Path(chosen).with_suffix(".glocal")
    folders.remember(target)
    return target


def offer_salvage(window, path: Path, error: ProjectDamaged) -> bool:
    """The whole offer: ask, choose where, salvage, report, open the new project. True if a
    new project was opened. Raises GlocalError (shown by the caller) if it cannot be made."""
    if not ask_to_salvage(window, path, error):
        return False
    target = choose_target(window, path)
    if target is None:
        return False
    from glocal_annotator.repair import salvage_project, summary

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        report = salvage_project(path, target)
    finally:
        QApplication.restoreOverrideCursor()
    if not window.open_project(target):
        raise GlocalError(f"{target.name} was made but could not be opened")
    lines = [f"Copied into {target.name}: {summary(report.copied)}."]
    if report.complete:
        lines.append("Everything was copied as it was.")
    if report.lost_count:
        lines.append(f"{plural(report.lost_count, 'thing')} could not be copied; see the "
                     "details.")
    if report.mended_count:
        lines.append(f"{plural(report.mended_count, 'thing')} "
                     f"{agreeing(report.mended_count, 'was', 'were')} copied with a change; "
                     "see the details.")
    box = show_notice(window, "Saved what could be read.", "\n".join(lines))
    details = [*(f"Could not be copied: {line}" for line in report.lost),
               *(f"Copied with a change: {line}" for line in report.mended)]
    if details:
        box.setDetailedText("\n".join(details))
    return True
