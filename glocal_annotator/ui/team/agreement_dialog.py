"""Team ▸ Agreement…: inter-coder agreement per code and overall, each figure with its method.

Choose two or more coders, the codes (none: every code they applied), the level (each
character, as NVivo; each coded segment with an overlap threshold, as MAXQDA; each paragraph;
each document) and whether text nobody coded counts. The table shows units, agreeing units,
percent agreement, Cohen's kappa (two coders) and Krippendorff's alpha, the method written under
each column's name and in each figure's tooltip, the unit of the level in words above it. Export
to Word (:mod:`glocal_annotator.exporters.agreement_docx`) and CSV. The project is only read
(:func:`glocal_annotator.analysis.project_agreement.agreement_report`). The table is computed
when the window opens, for the choices ticked by default (every coder but the consensus coder,
every code, each character); Compute computes it again for other choices.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from glocal_annotator.analysis.agreement import ALPHA_METHOD, KAPPA_METHOD, PERCENT_METHOD
from glocal_annotator.code_paths import display_path
from glocal_annotator.errors import GlocalError
from glocal_annotator.exporters.agreement_tables import FIGURES, figure_text
from glocal_annotator.ui.common.collaborators import StatusSink
from glocal_annotator.ui.common.feedback import guarded
from glocal_annotator.ui.common.plain import plain_label, tip
from glocal_annotator.ui.common.saving import ask_save_path, busy_cursor, show_exported
from glocal_annotator.ui.common.session import Session
from glocal_annotator.ui.team.choosers import CodersCodesChooser
from glocal_annotator.wording import listing, plural

LEVELS = (("character", "Each character (as NVivo)"),
          ("segment", "Each coded segment (as MAXQDA)"),
          ("paragraph", "Each paragraph"),
          ("document", "Each document"))
METHODS = {"percent_agreement": PERCENT_METHOD, "cohen_kappa": KAPPA_METHOD,
           "krippendorff_alpha": ALPHA_METHOD}
HEADERS = ("Code", "Units", "Agreeing\nunits", "Percent agreement\n(all coders agree)",
           "Cohen's kappa\n(Cohen 1960, 2 coders)", "Krippendorff's alpha\n(nominal, 2011)")


class AgreementDialog(QDialog):
    """The agreement of the project in ``session`` (read when :meth:`compute` runs)."""

    def __init__(self, parent: QWidget | None, session: Session, status: StatusSink) -> None:
        super().__init__(parent)
        self.setObjectName("agreementDialog")
        self.setWindowTitle("Inter-coder agreement")
        self._session = session
        self._status = status
        self.report = None
        self.chooser = CodersCodesChooser(self)
        self.level = QComboBox(self)
        self.level.setObjectName("agreementLevel")
        for key, label in LEVELS:
            self.level.addItem(label, key)
        self.threshold = QSpinBox(self)
        self.threshold.setObjectName("agreementThreshold")
        self.threshold.setRange(1, 100)
        self.threshold.setValue(90)
        self.threshold.setSuffix(" %")
        self.threshold.setToolTip("Two segments agree when they overlap by at least this share "
                                  "of the text they cover together (MAXQDA's default: 90 %)")
        self.exclude = QCheckBox("Leave out text nobody coded (it otherwise counts as agreement "
                                 "and inflates the figures)", self)
        self.exclude.setObjectName("excludeUncoded")
        self.compute_button = QPushButton("&Compute", self)
        self.compute_button.setObjectName("computeAgreement")
        self.compute_button.setDefault(True)
        self.compute_button.clicked.connect(self.compute)
        self.level.currentIndexChanged.connect(self._level_changed)
        self._level_changed()
        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.level)
        row.addWidget(QLabel("Overlap:", self))
        row.addWidget(self.threshold)
        row.addStretch(1)
        row.addWidget(self.compute_button)
        label = QLabel("&Level:", self)
        label.setBuddy(self.level)
        form.addRow(label, row)
        form.addRow("", self.exclude)
        self.unit = plain_label(QLabel(self))
        self.unit.setObjectName("agreementUnit")
        self.unit.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setObjectName("agreementTable")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
            item = self.table.horizontalHeaderItem(column)
            if column >= 3:
                item.setToolTip(tip(METHODS[FIGURES[column - 3]]))
        self.methods = plain_label(QLabel(
            f"Methods: {PERCENT_METHOD}; {KAPPA_METHOD}; {ALPHA_METHOD}. "
            "n/a: undefined (only one value occurs, or no units).", self))
        self.methods.setWordWrap(True)
        self.methods.setStyleSheet("color: #555555;")
        self.word_button = QPushButton("Export to &Word…", self)
        self.word_button.clicked.connect(self.export_word)
        self.csv_button = QPushButton("Export to C&SV…", self)
        self.csv_button.clicked.connect(self.export_csv)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.word_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.csv_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.chooser, 2)
        layout.addLayout(form)
        layout.addWidget(self.unit)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.methods)
        layout.addWidget(buttons)
        self._exports_enabled(False)
        self.resize(900, 680)
        self.reload()

    def reload(self) -> None:
        """Fill the choices from the project and compute the table for them."""
        project = self._session.require_project()
        self.chooser.load(project.coders(), [code for code in project.codes() if code.codable])
        coders = self.chooser.chosen_coders()
        if len(coders) >= 2:
            self._compute(coders)
            return
        self.report = None
        self.table.setRowCount(0)
        self._exports_enabled(False)
        known = len(project.coders())
        self.unit.setText(f"This project has {plural(known, 'coder')}: agreement needs two or "
                          "more (Team ▸ Merge project… brings in a colleague's codings).")

    def _level_changed(self) -> None:
        self.threshold.setEnabled(self.level.currentData() == "segment")
        self.exclude.setEnabled(self.level.currentData() != "segment")

    def _exports_enabled(self, on: bool) -> None:
        self.word_button.setEnabled(on)
        self.csv_button.setEnabled(on)

    @guarded
    def compute(self) -> None:
        """Compute the table for the choices made (one message for bad choices)."""
        coders = self.chooser.chosen_coders()
        if len(coders) < 2:
            raise GlocalError("tick two or more coders to compare")
        self._compute(coders)

    def _compute(self, coders: list[str]) -> None:
        from glocal_annotator.analysis.project_agreement import agreement_report

        project = self._session.require_project()
        with busy_cursor():
            report = agreement_report(project, coders, codes=self.chooser.chosen_codes(),
                                      level=self.level.currentData(),
                                      threshold=self.threshold.value() / 100,
                                      exclude_uncoded=self.exclude.isChecked())
        self.show_report(report)

    def show_report(self, report) -> None:  # noqa: ANN001 - project_agreement.AgreementReport
        self.report = report
        self.unit.setText(f"{listing(list(report.coders))} compared; "
                          + report.unit_method[:1].upper() + report.unit_method[1:] + ".")
        self.table.setRowCount(len(report.rows))
        for number, row in enumerate(report.rows):
            overall = number == len(report.rows) - 1
            result = row.figures
            name = row.code if overall else display_path(row.code)
            cells = [name, f"{result.units:,}", f"{result.agreeing:,}"]
            cells += [figure_text(getattr(result, field), figure) for field, figure in
                      (("percent", "percent_agreement"), ("kappa", "cohen_kappa"),
                       ("alpha", "krippendorff_alpha"))]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if column >= 3:
                    item.setToolTip(tip(METHODS[FIGURES[column - 3]]))
                if overall:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(number, column, item)
        self._exports_enabled(True)

    def figures_shown(self) -> list[list[str]]:
        """The table as shown, row by row (tests, the screen reader's view)."""
        return [[self.table.item(row, column).text() for column in range(self.table.columnCount())]
                for row in range(self.table.rowCount())]

    # -- exports -------------------------------------------------------------------------------

    @guarded
    def export_word(self) -> Path | None:
        from glocal_annotator.exporters.agreement_docx import export_agreement_docx

        project = self._session.require_project()
        if self.report is None:
            raise GlocalError("compute the agreement first")
        path = ask_save_path(self, "Export agreement", f"{project.name} agreement",
                             [("Word document", ".docx")])
        if path is None:
            return None
        with busy_cursor():
            export_agreement_docx(self.report.to_json(), path, project_name=project.name,
                                  project_file=project.path)
        show_exported(self, "Export agreement", "Exported the agreement table to Word.", path,
                      status=self._status)
        return path

    @guarded
    def export_csv(self) -> Path | None:
        from glocal_annotator.exporters.agreement_tables import agreement_csv_rows, write_csv

        project = self._session.require_project()
        if self.report is None:
            raise GlocalError("compute the agreement first")
        path = ask_save_path(self, "Export agreement", f"{project.name} agreement",
                             [("CSV table", ".csv")])
        if path is None:
            return None
        write_csv(path, agreement_csv_rows(self.report.to_json()), protect=(project.path,))
        show_exported(self, "Export agreement", "Exported the agreement table as CSV.", path,
                      status=self._status)
        return path
