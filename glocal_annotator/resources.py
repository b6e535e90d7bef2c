"""Where the shipped resources (default codebook, demo documents) are.

In a wheel they are inside the package (``glocal_annotator/resources``); in a source checkout they
are the top-level ``resources/`` folder.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resources_dir() -> Path:
    for candidate in (_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent / "resources"):
        if (candidate / "default_codebook.json").is_file():
            return candidate
    raise FileNotFoundError("the app's resources folder is missing; reinstall Glocal Annotator")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
