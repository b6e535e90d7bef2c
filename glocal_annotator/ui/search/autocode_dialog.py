"""Autocode search results: choose a code, how far to widen each hit and whether case counts;
see how many hits there are, how many are new and how many already coded before applying."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from glocal_annotator.code_paths import display_path
from glocal_annotator.errors import GlocalError
from glocal_annotator.model import Code
from glocal_annotator.operations.autocode import AutocodePlan
from glocal_annotator.ui.common.code_items import swatch
from glocal_annotator.ui.common.plain import plain_label
from glocal_annotator.wording import plural

WIDEN = (("none", "The hit only"), ("sentence", "Its sentence"), ("paragraph", "Its paragraph"))

# (code id, widen, ignore case[, exclude_code_ids=...]) -> the plan for those choices (the
# speakers' codes whose turns are left out are given only when chosen); raises GlocalError
Preview = Callable[..., AutocodePlan]


@dataclass(frozen=True)
class AutocodeChoice:
    """What the user chose, and the plan the dialog showed for it; ``exclude_code_ids``: the
    speakers whose turns are left out (their codes under "Speakers")."""

    code_id: int
    widen: str
    ignore_case: bool
    plan: AutocodePlan | None = None
    exclude_code_ids: tuple[int, ...] = ()


def speaker_codes(codes: list[Code]) -> list[Code]:
    """The codes under the top-level code "Speakers" (made by coding speakers' turns)."""
    parent = next((c for c in codes if c.parent_id is None
                   and c.name.casefold() == "speakers"), None)
    return [c for c in codes if parent is not None and c.parent_id == parent.id]


def describe_plan(plan: AutocodePlan, code_name: str) -> str:
    """One line: hits, how many already coded with the code, how many new passages."""
    found = f"{plural(plan.hits, 'hit')} in {plural(plan.documents, 'document')}"
    return (
        f"{found}: {plural(len(plan.new), 'new passage')} to code, "
        f"{plural(plan.covered, 'hit')} already coded with {code_name} (left alone)."
    )


class AutocodeDialog(QDialog):
    def __init__(self, codes: list[Code], query: str, parent: QWidget | None = None,
                 current_code: int | None = None, preview: Preview | None = None, *,
                 regex: bool = True, ignore_case: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("autocodeDialog")
        self.setWindowTitle("Autocode search results")
        self._preview = preview
        self._names = {code.id: display_path(code.path) for code in codes}
        self.plan: AutocodePlan | None = None
        form = QFormLayout(self)
        note = plain_label(QLabel(f"Code every hit of “{query}” in all documents. "
                                  "One undo step reverts it."))
        note.setWordWrap(True)
        form.addRow(note)
        self.code_combo = QComboBox(self)
        self.code_combo.setAccessibleName("Code")
        for code in codes:
            if code.codable:
                self.code_combo.addItem(swatch(code.color), display_path(code.path), code.id)
        if current_code is not None and self.code_combo.findData(current_code) >= 0:
            self.code_combo.setCurrentIndex(self.code_combo.findData(current_code))
        self.widen_combo = QComboBox(self)
        self.widen_combo.setAccessibleName("Widen each hit to")
        for key, label in WIDEN:
            self.widen_combo.addItem(label, key)
        self.case_box = QCheckBox("Ig&nore case", self)
        self.case_box.setObjectName("autocodeIgnoreCase")
        self.case_box.setChecked(ignore_case or not regex)
        self.case_box.setEnabled(regex)
        if not regex:
            self.case_box.setToolTip("Plain words always ignore case")
        self.exclude_combo = QComboBox(self)
        self.exclude_combo.setObjectName("autocodeExcludeSpeaker")
        self.exclude_combo.setAccessibleName("Leave out the turns of")
        self.exclude_combo.addItem("(no one)", None)
        for code in speaker_codes(codes):
            self.exclude_combo.addItem(code.name, code.id)
        self.counts = plain_label(QLabel(self))
        self.counts.setObjectName("autocodeCounts")
        self.counts.setWordWrap(True)
        form.addRow("&Code:", self.code_combo)
        form.addRow("&Widen to:", self.widen_combo)
        form.addRow("", self.case_box)
        if self.exclude_combo.count() > 1:
            form.addRow("&Leave out turns of:", self.exclude_combo)
        else:
            self.exclude_combo.hide()
        form.addRow(self.counts)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button.setText("Autocode")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        for signal in (self.code_combo.currentIndexChanged, self.widen_combo.currentIndexChanged,
                       self.exclude_combo.currentIndexChanged):
            signal.connect(self.refresh)
        self.case_box.toggled.connect(self.refresh)
        self.refresh()

    def choice(self) -> AutocodeChoice:
        excluded = self.exclude_combo.currentData()
        return AutocodeChoice(int(self.code_combo.currentData()),
                              str(self.widen_combo.currentData()),
                              self.case_box.isChecked(), self.plan,
                              () if excluded is None else (int(excluded),))

    def refresh(self) -> None:
        """Plan again for the current choices and show the counts (nothing is written)."""
        self.plan = None
        if self.code_combo.count() == 0:
            self.counts.setText("There is no code to code with; add one to the codebook first.")
            self.apply_button.setEnabled(False)
            return
        if self._preview is None:
            self.counts.clear()
            self.apply_button.setEnabled(True)
            return
        choice = self.choice()
        self.counts.setText("Counting hits…")  # shown while a big project is searched
        self.apply_button.setEnabled(False)
        try:
            if choice.exclude_code_ids:
                self.plan = self._preview(choice.code_id, choice.widen, choice.ignore_case,
                                          exclude_code_ids=choice.exclude_code_ids)
            else:
                self.plan = self._preview(choice.code_id, choice.widen, choice.ignore_case)
        except GlocalError as error:
            self.counts.setText(str(error))
            self.apply_button.setEnabled(False)
            return
        self.counts.setText(describe_plan(self.plan, self._names.get(choice.code_id, "the code")))
        self.apply_button.setEnabled(bool(self.plan.new))


def ask_autocode(parent: QWidget | None, codes: list[Code], query: str,
                 current_code: int | None = None, preview: Preview | None = None, *,
                 regex: bool = True, ignore_case: bool = False) -> AutocodeChoice | None:
    """Show the dialog; the choice when the user applies it, else None."""
    dialog = AutocodeDialog(codes, query, parent, current_code, preview, regex=regex,
                            ignore_case=ignore_case)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.code_combo.count() == 0:
        return None
    return dialog.choice()
