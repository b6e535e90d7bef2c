"""The open project and its undo history: the one way the window's commands change a project.

The main window opens and closes projects (it sets :attr:`Session.project`); every command asks
for the project with :meth:`Session.require_project` and runs each change as one undo step with
:meth:`Session.run` (several changes as one step: :meth:`Session.run_many`), so the undo history
and the project file always agree (DESIGN.md, Layers).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoStack

from glocal_annotator.errors import GlocalError
from glocal_annotator.ui.common.undo_commands import push, push_many

if TYPE_CHECKING:
    from glocal_annotator.project import Change, Project


class Session:
    """The project open in the window (None on the welcome page) and the undo stack of its
    changes. Commands are given this, not the window."""

    def __init__(self, undo_stack: QUndoStack) -> None:
        self.project: Project | None = None
        self.undo_stack = undo_stack

    def require_project(self) -> Project:
        """The open project; raises GlocalError when none is open."""
        if self.project is None:
            raise GlocalError("no project is open; open or create one first")
        return self.project

    def run(self, text: str, operation: Callable[[], Change]) -> Change:
        """Run ``operation`` (a project operation returning its Change) as one undo step named
        ``text``; returns the Change. Raises GlocalError (nothing changed, nothing on the stack)
        when no project is open or the operation fails."""
        self.require_project()
        return push(self.undo_stack, text, operation)

    def run_many(self, text: str, operations: list[Callable[[], Change]]) -> list[Change]:
        """Run ``operations`` in order as one undo step named ``text``; the first that fails
        takes the earlier ones back and its GlocalError is raised (nothing changed)."""
        self.require_project()
        return push_many(self.undo_stack, text, operations)
