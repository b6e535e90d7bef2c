"""Low-level failures that are the user's situation, not bugs, as one-line messages.

A full disk, a read-only disk, a file damaged on disk, a number too large for the file: SQLite
and the OS report these as ``sqlite3`` errors and ``OSError``; :func:`explain` turns them into
the app's :class:`~glocal_annotator.errors.GlocalError` family, so the CLI prints one line and
the GUI shows one message. Anything it does not recognise it leaves alone (a bug stays a bug).

Error codes are SQLite's primary result codes (https://sqlite.org/rescode.html); extended codes
carry the primary code in their low byte.
"""

from __future__ import annotations

import errno
import gc
import shlex
import sqlite3
import sys
from pathlib import Path

from glocal_annotator.errors import (
    GlocalError,
    InvalidOperation,
    ProjectDamaged,
    ProjectError,
    ProjectNotWritable,
)

SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_TOOBIG = 18
SQLITE_NOTADB = 26

#: the largest integer a project file stores (SQLite's signed 64 bits)
LARGEST_ID = 2**63 - 1


def what_to_do(path: str | Path | None) -> str:
    """The way out of a damaged project, naming the commands with this project's path."""
    shown = shlex.quote(str(path)) if path is not None else "PROJECT"
    return (
        f"To list every problem: glocal-annotator check {shown}; to copy what can still be "
        f"read into a new project: glocal-annotator salvage {shown} NEW.glocal"
    )


def damaged(path: str | Path | None, what: str) -> ProjectDamaged:
    """A :class:`ProjectDamaged` saying what is wrong and what to do, in one line."""
    name = f"the project file {Path(path).name}" if path is not None else "the project file"
    error = ProjectDamaged(f"{name} is damaged ({what}); nothing was changed. {what_to_do(path)}")
    error.what = what  # type: ignore[attr-defined] - for the app's own wording
    return error


def let_go(error: BaseException) -> None:
    """Drop the frames an expected failure still holds, now and quietly. A library that
    failed mid-write (a full disk) can leave its zip file open in those frames; closing it when
    it is collected fails again, which Python would print as an "Exception ignored"
    traceback after the one-line message."""
    previous = sys.unraisablehook

    def quiet(unraisable: sys.UnraisableHookArgs) -> None:
        if not isinstance(unraisable.exc_value, OSError):
            previous(unraisable)

    sys.unraisablehook = quiet
    try:
        seen: set[int] = set()
        current: BaseException | None = error
        while current is not None and id(current) not in seen:
            seen.add(id(current))
            current.__traceback__ = None
            current = current.__cause__ or current.__context__
        gc.collect()
    finally:
        sys.unraisablehook = previous


def explain(error: BaseException, path: str | Path | None = None) -> GlocalError | None:
    """The one-line :class:`GlocalError` for a low-level ``error`` met while using the project
    at ``path`` (None: not known), or None if ``error`` is not such a failure."""
    if isinstance(error, GlocalError):
        return error
    name = Path(path).name if path is not None else "the project file"
    if isinstance(error, sqlite3.OperationalError) and str(error).startswith(
        "Could not decode to UTF-8"
    ):  # raised by Python's sqlite3 for a text that a damaged page left invalid
        return damaged(path, "a text in it is not valid UTF-8")
    if isinstance(error, sqlite3.DatabaseError):
        code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
        if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
            return damaged(path, f"{error}")
        if code == SQLITE_FULL:
            return ProjectError(
                f"the disk holding {name} is full; nothing was changed. Free some space and "
                "try again"
            )
        if code == SQLITE_READONLY:
            return ProjectNotWritable(
                f"{name} cannot be written here ({error}); nothing was changed. Open it "
                "read-only, or save a copy elsewhere"
            )
        if code in (SQLITE_BUSY, SQLITE_LOCKED):
            return ProjectError(
                f"{name} is busy (another program is reading or writing it); nothing was "
                "changed. Try again in a moment"
            )
        if code == SQLITE_TOOBIG:
            return InvalidOperation(
                "that is too big to store in a project (SQLite's limit is 1,000,000,000 bytes "
                "for one text); nothing was changed"
            )
        if code in (SQLITE_IOERR, SQLITE_CANTOPEN):
            return ProjectError(
                f"{name} could not be read or written ({error}); nothing was changed. Check "
                "that its disk is still there and has room"
            )
        return None
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
        where = f" ({error.filename})" if error.filename else ""
        return GlocalError(f"the disk is full{where}; free some space and try again")
    if isinstance(error, OSError) and error.errno == errno.EROFS:
        where = f" ({error.filename})" if error.filename else ""
        return GlocalError(f"the disk is read-only{where}; choose another folder")
    if isinstance(error, OSError) and error.errno == errno.ENAMETOOLONG:
        return GlocalError("a file name is too long for its disk (most allow 255 bytes); "
                           "choose a shorter name")
    if isinstance(error, OverflowError):
        return InvalidOperation(
            f"a number given is too large (the largest a project holds is {LARGEST_ID})"
        )
    if isinstance(error, UnicodeEncodeError) and error.reason == "surrogates not allowed":
        return InvalidOperation(
            "a name or text holds bytes that are not valid UTF-8 (as in some file names); "
            "nothing was changed"
        )
    return None
