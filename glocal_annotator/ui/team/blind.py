"""Team ▸ Show only my codings: blind coding, so that two coders can code copies of one project
without seeing each other's work before they compare it (Team ▸ Agreement).

A checkable view setting, remembered per project. While it is on, the window shows only the
codings of the coder it codes as (Settings ▸ coder name): the highlights and the margin, the coded
segments and the coding counts (the shell's project listener filters them:
``ProjectSync.set_only_coder``), and every analysis view counts and lists only them, its coders
filter locked to that coder (``AnalysisDock.set_only_coder``): the shell passes ``show_only`` on
to both. The status bar says so for as long as it lasts, in a coloured label that cannot be
missed; nothing in the project changes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from glocal_annotator.ui.common.session import Session
from glocal_annotator.ui.common.settings import Settings

BADGE_STYLE = ("QLabel { background: #FFE9A8; color: #5A4300; border: 1px solid #D9B54A; "
               "border-radius: 3px; padding: 1px 6px; font-weight: bold; }")


class BlindCoding(QObject):
    """The Show only my codings setting of the project in ``session``: ``action`` toggles it,
    ``show_only(name | None)`` applies it to the views, ``coder()`` names the current coder and
    ``status_bar()`` gives the window's status bar (made when first asked for)."""

    def __init__(self, parent: QWidget, session: Session, settings: Settings,
                 show_only: Callable[[str | None], None], coder: Callable[[], str],
                 status_bar: Callable[[], QStatusBar]) -> None:
        super().__init__(parent)
        self._session = session
        self._settings = settings
        self._show_only = show_only
        self._coder = coder
        self._status_bar = status_bar
        self._badge: QLabel | None = None
        self.action = QAction("Show only &my codings", parent)
        self.action.setObjectName("blindCodingAction")
        self.action.setCheckable(True)
        self.action.setShortcut("Ctrl+Shift+B")
        self.action.setToolTip("Blind coding: hide every other coder's codings (highlights, "
                               "margin, coded segments, counts, analysis views) until you "
                               "compare")
        self.action.toggled.connect(self._toggled)

    @property
    def on(self) -> bool:
        return self.action.isChecked()

    def project_opened(self) -> None:
        """A project was opened: take up its remembered setting (the views are loaded)."""
        project = self._session.project
        self.action.setEnabled(project is not None)
        remembered = project is not None and self._settings.blind_coding(project.path)
        if remembered == self.action.isChecked():
            self._apply()  # the views were loaded showing everything: say it again
        else:
            self.action.setChecked(remembered)

    def project_closed(self) -> None:
        blocked = self.action.blockSignals(True)
        self.action.setChecked(False)
        self.action.blockSignals(blocked)
        self.action.setEnabled(False)
        self._badge_text(None)

    def coder_changed(self) -> None:
        """The user now codes under another name: show that coder's codings."""
        if self.on:
            self._apply()

    def _toggled(self, on: bool) -> None:
        project = self._session.project
        if project is not None:
            self._settings.set_blind_coding(project.path, on)
        self._apply()

    def _apply(self) -> None:
        if self._session.project is None:
            return
        name = self._coder() if self.on else None
        self._show_only(name)
        self._badge_text(name)

    def _badge_text(self, name: str | None) -> None:
        if name is None:
            if self._badge is not None:
                self._badge.hide()
            return
        if self._badge is None:
            self._badge = QLabel()
            self._badge.setObjectName("blindCodingBadge")
            self._badge.setStyleSheet(BADGE_STYLE)
            self._badge.setTextFormat(Qt.TextFormat.PlainText)
            self._status_bar().addPermanentWidget(self._badge)
        self._badge.setText(f"Blind coding: only {name}'s codings are shown")
        self._badge.setToolTip("Team ▸ Show only my codings (Ctrl+Shift+B) shows every "
                               "coder's again")
        self._badge.show()
        bar = self._badge.parentWidget()
        if bar is not None and not bar.isVisible() and bar.window().isVisible():
            bar.show()  # a status bar made after the window was shown starts hidden

    def badge_text(self) -> str:
        """What the status bar says of blind coding ("" when it is off)."""
        badge = self._badge
        return badge.text() if badge is not None and not badge.isHidden() else ""
