"""The session (open project + undo stack) that every command runs through, and the quick keys:
widget-free, with a real project and real settings."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoStack

from glocal_annotator.errors import GlocalError, InvalidOperation
from glocal_annotator.model import Code
from glocal_annotator.project import Project
from glocal_annotator.ui.common.quick_codes import QuickCodes
from glocal_annotator.ui.common.session import Session
from glocal_annotator.ui.common.settings import QUICK_KEYS, Settings


@pytest.fixture
def project(tmp_path):
    with Project.create(tmp_path / "s.glocal", default_codebook=False) as project:
        yield project


class Codebook:
    """A code lookup over the project's codes (the role the codebook model plays)."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def code(self, code_id: int) -> Code | None:
        return next((c for c in self.codes() if c.id == code_id), None)

    def codes(self) -> list[Code]:
        return self.project.codes()


def test_a_session_without_a_project_refuses_and_pushes_nothing(qapp):
    session = Session(QUndoStack())
    with pytest.raises(GlocalError, match="no project is open"):
        session.run("Add code", lambda: pytest.fail("must not run"))
    assert session.undo_stack.count() == 0


def test_each_run_is_one_undo_step_and_a_failure_is_none(project, qapp):
    session = Session(QUndoStack())
    session.project = project
    session.run("Add A", lambda: project.add_code("A"))
    session.run_many("Add B and C", [lambda: project.add_code("B"),
                                     lambda: project.add_code("C")])
    with pytest.raises(InvalidOperation):
        session.run("Add A again", lambda: project.add_code("A"))
    assert session.undo_stack.count() == 2
    session.undo_stack.undo()
    assert [c.name for c in project.codes()] == ["A"]


def test_quick_keys_fall_back_to_the_first_codable_codes(project, qapp):
    for name in ("Group", "One", "Two"):
        project.add_code(name, codable=name != "Group")
    quick = QuickCodes(Settings(), Codebook(project))
    heard = []
    quick.changed.connect(lambda: heard.append(True))
    quick.refresh()
    assert [c.name if c else None for c in quick.codes()] == ["One", "Two"] + [None] * 7
    assert len(quick.codes()) == QUICK_KEYS and heard == [True]
    assert quick.keys() == {quick.codes()[0].id: 1, quick.codes()[1].id: 2}


def test_assigning_a_key_takes_it_from_the_code_that_had_it(project, qapp):
    for name in ("One", "Two", "Three"):
        project.add_code(name)
    quick = QuickCodes(Settings(), Codebook(project))
    quick.refresh()
    one, _two, three = project.codes()
    quick.assign(4, one)  # key 5
    assert quick.codes()[0] is None and quick.codes()[4].id == one.id
    quick.assign(0, three)
    assert [c.name if c else None for c in quick.codes()[:5]] == ["Three", "Two", None, None,
                                                                  "One"]
    again = QuickCodes(Settings(), Codebook(project))  # kept in the settings, by GUID
    again.refresh()
    assert [c.id if c else None for c in again.codes()] == [c.id if c else None
                                                            for c in quick.codes()]
