"""Undo commands over project operations.

Each project operation returns a :class:`~glocal_annotator.project.Change`; ``change.undo()``
reverts it and returns the change that redoes it. A :class:`ProjectCommand` keeps that pair: the
first ``redo()`` runs the operation, ``undo()`` reverts it, a later ``redo()`` reverts the revert.
Views refresh from the project's listener, never from the command, so the undo history and the
file always agree.

Undoing or redoing a big change (an autocode of thousands of hits, an import) reports progress
and keeps the window repainting (:func:`~.reading.run_pumping`, without Cancel: an undo stops
half-way in nothing, and the undo history must not either).

An operation that fails (a :class:`GlocalError`) changed nothing: the command marks itself
obsolete, so ``QUndoStack.push`` drops it, and :func:`push` re-raises the error for the caller's
message. An undo that fails (say, the coding was changed by something the stack does not know)
leaves the stack where it was and is reported the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from glocal_annotator.errors import GlocalError
from glocal_annotator.ui.common.plain import menu_text

Operation = Callable[[], Any]  # returns a project Change
BIG = 5000  # rows: undoing or redoing a change this big reports progress


class _Outcome:
    """Where a command leaves its result and its error (the command may be deleted by Qt)."""

    def __init__(self) -> None:
        self.change: Any = None
        self.error: Exception | None = None


def _report(error: Exception) -> None:
    """An undo or redo from the Edit menu failed: say so (nothing was changed)."""
    from glocal_annotator.ui.common import feedback

    if isinstance(error, GlocalError):
        feedback.show_error(None, error, "Undo or redo")
    else:
        feedback.show_unexpected(None, error)


def _revert(change: Any, host: QWidget | None, doing: str) -> Any:
    """``change.undo()``; for a big change under a progress dialog over ``host``."""
    if getattr(change, "size", 0) < BIG:
        return change.undo()
    from glocal_annotator.ui.common.reading import run_pumping

    return run_pumping(host, None, doing, f"{doing}: {change.description}…",
                       lambda progress: change.undo(progress), cancellable=False,
                       name="undoProgress")


class ProjectCommand(QUndoCommand):
    def __init__(self, text: str, operation: Operation, outcome: _Outcome,
                 host: QObject | None = None) -> None:
        super().__init__(menu_text(text))  # "Undo Rename code R&D": the "&" is shown
        self._operation: Operation | None = operation
        self._change: Any = None
        self._inverse: Any = None
        self._outcome = outcome
        self._host = host if isinstance(host, QWidget) else None

    def redo(self) -> None:
        first = self._operation is not None
        try:
            if first:
                self._change = self._operation()
                self._operation = None
                self._outcome.change = self._change
            else:
                self._change = _revert(self._inverse, self._host, "Redo")
        except Exception as error:  # noqa: BLE001 - re-raised by push() or reported
            self.setObsolete(True)
            if first:
                self._outcome.error = error
            else:
                _report(error)

    def undo(self) -> None:
        try:
            self._inverse = _revert(self._change, self._host, "Undo")
        except Exception as error:  # noqa: BLE001 - reported; the command leaves the stack
            self.setObsolete(True)
            _report(error)


def push(stack: QUndoStack, text: str, operation: Operation) -> Any:
    """Run ``operation`` as an undoable command named ``text``; return its Change.

    Raises the operation's GlocalError (nothing was changed, nothing was pushed)."""
    outcome = _Outcome()
    stack.push(ProjectCommand(text, operation, outcome, stack.parent()))
    if outcome.error is not None:
        raise outcome.error
    return outcome.change


def push_many(stack: QUndoStack, text: str, operations: list[Operation]) -> list[Any]:
    """Run several operations as one undo step (a macro); stop at the first failure, undoing
    what the earlier ones did, and raise it."""
    changes: list[Any] = []
    stack.beginMacro(menu_text(text))
    try:
        for operation in operations:
            changes.append(push(stack, text, operation))
    except Exception:
        stack.endMacro()
        # Revert the steps that worked, newest first, so the project is as it was; then drop
        # the macro (QUndoStack deletes an obsolete command on undo without calling undo()).
        for change in reversed(changes):
            change.undo()
        macro = stack.command(stack.index() - 1)
        if macro is not None:
            macro.setObsolete(True)
            stack.undo()
        raise
    stack.endMacro()
    return changes
