"""OpenDocument text (.odt): the body of ``content.xml`` in reading order, then notes, comments,
headers and footers.

- Every ``text:p`` and ``text:h`` is one line, wherever it sits (body, list item, section),
  except in a table: a table row is one line, its cells separated by tabs, a cell's paragraphs
  joined by a space (as for .docx).
- White space inside a paragraph is collapsed as ODF 1.2 section 6.1.2 requires (runs of space, tab,
  CR, LF become one space; none at the start or end of a paragraph); ``text:s`` (``text:c`` times),
  ``text:tab`` and ``text:line-break`` give literal space, tab and newline.
- Hidden text is left out: paragraphs holding a ``text:hidden-paragraph`` that is hidden
  (``text:is-hidden`` not "false"), ``text:hidden-text`` fields that are hidden, sections with
  ``text:display="none"``, and text whose paragraph or character style (automatic or common,
  through ``style:parent-style-name``) has ``text:display="none"``.
- Left out of a paragraph's own line, as the spec leaves them out of its text: notes
  (``text:note``), comments (``office:annotation``), ruby annotations, generated numbers and
  deleted text from tracked changes. Text boxes and captions inside a paragraph follow it as lines
  of their own.
- After the body, each under a label line after an empty line (as for .docx): ``Footnotes`` and
  ``Endnotes`` (``[1] text``, in document order), ``Comments`` (``[1] Author: text``), and the
  ``Headers`` and ``Footers`` of the master pages in ``styles.xml`` (each text once). The import
  tells what it added (:attr:`ExtractedText.notices`).

``content.xml`` and ``styles.xml`` are parsed into trees of about eight times their size, so each
may unpack to at most :data:`~glocal_annotator.limits.MAX_ODT_CONTENT_BYTES` (checked against the
size the archive declares before anything is unpacked, and again while it unpacks).
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from glocal_annotator.errors import ImportFailure
from glocal_annotator.importers import ExtractedText
from glocal_annotator.importers.normalize import normalize
from glocal_annotator.importers.safety import (
    check_no_dtd,
    failure,
    open_zip,
    read_entry,
    xml_failure,
)
from glocal_annotator.importers.style_inheritance import hidden_styles
from glocal_annotator.limits import MAX_ODT_CONTENT_BYTES
from glocal_annotator.safe_io import SafeZip, describe_size, xml_parser

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
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_SKIP_INLINE = frozenset({
    _TEXT + "ruby-text", _TEXT + "number", _TEXT + "tracked-changes",
    _OFFICE + "annotation-end",
})
_SKIP_BLOCK = frozenset({_TEXT + "tracked-changes", _OFFICE + "annotation"})
_STYLE_NAME = _TEXT + "style-name"
_HEADERS = ("header", "header-left", "header-first")
_FOOTERS = ("footer", "footer-left", "footer-first")
_WS = re.compile("[ \t\r\n]+")
# text:c multiplies spaces; more than this many in one document is an attack, not a layout.
_MAX_SPACES = 10_000_000


def extract(path: Path, fmt: str, encoding: str | None = None) -> ExtractedText:
    """The text of the OpenDocument text at ``path`` (``encoding`` is for text files)."""
    with open_zip(path, _KIND) as zf:
        _check_mimetype(zf, path)
        for part in (_PART, "styles.xml"):
            if part in zf and zf.size(part) > MAX_ODT_CONTENT_BYTES:
                raise failure(path, f"its {part} unpacks to {describe_size(zf.size(part))}, more "
                              f"than the {describe_size(MAX_ODT_CONTENT_BYTES)} this app reads; "
                              "split the document, or save it as .docx or .txt and import that")
        data = read_entry(zf, _PART, path, _KIND, limit=MAX_ODT_CONTENT_BYTES)
        styles_data = read_entry(zf, "styles.xml", path, _KIND, limit=MAX_ODT_CONTENT_BYTES) \
            if "styles.xml" in zf.namelist() else None
        metadata = _meta(zf, path)
    root = _parse(data, _PART, path)
    styles_root = None
    if styles_data is not None:
        try:
            styles_root = _parse(styles_data, "styles.xml", path)
        except ImportFailure:
            styles_root = None  # styles only add headers, footers and hiding: ignore if damaged
    body = root.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        raise failure(path, "it has no text body (it may be a spreadsheet, presentation or "
                      "drawing); export it as a text document and import again")
    hidden = _hidden_styles(root, styles_root)
    walker = _Walker(path, hidden)
    try:
        walker.block(body)
        lines = walker.lines
        added = walker.append_notes(lines)
        if styles_root is not None:
            for kinds, label, noun in ((_HEADERS, "Headers", "header"),
                                       (_FOOTERS, "Footers", "footer")):
                count = walker.append_page_parts(lines, styles_root, kinds, label)
                if count:
                    added.append(f"{count} {noun}" + ("" if count == 1 else "s"))
    except RecursionError as exc:
        raise failure(path, "its content is nested too deeply to read; open and re-save it in "
                      "its editor and import again") from exc
    text = normalize("\n".join(lines))
    if not text:  # normalize() strips trailing white space, so blank means empty
        raise failure(path, "the document contains no text; check that it is the right file")
    notices = (f"added after the text, each under its label: {', '.join(added)}",) if added else ()
    return ExtractedText(text=text, format=fmt, metadata=metadata, notices=notices)


def _parse(data: bytes, part: str, path: Path) -> etree._Element:
    check_no_dtd(data, path, part)
    try:
        root = etree.fromstring(data, xml_parser())
    except (etree.LxmlError, ValueError) as exc:
        raise xml_failure(path, part, exc) from exc
    check_no_dtd(data, path, part, root.getroottree())
    return root


def _hidden_styles(content: etree._Element, styles: etree._Element | None) -> frozenset[str]:
    """Names of paragraph and text styles whose text is not displayed (``text:display="none"``
    in their text properties, or inherited from a parent style)."""
    own: dict[str, bool | None] = {}
    parent: dict[str, str] = {}
    for root in (styles, content):  # automatic styles (content.xml) may reuse common names
        if root is None:
            continue
        for style in root.iter(_STYLE + "style"):
            name = style.get(_STYLE + "name", "")
            props = style.find(_STYLE + "text-properties")
            display = props.get(_TEXT + "display") if props is not None else None
            own[name] = None if display is None else display == "none"
            if style.get(_STYLE + "parent-style-name"):
                parent[name] = style.get(_STYLE + "parent-style-name", "")
    return hidden_styles(own, parent)


class _Walker:
    def __init__(self, path: Path, hidden: frozenset[str]) -> None:
        self.path = path
        self.hidden = hidden
        self.lines: list[str] = []
        self.spaces = 0
        self.notes: dict[str, list[list[str]]] = {"footnote": [], "endnote": []}
        self.comments: list[tuple[str, list[str]]] = []

    def block(self, el: etree._Element) -> None:
        for child in el:
            tag = child.tag
            if tag in _PARAGRAPHS:
                self.paragraph(child)
            elif tag == _TABLE + "table-row":
                self.row(child)
            elif tag in _SKIP_BLOCK or (tag.startswith(_TEXT) and tag.endswith("-source")):
                continue  # *-source: index templates (table of contents ...), not shown text
            elif tag == _TEXT + "section" and child.get(_TEXT + "display") == "none":
                continue
            elif isinstance(tag, str):  # not a comment or processing instruction
                self.block(child)

    def row(self, el: etree._Element) -> None:
        cells = []
        for cell in el:
            if cell.tag != _TABLE + "table-cell":
                continue  # covered cells (merged away) hold nothing
            outer, self.lines = self.lines, []
            self.block(cell)
            cell_lines, self.lines = self.lines, outer
            cells.append(" ".join(line for line in cell_lines if line))
        self.lines.append("\t".join(cells))

    def paragraph(self, el: etree._Element) -> None:
        if el.get(_STYLE_NAME) in self.hidden or any(
                marker.get(_TEXT + "is-hidden", "true") != "false"
                for marker in el.iter(_TEXT + "hidden-paragraph")):
            return
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
            elif tag in _SKIP_INLINE or child.get(_STYLE_NAME) in self.hidden:
                pass
            elif tag == _TEXT + "note":
                self.note(child)
            elif tag == _OFFICE + "annotation":
                self.comment(child)
            elif tag == _TEXT + "hidden-text":
                if child.get(_TEXT + "is-hidden", "true") == "false":
                    line.data(child.get(_TEXT + "string-value"))
            elif tag.startswith(_DRAW):
                floating.append(child)
            elif tag in _PARAGRAPHS:  # not allowed here by the schema, but keep its text
                self.paragraph(child)
            else:  # span, a, meta, fields, ...
                self.inline(child, line, floating)
            line.data(child.tail)

    def sub_lines(self, el: etree._Element | None) -> list[str]:
        """The paragraphs inside ``el`` (a note body, a comment, a header), non-empty ones."""
        outer, self.lines = self.lines, []
        if el is not None:
            self.block(el)
        found, self.lines = self.lines, outer
        return [line for line in found if line.strip()]

    def note(self, el: etree._Element) -> None:
        kind = "endnote" if el.get(_TEXT + "note-class") == "endnote" else "footnote"
        self.notes[kind].append(self.sub_lines(el.find(_TEXT + "note-body")))

    def comment(self, el: etree._Element) -> None:
        creator = el.find(_DC + "creator")
        author = " ".join((creator.text or "").split()) if creator is not None else ""
        self.comments.append((author, self.sub_lines(el)))

    def append_notes(self, lines: list[str]) -> list[str]:
        """Add notes and comments under their labels; return what was added, as counts."""
        added = []
        entries = [("Footnotes", "footnote", [("", n) for n in self.notes["footnote"]]),
                   ("Endnotes", "endnote", [("", n) for n in self.notes["endnote"]]),
                   ("Comments", "comment", self.comments)]
        for label, noun, items in entries:
            items = [(author, paragraphs) for author, paragraphs in items if paragraphs]
            if not items:
                continue
            lines.extend(["", label])
            for number, (author, paragraphs) in enumerate(items, start=1):
                prefix = f"[{number}] " + (f"{author}: " if author else "")
                lines.append(prefix + paragraphs[0])
                lines.extend(paragraphs[1:])
            added.append(f"{len(items)} {noun}" + ("" if len(items) == 1 else "s"))
        return added

    def append_page_parts(self, lines: list[str], styles: etree._Element, kinds: tuple[str, ...],
                          label: str) -> int:
        """Add the master pages' headers (or footers) under ``label``; return how many."""
        texts: list[list[str]] = []
        for page in styles.iter(_STYLE + "master-page"):
            for kind in kinds:
                part = page.find(_STYLE + kind)
                if part is None or part.get(_STYLE + "display") == "false":
                    continue
                paragraphs = self.sub_lines(part)
                if paragraphs and paragraphs not in texts:
                    texts.append(paragraphs)
        if texts:
            lines.extend(["", label])
            for paragraphs in texts:
                lines.extend(paragraphs)
        return len(texts)

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


def _check_mimetype(zf: SafeZip, path: Path) -> None:
    if "mimetype" not in zf.namelist():
        return  # required by the spec, but content.xml decides
    data = read_entry(zf, "mimetype", path, _KIND, limit=1024)
    mimetype = "".join(ch for ch in data.decode("ascii", "replace") if ch.isprintable())[:100]
    if mimetype and mimetype not in _MIMETYPES:
        raise failure(path, f"it is not a text document but {mimetype}; export it as .odt, "
                      ".docx or .pdf and import again")


def _meta(zf: SafeZip, path: Path) -> dict[str, str]:
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
