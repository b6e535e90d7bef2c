"""Every performance budget in one table: DESIGN.md's (Performance) and issue 10's, measured on
this machine by the bench_* scripts, with the machine's cores and load.

Run from the checkout (a few minutes; the GUI benchmarks run offscreen):

    python tests/benchmarks/run_all.py            # figures: medians over fresh processes
    python tests/benchmarks/run_all.py --quick    # fewer runs, for a first look
    python tests/benchmarks/run_all.py --output table.md

Each script measures in fresh processes and prints its rows (``--json``); the scripts that
measure inside one process (the window, the document view, search) are run ``--repeat`` times,
each a fresh process, and the median of each row is shown. Rows for what is not built yet say
so. Figures depend on the machine and on what else runs on it: compare figures taken on one
machine, and look at the load average printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

# (script, its arguments, how it measures): "fresh" scripts take --runs and measure in fresh
# processes themselves; "repeat" scripts measure inside one process, so they are run --repeat
# times (fresh processes) and each row's median is shown; "once" scripts take best-of or
# median figures themselves (bench_core builds 30 MB of documents per run).
SCRIPTS: list[tuple[str, list[str], str]] = [
    ("bench_cli.py", [], "fresh"),
    ("bench_import.py", ["--no-pdf"], "fresh"),
    ("bench_coding.py", [], "fresh"),
    ("bench_analysis.py", [], "fresh"),
    ("bench_export_docx.py", [], "fresh"),
    ("bench_qdpx.py", [], "fresh"),
    ("bench_agreement.py", [], "fresh"),
    ("bench_core.py", ["--sections", "search"], "once"),
    ("bench_startup.py", [], "once"),
    ("bench_variables.py", [], "fresh"),
    ("bench_window.py", [], "repeat"),
    ("bench_document_view.py", [], "repeat"),
    ("bench_event_loop.py", [], "fresh"),
    ("bench_highlight.py", [], "fresh"),
    ("bench_long_paragraph.py", [], "fresh"),
]

NOT_BUILT = "not built yet"

# (label, row keys, budget in seconds or None, when no key: why there is no figure)
DESIGN: list[tuple[str, list[str], float | None, str]] = [
    ("open a 300k-character document with 4,000 codings, highlighted", ["window-open-300k"],
     0.3, ""),
    ("open a 3M-character document with 50,000 codings, highlighted", ["window-open-3m"], 2.0,
     ""),
    ("add or remove one coding with 50,000 present (commit + repaint)",
     ["window-add-50k", "window-undo-50k"], 0.03, ""),
    ("import 5 MB of text as .txt, searchable when done", ["import-txt"], 0.15, ""),
    ("import 5 MB of text as .docx, searchable when done", ["import-docx", "import-docx-runs"],
     0.5, ""),
    ("full-text search over 100 documents, 30 MB",
     ["search-100-cold", "search-100", "search-phrase", "search-regex"], 0.2, ""),
    ("export 10,000 coded excerpts to .docx", ["export-docx-10k", "export-docx-10k-context"],
     5.0, ""),
    ("export 10,000 coded excerpts to .qdpx", ["qdpx-export-10", "qdpx-export-1"], 5.0, ""),
    ("import them from .qdpx (new project; re-import preview)",
     ["qdpx-import-10", "qdpx-import-1", "qdpx-sync-10", "qdpx-sync-1"], 5.0, ""),
    ("start to an interactive window", ["start-window"], 1.5, ""),
    ("autocode 50,000 hits in a 3M-character document, widened or not, committed",
     ["autocode", "autocode-widened"], 2.0, ""),
    ("any analysis view or query, 50,000 codings over 100 documents",
     [f"analysis-{name}" for name in (
         "frequencies", "frequencies-by-coder", "matrix-documents", "matrix-coders",
         "matrix-speakers", "matrix-groups", "cooccurrence-overlap", "cooccurrence-coefficient",
         "cooccurrence-paragraph", "cooccurrence-near", "query-and", "query-or-not",
         "query-near", "query-paragraph", "query-then", "query-combined", "words-coded",
         "words-3mb")], 0.5, ""),
    ("agreement over 50,000 codings",
     [f"agreement-{action}-{shape}" for shape in ("100", "1") for action in
      ("character", "segment", "paragraph", "document", "disagreements")]
     + ["agreement-segment-crowd"], 1.0, ""),
    ("history panel or codebook diff, 100,000 history entries", [], 0.5, NOT_BUILT),
]

ISSUE_10: list[tuple[str, list[str], float | None, str]] = [
    ("longest event-loop turn in open, coding, export, autocode at 3M/50,000",
     ["loop-open", "loop-open-document", "loop-coding", "loop-export", "loop-search",
      "loop-autocode", "loop-autocode-undo", "loop-autocode-redo"], 0.1, ""),
    ("exports: longest stretch without a progress report (cancel heard)",
     ["export-progress-gap"], 0.1, ""),
    ("blocking part of opening 3M/50,000", ["open-blocking", "open-project-blocking"], 0.3, ""),
    ("garbage-collection pause while a big document is open", ["gc-pause", "gc-open"], 0.03,
     ""),
    ("full highlighting of 3M/50,000, linear in the codings", ["view-highlight-all-3m"], None,
     ""),
    ("full highlighting of densely overlapping codings: flat time per 1,000 codings",
     ["highlight-dense-12k", "highlight-dense-25k", "highlight-dense-50k"], None, ""),
    ("export the coded document, 3M characters, 50,000 codings", ["export-document-3m"], 3.0,
     ""),
    ("export 10,000 coded excerpts to .xlsx", ["export-xlsx-10k"], 2.0, ""),
    ("one coding, undo or redo with 50,000 present (core: commit + change summary)",
     ["coding-add", "coding-undo", "coding-redo"], 0.03, ""),
    ("the same by a coder new to the project", ["coding-new-coder", "coding-new-coder-undo",
                                                "coding-new-coder-redo"], 0.03, ""),
    ("in the window: a coder's first coding, its undo and redo (commit + panels + repaint)",
     ["window-new-coder-50k", "window-new-coder-undo-50k", "window-new-coder-redo-50k"], 0.03,
     ""),
    ("import .txt within 2x QualCoder (0.02 s, no search index)", ["import-txt"], 0.04, ""),
    ("import .docx within 2x QualCoder (0.06 s, no search index)", ["import-docx"], 0.12, ""),
    ("import from the command line, .txt / .docx (start-up included)",
     ["import-txt-cli", "import-docx-cli"], None, ""),
    ("command-line start-up, --version", ["cli-version"], None, ""),
]


ISSUE_7: list[tuple[str, list[str], float | None, str]] = [
    ("a window on one 3.5M-character paragraph with 50,000 codings: open, highlighted",
     ["paragraph-open"], 1.0, ""),
    ("there: scroll, code and undo (commit + panels + repaint)",
     ["paragraph-scroll", "paragraph-add", "paragraph-undo"], 0.03, ""),
    ("there: longest event-loop turn while opening, coding",
     ["paragraph-turn-open", "paragraph-turn-coding"], 0.1, ""),
]


def run_script(script: str, extra: list[str], env: dict[str, str]) -> tuple[list[dict], str]:
    """The rows a script prints with --json, and its error output if it failed."""
    result = subprocess.run([sys.executable, str(HERE / script), "--json", *extra],
                            capture_output=True, text=True, env=env, cwd=ROOT)
    rows = [json.loads(line[4:]) for line in result.stdout.splitlines() if line.startswith("ROW ")]
    problem = "" if rows else (result.stderr.strip().splitlines() or ["no rows"])[-1]
    return rows, problem


def collect(runs: int, repeat: int, only: set[str] | None) -> tuple[dict[str, dict], list[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           "GLOCAL_BENCH_CACHE": tempfile.mkdtemp(prefix="glocal-bench-")}
    found: dict[str, dict] = {}
    problems: list[str] = []
    for script, extra, how in SCRIPTS:
        if only and script not in only:
            continue
        started = time.perf_counter()
        print(f"running {script} ...", file=sys.stderr, flush=True)
        samples: dict[str, list[dict]] = {}
        arguments = [*extra, "--runs", str(runs)] if how == "fresh" else extra
        for _ in range(repeat if how == "repeat" else 1):
            rows, problem = run_script(script, arguments, env)
            if problem:
                problems.append(f"{script}: {problem}")
            for row in rows:
                samples.setdefault(row["key"], []).append(row)
        for key, rows in samples.items():
            measured = [r["seconds"] for r in rows if r["seconds"] is not None]
            found[key] = {**rows[0], "seconds": statistics.median(measured) if measured else None,
                          "script": script}
        print(f"  {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return found, problems


def _cell(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds:.3f}"


def table(found: dict[str, dict]) -> list[str]:
    lines = ["| operation | seconds | budget | verdict |", "|---|---:|---:|---|"]
    used: set[str] = set()
    for title, budgets in (("DESIGN.md", DESIGN), ("issue 10", ISSUE_10),
                           ("issue 7, long paragraphs", ISSUE_7)):
        lines.append(f"| **{title}** | | | |")
        for label, keys, budget, why in budgets:
            shown = "" if budget is None else f"{budget:g}"
            present = [key for key in keys if key in found]
            if not present:
                lines.append(f"| {label} | | {shown} | {why or 'not measured'} |")
                continue
            if len(present) > 1:
                lines.append(f"| {label} | | {shown} | |")
            for key in present:
                used.add(key)
                row = found[key]
                seconds = row["seconds"]
                verdict = "" if budget is None or seconds is None else (
                    "ok" if seconds <= budget else "**OVER**")
                if row.get("note"):
                    verdict = f"{verdict} ({row['note']})".strip()
                name = label if len(present) == 1 else f"&nbsp;&nbsp;· {row['operation']}"
                lines.append(f"| {name} | {_cell(seconds)} | {shown} | {verdict} |")
    others = [row for key, row in found.items() if key not in used]
    if others:
        lines.append("| **other figures** | | | |")
        for row in others:
            budget = "" if row["budget"] is None else f"{row['budget']:g}"
            lines.append(f"| {row['operation']} | {_cell(row['seconds'])} | {budget} | |")
    return lines


def _load() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per figure")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of the scripts that measure inside one process")
    parser.add_argument("--quick", action="store_true", help="--runs 3 --repeat 1")
    parser.add_argument("--only", action="append", help="run only this script (repeatable)")
    parser.add_argument("--output", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    runs, repeat = (3, 1) if args.quick else (args.runs, args.repeat)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=ROOT).stdout.strip() or "unknown"
    load_before = _load()
    started = datetime.now()
    found, problems = collect(runs, repeat, set(args.only) if args.only else None)
    header = [
        f"Measured {started:%Y-%m-%d %H:%M} at commit {commit} on {os.cpu_count()} cores "
        f"({platform.machine()}, {platform.system()}), Python {platform.python_version()}; "
        f"load average {load_before} before, {_load()} after (1, 5, 15 min). Medians of "
        f"{runs} fresh processes ({repeat} for the window and document view).",
        "",
    ]
    lines = header + table(found)
    if problems:
        lines += ["", *(f"failed: {problem}" for problem in problems)]
    text = "\n".join(lines)
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    over = any("**OVER**" in line for line in lines)
    return 1 if problems or over else 0


if __name__ == "__main__":
    sys.exit(main())
