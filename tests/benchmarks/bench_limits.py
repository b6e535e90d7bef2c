"""Benchmark: hostile shapes against their limits (not collected by pytest).

Run: python tests/benchmarks/bench_limits.py [--runs N]

Each figure is the median of N runs (default 3), each a CLI command in a fresh process, with the
process's peak memory (``getrusage(RUSAGE_CHILDREN).ru_maxrss`` read by a small launcher). The
budgets: a 5,000-code codebook imports in about a second (issue 13); anything refused is refused
within a second; the linear shapes of HTML take about a second per MB; a catastrophic pattern is
stopped within three times its budget (``REGEX_TIME_BUDGET``, 2 s: the regex engine looks at
its clock between steps). Before these fixes: 34 s for 5,000 codes, minutes for 1 MB of ``<a``
or ``<!--``, 1.7 GB for a 150 MB .odt, 1 GB for a PDF decompression bomb, no end for
``(a|aa)+$``; for the PDF bombs (tests/hostile/pdf_bombs.py) 625 MB, over a minute, 2.5 GB,
424 MB and 563 MB.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.hostile import pdf_bombs  # noqa: E402

MB = 1024 * 1024
LAUNCHER = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
    " done.returncode)\n"
)


def measure(args: list[str]) -> tuple[float, float, int]:
    """(seconds, peak MB, exit status) of one CLI command in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHER, sys.executable, "-m", "glocal_annotator", *args],
        capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    seconds, peak, status = done.stdout.split()
    return float(seconds), int(peak) / 1024, int(status)


def _codebook_csv(path: Path, codes: int) -> None:
    lines = ["path"]
    for family in range(codes // 50):
        lines.append(f"Family {family}")
        lines.extend(f"Family {family} > Code {family}.{k}" for k in range(49))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _qdc(path: Path, codes: int) -> None:
    body = "".join(f'<Code guid="{uuid.uuid4()}" name="c{n}" isCodable="true"/>'
                   for n in range(codes))
    path.write_text(f'<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
                    f"{body}</Codes></CodeBook>", encoding="utf-8")


def _big_odt(path: Path) -> None:
    from tests.importers.builders import ODT_MIMETYPE, odt_content

    paragraph = "<text:p>" + "glocal market river women policy local global " * 6 + "</text:p>"
    body = paragraph * (150 * MB // len(paragraph))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODT_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", odt_content(body))


def _run_text(path: Path) -> None:
    path.write_text("a" * 60 + "b\n", encoding="utf-8")


# (name, budget seconds, how to make the input, the command, expected exit status)
Case = tuple[str, float, Callable[[Path], None], Callable[[Path, Path], list[str]], int]
CASES: list[Case] = [
    ("codebook import, 5,000 codes (CSV)", 1.5, lambda p: _codebook_csv(p, 5_000),
     lambda p, f: ["codebook", "import", str(p), str(f)], 0),
    ("codebook import, 20,000 codes (.qdc)", 6.0, lambda p: _qdc(p, 20_000),
     lambda p, f: ["codebook", "import", str(p), str(f)], 0),
    ("codebook, 50,000 sibling codes: refused", 1.0, lambda p: _qdc(p, 50_000),
     lambda p, f: ["codebook", "import", str(p), str(f)], 1),
    ("codebook, 200,000 CSV rows: refused", 1.5,
     lambda p: p.write_text("name\n" + "".join(f"c{n}\n" for n in range(200_000))),
     lambda p, f: ["codebook", "import", str(p), str(f)], 1),
    ("codebook, 5,000 levels (CSV): refused", 1.0,
     lambda p: p.write_text("path\n" + "/".join(f"c{n}" for n in range(5000)) + "\n"),
     lambda p, f: ["codebook", "import", str(p), str(f)], 1),
    ("HTML, 1 MB of <div>: refused", 1.5, lambda p: p.write_text("<div>" * (MB // 5)),
     lambda p, f: ["import", str(p), str(f)], 1),
    ("HTML, 1 MB of <!", 1.5, lambda p: p.write_text("<!" * (MB // 2)),
     lambda p, f: ["import", str(p), str(f)], 0),
    ("HTML, 1 MB of <a", 1.5, lambda p: p.write_text("<a" * (MB // 2)),
     lambda p, f: ["import", str(p), str(f)], 0),
    ("HTML, 1 MB of <!--", 1.5, lambda p: p.write_text("<!--" * (MB // 4)),
     lambda p, f: ["import", str(p), str(f)], 0),
    (".odt of 150 MB content: refused", 1.0, _big_odt,
     lambda p, f: ["import", str(p), str(f)], 1),
    (".txt, one 50 MB line: refused", 2.0, lambda p: p.write_text("glocal " * (50 * MB // 7)),
     lambda p, f: ["import", str(p), str(f)], 1),
    ("PDF inflating to 300 MB: refused", 1.0, lambda p: p.write_bytes(
        pdf_bombs.page_content_bomb()), lambda p, f: ["import", str(p), str(f)], 1),
    ("PDF, 15 MB content on 200 pages: refused", 1.0, lambda p: p.write_bytes(
        pdf_bombs.shared_content_bomb()), lambda p, f: ["import", str(p), str(f)], 1),
    ("PDF, 1 MB form drawn 200 times: refused", 1.0, lambda p: p.write_bytes(
        pdf_bombs.form_bomb()), lambda p, f: ["import", str(p), str(f)], 1),
    ("PDF, 200 MB character map: refused", 1.0, lambda p: p.write_bytes(
        pdf_bombs.font_bomb()), lambda p, f: ["import", str(p), str(f)], 1),
    ("PDF, 4 MB of one-letter text: refused", 1.0, lambda p: p.write_bytes(
        pdf_bombs.text_bomb()), lambda p, f: ["import", str(p), str(f)], 1),
    ("autocode (a|aa)+$: stopped", 6.0, _run_text,
     lambda p, f: ["autocode", str(p), "--code", "hybridization", "--pattern", r"(a|aa)+$"], 1),
]
SUFFIXES = {"CSV": ".csv", ".qdc": ".qdc", "sibling": ".qdc", "rows": ".csv", "levels": ".csv",
            "HTML": ".html", ".odt": ".odt", ".txt": ".txt", "PDF": ".pdf", "autocode": ".txt"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-limits-"))
    print(f"{'case':42} {'median s':>9} {'budget':>7} {'peak MB':>8}  status")
    for number, (name, budget, make, command, expected) in enumerate(CASES):
        suffix = next(s for key, s in SUFFIXES.items() if key in name)
        source = folder / f"input{number}{suffix}"
        make(source)
        runs = []
        for run in range(options.runs):
            project = folder / f"p{number}-{run}.glocal"
            subprocess.run([sys.executable, "-m", "glocal_annotator", "new", str(project)],
                           check=True, capture_output=True, env={"PYTHONPATH": str(ROOT)})
            if "autocode" in name:
                subprocess.run([sys.executable, "-m", "glocal_annotator", "import", str(project),
                                str(source)], check=True, capture_output=True,
                               env={"PYTHONPATH": str(ROOT)})
            runs.append(measure(command(project, source)))
        seconds = statistics.median(r[0] for r in runs)
        peak = max(r[1] for r in runs)
        statuses = {r[2] for r in runs}
        verdict = "ok" if seconds <= budget and statuses == {expected} else "OVER"
        print(f"{name:42} {seconds:9.2f} {budget:7.1f} {peak:8.0f}  exit {sorted(statuses)} "
              f"{verdict}")


if __name__ == "__main__":
    main()
