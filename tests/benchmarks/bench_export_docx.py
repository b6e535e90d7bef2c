"""Export speed against DESIGN.md's budget: 10,000 coded excerpts to .docx in 5 s.

Run: ``python tests/benchmarks/bench_export_docx.py``. Prints ``operation | seconds | budget``;
not part of the test run. The project: the default codebook, four documents of 300,000
characters, 10,000 codings of 20-400 characters by two coders (a fifth with memos).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from glocal_annotator.exporters.document_docx import export_document_docx
from glocal_annotator.exporters.excerpts_docx import ExcerptReportOptions, export_excerpts_docx
from glocal_annotator.exporters.tables import export_excerpts_table
from glocal_annotator.importers import ExtractedText
from glocal_annotator.operations import coding
from glocal_annotator.project import Project

CODINGS = 10_000
DOCUMENTS = 4
CHARACTERS = 300_000
_WORDS = (
    "the of and to a in that is was it for on with as at by global local community programme "
    "women river market brand adaptation governance donor village council café Nguyễn 全球 العولمة"
)
WORDS = _WORDS.split()


def prose(characters: int, rng: random.Random) -> str:
    paragraphs: list[str] = []
    size = 0
    while size < characters:
        words = rng.choices(WORDS, k=rng.randint(30, 160))
        paragraph = " ".join(words).capitalize() + "."
        paragraphs.append(paragraph)
        size += len(paragraph) + 1
    return "\n".join(paragraphs)[:characters]


def build(path: Path) -> Project:
    rng = random.Random(1)
    project = Project.create(path, coder="ana")
    codes = [code.id for code in project.codes() if code.codable]
    documents = [
        project.add_document(f"long-{n}.txt", ExtractedText(prose(CHARACTERS, rng), "txt")).result
        for n in range(1, DOCUMENTS + 1)
    ]

    def add_all(journal) -> None:  # noqa: ANN001 - one transaction for the 10,000 codings
        for number in range(CODINGS):
            length = rng.randint(20, 400)
            start = rng.randrange(0, CHARACTERS - length)
            memo = f"Memo {number}: worth a second look." if number % 5 == 0 else ""
            coding.add_coding(
                journal,
                documents[number % DOCUMENTS],
                rng.choice(codes),
                "ana" if number % 2 else "bo",
                start,
                start + length,
                memo,
                skip_identical=True,
            )

    project._run("Benchmark codings", add_all)
    return project


def one_paragraph(path: Path, characters: int = 1_000_000, codings: int = 10_000) -> Project:
    """A project holding one transcript without line breaks (one paragraph), densely coded."""
    rng = random.Random(2)
    project = Project.create(path, coder="ana")
    text = " ".join(prose(characters, rng).split("\n"))
    document = project.add_document("one-paragraph.txt", ExtractedText(text, "txt")).result
    codes = [code.id for code in project.codes() if code.codable]

    def add_all(journal) -> None:  # noqa: ANN001
        for _ in range(codings):
            length = rng.randint(20, 400)
            start = rng.randrange(0, len(text) - length)
            coding.add_coding(journal, document, rng.choice(codes), "ana", start, start + length,
                              skip_identical=True)

    project._run("Benchmark codings in one paragraph", add_all)
    return project


def timed(action: Callable[[], object], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        started = time.perf_counter()
        project = build(out / "bench.glocal")
        excerpts = len(project.excerpts())
        first = project.documents()[0]
        single = one_paragraph(out / "single.glocal")
        paragraph = single.documents()[0].id
        print(
            f"project: {excerpts} codings over {DOCUMENTS} documents of {CHARACTERS:,} characters"
            f" (built in {time.perf_counter() - started:.1f} s)",
            file=sys.stderr,
        )
        rows = [
            (
                f"export {excerpts} excerpts to .docx, by code",
                timed(lambda: export_excerpts_docx(project, out / "a.docx")),
                5.0,
            ),
            (
                f"export {excerpts} excerpts to .docx, by document, with context",
                timed(
                    lambda: export_excerpts_docx(
                        project,
                        out / "b.docx",
                        ExcerptReportOptions(group_by="document", include_context=True),
                    )
                ),
                5.0,
            ),
            (
                f"export {excerpts} excerpts to .xlsx",
                timed(lambda: export_excerpts_table(project, out / "c.xlsx")),
                5.0,
            ),
            (
                f"export {excerpts} excerpts to .csv",
                timed(lambda: export_excerpts_table(project, out / "d.csv")),
                None,
            ),
            (
                f"export a coded document (300k characters, {first.codings} codings)",
                timed(lambda: export_document_docx(project, first.id, out / "e.docx")),
                None,
            ),
            (
                "export a coded document of one 1M-character paragraph (10,000 codings)",
                timed(lambda: export_document_docx(single, paragraph, out / "f.docx"), runs=1),
                None,
            ),
            (
                "export the 10,000 excerpts of that paragraph to .docx, with context",
                timed(
                    lambda: export_excerpts_docx(
                        single, out / "g.docx", ExcerptReportOptions(include_context=True)
                    ),
                    runs=1,
                ),
                5.0,
            ),
        ]
        size = (out / "a.docx").stat().st_size
        project.close()
        single.close()
    print("operation | seconds | budget")
    failed = False
    for label, seconds, budget in rows:
        print(f"{label} | {seconds:.2f} | {'-' if budget is None else f'{budget:g}'}")
        failed |= budget is not None and seconds > budget
    print(f"(the by-code report is {size / 1e6:.1f} MB)", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
