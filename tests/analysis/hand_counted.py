"""A small project whose every figure is counted by hand in the tests of the analysis views.

Documents (code points; paragraphs are lines)::

    one.txt    100 characters: paragraphs [0, 30), [31, 61), [62, 100)
    two.txt     50 characters: one paragraph
    three.txt   20 characters: nothing coded

Codes: A (sub-codes A1, A2), B, C (unused). Codings (document, code, range, coder)::

    1  one  A   [0, 10)   ana
    2  one  A   [5, 15)   ben     overlaps 1
    3  one  A1  [40, 50)  ana
    4  one  A2  [45, 55)  ana     overlaps 3
    5  one  B   [12, 20)  ana     overlaps 2 by [12, 15)
    6  two  A1  [0, 10)   ben
    7  two  B   [10, 20)  ben     touches 6 (no shared character)
    8  two  B   [30, 40)  ana
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from glocal_annotator.project import Project
from tests.projects import add_text, empty_project

ONE = "x" * 30 + "\n" + "y" * 30 + "\n" + "z" * 38
TWO = "w" * 50
THREE = "q" * 20


@dataclass
class Small:
    project: Project
    docs: dict[str, int]
    codes: dict[str, int]
    codings: dict[int, int]  # the numbers above -> coding ids


def build(tmp_path: Path) -> Small:
    project = empty_project(tmp_path)
    docs = {"one": add_text(project, "one.txt", ONE), "two": add_text(project, "two.txt", TWO),
            "three": add_text(project, "three.txt", THREE)}
    a = project.add_code("A").result
    codes = {"A": a, "A1": project.add_code("A1", a).result, "A2": project.add_code("A2", a).result,
             "B": project.add_code("B").result, "C": project.add_code("C").result}
    plan = [("one", "A", 0, 10, "ana"), ("one", "A", 5, 15, "ben"), ("one", "A1", 40, 50, "ana"),
            ("one", "A2", 45, 55, "ana"), ("one", "B", 12, 20, "ana"), ("two", "A1", 0, 10, "ben"),
            ("two", "B", 10, 20, "ben"), ("two", "B", 30, 40, "ana")]
    codings = {}
    for number, (doc, code, start, end, coder) in enumerate(plan, 1):
        codings[number] = project.add_coding(docs[doc], codes[code], start, end,
                                             coder=coder).result
    return Small(project, docs, codes, codings)
