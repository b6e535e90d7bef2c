"""ui.segments_model without a view: rows in document order, kept in order by in-place inserts
and removals, and what each cell shows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from glocal_annotator.model import Coding
from glocal_annotator.ui.segments.model import CODING_ROLE, SegmentsModel
from tests.projects import add_text, empty_project
from tests.ui.helpers import shown_as

TEXT = "alpha beta gamma delta\nsecond line here\n"


@pytest.fixture
def setup(qapp, tmp_path):
    project = empty_project(tmp_path)
    first = add_text(project, "one.txt", TEXT)
    second = add_text(project, "two.txt", "other words in two\n")
    code = project.add_code("A").result
    ids = [project.add_coding(document, code, start, end, memo=memo).result
           for document, start, end, memo in ((second, 0, 5, ""), (first, 6, 10, "why"),
                                              (first, 0, 5, ""))]
    model = SegmentsModel()
    model.reset(project, project.codings(), {c.id: c for c in project.codes()},
                {first: "one.txt", second: "two.txt"}, {1: "tester"})
    yield project, model, (first, second), ids
    project.close()


def _order(model: SegmentsModel) -> list[tuple[int, int]]:
    return [(c.document_id, c.start) for c in model.rows]


def test_rows_in_document_order_and_cells(setup, qtmodeltester):
    project, model, (first, second), _ = setup
    qtmodeltester.check(model)
    assert _order(model) == [(first, 0), (first, 6), (second, 0)]
    assert (model.rowCount(), model.columnCount(), model.document_count()) == (3, 4, 2)
    row = [model.index(1, column).data() for column in range(4)]
    # context stays in the excerpt's paragraph (excerpt_context, as in the Word report)
    assert row == ["alpha [beta] gamma delta", "A", "one.txt", "tester"]
    assert shown_as(model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)) == "beta\nMemo: why"
    assert shown_as(model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole)) == "A"
    assert isinstance(model.index(1, 0).data(CODING_ROLE), Coding)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Excerpt (in context)"


def test_inserts_and_removals_keep_the_order(setup):
    project, model, (first, second), ids = setup
    coding = project.coding(project.add_coding(first, project.codes()[0].id, 11, 16).result)
    model.insert(coding)
    assert _order(model) == [(first, 0), (first, 6), (first, 11), (second, 0)]
    gone = model.rows[0]
    assert not model.remove(gone.id, (gone.document_id, gone.start + 1, gone.end, gone.id))
    assert model.remove(gone.id, (gone.document_id, gone.start, gone.end, gone.id))
    assert _order(model) == [(first, 6), (first, 11), (second, 0)]
    last = model.rows[-1]
    model.remove(last.id, (last.document_id, last.start, last.end, last.id))
    assert model.document_count() == 1
    model.reset(None, [], {}, {}, {})
    assert model.rowCount() == 0 and model.index(0, 0).data() is None
