"""Checking a project file that may be too damaged to open: for ``glocal-annotator check``.

Opens the file read-only (never locking or writing it, so it can be checked while the app has
it open), works out its schema version as well as it can, and runs every check of
:mod:`.check` against what that version should hold.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from glocal_annotator.errors import NewerProjectVersion, ProjectError
from glocal_annotator.store import file_access, schema
from glocal_annotator.store.check import Problem, full_problems
from glocal_annotator.store.database import header_is_ours, looks_like_project
from glocal_annotator.store.expected import SEARCH_FORMS_TABLE
from glocal_annotator.store.schema import APPLICATION_ID, TABLE_COLUMNS


@dataclass
class Health:
    """``problems`` ([] when healthy) and ``counts``: rows per table of the user's work,
    where it could count."""

    path: Path
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def check_project_file(path: Path) -> Health:
    """Check the project file at ``path`` (see the module notes). Raises
    :class:`ProjectError` if it is not a project file at all or is from a newer version."""
    path = Path(path)
    file_access.check_openable(path)
    health = Health(path)
    try:
        conn, private, _notice = file_access.connect_read_only(path)
    except sqlite3.Error as error:
        if not header_is_ours(path):
            raise ProjectError(f"{path.name} is not a Glocal Annotator project ({error})") \
                from error
        health.problems.append(Problem("file", f"the file cannot be opened: {error}"))
        return health
    try:
        _check(conn, health)
    finally:
        conn.close()
        if private is not None:
            shutil.rmtree(private, ignore_errors=True)
    return health


def _check(conn: sqlite3.Connection, health: Health) -> None:
    name = health.path.name
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        ours = looks_like_project(conn)
    except sqlite3.DatabaseError as error:
        if not header_is_ours(health.path):
            raise ProjectError(f"{name} is not a Glocal Annotator project ({error})") from error
        health.problems.append(Problem("file", f"the file's list of tables cannot be read: "
                                               f"{error}"))
        return
    if app_id != APPLICATION_ID:
        if not ours:
            raise ProjectError(f"{name} is not a Glocal Annotator project")
        health.problems.append(Problem("file", "its application id is not Glocal Annotator's"))
    current = schema.SCHEMA_VERSION
    if version > current:
        raise NewerProjectVersion(
            f"{name} was saved by a newer Glocal Annotator (file version {version}); check it "
            "with that version"
        )
    if version == 0:
        health.problems.append(Problem(
            "file", "its schema version (user_version) is 0 although it holds a project; "
            f"checked as version {current}"))
        version = current
    health.problems.extend(full_problems(conn, version))
    for table in TABLE_COLUMNS:
        if table == SEARCH_FORMS_TABLE:  # derived, one per document: not the user's work
            continue
        try:
            health.counts[table] = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        except sqlite3.DatabaseError:
            continue
