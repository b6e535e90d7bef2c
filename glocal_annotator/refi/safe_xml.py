"""Reading XML and zips that come from other people, safely.

REFI-QDA files (.qdc, .qde inside .qdpx) arrive by mail and download. Everything here assumes they
may be hostile:

- :func:`parse_xml` reads at most a capped number of bytes, refuses any document whose DOCTYPE
  declares entities (billion laughs, external entities such as ``file:///etc/passwd``), and parses
  with lxml with entity resolution, DTD loading and network access off, comments and processing
  instructions dropped, and libxml2's default size and depth limits on (``huge_tree=False``).
- :class:`SafeZip` (see :func:`safe_zip`) refuses archives with entry names that are absolute
  or climb out with ``..``, caps each entry's and the total unpacked size while it streams the
  data (the sizes declared in the archive are checked first, but not trusted alone), and looks
  entry names up case-insensitively (``Sources/`` and ``sources/`` both occur in real files).

Failures raise :class:`BadInput`, an :class:`~glocal_annotator.errors.ImportFailure` whose message
is one short line without the file name; callers put the file name in front, or re-raise it as
their own error class (the codebook reader raises ``CodebookError``).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, BinaryIO

from lxml import etree

from glocal_annotator.errors import ImportFailure

MAX_XML_BYTES = 50 * 1024 * 1024
MAX_ZIP_ENTRY_BYTES = 200 * 1024 * 1024
MAX_ZIP_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_ZIP_ENTRIES = 100_000

_CHUNK = 1024 * 1024

PathOrBytes = str | os.PathLike | bytes | bytearray | memoryview


class BadInput(ImportFailure):
    """A file is unreadable, malformed, hostile or over a size limit (message: one short line)."""


def describe_size(n: int) -> str:
    """``n`` bytes in words for messages: ``50 MB``, ``12 KB``, ``300 bytes``."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.0f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


# --------------------------------------------------------------------------------------------- XML


def make_parser() -> etree.XMLParser:
    """A new lxml parser with every dangerous feature off (not thread-safe: one per use)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=False,
    )


def read_capped(path: str | os.PathLike, max_bytes: int = MAX_XML_BYTES) -> bytes:
    """The bytes of the file at ``path``; :class:`BadInput` if missing or over ``max_bytes``."""
    try:
        with open(path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size > max_bytes:
                raise BadInput(f"the file is larger than {describe_size(max_bytes)}")
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise BadInput("the file does not exist") from None
    except IsADirectoryError:
        raise BadInput("this is a folder, not a file") from None
    except PermissionError:
        raise BadInput("permission denied") from None
    except OSError as exc:
        raise BadInput(f"the file cannot be read ({_one_line(exc.strerror or exc)})") from exc
    if len(data) > max_bytes:  # grew while we looked, or a special file
        raise BadInput(f"the file is larger than {describe_size(max_bytes)}")
    return data


_MARKERS = [
    ("<!DOCTYPE".encode(encoding), "<!ENTITY".encode(encoding))
    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
]

_ENTITY_REFUSAL = (
    "refused: the XML declares entities in a DOCTYPE, which can read other files or expand "
    "without limit; REFI-QDA files never need them"
)


def _refuse_entity_declarations(data: bytes) -> None:
    for doctype, entity in _MARKERS:
        start = data.find(doctype)
        if start != -1 and data.find(entity, start) != -1:
            raise BadInput(_ENTITY_REFUSAL)


def parse_xml(source: PathOrBytes, *, max_bytes: int = MAX_XML_BYTES) -> etree._Element:
    """Parse XML from bytes or a file path (a ``str`` is a path) and return the root element.

    Raises :class:`BadInput` for: more than ``max_bytes``, an empty file, XML that is not
    well-formed, a DOCTYPE that declares entities, or any entity reference left in the tree.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        if len(data) > max_bytes:
            raise BadInput(f"the file is larger than {describe_size(max_bytes)}")
    else:
        data = read_capped(source, max_bytes)
    if not data.strip():
        raise BadInput("the file is empty")
    _refuse_entity_declarations(data)
    try:
        root = etree.fromstring(data, make_parser())
    except etree.XMLSyntaxError as exc:
        message = _one_line(getattr(exc, "msg", None) or exc)
        raise BadInput(f"not well-formed XML ({message})") from exc
    except (ValueError, TypeError, MemoryError) as exc:
        raise BadInput(f"not readable as XML ({_one_line(exc)})") from exc
    if root is None:
        raise BadInput("no XML document found")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise BadInput(_ENTITY_REFUSAL)
    if any(True for _ in root.iter(etree.Entity)):
        raise BadInput("refused: the XML contains an entity reference")
    return root


def local_name(element: etree._Element) -> str:
    """The tag of ``element`` without its namespace ("" for comments and the like)."""
    tag = element.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def namespace(element: etree._Element) -> str:
    """The namespace URI of ``element`` ("" if none)."""
    tag = element.tag
    if isinstance(tag, str) and tag.startswith("{"):
        return tag[1:].partition("}")[0]
    return ""


def children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    """The child elements of ``element`` whose local name is ``name``, in any namespace."""
    for child in element:
        if local_name(child) == name:
            yield child


def first_child(element: etree._Element | None, name: str) -> etree._Element | None:
    """The first child element named ``name`` (local name, any namespace), or None."""
    if element is None:
        return None
    return next(children(element, name), None)


def attributes(element: etree._Element) -> dict[str, str]:
    """Attributes by lowercased local name (``isCodable``, ``IsCodable``, ``iscodable`` alike)."""
    result: dict[str, str] = {}
    for key, value in element.attrib.items():
        result.setdefault(key.rpartition("}")[2].lower(), value)
    return result


# --------------------------------------------------------------------------------------------- zip

_DRIVE_RE = re.compile(r"^[A-Za-z]:")


def _normal_name(name: str) -> str:
    name = name.replace("\\", "/")
    while name.startswith("./"):
        name = name[2:]
    return name


def _check_entry_name(name: str) -> None:
    normal = name.replace("\\", "/")
    if normal.startswith("/") or _DRIVE_RE.match(normal):
        raise BadInput(f"refused: the archive holds an entry with an absolute path ({name!r})")
    if ".." in normal.split("/"):
        raise BadInput(f"refused: the archive holds an entry that points outside it ({name!r})")


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
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
            raise BadInput("not a zip archive, or a damaged one") from exc
        except OSError as exc:
            raise BadInput(f"the file cannot be read ({_one_line(exc.strerror or exc)})") from exc
        try:
            infos = self._zip.infolist()
            if len(infos) > max_entries:
                raise BadInput(f"refused: the archive holds more than {max_entries} entries")
            self._exact: dict[str, zipfile.ZipInfo] = {}
            self._folded: dict[str, zipfile.ZipInfo] = {}
            for info in infos:
                _check_entry_name(info.filename)
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

    def names(self) -> list[str]:
        """Entry names as stored (folders end with ``/``)."""
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
        if info.file_size > limit:
            raise BadInput(too_big)
        if self.bytes_read + info.file_size > self.max_total_bytes:
            raise BadInput(too_much)
        if info.flag_bits & 0x1:
            raise BadInput(f"entry {info.filename!r} is encrypted")
        size = 0
        try:
            with self._zip.open(info) as handle:
                while True:
                    chunk = handle.read(min(_CHUNK, limit - size + 1))
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > limit:
                        raise BadInput(too_big)
                    if self.bytes_read + size > self.max_total_bytes:
                        raise BadInput(too_much)
                    yield chunk
        except BadInput:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as exc:
            raise BadInput(f"entry {info.filename!r} is damaged ({_one_line(exc)})") from exc
        except (RuntimeError, NotImplementedError) as exc:  # encrypted, unknown compression
            raise BadInput(f"entry {info.filename!r} cannot be read ({_one_line(exc)})") from exc
        finally:
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
