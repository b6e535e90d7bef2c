"""ui.codebook_model without a view: the tree it builds, in-place updates, and edits and drops
turned into requests (the model itself never changes the project)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from glocal_annotator.model import Code
from glocal_annotator.ui.codebook.model import (
    COUNT_COLUMN,
    NAME_COLUMN,
    ROOT,
    CodebookModel,
)
from glocal_annotator.ui.common.mime import MIME_SELECTION
from tests.ui.helpers import shown_as


def _code(id: int, name: str, parent_id: int | None, position: int, path: str, **kw) -> Code:
    return Code(id=id, guid=f"g{id}", name=name, parent_id=parent_id, position=position,
                color="#336699", path=path, **kw)


CODES = [
    _code(1, "Hybrid", None, 0, "Hybrid", codings=3, short_definition="Mixing."),
    _code(2, "Creole", 1, 0, "Hybrid/Creole", codings=1),
    _code(3, "Fusion", 1, 1, "Hybrid/Fusion"),
    _code(4, "Folder", None, 1, "Folder", codable=False),
]


@pytest.fixture
def model(qapp):
    model = CodebookModel()
    model.load(CODES)
    return model


def _tree(model: CodebookModel, parent: QModelIndex | None = None) -> list:
    parent = parent if parent is not None else QModelIndex()
    rows = []
    for row in range(model.rowCount(parent)):
        name = model.index(row, NAME_COLUMN, parent)
        count = model.index(row, COUNT_COLUMN, parent).data()
        rows.append((name.data(), count, _tree(model, name)))
    return rows


def test_load_builds_the_tree_with_counts(model, qtmodeltester):
    qtmodeltester.check(model)
    assert _tree(model) == [
        ("Hybrid", "3", [("Creole", "1", []), ("Fusion", "0", [])]),
        ("Folder", "0", []),
    ]
    hybrid = model.index_for(1)
    assert model.code_id(hybrid) == 1 and model.code(2).path == "Hybrid/Creole"
    assert shown_as(hybrid.data(Qt.ItemDataRole.ToolTipRole)) == "Hybrid\nMixing."
    folder = model.index_for(4)
    assert folder.data(Qt.ItemDataRole.FontRole).italic()  # not codable
    assert "not codable" in shown_as(folder.data(Qt.ItemDataRole.ToolTipRole))
    assert model.descendants(1) == {1, 2, 3} and model.descendants(2) == {2}
    assert model.code_id(QModelIndex()) is None and not model.index_for(99).isValid()


def test_updates_and_counts_in_place(model):
    model.update_code(_code(2, "Creolization", 1, 0, "Hybrid/Creolization", codings=1))
    assert model.index_for(2).data() == "Creolization"
    model.adjust_counts({1: -5, 3: 2, 99: 4})  # never below zero; unknown codes ignored
    assert (model.count(1), model.count(3)) == (0, 2)
    assert model.index(0, COUNT_COLUMN).data() == "0"


def test_inline_rename_is_a_request(model, qtbot):
    with qtbot.waitSignal(model.renameRequested) as caught:
        assert not model.setData(model.index_for(3), "  Blend ")
    assert caught.args == [3, "Blend"]
    assert model.index_for(3).data() == "Fusion"  # unchanged until the project says so


def test_drops_are_requests(model, qtbot):
    hybrid = model.index_for(1)
    data = model.mimeData([model.index_for(2)])
    # dropping Creole (row 0) below Fusion, among the same siblings: position counts without it
    with qtbot.waitSignal(model.moveRequested) as caught:
        assert model.dropMimeData(data, Qt.DropAction.MoveAction, 2, 0, hybrid)
    assert caught.args == [2, 1, 1]
    with qtbot.waitSignal(model.moveRequested) as caught:
        assert model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    assert caught.args == [2, ROOT, -1]
    selection = model.mimeData([])
    selection.setData(MIME_SELECTION, b"4,9")
    assert model.canDropMimeData(selection, Qt.DropAction.CopyAction, -1, 0, hybrid)
    with qtbot.waitSignal(model.selectionDropped) as caught:
        assert model.dropMimeData(selection, Qt.DropAction.CopyAction, -1, 0, hybrid)
    assert caught.args == [1, 4, 9]
    assert _tree(model)[0][2][0][0] == "Creole"  # nothing moved in the model itself
