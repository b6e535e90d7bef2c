"""Undo commands over project operations: a failing multi-step action leaves nothing behind."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from glocal_annotator.errors import InvalidOperation
from glocal_annotator.project import Project
from glocal_annotator.ui.common.undo_commands import push, push_many


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "u.glocal", default_codebook=False) as project:
        yield project


def test_failed_macro_reverts_the_steps_that_worked(project, qapp):
    stack = QUndoStack()
    push(stack, "Add A", lambda: project.add_code("A"))
    before = [c.name for c in project.codes()]
    with pytest.raises(InvalidOperation):
        push_many(stack, "Two steps", [
            lambda: project.add_code("X"),
            lambda: project.add_code("A"),  # a sibling named A exists: fails
        ])
    assert [c.name for c in project.codes()] == before
    assert stack.count() == 1 and stack.undoText() == "Add A"
    stack.undo()
    assert project.codes() == []


def test_macro_is_one_undo_step(project, qapp):
    stack = QUndoStack()
    push_many(stack, "Two codes", [lambda: project.add_code("X"), lambda: project.add_code("Y")])
    assert [c.name for c in project.codes()] == ["X", "Y"]
    stack.undo()
    assert project.codes() == []
    stack.redo()
    assert [c.name for c in project.codes()] == ["X", "Y"]
