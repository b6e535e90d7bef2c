"""Low-level failures become one-line messages (failures.explain); bugs stay bugs."""

from __future__ import annotations

import errno
import json
import sqlite3

import pytest

from glocal_annotator.errors import (
    GlocalError,
    InvalidOperation,
    ProjectDamaged,
    ProjectError,
    ProjectNotWritable,
)
from glocal_annotator.failures import explain


def _sqlite_error(code: int, message: str, kind=sqlite3.OperationalError):
    error = kind(message)
    error.sqlite_errorcode = code
    return error


@pytest.mark.parametrize("error, kind, says", [
    (_sqlite_error(11, "database disk image is malformed", sqlite3.DatabaseError),
     ProjectDamaged, "p.glocal is damaged (database disk image is malformed)"),
    (_sqlite_error(26, "file is not a database", sqlite3.DatabaseError), ProjectDamaged,
     "is damaged"),
    (_sqlite_error(13, "database or disk is full"), ProjectError,
     "the disk holding p.glocal is full"),
    (_sqlite_error(8 | (1 << 8), "attempt to write a readonly database"), ProjectNotWritable,
     "p.glocal cannot be written here"),
    (_sqlite_error(10 | (3 << 8), "disk I/O error"), ProjectError, "could not be read or written"),
    (_sqlite_error(5, "database is locked"), ProjectError, "p.glocal is busy"),
    (_sqlite_error(18, "string or blob too big"), InvalidOperation, "too big to store"),
    (sqlite3.OperationalError("Could not decode to UTF-8 column 'text' with text 'x'"),
     ProjectDamaged, "a text in it is not valid UTF-8"),
    (OSError(errno.ENOSPC, "No space left on device", "/x/out.docx"), GlocalError,
     "the disk is full (/x/out.docx)"),
    (OSError(errno.EROFS, "Read-only file system"), GlocalError, "the disk is read-only"),
    (OSError(errno.ENAMETOOLONG, "File name too long"), GlocalError, "too long"),
    (OverflowError("Python int too large to convert to SQLite INTEGER"), InvalidOperation,
     "too large"),
    (UnicodeEncodeError("utf-8", "caf\udce9", 3, 4, "surrogates not allowed"), InvalidOperation,
     "not valid UTF-8"),
])
def test_expected_failures_are_one_line(error, kind, says):
    explained = explain(error, "/work/p.glocal")
    assert isinstance(explained, kind)
    assert says in str(explained) and "\n" not in str(explained)


@pytest.mark.parametrize("error", [
    _sqlite_error(1, "no such column: nope"),  # a bug in our SQL
    sqlite3.IntegrityError("UNIQUE constraint failed"),
    sqlite3.ProgrammingError("Cannot operate on a closed database."),
    OSError(errno.EBADF, "Bad file descriptor"),
    json.JSONDecodeError("Expecting value", "x", 0),
    KeyError(3),
])
def test_bugs_are_not_dressed_up(error):
    assert explain(error, "p.glocal") is None
