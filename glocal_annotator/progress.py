"""Progress in units of work, with cancellation, for long jobs that may run on a worker thread
(no Qt here): an export, the reading and planning of an import, the building of a project.

A job tells a :class:`Ticker` its total units first, then steps through them; the ticker calls
the caller's ``progress(done, total)`` every :data:`REPORT_INTERVAL` seconds of work at most
(plus one step), and when that returns exactly False the job stops by raising the ticker's
cancellation error (an export's :class:`~glocal_annotator.exporters.ExportCancelled`, an import's
:class:`~glocal_annotator.errors.OperationCancelled`), before anything is written or committed.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from glocal_annotator.errors import GlocalError, OperationCancelled

Progress = Callable[[int, int], object]
REPORT_INTERVAL = 0.02  # seconds of work between progress reports, at most (plus one step)


class Ticker:
    """Progress and cancellation of one job, safe to run on a worker thread (no Qt).

    ``progress(done, total)`` is called with ``done`` rising from 0 to ``total`` (work units;
    a job says what they are, and their number is fixed before the first call): at the start
    (:meth:`report`), then after a step whenever ``interval`` seconds (default
    :data:`REPORT_INTERVAL`) have passed since the last call, and once with ``done == total``
    (:meth:`finish`). When it returns ``False`` (exactly False; None goes on) the job stops with
    ``cancelled()`` raised (default :class:`OperationCancelled`, "cancelled; nothing was
    changed"). So a caller hears from the job at least every 20 ms of work plus the longest
    single step, and can cancel it then.

    A job made of stages (read, then plan) gives each stage its share of the units with
    :meth:`stage`; :meth:`step` then counts that stage's own steps, whose number may be
    known only once the stage has begun (:meth:`recount`: the sources, counted once the XML is
    parsed).
    """

    def __init__(
        self, progress: Progress | None, total: int, interval: float | None = None,
        cancelled: Callable[[], GlocalError] | None = None,
    ) -> None:
        self.progress = progress
        self.total = max(int(total), 0)
        self.interval = REPORT_INTERVAL if interval is None else interval
        self.cancelled = cancelled or (lambda: OperationCancelled(
            "cancelled; nothing was changed"))
        self.done = 0.0
        self._scale = 1.0
        self._stage_end = float(self.total)  # no stage yet: steps count units up to the total
        self._staged = False
        self._next = time.perf_counter() + self.interval

    def report(self, done: float | None = None) -> None:
        """Call ``progress`` now (with ``done``, or the count so far); raise if cancelled."""
        if done is not None:
            self.done = float(done)
        self._next = time.perf_counter() + self.interval
        if self.progress is not None and self.progress(
            min(int(self.done), self.total), self.total
        ) is False:
            raise self.cancelled()

    def stage(self, steps: int, share: float) -> None:
        """Start a stage of ``steps`` steps worth ``share`` units; the previous stage ends."""
        if self._staged:
            self.done = min(self._stage_end, float(self.total))
        self._staged = True
        self._stage_end = min(self.done + share, float(self.total))
        self._scale = share / steps if steps > 0 else 0.0

    def recount(self, steps: int) -> None:
        """The current stage has ``steps`` steps after all (counted once its input was read);
        the steps already taken keep their units."""
        left = self._stage_end - self.done
        self._scale = left / steps if steps > 0 else 0.0

    def rest(self, steps: int) -> None:
        """Start the last stage: ``steps`` steps worth every unit left."""
        self.stage(steps, self.total - (self._stage_end if self._staged else self.done))

    def step(self, count: float = 1) -> None:
        """``count`` steps of the current stage done; reports when it is time."""
        done = self.done + count * self._scale
        # the sum of a stage's steps is its share, not a rounding below it
        self.done = self._stage_end if done > self._stage_end - 1e-9 else done
        if self.progress is not None and time.perf_counter() >= self._next:
            self.report()

    def finish(self) -> None:
        """Report ``total``: all the work is done, only the final move or commit is left."""
        self.report(self.total)
