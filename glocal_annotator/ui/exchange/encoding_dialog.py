"""Choosing the encoding of a legacy text file whose encoding detection is unsure.

Shown by the import job (:mod:`.import_dialog`) for each file that failed with
:class:`~glocal_annotator.errors.UncertainEncoding`: a notice, the plausible readings first in a
list of encodings, and a preview of the file's text as the chosen encoding reads it. Import reads
the file again in that encoding; Skip leaves it out. Opened with ``open()`` (not ``exec()``), so
the window stays responsive and the result arrives by the ``finished`` signal.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from glocal_annotator.text_decoding import LABELS, PREFERRED, label

PREVIEW_BYTES = 4096  # enough of the file to recognise its script and words


class EncodingDialog(QDialog):
    """Pick an encoding for ``path``; ``readings`` are (codec, preview) pairs, likeliest first."""

    def __init__(self, parent: QWidget | None, path: Path,
                 readings: tuple[tuple[str, str], ...]) -> None:
        super().__init__(parent)
        self.setObjectName("encodingDialog")
        self.setWindowTitle("Choose the text encoding")
        self.path = path
        try:
            with path.open("rb") as fh:
                self.sample = fh.read(PREVIEW_BYTES)
        except OSError:
            self.sample = b""
        notice = QLabel(
            f"<b>The text encoding of {_escape(path.name)} is uncertain.</b><br>"
            "Its bytes read plausibly in several encodings (it is short, or its code pages "
            "tie). Choose the one in which the preview shows the text as written; nothing is "
            "imported until you do.")
        notice.setWordWrap(True)
        notice.setObjectName("encodingNotice")
        self.choice = QComboBox()
        self.choice.setObjectName("encodingChoice")
        self.choice.setAccessibleName("Encoding")
        likely = [name for name, _ in readings]
        for name in likely:
            self.choice.addItem(f"{label(name)} (likely)", name)
        self.choice.insertSeparator(self.choice.count())
        for name in PREFERRED:
            if name not in likely:
                self.choice.addItem(LABELS.get(name, name), name)
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("encodingPreview")
        self.preview.setAccessibleName("Preview")
        self.preview.setReadOnly(True)
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Skip this file", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(notice)
        layout.addWidget(QLabel("Encoding:"))
        layout.addWidget(self.choice)
        layout.addWidget(QLabel("Preview:"))
        layout.addWidget(self.preview)
        layout.addWidget(buttons)
        self.choice.currentIndexChanged.connect(self._show_preview)
        self._show_preview()
        self.resize(560, 360)

    def encoding(self) -> str:
        """The chosen Python codec name."""
        return self.choice.currentData()

    def choose(self, encoding: str) -> None:
        """Select ``encoding`` (a codec name in the list)."""
        index = self.choice.findData(encoding)
        if index >= 0:
            self.choice.setCurrentIndex(index)

    def _show_preview(self) -> None:
        encoding = self.encoding()
        if not encoding:
            return
        self.preview.setPlainText(self.sample.decode(encoding, errors="replace"))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
