"""Codebook files by suffix: read a .qdc, .qde, .qdpx or .csv codebook, write a .qdc or .csv one.

The format modules do the work (:mod:`.codebook` for REFI-QDA XML, :mod:`.codebook_csv`); this
module only chooses one by the file's suffix and finds the project inside a .qdpx archive. Pure:
no project, no database.
"""

from __future__ import annotations

import os
from pathlib import Path

from glocal_annotator.errors import CodebookError
from glocal_annotator.model import Codebook
from glocal_annotator.refi.codebook import codebook_from_element, read_qdc, write_qdc
from glocal_annotator.refi.codebook_csv import read_codebook_csv, write_codebook_csv
from glocal_annotator.refi.safe_xml import MAX_XML_BYTES, parse_xml
from glocal_annotator.safe_io import BadInput, safe_zip


def read_codebook_file(path: str | os.PathLike) -> Codebook:
    """Read the codebook of a .qdc, .qde, .qdpx or .csv file, chosen by suffix.

    Raises :class:`CodebookError` (one line) for anything unreadable, hostile or unsupported.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".qdc", ".qde", ".xml"):
        return read_qdc(path)
    if suffix == ".qdpx":
        return _read_qdpx(path)
    if suffix in (".csv", ".tsv"):
        return read_codebook_csv(path)
    raise CodebookError(
        f"Cannot import {path.name!r}: not a codebook file; use a .qdc, .qdpx, .qde or .csv file."
    )


def _read_qdpx(path: Path) -> Codebook:
    label = f"Cannot read the codebook of {path.name!r}"
    try:
        with safe_zip(path) as archive:
            names = [
                name
                for name in archive.namelist()
                if name.lower().endswith(".qde")
                and not name.rsplit("/", 1)[-1].startswith("._")  # macOS resource forks
                and not name.lower().startswith("__macosx/")
            ]
            if not names:
                raise CodebookError(f"{label}: the archive holds no .qde project file.")
            names.sort(key=lambda name: (name.count("/"), name.lower() != "project.qde", name))
            data = archive.read(names[0], max_bytes=MAX_XML_BYTES)
        root = parse_xml(data)
    except BadInput as exc:
        raise CodebookError(f"{label}: {exc}.") from exc
    return codebook_from_element(root, error_prefix=label)


def write_codebook_file(codebook: Codebook, path: str | os.PathLike) -> int:
    """Write ``codebook`` to ``path`` atomically: CSV for a ``.csv`` suffix, else a .qdc.

    Returns the number of codes written. Raises :class:`CodebookError` for an empty codebook (or
    one the format cannot hold) and :class:`~glocal_annotator.errors.ExportFailure` if the file
    cannot be written.
    """
    if Path(path).suffix.lower() == ".csv":
        write_codebook_csv(codebook, path)
    else:
        write_qdc(codebook, path)
    return sum(1 for _ in codebook.walk())
