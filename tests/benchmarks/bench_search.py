"""Search and autocode against DESIGN.md's budgets, each figure the median of fresh processes.

    python tests/benchmarks/bench_search.py [--runs 5] [--keep DIR] [--source CHECKOUT]

Measures, over 100 documents / 30 MB of prose (with accents, CJK and Arabic words):
- a plain search and a regex starting with ``\\b`` in a FRESH process (open, search; budget 0.2 s);
- the same warm (second search in one process), and normalised matching (an accented word,
  a curly-apostrophe regex, a case-blind regex);
and autocode of 50,000 hits end to end on the command line (process start to commit; budget 2 s)
in a 3M-character document that is one paragraph and in one of 600-character paragraphs, with and
without ``--widen sentence``; then undoing such an autocode in the process that made it.

``--source`` runs another checkout (for before/after figures); fixtures are built by the code
measured (its own file format) and kept in ``--keep`` between runs when given.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1])]

from bench_core import prose  # noqa: E402

HITS = 50_000
AUTOCODE_CHARACTERS = 3_000_000


def _python(source: Path, script: str, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(source)}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        capture_output=True, text=True, env=env, check=False, cwd=tempfile.gettempdir(),
    )
    if result.returncode:
        raise SystemExit(f"benchmark step failed:\n{result.stderr}")
    return result.stdout


def _documents(count: int, characters: int) -> list[str]:
    """``count`` different texts of ``characters`` each, shuffled from one pool of prose."""
    pool = prose(3_000_000, seed=11).split("\n")
    texts = []
    for number in range(count):
        rng = random.Random(number)
        paragraphs: list[str] = []
        size = 0
        while size < characters:
            paragraph = rng.choice(pool)
            paragraphs.append(paragraph)
            size += len(paragraph) + 1
        texts.append("\n".join(paragraphs)[:characters])
    return texts


def _autocode_text(one_paragraph: bool) -> str:
    """3M characters with exactly 50,000 hits of ``NGO``, as one paragraph or many."""
    words = prose(AUTOCODE_CHARACTERS, seed=5).replace("\n", " ").replace("NGO", "ngo").split(" ")
    spacing = AUTOCODE_CHARACTERS // HITS  # one hit every 60 characters
    pieces: list[str] = []
    size = next_hit = 0
    paragraph = 0
    for word in words:
        if size >= next_hit and len(pieces) and size < AUTOCODE_CHARACTERS - 100:
            pieces.append("NGO")
            size += 4
            next_hit += spacing
        pieces.append(word)
        size += len(word) + 1
        paragraph += len(word) + 1
        if not one_paragraph and paragraph > 600 and word.endswith("."):
            pieces.append("\n")
            paragraph = 0
    text = " ".join(pieces).replace(" \n ", "\n")[:AUTOCODE_CHARACTERS]
    return text[: text.rfind(" ")]


BUILD = """
import json, sys
from glocal_annotator.importers import ExtractedText
from glocal_annotator.project import Project
path, texts_file = sys.argv[1], sys.argv[2]
texts = json.load(open(texts_file, encoding="utf-8"))
with Project.create(path, default_codebook=False) as project:
    for number, text in enumerate(texts):
        project.add_document(f"doc{number}.txt", ExtractedText(text, "txt"))
    project.add_code("NGO")
"""


def _fixture(folder: Path, name: str, source: Path, texts: list[str]) -> Path:
    path = folder / f"{name}.glocal"
    if not path.exists():
        texts_file = folder / f"{name}.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        _python(source, BUILD, str(path), str(texts_file))
        texts_file.unlink()
    return path


COLD = """
import sys, time
start = time.perf_counter()
from glocal_annotator.project import Project
imported = time.perf_counter()
project = Project.open(sys.argv[1], read_only=True)
opened = time.perf_counter()
hits = project.search(sys.argv[2], regex=sys.argv[3] == "regex")
done = time.perf_counter()
print(done - opened, opened - imported, imported - start, len(hits))
"""

WARM = """
import statistics, sys, time
from glocal_annotator.project import Project
project = Project.open(sys.argv[1], read_only=True)
options = {"regex": sys.argv[3] == "regex"}
if sys.argv[4] == "ignore-case":
    options["ignore_case"] = True
project.search(sys.argv[2], **options)
times = []
for _ in range(5):
    start = time.perf_counter()
    hits = project.search(sys.argv[2], **options)
    times.append(time.perf_counter() - start)
print(statistics.median(times), len(hits))
"""

UNDO = """
import sys, time
from glocal_annotator.project import Project
with Project.open(sys.argv[1]) as project:
    code = project.find_code("NGO").id
    change = project.autocode(code, r"\\bNGO\\b", widen=sys.argv[2])
    start = time.perf_counter()
    redo = change.undo()
    undone = time.perf_counter() - start
    start = time.perf_counter()
    redo.undo()
    print(undone, time.perf_counter() - start)
"""


def _median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="keep fixtures here between runs")
    parser.add_argument("--source", type=Path, default=HERE.parents[1], help="checkout to run")
    parser.add_argument("--timeout", type=float, default=300, help="give up an autocode after")
    parser.add_argument("--no-undo", dest="undo", action="store_false", help="skip undo timing")
    parser.add_argument(
        "--no-autocode", dest="autocode", action="store_false", help="search figures only"
    )
    args = parser.parse_args()
    source = args.source.resolve()
    tag = hashlib.sha1(str(source).encode()).hexdigest()[:8]
    folder = (args.keep or Path(tempfile.mkdtemp(prefix="bench-search-"))) / tag
    folder.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, float, float, str]] = []
    try:
        corpus = _fixture(folder, "corpus", source, _documents(100, 300_000))
        for label, query, mode in (
            ("search 'governance', fresh process, 30 MB", "governance", "plain"),
            ("search regex r'\\bdrone \\w+', fresh process", r"\bdrone \w+", "regex"),
        ):
            runs = [
                _python(source, COLD, str(corpus), query, mode).split() for _ in range(args.runs)
            ]
            rows.append((label, _median([float(r[0]) for r in runs]), 0.2, f"{runs[0][3]} hits"))
            rows.append(("  (then: open project / import modules)",
                         _median([float(r[1]) for r in runs]), 0.0,
                         f"{_median([float(r[2]) for r in runs]):.3f} s imports"))
        for label, query, mode, case in (
            ("warm: 'governance'", "governance", "plain", "-"),
            ("warm: normalised 'café' (accented)", "café", "plain", "-"),
            ("warm: regex r'\\bdrone \\w+'", r"\bdrone \w+", "regex", "-"),
            ("warm: regex '\\bwomen’?s? \\w+'", "\\bwomen\u2019?s? \\w+", "regex", "-"),
            ("warm: regex r'\\bGOVERN\\w+', ignoring case", r"\bGOVERN\w+", "regex", "ignore-case"),
        ):
            try:
                runs = [
                    _python(source, WARM, str(corpus), query, mode, case).split()
                    for _ in range(max(1, args.runs // 2))
                ]
            except SystemExit:
                rows.append((label, float("nan"), 0.2, "not supported"))
                continue
            rows.append((label, _median([float(r[0]) for r in runs]), 0.2, f"{runs[0][1]} hits"))
        shapes = (("one 3M paragraph", True), ("3M in paragraphs", False))
        for shape, one_paragraph in shapes if args.autocode else ():
            name = "one_paragraph" if one_paragraph else "paragraphs"
            path = _fixture(folder, name, source, [_autocode_text(one_paragraph)])
            for widen in ("none", "sentence"):
                times = []
                note = ""
                for _ in range(args.runs):
                    copy = folder / "autocode-run.glocal"
                    shutil.copy(path, copy)
                    env = {**os.environ, "PYTHONPATH": str(source)}
                    command = [sys.executable, "-m", "glocal_annotator", "autocode", str(copy),
                               "--code", "NGO", "--pattern", r"\bNGO\b", "--widen", widen]
                    start = _now()
                    try:
                        result = subprocess.run(
                            command, capture_output=True, text=True, env=env,
                            timeout=args.timeout, cwd=folder,  # not a checkout: PYTHONPATH rules
                        )
                    except subprocess.TimeoutExpired:
                        times.append(float("inf"))
                        note = f"stopped after {args.timeout:.0f} s"
                        break
                    finally:
                        for stale in folder.glob("autocode-run.glocal*"):
                            stale.unlink()
                    times.append(_now() - start)
                    if result.returncode:
                        raise SystemExit(result.stderr)
                    note = result.stdout.strip().split(":")[0]
                rows.append((f"autocode 50k hits, {shape}, widen {widen} (CLI)", _median(times),
                             2.0, note))
            if args.undo:
                copy = folder / "undo-run.glocal"
                shutil.copy(path, copy)
                undo, redo = map(float, _python(source, UNDO, str(copy), "none").split())
                for stale in folder.glob("undo-run.glocal*"):
                    stale.unlink()
                rows.append((f"  undo / redo that autocode ({shape}), in process", undo, 0.0,
                             f"redo {redo:.3f} s"))
    finally:
        if args.keep is None:
            shutil.rmtree(folder.parent, ignore_errors=True)
    print(f"source: {source}")
    print(f"{'operation':58} | {'seconds':>8} | {'budget':>6} | note")
    print("-" * 100)
    for label, seconds, budget, note in rows:
        flag = "  OVER" if budget and seconds > budget else ""
        shown = f"{budget:6.2f}" if budget else " " * 6
        print(f"{label:58} | {seconds:8.3f} | {shown} | {note}{flag}")


def _now() -> float:
    import time

    return time.perf_counter()


if __name__ == "__main__":
    main()
