"""REFI-QDA project exchange against DESIGN.md's budgets: export and import of a project with
10,000 codings over 3M characters, 5 s each.

Run: ``python tests/benchmarks/bench_qdpx.py [--runs N] [--json]``. Every figure is the median
over N fresh processes (default 5). Two shapes: ten documents of 300,000 characters, and one
transcript of 3,000,000 characters without a line break; each with 10,000 codings of 20-400
characters by two coders (every fifth with a memo), emoji and CJK in the text so offsets are
worked out, not assumed.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the checkout's package

from _harness import Row, arguments, built, child_main, fresh_medians, report  # noqa: E402

CODINGS = 10_000
TOTAL = 3_000_000
BUDGET = 5.0
WORDS = ("the of and to a in that is was it for on with as at by global local community "
         "programme women river market brand café Nguyễn 全球 العولمة 😀").split()


def prose(characters: int, rng: random.Random, breaks: bool) -> str:
    parts: list[str] = []
    size = 0
    while size < characters:
        paragraph = " ".join(rng.choices(WORDS, k=rng.randint(30, 160))).capitalize() + "."
        parts.append(paragraph)
        size += len(paragraph) + 1
    return ("\n" if breaks else " ").join(parts)[:characters]


def build(path: Path, documents: int) -> None:
    from glocal_annotator.exporters.project_qdpx import export_project_qdpx
    from glocal_annotator.importers import ExtractedText
    from glocal_annotator.operations import coding
    from glocal_annotator.project import Project

    rng = random.Random(documents)
    project = Project.create(path, coder="ana")
    codes = [code.id for code in project.codes() if code.codable]
    size = TOTAL // documents
    ids = [project.add_document(f"doc-{n}.txt", ExtractedText(
        prose(size, rng, documents > 1), "txt")).result for n in range(documents)]
    with project._operation("Benchmark codings") as journal:  # set-up, not measured
        for number in range(CODINGS):
            length = rng.randint(20, 400)
            start = rng.randrange(0, size - length)
            coding.add_coding(journal, ids[number % documents], rng.choice(codes),
                              "ana" if number % 2 else "bo", start, start + length,
                              f"Memo {number}" if number % 5 == 0 else "", skip_identical=True)
    export_project_qdpx(project, qdpx_file(path))  # the file the import rows read
    project.close()


def qdpx_file(project: Path) -> Path:
    """The .qdpx exported beside ``project`` (also while :func:`built` builds it under a
    temporary name)."""
    name = project.name.removeprefix(".").removesuffix(".building").removesuffix(".glocal")
    return project.with_name(name + ".qdpx")


def exchange_child(action: str, path: str) -> dict:
    """One timed run in this (fresh) process."""
    from glocal_annotator.exporters.project_qdpx import export_project_qdpx
    from glocal_annotator.project import Project
    from glocal_annotator.project_exchange import import_qdpx

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        if action == "export":
            with Project.open(path, read_only=True) as project:
                export_project_qdpx(project, Path(folder) / "run.qdpx")
        elif action == "import":
            import_qdpx(Path(folder) / "imported.glocal", qdpx_file(Path(path)))
        else:  # the re-import preview: every source, code and coding matched
            import_qdpx(path, qdpx_file(Path(path)), dry_run=True)
        return {"seconds": time.perf_counter() - started}


CHILDREN = {"exchange": exchange_child}


def rows(runs: int) -> list[Row]:
    result: list[Row] = []
    for documents, tag in ((10, "10"), (1, "1")):
        path = built(f"qdpx-{documents}-10k.glocal", lambda target, n=documents: build(target, n))
        shape = (f"{CODINGS:,} codings, {documents} documents" if documents > 1
                 else f"{CODINGS:,} codings, one 3M-character paragraph")
        for action, label in (("export", f"export .qdpx ({shape})"),
                              ("import", f"import .qdpx into a new project ({shape})"),
                              ("sync", f"re-import preview, all matched ({shape})")):
            figures = fresh_medians(__file__, "exchange", action, str(path), runs=runs)
            result.append(Row(f"qdpx-{action}-{tag}", label, figures["seconds"], BUDGET))
    return result


def main() -> int:
    args = arguments(__doc__.splitlines()[0])
    return report(rows(args.runs), args.json)


if __name__ == "__main__" and not child_main(CHILDREN):
    sys.exit(main())
