"""Fixtures for the UI tests: fresh settings and a fresh project per test, the real window
(helpers: :mod:`tests.ui.helpers`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from glocal_annotator.importers import ExtractedText
from glocal_annotator.project import Project
from glocal_annotator.ui.common import feedback
from glocal_annotator.ui.common.settings import APPLICATION, ORGANIZATION, use_settings_folder
from tests.projects import MIXED_TEXT


@pytest.fixture(autouse=True)
def fresh_settings(tmp_path_factory, qapp):
    use_settings_folder(tmp_path_factory.mktemp("settings"))
    qapp.setOrganizationName(ORGANIZATION)
    qapp.setApplicationName(APPLICATION)
    QSettings(ORGANIZATION, APPLICATION).clear()
    yield
    for box in feedback.open_message_boxes():
        box.close()


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("GLOCAL_ANNOTATOR_DATA", str(folder))
    return folder


@pytest.fixture
def project_path(tmp_path) -> Path:
    """A project with the default codebook and two documents (one with emoji and RTL text)."""
    path = tmp_path / "test.glocal"
    project = Project.create(path, coder="tester")
    project.add_document("mixed.txt", ExtractedText(MIXED_TEXT, "txt"))
    project.add_document(
        "plain.txt",
        ExtractedText("The global chain sells rice burgers.\nLocal women run the market.\n", "txt"),
    )
    project.close()
    return path


@pytest.fixture
def window(qtbot, project_path, data_dir):
    from glocal_annotator.ui import open_window

    win = open_window(project_path)
    qtbot.addWidget(win)
    qtbot.waitExposed(win)
    yield win
    win.close_project()
