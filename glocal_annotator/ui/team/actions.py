"""The Team menu's commands: Merge project…, Agreement…, Disagreements…, Show only my codings.

Given only what they work with (the shell wires them): the session, the status bar, the settings
(blind coding is remembered per project), how to show one coder's codings alone, the name the
user codes as, and a maker of passage viewers (the document room's per-coder lanes). The
Agreement and Disagreements windows are modeless: one of each, raised when asked again, closed
with the project.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QStatusBar, QWidget

from glocal_annotator.ui.common.collaborators import PassageViewer, StatusSink
from glocal_annotator.ui.common.feedback import guarded
from glocal_annotator.ui.common.session import Session
from glocal_annotator.ui.common.settings import Settings
from glocal_annotator.ui.team.blind import BlindCoding


class TeamController(QObject):
    """The Team menu over the project of ``session`` (see the module notes)."""

    def __init__(self, parent: QWidget, session: Session, status: StatusSink,
                 settings: Settings, *, show_only: Callable[[str | None], None],
                 coder: Callable[[], str], status_bar: Callable[[], QStatusBar],
                 make_viewer: Callable[[QWidget], PassageViewer]) -> None:
        super().__init__(parent)
        self._parent = parent
        self._session = session
        self._status = status
        self._make_viewer = make_viewer
        self.windows: dict[str, QDialog] = {}
        self.merge_action = self._action("&Merge project…", self.merge)
        self.merge_action.setToolTip("Merge a colleague's copy of this project into it")
        self.agreement_action = self._action("&Agreement…", self.show_agreement)
        self.disagreements_action = self._action("&Disagreements…", self.show_disagreements)
        self.blind = BlindCoding(parent, session, settings, show_only, coder, status_bar)

    def _action(self, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self._parent)
        action.triggered.connect(slot)
        return action

    def actions(self) -> list[QAction | None]:
        """The menu's actions in order (None: a separator)."""
        return [self.merge_action, None, self.agreement_action, self.disagreements_action, None,
                self.blind.action]

    def update_actions(self) -> None:
        project = self._session.project
        for action in (self.merge_action, self.agreement_action, self.disagreements_action,
                       self.blind.action):
            action.setEnabled(project is not None)
        self.merge_action.setEnabled(project is not None and not project.read_only)

    # -- project lifecycle ---------------------------------------------------------------------

    def project_opened(self) -> None:
        self.blind.project_opened()

    def project_closed(self) -> None:
        for window in list(self.windows.values()):
            window.close()
            window.deleteLater()
        self.windows.clear()
        self.blind.project_closed()

    # -- commands ------------------------------------------------------------------------------

    @guarded
    def merge(self) -> bool:
        from glocal_annotator.ui.team.merge_actions import merge_project_dialog

        return merge_project_dialog(self._parent, self._session, self._status)

    @guarded
    def show_agreement(self) -> QDialog:
        from glocal_annotator.ui.team.agreement_dialog import AgreementDialog

        return self._show("agreement", lambda: AgreementDialog(self._parent, self._session,
                                                               self._status))

    @guarded
    def show_disagreements(self) -> QDialog:
        from glocal_annotator.ui.team.disagreements import DisagreementsWindow

        return self._show("disagreements", lambda: DisagreementsWindow(
            self._parent, self._session, self._status, self._make_viewer))

    def _show(self, key: str, make: Callable[[], QDialog]) -> QDialog:
        self._session.require_project()
        window = self.windows.get(key)
        if window is None:
            window = self.windows[key] = make()
            window.finished.connect(lambda _result, k=key: self._closed(k))
        else:
            window.reload()  # new coders or codes since it was opened
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _closed(self, key: str) -> None:
        window = self.windows.pop(key, None)
        if window is not None:
            window.deleteLater()
