"""The Analysis dock at DESIGN.md's analysis size: 50,000 codings over 100 documents (3 MB).

For each view, two figures from one computation (a fresh process per run, median of ``--runs``):

* **computed**: the analysis job as the dock's worker thread runs it (read + compute), against
  the 0.5 s budget of "any analysis view or query";
* **shown**: what the GUI thread spends showing the result (labels, the table model, the chart's
  layout, the table's column widths): the time the window cannot answer the user, against
  100 ms. The job itself runs off the GUI thread (``ui/analysis/runner.py``).

Also the charts of a Word report (``export --charts``: frequencies, codes by 100 documents,
co-occurrence, drawn as PNG at 200 dpi) and a 100 x 100 heat map painted whole and as PNG.

Run: ``QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_analysis_gui.py``.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="glocal-bench-config-")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from _harness import Row, arguments, built, child_main, fresh_medians, report  # noqa: E402
from bench_core import prose  # noqa: E402

CODINGS = 50_000
DOCUMENTS = 100
SIZE = 30_000
VIEWS = (("frequencies", ""), ("matrix", ""), ("cooccurrence", ""), ("query", "Hybridization "
         "AND Accountability"), ("words", ""), ("kwic", "local"))
JOB_BUDGET, SHOWN_BUDGET = 0.5, 0.1


def build(path: Path) -> None:
    from glocal_annotator.importers import ExtractedText
    from glocal_annotator.operations import coding as coding_ops
    from glocal_annotator.project import Project

    project = Project.create(path, coder="ana")
    rng = random.Random(12)
    text = prose(SIZE * DOCUMENTS)
    ids = [project.add_document(f"interview-{n:03d}.txt",
                                ExtractedText(text[n * SIZE:(n + 1) * SIZE], "txt")).result
           for n in range(DOCUMENTS)]
    codes = [code.id for code in project.codes() if code.codable]
    with project._operation("bulk set-up") as journal:  # set-up, not measured
        for number in range(CODINGS):
            length = rng.randint(20, 400)
            start = rng.randrange(0, SIZE - length)
            coding_ops.add_coding(journal, rng.choice(ids), rng.choice(codes),
                                  "ana" if number % 2 else "bo", start, start + length, "",
                                  skip_identical=True)
    project.close()


def project_path() -> Path:
    return built("analysis-gui-50k.glocal", build)


def child_view(path: str, key: str, text: str = "") -> dict:
    from PySide6.QtWidgets import QApplication

    from glocal_annotator.project import Project
    from glocal_annotator.ui.analysis.dock import AnalysisDock

    app = QApplication.instance() or QApplication([])
    project = Project.open(path, read_only=True)
    dock = AnalysisDock(threaded=False)
    dock.resize(1200, 700)
    dock.show()
    dock.set_project(project)
    panel = dock.open_view(key)
    app.processEvents()
    if key == "query":
        panel.spec.text.setText(text)
    elif key == "kwic":
        panel.spec.phrase.setText(text)
    panel.compute()  # once, to load modules and warm the caches
    started = time.perf_counter()
    panel.compute()
    total = time.perf_counter() - started
    job = panel.seconds
    rows = panel.model.rowCount()
    dock.set_project(None)
    project.close()
    return {"computed": job, "shown": max(total - job, 0.0), "rows": rows}


def child_report(path: str) -> dict:
    from glocal_annotator.model import CodingFilter
    from glocal_annotator.project import Project
    from glocal_annotator.ui.analysis.report_figures import offscreen_cli_figures

    with Project.open(path, read_only=True) as project:
        started = time.perf_counter()
        figures = offscreen_cli_figures(project, CodingFilter())
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "bytes": sum(len(f.png) for f in figures)}


def child_heat(_path: str) -> dict:
    from PySide6.QtGui import QGuiApplication, QImage, QPainter

    from glocal_annotator.analysis.results import ResultTable
    from glocal_annotator.ui.analysis.chart_export import png_bytes
    from glocal_annotator.ui.analysis.charts import HeatMap

    QGuiApplication.instance() or QGuiApplication([])
    rng = random.Random(5)
    table = ResultTable("100 x 100", tuple(f"Theme / code {r}" for r in range(100)),
                        tuple(f"interview-{c:03d}.txt" for c in range(100)),
                        tuple(tuple(rng.randint(0, 60) for _ in range(100)) for _ in range(100)))
    started = time.perf_counter()
    chart = HeatMap(table)
    laid = time.perf_counter() - started
    image = QImage(chart.size(), QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    started = time.perf_counter()
    chart.paint(painter)
    painted = time.perf_counter() - started
    painter.end()
    started = time.perf_counter()
    png_bytes(chart, 200)
    return {"layout": laid, "paint": painted, "png": time.perf_counter() - started}


CHILDREN = {"view": child_view, "report": child_report, "heat": child_heat}


def main() -> int:
    options = arguments(__doc__.splitlines()[0])
    path = str(project_path())
    rows: list[Row] = []
    for key, text in VIEWS:
        figures = fresh_medians(__file__, "view", path, key, text, runs=options.runs)
        rows.append(Row(f"analysis_{key}_computed", f"{key}: computed (worker thread)",
                        figures["computed"], JOB_BUDGET, f"{int(figures['rows'])} rows"))
        rows.append(Row(f"analysis_{key}_shown", f"{key}: shown (GUI thread)",
                        figures["shown"], SHOWN_BUDGET))
    figures = fresh_medians(__file__, "report", path, runs=options.runs)
    rows.append(Row("analysis_report_charts", "report charts, 3 PNG at 200 dpi",
                    figures["seconds"], None, f"{figures['bytes'] / 1e6:.1f} MB of PNG"))
    figures = fresh_medians(__file__, "heat", path, runs=options.runs)
    rows.append(Row("heat_layout", "100 x 100 heat map: layout", figures["layout"], None))
    rows.append(Row("heat_paint", "100 x 100 heat map: paint all", figures["paint"], None))
    rows.append(Row("heat_png", "100 x 100 heat map: PNG at 200 dpi", figures["png"], None))
    return report(rows, options.json)


if __name__ == "__main__":
    if not child_main(CHILDREN):
        raise SystemExit(main())
