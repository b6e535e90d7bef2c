"""Benchmark of the document view (not collected by pytest): open, first paint, add/remove.

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_document_view.py

Generates prose paragraphs (200-1,500 characters, a few emoji) with random codings of 20-400
characters, and prints ``operation | seconds | budget`` (DESIGN.md, Performance).
"""

from __future__ import annotations

import os
import random
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from glocal_annotator.ui.document.view import CodingSpan, DocumentView  # noqa: E402

_WORDS = (
    "global local community health worker market drone mapping village council the of and to in "
    "a is that for it as with was on be by this are from or an they we their said which have "
    "glocalization hybridization homogenization accountability ecofeminism interview report "
    "network identity culture policy women land water participation translation adaptation"
)
WORDS = _WORDS.split()
EMOJI = ["👩🏽‍🔬", "🌍", "📱", "🚁", "🙂"]
COLORS = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46f0f0", "#f032e6", "#bcf60c"]


def prose(length: int, rng: random.Random) -> str:
    paragraphs: list[str] = []
    total = 0
    while total < length:
        target = rng.randint(200, 1500)
        words: list[str] = []
        size = 0
        while size < target:
            word = rng.choice(WORDS)
            if rng.random() < 0.002:
                word = rng.choice(EMOJI)
            words.append(word)
            size += len(word) + 1
        paragraph = " ".join(words).capitalize() + "."
        paragraphs.append(paragraph)
        total += len(paragraph) + 1
    return "\n".join(paragraphs)[:length]


def codings(text: str, count: int, rng: random.Random, first_id: int = 1) -> list[CodingSpan]:
    spans = []
    for i in range(count):
        length = rng.randint(20, 400)
        start = rng.randrange(0, len(text) - length)
        code = rng.randrange(40)
        spans.append(
            CodingSpan(first_id + i, code, start, start + length, COLORS[code % len(COLORS)],
                       f"Code {code}", f"Code {code}\ncoder")
        )
    return spans


def until_idle_done(view: DocumentView, app: QApplication) -> None:
    while view.pending_blocks():
        app.processEvents()


def bench(chars: int, count: int, budget: float, rows: list, view: DocumentView,
          app: QApplication) -> None:
    rng = random.Random(chars)
    text = prose(chars, rng)
    spans = codings(text, count, rng)
    label = f"{chars // 1000}k chars / {count:,} codings"
    started = time.perf_counter()
    view.set_document(text, spans)
    app.processEvents()
    view.text_edit().viewport().grab()
    rows.append((f"open {label}: text painted", time.perf_counter() - started, None))
    while getattr(view, "busy", lambda: False)():  # many codings load in steps
        app.processEvents()
    view.text_edit().viewport().grab()
    first_paint = time.perf_counter() - started
    rows.append((f"open {label}: first paint", first_paint, budget))
    if view._background:
        until_idle_done(view, app)
        rows.append((f"open {label}: all blocks highlighted (idle)",
                     time.perf_counter() - started, None))

    # scroll to the middle and paint there
    started = time.perf_counter()
    view.scroll_to(len(text) // 2)
    view.text_edit().viewport().grab()
    rows.append((f"scroll to middle + paint ({label})", time.perf_counter() - started, None))

    # add and remove one coding on screen with all the others present
    start = view.selected_range()[0] or len(text) // 2
    top = view.text_edit().cursorForPosition(view.text_edit().viewport().rect().topLeft())
    start = view.state.offsets.to_cp(top.position()) + 10
    new = CodingSpan(10_000_000, 3, start, start + 150, "#ffe119", "New code", "")
    times_add, times_remove = [], []
    for _ in range(5):
        started = time.perf_counter()
        view.add_span(new)
        view.grab()
        times_add.append(time.perf_counter() - started)
        started = time.perf_counter()
        view.remove_span(new.coding_id)
        view.grab()
        times_remove.append(time.perf_counter() - started)
    budget_change = 0.03 if count >= 50_000 else None
    rows.append((f"add_span + repaint ({label})", min(times_add), budget_change))
    rows.append((f"remove_span + repaint ({label})", min(times_remove), budget_change))


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    rows: list = []
    for background in (True, False):
        view = DocumentView(background=background)
        view.resize(1000, 800)
        view.show()
        app.processEvents()
        before = len(rows)
        bench(300_000, 4_000, 0.3, rows, view, app)
        bench(3_000_000, 50_000, 2.0, rows, view, app)
        if not background:
            rows[before:] = [(name + " [no idle pass]", s, b) for name, s, b in rows[before:]
                             if "all blocks" not in name]
        view.close()
        view.deleteLater()
        app.processEvents()
    if "--json" in sys.argv[1:]:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from _harness import Row, report

        def key(name: str) -> str:
            size = "3m" if "3000k" in name else "300k"
            kind = ("highlight-all" if "all blocks" in name else
                    "shown" if "text painted" in name else
                    "open" if name.startswith("open")
                    else "scroll" if name.startswith("scroll") else
                    "add" if name.startswith("add") else "remove")
            return f"view-{kind}-{size}" + ("-no-idle" if "no idle" in name else "")

        return report([Row(key(name), name, seconds, budget) for name, seconds, budget in rows],
                      True)
    width = max(len(name) for name, _, _ in rows)
    print(f"{'operation':<{width}} | seconds | budget")
    print(f"{'-' * width}-|---------|-------")
    for name, seconds, budget in rows:
        verdict = ""
        if budget is not None:
            verdict = f"{budget:g}" + (" ok" if seconds <= budget else " OVER")
        print(f"{name:<{width}} | {seconds:7.3f} | {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
