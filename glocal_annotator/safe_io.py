"""Hardened reading of XML and zip archives written by strangers: the one place for these rules.

Shared by the document importers (.docx, .odt: :mod:`glocal_annotator.importers.safety`) and the
REFI-QDA readers (.qdc, .qdpx: :mod:`glocal_annotator.refi.safe_xml`), which word their own
messages around what is raised or answered here:

- XML is parsed with entity resolution, DTD loading and network access off, and with libxml2's
  size and depth limits on (no ``huge_tree``): :data:`XML_OPTIONS`, :func:`xml_parser`.
- A DTD is looked for twice: in the raw bytes before parsing (:func:`declares_dtd`, in UTF-8, -16
  or -32), and in the parsed tree after (:func:`dtd_in_tree`, :func:`has_entity_references`),
  which catches any layout the byte scan misses.
- Files and zip entries are read with a cap: the size declared on disk or in the archive is
  checked first, then the bytes actually read, in case it lies (:func:`read_file`,
  :func:`stream_entry`, :func:`read_entry`). Over a cap raises :class:`TooLarge`; damaged
  archives raise one of :data:`ZIP_ERRORS`.
- :func:`unsafe_entry_name` names entries that are absolute or climb out with ``..``.

lxml is imported only when XML is parsed, so importing this module stays cheap. No Qt.
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from collections.abc import Generator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lxml import etree

# One zip entry or plain file: no real document part comes near this; a zip bomb does.
MAX_ENTRY_BYTES = 200 * 1024 * 1024

_CHUNK = 1024 * 1024

# Keyword arguments for etree.XMLParser and etree.iterparse (which takes no parser).
XML_OPTIONS: Mapping[str, Any] = MappingProxyType({
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
})

# What zipfile and zlib raise on damaged archives besides BadZipFile: truncated data (EOFError),
# unsupported compression (NotImplementedError), encrypted entries (RuntimeError), bad headers
# (ValueError, OSError), and inflate errors (zlib.error). :class:`TooLarge` is not among them.
ZIP_ERRORS = (
    zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError,
    RuntimeError, ValueError, OSError,
)


class TooLarge(Exception):
    """A file or zip entry holds more than ``limit`` bytes (declared, or actually read)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"more than {describe_size(limit)}")
        self.limit = limit


def describe_size(n: int) -> str:
    """``n`` bytes in words for messages: ``50 MB``, ``12 KB``, ``300 bytes``."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.0f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


# --------------------------------------------------------------------------------------------- XML


def xml_parser(*, remove_comments: bool = False, remove_pis: bool = False) -> etree.XMLParser:
    """A new lxml parser with every dangerous feature off (not thread-safe: one per use)."""
    from lxml import etree

    return etree.XMLParser(**XML_OPTIONS, dtd_validation=False, recover=False,
                           remove_comments=remove_comments, remove_pis=remove_pis)


_MARKERS = tuple(
    ("<!DOCTYPE".encode(encoding), "<!ENTITY".encode(encoding))
    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)


def declares_dtd(data: bytes, *, entities_only: bool = False) -> bool:
    """Whether raw XML declares a DOCTYPE (with ``entities_only``: one followed by an ENTITY).

    The check before parsing; entity definitions are how billion laughs and external entities
    (``file:///etc/passwd``) work. Pair it with :func:`dtd_in_tree` after parsing.
    """
    for doctype, entity in _MARKERS:
        start = data.find(doctype)
        if start != -1 and (not entities_only or data.find(entity, start) != -1):
            return True
    return False


def dtd_in_tree(tree: etree._ElementTree, *, entities_only: bool = False) -> bool:
    """Whether a parsed document has a DOCTYPE (with ``entities_only``: one declaring entities)."""
    docinfo = tree.docinfo
    dtd = docinfo.internalDTD
    if entities_only:
        return dtd is not None and any(True for _ in dtd.iterentities())
    return bool(docinfo.doctype) or dtd is not None


def has_entity_references(root: etree._Element) -> bool:
    """Whether a parsed tree kept any entity reference unexpanded (e.g. one from an external DTD
    that was, rightly, not loaded)."""
    from lxml import etree

    return any(True for _ in root.iter(etree.Entity))


# ------------------------------------------------------------------------------------ files, zips


def read_file(path: str | os.PathLike, limit: int = MAX_ENTRY_BYTES) -> bytes:
    """The bytes of the file at ``path``; :class:`TooLarge` beyond ``limit``. OSError as raised.

    The size on disk is checked first, then what is actually read (the file may grow meanwhile,
    or be a special file that reports no size).
    """
    with open(path, "rb") as handle:
        if os.fstat(handle.fileno()).st_size > limit:
            raise TooLarge(limit)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(limit)
    return data


def stream_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo,
                 limit: int = MAX_ENTRY_BYTES) -> Generator[bytes, None, None]:
    """The unpacked bytes of one zip entry, in chunks; :class:`TooLarge` beyond ``limit``.

    The declared size is checked at once, before anything is unpacked; the bytes actually
    unpacked as they stream, so a header that lies gets no more than ``limit + 1`` bytes out.
    Damaged or encrypted entries raise one of :data:`ZIP_ERRORS` while iterating; ``close()`` the
    generator if you stop early, to close the entry at once.
    """
    if info.file_size > limit:
        raise TooLarge(limit)
    return _chunks(zf, info, limit)


def _chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int
            ) -> Generator[bytes, None, None]:
    size = 0
    with zf.open(info) as handle:
        while chunk := handle.read(min(_CHUNK, limit - size + 1)):
            size += len(chunk)
            if size > limit:
                raise TooLarge(limit)
            yield chunk


def read_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int = MAX_ENTRY_BYTES) -> bytes:
    """The unpacked bytes of one zip entry, read as :func:`stream_entry` does."""
    return b"".join(stream_entry(zf, info, limit))


_DRIVE_RE = re.compile(r"^[A-Za-z]:")


def unsafe_entry_name(name: str) -> str | None:
    """What makes zip entry ``name`` unsafe to trust as a path, or None if nothing.

    Answers ``"with an absolute path"`` (``/etc/x``, ``C:\\x``, ``\\\\server\\x``) or ``"that
    points outside it"`` (``../evil.txt``, ``a/../../x``), to follow "an entry" in a message.
    Backslashes count as ``/``.
    """
    normal = name.replace("\\", "/")
    if normal.startswith("/") or _DRIVE_RE.match(normal):
        return "with an absolute path"
    if ".." in normal.split("/"):
        return "that points outside it"
    return None
