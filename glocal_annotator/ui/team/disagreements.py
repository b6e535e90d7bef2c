"""Team ▸ Disagreements…: every passage where the coders differ, each opened beside the others'
codings, and settled into a consensus coder's codings.

The list (:func:`glocal_annotator.analysis.project_agreement.disagreement_list`) has a row per
passage: document, code, where, who coded it, who did not, and what the consensus coder has
coded there so far. Selecting a row shows its document in a :class:`~..common.collaborators.
PassageViewer` (one margin lane per coder, the consensus coder's lane last) with the passage
marked. The list is found when the window opens, for the coders and codes ticked by default
(every coder but the consensus coder, every code), as the user expects; Find disagreements
finds it again for other choices. The buttons under it settle it
(:func:`glocal_annotator.analysis.settle.settle`): keep one coder's coding, keep both (all),
or code the text selected in the viewer; each decision is one undoable step, recorded as
codings of the consensus coder, so each coder's own codings stay as they were. The window
follows every change of the project (an undo too). The list exports to Word and CSV.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from glocal_annotator.analysis.settle import CONSENSUS_CODER
from glocal_annotator.code_paths import display_path
from glocal_annotator.errors import GlocalError
from glocal_annotator.model import Coding
from glocal_annotator.ui.common.collaborators import LaneCoding, PassageViewer, StatusSink
from glocal_annotator.ui.common.feedback import guarded
from glocal_annotator.ui.common.plain import menu_text, tip
from glocal_annotator.ui.common.saving import ask_save_path, busy_cursor, show_exported
from glocal_annotator.ui.common.session import Session
from glocal_annotator.ui.team.choosers import CodersCodesChooser
from glocal_annotator.wording import listing, plural

HEADERS = ("Document", "Code", "Where", "Coded by", "Not coded by", "Consensus", "Passage")
EXCERPT = 80
NAME_COLUMNS = {0: 170, 1: 200}  # Document, Code: their widest, in logical pixels


class _Elided(QStyledItemDelegate):
    """Text cut where ``mode`` says when its column is too narrow."""

    def __init__(self, mode: Qt.TextElideMode, parent: QWidget) -> None:
        super().__init__(parent)
        self.mode = mode

    def initStyleOption(self, option, index) -> None:  # noqa: N802, ANN001
        super().initStyleOption(option, index)
        option.textElideMode = self.mode


def consensus_states(rows, codings: list[Coding]) -> list[str]:  # noqa: ANN001 - DisagreementRow
    """For each disagreement row, what the consensus ``codings`` cover of its passage, in
    words: ``coded`` (all of it), ``partly coded``, or ``""`` (nothing yet). Linear after one
    sort per document and code."""
    by_key: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for coding in codings:
        by_key[(coding.document_id, coding.code_id)].append((coding.start, coding.end))
    merged: dict[tuple[int, int], tuple[list[int], list[int]]] = {}
    for key, spans in by_key.items():
        spans.sort()
        starts: list[int] = []
        ends: list[int] = []
        for start, end in spans:
            if starts and start <= ends[-1]:
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
        merged[key] = (starts, ends)
    states = []
    for row in rows:
        starts, ends = merged.get((row.document_id, row.code_id), ([], []))
        index = bisect_left(ends, row.start + 1)  # the first stretch ending after start
        if index < len(starts) and starts[index] < row.end:
            whole = starts[index] <= row.start and ends[index] >= row.end
            states.append("coded" if whole else "partly coded")
        else:
            states.append("")
    return states


class DisagreementsWindow(QDialog):
    """The disagreements of the project in ``session`` between the coders chosen; ``viewer``
    (made by ``make_viewer(parent)``) shows a passage with each coder's lane."""

    def __init__(self, parent: QWidget | None, session: Session, status: StatusSink,
                 make_viewer: Callable[[QWidget], PassageViewer]) -> None:
        super().__init__(parent)
        self.setObjectName("disagreementsWindow")
        self.setWindowTitle("Disagreements between coders")
        self._session = session
        self._status = status
        self.rows: list = []  # DisagreementRow
        self.states: list[str] = []
        self.coders: list[str] = []
        self._codes: list[str] | None = None
        self.chooser = CodersCodesChooser(self)
        self.find_button = QPushButton("&Find disagreements", self)
        self.find_button.setObjectName("findDisagreements")
        self.find_button.setDefault(True)
        self.find_button.clicked.connect(self.find)
        self.summary = QLabel(self)
        self.summary.setObjectName("disagreementsSummary")
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setObjectName("disagreementsList")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        for column, mode in ((0, Qt.TextElideMode.ElideMiddle),  # a file name's ending stays
                             (1, Qt.TextElideMode.ElideLeft)):  # a code path's last name stays
            self.table.setItemDelegateForColumn(column, _Elided(mode, self.table))
        header = self.table.horizontalHeader()
        for column in range(len(HEADERS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in NAME_COLUMNS:  # as wide as their names, up to a limit; the user may widen
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._row_chosen)
        self.viewer = make_viewer(self)
        self.consensus = QLineEdit(CONSENSUS_CODER, self)
        self.consensus.setObjectName("consensusCoder")
        self.consensus.setMaximumWidth(160)
        self.consensus.setToolTip("The coder the decisions are recorded as; each coder's own "
                                  "codings stay as they were")
        self.settle_bar = QHBoxLayout()
        self.keep_buttons: dict[str, QPushButton] = {}
        self.both_button = QPushButton("Keep &both", self)
        self.both_button.setObjectName("keepBoth")
        self.both_button.clicked.connect(self.keep_both)
        self.new_button = QPushButton("Code the &selected text", self)
        self.new_button.setObjectName("codeSelection")
        self.new_button.setToolTip("Select the right extent in the text above, then record it "
                                   "as the consensus coding of this code")
        self.new_button.clicked.connect(self.code_selection)
        self.word_button = QPushButton("Export to &Word…", self)
        self.word_button.clicked.connect(self.export_word)
        self.csv_button = QPushButton("Export to C&SV…", self)
        self.csv_button.clicked.connect(self.export_csv)
        self._layout()
        self._unsubscribe = session.require_project().subscribe(self._project_changed)
        self.finished.connect(self._stop_following)
        self.reload()
        self._settle_enabled()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.find_button)
        top.addWidget(self.summary, 1)
        lower = QWidget(self)
        below = QVBoxLayout(lower)
        below.setContentsMargins(0, 0, 0, 0)
        below.addWidget(self.viewer.widget(), 1)
        settle = QHBoxLayout()
        settle.addWidget(QLabel("Settle it, as coded by", self))
        settle.addWidget(self.consensus)
        settle.addLayout(self.settle_bar)
        settle.addWidget(self.both_button)
        settle.addWidget(self.new_button)
        settle.addStretch(1)
        below.addLayout(settle)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.word_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.csv_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.chooser, 1)
        layout.addLayout(top)
        layout.addWidget(splitter, 5)
        layout.addWidget(buttons)
        self.resize(1000, 780)

    def reload(self) -> None:
        """Fill the coder and code choices from the project and find the disagreements for
        them (the defaults: every coder but the consensus coder, every code)."""
        project = self._session.require_project()
        self.chooser.load(project.coders(), [code for code in project.codes() if code.codable])
        coders = self.chooser.chosen_coders()
        if len(coders) >= 2:
            self._find(coders)
            return
        self.coders, self.rows, self.states = [], [], []
        self._fill()
        known = len(project.coders())
        self.summary.setText(f"This project has {plural(known, 'coder')}: disagreements need "
                             "two or more (Team ▸ Merge project… brings in a colleague's "
                             "codings).")

    def _stop_following(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    # -- the list ------------------------------------------------------------------------------

    @guarded
    def find(self) -> None:
        """List the disagreements between the coders ticked (one message for bad choices)."""
        coders = self.chooser.chosen_coders()
        if len(coders) < 2:
            raise GlocalError("tick two or more coders to compare")
        self._find(coders)

    def _find(self, coders: list[str]) -> None:
        self.coders, self._codes = coders, self.chooser.chosen_codes()
        self._make_keep_buttons()
        self.refresh()

    def refresh(self) -> None:
        """Compute the list again (after a change), keeping the passage shown if it is still
        listed."""
        from glocal_annotator.analysis.project_agreement import disagreement_list

        if not self.coders:
            return
        project = self._session.require_project()
        current = self.current_row()
        key = None if current is None else (current.document_id, current.code_id,
                                            current.start, current.end)
        with busy_cursor():
            self.rows = disagreement_list(project, self.coders, codes=self._codes)
            self.states = consensus_states(self.rows, self._consensus_codings())
        self._fill()
        keys = [(r.document_id, r.code_id, r.start, r.end) for r in self.rows]
        self.table.blockSignals(True)
        if key in keys:
            self.table.selectRow(keys.index(key))
        elif self.rows:
            self.table.selectRow(0)
        self.table.blockSignals(False)
        if self.rows:
            self.show_current()  # the codings shown may have changed even if the row did not
        else:
            self.viewer.clear()
        self._settle_enabled()

    def _consensus_codings(self) -> list[Coding]:
        project = self._session.require_project()
        name = self.consensus_name().casefold()
        ids = [coder.id for coder in project.coders() if coder.name.casefold() == name]
        return project.codings(coder_ids=ids) if ids else []

    def _fill(self) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for number, (row, state) in enumerate(zip(self.rows, self.states, strict=True)):
            excerpt = " ".join(row.text.split())
            if len(excerpt) > EXCERPT:
                excerpt = excerpt[:EXCERPT - 1] + "…"
            cells = (row.document, display_path(row.code), f"{row.start:,}–{row.end:,}",
                     ", ".join(row.coded_by), ", ".join(row.not_coded_by), state, excerpt)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == len(cells) - 1:
                    item.setToolTip(tip(row.text))
                self.table.setItem(number, column, item)
        self.table.blockSignals(False)
        self._fit_name_columns()
        settled = sum(1 for state in self.states if state)
        self.summary.setText(f"{plural(len(self.rows), 'passage')} where "
                             f"{listing(self.coders)} differ; {settled:,} with a consensus "
                             "coding")
        exported = bool(self.coders)
        self.word_button.setEnabled(exported)
        self.csv_button.setEnabled(exported)

    def _fit_name_columns(self) -> None:
        """Document and Code as wide as their names, up to :data:`NAME_COLUMNS`: the passage
        (the stretching last column) keeps the rest."""
        header = self.table.horizontalHeader()
        for column, limit in NAME_COLUMNS.items():
            widest = max([self.table.sizeHintForColumn(column),
                          header.sectionSizeHint(column)])
            header.resizeSection(column, min(widest, limit))

    def current_row(self):  # noqa: ANN201 - DisagreementRow | None
        selected = self.table.selectionModel().selectedRows()
        if not selected or selected[0].row() >= len(self.rows):
            return None
        return self.rows[selected[0].row()]

    def _row_chosen(self) -> None:
        self.show_current()
        self._settle_enabled()

    def show_current(self) -> None:
        """Show the selected passage with each coder's lane (the consensus coder's last)."""
        row = self.current_row()
        if row is None:
            return
        project = self._session.require_project()
        lanes = [*self.coders, self.consensus_name()]
        index = {name.casefold(): number for number, name in enumerate(lanes)}
        names = {coder.id: coder.name.casefold() for coder in project.coders()}
        codings = [
            LaneCoding(c.id, index[names[c.coder_id]], c.code_id, display_path(row.code),
                       c.start, c.end)
            for c in project.codings(document_ids=[row.document_id], code_ids=[row.code_id])
            if names.get(c.coder_id) in index
        ]
        self.viewer.show_passage(row.document_id, project.document_text(row.document_id),
                                 lanes, codings, row.start, row.end)

    # -- settling ------------------------------------------------------------------------------

    def consensus_name(self) -> str:
        return self.consensus.text().strip() or CONSENSUS_CODER

    def _make_keep_buttons(self) -> None:
        for button in self.keep_buttons.values():
            self.settle_bar.removeWidget(button)
            button.deleteLater()
        self.keep_buttons = {}
        for name in self.coders:
            button = QPushButton(menu_text(f"Keep {name}'s"), self)
            button.setObjectName("keepCoder")
            button.clicked.connect(lambda _c=False, n=name: self.keep([n]))
            self.settle_bar.addWidget(button)
            self.keep_buttons[name] = button
        self.both_button.setText("Keep &both" if len(self.coders) == 2 else "Keep &all")

    def _settle_enabled(self) -> None:
        row = self.current_row()
        writable = not self._session.require_project().read_only
        for name, button in self.keep_buttons.items():
            coded = row is not None and name in row.coded_by
            button.setEnabled(writable and coded)
            button.setToolTip(
                "" if row is None else
                f"Record {name}'s coding of this passage as the consensus" if coded else
                f"{name} did not code this passage: leaving it uncoded records nothing")
        self.both_button.setEnabled(writable and row is not None)
        self.new_button.setEnabled(writable and row is not None)

    @guarded
    def keep(self, names: list[str]) -> None:
        """Record what ``names`` coded inside the selected passage as the consensus."""
        row = self._require_row()
        self._settle(row, keep=names)

    @guarded
    def keep_both(self) -> None:
        self._settle(self._require_row(), keep=list(self.coders))

    @guarded
    def code_selection(self) -> None:
        """Record the text selected in the viewer as the consensus coding of the code."""
        row = self._require_row()
        start, end = self.viewer.selected_range()
        if end <= start:
            raise GlocalError("select the text to code in the document above first")
        self._settle(row, new=(start, end))

    def _require_row(self):  # noqa: ANN202 - DisagreementRow
        row = self.current_row()
        if row is None:
            raise GlocalError("choose a passage in the list first")
        return row

    def _settle(self, row, *, keep: list[str] | None = None,  # noqa: ANN001
                new: tuple[int, int] | None = None) -> None:
        from glocal_annotator.analysis.settle import settle

        project = self._session.require_project()
        coder = self.consensus_name()
        if coder.casefold() in {name.casefold() for name in self.coders}:
            raise GlocalError(f"{coder!r} is one of the coders compared; record the decision "
                              "as another coder (for example 'consensus')")
        change = self._session.run(
            "Settle disagreement",
            lambda: settle(project, row.document_id, row.code_id, row.start, row.end,
                           keep=keep or (), new=new, coder=coder))
        added = len(change.result or ())
        self._status.showMessage(
            f"Settled {row.document} [{row.start}, {row.end}) {display_path(row.code)}: "
            f"{plural(added, 'coding')} by {coder}" + ("" if added else " (coded so already)"),
            8000)

    def _project_changed(self, _change) -> None:  # noqa: ANN001 - project.Change
        if self._session.project is None:
            return
        self.refresh()

    # -- exports -------------------------------------------------------------------------------

    def _require_list(self) -> None:
        if not self.coders:
            raise GlocalError("find the disagreements first")

    @guarded
    def export_word(self) -> Path | None:
        from glocal_annotator.exporters.agreement_docx import export_disagreements_docx

        self._require_list()
        project = self._session.require_project()
        path = ask_save_path(self, "Export disagreements", f"{project.name} disagreements",
                             [("Word document", ".docx")])
        if path is None:
            return None
        with busy_cursor():
            count = export_disagreements_docx([row.to_json() for row in self.rows], path,
                                              coders=self.coders, project_name=project.name,
                                              project_file=project.path)
        show_exported(self, "Export disagreements",
                      f"Exported {plural(count, 'passage')} where the coders differ to Word.",
                      path,
                      status=self._status)
        return path

    @guarded
    def export_csv(self) -> Path | None:
        from glocal_annotator.exporters.agreement_tables import disagreement_csv_rows, write_csv

        self._require_list()
        project = self._session.require_project()
        path = ask_save_path(self, "Export disagreements", f"{project.name} disagreements",
                             [("CSV table", ".csv")])
        if path is None:
            return None
        count = write_csv(path, disagreement_csv_rows(row.to_json() for row in self.rows),
                          protect=(project.path,))
        show_exported(self, "Export disagreements",
                      f"Exported {plural(count, 'passage')} where the coders differ as CSV.",
                      path,
                      status=self._status)
        return path
