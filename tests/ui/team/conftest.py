"""A window on a project coded by two coders, ana (the user) and ben."""

from __future__ import annotations

from pathlib import Path

import pytest

from glocal_annotator.ui.common.settings import Settings
from tests.ui.team.helpers import build_team


@pytest.fixture
def team_path(tmp_path) -> Path:
    return build_team(tmp_path / "team.glocal")


@pytest.fixture
def team_window(qtbot, team_path, data_dir):
    from glocal_annotator.ui import open_window

    Settings().coder_name = "ana"
    win = open_window(team_path)
    qtbot.addWidget(win)
    qtbot.waitExposed(win)
    yield win
    win.close_project()
