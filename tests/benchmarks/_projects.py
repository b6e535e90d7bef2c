"""Projects the benchmarks measure, built once per run (see :func:`_harness.built`).

- :func:`coded_document`: one 3,000,000-character document (Zipf-like prose in paragraphs) with
  50,000 codings of 20-400 characters (codes of the default codebook, two coders, a memo on
  every fifth): the "3M/50,000" of DESIGN.md and issue 10.
- :func:`autocode_document`: the same prose with a marker word 50,000 times, for autocoding.
- :func:`marked_coded_document`: both at once (the marker prose with 50,000 codings), for the
  window's event-loop benchmark: open, code, export and autocode one document.
"""

from __future__ import annotations

import random
from pathlib import Path

from bench_core import prose

from glocal_annotator.importers import ExtractedText
from glocal_annotator.operations import coding as coding_ops
from glocal_annotator.project import Project

CHARACTERS = 3_000_000
CODINGS = 50_000
MARKER = "zqxv"  # a made-up word the prose never holds


def coded_document(path: Path) -> None:
    _coded(path, prose(CHARACTERS))


def _coded(path: Path, text: str) -> None:
    project = Project.create(path, coder="ana")
    document = project.add_document("big.txt", ExtractedText(text, "txt")).result
    codes = [code.id for code in project.codes() if code.codable]
    rng = random.Random(7)
    with project._operation("bulk set-up") as journal:  # set-up, not measured
        for number in range(CODINGS):
            length = rng.randint(20, 400)
            start = rng.randrange(0, len(text) - length)
            memo = f"memo {number}: worth a second look" if number % 5 == 0 else ""
            coding_ops.add_coding(journal, document, rng.choice(codes),
                                  "ana" if number % 2 else "bo", start, start + length, memo,
                                  skip_identical=True)
    project.close()


def marked_prose() -> str:
    """The prose with :data:`MARKER` as a word 50,000 times (about 3,250,000 characters)."""
    rng = random.Random(11)
    words = prose(CHARACTERS, seed=3).split(" ")
    for position in sorted(rng.sample(range(len(words)), CODINGS), reverse=True):
        words.insert(position, MARKER)
    return " ".join(words)


def autocode_document(path: Path) -> None:
    project = Project.create(path, coder="ana")
    project.add_document("autocode.txt", ExtractedText(marked_prose(), "txt"))
    project.close()


def marked_coded_document(path: Path) -> None:
    _coded(path, marked_prose())
