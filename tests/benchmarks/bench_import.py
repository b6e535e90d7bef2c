"""Benchmark: extract ~5 MB of prose from .txt, .docx and .pdf (not collected by pytest).

Run: python tests/benchmarks/bench_import.py [--runs N] [--no-pdf] [--json]

Each figure is the median of N runs (default 5), each in a fresh Python process. Extraction
counts module loading, as it does for a user; the whole import (file to a stored, searchable
document: extraction, hashing, storage, the FTS5 index, the durable commit) is timed after the
modules are loaded, as QualCoder's 0.02 s (.txt) and 0.06 s (.docx) were (issue 10), and from
the command line with start-up included. The PDF is the same prose converted by LibreOffice
(`soffice`, skipped when it is not installed): about 5 MB and 1,800 A4 pages; its budget is
"a few seconds" (pdfminer.six took 114 s; PDFium through pypdfium2 about 4 s).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import docx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Row, child_main, fresh_medians, report  # noqa: E402

TARGET_BYTES = 5 * 1024 * 1024
BUDGETS = {".txt": 0.15, ".docx": 0.5, ".pdf": 5.0}
ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import sys, time
from glocal_annotator.importers import extract
start = time.perf_counter()
result = extract(sys.argv[1])
print(time.perf_counter() - start, len(result.text))
"""

WORDS = [
    "the", "community", "local", "global", "market", "identity", "culture", "hybrid", "brand",
    "food", "festival", "women", "water", "river", "policy", "village", "town", "migrants",
    "music", "language", "school", "tradition", "modern", "network", "family", "farmers",
    "cooperative", "tourism", "heritage", "media", "youth", "elders", "ritual", "exchange",
    "economy", "change", "said", "we", "they", "it", "was", "is", "were", "because", "although",
    "however", "often", "never", "always", "perhaps", "really",
]
NON_ASCII = ["café", "naïve", "Zürich", "São Paulo", "Kraków", "façade", "crème", "Ñuñoa",
             "全球本土化", "العولمة", "глокализация", "👩🏽‍🔬", "e\u0301", "“quoted”", "—"]


def make_paragraphs(rng: random.Random, target_bytes: int) -> list[str]:
    """Paragraphs of 1 to 15 sentences; about one word in 25 is non-ASCII."""
    paragraphs: list[str] = []
    size = 0
    while size < target_bytes:
        sentences = []
        for _ in range(rng.randint(1, 15)):
            words = [rng.choice(NON_ASCII) if rng.random() < 0.04 else rng.choice(WORDS)
                     for _ in range(rng.randint(4, 30))]
            sentences.append(" ".join(words).capitalize() + rng.choice(".!?"))
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 1
    return paragraphs


def write_docx(paragraphs: list[str], path: Path, rng: random.Random, many_runs: bool) -> None:
    """With ``many_runs``, like a real Word file: several runs per paragraph, some bold or italic
    (about 5x the XML elements of one run per paragraph, the layout DESIGN.md's figures used)."""
    document = docx.Document()
    for text in paragraphs:
        if not many_runs:
            document.add_paragraph(text)
            continue
        paragraph = document.add_paragraph()
        words = text.split(" ")
        start = 0
        while start < len(words):
            end = start + rng.randint(3, 40)
            run = paragraph.add_run(" ".join(words[start:end]) + (" " if end < len(words) else ""))
            run.bold = rng.random() < 0.1
            run.italic = rng.random() < 0.1
            start = end
    document.save(path)


def median_of(runs: int, path: Path) -> tuple[float, int]:
    """Median seconds of ``extract(path)`` over fresh processes, and the characters it gave."""
    times = []
    characters = 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True,
                             text=True, check=True, env=env).stdout.split()
        times.append(float(out[0]))
        characters = int(out[1])
    return statistics.median(times), characters


def write_pdf(docx_path: Path) -> Path | None:
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir",
                    str(docx_path.parent), str(docx_path)], check=True, capture_output=True)
    return docx_path.with_suffix(".pdf")


def import_child(path: str) -> dict:
    """Import one file into a new project in this (fresh) process, the modules it needs loaded
    first (a user's window has them by the second import): the whole import, searchable."""
    import importlib
    import time

    from glocal_annotator.importers import _FORMATS
    from glocal_annotator.project import Project

    importlib.import_module(f"glocal_annotator.importers.{_FORMATS[Path(path).suffix][0]}")
    with tempfile.TemporaryDirectory() as folder:
        project = Project.create(Path(folder) / "p.glocal", default_codebook=False)
        project.add_code("warm-up")  # the first write loads sqlite-utils: not the import's
        start = time.perf_counter()
        change = project.import_file(path)
        seconds = time.perf_counter() - start
        assert project.search("community", limit=1), "not searchable"
        characters = project.document(change.result).characters
        project.close()
    return {"seconds": seconds, "characters": characters}


def cli_import(path: Path, runs: int) -> float:
    """Median wall time of ``python -m glocal_annotator import PROJECT FILE`` (fresh processes,
    start-up included) into a new project each time."""
    import time

    from glocal_annotator.project import Project

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            project = Path(folder) / "p.glocal"
            Project.create(project, default_codebook=False).close()
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "glocal_annotator", "import", str(project),
                            str(path)], check=True, capture_output=True, env=env)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def scan_child(path: str) -> dict:
    """The PDF pre-scan alone (issue 13: what the pages unpack to, before PDFium reads them),
    pypdf's loading included, in this (fresh) process."""
    import time

    data = Path(path).read_bytes()
    start = time.perf_counter()
    from glocal_annotator.importers.pdf_scan import scan

    found = scan(data)
    return {"seconds": time.perf_counter() - start, "pages": found.pages,
            "unpacked": found.content}


CHILDREN = {"import": import_child, "scan": scan_child}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--json", action="store_true", help="print rows as JSON (run_all)")
    args = parser.parse_args()
    rng = random.Random(2024)
    paragraphs = make_paragraphs(rng, TARGET_BYTES)
    text = "\n".join(paragraphs)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        txt = Path(tmp) / "prose.txt"
        txt.write_text(text, encoding="utf-8")
        runs = Path(tmp) / "runs.docx"
        write_docx(paragraphs, runs, rng, many_runs=True)
        plain = Path(tmp) / "plain.docx"
        write_docx(paragraphs, plain, rng, many_runs=False)
        size = f"{txt.stat().st_size / 1e6:.1f} MB"
        cases = [("extract-txt", f"extract {size} .txt", txt),
                 ("extract-docx-runs", "extract the .docx, several runs/paragraph", runs),
                 ("extract-docx", "extract the .docx, one run/paragraph", plain)]
        pdf = None if args.no_pdf else write_pdf(plain)
        if pdf is not None:
            cases.append(("extract-pdf", "extract the .pdf (LibreOffice's)", pdf))
        for key, label, path in cases:
            seconds, characters = median_of(args.runs, path)
            if path.suffix != ".pdf" and characters != len(text):
                raise SystemExit(f"{label}: extracted {characters:,} characters, expected "
                                 f"{len(text):,}")
            budget = BUDGETS[path.suffix]
            rows.append(Row(key, label, seconds, budget if path.suffix == ".pdf" else None,
                            "" if path.suffix == ".pdf" else f"part of the import's {budget} s"))
        if pdf is not None:
            figures = fresh_medians(__file__, "scan", str(pdf), runs=args.runs)
            rows.append(Row("scan-pdf", "of which the pre-scan for bombs (pypdf loaded)",
                            figures["seconds"], None, f"{figures['pages']:,.0f} pages unpack to "
                            f"{figures['unpacked'] / 1e6:.0f} MB"))
        for key, label, path, budget in (
            ("import-txt", f"import {size} .txt, searchable when done", txt, 0.15),
            ("import-docx", f"import the .docx ({plain.stat().st_size / 1e6:.1f} MB, one "
             "run/paragraph), searchable", plain, 0.5),
            ("import-docx-runs", f"import the .docx ({runs.stat().st_size / 1e6:.1f} MB, "
             "several runs/paragraph), searchable", runs, 0.5),
        ):
            figures = fresh_medians(__file__, "import", str(path), runs=args.runs)
            rows.append(Row(key, label, figures["seconds"], budget))
        rows.append(Row("import-txt-cli", "import the .txt from the command line (start-up "
                        "included)", cli_import(txt, args.runs)))
        rows.append(Row("import-docx-cli", "import the .docx (one run/paragraph) from the "
                        "command line", cli_import(plain, args.runs)))
    return report(rows, args.json)


if __name__ == "__main__" and not child_main(CHILDREN):
    sys.exit(main())
