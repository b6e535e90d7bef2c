"""The Document menu's commands (Variables and sets…, Speakers…) and the documents list's menu
(Add to set, Remove from set): each change one undo step of the window's session."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from glocal_annotator.ui.common import dialogs
from glocal_annotator.ui.common.feedback import guarded
from glocal_annotator.ui.common.plain import menu_text
from glocal_annotator.ui.common.session import Session
from glocal_annotator.ui.variables.dialog import VariablesDialog
from glocal_annotator.ui.variables.speakers_dialog import SpeakersDialog


class DocumentDataController(QObject):
    """Variables, sets and speakers for the project of ``session``; ``open_document()`` is the
    document open in the window (or None), ``document_at(pos)`` the document under a point of
    the documents list; ``parent`` owns the actions and the dialogs."""

    def __init__(self, parent: QWidget, session: Session,
                 open_document: Callable[[], int | None]) -> None:
        super().__init__(parent)
        self._parent = parent
        self._session = session
        self._open_document = open_document
        self.variables_action = QAction("&Variables and sets…", parent)
        self.variables_action.setToolTip("Document variables (attributes) and document sets")
        self.variables_action.triggered.connect(self.show_variables)
        self.speakers_action = QAction("&Speakers…", parent)
        self.speakers_action.setToolTip("Find the speakers of transcripts and code their turns")
        self.speakers_action.triggered.connect(self.show_speakers)
        self.dialog: VariablesDialog | None = None
        self.speakers: SpeakersDialog | None = None

    def actions(self) -> list[QAction]:
        return [self.variables_action, self.speakers_action]

    def update_actions(self) -> None:
        opened = self._session.project is not None
        for action in self.actions():
            action.setEnabled(opened)

    @guarded
    def show_variables(self) -> None:
        self._session.require_project()
        self.dialog = VariablesDialog(self._session, self._parent)
        self.dialog.open()

    @guarded
    def show_speakers(self) -> None:
        self._session.require_project()
        self.speakers = SpeakersDialog(self._session, self._open_document, self._parent)
        self.speakers.open()

    # -- the documents list's menu -----------------------------------------------------------

    def document_menu(self, document_id: int | None) -> QMenu:
        """The context menu for one document of the list: add it to a set (a new one too),
        take it out of a set it is in, open the Variables and sets dialog."""
        menu = QMenu(self._parent)
        menu.setObjectName("documentMenu")
        project = self._session.project
        if project is None or document_id is None:
            menu.addAction(self.variables_action)
            return menu
        sets = project.document_set_list()
        adding = menu.addMenu("&Add to set")
        for item in sets:
            if document_id not in item.document_ids:
                adding.addAction(menu_text(item.name)).triggered.connect(
                    lambda _c=False, s=item.id: self.add_to_set(s, document_id))
        if sets:
            adding.addSeparator()
        adding.addAction("&New set…").triggered.connect(lambda: self.new_set(document_id))
        holding = [item for item in sets if document_id in item.document_ids]
        removing = menu.addMenu("&Remove from set")
        removing.setEnabled(bool(holding))
        for item in holding:
            removing.addAction(menu_text(item.name)).triggered.connect(
                lambda _c=False, s=item.id: self.remove_from_set(s, document_id))
        menu.addSeparator()
        menu.addAction(self.variables_action)
        return menu

    def show_document_menu(self, document_id: int | None, where: QPoint) -> None:
        self.document_menu(document_id).popup(where)

    @guarded
    def add_to_set(self, set_id: int, document_id: int) -> None:
        project = self._session.require_project()
        self._session.run("Add to set", lambda: project.add_to_document_set(set_id,
                                                                            [document_id]))

    @guarded
    def remove_from_set(self, set_id: int, document_id: int) -> None:
        project = self._session.require_project()
        self._session.run("Remove from set",
                          lambda: project.remove_from_document_set(set_id, [document_id]))

    @guarded
    def new_set(self, document_id: int) -> None:
        name = dialogs.ask_text(self._parent, "New set", "Name of the set:")
        if not name:
            return
        project = self._session.require_project()
        self._session.run(f"Add set {name}",
                          lambda: project.add_document_set(name, [document_id]))
