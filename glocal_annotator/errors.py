"""The one exception family for expected failures.

Anything raised as a :class:`GlocalError` is something a user can cause and fix (a corrupt
file, a locked project, an unknown code name). The CLI prints ``str(error)`` as one line and exits
1; the GUI shows it in a message box. Anything else is a bug and is logged with its traceback.
"""

from __future__ import annotations


class GlocalError(Exception):
    """An expected failure, with a message fit to show a user as it is."""


class OperationCancelled(GlocalError):
    """The user cancelled a change through its progress callback; nothing was changed (its
    transaction was rolled back)."""


class ImportFailure(GlocalError):
    """A file could not be imported (unreadable, unsupported, empty, corrupt, duplicate)."""


class UncertainEncoding(ImportFailure):
    """A legacy-encoded text file reads plausibly in several encodings; the user must choose.

    ``readings`` holds ``(encoding, preview)`` pairs, the likeliest first: a Python codec name
    and the start of the text as that encoding reads it.
    """

    def __init__(self, message: str, readings: tuple[tuple[str, str], ...]) -> None:
        super().__init__(message)
        self.readings = readings


class DuplicateDocument(ImportFailure):
    """The same content has been imported before."""


class ProjectError(GlocalError):
    """The project file cannot be opened or used as asked."""


class ProjectLocked(ProjectError):
    """Another process is writing this project."""


class ReadOnlyProject(ProjectError):
    """A change was asked of a project opened read-only."""


class ProjectFileGone(ProjectError):
    """The project's file on disk is no longer the one that was opened (removed, moved or
    replaced while open): writing on would be lost, so changes are refused."""


class ProjectDamaged(ProjectError):
    """The project file is damaged (corrupt pages, missing tables, rows that break the app's
    rules): the message says what, and names ``check`` and ``salvage`` as the way out."""


class ProjectNotWritable(ProjectError):
    """The project can be read but not written here (a read-only file, folder or disk); it can
    be opened read-only."""


class NewerProjectVersion(ProjectError):
    """The project was written by a newer version of the app."""


class NotFound(GlocalError):
    """A named document, code, coder or coding does not exist."""


class InvalidOperation(GlocalError):
    """A change that would break the project (bad range, cycle in the code tree, ...)."""


class InvalidValue(InvalidOperation):
    """A document variable's value does not fit the variable's type (a number, a date, one of
    its choices ...)."""


class CodebookError(GlocalError):
    """A codebook file is invalid, hostile or unsupported."""


class ExportFailure(GlocalError):
    """An export could not be written."""


class PatternTooSlow(GlocalError):
    """A regular expression ran past its time budget (catastrophic backtracking) and was
    stopped; nothing was found or changed."""
