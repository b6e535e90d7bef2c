"""Inter-coder agreement against DESIGN.md's budget: 50,000 codings, 1 s.

Run: ``python tests/benchmarks/bench_agreement.py [--runs N] [--json]``. Every figure is the
median over N fresh processes (default 5) and covers reading the codings from the project file
and computing every code's figures (or the disagreement list). Three shapes, two coders, 30 codes:

- 100 documents of 30,000 characters, and one 3,000,000-character transcript without a line
  break; each with 50,000 codings of 20-400 characters (the second coder's codings are the
  first's, shifted a little, or new);
- a crowd, for the segment level: in one document, 10,000 long codings by one coder and 10,000
  short ones by the other, all starting within 400 characters of each other (every long segment
  has every short one within reach, and none matches; the matching before issue 11's fix tried
  them all, n x m).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the checkout's package

from _harness import Row, arguments, built, child_main, fresh_medians, report  # noqa: E402

CODINGS = 50_000
TOTAL = 3_000_000
CODES = 30
BUDGET = 1.0
ACTIONS = ("character", "segment", "paragraph", "document", "disagreements")


def build(path: Path, documents: int) -> None:
    from glocal_annotator.importers import ExtractedText
    from glocal_annotator.operations import coding
    from glocal_annotator.project import Project

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
    with project._operation("Benchmark codings") as journal:  # set-up, not measured
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
    project.close()


def build_crowd(path: Path, each: int = 10_000) -> None:
    from glocal_annotator.importers import ExtractedText
    from glocal_annotator.operations import coding
    from glocal_annotator.project import Project

    project = Project.create(path, coder="ana", default_codebook=False)
    code = project.add_code("Crowded").result
    document = project.add_document("crowd.txt", ExtractedText("word " * 60_000, "txt")).result
    with project._operation("Benchmark codings") as journal:
        for number in range(each):
            start = number % 400
            coding.add_coding(journal, document, code, "ana", start, start + 3000 + number // 400,
                              "", skip_identical=True)
            coding.add_coding(journal, document, code, "bo", start, start + 20 + number // 400,
                              "", skip_identical=True)
    project.close()


def agreement_child(action: str, path: str) -> dict:
    """One timed run in this (fresh) process: reading the codings and the figures."""
    from glocal_annotator.analysis.project_agreement import agreement_report, disagreement_list
    from glocal_annotator.project import Project

    with Project.open(path, read_only=True) as project:
        started = time.perf_counter()
        if action == "disagreements":
            found = len(disagreement_list(project, ["ana", "bo"]))
        else:
            found = len(agreement_report(project, ["ana", "bo"], level=action).rows)
        seconds = time.perf_counter() - started
        coder_ids = [coder.id for coder in project.coders()]
        started = time.perf_counter()
        codings = len(project.coder_spans(coder_ids))
        reading = time.perf_counter() - started
    return {"seconds": seconds, "reading": reading, "codings": codings, "rows": found}


CHILDREN = {"agreement": agreement_child}


def rows(runs: int) -> list[Row]:
    result: list[Row] = []
    for documents, tag in ((100, "100"), (1, "1")):
        path = str(built(f"agreement-{documents}-50k.glocal",
                         lambda target, n=documents: build(target, n)))
        for action in ACTIONS:
            figures = fresh_medians(__file__, "agreement", action, path, runs=runs)
            shape = (f"{figures['codings']:,.0f} codings, {documents} documents" if documents > 1
                     else f"{figures['codings']:,.0f} codings, one 3M-character paragraph")
            label = (f"agreement, {action} level ({shape})" if action != "disagreements"
                     else f"disagreement list, {figures['rows']:,.0f} passages ({shape})")
            result.append(Row(f"agreement-{action}-{tag}", label, figures["seconds"], BUDGET,
                              f"reading the codings: {figures['reading']:.3f} s"))
    crowd = str(built("agreement-crowd-20k.glocal", build_crowd))
    figures = fresh_medians(__file__, "agreement", "segment", crowd, runs=runs)
    result.append(Row("agreement-segment-crowd", "agreement, segment level (10,000 long codings "
                      "over 10,000 short ones starting together)", figures["seconds"], BUDGET))
    return result


def main() -> int:
    args = arguments(__doc__.splitlines()[0])
    return report(rows(args.runs), args.json)


if __name__ == "__main__" and not child_main(CHILDREN):
    sys.exit(main())
