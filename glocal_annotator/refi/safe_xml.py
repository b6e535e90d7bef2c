"""Reading XML that comes from other people, safely: the REFI-QDA side.

REFI-QDA files (.qdc, .qde inside .qdpx) arrive by mail and download. Everything here assumes they
may be hostile; the hardening itself lives in :mod:`glocal_annotator.safe_io`, shared with the
document importers (zips are read with its :class:`~glocal_annotator.safe_io.SafeZip`), and this
module words it for REFI-QDA readers:

- :func:`parse_xml` reads at most a capped number of bytes, refuses any document whose DOCTYPE
  declares entities (billion laughs, external entities such as ``file:///etc/passwd``), and parses
  with the shared parser (entity resolution, DTD loading and network access off, libxml2's default
  size and depth limits on), comments and processing instructions dropped.
- Namespace-agnostic element helpers: :func:`local_name`, :func:`children`, :func:`attributes`...

Failures raise :class:`BadInput`, an :class:`~glocal_annotator.errors.ImportFailure` whose message
is one short line without the file name; callers put the file name in front, or re-raise it as
their own error class (the codebook reader raises ``CodebookError``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from lxml import etree

from glocal_annotator.safe_io import (
    BadInput,
    TooLarge,
    declares_dtd,
    describe_size,
    dtd_in_tree,
    has_entity_references,
    read_file,
    xml_parser,
)

MAX_XML_BYTES = 50 * 1024 * 1024

PathOrBytes = str | os.PathLike | bytes | bytearray | memoryview

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
