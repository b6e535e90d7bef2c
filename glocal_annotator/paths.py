"""Where the app keeps its own files (demo project, error log), per platform.

Project files live wherever the user saves them; settings are kept by Qt's QSettings (see README).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Glocal Annotator"


def data_dir() -> Path:
    """The user's data folder for this app, created on first use."""
    override = os.environ.get("GLOCAL_ANNOTATOR_DATA")
    if override:
        base = Path(override)
    elif sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / APP_NAME
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / APP_NAME
    else:
        xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        base = Path(xdg) / "glocal-annotator"
    base.mkdir(parents=True, exist_ok=True)
    return base


def default_demo_path() -> Path:
    return data_dir() / "demo.glocal"
