"""Coding at the core, with 50,000 codings present: one coding added, undone and redone (each
committed, with its change summary), by a known coder and by a coder new to the project; what
the window reads again when a coder is new; autocoding 50,000 hits. Budgets: 30 ms for any single
coding, undo or redo (DESIGN.md, issue 10); autocode 2 s.

Run: ``python tests/benchmarks/bench_coding.py [--runs N] [--json]``. Every figure is the median
over N fresh processes (each process: the median of 15 tries on its own copy of the project).
"""

from __future__ import annotations

import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Row, arguments, built, child_main, fresh_medians, report  # noqa: E402
from _projects import MARKER, autocode_document, coded_document  # noqa: E402

TRIES = 15


def _copy(path: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="glocal-bench-coding-"))
    return Path(shutil.copy2(path, folder / Path(path).name))


def coding_child(path: str) -> dict:
    from glocal_annotator.project import Project

    copy = _copy(path)
    project = Project.open(copy, coder="ana")
    document = project.documents()[0]
    codes = [code.id for code in project.codes() if code.codable]
    rng = random.Random()
    times: dict[str, list[float]] = {}

    def timed(name: str, action):  # noqa: ANN001, ANN202
        start = time.perf_counter()
        result = action()
        _ = result.summary  # what listeners read: part of every change
        times.setdefault(name, []).append(time.perf_counter() - start)
        return result

    for number in range(TRIES):
        start = rng.randrange(0, document.characters - 400)
        code = codes[number % len(codes)]
        change = timed("add", lambda code=code, start=start: project.add_coding(
            document.id, code, start, start + 120))
        undone = timed("undo", change.undo)
        timed("redo", undone.undo)
        coder = f"new coder {number} {rng.random()}"
        change = timed("add_new_coder", lambda code=code, start=start, coder=coder:
                       project.add_coding(document.id, code, start, start + 130, coder=coder))
        undone = timed("undo_new_coder", change.undo)
        timed("redo_new_coder", undone.undo)
        begin = time.perf_counter()  # what the window's filters read again today (issue 10)
        project.codes(), project.documents(), project.coders()
        times.setdefault("reread", []).append(time.perf_counter() - begin)
    project.close()
    shutil.rmtree(copy.parent)
    return {name: statistics.median(values) for name, values in times.items()}


def autocode_child(path: str, widen: str) -> dict:
    from glocal_annotator.project import Project

    copy = _copy(path)
    project = Project.open(copy, coder="ana")
    code = next(code.id for code in project.codes() if code.codable)
    start = time.perf_counter()
    change = project.autocode(code, MARKER, regex=False, widen=widen)
    seconds = time.perf_counter() - start
    hits = len(change.result.coding_ids)  # an AutocodeResult
    project.close()
    shutil.rmtree(copy.parent)
    return {"seconds": seconds, "codings": hits}


CHILDREN = {"coding": coding_child, "autocode": autocode_child}


def rows(runs: int) -> list[Row]:
    big = str(built("coded-3M-50k.glocal", coded_document))
    figures = fresh_medians(__file__, "coding", big, runs=runs)
    label = "with 50,000 codings, committed + change summary"
    result = [
        Row("coding-add", f"add one coding {label}", figures["add"], 0.03),
        Row("coding-undo", f"undo it {label}", figures["undo"], 0.03),
        Row("coding-redo", f"redo it {label}", figures["redo"], 0.03),
        Row("coding-new-coder", f"first coding by a new coder {label}",
            figures["add_new_coder"], 0.03),
        Row("coding-new-coder-undo", "undo that (the coder goes too)",
            figures["undo_new_coder"], 0.03),
        Row("coding-new-coder-redo", "redo that", figures["redo_new_coder"], 0.03),
        Row("coding-reread", "codes + documents (with counts) + coders read again, 50,000",
            figures["reread"], None, "what the window re-reads on a new coder"),
    ]
    document = str(built("autocode-3M.glocal", autocode_document))
    for widen, key in (("none", "autocode"), ("sentence", "autocode-widened")):
        found = fresh_medians(__file__, "autocode", document, widen, runs=max(1, runs // 2))
        result.append(Row(key, f"autocode {found['codings']:,.0f} hits in 3M characters, "
                          f"widen={widen}, committed", found["seconds"], 2.0))
    return result


def main() -> int:
    args = arguments(__doc__.splitlines()[0])
    return report(rows(args.runs), args.json)


if __name__ == "__main__" and not child_main(CHILDREN):
    sys.exit(main())
