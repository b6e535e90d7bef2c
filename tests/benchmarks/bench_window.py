"""The whole window on a big, densely coded document: open it, add and remove a coding
(commit + every panel's update + repaint), as a user meets it.

Run: ``QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_window.py``. Prints a table.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# keep the user's recent projects and layout out of it (QSettings lives under XDG_CONFIG_HOME)
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="glocal-bench-config-")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_core import prose  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from glocal_annotator.importers import ExtractedText  # noqa: E402
from glocal_annotator.operations import coding as coding_ops  # noqa: E402
from glocal_annotator.project import Project  # noqa: E402


def build(path: Path, characters: int, codings: int) -> tuple[int, list[int], int]:
    project = Project.create(path)
    text = prose(characters)
    document = project.add_document("big.txt", ExtractedText(text, "txt")).result
    codes = [c.id for c in project.codes()]
    rng = random.Random(3)
    with project._operation("bulk set-up") as journal:  # set-up, not measured
        for _ in range(codings):
            start = rng.randrange(0, len(text) - 400)
            coding_ops.add_coding(journal, document, rng.choice(codes), "bench", start,
                                  start + rng.randint(20, 400), skip_identical=True)
    project.close()
    return document, codes, len(text)


def measure(app: QApplication, characters: int, codings: int, folder: Path) -> list[tuple]:
    from glocal_annotator.ui import open_window

    path = folder / f"w{characters}.glocal"
    document, codes, length = build(path, characters, codings)
    window = open_window(path)
    window.resize(1400, 900)
    app.processEvents()
    begin = time.perf_counter()
    window.open_document(document)
    app.processEvents()
    window.view.grab()
    opened = time.perf_counter() - begin
    while window.view.pending_blocks():  # let the idle highlighting pass finish, as it does
        app.processEvents()  # while a user reads; what follows measures one action alone
    rng = random.Random(5)
    adds, removes = [], []
    for number in range(15):
        start = rng.randrange(0, length - 400)
        window.view.select_range(start, start + 150)
        app.processEvents()
        begin = time.perf_counter()
        window.coding.code_range(codes[number % len(codes)], start, start + 150)
        app.processEvents()
        window.view.grab()
        adds.append(time.perf_counter() - begin)
        begin = time.perf_counter()
        window.undo_stack.undo()
        app.processEvents()
        window.view.grab()
        removes.append(time.perf_counter() - begin)
    window.close()
    label = f"{characters // 1000}k chars / {codings:,} codings"
    return [
        (f"window: open document, {label}, painted", opened, 0.3 if codings < 10_000 else 2.0),
        (f"window: add a coding (commit + panels + repaint), {label}",
         statistics.median(adds), 0.03),
        (f"window: undo it (remove), {label}", statistics.median(removes), 0.03),
    ]


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["GLOCAL_ANNOTATOR_DATA"] = tmp
        rows += measure(app, 300_000, 4_000, Path(tmp))
        rows += measure(app, 3_000_000, 50_000, Path(tmp))
    if "--json" in sys.argv[1:]:
        from _harness import Row, report

        keys = ["window-open-300k", "window-add-4k", "window-undo-4k",
                "window-open-3m", "window-add-50k", "window-undo-50k"]
        return report([Row(key, label, seconds, budget)
                       for key, (label, seconds, budget) in zip(keys, rows, strict=True)], True)
    print(f"{'operation':78} | seconds | budget")
    for label, seconds, budget in rows:
        flag = "" if seconds <= budget else "  OVER"
        print(f"{label:78} | {seconds:7.3f} | {budget:6.2f}{flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
