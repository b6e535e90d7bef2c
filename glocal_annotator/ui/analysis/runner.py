"""Analysis off the event loop: jobs run one at a time on a worker thread, each reading its own
connection to the project (:meth:`Project.open_reader`), and their results come back to the GUI
thread as a queued signal.

Why a thread: at 50,000 codings a view takes a few hundred milliseconds (see
``tests/benchmarks/bench_analysis_gui.py``), too long to freeze typing and scrolling for on every
coding. Why its own connection: an SQLite connection has one transaction at a time, so a worker
sharing the window's connection could see a half-made change (see ``open_reader``). A job reads
inside one :meth:`Project.reading` block, so it sees one state of the project, and what it
returns holds no connection (result tables keep their passages in memory), so the GUI thread
may use it freely. When the reader cannot be opened (the file was moved away), the job runs on
the window's own project on the GUI thread instead.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from glocal_annotator.errors import GlocalError

if TYPE_CHECKING:
    from glocal_annotator.project import Project

log = logging.getLogger(__name__)
Job = Callable[["Project"], Any]
Done = Callable[[Any, float], None]  # the result (or the GlocalError raised), seconds taken


class _Relay(QObject):
    finished = Signal(object)  # (ticket, result or error, seconds)


class _Task(QRunnable):
    def __init__(self, runner: AnalysisRunner, ticket: int, job: Job) -> None:
        super().__init__()
        self.runner, self.ticket, self.job = runner, ticket, job

    def run(self) -> None:
        self.runner._relay.finished.emit((self.ticket, *self.runner._run_on_reader(self.job)))


class AnalysisRunner(QObject):
    """Runs :data:`Job` s for the project set with :meth:`set_project`, serially, off the GUI
    thread; each job's ``done(result, seconds)`` is called on the GUI thread. A job's expected
    failure (:class:`GlocalError`) is handed to ``done`` as the result; any other exception is
    logged and handed on as a GlocalError saying the view could not be computed."""

    def __init__(self, parent: QObject | None = None, *, threaded: bool = True) -> None:
        super().__init__(parent)
        self.threaded = threaded
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one reader connection, one job at a time
        self._relay = _Relay(self)
        self._relay.finished.connect(self._finished)
        self._project: Project | None = None
        self._reader: Project | None = None
        self._reader_failed = False
        self._pending: dict[int, Done] = {}
        self._tickets = 0

    def set_project(self, project: Project | None) -> None:
        """Work on ``project`` from now on (None: stop); waits for a running job to end."""
        self.close()
        self._project = project

    def close(self) -> None:
        self._pool.waitForDone()
        self._pending.clear()
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        self._reader_failed = False
        self._project = None

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def submit(self, job: Job, done: Done) -> None:
        """Run ``job(project)`` and call ``done(result, seconds)`` on the GUI thread."""
        if self._project is None:
            return
        self._tickets += 1
        ticket = self._tickets
        self._pending[ticket] = done
        if self.threaded and not self._reader_failed:
            self._pool.start(_Task(self, ticket, job))
        else:
            self._finished((ticket, *_timed(job, self._project)))

    def _run_on_reader(self, job: Job) -> tuple[Any, float]:
        """On the worker thread: ``job`` on the reader (opened on first use)."""
        if self._reader is None:
            project = self._project
            if project is None:
                return GlocalError("no project is open"), 0.0
            try:
                self._reader = project.open_reader()
            except GlocalError:
                self._reader_failed = True
                return _Fallback(job), 0.0
        reader = self._reader
        return _timed(job, reader)

    def _finished(self, message: tuple[int, Any, float]) -> None:
        ticket, result, seconds = message
        if isinstance(result, _Fallback):  # no reader: run it here, on the window's project
            if self._project is None:
                return
            result, seconds = _timed(result.job, self._project)
        done = self._pending.pop(ticket, None)
        if done is not None:
            done(result, seconds)


class _Fallback:
    def __init__(self, job: Job) -> None:
        self.job = job


def _timed(job: Job, project: Project) -> tuple[Any, float]:
    started = time.perf_counter()
    try:
        with project.reading():
            result = job(project)
    except GlocalError as error:
        result = error
    except Exception as error:  # a failing view must not take the window with it
        log.exception("an analysis view failed")
        result = GlocalError(f"the view could not be computed ({type(error).__name__}: {error})")
    return result, time.perf_counter() - started
