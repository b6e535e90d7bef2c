"""The process the kill tests start and kill: one command of the app, run as the CLI runs it, with
hooks that make the process SIGKILL itself at a chosen point.

The kill point comes from the environment variable ``GLOCAL_KILL_AFTER``:

- ``rows:N``: when the change journal is about to write its N-th row (inside the transaction);
- ``steps:N``: at the N-th call of SQLite's progress handler, which runs every
  :data:`STEP` virtual-machine instructions of any statement: in the middle of an ``INSERT`` of
  50,000 rows, of the FTS index update, of the ``COMMIT`` writing the log;
- ``bytes:N``: once an export has written N bytes to its temporary ``.part`` file (the first
  bytes of the write that crosses N are written and flushed, then the process dies mid-write);
- unset: no self-kill (the parent kills by timing, or lets it finish to measure the totals).

``GLOCAL_KILL_BREAK=atomic`` breaks the app on purpose, for the test that shows the checks can
fail: every statement commits on its own (no transaction around an operation) and exports
write straight into their target.

Counters shared with the parent (a ``multiprocessing`` array of :data:`FIELDS`) say how far the
child got: rows and steps and bytes so far, and the phase it was in when it died.

Run by hand: ``GLOCAL_KILL_AFTER=rows:100 python -m tests.reliability.kill_child import P F``.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any

# Imported here so that a fork server that preloads this module has them loaded already: the
# children it forks start in milliseconds instead of a third of a second.
from glocal_annotator import atomic, cli  # noqa: F401
from glocal_annotator.exporters import (  # noqa: F401
    codebook_docx,
    codebook_refi,
    document_docx,
    excerpts_docx,
    tables,
)
from glocal_annotator.importers import text  # noqa: F401
from glocal_annotator.operations import autocode, codebook_import  # noqa: F401
from glocal_annotator.store import database
from glocal_annotator.store.journal import Journal

STEP = 100  # SQLite VM instructions between two calls of the progress handler
FIELDS = ("rows", "steps", "bytes", "phase")
# phases
STARTING, OPENED, IN_TRANSACTION, WRITING_EXPORT, EXPORT_MOVED, DONE = range(6)
PHASES = ("starting", "project open", "inside a transaction", "writing an export",
          "export moved into place", "finished")


class _Counters:
    """The shared counters (a list works too, for running by hand)."""

    def __init__(self, shared: Any) -> None:
        self.shared = shared

    def add(self, field: str, amount: int) -> int:
        index = FIELDS.index(field)
        self.shared[index] += amount
        return self.shared[index]

    def phase(self, value: int) -> None:
        self.shared[FIELDS.index("phase")] = value


def _die() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def _break_atomicity() -> None:
    import sqlite_utils


    @contextlib.contextmanager
    def no_transaction(self: Any) -> Any:
        yield

    sqlite_utils.Database.atomic = no_transaction  # type: ignore[method-assign]

    @contextlib.contextmanager
    def straight(path: Any, **kwargs: Any) -> Any:
        from pathlib import Path

        _COUNTED.add(str(path))  # its bytes are counted as a .part's would be
        yield Path(path)

    for module in (atomic, tables, codebook_docx, document_docx, excerpts_docx):
        module.atomic_write = straight  # type: ignore[attr-defined]
    from glocal_annotator.refi import codebook as qdc
    from glocal_annotator.refi import codebook_csv

    qdc.atomic_write = straight  # type: ignore[attr-defined]
    codebook_csv.atomic_write = straight  # type: ignore[attr-defined]


_COUNTED: set[str] = set()  # files written straight, whose bytes count (GLOCAL_KILL_BREAK)


def install_hooks(spec: str | None, counters: _Counters) -> None:
    """Count rows, SQLite steps and export bytes; SIGKILL this process at ``spec``."""
    if os.environ.get("GLOCAL_KILL_BREAK") == "atomic":
        _break_atomicity()
    kind, _, value = (spec or "").partition(":")
    limit = int(value) if value else 0

    def tick(field: str, amount: int = 1) -> None:
        total = counters.add(field, amount)
        if kind == field and total >= limit:
            _die()

    def journal_hook(method: Callable[..., Any], rows: Callable[..., int]) -> Callable[..., Any]:
        def hooked(self: Journal, *args: Any, **kwargs: Any) -> Any:
            counters.phase(IN_TRANSACTION)
            tick("rows", rows(*args))
            return method(self, *args, **kwargs)

        return hooked

    Journal.insert = journal_hook(Journal.insert, lambda *a: 1)  # type: ignore[method-assign]
    Journal.update = journal_hook(Journal.update, lambda *a: 1)  # type: ignore[method-assign]
    Journal.delete = journal_hook(Journal.delete, lambda *a: 1)  # type: ignore[method-assign]
    Journal.insert_many = journal_hook(  # type: ignore[method-assign]
        Journal.insert_many, lambda table, rows: max(1, len(rows))
    )

    connect = database.ProjectDatabase._connect

    def hooked_connect(self: database.ProjectDatabase, create: bool) -> Any:
        conn = connect(self, create)
        counters.phase(max(OPENED, counters.shared[FIELDS.index("phase")]))

        def progress() -> int:
            tick("steps")
            return 0

        conn.set_progress_handler(progress, STEP)
        return conn

    database.ProjectDatabase._connect = hooked_connect  # type: ignore[method-assign]

    real_open = io.open

    class _Counting:
        """A file being written as an export's .part: counts bytes, dies mid-write at the limit."""

        def __init__(self, handle: Any) -> None:
            self._handle = handle

        def write(self, data: Any) -> int:
            counters.phase(WRITING_EXPORT)
            size = len(data)
            if kind == "bytes":
                done = counters.shared[FIELDS.index("bytes")]
                if done + size >= limit:
                    part = max(0, limit - done)
                    self._handle.write(data[:part])
                    self._handle.flush()
                    counters.add("bytes", part)
                    _die()
            counters.add("bytes", size)
            return self._handle.write(data)

        def __getattr__(self, name: str) -> Any:
            return getattr(self._handle, name)

        def __enter__(self) -> _Counting:
            return self

        def __exit__(self, *exc: object) -> Any:
            return self._handle.__exit__(*exc)

        def __iter__(self) -> Any:
            return iter(self._handle)

    def hooked_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(file, mode, *args, **kwargs)
        if any(flag in mode for flag in "wax+") and (
            str(file).endswith(".part") or str(file) in _COUNTED
        ):
            return _Counting(handle)
        return handle

    io.open = hooked_open  # type: ignore[assignment]
    builtins.open = hooked_open  # type: ignore[assignment]

    replace = os.replace

    def hooked_replace(source: Any, target: Any, *args: Any, **kwargs: Any) -> None:
        replace(source, target, *args, **kwargs)
        if str(source).endswith(".part"):
            counters.phase(EXPORT_MOVED)

    os.replace = hooked_replace  # type: ignore[assignment]


def run(
    argv: Sequence[str], environment: dict[str, str], shared: Any, started: Any, log: str
) -> None:
    """The child's work: set the environment, install the hooks, say it started, run the CLI.

    ``shared`` is the counters array, ``started`` an event the parent waits on before it starts
    its timer, ``log`` a file for what the CLI prints. Exits with the CLI's status.
    """
    os.environ.update(environment)
    counters = _Counters(shared)
    install_hooks(os.environ.get("GLOCAL_KILL_AFTER"), counters)
    with open(log, "w", encoding="utf-8") as output:  # noqa: PTH123 - the hooked open is fine
        started.set()
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            try:
                status = cli.main(list(argv))
            except BaseException:  # a bug: keep its traceback for the test's message
                import traceback

                traceback.print_exc()
                status = 99
        output.flush()
    counters.phase(DONE)
    os._exit(status)


def main() -> None:
    """``python -m tests.reliability.kill_child ARGS...``: the CLI with the hooks, by hand."""
    counters = _Counters([0] * len(FIELDS))
    install_hooks(os.environ.get("GLOCAL_KILL_AFTER"), counters)
    status = cli.main(sys.argv[1:])
    print(dict(zip(FIELDS, counters.shared, strict=True)), file=sys.stderr)
    sys.exit(status)


if __name__ == "__main__":
    main()
