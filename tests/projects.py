"""Builders for test projects (imported by the core test modules)."""

from __future__ import annotations

from pathlib import Path

from glocal_annotator.importers import ExtractedText
from glocal_annotator.project import Project

# Emoji (astral, ZWJ sequence), CJK, a combining mark and right-to-left text, before and after
# the passages the tests code, so that any offset unit mix-up shows.
MIXED_TEXT = (
    "Interview 👩🏽‍🔬 with Amélie about 全球本土化.\n"
    "She said: the global programme was made local. Cafe\u0301 owners agreed!\n"
    "العولمة والمحلية are both present. Women's groups watched the river.\n"
)


def empty_project(tmp_path: Path, name: str = "test.glocal") -> Project:
    return Project.create(tmp_path / name, default_codebook=False, coder="tester")


def add_text(project: Project, name: str, text: str, fmt: str = "txt", **kwargs) -> int:
    return project.add_document(name, ExtractedText(text, fmt, **kwargs)).result
