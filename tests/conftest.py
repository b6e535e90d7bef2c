"""Test-wide set-up: Qt runs offscreen and nothing touches the user's data or settings folders.

Qt itself is not imported here (non-UI tests must run without it); tests/ui/conftest.py points
QSettings at a temporary folder.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SESSION_DIR = tempfile.mkdtemp(prefix="glocal-tests-")
os.environ["GLOCAL_ANNOTATOR_DATA"] = os.path.join(_SESSION_DIR, "data")
# QSettings on Linux keeps its files under XDG_CONFIG_HOME: keep the user's own settings out
os.environ["XDG_CONFIG_HOME"] = os.path.join(_SESSION_DIR, "config")


REFI_SAMPLES = Path(__file__).parent / "refi" / "samples"  # REFI-QDA files from other tools
REFI_SCHEMAS = Path(__file__).parent / "refi" / "schemas"  # the REFI-QDA XSDs


@pytest.fixture(scope="session")
def samples() -> Path:
    """The folder of REFI-QDA sample files (copied here: no ../shared at run time)."""
    return REFI_SAMPLES


@pytest.fixture(scope="session")
def codebook_schema():  # noqa: ANN201 - xmlschema.XMLSchema, imported on first use
    """The REFI-QDA codebook schema (Codebook.xsd)."""
    import xmlschema

    return xmlschema.XMLSchema(str(REFI_SCHEMAS / "Codebook.xsd"))


# No test reaches the network (tests/network_guard.py).
pytest_plugins = ["tests.network_guard"]
