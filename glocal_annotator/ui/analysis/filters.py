"""The filters every analysis view shares: codes (with their sub-codes), documents, coders, and,
where the project has them, document sets and the values of one document variable.

Semantics as in Coded segments (:class:`~glocal_annotator.ui.common.multi_select.
MultiSelectButton`): within a filter the checked items are united, across filters intersected,
and nothing checked lets everything through. Sets and a variable's values narrow the documents:
the documents a view reads are those checked (or all) that are also in a checked set and have a
checked value. :meth:`AnalysisFilters.scope` gives it all as one
:class:`~glocal_annotator.model.CodingFilter`; :attr:`AnalysisFilters.changed` is emitted when a
filter changes.

Blind coding (Team ▸ Show only my codings) locks the coders filter to the user's own coder
(:meth:`AnalysisFilters.lock_coders`): the filter shows that coder, cannot be changed, and says
why beside it; every view then reads that coder's codings alone. Unlocking gives back the
coders that were chosen before. The filters sit in a wrapping row (:mod:`.flow`), a label never
parted from its filter.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QWidget

from glocal_annotator.code_paths import display_path
from glocal_annotator.model import Code, CodingFilter, with_subcodes
from glocal_annotator.ui.analysis.flow import FlowLayout
from glocal_annotator.ui.common.code_items import code_tooltip, swatch
from glocal_annotator.ui.common.multi_select import MultiSelectButton

if TYPE_CHECKING:
    from glocal_annotator.project import Project

NO_VARIABLE = "(no variable)"
LOCK_STYLE = ("QLabel { background: #FFE9A8; color: #5A4300; border: 1px solid #D9B54A; "
              "border-radius: 3px; padding: 0px 4px; }")  # the blind coding badge's colours


def _code_entry(code: Code) -> tuple:
    return code.id, code.name, swatch(code.color), code.parent_id, code_tooltip(code)


def _plain(items: Iterable[tuple[object, str]]) -> list[tuple]:
    return [(key, name, None, None, name) for key, name in items]


class SetFilterButton(MultiSelectButton):
    """The sets filter: unlike the others, every set ticked is not "no restriction" (a
    document may be in no set), so it lets through the documents in any set ticked; nothing
    ticked lets every document through."""

    def sets_ticked(self) -> list[str] | None:
        return self.checked() or None

    def summary(self) -> str:
        checked = self.checked()
        if checked and len(checked) == len(self.keys()):
            return "Documents in any set"
        return super().summary()


class AnalysisFilters(QWidget):
    """Codes, documents, coders, sets and a variable's values, in one wrapping row."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.codes = self._button("code", "codes", "analysisCodes", True)
        self.documents = self._button("document", "documents", "analysisDocuments", True)
        self.coders = self._button("coder", "coders", "analysisCoders", False)
        self.sets = SetFilterButton("set", "sets", self, object_name="analysisSets",
                                    searchable=True)
        self.sets.setAccessibleName("Sets to analyse")
        self.sets.changed.connect(self.changed)
        self.variable = QComboBox(self)
        self.variable.setObjectName("analysisVariable")
        self.variable.setAccessibleName("Document variable to filter by")
        self.variable.currentIndexChanged.connect(self._variable_chosen)
        self.values = self._button("value", "values", "analysisValues", True)
        self.codes.set_include_children(True)
        self.lock_note = QLabel("blind coding", self)
        self.lock_note.setObjectName("coderLockNote")
        self.lock_note.setStyleSheet(LOCK_STYLE)
        self.lock_note.setTextFormat(Qt.TextFormat.PlainText)
        self.lock_note.hide()
        row = FlowLayout(self)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        pieces: dict[QWidget, QWidget] = {}
        for text, widgets in (("&Codes:", (self.codes,)), ("&Documents:", (self.documents,)),
                              ("C&oders:", (self.coders, self.lock_note)),
                              ("Se&ts:", (self.sets,)),
                              ("&Variable:", (self.variable, self.values))):
            piece = self._piece(text, widgets)
            pieces[widgets[0]] = piece
            row.addWidget(piece, 1)
        # shown only where the project has sets, or variables
        self._set_widgets: list[QWidget] = [pieces[self.sets]]
        self._variable_widgets: list[QWidget] = [pieces[self.variable]]
        self._codes: list[Code] = []
        self._sets: dict[str, frozenset[int]] = {}
        self._groups: dict[str, frozenset[int]] = {}
        self.locked: tuple[int, ...] | None = None  # blind coding: the coder ids read
        self._chosen_before: list[int] = []  # the coders checked before the lock
        self._lock_name = ""

    def _piece(self, text: str, widgets: tuple[QWidget, ...]) -> QWidget:
        """The label and its filter(s) as one piece of the row."""
        piece = QWidget(self)
        line = QHBoxLayout(piece)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(4)
        label = QLabel(text, piece)
        label.setBuddy(widgets[0])
        line.addWidget(label)
        for widget in widgets:
            line.addWidget(widget, 1 if isinstance(widget, MultiSelectButton) else 0)
        return piece

    def _button(self, singular: str, plural: str, name: str,
                searchable: bool) -> MultiSelectButton:
        button = MultiSelectButton(singular, plural, self, object_name=name,
                                   searchable=searchable)
        button.setAccessibleName(f"{plural.capitalize()} to analyse")
        button.changed.connect(self.changed)
        return button

    # -- content -----------------------------------------------------------------------------

    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.reload()

    def reload(self) -> None:
        """Refill every filter from the project (checks kept for what remains)."""
        project = self.project
        if project is None:
            for button in (self.codes, self.documents, self.coders, self.sets, self.values):
                button.set_entries([])
            return
        self._codes = project.codes()
        self.codes.set_entries(_code_entry(c) for c in self._codes)
        self.documents.set_entries(_plain((d.id, d.name) for d in project.documents()))
        self.coders.set_entries(_plain((c.id, c.name) for c in project.coders()))
        self._sets = dict(project.document_sets())
        self.sets.set_entries(_plain((name, name) for name in self._sets))
        names = [v.name for v in project.variables()]
        current = self.variable.currentText()
        self.variable.blockSignals(True)
        self.variable.clear()
        self.variable.addItem(NO_VARIABLE)
        self.variable.addItems(names)
        self.variable.setCurrentIndex(max(self.variable.findText(current), 0))
        self.variable.blockSignals(False)
        self._load_values()
        for widget in self._set_widgets:
            widget.setVisible(bool(self._sets))
        for widget in self._variable_widgets:
            widget.setVisible(bool(names))
        if self.locked is not None:
            self.coders.blockSignals(True)
            self.coders.set_checked(self.locked)
            self.coders.blockSignals(False)

    def _variable_chosen(self) -> None:
        self._load_values()
        self.changed.emit()

    def _load_values(self) -> None:
        name = self.variable.currentText()
        project = self.project
        if project is None or name in ("", NO_VARIABLE):
            self._groups = {}
        else:
            self._groups = dict(project.variable_groups(name))
        self.values.set_entries(_plain((value, value or "(no value)")
                                       for value in self._groups))  # the values' own order
        self.values.setEnabled(bool(self._groups))

    def code_paths(self) -> dict[int, str]:
        """Each code's path for reading (``Parent / Child``), by id."""
        return {code.id: display_path(code.path) for code in self._codes}

    def code_colors(self) -> dict[int, str]:
        return {code.id: code.color for code in self._codes}

    # -- the scope ---------------------------------------------------------------------------

    def document_ids(self) -> list[int] | None:
        """The documents the filters let through (None: all)."""
        chosen = self.documents.selection()
        allowed: set[int] | None = None if chosen is None else set(chosen)
        sets = self.sets.sets_ticked()
        if sets is not None:
            members = set().union(*(self._sets.get(name, frozenset()) for name in sets))
            allowed = members if allowed is None else allowed & members
        values = self.values.selection()
        if values is not None and self._groups:
            members = set().union(*(self._groups.get(value, frozenset()) for value in values))
            allowed = members if allowed is None else allowed & members
        return None if allowed is None else sorted(allowed)

    def scope(self) -> CodingFilter:
        """What the filters let through, as a CodingFilter (checked codes with their
        sub-codes)."""
        chosen = self.codes.selection()
        code_ids = None if chosen is None else sorted(with_subcodes(self._codes, chosen))
        coders = self.locked if self.locked is not None else self.coders.selection()
        return CodingFilter(code_ids, self.document_ids(), coders)

    # -- blind coding ------------------------------------------------------------------------

    def lock_coders(self, coder_ids: tuple[int, ...] | None, name: str = "") -> None:
        """Blind coding: read only the codings of ``coder_ids`` (the coder named ``name``; an
        empty tuple: the user has no codings yet, so none), shown in the coders filter, which
        cannot be changed meanwhile; None unlocks it, giving back the coders chosen before.
        Emits :attr:`changed` when what the views read changes."""
        if coder_ids == self.locked:
            return
        before = self.scope()
        if coder_ids is not None:
            if self.locked is None:
                self._chosen_before = list(self.coders.checked())
            self.locked = tuple(coder_ids)
            self._lock_name = name
            self.coders.blockSignals(True)
            self.coders.set_checked(self.locked)
            self.coders.blockSignals(False)
            self.coders.setEnabled(False)
            self.lock_note.setToolTip(
                f"Team ▸ Show only my codings is on: only {name or 'your'}'s codings are read "
                "here. Turn it off (Ctrl+Shift+B) to compare with the other coders.")
            self.lock_note.setText(f"blind coding: only {name}'s" if name else "blind coding")
            self.lock_note.show()
        else:
            self.locked = None
            self.coders.blockSignals(True)
            self.coders.set_checked(self._chosen_before)
            self.coders.blockSignals(False)
            self.coders.setEnabled(True)
            self.lock_note.hide()
        if self.scope() != before:
            self.changed.emit()

    def describe(self) -> str:
        """The filters in words, for a chart's note (empty when nothing is filtered)."""
        parts = []
        for button in (self.codes, self.documents, self.coders, self.values):
            if button is self.coders and self.locked is not None:
                parts.append(f"{self._lock_name or 'your'}'s codings alone (blind coding)")
            elif button.selection() is not None:
                parts.append(button.summary())
        if self.sets.sets_ticked() is not None:
            parts.append(self.sets.summary())
        return "Filtered: " + "; ".join(parts) + "." if parts else ""
