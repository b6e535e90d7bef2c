"""Document ▸ Variables and sets…: a table of documents by variables, edited in place with typed
editors (each edit one undo step, a value that does not fit refused with one line), variables
defined, deleted, imported from and exported to .csv/.xlsx (the import previewed first), and a
table of documents by document sets, a check per membership."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from glocal_annotator.errors import GlocalError
from glocal_annotator.model import VARIABLE_TYPES, Variable
from glocal_annotator.operations.variable_import_plan import VariableImportPlan
from glocal_annotator.ui.common import dialogs, folders
from glocal_annotator.ui.common.feedback import guarded, show_error, show_failure
from glocal_annotator.ui.common.plain import plain_label
from glocal_annotator.ui.common.session import Session
from glocal_annotator.ui.variables.delegate import ValueDelegate
from glocal_annotator.ui.variables.models import TYPE_LABELS, SetsModel, VariablesModel

TABLE_FILTER = "Spreadsheets (*.xlsx *.csv)"


class NewVariableDialog(QDialog):
    """Name, type and (for a choice) the choices of a new variable."""

    def __init__(self, parent: QWidget | None = None, variable: Variable | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newVariableDialog" if variable is None else "editVariableDialog")
        self.setWindowTitle("New variable" if variable is None else "Edit variable")
        form = QFormLayout(self)
        self.name = QLineEdit(self)
        self.name.setAccessibleName("Name")
        self.kind = QComboBox(self)
        self.kind.setAccessibleName("Type")
        for kind in VARIABLE_TYPES:
            self.kind.addItem(TYPE_LABELS[kind], kind)
        self.choices = QLineEdit(self)
        self.choices.setAccessibleName("Choices")
        self.choices.setPlaceholderText("local, global, hybrid")
        form.addRow("&Name:", self.name)
        form.addRow("&Type:", self.kind)
        form.addRow("&Choices:", self.choices)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(self._follow_kind)
        if variable is not None:
            self.name.setText(variable.name)
            self.kind.setCurrentIndex(self.kind.findData(variable.type))
            self.choices.setText(", ".join(variable.choices))
        self._follow_kind()

    def _follow_kind(self) -> None:
        self.choices.setEnabled(self.kind.currentData() == "choice")

    def values(self) -> tuple[str, str, list[str]]:
        kind = str(self.kind.currentData())
        choices = [c for c in self.choices.text().split(",") if c.strip()]
        return self.name.text(), kind, choices if kind == "choice" else []


class ImportPreview(QDialog):
    """What a variables import would do; Import applies it (not offered while a value does not
    fit)."""

    def __init__(self, plan: VariableImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("variableImportPreview")
        self.setWindowTitle(f"Import variables from {plan.source}")
        self.resize(640, 360)
        layout = QVBoxLayout(self)
        text = QPlainTextEdit(self)
        text.setReadOnly(True)
        text.setPlainText("\n".join(plan.preview_lines()))
        text.setAccessibleName("What the import would do")
        layout.addWidget(text)
        self.text = text
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(not plan.problems and plan.has_changes)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class VariablesDialog(QDialog):
    """The dialog (see the module notes); it follows the project while open."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("variablesDialog")
        self.setWindowTitle("Variables and sets")
        self.resize(860, 480)
        self._session = session
        self.tabs = QTabWidget(self)
        self.values_model = VariablesModel(self._set_value, self)
        self.sets_model = SetsModel(self._set_member, self)
        self.tabs.addTab(self._values_tab(), "&Variables")
        self.tabs.addTab(self._sets_tab(), "&Sets")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        project = session.require_project()
        self._unsubscribe: Callable[[], None] | None = project.subscribe(self._on_change)
        self.finished.connect(self._stop_following)
        self.reload()

    # -- layout ------------------------------------------------------------------------------

    def _button(self, row: QHBoxLayout, text: str, slot: Callable[[], object],
                name: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def _table(self, model) -> QTableView:
        table = QTableView(self)
        table.setModel(model)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setDefaultSectionSize(130)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return table

    def _values_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self.new_button = self._button(row, "&New variable…", self.new_variable, "newVariable")
        self.edit_button = self._button(row, "&Edit variable…", self.edit_variable,
                                        "editVariable")
        self.delete_button = self._button(row, "&Delete variable…", self.delete_variable,
                                          "deleteVariable")
        row.addStretch(1)
        self._button(row, "&Import…", self.import_dialog, "importVariables")
        self._button(row, "E&xport…", self.export_dialog, "exportVariables")
        layout.addLayout(row)
        self.values_table = self._table(self.values_model)
        self.values_table.setObjectName("variablesTable")
        self.values_table.setAccessibleName("Documents and their variables")
        self.values_table.setItemDelegate(ValueDelegate(self.values_table))
        layout.addWidget(self.values_table)
        note = plain_label(QLabel(
            "Double-click a cell to set a value. Numbers use \".\" as the decimal point, dates "
            "are written YYYY-MM-DD. Each change is one step of Edit ▸ Undo.", page))
        note.setWordWrap(True)
        layout.addWidget(note)
        return page

    def _sets_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self._button(row, "New s&et…", self.new_set, "newSet")
        self._button(row, "&Rename set…", self.rename_set, "renameSet")
        self._button(row, "De&lete set…", self.delete_set, "deleteSet")
        row.addStretch(1)
        layout.addLayout(row)
        self.sets_table = self._table(self.sets_model)
        self.sets_table.setObjectName("setsTable")
        self.sets_table.setAccessibleName("Documents and their sets")
        layout.addWidget(self.sets_table)
        note = plain_label(QLabel("Check a box to put a document in a set; a document may be "
                                  "in several.", page))
        layout.addWidget(note)
        return page

    # -- following the project ---------------------------------------------------------------

    def reload(self) -> None:
        """Read everything again, keeping the current cell of each table where it was (by
        document and variable or set)."""
        project = self._session.require_project()
        documents = project.documents()
        values, sets = self.values_model, self.sets_model
        kept_value = self._current(self.values_table, values.documents, values.variables)
        kept_set = self._current(self.sets_table, sets.documents, sets.sets)
        values.load(documents, project.variables(), project.variable_values())
        sets.load(documents, project.document_set_list())
        self._restore(self.values_table, kept_value, values.documents, values.variables)
        self._restore(self.sets_table, kept_set, sets.documents, sets.sets)
        self.delete_button.setEnabled(bool(self.values_model.variables))
        self.edit_button.setEnabled(bool(self.values_model.variables))

    @staticmethod
    def _current(table: QTableView, rows: list, columns: list) -> tuple[int, int] | None:
        index = table.currentIndex()
        if not (0 <= index.row() < len(rows) and 0 <= index.column() < len(columns)):
            return None
        return rows[index.row()].id, columns[index.column()].id

    @staticmethod
    def _restore(table: QTableView, kept: tuple[int, int] | None, rows: list,
                 columns: list) -> None:
        if kept is None:
            return
        row = next((n for n, item in enumerate(rows) if item.id == kept[0]), None)
        column = next((n for n, item in enumerate(columns) if item.id == kept[1]), None)
        if row is not None and column is not None:
            table.setCurrentIndex(table.model().index(row, column))

    def _on_change(self, change) -> None:  # noqa: ANN001 - a project Change
        summary = change.summary
        if summary.variables or summary.documents:
            self.reload()
            return
        if summary.document_sets:
            sets = self.sets_model
            kept = self._current(self.sets_table, sets.documents, sets.sets)
            sets.load(sets.documents, self._session.require_project().document_set_list())
            self._restore(self.sets_table, kept, sets.documents, sets.sets)
        if summary.variable_values:
            project = self._session.require_project()
            values = project.variable_values()
            for variable_id, document_id in summary.variable_values:
                self.values_model.set_value(variable_id, document_id,
                                            values.get((variable_id, document_id), ""))

    def _stop_following(self) -> None:
        if self._unsubscribe is not None:
            with suppress(ValueError):  # the project was closed and its listeners dropped
                self._unsubscribe()
            self._unsubscribe = None

    # -- edits (each one undo step) ----------------------------------------------------------

    def _set_value(self, document_id: int, variable_id: int, text: str) -> None:
        project = self._session.require_project()
        try:
            self._session.run("Set variable value", lambda: project.set_variable_value(
                document_id, variable_id, text))
        except GlocalError as error:
            show_error(self, error, "Setting the value")
            raise

    def _set_member(self, set_id: int, document_id: int, member: bool) -> None:
        project = self._session.require_project()
        if member:
            self._session.run("Add to set",
                              lambda: project.add_to_document_set(set_id, [document_id]))
        else:
            self._session.run("Remove from set",
                              lambda: project.remove_from_document_set(set_id, [document_id]))

    @guarded
    def new_variable(self) -> None:
        dialog = NewVariableDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name, kind, choices = dialog.values()
        project = self._session.require_project()
        self._session.run(f"Define variable {name}",
                          lambda: project.define_variable(name, kind, choices))

    def _current_variable(self, title: str) -> Variable | None:
        """The variable of the current column, else the one the user picks."""
        variables = self.values_model.variables
        if not variables:
            return None
        column = self.values_table.currentIndex().column()
        if 0 <= column < len(variables):
            return variables[column]
        chosen = dialogs.ask_item(self, title, "Variable:", [v.name for v in variables])
        return None if chosen is None else variables[chosen]

    @guarded
    def edit_variable(self, *, answer: tuple[str, str, list[str]] | None = None) -> None:
        """Rename, retype or re-choose the current variable (every value is checked against
        the new type: one that does not fit stops it, with a message). ``answer`` stands for
        the dialog's (tests)."""
        variable = self._current_variable("Edit variable")
        if variable is None:
            return
        if answer is None:
            dialog = NewVariableDialog(self, variable)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            answer = dialog.values()
        name, kind, choices = answer
        project = self._session.require_project()
        self._session.run("Edit variable", lambda: project.update_variable(
            variable.id, name=name, kind=kind, choices=choices))

    @guarded
    def delete_variable(self) -> None:
        variable = self._current_variable("Delete variable")
        if variable is None:
            return
        if not dialogs.confirm(self, "Delete variable", f"Delete the variable {variable.name} "
                               "and its values? Edit ▸ Undo brings them back.", "Delete"):
            return
        project = self._session.require_project()
        self._session.run("Delete variable", lambda: project.delete_variable(variable.id))

    @guarded
    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import variables", str(
            folders.start_folder()), TABLE_FILTER)
        if path:
            folders.remember(path)
            self.import_file(Path(path))

    def import_file(self, path: Path, *, ask: bool = True) -> ImportPreview | None:
        """Plan the import of ``path`` and show the preview; with ``ask`` False, return the
        preview unopened (the tests accept it)."""
        project = self._session.require_project()
        try:
            plan = project.plan_variable_import(path)
        except GlocalError as error:
            show_error(self, error, "Reading the table")
            return None
        preview = ImportPreview(plan, self)
        preview.accepted.connect(lambda: self._apply_import(plan))
        if ask:
            preview.open()
        return preview

    def _apply_import(self, plan: VariableImportPlan) -> None:
        project = self._session.require_project()
        try:
            self._session.run(f"Import variables from {plan.source}",
                              lambda: project.apply_variable_import(plan))
        except Exception as error:  # noqa: BLE001 - shown as expected failure or bug
            show_failure(self, error, "The import")

    @guarded
    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export variables", folders.start_path(
            "variables.xlsx"), TABLE_FILTER)
        if path:
            folders.remember(path)
            self._session.require_project().export_variables(path)

    @guarded
    def new_set(self) -> None:
        name = dialogs.ask_text(self, "New set", "Name of the set:")
        if not name:
            return
        project = self._session.require_project()
        self._session.run(f"Add set {name}", lambda: project.add_document_set(name))

    def _current_set(self) -> int | None:
        sets = self.sets_model.sets
        column = self.sets_table.currentIndex().column()
        if 0 <= column < len(sets):
            return column
        chosen = dialogs.ask_item(self, "Document set", "Set:", [s.name for s in sets])
        return chosen

    @guarded
    def rename_set(self) -> None:
        index = self._current_set()
        if index is None:
            return
        item = self.sets_model.sets[index]
        name = dialogs.ask_text(self, "Rename set", "New name:", item.name)
        if not name:
            return
        project = self._session.require_project()
        self._session.run(f"Rename set to {name}",
                          lambda: project.rename_document_set(item.id, name))

    @guarded
    def delete_set(self) -> None:
        index = self._current_set()
        if index is None:
            return
        item = self.sets_model.sets[index]
        if not dialogs.confirm(self, "Delete set", f"Delete the set {item.name}? Its documents "
                               "stay in the project.", "Delete"):
            return
        project = self._session.require_project()
        self._session.run("Delete set", lambda: project.delete_document_set(item.id))
