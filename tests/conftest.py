"""Test-wide set-up: Qt runs offscreen and nothing touches the user's data or settings folders.

Qt itself is not imported here (non-UI tests must run without it); tests/ui/conftest.py points
QSettings at a temporary folder.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SESSION_DIR = tempfile.mkdtemp(prefix="glocal-tests-")
os.environ["GLOCAL_ANNOTATOR_DATA"] = os.path.join(_SESSION_DIR, "data")
# QSettings on Linux keeps its files under XDG_CONFIG_HOME: keep the user's own settings out
os.environ["XDG_CONFIG_HOME"] = os.path.join(_SESSION_DIR, "config")

# No test reaches the network (tests/network_guard.py).
pytest_plugins = ["tests.network_guard"]
