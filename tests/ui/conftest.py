"""Fixtures for the UI tests: fresh settings and a fresh project per test, the real window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QMessageBox

from glocal_annotator.importers import ExtractedText
from glocal_annotator.project import Project
from glocal_annotator.ui import feedback
from glocal_annotator.ui.settings import APPLICATION, ORGANIZATION, use_settings_folder

# Emoji (astral, ZWJ sequence), CJK, combining mark and right-to-left text around plain words.
MIXED_TEXT = (
    "Interview 👩🏽‍🔬 with Amélie about 全球本土化.\n"
    "She said: the global programme was made local. Cafe\u0301 owners agreed!\n"
    "العولمة والمحلية are both present. Women's groups watched the river.\n"
)


@pytest.fixture(autouse=True)
def fresh_settings(tmp_path_factory, qapp):
    use_settings_folder(tmp_path_factory.mktemp("settings"))
    qapp.setOrganizationName(ORGANIZATION)
    qapp.setApplicationName(APPLICATION)
    QSettings(ORGANIZATION, APPLICATION).clear()
    yield
    for box in feedback.open_message_boxes():
        box.close()


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("GLOCAL_ANNOTATOR_DATA", str(folder))
    return folder


@pytest.fixture
def project_path(tmp_path) -> Path:
    """A project with the default codebook and two documents (one with emoji and RTL text)."""
    path = tmp_path / "test.glocal"
    project = Project.create(path, coder="tester")
    project.add_document("mixed.txt", ExtractedText(MIXED_TEXT, "txt"))
    project.add_document(
        "plain.txt",
        ExtractedText("The global chain sells rice burgers.\nLocal women run the market.\n", "txt"),
    )
    project.close()
    return path


@pytest.fixture
def window(qtbot, project_path, data_dir):
    from glocal_annotator.ui import open_window

    win = open_window(project_path)
    qtbot.addWidget(win)
    qtbot.waitExposed(win)
    yield win
    win.close_project()


def find_code(window, name: str):
    return next(c for c in window.codebook.model.codes() if c.name == name)


def message_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)
            and w.isVisible()]


def answer_next_dialog(accept: bool = True, attempts: int = 100) -> None:
    """Accept (or reject) the next modal dialog once it is shown (for exec()-ed dialogs)."""

    def poll(remaining: int = attempts) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            if remaining:
                QTimer.singleShot(20, lambda: poll(remaining - 1))
            return
        if isinstance(dialog, QMessageBox) and accept:
            for button in dialog.buttons():
                if dialog.buttonRole(button) in (QMessageBox.ButtonRole.AcceptRole,
                                                 QMessageBox.ButtonRole.YesRole):
                    button.click()
                    return
        dialog.accept() if accept else dialog.reject()

    QTimer.singleShot(0, poll)



def shown_as(text: str) -> str:
    """What Qt shows for a tooltip or label text: rendered when Qt takes it for rich text."""
    if not GuiQt.mightBeRichText(text):
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()
