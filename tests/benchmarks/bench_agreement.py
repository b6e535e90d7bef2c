"""Inter-coder agreement against DESIGN.md's budget: 50,000 codings, 1 s.

Run: ``python tests/benchmarks/bench_agreement.py``. Prints ``operation | median seconds |
budget``; not part of the test run. Each figure is the median of 3 runs, each in a fresh process,
and covers reading the codings from the project file and computing every code's figures. Two
shapes: 100 documents of 30,000 characters, and one 3,000,000-character transcript without a
line break; each with 50,000 codings of 20-400 characters by two coders over 30 codes (the
second coder's codings are the first's, shifted a little, or new). The disagreement list is
timed too.
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

CODINGS = 50_000
TOTAL = 3_000_000
RUNS = 3
CODES = 30
BUDGET = 1.0


def build(path: Path, documents: int) -> None:
    rng = random.Random(documents)
    project = Project.create(path, coder="ana", default_codebook=False)
    codes = [project.add_code(f"Code {n}").result for n in range(CODES)]
    size = TOTAL // documents
    words = "global local river market women brand programme café 全球 😀".split()
    separator = "\n" if documents > 1 else " "
    text = separator.join(" ".join(rng.choices(words, k=12)) for _ in range(size // 60))
    text = (text + " " * size)[:size]
    ids = [project.add_document(f"doc-{n}.txt", ExtractedText(f"{n} {text}"[:size], "txt")).result
           for n in range(documents)]

    def add_all(journal) -> None:  # noqa: ANN001 - one transaction for the 50,000 codings
        for _ in range(CODINGS // 2):
            length = rng.randint(20, 400)
            start = rng.randrange(0, size - length - 50)
            document, code = rng.choice(ids), rng.choice(codes)
            coding.add_coding(journal, document, code, "ana", start, start + length, "",
                               skip_identical=True)
            if rng.random() < 0.7:
                start += rng.randint(0, 30)
            else:
                start = rng.randrange(0, size - length - 50)
            coding.add_coding(journal, document, code, "bo", start, start + length, "",
                               skip_identical=True)

    project._run("Benchmark codings", add_all)
    project.close()


def one(action: str, folder: Path) -> float:
    """One timed run, in this (fresh) process."""
    from glocal_annotator.analysis.project_agreement import agreement_report, disagreement_list

    with Project.open(folder / "bench.glocal", read_only=True) as project:
        started = time.perf_counter()
        if action == "disagreements":
            disagreement_list(project, ["ana", "bo"])
        else:
            agreement_report(project, ["ana", "bo"], level=action)
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
    for documents in (100, 1):
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            build(folder / "bench.glocal", documents)
            with Project.open(folder / "bench.glocal", read_only=True) as project:
                count = project.count_codings()
            shape = (f"{count} codings, {documents} documents" if documents > 1
                     else f"{count} codings, one 3M-character paragraph")
            for action in ("character", "segment", "paragraph", "document", "disagreements"):
                label = (f"agreement, {action} level ({shape})" if action != "disagreements"
                         else f"disagreement list ({shape})")
                rows.append((label, median(action, folder), BUDGET))
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
