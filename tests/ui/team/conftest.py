"""A window on a project coded by two coders, ana (the user) and ben."""

from __future__ import annotations

from pathlib import Path

import pytest

from glocal_annotator.importers import ExtractedText
from glocal_annotator.project import Project
from glocal_annotator.ui.common.settings import Settings

TALK = ("Ana spoke of the river and the market.\n"
        "The market sells rice burgers now 😀.\n"
        "Nobody coded this line.\n")
NOTES = "Field notes: the chain opened a store.\n"


def build_team(path: Path) -> Path:
    """``talk.txt`` and ``notes.txt``; codes River and Market; ana and ben agree on "river",
    differ on "market" (ben wider) and ben alone coded a line of the notes."""
    project = Project.create(path, default_codebook=False, coder="ana")
    talk = project.add_document("talk.txt", ExtractedText(TALK, "txt")).result
    notes = project.add_document("notes.txt", ExtractedText(NOTES, "txt")).result
    river = project.add_code("River").result
    market = project.add_code("Market").result
    start = TALK.index("river")
    project.add_coding(talk, river, start, start + 5, coder="ana")
    project.add_coding(talk, river, start, start + 5, coder="ben")
    start = TALK.index("market")
    project.add_coding(talk, market, start, start + 6, coder="ana")
    second = TALK.index("The market")
    project.add_coding(talk, market, second, second + 30, coder="ben")
    project.add_coding(notes, market, 0, 11, coder="ben")
    project.close()
    return path


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
