"""User text shown as plain text, everywhere.

Qt guesses: a tooltip, a QLabel or a message box whose text merely *looks* like HTML (``<b>x</b>``
on its first line, or ``&lt;``) is rendered as rich text, so a code named ``<b>x</b>`` turns bold
and one named ``<script>`` vanishes. Menu and button texts take ``&`` as a keyboard mnemonic.
Every place that shows a name, memo, path or excerpt goes through these helpers:

- :func:`tip` for tooltips (item tooltips, ``setToolTip``, ``QToolTip.showText``): the text
  escaped into a paragraph, so Qt shows it literally (and wraps a long memo);
- :func:`plain_label` and :func:`plain_message_box` fix a label's or a message box's format;
- :func:`menu_text` doubles ``&`` in action and button texts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel, QMessageBox


def tip(text: str) -> str:
    """A tooltip that shows ``text`` exactly as written (line breaks kept)."""
    if not text:
        return ""
    return GuiQt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def menu_text(text: str) -> str:
    """``text`` for a QAction or button: ``&`` shown, not taken as a mnemonic."""
    return text.replace("&", "&&")


def plain_label(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_message_box(box: QMessageBox) -> QMessageBox:
    """Show the box's text and informative text as plain text (call after setting them)."""
    box.setTextFormat(Qt.TextFormat.PlainText)
    for label in box.findChildren(QLabel):
        if label.objectName() == "qt_msgbox_informativelabel":
            label.setTextFormat(Qt.TextFormat.PlainText)
    return box
