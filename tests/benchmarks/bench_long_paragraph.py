"""A transcript that is one paragraph: a 3.5M-character document without a line break, with
50,000 codings, in the real main window (offscreen). Issue 7: the window took about 4 s to open
it, because Qt lays out and highlights a text block whole. Budget: open within 1 s (text painted,
every coding loaded, what is on screen highlighted); scrolling and coding stay responsive (a
coding or its undo with repaint within 30 ms, the longest event-loop turn within 100 ms).

Run: ``QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_long_paragraph.py [--runs N]``.
Every figure is the median over N fresh processes. The window opens and closes a small project
first (see ``bench_event_loop``).
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Row, arguments, built, child_main, fresh_medians, report  # noqa: E402
from bench_event_loop import TURN_BUDGET, Heartbeat, _phase, _warm_up  # noqa: E402

CHARACTERS = 3_500_000
CODINGS = 50_000
OPEN_BUDGET = 1.0
CODING_BUDGET = 0.03


def one_paragraph(path: Path) -> None:
    from bench_core import prose

    from glocal_annotator.importers import ExtractedText
    from glocal_annotator.operations import coding as coding_ops
    from glocal_annotator.project import Project

    text = prose(CHARACTERS, seed=5).replace("\n", " ")
    project = Project.create(path, coder="ana")
    document = project.add_document("transcript.txt", ExtractedText(text, "txt")).result
    codes = [code.id for code in project.codes() if code.codable]
    rng = random.Random(9)
    with project._operation("bulk set-up") as journal:  # set-up, not measured
        for _ in range(CODINGS):
            length = rng.randint(20, 400)
            start = rng.randrange(0, len(text) - length)
            coding_ops.add_coding(journal, document, rng.choice(codes), "ana", start,
                                  start + length, skip_identical=True)
    project.close()


def window_child(path: str) -> dict:
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="glocal-bench-config-")
    os.environ["GLOCAL_ANNOTATOR_DATA"] = tempfile.mkdtemp(prefix="glocal-bench-data-")
    from PySide6.QtWidgets import QApplication

    from glocal_annotator.ui.shell.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    folder = Path(tempfile.mkdtemp(prefix="glocal-bench-paragraph-"))
    copy = Path(shutil.copy2(path, folder / Path(path).name))
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    _warm_up(window, folder)
    view = window.view
    beat = Heartbeat()
    figures: dict[str, float] = {}

    def settled() -> bool:
        busy = getattr(view, "busy", lambda: False)()
        retrieving = getattr(window.segments, "retrieving", lambda: False)()
        return view.document_id is not None and not busy and not retrieving

    beat.start()
    began = time.perf_counter()
    window.open_project(copy)
    while not settled():
        app.processEvents()
    view.text_edit().viewport().grab()  # what is on screen, highlighted
    figures["open"] = time.perf_counter() - began
    app.processEvents()
    beat.stop()
    figures["turn_open"] = beat.longest
    figures["blocks"] = view.text_edit().document().blockCount()
    assert view.spans(), "the codings did not load"
    while view.pending_blocks():  # the idle highlighting pass finishes, as while a user reads;
        app.processEvents()  # what follows measures one action alone

    codes = [code.id for code in window.codebook.model.codes() if code.codable]
    length = len(view.text)
    rng = random.Random(4)
    scrolls, adds, undos, longest = [], [], [], 0.0
    for number in range(8):
        start = rng.randrange(length // 10, length - 1000)
        begin = time.perf_counter()
        view.scroll_to(start)
        view.text_edit().viewport().grab()
        scrolls.append(time.perf_counter() - begin)
        view.select_range(start, start + 150)
        app.processEvents()
        begin = time.perf_counter()
        window.coding.code_range(codes[number % len(codes)], start, start + 150)
        app.processEvents()
        view.grab()
        adds.append(time.perf_counter() - begin)
        begin = time.perf_counter()
        window.undo_stack.undo()
        app.processEvents()
        view.grab()
        undos.append(time.perf_counter() - begin)
        longest = max(longest, _phase(app, beat, window.undo_stack.redo, settled),
                      _phase(app, beat, window.undo_stack.undo, settled))
    figures["scroll"] = statistics.median(scrolls)
    figures["add"] = statistics.median(adds)
    figures["undo"] = statistics.median(undos)
    figures["turn_coding"] = longest
    window.close()
    shutil.rmtree(folder, ignore_errors=True)
    return figures


CHILDREN = {"window": window_child}


def rows(runs: int) -> list[Row]:
    path = str(built("one-paragraph-3.5M-50k.glocal", one_paragraph))
    figures = fresh_medians(__file__, "window", path, runs=runs)
    label = "one 3.5M-character paragraph, 50,000 codings"
    return [
        Row("paragraph-open", f"open the project on {label} (highlighted, idle)",
            figures["open"], OPEN_BUDGET, f"shown as {figures['blocks']:,.0f} text blocks"),
        Row("paragraph-turn-open", "longest event-loop turn while it opens", figures["turn_open"],
            TURN_BUDGET),
        Row("paragraph-scroll", "scroll to a passage and paint it", figures["scroll"], None),
        Row("paragraph-add", "code a passage there (commit + panels + repaint)", figures["add"],
            CODING_BUDGET),
        Row("paragraph-undo", "undo it (remove)", figures["undo"], CODING_BUDGET),
        Row("paragraph-turn-coding", "longest event-loop turn: redo and undo codings there",
            figures["turn_coding"], TURN_BUDGET),
    ]


def main() -> int:
    args = arguments(__doc__.splitlines()[0])
    return report(rows(args.runs), args.json)


if __name__ == "__main__" and not child_main(CHILDREN):
    sys.exit(main())
