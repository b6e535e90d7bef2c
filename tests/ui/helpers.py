"""Helpers for the UI tests: finding codes in the window, answering modal dialogs."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QMessageBox


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
