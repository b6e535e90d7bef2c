"""Failure messages, capped zip reading and hardened XML parsing for the importers.

Office files are zips of XML written by strangers. Entries are only ever read into memory by name
(never extracted to disk, so member paths cannot escape anywhere), with a cap on the decompressed
size; XML is parsed with entities, DTD loading and network access off, and a document that declares
a DTD at all is refused: Word and LibreOffice never write one, so it is damaged or hostile.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Any

from lxml import etree

from glocal_annotator.errors import ImportFailure

# No real document part comes near this; a zip bomb does.
MAX_ENTRY_BYTES = 200 * 1024 * 1024

# Keyword arguments for etree.XMLParser and etree.iterparse.
SAFE_XML: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
}

# What zipfile and zlib raise on damaged archives besides BadZipFile: truncated data (EOFError),
# unsupported compression (NotImplementedError), encrypted entries (RuntimeError), bad headers
# (ValueError, OSError), and inflate errors (zlib.error).
ZIP_ERRORS = (
    zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError,
    RuntimeError, ValueError, OSError,
)

_DOCTYPE_MARKERS = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def display_name(path: Path) -> str:
    """The file's name, safe to put in a one-line message."""
    return "".join(ch if ch.isprintable() else "?" for ch in path.name) or str(path)


def failure(path: Path, problem: str) -> ImportFailure:
    """An :class:`ImportFailure` whose message is one line: the file, what is wrong, what to do."""
    problem = " ".join(problem.splitlines())
    return ImportFailure(f"Cannot import {display_name(path)}: {problem}.")


def read_file(path: Path) -> bytes:
    """The bytes of a plain file (text, HTML), refusing sizes that no such document reaches."""
    if path.stat().st_size > MAX_ENTRY_BYTES:
        raise failure(path, f"it is larger than {_size(MAX_ENTRY_BYTES)}; split it into smaller "
                      "files and import those")
    return path.read_bytes()


def open_zip(path: Path, kind: str) -> zipfile.ZipFile:
    """Open ``path`` as the zip container of a ``kind`` document (e.g. 'Word (.docx)')."""
    try:
        return zipfile.ZipFile(path)
    except ZIP_ERRORS as exc:
        if _starts_with(path, _OLE_MAGIC):
            problem = (f"it is not a {kind} file but an old binary or password-protected "
                       f"document; open it in its editor, save it as {kind} without a password "
                       f"and import again")
        else:
            problem = (f"it is not a valid {kind} file (not a zip archive, or damaged); open "
                       f"and re-save it in its editor and import again")
        raise failure(path, problem) from exc


def read_entry(zf: zipfile.ZipFile, name: str, path: Path, kind: str,
               limit: int | None = None) -> bytes:
    """Read one zip entry by name, refusing it if it is missing or unpacks beyond ``limit``.

    The declared size is checked first, then the bytes actually read, in case the header lies.
    """
    if limit is None:
        limit = MAX_ENTRY_BYTES
    try:
        info = zf.getinfo(name)
    except KeyError as exc:
        raise failure(path, f"it has no {name} inside, so it is not a valid {kind} file; open "
                      f"and re-save it in its editor and import again") from exc
    too_big = failure(path, f"{name} inside it unpacks to more than {_size(limit)} (a damaged "
                      "file or a zip bomb); it was not read")
    if info.file_size > limit:
        raise too_big
    try:
        with zf.open(info) as entry:
            data = entry.read(limit + 1)
    except ZIP_ERRORS as exc:
        raise failure(path, f"{name} inside it is damaged or encrypted ({exc}); open and re-save "
                      f"it in its editor and import again") from exc
    if len(data) > limit:
        raise too_big
    return data


def check_no_dtd(data: bytes, path: Path, part: str, tree: etree._ElementTree | None = None
                 ) -> None:
    """Refuse XML that declares a DTD (entity definitions: billion laughs and friends).

    Called on the raw bytes before parsing (a DOCTYPE sits in the prolog, so the start of the data
    is enough, in UTF-8 or UTF-16), and on the parsed tree after, which catches any other layout.
    """
    head = data[:65536]
    declared = any(marker in head for marker in _DOCTYPE_MARKERS)
    if declared or (tree is not None and (tree.docinfo.doctype
                                          or tree.docinfo.internalDTD is not None)):
        raise failure(path, f"{part} inside it declares a DTD (entity definitions), which office "
                      "files never do; the file is damaged or hostile and was not read")


def xml_failure(path: Path, part: str, exc: Exception) -> ImportFailure:
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return failure(path, f"{part} inside it is not well-formed XML ({detail}); open and re-save "
                   f"it in its editor and import again")


def _size(n: int) -> str:
    return f"{n // 2**20} MB" if n >= 2**20 else f"{n // 2**10} KB"


def _starts_with(path: Path, magic: bytes) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(len(magic)) == magic
    except OSError:
        return False
