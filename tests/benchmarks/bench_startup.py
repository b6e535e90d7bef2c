"""Start-up benchmark: wall time from launching a process to an interactive, painted main window
on the demo project (budget 1.5 s, DESIGN.md). A script, not a test:

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_startup.py

The parent records ``time.time()`` just before starting the child and passes it in; the child
opens the window, processes events until the document view has painted, and prints the elapsed
wall time (interpreter start-up and imports included). The demo project is built beforehand, as
a returning user's project would exist.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUDGET = 1.5
RUNS = 5

# Imported only when an import or export needs them (see DESIGN.md, performance).
HEAVY = ("pypdfium2", "lxml", "docx", "openpyxl")

CHILD = f"HEAVY = {HEAVY!r}\n" + textwrap.dedent("""
    import os, sys, time
    from PySide6.QtCore import QEvent, QObject, QSettings
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope,
                      os.environ["GLOCAL_ANNOTATOR_DATA"])
    from glocal_annotator.ui.shell.app import application
    from glocal_annotator.ui import open_window

    class Painted(QObject):
        seen = False
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                Painted.seen = True
            return False

    app = application()
    window = open_window(sys.argv[1])
    spy = Painted()
    window.view.text_edit().viewport().installEventFilter(spy)
    deadline = time.time() + 30
    while not (Painted.seen and window.isVisible()) and time.time() < deadline:
        app.processEvents()
    print("elapsed", time.time() - float(os.environ["BENCH_T0"]))
    print("heavy", *[m for m in HEAVY if m in sys.modules])
""")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="glocal-bench-") as folder:
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                   GLOCAL_ANNOTATOR_DATA=folder, PYTHONPATH=str(ROOT))
        demo = Path(folder) / "demo.glocal"
        subprocess.run([sys.executable, "-c",
                        f"from glocal_annotator.demo import build_demo; "
                        f"build_demo({str(demo)!r}).close()"], env=env, check=True)
        times = []
        heavy: set[str] = set()
        for _ in range(RUNS):
            env["BENCH_T0"] = repr(time.time())
            result = subprocess.run([sys.executable, "-c", CHILD, str(demo)], env=env,
                                    capture_output=True, text=True, check=True)
            for line in result.stdout.splitlines():  # tagged: other output may come first
                tag, *values = line.split() or [""]
                if tag == "elapsed":
                    times.append(float(values[0]))
                elif tag == "heavy":
                    heavy.update(values)
    best, median = min(times), statistics.median(times)
    if "--json" in sys.argv[1:]:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from _harness import Row, report

        note = f"heavy modules loaded: {','.join(sorted(heavy))}" if heavy else ""
        return report([Row("start-window", f"start to an interactive window (median of {RUNS})",
                           median, BUDGET, note)], True)
    print("operation | seconds | budget")
    print(f"start to an interactive window (median of {RUNS}) | {median:.3f} | {BUDGET}")
    print(f"start to an interactive window (best of {RUNS}) | {best:.3f} | {BUDGET}")
    if heavy:  # only when one is imported: a clean start-up prints no warning
        print(f"warning: heavy modules imported at start-up: {','.join(sorted(heavy))}")
    return 0 if median <= BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
