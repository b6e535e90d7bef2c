"""Hardened reading of XML and zip archives written by strangers: the one place for these rules,
and the one zip reader (:class:`SafeZip`).

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
- :class:`SafeZip` (see :func:`safe_zip`) puts these together for a whole archive: it refuses
  archives with entry names that are absolute or climb out with ``..``, caps each entry's and the
  total unpacked size while it streams the data (the sizes declared in the archive are checked
  first, but not trusted alone), and looks entry names up case-insensitively (``Sources/`` and
  ``sources/`` both occur in real files; OPC part names are case-insensitive too). It raises
  :class:`BadInput` (one short line, without the file name), :class:`NotAZip` for a file that is
  not a readable zip and :class:`EntryTooLarge` for an entry over its cap.

lxml is imported only when XML is parsed, so importing this module stays cheap. No Qt.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
import zlib
from collections.abc import Generator, Iterator, Mapping
from types import MappingProxyType
from typing import IO, TYPE_CHECKING, Any, BinaryIO

from glocal_annotator.errors import ImportFailure

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


# ------------------------------------------------------------------------------------ the reader

MAX_ZIP_ENTRY_BYTES = MAX_ENTRY_BYTES
MAX_ZIP_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_ZIP_ENTRIES = 100_000


class BadInput(ImportFailure):
    """A file is unreadable, malformed, hostile or over a size limit (message: one short line,
    without the file name, for the caller to put in front)."""


class NotAZip(BadInput):
    """The file is not a zip archive, or its directory is damaged."""


class EntryTooLarge(BadInput):
    """A zip entry unpacks to more than ``limit`` bytes."""

    def __init__(self, message: str, limit: int) -> None:
        super().__init__(message)
        self.limit = limit


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _normal_name(name: str) -> str:
    name = name.replace("\\", "/")
    while name.startswith("./"):
        name = name[2:]
    return name


class SafeZip:
    """A read-only zip archive with path checks, size caps and case-insensitive names.

    Entry names are checked when the archive is opened: one absolute name (``/etc/x``, ``C:\\x``,
    ``\\\\server\\x``) or one that climbs out (``../evil.txt``) refuses the whole archive, as no
    honest REFI-QDA tool writes such names. Every read streams the data and stops as soon as the
    entry goes over ``max_entry_bytes`` or everything read from this archive goes over
    ``max_total_bytes``.
    """

    def __init__(
        self,
        source: str | os.PathLike | bytes | BinaryIO,
        *,
        max_entry_bytes: int = MAX_ZIP_ENTRY_BYTES,
        max_total_bytes: int = MAX_ZIP_TOTAL_BYTES,
        max_entries: int = MAX_ZIP_ENTRIES,
    ) -> None:
        self.max_entry_bytes = max_entry_bytes
        self.max_total_bytes = max_total_bytes
        self.bytes_read = 0
        if isinstance(source, bytes | bytearray | memoryview):
            source = io.BytesIO(bytes(source))
        try:
            self._zip = zipfile.ZipFile(source)
        except FileNotFoundError:
            raise BadInput("the file does not exist") from None
        except OSError as exc:
            raise BadInput(f"the file cannot be read ({_one_line(exc.strerror or exc)})") from exc
        except ZIP_ERRORS as exc:
            raise NotAZip("not a zip archive, or a damaged one") from exc
        try:
            infos = self._zip.infolist()
            if len(infos) > max_entries:
                raise BadInput(f"refused: the archive holds more than {max_entries} entries")
            self._exact: dict[str, zipfile.ZipInfo] = {}
            self._folded: dict[str, zipfile.ZipInfo] = {}
            for info in infos:
                problem = unsafe_entry_name(info.filename)
                if problem is not None:
                    raise BadInput(
                        f"refused: the archive holds an entry {problem} ({info.filename!r})"
                    )
                normal = _normal_name(info.filename)
                self._exact.setdefault(normal, info)
                self._folded.setdefault(normal.casefold(), info)
        except BaseException:
            self._zip.close()
            raise

    # context manager
    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def namelist(self) -> list[str]:
        """Entry names as stored (folders end with ``/``), as ``zipfile`` names them."""
        return [info.filename for info in self._zip.infolist()]

    def find(self, name: str) -> str | None:
        """The stored name matching ``name`` (exact first, then case-insensitively), or None.

        Backslashes count as ``/`` and a leading ``./`` is ignored.
        """
        info = self._info(name)
        return None if info is None else info.filename

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._info(name) is not None

    def size(self, name: str) -> int:
        """The unpacked size the archive declares for ``name`` (not trusted for reading)."""
        return self._require(name).file_size

    def read(self, name: str, *, max_bytes: int | None = None) -> bytes:
        """The unpacked bytes of entry ``name`` (looked up like :meth:`find`).

        ``max_bytes`` lowers the per-entry cap for this read (e.g. the XML cap for a .qde).
        """
        buffer = bytearray()
        for chunk in self._stream(name, max_bytes):
            buffer += chunk
        return bytes(buffer)

    def copy_to(self, name: str, target: IO[bytes], *, max_bytes: int | None = None) -> int:
        """Stream entry ``name`` into the binary file ``target``; return the number of bytes."""
        written = 0
        for chunk in self._stream(name, max_bytes):
            target.write(chunk)
            written += len(chunk)
        return written

    # internals
    def _info(self, name: str) -> zipfile.ZipInfo | None:
        normal = _normal_name(name)
        return self._exact.get(normal) or self._folded.get(normal.casefold())

    def _require(self, name: str) -> zipfile.ZipInfo:
        info = self._info(name)
        if info is None:
            raise BadInput(f"the archive has no entry {name!r}")
        return info

    def _stream(self, name: str, max_bytes: int | None) -> Iterator[bytes]:
        info = self._require(name)
        limit = self.max_entry_bytes if max_bytes is None else min(max_bytes, self.max_entry_bytes)
        too_big = f"refused: entry {info.filename!r} unpacks to more than {describe_size(limit)}"
        too_much = (
            f"refused: the archive unpacks to more than {describe_size(self.max_total_bytes)}"
        )
        try:
            chunks = stream_entry(self._zip, info, limit)
        except TooLarge:
            raise EntryTooLarge(too_big, limit) from None
        if self.bytes_read + info.file_size > self.max_total_bytes:
            raise BadInput(too_much)
        if info.flag_bits & 0x1:
            raise BadInput(f"entry {info.filename!r} is encrypted")
        size = 0
        try:
            for chunk in chunks:
                size += len(chunk)
                if self.bytes_read + size > self.max_total_bytes:
                    raise BadInput(too_much)
                yield chunk
        except TooLarge:
            raise EntryTooLarge(too_big, limit) from None
        except BadInput:
            raise
        except (RuntimeError, NotImplementedError) as exc:  # encrypted, unknown compression
            raise BadInput(f"entry {info.filename!r} cannot be read ({_one_line(exc)})") from exc
        except ZIP_ERRORS as exc:
            raise BadInput(f"entry {info.filename!r} is damaged ({_one_line(exc)})") from exc
        finally:
            chunks.close()  # the entry, if opened, is closed even when the reader stops early
            self.bytes_read += size


def safe_zip(
    source: str | os.PathLike | bytes | BinaryIO,
    *,
    max_entry_bytes: int = MAX_ZIP_ENTRY_BYTES,
    max_total_bytes: int = MAX_ZIP_TOTAL_BYTES,
    max_entries: int = MAX_ZIP_ENTRIES,
) -> SafeZip:
    """Open a zip archive (path, bytes or binary file) for safe reading; use it with ``with``."""
    return SafeZip(
        source,
        max_entry_bytes=max_entry_bytes,
        max_total_bytes=max_total_bytes,
        max_entries=max_entries,
    )
