"""Importing files into a project: one path for the CLI (``glocal-annotator import``) and the GUI.

A file is imported in two steps: :func:`read_file` extracts its text (no project needed, so the
GUI runs it in a worker thread) and :func:`store_file` stores it as a new document, in its own
transaction, noting the outcome in an :class:`ImportReport`. :func:`import_files` does both for
each file in turn (the CLI). A file that fails changes nothing and is reported; the others go on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from glocal_annotator.errors import GlocalError
from glocal_annotator.file_names import readable_name
from glocal_annotator.importers import ExtractedText
from glocal_annotator.project import Change, Project

# progress(done, total, path_about_to_be_imported) -> False to stop before that file
Progress = Callable[[int, int, Path], bool | None]


@dataclass
class ImportReport:
    imported: list[tuple[Path, int]] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    cancelled: bool = False
    # What an import added or left out (notes after the text, page furniture ...), per file.
    notices: list[tuple[Path, str]] = field(default_factory=list)
    # The change of each document stored, oldest first: Change.combined(...) undoes them as one.
    changes: list[Change] = field(default_factory=list)


def read_file(path: str | Path, encoding: str | None = None) -> ExtractedText:
    """The text of the file at ``path`` (see :func:`glocal_annotator.importers.extract`).
    ``encoding`` is the user's choice for text and HTML files that are not UTF-8 (a Python codec
    name); without it, a file whose encoding is uncertain fails with
    :class:`~glocal_annotator.errors.UncertainEncoding`. Raises GlocalError; safe to run in a
    thread of its own (it touches no project)."""
    from glocal_annotator.importers import extract

    return extract(Path(path), encoding)


def store_file(
    project: Project, path: str | Path, extracted: ExtractedText, report: ImportReport,
    progress: Callable[[int, int], object] | None = None,
) -> int | None:
    """Store ``extracted`` (the text of the file at ``path``) as a new document named after the
    file, in one transaction; note it in ``report`` (imported, notices, its change) or, if
    the project refuses it, note the failure (nothing changed). Returns the new id or None.
    ``progress``: see :meth:`Project.add_document`."""
    path = Path(path)
    try:
        # a file name that is not UTF-8 is stored with U+FFFD (see file_names.readable_name)
        change = project.add_document(
            readable_name(path.name), extracted, readable_name(str(path.resolve())),
            progress=progress,
        )
    except GlocalError as error:
        report.failed.append((path, str(error)))
        return None
    report.imported.append((path, change.result))
    report.changes.append(change)
    report.notices.extend((path, notice) for notice in extracted.notices)
    return change.result


def import_file(
    project: Project, path: str | Path, report: ImportReport, encoding: str | None = None
) -> int | None:
    """:func:`read_file` then :func:`store_file`; a file that cannot be read is noted in
    ``report`` as failed. Returns the new document's id or None."""
    try:
        extracted = read_file(path, encoding)
    except GlocalError as error:
        report.failed.append((Path(path), str(error)))
        return None
    return store_file(project, path, extracted, report)


def import_files(
    project: Project, paths: Sequence[str | Path], progress: Progress | None = None,
    encoding: str | None = None,
) -> ImportReport:
    """Import each file in its own transaction (:func:`import_file`); a file that fails
    changes nothing and is reported, the others go on. ``progress`` may stop the run before a
    file (``report.cancelled``)."""
    report = ImportReport()
    total = len(paths)
    for done, raw_path in enumerate(paths):
        path = Path(raw_path)
        if progress is not None and progress(done, total, path) is False:
            report.cancelled = True
            break
        import_file(project, path, report, encoding)
    return report
