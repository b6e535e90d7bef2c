"""Document ▸ Speakers…: the speakers of the transcripts (turns written ``Name:``, ``NAME:`` or
``[Name]`` at line starts, or the user's pattern), with their turns and characters; "Code turns"
codes the checked speakers' turns with a code each under "Speakers", as one undo step."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from glocal_annotator.errors import GlocalError
from glocal_annotator.operations.speakers import SpeakerReport
from glocal_annotator.ui.common.feedback import guarded, show_error
from glocal_annotator.ui.common.plain import plain_label
from glocal_annotator.ui.common.session import Session
from glocal_annotator.wording import plural

ALL, OPEN = "all", "open"


class SpeakersDialog(QDialog):
    """Find speakers in all documents or the open one, then code their turns."""

    def __init__(self, session: Session, open_document: Callable[[], int | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("speakersDialog")
        self.setWindowTitle("Speakers")
        self.resize(620, 440)
        self._session = session
        self._open_document = open_document
        self.report: SpeakerReport | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.scope = QComboBox(self)
        self.scope.setAccessibleName("Documents")
        self.scope.addItem("All documents", ALL)
        if open_document() is not None:
            self.scope.addItem("The open document", OPEN)
        self.pattern = QLineEdit(self)
        self.pattern.setAccessibleName("Pattern")
        self.pattern.setPlaceholderText("Name:  NAME:  [Name]  at line starts (or a regular "
                                        "expression)")
        form.addRow("&In:", self.scope)
        form.addRow("&Pattern:", self.pattern)
        layout.addLayout(form)
        self.find_button = QPushButton("&Find speakers", self)
        self.find_button.setObjectName("findSpeakers")
        self.find_button.clicked.connect(self.find)
        layout.addWidget(self.find_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.list = QTreeWidget(self)
        self.list.setObjectName("speakersList")
        self.list.setAccessibleName("Speakers found")
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels(["Speaker", "Turns", "Characters", "Documents"])
        header = self.list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        layout.addWidget(self.list)
        self.summary = plain_label(QLabel(self))
        self.summary.setObjectName("speakersSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.code_button = buttons.addButton("&Code turns", QDialogButtonBox.ButtonRole.ApplyRole)
        self.code_button.setObjectName("codeTurns")
        self.code_button.setToolTip("Code each checked speaker's turns with a code of their own "
                                    "under “Speakers” (one undo step)")
        self.code_button.clicked.connect(self.code_turns)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.find()

    def _document_ids(self) -> list[int] | None:
        if self.scope.currentData() == OPEN:
            current = self._open_document()
            return [current] if current is not None else []
        return None

    @guarded
    def find(self) -> None:
        project = self._session.require_project()
        pattern = self.pattern.text().strip() or None
        self.list.clear()
        self.report = None
        self.code_button.setEnabled(False)
        try:
            self.report = project.find_speakers(self._document_ids(), pattern)
        except GlocalError as error:
            self.summary.setText(str(error))
            show_error(self, error, "Finding speakers")
            return
        for speaker in self.report.speakers:
            item = QTreeWidgetItem([speaker.name, f"{speaker.turns:,}",
                                    f"{speaker.characters:,}", f"{speaker.documents:,}"])
            item.setCheckState(0, Qt.CheckState.Checked)
            for column in (1, 2, 3):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight
                                      | Qt.AlignmentFlag.AlignVCenter)
            self.list.addTopLevelItem(item)
        for column in (1, 2, 3):
            self.list.resizeColumnToContents(column)
        found = len(self.report.speakers)
        turns = sum(s.turns for s in self.report.speakers)
        self.summary.setText(
            f"{plural(found, 'speaker')}, {plural(turns, 'turn')} in "
            f"{plural(self.report.documents, 'document')}."
            if found else "No turns found: a turn starts a line with a name and a colon "
            "(Anna:, ANNA:) or a name in brackets ([Anna]). Give a pattern for other forms.")
        self.code_button.setEnabled(bool(found))

    def checked(self) -> list[str]:
        return [self.list.topLevelItem(i).text(0) for i in range(self.list.topLevelItemCount())
                if self.list.topLevelItem(i).checkState(0) == Qt.CheckState.Checked]

    @guarded
    def code_turns(self) -> None:
        if self.report is None:
            return
        names = self.checked()
        if not names:
            raise GlocalError("check the speakers whose turns to code")
        project = self._session.require_project()
        report = self.report
        change = self._session.run("Code speakers' turns",
                                   lambda: project.code_speaker_turns(report, names))
        result = change.result
        self.summary.setText(
            f"Coded {plural(len(result.coding_ids), 'turn')} under Speakers; "
            f"{result.covered:,} already coded were left alone. Edit ▸ Undo takes it back.")
