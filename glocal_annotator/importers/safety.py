"""Failure messages and hardened reading for the importers, around :mod:`glocal_annotator.safe_io`.

Office files are zips of XML written by strangers. They are opened with the one zip reader,
:class:`~glocal_annotator.safe_io.SafeZip` (entry names checked, sizes capped while reading);
entries are only ever read into memory by name (never extracted to disk). XML is parsed with
:func:`~glocal_annotator.safe_io.xml_parser` (or ``iterparse`` with
:data:`~glocal_annotator.safe_io.XML_OPTIONS`), and a document that declares a DTD at all is
refused: Word and LibreOffice never write one, so it is damaged or hostile. The rules live in
``safe_io``; this module adds what is import-specific: one-line messages naming the file, and
telling old binary or password-protected Office files apart from damaged zips.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from glocal_annotator import safe_io
from glocal_annotator.errors import ImportFailure
from glocal_annotator.limits import (
    MAX_DOCUMENT_CHARACTERS,
    MAX_OFFICE_PART_BYTES,
    MAX_TEXT_FILE_BYTES,
    describe_characters,
)
from glocal_annotator.safe_io import (
    BadInput,
    EntryTooLarge,
    NotAZip,
    SafeZip,
    TooLarge,
    describe_size,
)

if TYPE_CHECKING:
    from lxml import etree

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def display_name(path: Path) -> str:
    """The file's name, safe to put in a one-line message."""
    return "".join(ch if ch.isprintable() else "?" for ch in path.name) or str(path)


def failure(path: Path, problem: str) -> ImportFailure:
    """An :class:`ImportFailure` whose message is one line: the file, what is wrong, what to do."""
    problem = " ".join(problem.splitlines())
    return ImportFailure(f"Cannot import {display_name(path)}: {problem}.")


def read_file(path: Path) -> bytes:
    """The bytes of a plain file (text, HTML), refusing (before reading) sizes that no document
    within :data:`~glocal_annotator.limits.MAX_DOCUMENT_CHARACTERS` reaches."""
    try:
        return safe_io.read_file(path, MAX_TEXT_FILE_BYTES)
    except TooLarge as exc:
        raise failure(path, f"it is larger than {describe_size(exc.limit)}; split it into "
                      "smaller files and import those") from exc


def check_characters(path: Path, text: str) -> str:
    """``text``, if it is within :data:`~glocal_annotator.limits.MAX_DOCUMENT_CHARACTERS`;
    else the one-line refusal (checked as soon as the text is decoded, before it is parsed or
    normalised)."""
    if len(text) > MAX_DOCUMENT_CHARACTERS:
        raise failure(path, f"it holds {len(text):,} characters, more than a document may have "
                      f"({describe_characters(MAX_DOCUMENT_CHARACTERS)}); split it into "
                      "smaller files and import those")
    return text


def open_zip(path: Path, kind: str) -> SafeZip:
    """Open ``path`` as the zip container of a ``kind`` document (e.g. 'Word (.docx)')."""
    try:
        return SafeZip(path)
    except NotAZip as exc:
        if _starts_with(path, _OLE_MAGIC):
            problem = (f"it is not a {kind} file but an old binary or password-protected "
                       f"document; open it in its editor, save it as {kind} without a password "
                       f"and import again")
        else:
            problem = (f"it is not a valid {kind} file (not a zip archive, or damaged); open "
                       f"and re-save it in its editor and import again")
        raise failure(path, problem) from exc.__cause__ or exc  # zipfile's own error
    except BadInput as exc:  # entry names that climb out, too many entries, unreadable file
        raise failure(path, f"{exc}; it was not read") from exc


def read_entry(zf: SafeZip, name: str, path: Path, kind: str,
               limit: int | None = None) -> bytes:
    """Read one zip entry by name, refusing it if it is missing or unpacks beyond ``limit``
    (default :data:`~glocal_annotator.limits.MAX_OFFICE_PART_BYTES`; the size the archive
    declares is checked before anything is unpacked)."""
    if limit is None:
        limit = MAX_OFFICE_PART_BYTES
    if name not in zf:
        raise failure(path, f"it has no {name} inside, so it is not a valid {kind} file; open "
                      f"and re-save it in its editor and import again")
    try:
        return zf.read(name, max_bytes=limit)
    except EntryTooLarge as exc:
        raise failure(path, f"{name} inside it unpacks to more than {describe_size(limit)} (a "
                      "damaged file or a zip bomb); it was not read") from exc
    except BadInput as exc:
        detail = exc.__cause__ or exc
        raise failure(path, f"{name} inside it is damaged or encrypted ({detail}); open and "
                      f"re-save it in its editor and import again") from detail


def check_no_dtd(data: bytes, path: Path, part: str, tree: etree._ElementTree | None = None
                 ) -> None:
    """Refuse XML that declares a DTD (entity definitions: billion laughs and friends).

    Called on the raw bytes before parsing, and on the parsed tree after, which catches any
    layout the byte scan misses.
    """
    if safe_io.declares_dtd(data) or (tree is not None and safe_io.dtd_in_tree(tree)):
        raise failure(path, f"{part} inside it declares a DTD (entity definitions), which office "
                      "files never do; the file is damaged or hostile and was not read")


def xml_failure(path: Path, part: str, exc: Exception) -> ImportFailure:
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return failure(path, f"{part} inside it is not well-formed XML ({detail}); open and re-save "
                   f"it in its editor and import again")


def _starts_with(path: Path, magic: bytes) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(len(magic)) == magic
    except OSError:
        return False
