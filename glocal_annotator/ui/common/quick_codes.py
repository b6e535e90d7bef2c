"""The codes of the quick keys 1-9.

Assignments are kept in the settings per code GUID (:meth:`.settings.Settings.quick_code_guids`);
keys never assigned fall back to the first codable codes of the codebook, so the keys work in a
new project at once. :attr:`QuickCodes.changed` tells the coding commands and the codebook tree
to show the new keys.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from glocal_annotator.model import Code
from glocal_annotator.ui.common.collaborators import CodeLookup
from glocal_annotator.ui.common.settings import QUICK_KEYS, Settings


class QuickCodes(QObject):
    """The nine quick codes of the codebook ``codes`` under the user's ``settings``."""

    changed = Signal()

    def __init__(self, settings: Settings, codes: CodeLookup,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._lookup = codes
        self._codes: list[Code | None] = [None] * QUICK_KEYS

    def codes(self) -> list[Code | None]:
        """The codes of keys 1-9 (nine entries, None for a key without a code)."""
        return self._codes

    def keys(self) -> dict[int, int]:
        """``{code id: key 1-9}`` for the codes that have a key."""
        return {code.id: slot + 1 for slot, code in enumerate(self._codes) if code is not None}

    def refresh(self) -> None:
        """Look the keys up again in the settings and the codebook; emits :attr:`changed`."""
        codes = self._lookup.codes()
        guids = self._settings.quick_code_guids()
        if guids is None:
            chosen: list[Code | None] = [c for c in codes if c.codable][:QUICK_KEYS]
        else:
            by_guid = {c.guid: c for c in codes if c.codable}
            chosen = [by_guid.get(g) for g in guids]
        self._codes = (chosen + [None] * QUICK_KEYS)[:QUICK_KEYS]
        self.changed.emit()

    def assign(self, slot: int, code: Code) -> None:
        """Give key ``slot + 1`` (``slot`` 0-8) to ``code``, taking it from any other key (one
        key per code); saved in the settings."""
        guids = [c.guid if c else "" for c in self._codes]
        guids = [("" if g == code.guid else g) for g in guids]
        guids[slot] = code.guid
        self._settings.set_quick_code_guids(guids)
        self.refresh()
