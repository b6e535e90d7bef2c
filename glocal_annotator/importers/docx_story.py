"""One WordprocessingML story (the body, the footnotes, a header ...) read into lines of text.

Parsed with lxml ``iterparse`` rather than python-docx, which is several times slower (DESIGN.md:
0.26 s against 0.04 s on 4.7M characters), because a 5 MB import must fit in 0.5 s with storage.

- Both namespace sets Word writes are read: transitional
  (``http://schemas.openxmlformats.org/wordprocessingml/2006/main``) and Strict Open XML
  (``http://purl.oclc.org/ooxml/wordprocessingml/main``, ECMA-376 Part 1, Strict); each part is
  read in the namespace its root element uses (a Strict package may hold transitional parts).
- Every ``w:p`` is one line, wherever it sits (body, content control, text box), except in a
  table: a table row is one line, its cells separated by tabs, a cell's paragraphs joined by a
  space (a nested table's rows likewise, inside its cell). Headings and list items are
  paragraphs, so they keep their own lines. A text box's paragraphs come just before the
  paragraph it is anchored in.
- Run content: ``w:t``, ``w:tab`` and ``w:ptab`` (tab), ``w:br``/``w:cr`` (newline),
  ``w:noBreakHyphen`` (U+2011), ``w:softHyphen`` (U+00AD), ``w:sym`` (its character).
- Hidden text is left out: runs whose properties hold ``w:vanish`` (not switched off by
  ``w:val="0"``/``false``/``off``), directly, through their character style, or through their
  paragraph's style (ECMA-376 Part 1 §17.7.2, the style hierarchy: direct formatting over the
  character style over the paragraph style). A hidden paragraph mark (``w:vanish`` in
  ``w:pPr/w:rPr``, or a hidden paragraph style) runs the paragraph on into the next, as Word
  shows it with hidden text off.
- Tracked changes show the document as accepted: inserted text is kept, deleted and moved-away
  text (``w:del``, ``w:moveFrom``, ``w:delText``) is skipped, and a paragraph whose mark was
  deleted runs on into the next one. ``mc:Fallback`` (a second, legacy copy of text boxes and
  shapes) is skipped so nothing is doubled. The text of equations (``m:t``) is not read.
- Notes and comments (``w:footnote``, ``w:endnote``, ``w:comment``) are read as separate entries
  (separator notes skipped); the body records the order its references appear in, and the
  header and footer relationship ids of its sections.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from lxml import etree

from glocal_annotator.importers.style_inheritance import hidden_styles
from glocal_annotator.safe_io import XML_OPTIONS

TRANSITIONAL = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_R_NAMESPACES = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                 "http://purl.oclc.org/ooxml/officeDocument/relationships")
_ROOT = re.compile(rb"<(?:(\w+):)?(?:document|footnotes|endnotes|comments|hdr|ftr|styles)\b[^>]*>")
_OFF = frozenset({"0", "false", "off"})


def namespace_of(data: bytes) -> str:
    """The WordprocessingML namespace of a part's root element (transitional if unsure)."""
    match = _ROOT.search(data[:8192])
    if match:
        prefix = match.group(1)
        declaration = b"xmlns:" + prefix + b'="' if prefix else b'xmlns="'
        root = match.group(0)
        start = root.find(declaration)
        if start != -1:
            start += len(declaration)
            uri = root[start:root.find(b'"', start)].decode("ascii", "replace")
            if uri == STRICT:
                return STRICT
    return TRANSITIONAL


class Names:
    """Qualified tag names in one WordprocessingML namespace."""

    def __init__(self, namespace: str) -> None:
        w = "{" + namespace + "}"
        self.w = w
        self.p, self.r, self.t, self.sym = w + "p", w + "r", w + "t", w + "sym"
        self.tab, self.ptab = w + "tab", w + "ptab"
        self.rpr, self.ppr = w + "rPr", w + "pPr"
        self.vanish, self.rstyle, self.pstyle = w + "vanish", w + "rStyle", w + "pStyle"
        self.tr, self.tc = w + "tr", w + "tc"
        self.chars = {
            w + "tab": "\t", w + "ptab": "\t", w + "br": "\n", w + "cr": "\n",
            w + "noBreakHyphen": "\u2011", w + "softHyphen": "\u00ad",
        }
        self.inline = (self.t, self.sym, *self.chars)
        self.skip = (w + "del", w + "moveFrom", _MC + "Fallback")
        self.references = {w + "footnoteReference": "footnotes",
                           w + "endnoteReference": "endnotes",
                           w + "commentReference": "comments"}
        self.sections = {w + "headerReference": "headers", w + "footerReference": "footers"}
        self.notes = (w + "footnote", w + "endnote", w + "comment")
        self.val, self.id, self.type, self.author = w + "val", w + "id", w + "type", w + "author"


@dataclass(frozen=True)
class HiddenStyles:
    """Style ids (``w:styleId``) whose text is hidden, by the kind of style."""

    character: frozenset[str] = frozenset()
    paragraph: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.character or self.paragraph)


@dataclass
class Story:
    """What one part holds: its lines; for note parts, each note's lines by id."""

    lines: list[str] = field(default_factory=list)
    notes: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # id -> (author, lines)
    references: dict[str, list[str]] = field(default_factory=dict)  # kind -> note ids, in order
    sections: list[tuple[str, str]] = field(default_factory=list)  # (headers|footers, r:id)


def read_story(data: bytes, hidden_styles: HiddenStyles = HiddenStyles()) -> Story:
    """Read one part's text. Raises ``etree.LxmlError`` on malformed XML (the caller names the
    part in its message); DTDs are checked by the caller."""
    names = Names(namespace_of(data))
    return _Reader(names, hidden_styles).read(data)


def hidden_styles_of(data: bytes) -> HiddenStyles:
    """The character and paragraph styles in ``styles.xml`` whose text is hidden (``w:vanish``
    in the style's ``w:rPr``, also inherited through ``w:basedOn``)."""
    names = Names(namespace_of(data))
    own: dict[str, dict[str, bool | None]] = {"character": {}, "paragraph": {}}
    based_on: dict[str, dict[str, str]] = {"character": {}, "paragraph": {}}
    for _, style in etree.iterparse(io.BytesIO(data), tag=names.w + "style", **XML_OPTIONS):
        kind = style.get(names.type) or "paragraph"  # w:type defaults to paragraph (§17.7.4.17)
        if kind in own:
            style_id = style.get(names.w + "styleId", "")
            vanish = style.find(f"{names.rpr}/{names.vanish}")
            own[kind][style_id] = None if vanish is None else _on(vanish, names)
            parent = style.find(names.w + "basedOn")
            if parent is not None:
                based_on[kind][style_id] = parent.get(names.val, "")
        style.clear()
    return HiddenStyles(hidden_styles(own["character"], based_on["character"]),
                        hidden_styles(own["paragraph"], based_on["paragraph"]))


def _on(element: etree._Element, names: Names) -> bool:
    return (element.get(names.val) or "true").lower() not in _OFF


class _Reader:
    def __init__(self, names: Names, hidden_styles: HiddenStyles) -> None:
        self.n = names
        self.hidden_styles = hidden_styles
        self.story = Story()
        self.sink: list[str] = self.story.lines  # where finished paragraphs go
        self.cells: list[list[str]] = []  # open table cells: their paragraphs
        self.rows: list[list[str]] = []  # open table rows: their cells' text
        self.note: tuple[str, str, list[str]] | None = None  # id, author, lines

    def read(self, data: bytes) -> Story:
        n = self.n
        run_on = ""  # text of paragraphs whose mark was deleted, waiting for the next paragraph
        marks_gone: list[etree._Element] = []  # paragraphs whose mark was deleted or moved away
        skip = 0  # depth inside n.skip containers
        tags = (n.p, *n.skip, n.tr, n.tc, *n.notes, *n.sections)
        for event, el in etree.iterparse(io.BytesIO(data), events=("start", "end"), tag=tags,
                                         **XML_OPTIONS):
            tag = el.tag
            if tag == n.p:
                if event == "end":
                    mark_gone = bool(marks_gone) and marks_gone[-1] is el
                    if mark_gone:
                        marks_gone.pop()
                    else:
                        mark_gone = self.mark_hidden(el)
                    if not skip:
                        text = run_on + self.paragraph_text(el)
                        run_on = text if mark_gone else ""
                        if not mark_gone:
                            self.paragraph_done(text)
            elif tag in n.skip:
                skip += 1 if event == "start" else -1
                if event == "end" and (paragraph := _paragraph_of_mark(el, n)) is not None:
                    marks_gone.append(paragraph)
            elif tag == n.tc:
                self.cell(event)
            elif tag == n.tr:
                self.row(event)
            elif tag in n.notes:
                self.note_event(event, el)
            elif event == "end" and not skip:  # header or footer reference of a section
                rid = next((el.get("{" + ns + "}id") for ns in _R_NAMESPACES
                            if el.get("{" + ns + "}id")), None)
                if rid:
                    self.story.sections.append((n.sections[tag], rid))
            if event == "end":
                el.clear(keep_tail=True)
        if run_on:
            self.paragraph_done(run_on)
        return self.story

    def paragraph_text(self, paragraph: etree._Element) -> str:
        n = self.n
        for reference in paragraph.iter(*n.references):
            kind = n.references[reference.tag]
            self.story.references.setdefault(kind, []).append(reference.get(n.id, ""))
        paragraph_hidden = self.paragraph_style_hidden(paragraph)
        if not paragraph_hidden and not self.may_hide(paragraph):
            # The common case, kept to one C-level walk and a comprehension (DESIGN.md budget:
            # 5 MB of .docx imported in 0.5 s).
            return "".join([node.text or "" if node.tag == n.t else self.char(node)
                            for node in paragraph.iter(n.inline)])
        parts: list[str] = []
        for run in paragraph.iter(n.r):
            rpr = run.find(n.rpr)
            if self.hidden(rpr, paragraph_hidden):
                continue
            for node in run:
                tag = node.tag
                if tag == n.t:
                    parts.append(node.text or "")
                elif tag in n.chars:
                    parts.append(n.chars[tag])
                elif tag == n.sym:
                    parts.append(_symbol(node, n))
        return "".join(parts)

    def may_hide(self, paragraph: etree._Element) -> bool:
        """Could a run of this paragraph be hidden (a w:vanish, or a hidden character style)?"""
        n = self.n
        if next(paragraph.iter(n.vanish), None) is not None:
            return True
        hidden = self.hidden_styles.character
        return bool(hidden) and any(style.get(n.val) in hidden
                                    for style in paragraph.iter(n.rstyle))

    def paragraph_style_hidden(self, paragraph: etree._Element) -> bool:
        """Does the paragraph's style hide its text?"""
        if not self.hidden_styles.paragraph:
            return False
        style = paragraph.find(f"{self.n.ppr}/{self.n.pstyle}")
        return style is not None and style.get(self.n.val) in self.hidden_styles.paragraph

    def mark_hidden(self, paragraph: etree._Element) -> bool:
        """Is the paragraph mark hidden (its own w:pPr/w:rPr/w:vanish, else its style)?"""
        n = self.n
        vanish = paragraph.find(f"{n.ppr}/{n.rpr}/{n.vanish}")
        if vanish is not None:
            return _on(vanish, n)
        return self.paragraph_style_hidden(paragraph)

    def char(self, node: etree._Element) -> str:
        tag = node.tag
        if tag == self.n.sym:
            return _symbol(node, self.n)
        if tag == self.n.tab and node.getparent().tag != self.n.r:
            return ""  # a tab stop in w:pPr/w:tabs, not a tab character
        return self.n.chars[tag]

    def hidden(self, rpr: etree._Element | None, paragraph_hidden: bool) -> bool:
        """Is a run with these properties hidden: its own w:vanish, else its character style,
        else its paragraph's style (``paragraph_hidden``)?"""
        if rpr is None:
            return paragraph_hidden
        vanish = rpr.find(self.n.vanish)
        if vanish is not None:
            return _on(vanish, self.n)
        style = rpr.find(self.n.rstyle)
        if style is not None and style.get(self.n.val) in self.hidden_styles.character:
            return True
        return paragraph_hidden

    def paragraph_done(self, text: str) -> None:
        if self.cells:
            self.cells[-1].append(text)
        else:
            self.sink.append(text)

    def cell(self, event: str) -> None:
        if event == "start":
            self.cells.append([])
        elif self.cells:
            paragraphs = self.cells.pop()
            text = " ".join(p for p in paragraphs if p)
            if self.rows:
                self.rows[-1].append(text)
            else:  # a cell outside a row (malformed): its text as a paragraph
                self.paragraph_done(text)

    def row(self, event: str) -> None:
        if event == "start":
            self.rows.append([])
        elif self.rows:
            self.paragraph_done("\t".join(self.rows.pop()))

    def note_event(self, event: str, el: etree._Element) -> None:
        n = self.n
        kind = el.get(n.type)
        if kind not in (None, "normal"):  # separators and continuation notices
            if event == "end":
                self.sink = self.story.lines
            else:
                self.sink = []
            return
        if event == "start":
            self.note = (el.get(n.id, ""), el.get(n.author, ""), [])
            self.sink = self.note[2]
        elif self.note is not None:
            note_id, author, lines = self.note
            self.story.notes[note_id] = (author, lines)
            self.note = None
            self.sink = self.story.lines


def _paragraph_of_mark(el: etree._Element, n: Names) -> etree._Element | None:
    """For a w:del/w:moveFrom in w:p/w:pPr/w:rPr (the paragraph mark), that paragraph."""
    rpr = el.getparent()
    if rpr is None or rpr.tag != n.rpr:
        return None
    ppr = rpr.getparent()
    return ppr.getparent() if ppr is not None and ppr.tag == n.ppr else None


def _symbol(el: etree._Element, n: Names) -> str:
    """The character of a ``w:sym`` (symbol-font characters stay in the Private Use Area)."""
    try:
        code = int(el.get(n.w + "char", ""), 16)
    except ValueError:
        return ""
    if code < 0x20 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:  # not storable text
        return ""
    return chr(code)
