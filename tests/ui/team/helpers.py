"""The project the Team tests open: coded by two coders, ana (the user) and ben."""

from __future__ import annotations

from pathlib import Path

from glocal_annotator.importers import ExtractedText
from glocal_annotator.project import Project

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
