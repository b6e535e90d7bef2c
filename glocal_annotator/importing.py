"""Importing many files with progress: shared by the CLI and the GUI."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from glocal_annotator.errors import GlocalError
from glocal_annotator.project import Project

# progress(done, total, path_about_to_be_imported) -> False to stop before that file
Progress = Callable[[int, int, Path], bool | None]


@dataclass
class ImportReport:
    imported: list[tuple[Path, int]] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    cancelled: bool = False


def import_files(
    project: Project, paths: Sequence[str | Path], progress: Progress | None = None
) -> ImportReport:
    """Import each file in its own transaction; a file that fails changes nothing and is
    reported, the others go on."""
    report = ImportReport()
    total = len(paths)
    for done, raw_path in enumerate(paths):
        path = Path(raw_path)
        if progress is not None and progress(done, total, path) is False:
            report.cancelled = True
            break
        try:
            report.imported.append((path, project.import_file(path).result))
        except GlocalError as error:
            report.failed.append((path, str(error)))
    return report
