"""The project's codebook as a REFI-QDA codebook (.qdc) or a CSV codebook, for other tools.

A nested, schema-valid .qdc (colours, GUIDs, codable flags, the entry fields inside
``Description``, see :mod:`glocal_annotator.refi.codebook`); a ``.csv`` target gets the CSV layout
of :mod:`glocal_annotator.refi.codebook_csv` instead. Written atomically.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from glocal_annotator.errors import CodebookError
from glocal_annotator.exporters._common import Progress, Ticker
from glocal_annotator.model import Codebook
from glocal_annotator.refi.codebook_files import write_codebook_file

if TYPE_CHECKING:
    from glocal_annotator.project import Project


def export_project_codebook(
    project: Project, path: str | os.PathLike, *, progress: Progress | None = None
) -> int:
    """Write the project's codebook to ``path`` (.qdc; .csv by suffix) atomically.

    Returns the number of codes written. Raises :class:`CodebookError` if the project has no codes
    and :class:`~glocal_annotator.errors.ExportFailure` if the file cannot be written.
    ``progress(done, total)`` (units: codes) is called before writing, when returning False
    cancels it (:class:`~glocal_annotator.exporters.ExportCancelled`, nothing written), and once
    more when the file is written (too late to cancel: a codebook of 5,000 codes is written in
    well under 50 ms).
    """
    with project.reading():
        codebook = Codebook.from_codes(project.codes())
        name = project.name
    if not codebook.codes:
        raise CodebookError(
            f"The project {name!r} has no codes, so there is no codebook to export."
        )
    count = sum(1 for _ in codebook.walk())
    Ticker(progress, count).report(0)
    written = write_codebook_file(codebook, path)
    if progress is not None:
        progress(count, count)
    return written
