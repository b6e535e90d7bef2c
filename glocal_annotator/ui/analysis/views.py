"""The analysis views' options and computations (the numbers come from
:mod:`glocal_annotator.analysis`): code frequencies, the code matrix, co-occurrence, code
queries and word frequencies. Keywords in context has its own panel (:mod:`.kwic_panel`).

Each :class:`~.spec.ViewSpec` here reads its widgets when :meth:`job` is asked for and returns a
function that only calls the analysis service, so it can run off the GUI thread.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPushButton, QSpinBox

from glocal_annotator.analysis.results import Passage, ResultTable
from glocal_annotator.model import CodingFilter
from glocal_annotator.ui.analysis.spec import BAR, HEAT, ViewSpec, labelled
from glocal_annotator.ui.common.plain import tip
from glocal_annotator.wording import plural


def _combo(spec: ViewSpec, label: str, name: str, items: list[tuple[str, object]]) -> QComboBox:
    combo = QComboBox(spec)
    combo.setObjectName(name)
    for text, data in items:
        combo.addItem(text, data)
    spec.row.addWidget(labelled(spec, label, combo))
    combo.currentIndexChanged.connect(spec.changed)
    return combo


def _check(spec: ViewSpec, text: str, name: str, checked: bool, hint: str = "") -> QCheckBox:
    box = QCheckBox(text, spec)
    box.setObjectName(name)
    box.setChecked(checked)
    box.setToolTip(hint)
    box.toggled.connect(spec.changed)
    spec.row.addWidget(box)
    return box


class FrequencySpec(ViewSpec):
    """Codings, documents and characters per code (and per coder), own and with sub-codes."""

    key, title, chart = "frequencies", "Code frequencies", BAR

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.by_coder = _check(self, "By c&oder", "byCoder", False,
                               "A set of columns for each coder")
        self.rolled_up = _check(self, "With sub-codes &rolled up", "rolledUp", True,
                                "Also columns for each code with all its sub-codes")
        self.column = _combo(self, "C&hart shows:", "chartColumn", [])
        self._labels: tuple[str, ...] = ()

    def job(self, scope: CodingFilter):
        from glocal_annotator.analysis.frequencies import code_frequencies

        by_coder, rolled_up = self.by_coder.isChecked(), self.rolled_up.isChecked()
        return lambda project: code_frequencies(project, scope, by_coder=by_coder,
                                                rolled_up=rolled_up)

    def chart_column(self, table: ResultTable) -> int:
        """The column chosen under "Chart shows" (its label kept across recomputations)."""
        if table.column_labels != self._labels:
            wanted = self.column.currentText()
            self.column.blockSignals(True)
            self.column.clear()
            self.column.addItems(list(table.column_labels))
            self.column.setCurrentIndex(max(self.column.findText(wanted), 0))
            self.column.blockSignals(False)
            self._labels = table.column_labels
        return max(self.column.currentIndex(), 0)


MATRIX_MEASURES = [("Count", "count"), ("Row %", "row_percent"),
                   ("Column %", "column_percent"), ("Present (0/1)", "presence")]


SETS, VARIABLE = "sets", "variable:"  # column choices beyond the service's own kinds


class MatrixSpec(ViewSpec):
    """Codes by documents, coders, speakers, sets or the values of a variable."""

    key, title, chart = "matrix", "Code matrix", HEAT

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.columns = _combo(self, "&Columns:", "matrixColumns",
                              [("Documents", "documents"), ("Coders", "coders"),
                               ("Speakers", "speakers")])
        self.measure = _combo(self, "&Measure:", "matrixMeasure", MATRIX_MEASURES)
        self.rolled_up = _check(self, "With sub-codes &rolled up", "matrixRolledUp", False,
                                "A code's row also counts its sub-codes' codings")

    def set_project(self, project) -> None:
        super().set_project(project)
        current = self.columns.currentData()
        self.columns.blockSignals(True)
        while self.columns.count() > 3:
            self.columns.removeItem(3)
        if project is not None:
            if project.document_sets():
                self.columns.addItem("Document sets", SETS)
            for variable in project.variables():
                self.columns.addItem(f"Variable: {variable.name}", VARIABLE + variable.name)
        index = self.columns.findData(current)
        self.columns.setCurrentIndex(max(index, 0))
        self.columns.blockSignals(False)

    def job(self, scope: CodingFilter):
        from glocal_annotator.analysis.matrices import code_matrix

        columns = self.columns.currentData()
        measure = self.measure.currentData()
        rolled_up = self.rolled_up.isChecked()

        def run(project):
            if columns == SETS:
                groups = project.document_sets()
            elif columns.startswith(VARIABLE):
                groups = project.variable_groups(columns[len(VARIABLE):])
            else:
                groups = columns
            return code_matrix(project, scope, groups, measure, rolled_up=rolled_up)

        return run


class CooccurrenceSpec(ViewSpec):
    """Codes by codes: overlapping, in the same paragraph, or near each other."""

    key, title, chart = "cooccurrence", "Co-occurrence", HEAT
    code_columns = True

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.mode = _combo(self, "&Together when:", "cooccurrenceMode",
                           [("they overlap", "overlap"), ("in the same paragraph", "paragraph"),
                            ("near each other", "near")])
        self.within = QSpinBox(self)
        self.within.setObjectName("cooccurrenceWithin")
        self.within.setRange(0, 1_000_000)
        self.within.setValue(200)
        self.within.setSingleStep(50)
        self.within.setSuffix(" characters apart at most")
        self.within.setAccessibleName("Characters apart at most")
        self.within.valueChanged.connect(self.changed)
        self.row.addWidget(self.within)
        self.measure = _combo(self, "&Measure:", "cooccurrenceMeasure",
                              [("Count", "count"), ("Coefficient", "coefficient")])
        self.mode.currentIndexChanged.connect(self._mode_chosen)
        self._mode_chosen()

    def _mode_chosen(self) -> None:
        self.within.setEnabled(self.mode.currentData() == "near")

    def job(self, scope: CodingFilter):
        from glocal_annotator.analysis.cooccurrence import cooccurrence

        mode, within, measure = (self.mode.currentData(), self.within.value(),
                                 self.measure.currentData())
        return lambda project: cooccurrence(project, scope, mode, within, measure)


QUERY_HELP = ("A AND B (text coded with both), A NOT B, A OR B, A NEAR/200 B (within 200 "
              "characters), A NEAR/PARAGRAPH B, A THEN B, A THEN/500 B; parentheses combine. "
              "Codes by name or path (Parent/Child); a code includes its sub-codes, ONLY code "
              "does not; quote a name holding an operator word in capitals.")


class _QueryBox(QLineEdit):
    """The query's line: wide by preference (a wrapping row gives it a line of its own
    before it squeezes it), as narrow as a line edit at least."""

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        return QSize(max(hint.width(), 60 * self.fontMetrics().averageCharWidth()), hint.height())


class QuerySpec(ViewSpec):
    """A code query; its hits listed, and counted per document in the table and chart."""

    key, title, chart = "query", "Code query", BAR
    code_rows = False
    list_all = True

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.text = _QueryBox(self)
        self.text.setObjectName("queryText")
        self.text.setAccessibleName("Code query")
        self.text.setPlaceholderText("Hybridization AND Local Ownership, Enter to run")
        self.text.setToolTip(tip(QUERY_HELP))
        self.text.setClearButtonEnabled(True)
        self.text.returnPressed.connect(self.changed)
        self.run = QPushButton("&Run", self)
        self.run.setObjectName("runQuery")
        self.run.clicked.connect(self.changed)
        self.row.addWidget(self.text, 1)
        self.row.addWidget(self.run)
        self.hits: list[Passage] = []

    def idle_text(self) -> str:
        return "Type a query and press Enter. " + QUERY_HELP

    def result_actions(self):
        from glocal_annotator.ui.analysis import query_actions

        query = lambda: self.text.text().strip()  # noqa: E731 - read when clicked
        return [
            ("Code hits with a new code…", "codeHits",
             lambda panel: query_actions.code_hits(panel, panel.session, panel.table,
                                                   query())),
            ("Save documents as a set…", "saveHitsSet",
             lambda panel: query_actions.save_documents_as_set(panel, panel.session,
                                                               panel.table, query())),
        ]

    def job(self, scope: CodingFilter):
        from glocal_annotator.analysis.queries import parse_query, run_query

        text = self.text.text().strip()
        if not text:
            return None
        query = parse_query(text)  # a GlocalError here is shown, nothing computed
        return lambda project: hits_table(project, text, run_query(project, query, scope))


def hits_table(project, query: str, hits: list[Passage]) -> ResultTable:
    """Hits of a query counted per document (documents with hits, in import order): passages
    and characters, each cell listing the document's hits."""
    per_document: dict[int, list[Passage]] = defaultdict(list)
    for hit in hits:
        per_document[hit.document_id].append(hit)
    documents = [d for d in project.documents() if d.id in per_document]
    every: list[Passage] = sorted(hits, key=lambda p: (p.document_id, p.start, p.end))

    def passages(row: int, column: int) -> list[Passage]:
        return per_document[documents[row].id]

    return ResultTable(
        title=f"Query: {query}",
        row_labels=tuple(d.name for d in documents),
        column_labels=("passages", "characters"),
        values=tuple((len(per_document[d.id]), sum(p.end - p.start for p in per_document[d.id]))
                     for d in documents),
        row_keys=tuple(d.id for d in documents),
        column_keys=("passages", "characters"),
        note=f"{plural(len(every), 'passage')} {'matches' if len(every) == 1 else 'match'} "
             "the query.",
        passages=passages,
    )


class WordSpec(ViewSpec):
    """The most frequent words of the documents, or of the coded text of the codes filtered
    (all coded text when no code is filtered), without a language's stop words and the user's
    own."""

    key, title, chart = "words", "Word frequencies", BAR
    code_rows = False

    def __init__(self, parent=None) -> None:
        from glocal_annotator.analysis.stop_words import LANGUAGES

        super().__init__(parent)
        self.over = _combo(self, "&Words of:", "wordsOver",
                           [("the documents", "documents"), ("the coded text", "coded")])
        self.stop = _combo(self, "&Leave out:", "stopWords",
                           [(f"{name} stop words", code) for code, name in LANGUAGES.items()]
                           + [("no stop words", None)])
        self.own = QLineEdit(self)
        self.own.setObjectName("ownStopWords")
        self.own.setPlaceholderText("and your own words, separated by spaces or commas")
        self.own.setAccessibleName("Your own stop words")
        self.own.setClearButtonEnabled(True)
        self.own.editingFinished.connect(self._own_edited)
        self.row.addWidget(self.own, 1)
        self.limit = QSpinBox(self)
        self.limit.setObjectName("wordsLimit")
        self.limit.setRange(10, 5000)
        self.limit.setValue(100)
        self.limit.setPrefix("top ")
        self.limit.setAccessibleName("How many words")
        self.limit.valueChanged.connect(self.changed)
        self.row.addWidget(self.limit)
        self._own_text = ""

    def _own_edited(self) -> None:
        if self.own.text() != self._own_text:  # focus leaving an unchanged box: no recount
            self._own_text = self.own.text()
            self.changed.emit()

    def job(self, scope: CodingFilter):
        from glocal_annotator.analysis.stop_words import parse_list, stop_words
        from glocal_annotator.analysis.words import word_frequencies

        language = self.stop.currentData()
        leave_out = stop_words([language] if language else []) | parse_list(self.own.text())
        limit = self.limit.value()
        coded = self.over.currentData() == "coded"

        def run(project):
            code_ids = scope.code_ids
            if coded and code_ids is None:
                code_ids = tuple(code.id for code in project.codes())
            return word_frequencies(project, scope, code_ids=code_ids if coded else None,
                                    stop_words=leave_out, limit=limit)

        return run


VIEWS: dict[str, type[ViewSpec]] = {
    spec.key: spec for spec in (FrequencySpec, MatrixSpec, CooccurrenceSpec, QuerySpec, WordSpec)
}
