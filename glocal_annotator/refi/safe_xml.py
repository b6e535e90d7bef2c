"""Reading XML and zips that come from other people, safely: the REFI-QDA side.

REFI-QDA files (.qdc, .qde inside .qdpx) arrive by mail and download. Everything here assumes they
may be hostile; the hardening itself lives in :mod:`glocal_annotator.safe_io`, shared with the
document importers, and this module words it for REFI-QDA readers:

- :func:`parse_xml` reads at most a capped number of bytes, refuses any document whose DOCTYPE
  declares entities (billion laughs, external entities such as ``file:///etc/passwd``), and parses
  with the shared parser (entity resolution, DTD loading and network access off, libxml2's default
  size and depth limits on), comments and processing instructions dropped.
- :class:`SafeZip` (see :func:`safe_zip`) refuses archives with entry names that are absolute
  or climb out with ``..``, caps each entry's and the total unpacked size while it streams the
  data (the sizes declared in the archive are checked first, but not trusted alone), and looks
  entry names up case-insensitively (``Sources/`` and ``sources/`` both occur in real files).
- Namespace-agnostic element helpers: :func:`local_name`, :func:`children`, :func:`attributes`...

Failures raise :class:`BadInput`, an :class:`~glocal_annotator.errors.ImportFailure` whose message
is one short line without the file name; callers put the file name in front, or re-raise it as
their own error class (the codebook reader raises ``CodebookError``).
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from typing import IO, BinaryIO

from lxml import etree

from glocal_annotator.errors import ImportFailure
from glocal_annotator.safe_io import (
    MAX_ENTRY_BYTES,
    ZIP_ERRORS,
    TooLarge,
    declares_dtd,
    describe_size,
    dtd_in_tree,
    has_entity_references,
    read_file,
    stream_entry,
    unsafe_entry_name,
    xml_parser,
)

MAX_XML_BYTES = 50 * 1024 * 1024
MAX_ZIP_ENTRY_BYTES = MAX_ENTRY_BYTES
MAX_ZIP_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_ZIP_ENTRIES = 100_000

PathOrBytes = str | os.PathLike | bytes | bytearray | memoryview


class BadInput(ImportFailure):
    """A file is unreadable, malformed, hostile or over a size limit (message: one short line)."""


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


# --------------------------------------------------------------------------------------------- XML


def make_parser() -> etree.XMLParser:
    """A new hardened parser (see :func:`~glocal_annotator.safe_io.xml_parser`) that also drops
    comments and processing instructions (not thread-safe: one per use)."""
    return xml_parser(remove_comments=True, remove_pis=True)


def read_capped(path: str | os.PathLike, max_bytes: int = MAX_XML_BYTES) -> bytes:
    """The bytes of the file at ``path``; :class:`BadInput` if missing or over ``max_bytes``."""
    try:
        return read_file(path, max_bytes)
    except TooLarge:
        raise BadInput(f"the file is larger than {describe_size(max_bytes)}") from None
    except FileNotFoundError:
        raise BadInput("the file does not exist") from None
    except IsADirectoryError:
        raise BadInput("this is a folder, not a file") from None
    except PermissionError:
        raise BadInput("permission denied") from None
    except OSError as exc:
        raise BadInput(f"the file cannot be read ({_one_line(exc.strerror or exc)})") from exc


_ENTITY_REFUSAL = (
    "refused: the XML declares entities in a DOCTYPE, which can read other files or expand "
    "without limit; REFI-QDA files never need them"
)


def _refuse_entity_declarations(data: bytes) -> None:
    if declares_dtd(data, entities_only=True):
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
    if dtd_in_tree(root.getroottree(), entities_only=True):
        raise BadInput(_ENTITY_REFUSAL)
    if has_entity_references(root):
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
            raise BadInput("not a zip archive, or a damaged one") from exc
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
        try:
            chunks = stream_entry(self._zip, info, limit)
        except TooLarge:
            raise BadInput(too_big) from None
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
            raise BadInput(too_big) from None
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
