"""REFI-QDA project exchange against DESIGN.md's budgets: export and import of a project with
10,000 codings over 3M characters, 5 s each.

Run: ``python tests/benchmarks/bench_qdpx.py``. Prints ``operation | median seconds | budget``;
not part of the test run. Each figure is the median of 3 runs, each in a fresh process. Two
shapes: ten documents of 300,000 characters, and one transcript of 3,000,000 characters without a
line break; each with 10,000 codings of 20-400 characters by two coders (every fifth with a memo),
emoji and CJK in the text so offsets are worked out, not assumed.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from glocal_annotator.importers import ExtractedText  # noqa: E402
from glocal_annotator.operations import coding  # noqa: E402
from glocal_annotator.project import Project  # noqa: E402

CODINGS = 10_000
TOTAL = 3_000_000
RUNS = 3
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
    rng = random.Random(documents)
    project = Project.create(path, coder="ana")
    codes = [code.id for code in project.codes() if code.codable]
    size = TOTAL // documents
    ids = [project.add_document(f"doc-{n}.txt", ExtractedText(
        prose(size, rng, documents > 1), "txt")).result for n in range(documents)]

    def add_all(journal) -> None:  # noqa: ANN001 - one transaction for the 10,000 codings
        for number in range(CODINGS):
            length = rng.randint(20, 400)
            start = rng.randrange(0, size - length)
            coding.add_coding(journal, ids[number % documents], rng.choice(codes),
                              "ana" if number % 2 else "bo", start, start + length,
                              f"Memo {number}" if number % 5 == 0 else "", skip_identical=True)

    project._run("Benchmark codings", add_all)
    project.close()


def one(action: str, folder: Path) -> float:
    """One timed run, in this (fresh) process."""
    started = time.perf_counter()
    if action == "export":
        from glocal_annotator.exporters.project_qdpx import export_project_qdpx

        with Project.open(folder / "bench.glocal", read_only=True) as project:
            export_project_qdpx(project, folder / "run.qdpx")
    elif action == "import":
        from glocal_annotator.project_exchange import import_qdpx

        target = folder / f"imported-{time.time_ns()}.glocal"
        started = time.perf_counter()
        import_qdpx(target, folder / "bench.qdpx")
    elif action == "sync":
        from glocal_annotator.project_exchange import import_qdpx

        started = time.perf_counter()
        import_qdpx(folder / "bench.glocal", folder / "bench.qdpx", dry_run=True)
    return time.perf_counter() - started


def median(action: str, folder: Path) -> float:
    times = []
    for _ in range(RUNS):
        done = subprocess.run([sys.executable, __file__, "--one", action, str(folder)],
                              capture_output=True, text=True, check=True)
        times.append(float(done.stdout.strip()))
    return statistics.median(times)


def main() -> int:
    rows = []
    for documents in (10, 1):
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            build(folder / "bench.glocal", documents)
            from glocal_annotator.exporters.project_qdpx import export_project_qdpx

            with Project.open(folder / "bench.glocal", read_only=True) as project:
                count = project.count_codings()
                export_project_qdpx(project, folder / "bench.qdpx")
            shape = (f"{count} codings, {documents} documents" if documents > 1
                     else f"{count} codings, one 3M-character paragraph")
            rows.append((f"export .qdpx ({shape})", median("export", folder), 5.0))
            rows.append((f"import .qdpx into a new project ({shape})",
                         median("import", folder), 5.0))
            rows.append((f"re-import preview, all matched ({shape})", median("sync", folder), 5.0))
    width = max(len(row[0]) for row in rows)
    print(f"{'operation'.ljust(width)} | median s | budget s")
    failed = False
    for label, seconds, budget in rows:
        mark = "" if seconds <= budget else "  OVER BUDGET"
        failed |= seconds > budget
        print(f"{label.ljust(width)} | {seconds:8.2f} | {budget:8.1f}{mark}")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        print(f"{one(sys.argv[2], Path(sys.argv[3])):.4f}")
        sys.exit(0)
    sys.exit(main())
