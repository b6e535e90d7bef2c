"""Full highlighting stays linear in the codings however deeply they overlap (issue 10).

The same 300,000-character text gets 12,500, 25,000 and 50,000 codings of 20-2,000 characters,
so that each doubling also doubles how many codings cover each character (about 40, 80 and 170
deep at 50,000). Each figure is the time to bring every block's formats up to date
(``DocumentView.highlight_all``), the median over fresh processes; the last column is the time
per 1,000 codings, which stays flat when the work is linear (it doubled with each extra
thousand before: the formats of each run were worked out from all the codings over it).

Run: ``QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_highlight.py [--runs N]``.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Row, arguments, child_main, fresh_medians, report  # noqa: E402

CHARACTERS = 300_000
COUNTS = (12_500, 25_000, 50_000)
COLORS = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46f0f0", "#f032e6", "#bcf60c",
          "#008080", "#9a6324", "#800000", "#808000"]


def dense_spans(text_length: int, count: int, seed: int = 5) -> list:
    from glocal_annotator.ui.document.lanes import CodingSpan

    rng = random.Random(seed)
    spans = []
    for number in range(count):
        length = rng.randint(20, 2000)
        start = rng.randrange(0, text_length - length)
        code = rng.randrange(len(COLORS) * 3)
        spans.append(CodingSpan(number + 1, code, start, start + length,
                                COLORS[code % len(COLORS)], f"Code {code}"))
    return spans


def highlight_child(count: str) -> dict:
    from bench_core import prose
    from PySide6.QtWidgets import QApplication

    from glocal_annotator.ui.document.view import DocumentView

    app = QApplication.instance() or QApplication(sys.argv)
    text = prose(CHARACTERS)
    view = DocumentView(background=False)
    view.resize(1000, 800)
    view.show()
    app.processEvents()
    view.set_document(text, dense_spans(len(text), int(count)))
    app.processEvents()
    began = time.perf_counter()
    view.highlight_all()
    seconds = time.perf_counter() - began
    return {"seconds": seconds}


CHILDREN = {"highlight": highlight_child}


def rows(runs: int) -> list[Row]:
    found = []
    for count in COUNTS:
        seconds = fresh_medians(__file__, "highlight", str(count), runs=runs)["seconds"]
        found.append(Row(f"highlight-dense-{count // 1000}k",
                         f"highlight every block, {count:,} codings over 300k characters",
                         seconds, None, f"{1000 * seconds / count * 1000:.1f} ms per 1,000"))
    return found


def main() -> int:
    args = arguments(__doc__.splitlines()[0])
    return report(rows(args.runs), args.json)


if __name__ == "__main__" and not child_main(CHILDREN):
    sys.exit(main())
