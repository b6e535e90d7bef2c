"""Core performance against DESIGN.md's budgets: import, search, add/remove a coding.

Run: ``python tests/benchmarks/bench_core.py [--sections import,search,codings] [--json]``.
Prints a table; not part of the test run. Figures are the best of a few runs in this process
(run_all reads the search rows; bench_import and bench_coding measure the others in fresh
processes).
"""

from __future__ import annotations

import itertools
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from glocal_annotator.importers import ExtractedText
from glocal_annotator.project import Project

DOMAIN_WORDS = (
    "global local community programme women river market brand adaptation governance NGO "
    "donor accountability participation culture hybrid creole indigenous network water land "
    "field notes interview said we they village town council training pilots drone map café "
    "Amélie Nguyễn 全球 العولمة"
).split()
_COUNTER = itertools.count()
COMMON_WORDS = "the of and to a in that is was it for on with as at by from this had not".split()


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """A Zipf-like vocabulary: common words, domain words, and 20,000 rarer made-up words,
    so that a search term is about as frequent as in real prose."""
    letters = "abcdefghijklmnopqrstuvwxyzé"
    rare = {"".join(rng.choice(letters) for _ in range(rng.randint(3, 11))) for _ in range(20_000)}
    words = COMMON_WORDS + DOMAIN_WORDS + sorted(rare)
    weights = [1.0 / (rank + 1) ** 1.05 for rank in range(len(words))]
    return words, weights


def prose(characters: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    words, weights = _vocabulary(random.Random(0))
    paragraphs: list[str] = []
    size = 0
    while size < characters:
        sentences = []
        for _ in range(rng.randint(2, 9)):
            chosen = rng.choices(words, weights, k=rng.randint(6, 24))
            sentences.append(" ".join(chosen).capitalize() + ".")
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph) + 1
    return "\n".join(paragraphs)[:characters]


def best_of(
    runs: int, action: Callable[[], object], setup: Callable[[], object] | None = None
) -> float:
    times = []
    for _ in range(runs):
        if setup:
            setup()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_import(folder: Path) -> list[tuple[str, float, float]]:
    import docx

    text = prose(5_000_000)
    txt = folder / "big.txt"
    txt.write_text(text, encoding="utf-8")
    document = docx.Document()
    for paragraph in text.split("\n"):
        document.add_paragraph(paragraph)
    docx_path = folder / "big.docx"
    document.save(docx_path)
    rows = []
    for label, path, budget in (
        ("import 5 MB .txt, searchable", txt, 0.15),
        ("import 5 MB .docx, searchable", docx_path, 0.5),
    ):
        times = []
        for _ in range(3):
            project = Project.create(folder / f"imp{next(_COUNTER)}.glocal", default_codebook=False)
            start = time.perf_counter()
            project.import_file(path)
            times.append(time.perf_counter() - start)
            assert project.search("governance", limit=1)
            project.close()
        rows.append((label, min(times), budget))
    return rows


def bench_search(folder: Path) -> list[tuple[str, float, float]]:
    project = Project.create(folder / "search.glocal", default_codebook=False)
    for number in range(100):
        project.add_document(f"doc{number}.txt", ExtractedText(prose(300_000, seed=number), "txt"))
    project.close()
    project = Project.open(folder / "search.glocal")
    cold = best_of(1, lambda: project.search("governance"))
    rows = [
        ("search 'governance', 100 docs / 30 MB, first search (cold)", cold, 0.2),
        (
            "search 'governance', 100 docs / 30 MB (all hits)",
            best_of(3, lambda: project.search("governance")),
            0.2,
        ),
        (
            "search phrase 'women river' over 30 MB",
            best_of(3, lambda: project.search("women river")),
            0.2,
        ),
        (
            "search regex r'\\bdrone \\w+' over 30 MB",
            best_of(3, lambda: project.search(r"\bdrone \w+", regex=True)),
            0.2,
        ),
    ]
    hits = len(project.search("governance"))
    rows.append((f"  ({hits} hits for 'governance')", 0.0, 0.0))
    return rows


def bench_codings(folder: Path) -> list[tuple[str, float, float]]:
    project = Project.create(folder / "codings.glocal", default_codebook=True)
    text = prose(3_000_000)
    document = project.add_document("big.txt", ExtractedText(text, "txt")).result
    codes = [c.id for c in project.codes()]
    rng = random.Random(7)
    ranges = []
    for _ in range(50_000):
        start = rng.randrange(0, len(text) - 400)
        ranges.append((start, start + rng.randint(20, 400)))
    from glocal_annotator.operations import coding as coding_ops

    with project._operation("bulk") as journal:  # bulk set-up, not what is measured
        for start, end in ranges:
            coding_ops.add_coding(
                journal, document, rng.choice(codes), "bench", start, end, skip_identical=True
            )
    adds, removes = [], []
    for number in range(30):
        start = rng.randrange(0, len(text) - 400)
        begin = time.perf_counter()
        change = project.add_coding(document, codes[number % len(codes)], start, start + 123)
        adds.append(time.perf_counter() - begin)
        begin = time.perf_counter()
        project.remove_coding(change.result)
        removes.append(time.perf_counter() - begin)
    load = best_of(3, lambda: (project.document_text(document), project.codings([document])))
    return [
        ("add one coding with 50,000 present (commit; median)", statistics.median(adds), 0.03),
        ("remove one coding with 50,000 present (median)", statistics.median(removes), 0.03),
        ("load 3M text + 50,000 codings from the file", load, 2.0),
    ]


KEYS = {  # label -> the budget it answers in run_all's table
    "search 'governance', 100 docs / 30 MB, first search (cold)": "search-100-cold",
    "search 'governance', 100 docs / 30 MB (all hits)": "search-100",
    "search phrase 'women river' over 30 MB": "search-phrase",
    "search regex r'\\bdrone \\w+' over 30 MB": "search-regex",
}


def main() -> int:
    import argparse

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _harness import Row, report

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print rows as JSON (run_all)")
    parser.add_argument("--sections", default="import,search,codings",
                        help="comma-separated: import, search, codings")
    args = parser.parse_args()
    sections = {"import": bench_import, "search": bench_search, "codings": bench_codings}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = [row for name in args.sections.split(",") for row in sections[name](folder)]
    result = [
        Row(KEYS.get(label, "core-" + label.split(" (")[0].replace(" ", "-")), label,
            seconds if budget else None, budget or None, "" if budget else label)
        for label, seconds, budget in rows
    ]
    return report([row for row in result if row.seconds is not None] if args.json else result,
                  args.json)


if __name__ == "__main__":
    sys.exit(main())
