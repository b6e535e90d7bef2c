"""Importing many files with progress: shared by the CLI and the GUI."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from glocal_annotator.errors import GlocalError
from glocal_annotator.file_names import readable_name
from glocal_annotator.project import Project

# progress(done, total, path_about_to_be_imported) -> False to stop before that file
Progress = Callable[[int, int, Path], bool | None]


@dataclass
class ImportReport:
    imported: list[tuple[Path, int]] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    cancelled: bool = False
    # What an import added or left out (notes after the text, page furniture ...), per file.
    notices: list[tuple[Path, str]] = field(default_factory=list)


def import_files(
    project: Project, paths: Sequence[str | Path], progress: Progress | None = None,
    encoding: str | None = None,
) -> ImportReport:
    """Import each file in its own transaction; a file that fails changes nothing and is
    reported, the others go on. ``encoding`` is the user's choice for text and HTML files that
    are not UTF-8 (a Python codec name); without it, a file whose encoding is uncertain fails
    with :class:`~glocal_annotator.errors.UncertainEncoding`."""
    from glocal_annotator.importers import extract

    report = ImportReport()
    total = len(paths)
    for done, raw_path in enumerate(paths):
        path = Path(raw_path)
        if progress is not None and progress(done, total, path) is False:
            report.cancelled = True
            break
        try:
            extracted = extract(path, encoding)
            # a file name that is not UTF-8 is stored with U+FFFD (see file_names.readable_name)
            change = project.add_document(
                readable_name(path.name), extracted, readable_name(str(path.resolve())))
        except GlocalError as error:
            report.failed.append((path, str(error)))
            continue
        report.imported.append((path, change.result))
        report.notices.extend((path, notice) for notice in extracted.notices)
    return report
