"""User settings, kept by QSettings: coder name, font, quick-code keys, window layout and the
list of recent projects.

Quick codes are stored per codebook by code GUID (a GUID travels with the code, a name or id may
not). Keys that were never assigned fall back to the first codable codes of the codebook, so the
keys 1-9 work in a new project at once; the settings dialog shows and changes the assignment.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QFont, QFontDatabase

ORGANIZATION = "Glocal"
APPLICATION = "Glocal Annotator"
MAX_RECENT = 10
QUICK_KEYS = 9


def use_settings_folder(folder: str | Path) -> None:
    """Keep settings in ``folder`` (tests, scripts, benchmarks: never the user's own)."""
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))


def qsettings() -> QSettings:
    return QSettings(ORGANIZATION, APPLICATION)


class Settings:
    """Typed access to the stored settings."""

    def __init__(self) -> None:
        self._store = qsettings()

    # -- coder and font ----------------------------------------------------------------------

    @property
    def coder_name(self) -> str:
        from glocal_annotator.project import default_coder_name

        value = str(self._store.value("coder/name", "") or "").strip()
        return value or default_coder_name()

    @coder_name.setter
    def coder_name(self, name: str) -> None:
        self._store.setValue("coder/name", name.strip())

    @property
    def font(self) -> QFont:
        family = str(self._store.value("view/fontFamily", "") or "")
        size = int(self._store.value("view/fontSize", 0) or 0)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        if family:
            font.setFamily(family)
        font.setPointSize(size if size > 0 else max(font.pointSize(), 11))
        return font

    @font.setter
    def font(self, font: QFont) -> None:
        self._store.setValue("view/fontFamily", font.family())
        self._store.setValue("view/fontSize", font.pointSize())

    # -- quick codes -------------------------------------------------------------------------

    def quick_code_guids(self) -> list[str] | None:
        """Nine slots, '' where unassigned; None if never set (use the default codes)."""
        if not self._store.contains("coding/quickCodes"):
            return None
        raw = self._store.value("coding/quickCodes", []) or []
        if isinstance(raw, str):
            raw = [raw]
        guids = [str(g) for g in raw][:QUICK_KEYS]
        return guids + [""] * (QUICK_KEYS - len(guids))

    def set_quick_code_guids(self, guids: list[str]) -> None:
        padded = (list(guids) + [""] * QUICK_KEYS)[:QUICK_KEYS]
        self._store.setValue("coding/quickCodes", padded)

    # -- recent projects ---------------------------------------------------------------------

    def recent_projects(self) -> list[Path]:
        raw = self._store.value("recent/projects", []) or []
        if isinstance(raw, str):
            raw = [raw]
        return [Path(p) for p in raw if p]

    def add_recent_project(self, path: Path) -> None:
        path = Path(path).resolve()
        recent = [p for p in self.recent_projects() if p != path]
        self._store.setValue("recent/projects", [str(p) for p in [path, *recent][:MAX_RECENT]])

    # -- where the user was, per project ------------------------------------------------------

    @staticmethod
    def _project_key(path: Path) -> str:
        import hashlib

        return hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:16]

    def last_document(self, project_path: Path) -> int | None:
        value = self._store.value(f"lastDocument/{self._project_key(project_path)}")
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def set_last_document(self, project_path: Path, document_id: int) -> None:
        self._store.setValue(f"lastDocument/{self._project_key(project_path)}", document_id)

    def blind_coding(self, project_path: Path) -> bool:
        """Whether the project was last shown with only the user's own codings (Team ▸ Show
        only my codings); remembered per project."""
        value = self._store.value(f"blindCoding/{self._project_key(project_path)}", False)
        return value in (True, "true", "1", 1)

    def set_blind_coding(self, project_path: Path, on: bool) -> None:
        self._store.setValue(f"blindCoding/{self._project_key(project_path)}", bool(on))

    # -- window layout -----------------------------------------------------------------------

    def window_geometry(self) -> QByteArray | None:
        value = self._store.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def window_state(self) -> QByteArray | None:
        value = self._store.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._store.setValue("window/geometry", geometry)
        self._store.setValue("window/state", state)

    def sync(self) -> None:
        self._store.sync()
