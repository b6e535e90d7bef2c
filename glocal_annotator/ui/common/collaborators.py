"""What the rooms' commands are given instead of the main window: small roles, each met by one
object the window already has (so the rooms never import the shell, nor each other).

- :class:`StatusSink`: where a hint or a confirmation goes (the window's status bar).
- :class:`CodeLookup`: the codebook as loaded (the codebook's item model).
- :class:`OpenDocument`: the document open in the window and the user's selection in it (the
  document view).
- :class:`QuickKeys`: the codes of the quick keys 1-9 (:class:`.quick_codes.QuickCodes`).
- :class:`PassageViewer`: a document shown with a margin lane per coder, to compare coders
  (the document room's ``CoderLanesView``), fed :class:`LaneCoding` values.

The project itself and its undo history come as a :class:`.session.Session`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtWidgets import QMainWindow, QWidget

from glocal_annotator.model import Code


class StatusSink(Protocol):
    def showMessage(self, text: str, timeout: int = 0) -> None:  # noqa: N802 - QStatusBar's name
        """Show ``text`` for ``timeout`` milliseconds (0: until the next message)."""


class CodeLookup(Protocol):
    def code(self, code_id: int) -> Code | None:
        """The code with this id, None if there is none."""

    def codes(self) -> list[Code]:
        """Every code, in codebook order (parents before their children)."""


class OpenDocument(Protocol):
    @property
    def document_id(self) -> int | None:
        """The project's id of the open document; None when none is open."""

    @property
    def text(self) -> str:
        """Its stored text ("" when none is open)."""

    def selected_range(self) -> tuple[int, int]:
        """The user's selection, ``(start, end)`` in code points (equal when empty)."""

    def selected_coding(self) -> int | None:
        """The id of the selected coding (a bracket clicked), if any."""


class QuickKeys(Protocol):
    def codes(self) -> list[Code | None]:
        """The codes of keys 1-9 (nine entries, None for a key without a code)."""

    def assign(self, slot: int, code: Code) -> None:
        """Give key ``slot + 1`` to ``code`` (and take it from any other key)."""


@dataclass(frozen=True)
class LaneCoding:
    """One coding for a :class:`PassageViewer`: its id, the index of its coder (in the coders
    given with it), its code's id and name, and ``[start, end)`` in code points."""

    coding_id: int
    coder: int
    code_id: int
    code: str
    start: int
    end: int


class PassageViewer(Protocol):
    """A read-only document with one margin lane per coder (NVivo's coding stripes by user)."""

    def show_passage(self, document_id: int, text: str, coders: Sequence[str],
                     codings: Sequence[LaneCoding], start: int, end: int) -> None:
        """Show ``text`` with ``codings`` in the lanes of ``coders`` and mark ``[start, end)``
        (code points) as found."""

    def clear(self) -> None:
        """Show nothing."""

    def selected_range(self) -> tuple[int, int]:
        """The user's selection, ``(start, end)`` in code points (equal when empty)."""

    def widget(self) -> QWidget:
        """The widget to lay out."""


class StatusBar:
    """A :class:`StatusSink` for a main window's status bar, which Qt makes (and shows) only
    when the first message comes, so the window is laid out without one until then."""

    def __init__(self, window: QMainWindow) -> None:
        self._window = window

    def showMessage(self, text: str, timeout: int = 0) -> None:  # noqa: N802 - QStatusBar's name
        self._window.statusBar().showMessage(text, timeout)
