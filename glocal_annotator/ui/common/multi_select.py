"""A multi-choice filter: a combo-like button that shows a summary ("3 codes", "All documents")
and opens a popup of checkable items (a tree for codes), with All/None and an optional filter box.

Semantics: no item checked, or every item checked, means "no restriction" (:meth:`selection`
returns None). Checks made in the popup take effect when it closes with Enter, Done or a click
outside (one retrieval, not one per click; Escape closes it without change);
:attr:`MultiSelectButton.changed` is emitted then, or at once on a change from code.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QPoint,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QIcon, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionComboBox,
    QStylePainter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from glocal_annotator.ui.common.plain import menu_text, tip

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
NAME_ROLE = Qt.ItemDataRole.UserRole + 2
CHECKED = Qt.CheckState.Checked
UNCHECKED = Qt.CheckState.Unchecked

# (key, name, icon or None, parent key or None, tooltip); parents come before their children
Entry = tuple[Hashable, str, QIcon | None, Hashable | None, str]


class _ToggleDelegate(QStyledItemDelegate):
    """A click anywhere on a row toggles its check box, not only on the box itself."""

    def editorEvent(self, event, model, option, index) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.MouseButtonRelease and \
                event.button() == Qt.MouseButton.LeftButton and \
                option.rect.contains(event.position().toPoint()) and \
                index.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            state = index.data(Qt.ItemDataRole.CheckStateRole)
            checked = Qt.CheckState(state) == CHECKED
            return model.setData(index, UNCHECKED if checked else CHECKED,
                                 Qt.ItemDataRole.CheckStateRole)
        return super().editorEvent(event, model, option, index)


class _Proxy(QSortFilterProxyModel):
    """Filters by name; shows an unchecked item under a checked one as partly checked while
    checking an item takes in its children (as "With sub-codes" does)."""

    include_children = False

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        value = super().data(index, role)
        if role == Qt.ItemDataRole.CheckStateRole and self.include_children and \
                Qt.CheckState(value) == UNCHECKED:
            parent = index.parent()
            while parent.isValid():
                if Qt.CheckState(super().data(parent, role)) == CHECKED:
                    return Qt.CheckState.PartiallyChecked
                parent = parent.parent()
        if role == Qt.ItemDataRole.ToolTipRole and self.include_children and \
                Qt.CheckState(self.data(index, Qt.ItemDataRole.CheckStateRole)) == \
                Qt.CheckState.PartiallyChecked:
            return f"{value}\n(included with the item above it)"
        return value


class _Popup(QFrame):
    closed = Signal()

    def __init__(self, owner: MultiSelectButton, plural: str, searchable: bool) -> None:
        super().__init__(owner, Qt.WindowType.Popup)
        self.setObjectName(f"{owner.objectName()}Popup")
        self.setAccessibleName(f"Choose {plural}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.owner = owner
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText(f"Filter {plural}")
        self.filter_box.setAccessibleName(f"Filter {plural}")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setVisible(searchable)
        self.filter_box.installEventFilter(self)
        self.tree = QTreeView(self)
        self.tree.setAccessibleName(plural.capitalize())
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setItemDelegate(_ToggleDelegate(self.tree))
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.setIconSize(QSize(12, 12))
        self.all_button = QPushButton("&All", self)
        self.all_button.setAccessibleName(f"Check all {plural}")
        self.none_button = QPushButton("&None", self)
        self.none_button.setAccessibleName(f"Uncheck all {plural}")
        self.done_button = QPushButton("Done", self)
        for button in (self.all_button, self.none_button, self.done_button):
            button.setAutoDefault(False)
        self.done_button.clicked.connect(self.hide)
        buttons = QHBoxLayout()
        buttons.addWidget(self.all_button)
        buttons.addWidget(self.none_button)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.filter_box and event.type() == QEvent.Type.KeyPress \
                and event.key() == Qt.Key.Key_Down:
            self.tree.setFocus()
            if not self.tree.currentIndex().isValid():
                self.tree.selectionModel().setCurrentIndex(
                    self.tree.model().index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.hide()
            return
        if event.key() == Qt.Key.Key_Escape:  # close without changing anything
            self.owner.revert()
            self.hide()
            return
        super().keyPressEvent(event)

    def hideEvent(self, event) -> None:  # noqa: N802
        super().hideEvent(event)
        self.closed.emit()


class MultiSelectButton(QPushButton):
    """A filter over ``plural`` things; see the module docstring."""

    changed = Signal()

    def __init__(self, singular: str, plural: str, parent: QWidget | None = None, *,
                 object_name: str = "", searchable: bool = False) -> None:
        super().__init__(parent)
        if object_name:
            self.setObjectName(object_name)
        self.singular, self.plural = singular, plural
        self.setAccessibleName(singular.capitalize())
        self.model = QStandardItemModel(self)
        self.model.itemChanged.connect(self._item_changed)
        self.proxy = _Proxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setAutoAcceptChildRows(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterRole(NAME_ROLE)
        self._searchable = searchable  # a filter box over long lists
        self.popup = _Popup(self, plural, searchable)
        self.popup.tree.setModel(self.proxy)
        self.popup.filter_box.textChanged.connect(self._filter)
        self.popup.all_button.clicked.connect(lambda: self._check_shown(True))
        self.popup.none_button.clicked.connect(lambda: self._check_shown(False))
        self.popup.closed.connect(self._popup_closed)
        self.clicked.connect(self.open_popup)
        self._keys: list[Hashable] = []  # in list order
        self._items: dict[Hashable, QStandardItem] = {}
        self._checked: set[Hashable] = set()
        self._opened_with: set[Hashable] | None = None
        self._quiet = False
        self._update_text()

    # -- content -----------------------------------------------------------------------------

    def set_entries(self, entries: Iterable[Entry]) -> bool:
        """Refill the items, keeping the checks of those that remain (a complete selection
        stays complete, taking in new items). Returns True when a checked item went away."""
        entries = list(entries)
        complete = bool(self._checked) and self._checked == set(self._keys)
        keys = {entry[0] for entry in entries}
        lost = bool(self._checked - keys)
        self._checked = keys if complete else self._checked & keys
        if self._opened_with is not None:  # refilled while the popup is open
            self._opened_with &= keys
        self._quiet = True
        self.model.clear()
        self._keys, self._items = [], {}
        for key, name, icon, parent_key, tooltip in entries:
            item = QStandardItem(name)
            if icon is not None:
                item.setIcon(icon)
            item.setData(key, KEY_ROLE)
            item.setData(name, NAME_ROLE)
            item.setToolTip(tip(tooltip or name))
            item.setEditable(False)
            item.setCheckable(True)
            item.setCheckState(CHECKED if key in self._checked else UNCHECKED)
            parent = self._items.get(parent_key) if parent_key is not None else None
            (parent or self.model.invisibleRootItem()).appendRow(item)
            self._keys.append(key)
            self._items[key] = item
        self._quiet = False
        self.popup.tree.setRootIsDecorated(any(entry[3] is not None for entry in entries))
        self.popup.tree.expandAll()
        self._update_text()
        return lost

    def update_entry(self, key: Hashable, name: str, icon: QIcon | None = None,
                     tooltip: str = "") -> None:
        """Rename or re-colour one item in place; its check stays."""
        item = self._items.get(key)
        if item is None:
            return
        self._quiet = True
        renamed = item.text() != name
        if renamed:
            item.setText(name)
            item.setData(name, NAME_ROLE)
        if item.toolTip() != tip(tooltip or name):
            item.setToolTip(tip(tooltip or name))
        if icon is not None:
            item.setIcon(icon)
        self._quiet = False
        if renamed or key in self._checked:  # the summary may show its name or swatch
            self._update_text()

    def set_include_children(self, include: bool) -> None:
        """Show the children of checked items as included (partly checked)."""
        self.proxy.include_children = include
        self.popup.tree.viewport().update()

    def keys(self) -> list[Hashable]:
        return list(self._keys)

    def names(self) -> list[str]:
        """The items' names, in list order."""
        return [self._items[key].data(NAME_ROLE) for key in self._keys]

    def checked(self) -> list[Hashable]:
        """The checked keys, in list order."""
        return [key for key in self._keys if key in self._checked]

    def selection(self) -> list[Hashable] | None:
        """The keys to restrict to, or None for no restriction (none or all checked)."""
        if not self._checked or len(self._checked) == len(self._keys):
            return None
        return self.checked()

    def set_checked(self, keys: Iterable[Hashable]) -> None:
        """Check exactly ``keys`` (those that exist); emits :attr:`changed` when that differs."""
        wanted = set(keys) & set(self._items)
        if wanted == self._checked:
            return
        self._set_states(wanted)
        if not self.popup.isVisible():
            self.changed.emit()

    def _set_states(self, wanted: set[Hashable]) -> None:
        wanted = wanted & self._items.keys()
        self._quiet = True
        for key, item in self._items.items():
            state = CHECKED if key in wanted else UNCHECKED
            if item.checkState() != state:
                item.setCheckState(state)
        self._quiet = False
        self._checked = set(wanted)
        self._update_text()

    def _item_changed(self, item: QStandardItem) -> None:
        if self._quiet:
            return
        key = item.data(KEY_ROLE)
        if item.checkState() == CHECKED:
            self._checked.add(key)
        else:
            self._checked.discard(key)
        self._update_text()

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.popup.tree.expandAll()

    def _check_shown(self, check: bool) -> None:
        """All / None: (un)check every item, or with a filter text only the items it names."""
        text = self.popup.filter_box.text().strip().casefold()
        shown = {key for key, item in self._items.items()
                 if not text or text in item.data(NAME_ROLE).casefold()}
        self._set_states(self._checked | shown if check else self._checked - shown)

    # -- the button --------------------------------------------------------------------------

    def summary(self) -> str:
        checked = self.checked()
        if not checked or len(checked) == len(self._keys):
            return f"All {self.plural}"
        if len(checked) == 1:
            return self._items[checked[0]].text()
        return f"{len(checked)} {self.plural}"

    def _update_text(self) -> None:
        text = self.summary()
        self.setText(menu_text(text))  # a name with "&" is no keyboard shortcut
        names = [self._items[key].data(NAME_ROLE) for key in self.checked()]
        self.setToolTip(tip("\n".join(names[:30] + (["…"] if len(names) > 30 else []))
                            if names and len(names) < len(self._keys) else text))
        self.setAccessibleDescription(text)
        self.update()
        if self.proxy.include_children:  # children shown as included change with their parent
            self.popup.tree.viewport().update()

    def open_popup(self) -> None:
        if self.popup.isVisible():
            return
        self._opened_with = set(self._checked)
        popup = self.popup
        popup.filter_box.setVisible(self._searchable and len(self._keys) > 8)
        tree = popup.tree
        row = tree.sizeHintForRow(0) if self.proxy.rowCount() else self.fontMetrics().height()
        tree.setFixedHeight(min(max(len(self._keys), 3), 16) * max(row, 1) + 2 * tree.frameWidth())
        size = QSize(max(self.width(), 300), popup.sizeHint().height())
        place = self.mapToGlobal(QPoint(0, self.height()))
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            if place.y() + size.height() > area.bottom():
                place.setY(max(area.top(), self.mapToGlobal(QPoint(0, 0)).y() - size.height()))
            place.setX(max(area.left(), min(place.x(), area.right() - size.width())))
        popup.setGeometry(place.x(), place.y(), size.width(), size.height())
        popup.show()
        if not popup.tree.currentIndex().isValid() and self.proxy.rowCount():
            popup.tree.selectionModel().setCurrentIndex(  # a focus mark, not a selection
                self.proxy.index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
        (popup.tree if popup.filter_box.isHidden() else popup.filter_box).setFocus()
        self.update()

    def revert(self) -> None:
        """Undo the checks made since the popup opened."""
        if self._opened_with is not None:
            self._set_states(self._opened_with)

    def _popup_closed(self) -> None:
        before, self._opened_with = self._opened_with, None
        self.update()
        if before is not None and before != self._checked:
            self.changed.emit()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        alt_down = event.key() == Qt.Key.Key_Down and \
            event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt_down or event.key() in (Qt.Key.Key_F4, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_popup()
            return
        super().keyPressEvent(event)

    def _combo_option(self) -> QStyleOptionComboBox:
        option = QStyleOptionComboBox()
        option.initFrom(self)
        option.editable = False
        option.frame = True
        option.currentText = self.summary()  # self.text() has "&" doubled
        checked = self.checked()
        if len(checked) == 1:
            option.currentIcon = self._items[checked[0]].icon()
            option.iconSize = QSize(12, 12)
        if self.popup.isVisible() or self.isDown():
            option.state |= QStyle.StateFlag.State_On | QStyle.StateFlag.State_Sunken
        return option

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QStylePainter(self)
        option = self._combo_option()
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        room = field.width() - (16 if not option.currentIcon.isNull() else 0)
        option.currentText = self.fontMetrics().elidedText(self.summary(),
                                                           Qt.TextElideMode.ElideRight, room)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def sizeHint(self) -> QSize:  # noqa: N802
        metrics = self.fontMetrics()
        contents = QSize(metrics.horizontalAdvance("x") * 12 + 16, max(metrics.height(), 14))
        return self.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox,
                                             self._combo_option(), contents, self)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()


__all__ = ["Entry", "MultiSelectButton"]
