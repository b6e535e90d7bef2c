"""How the UI reports failures.

- An expected failure (:class:`~glocal_annotator.errors.GlocalError`) is shown as a message that
  says what happened and what to do; the operation changed nothing.
- An unexpected exception is a bug: it is appended to ``data_dir()/errors.log`` with its traceback
  and shown in a dialog with the details; the app goes on.

Slots are wrapped with :func:`guarded`; ``sys.excepthook`` (see
:mod:`glocal_annotator.ui.shell.app`) catches the rest.
Message boxes are opened window-modal and non-blocking (``open()``), so that a failure never stalls
the event loop and tests can find and close them.
"""

from __future__ import annotations

import datetime
import functools
import inspect
import logging
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from glocal_annotator.errors import GlocalError
from glocal_annotator.ui.common.plain import plain_message_box

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

# Open message boxes are kept here so that Python does not collect them while they are shown.
_open_boxes: list[QMessageBox] = []


def error_log_path():
    from glocal_annotator.paths import data_dir

    return data_dir() / "errors.log"


def log_unexpected(exc: BaseException) -> str:
    """Append ``exc`` with its traceback to errors.log; return the formatted traceback."""
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    stamp = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    try:
        with open(error_log_path(), "a", encoding="utf-8") as handle:
            handle.write(f"--- {stamp}\n{details}\n")
    except OSError:  # the log itself failed: keep going, the dialog still shows the details
        log.exception("could not write errors.log")
    log.error("unexpected error: %s", details)
    return details


def _parent_window(parent: QWidget | None) -> QWidget | None:
    if parent is not None:
        return parent.window()
    return QApplication.activeWindow()


def _forget(box: QMessageBox) -> None:
    _open_boxes[:] = [open_box for open_box in _open_boxes if open_box is not box]


def show_box(box: QMessageBox) -> QMessageBox:
    """Open ``box`` window-modal without blocking (kept alive until it closes, or until its
    parent window goes, taking it along); return it."""
    _open_boxes.append(box)
    box.finished.connect(lambda _result, b=box: _forget(b))
    box.destroyed.connect(lambda _object=None, b=box: _forget(b))
    box.open()
    return box


def show_error(parent: QWidget | None, error: GlocalError, action: str = "") -> QMessageBox:
    """Tell the user an expected failure: what happened, and that nothing was changed."""
    box = QMessageBox(_parent_window(parent))
    box.setObjectName("errorMessage")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Glocal Annotator")
    headline = f"{action} did not work." if action else "That did not work."
    box.setText(headline)
    message = str(error).strip() or type(error).__name__
    box.setInformativeText(message[:1].upper() + message[1:])
    plain_message_box(box)  # the message may quote a name or a file name
    return show_box(box)


def show_notice(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """Tell the user something they should know that is not a failure (a project opened
    read-only because its file cannot be written here)."""
    box = QMessageBox(_parent_window(parent))
    box.setObjectName("noticeMessage")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("Glocal Annotator")
    box.setText(title)
    box.setInformativeText(text[:1].upper() + text[1:])
    plain_message_box(box)
    return show_box(box)


def expected_failure(parent: QWidget | None, exc: BaseException) -> GlocalError | None:
    """``exc`` as the one-line GlocalError of a failure that is the user's situation, not a
    bug (a full or read-only disk, a damaged project file; see ``failures.explain``), with the
    open project's name; None for a bug."""
    from glocal_annotator.failures import explain

    window = _parent_window(parent)
    project = getattr(window, "project", None)
    return explain(exc, getattr(project, "path", None))


def show_failure(parent: QWidget | None, exc: BaseException, action: str = "") -> QMessageBox:
    """Show ``exc``: as an expected failure when it is one, else as a bug (logged)."""
    expected = expected_failure(parent, exc)
    if expected is not None:
        return show_error(parent, expected, action)
    return show_unexpected(parent, exc)


def show_unexpected(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    details = log_unexpected(exc)
    box = QMessageBox(_parent_window(parent))
    box.setObjectName("unexpectedError")
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Glocal Annotator: unexpected error")
    box.setText("Something went wrong inside Glocal Annotator.")
    box.setInformativeText(
        f"{type(exc).__name__}: {exc}\n\nYour work up to this point is saved. The details were "
        f"written to {error_log_path()}; please send that file with a bug report."
    )
    box.setDetailedText(details)
    plain_message_box(box)
    return show_box(box)


def open_message_boxes() -> list[QMessageBox]:
    return list(_open_boxes)


def _positional_count(function: Callable[..., Any]) -> int | None:
    parameters = inspect.signature(function).parameters.values()
    if any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in parameters):
        return None
    return sum(
        p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        for p in parameters
    )


def guarded(function: F) -> F:
    """Wrap a slot: a GlocalError becomes a message, anything else is logged and shown.

    Extra signal arguments (such as ``triggered``'s ``checked``) are dropped when the slot does
    not take them.
    """
    count = _positional_count(function)
    action = ""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if count is not None:
            args = args[:count]
        owner = args[0] if args and isinstance(args[0], QWidget) else None
        try:
            return function(*args, **kwargs)
        except GlocalError as error:
            show_error(owner, error, action)
        except Exception as exc:  # noqa: BLE001 - a full disk, a damaged file, or a bug
            show_failure(owner, exc, action)
        return None

    return wrapper  # type: ignore[return-value]
