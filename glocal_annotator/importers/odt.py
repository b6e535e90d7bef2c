"""OpenDocument text (.odt): the body of ``content.xml``, in reading order.

- Every ``text:p`` and ``text:h`` is one line, wherever it sits: body, list item, section, table
  cell (tables come out row by row, each cell paragraph on its own line, as for .docx).
- White space inside a paragraph is collapsed as ODF 1.2 section 6.1.2 requires (runs of space, tab,
  CR, LF become one space; none at the start or end of a paragraph); ``text:s`` (``text:c`` times),
  ``text:tab`` and ``text:line-break`` give literal space, tab and newline.
- Left out, as the spec leaves them out of a paragraph's text: footnotes and endnotes
  (``text:note``), comments (``office:annotation``), ruby annotations, generated numbers, and
  deleted text from tracked changes. Text boxes and captions inside a paragraph follow it as lines
  of their own.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from glocal_annotator.importers import ExtractedText
from glocal_annotator.importers.normalize import normalize
from glocal_annotator.importers.safety import (
    check_no_dtd,
    failure,
    open_zip,
    read_entry,
    xml_failure,
)
from glocal_annotator.safe_io import xml_parser

_KIND = "OpenDocument text (.odt)"
_PART = "content.xml"
_MIMETYPES = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.text-template",
    "application/vnd.oasis.opendocument.text-master",
}

_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_PARAGRAPHS = frozenset({_TEXT + "p", _TEXT + "h"})
_LITERALS = {_TEXT + "tab": "\t", _TEXT + "line-break": "\n"}
_SPACES = _TEXT + "s"
_SKIP_INLINE = frozenset({
    _TEXT + "note", _TEXT + "ruby-text", _TEXT + "number", _TEXT + "tracked-changes",
    _OFFICE + "annotation", _OFFICE + "annotation-end",
})
_SKIP_BLOCK = frozenset({_TEXT + "tracked-changes", _OFFICE + "annotation"})
_WS = re.compile("[ \t\r\n]+")
# text:c multiplies spaces; more than this many in one document is an attack, not a layout.
_MAX_SPACES = 10_000_000


def extract(path: Path, fmt: str, encoding: str | None = None) -> ExtractedText:
    with open_zip(path, _KIND) as zf:
        _check_mimetype(zf, path)
        data = read_entry(zf, _PART, path, _KIND)
        metadata = _meta(zf, path)
    check_no_dtd(data, path, _PART)
    try:
        root = etree.fromstring(data, xml_parser())
    except (etree.LxmlError, ValueError) as exc:
        raise xml_failure(path, _PART, exc) from exc
    check_no_dtd(data, path, _PART, root.getroottree())
    body = root.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        raise failure(path, "it has no text body (it may be a spreadsheet, presentation or "
                      "drawing); export it as a text document and import again")
    walker = _Walker(path)
    try:
        walker.block(body)
    except RecursionError as exc:
        raise failure(path, "its content is nested too deeply to read; open and re-save it in "
                      "its editor and import again") from exc
    text = normalize("\n".join(walker.lines))
    if not text:  # normalize() strips trailing white space, so blank means empty
        raise failure(path, "the document contains no text; check that it is the right file")
    return ExtractedText(text=text, format=fmt, metadata=metadata)


class _Walker:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: list[str] = []
        self.spaces = 0

    def block(self, el: etree._Element) -> None:
        for child in el:
            tag = child.tag
            if tag in _PARAGRAPHS:
                self.paragraph(child)
            elif tag in _SKIP_BLOCK or (tag.startswith(_TEXT) and tag.endswith("-source")):
                continue  # *-source: index templates (table of contents ...), not shown text
            elif isinstance(tag, str):  # not a comment or processing instruction
                self.block(child)

    def paragraph(self, el: etree._Element) -> None:
        line = _Line()
        floating: list[etree._Element] = []  # frames and shapes: their paragraphs come after
        self.inline(el, line, floating)
        self.lines.append(line.text())
        for frame in floating:
            self.block(frame)

    def inline(self, el: etree._Element, line: _Line, floating: list[etree._Element]) -> None:
        line.data(el.text)
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                pass
            elif tag in _LITERALS:
                line.literal(_LITERALS[tag])
            elif tag == _SPACES:
                line.literal(" " * self.count_spaces(child))
            elif tag in _SKIP_INLINE:
                pass
            elif tag.startswith(_DRAW):
                floating.append(child)
            elif tag in _PARAGRAPHS:  # not allowed here by the schema, but keep its text
                self.paragraph(child)
            else:  # span, a, meta, fields, ...
                self.inline(child, line, floating)
            line.data(child.tail)

    def count_spaces(self, el: etree._Element) -> int:
        try:
            count = max(1, int(el.get(_TEXT + "c", "1")))
        except ValueError:
            count = 1
        self.spaces += count
        if self.spaces > _MAX_SPACES:
            raise failure(self.path, f"{_PART} inside it asks for more than {_MAX_SPACES:,} "
                          "spaces (a damaged or hostile file); it was not read")
        return count


class _Line:
    """One paragraph's text, with ODF white-space collapsing of character data."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pending_space = False

    def data(self, s: str | None) -> None:
        if not s:
            return
        s = _WS.sub(" ", s)
        core = s.strip(" ")
        if not core:
            self.pending_space = True
            return
        if (self.pending_space or s[0] == " ") and self.parts:
            self.parts.append(" ")
        self.parts.append(core)
        self.pending_space = s[-1] == " "

    def literal(self, s: str) -> None:
        if self.pending_space and self.parts:
            self.parts.append(" ")
        self.pending_space = False
        self.parts.append(s)

    def text(self) -> str:
        return "".join(self.parts)


def _check_mimetype(zf: zipfile.ZipFile, path: Path) -> None:
    if "mimetype" not in zf.namelist():
        return  # required by the spec, but content.xml decides
    data = read_entry(zf, "mimetype", path, _KIND, limit=1024)
    mimetype = "".join(ch for ch in data.decode("ascii", "replace") if ch.isprintable())[:100]
    if mimetype and mimetype not in _MIMETYPES:
        raise failure(path, f"it is not a text document but {mimetype}; export it as .odt, "
                      ".docx or .pdf and import again")


def _meta(zf: zipfile.ZipFile, path: Path) -> dict[str, str]:
    """Title and author from meta.xml; a missing or odd part just gives no metadata."""
    meta_ns = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
    dc = "{http://purl.org/dc/elements/1.1/}"
    try:
        data = read_entry(zf, "meta.xml", path, _KIND, limit=1024 * 1024)
        root = etree.fromstring(data, xml_parser())
    except Exception:  # metadata is optional: any problem with it just means none
        return {}
    found = {}
    for key, tag in (("title", dc + "title"), ("author", meta_ns + "initial-creator"),
                     ("author", dc + "creator")):
        el = root.find(f"{_OFFICE}meta/{tag}")
        value = " ".join((el.text or "").split()) if el is not None else ""
        if value and key not in found:
            found[key] = value
    return found
