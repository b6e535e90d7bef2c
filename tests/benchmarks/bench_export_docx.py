"""Export speed against the budgets: 10,000 coded excerpts to .docx in 5 s (DESIGN.md), to .xlsx
in 2 s, a coded document of 3M characters with 50,000 codings in 3 s (issue 10), and how long
an export goes without reporting progress (at most ~50 ms, so a window can stay responsive and
Cancel is heard).

Run: ``python tests/benchmarks/bench_export_docx.py [--runs N] [--json]``. Each figure is the
median of N runs, each in a fresh process. The projects: the default codebook, four documents of
300,000 characters with 10,000 codings of 20-400 characters by two coders (a fifth with memos);
one 1M-character paragraph with 10,000 codings; one 3M-character document with 50,000 codings
(:mod:`_projects`).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import (  # noqa: E402
    Row,
    arguments,
    built,
    cache_folder,
    child_main,
    fresh_medians,
    report,
)
from _projects import coded_document  # noqa: E402

from glocal_annotator.exporters.document_docx import export_document_docx  # noqa: E402
from glocal_annotator.exporters.excerpts_docx import (  # noqa: E402
    ExcerptReportOptions,
    export_excerpts_docx,
)
from glocal_annotator.exporters.tables import export_excerpts_table  # noqa: E402
from glocal_annotator.importers import ExtractedText  # noqa: E402
from glocal_annotator.operations import coding  # noqa: E402
from glocal_annotator.project import Project  # noqa: E402

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


def export_child(kind: str, project_path: str, out: str) -> dict:
    """One export in this (fresh) process: its seconds, and the longest stretch in it without a
    progress report (from the call to the first report, between reports, from the last report
    to the return): how long a window would go unserved, or a Cancel unheard."""
    import sys

    from glocal_annotator.project import Project

    # as in a user's installation: numpy comes only with the test extras (scikit-learn,
    # krippendorff), and openpyxl loads it when it is there (0.06 s more, in one step)
    sys.modules.setdefault("numpy", None)  # type: ignore[arg-type]
    project = Project.open(project_path, read_only=True)
    marks: list[float] = []
    progress = lambda done, total: marks.append(time.perf_counter())  # noqa: E731
    document = project.documents()[0].id
    exports = {
        "report": lambda: export_excerpts_docx(project, out, progress=progress),
        "report-context": lambda: export_excerpts_docx(
            project, out, ExcerptReportOptions(group_by="document", include_context=True),
            progress),
        "xlsx": lambda: export_excerpts_table(project, out, progress=progress),
        "csv": lambda: export_excerpts_table(project, out, progress=progress),
        "document": lambda: export_document_docx(project, document, out, progress=progress),
    }
    start = time.perf_counter()
    exports[kind]()
    end = time.perf_counter()
    project.close()
    moments = [start, *marks, end]
    gap = max(later - earlier for earlier, later in zip(moments, moments[1:], strict=False))
    return {"seconds": end - start, "gap": gap}


CHILDREN = {"export": export_child}


def rows(runs: int) -> list[Row]:
    excerpts = str(built("excerpts-4x300k-10k.glocal", lambda path: build(path).close()))
    paragraph = str(built("one-paragraph-1M-10k.glocal", lambda path: one_paragraph(path).close()))
    big = str(built("coded-3M-50k.glocal", coded_document))
    out = cache_folder() / "out"
    out.mkdir(exist_ok=True)
    cases = [
        ("export-docx-10k", "export 10,000 coded excerpts to .docx, by code", "report",
         excerpts, "a.docx", 5.0),
        ("export-docx-10k-context", "export 10,000 excerpts to .docx, by document, with context",
         "report-context", excerpts, "b.docx", 5.0),
        ("export-xlsx-10k", "export 10,000 coded excerpts to .xlsx", "xlsx", excerpts, "c.xlsx",
         2.0),
        ("export-csv-10k", "export 10,000 coded excerpts to .csv", "csv", excerpts, "d.csv",
         None),
        ("export-document-300k", "export a coded document (300k characters, 2,500 codings)",
         "document", excerpts, "e.docx", None),
        ("export-document-3m", "export a coded document (3M characters, 50,000 codings)",
         "document", big, "f.docx", 3.0),
        ("export-document-paragraph",
         "export a coded document of one 1M-character paragraph (10,000 codings)", "document",
         paragraph, "g.docx", None),
        ("export-report-paragraph",
         "export the 10,000 excerpts of that paragraph to .docx, with context",
         "report-context", paragraph, "h.docx", 5.0),
    ]
    result = []
    gaps = []
    for key, label, kind, project, name, budget in cases:
        figures = fresh_medians(__file__, "export", kind, project, str(out / name), runs=runs)
        result.append(Row(key, label, figures["seconds"], budget))
        gaps.append((figures["gap"], label))
    gap, where = max(gaps)
    result.append(Row("export-progress-gap", "longest stretch without a progress report, any "
                      "export above", gap, 0.1, where))
    return result


def main() -> int:
    args = arguments(__doc__.splitlines()[0])
    return report(rows(args.runs), args.json)


if __name__ == "__main__" and not child_main(CHILDREN):
    sys.exit(main())
