"""The analysis thread: jobs run off the GUI thread on a reader of their own, one at a time;
a result asked for before a newer one is dropped; a failing view says so in one line."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from glocal_annotator.analysis.results import ResultTable
from glocal_annotator.errors import GlocalError
from glocal_annotator.project import Project
from glocal_annotator.ui.analysis.panel import AnalysisPanel
from glocal_annotator.ui.analysis.runner import AnalysisRunner
from glocal_annotator.ui.analysis.spec import ViewSpec


class CountingSpec(ViewSpec):
    """A view whose n-th computation is a 1 x 1 table holding n (the first one slow)."""

    key, title = "counting", "Counting"
    code_rows = False

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.asked = 0
        self.threads: list[str] = []
        self.projects: list[Project] = []

    def job(self, scope):
        self.asked += 1
        number = self.asked

        def run(project):
            self.threads.append(threading.current_thread().name)
            self.projects.append(project)
            if number == 1:
                time.sleep(0.3)
            if number == 99:
                raise ValueError("a bug")
            return ResultTable("Counting", ("row",), ("n",), ((number,),))

        return run


def test_jobs_run_off_the_gui_thread_on_a_reader(qtbot, project_path):
    project = Project.open(project_path)
    runner = AnalysisRunner()
    runner.set_project(project)
    seen = []
    with qtbot.waitSignal(runner._relay.finished, timeout=5_000):
        runner.submit(lambda p: (QThread.currentThread() is QApplication.instance().thread(),
                                 p is project, p.read_only), lambda r, s: seen.append(r))
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [(False, False, True)]  # a worker thread, a read-only reader
    runner.close()
    project.close()


def test_a_result_overtaken_by_a_newer_one_is_dropped(qtbot, project_path):
    project = Project.open(project_path)
    spec = CountingSpec()
    runner = AnalysisRunner()
    runner.set_project(project)  # as the dock does
    panel = AnalysisPanel(spec, runner)
    qtbot.addWidget(panel)
    panel.show()
    shown = []
    panel.computed.connect(lambda: shown.append(panel.table.values if panel.table else None))
    panel.set_project(project)
    qtbot.waitUntil(lambda: spec.asked == 1, timeout=5_000)  # the first, slow job started
    panel.compute()  # a second, asked for while the first runs
    qtbot.waitUntil(lambda: panel.table is not None, timeout=5_000)
    qtbot.wait(400)  # the first one's result has come back by now, and was dropped
    assert shown == [((2,),)]  # the first result was never shown
    assert len(spec.threads) == 2 and all(t != threading.main_thread().name
                                          for t in spec.threads)
    panel.set_project(None)
    panel.runner.close()
    project.close()


def test_a_failing_view_says_so_in_one_line(qtbot, project_path):
    project = Project.open(project_path)
    spec = CountingSpec()
    spec.asked = 98
    runner = AnalysisRunner()
    runner.set_project(project)  # as the dock does
    panel = AnalysisPanel(spec, runner)
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.computed, timeout=5_000):
        panel.set_project(project)
    text = panel.status.text()
    assert "could not be computed" in text and "\n" not in text and panel.table is None
    panel.set_project(None)
    panel.runner.close()
    project.close()


def test_an_expected_failure_is_handed_on_as_it_is(qtbot, project_path):
    project = Project.open(project_path)
    runner = AnalysisRunner(threaded=False)
    runner.set_project(project)
    seen = []

    def refuse(_project):
        raise GlocalError("there is no code named 'Nope'")

    runner.submit(refuse, lambda result, seconds: seen.append(result))
    assert isinstance(seen[0], GlocalError) and "Nope" in str(seen[0])
    runner.close()
    project.close()


def test_fifty_thousand_passages_are_listed_as_they_scroll_into_view(qtbot):
    from glocal_annotator.analysis.results import Passage
    from glocal_annotator.ui.analysis.passages import PassageList

    text = "word " * 200_000
    asked: list[int] = []
    listing = PassageList()
    qtbot.addWidget(listing)
    listing.resize(600, 300)
    listing.show()
    passages = [Passage(n % 3, 5 * n, 5 * n + 4) for n in range(50_000)]
    listing.show_passages("word", passages, lambda d: (asked.append(d), text)[1],
                          lambda d: f"doc {d}")
    qtbot.wait(50)
    assert listing.model.rowCount() == 50_000 and "50,000 passages in 3" in \
        listing.heading.text()
    assert 0 < len(listing.model._lines) < 500  # only the rows shown were made
    assert sorted(asked) == [0, 1, 2]  # each document's text asked for once
    listing.list.scrollToBottom()
    qtbot.wait(50)
    assert listing.model.line(49_999).startswith("doc 1: ")
