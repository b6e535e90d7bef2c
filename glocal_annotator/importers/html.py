"""Web pages (.html, .htm): the visible text, laid out in lines roughly as a browser shows it.

Parsed with the standard library's ``html.parser`` rather than lxml.html: it expands only HTML's
fixed set of named character references (no DTD, no entity definitions, no network), tolerates
broken markup, and brings no libxml2 HTML quirks (encoding guessing, silently dropped content).
Speed is not critical here: HTML is not in the import budget.

- Not imported: ``head`` (its ``title`` goes to metadata), ``script``, ``style``, ``template``,
  ``noscript``, ``iframe`` content, comments, processing instructions.
- Block elements (p, div, li, headings, tr, td, section, blockquote, pre, ...) start and end lines;
  inline elements do not; ``br`` always ends a line. Table cells, like list items, get a line each
  (as in .docx and .odt). Empty blocks give no empty lines, as in a browser.
- White space is collapsed as a browser does (ASCII white space only, so no-break spaces stay),
  except inside ``pre``/``textarea``/``listing``, where it is kept as written.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from pathlib import Path

from glocal_annotator.importers import ExtractedText
from glocal_annotator.importers.normalize import decode, normalize
from glocal_annotator.importers.safety import failure, read_file

_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main",
    "menu", "nav", "ol", "optgroup", "option", "p", "pre", "listing", "section", "summary",
    "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "tr", "ul",
})
_PREFORMATTED = frozenset({"pre", "textarea", "listing"})
_HIDDEN = frozenset({"head", "script", "style", "template", "noscript", "iframe"})
# Tags that may appear inside <head>; any other start tag means the body has begun.
_HEAD_CONTENT = frozenset({"title", "meta", "link", "style", "script", "base", "noscript",
                           "template"})
_WS = re.compile("[ \t\n\r\f]+")
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)


def extract(path: Path, fmt: str, encoding: str | None = None) -> ExtractedText:
    data = read_file(path)
    html, encoding = decode(data, path, declared=_declared_charset(data))
    parser = _TextParser()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError) as exc:  # html.parser's rare complaints on odd markup
        raise failure(path, f"its HTML could not be read ({exc}); open it in a browser, save it "
                      "again and import that") from exc
    text = normalize(parser.text())
    if not text:  # normalize() strips trailing white space, so blank means empty
        raise failure(path, "the page has no visible text; check that it is the right file")
    metadata = {"encoding": encoding}
    metadata.update(parser.metadata())
    return ExtractedText(text=text, format=fmt, metadata=metadata)


def _declared_charset(data: bytes) -> str | None:
    """The charset of a ``<meta>`` near the top, mapped as browsers map it, or None."""
    match = _META_CHARSET.search(data[:4096])  # browsers look at 1024 bytes; pages go further
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
        "".encode(name)  # refuses codecs that are not text encodings (base64, rot13, ...)
    except LookupError:
        return None
    if name in {"iso8859-1", "ascii"}:  # WHATWG: these labels mean windows-1252
        return "cp1252"
    if name.startswith(("utf-16", "utf-32")):  # without a BOM the bytes are not UTF-16 (WHATWG)
        return "utf-8"
    return name


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.at_line_start = True
        self.pending_space = False
        self.hidden: list[str] = []  # open hidden elements
        self.pre = 0  # depth of preformatted elements
        self.pre_opened = False  # just after <pre>: a first newline is dropped, as browsers do
        self.in_title = False
        self.title: list[str] = []
        self.title_done = False  # only the first <title> counts
        self.in_body = False
        self.author = ""

    # -- parser callbacks --

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body" or (tag not in _HEAD_CONTENT and self._innermost_hidden() == "head"):
            self._close_hidden("head")
        if tag not in _HEAD_CONTENT and tag not in {"html", "head"}:
            self.in_body = True
        if tag == "meta":
            values = dict(attrs)
            if (values.get("name") or "").lower() == "author":
                self.author = self.author or values.get("content") or ""
        if tag == "title":
            self.in_title = True
        elif tag in _HIDDEN:
            self.hidden.append(tag)
        elif self.hidden:
            return
        elif tag == "br":
            self._newline()
        elif tag in _BLOCK:
            self._break()
            if tag in _PREFORMATTED:
                self.pre += 1
                self.pre_opened = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            self.title_done = bool(self.title)
        elif tag in _HIDDEN:
            self._close_hidden(tag)
        elif self.hidden:
            return
        elif tag in _BLOCK:
            if tag in _PREFORMATTED and self.pre:
                self.pre -= 1
            self._break()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            if not (self.title_done or self.in_body):  # not an SVG <title> further down
                self.title.append(data)
            return
        if self._innermost_hidden() == "head" and data.strip():
            self._close_hidden("head")  # text in the head means the body has begun
        if self.hidden:
            return
        if data.strip():
            self.in_body = True
        if self.pre:
            self._preformatted(data)
        else:
            self._flowing(data)

    # -- layout --

    def _flowing(self, data: str) -> None:
        data = _WS.sub(" ", data)
        core = data.strip(" ")
        if not core:
            self.pending_space = self.pending_space or bool(data)
            return
        if (self.pending_space or data[0] == " ") and not self.at_line_start:
            self.out.append(" ")
        self.out.append(core)
        self.at_line_start = False
        self.pending_space = data[-1] == " "

    def _preformatted(self, data: str) -> None:
        if self.pre_opened:
            self.pre_opened = False
            data = data[2:] if data.startswith("\r\n") else data.removeprefix("\n")
        if not data:
            return
        if self.pending_space and not self.at_line_start:
            self.out.append(" ")
        self.pending_space = False
        self.out.append(data)
        self.at_line_start = data.endswith(("\n", "\r"))

    def _break(self) -> None:
        """End the current line unless it is empty (blocks do not make empty lines)."""
        if not self.at_line_start:
            self.out.append("\n")
            self.at_line_start = True
        self.pending_space = False
        self.pre_opened = False

    def _newline(self) -> None:
        self.out.append("\n")
        self.at_line_start = True
        self.pending_space = False

    def _innermost_hidden(self) -> str | None:
        return self.hidden[-1] if self.hidden else None

    def _close_hidden(self, tag: str) -> None:
        if tag in self.hidden:
            index = len(self.hidden) - 1 - self.hidden[::-1].index(tag)
            del self.hidden[index:]

    # -- results --

    def text(self) -> str:
        return "".join(self.out)

    def metadata(self) -> dict[str, str]:
        meta = {}
        title = _WS.sub(" ", "".join(self.title)).strip()
        if title:
            meta["title"] = title
        author = _WS.sub(" ", self.author).strip()
        if author:
            meta["author"] = author
        return meta
