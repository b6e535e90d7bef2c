"""Web pages (.html, .htm): the visible text, laid out in lines roughly as a browser shows it.

Parsed with the standard library's ``html.parser`` rather than lxml.html: it expands only HTML's
fixed set of named character references (no DTD, no entity definitions, no network), tolerates
broken markup, and brings no libxml2 HTML quirks (encoding guessing, silently dropped content).
Speed is not critical here: HTML is not in the import budget.

- Not imported: ``head`` (its ``title`` goes to metadata), ``script``, ``style``, ``template``,
  ``noscript``, ``iframe`` content, comments, processing instructions; and every element a
  browser does not show, with all it contains: the ``hidden`` attribute, ``aria-hidden="true"``
  (hidden from screen readers: decoration, not text), and an inline ``style`` with
  ``display: none`` or ``visibility: hidden``/``collapse``; and the elements the page's own
  ``<style>`` rules hide by simple selectors (a class, an id, a type:
  :mod:`.css_hidden` says what is applied; linked style sheets are not fetched).
- Elements are tracked on a stack of open elements with HTML's implied end tags (a ``p`` closed
  by the next block, an ``li`` by the next ``li``, a cell by the next cell or row ...; an end
  tag closes what was left open inside it), so an unclosed hidden element hides only its own
  content. Each tag is pushed and popped once: linear in the page.
- Block elements (p, div, li, headings, tr, section, blockquote, pre, ...) start and end lines;
  inline elements do not; ``br`` always ends a line. A table row is one line, its cells
  separated by tabs (as in .docx and .odt; blocks inside a cell are joined by spaces). List items
  get a line each. Empty blocks give no empty lines, as in a browser.
- White space is collapsed as a browser does (ASCII white space only, so no-break spaces stay),
  except inside ``pre``/``textarea``/``listing``, where it is kept as written.

Hostile shapes stay linear (:mod:`glocal_annotator.limits`): ``html.parser`` (before Python
3.13.4) rescans to the end of the file from every markup opening it cannot finish (``<a`` with no
``>`` after it, ``<!--`` with no ``-->``, ``<![CDATA[`` with no ``]]>``), which made 1 MB of ``<a``
or ``<!--`` take minutes. :func:`plain_unterminated` first turns each such ``<`` into ``&lt;``,
which is what that parser ends up showing for it anyway, so the text is the same, in linear time
and on every Python version. More than ``MAX_OPEN_HTML_ELEMENTS`` elements open at once (start
tags never closed) is refused with one line.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from glocal_annotator.importers import ExtractedText
from glocal_annotator.importers.css_hidden import HiddenSelectors, hidden_selectors
from glocal_annotator.importers.normalize import decode, normalize
from glocal_annotator.importers.safety import check_characters, failure, read_file
from glocal_annotator.limits import MAX_OPEN_HTML_ELEMENTS

_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main",
    "menu", "nav", "ol", "optgroup", "option", "p", "pre", "listing", "section", "summary",
    "table", "tbody", "textarea", "tfoot", "thead", "tr", "ul",
})
_CELLS = frozenset({"td", "th"})
_PREFORMATTED = frozenset({"pre", "textarea", "listing"})
_HIDDEN = frozenset({"head", "script", "style", "template", "noscript", "iframe"})
# Tags that may appear inside <head>; any other start tag means the body has begun.
_HEAD_CONTENT = frozenset({"title", "meta", "link", "style", "script", "base", "noscript",
                           "template"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr", "basefont", "bgsound", "frame", "keygen"})
# Start tags that close an open <p> (HTML Living Standard, 13.2.6.4.7 "in body").
_CLOSES_P = frozenset({
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div",
    "dl", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "hr", "listing", "main", "menu", "nav", "ol", "p", "pre",
    "section", "summary", "table", "ul",
})
# tag -> (open elements it closes, elements that stop the search for them)
_IMPLIED = {
    "li": ({"li"}, {"ul", "ol", "menu", "table"}),
    "dt": ({"dt", "dd"}, {"dl", "table"}),
    "dd": ({"dt", "dd"}, {"dl", "table"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "tr": ({"tr", "td", "th"}, {"table"}),
    "option": ({"option"}, {"select", "datalist"}),
    "optgroup": ({"option", "optgroup"}, {"select"}),
    "tbody": ({"tr", "td", "th", "thead", "tbody", "tfoot"}, {"table"}),
    "thead": ({"tr", "td", "th", "thead", "tbody", "tfoot"}, {"table"}),
    "tfoot": ({"tr", "td", "th", "thead", "tbody", "tfoot"}, {"table"}),
}
_WS = re.compile("[ \t\n\r\f]+")
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_CSS_HIDDEN = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse))"
                         r"\s*(?:!\s*important\s*)?(?:;|$)", re.IGNORECASE)


def _hides(tag: str, attrs: list[tuple[str, str | None]],
           sheets: HiddenSelectors | None = None) -> bool:
    """Does this element hide itself and its content (see the module notes)? ``sheets``: the
    page's own style rules that hide."""
    if tag in _HIDDEN:
        return True
    if sheets:
        values = dict(attrs)
        classes = frozenset((values.get("class") or "").split())
        if sheets.hides(tag, classes, values.get("id")):
            return True
    for name, value in attrs:
        if name == "hidden":
            return True
        if name == "aria-hidden" and (value or "").strip().lower() == "true":
            return True
        if name == "style" and value and _CSS_HIDDEN.search(value):
            return True
    return False


def extract(path: Path, fmt: str, encoding: str | None = None) -> ExtractedText:
    data = read_file(path)
    html, encoding = decode(data, path, declared=_declared_charset(data), chosen=encoding)
    del data
    html = check_characters(path, html)
    parser = _TextParser(hidden_selectors(html))
    try:
        parser.feed(plain_unterminated(html))
        parser.close()
    except _TooDeep as exc:
        raise failure(path, f"more than {MAX_OPEN_HTML_ELEMENTS:,} of its elements are open at "
                      "once (start tags that are never closed); open it in a browser, save it "
                      "again and import that") from exc
    except (AssertionError, ValueError) as exc:  # html.parser's rare complaints on odd markup
        raise failure(path, f"its HTML could not be read ({exc}); open it in a browser, save it "
                      "again and import that") from exc
    text = normalize(parser.text())
    if not text:  # normalize() strips trailing white space, so blank means empty
        raise failure(path, "the page has no visible text; check that it is the right file")
    metadata = {"encoding": encoding}
    metadata.update(parser.metadata())
    return ExtractedText(text=text, format=fmt, metadata=metadata)


# Where html.parser finishes each kind of markup (Lib/_markupbase.py, Lib/html/parser.py).
_COMMENT_CLOSE = re.compile(r"--\s*>")
_SECTION_CLOSE = re.compile(r"]\s*]\s*>")
_CONDITIONAL_CLOSE = re.compile(r"]\s*>")
_MARKUP_OPEN = re.compile(r"<(?:[A-Za-z/?!])")
_SECTION_NAME = re.compile(r"<!\[\s*([A-Za-z][-_.A-Za-z0-9]*)")
_SECTIONS = frozenset({"temp", "cdata", "ignore", "include", "rcdata"})
_TAG_NAME = re.compile(r"<([a-zA-Z][^\t\n\r\f />\x00]*)")
_RAW_TEXT = {name: re.compile(rf"</\s*{name}\s*>", re.IGNORECASE) for name in ("script", "style")}
_CONDITIONALS = frozenset({"if", "else", "endif"})


def _last_end(pattern: re.Pattern[str], text: str) -> int:
    """The start of the last match of ``pattern`` in ``text`` (-1 for none), in one pass."""
    last = -1
    for match in pattern.finditer(text):
        last = match.start()
    return last


def plain_unterminated(html: str) -> str:
    """``html`` with every markup opening that nothing later closes written as ``&lt;``, in
    linear time (see the module notes): a tag, end tag, declaration or processing instruction
    with no ``>`` after it, a comment with no ``-->``, a marked section with no close of its
    kind (or an unknown one). Everything else is left as it is."""
    last_gt = html.rfind(">")
    last_comment = _last_end(_COMMENT_CLOSE, html) if "<!--" in html else -1
    if "<![" in html:
        last_section = _last_end(_SECTION_CLOSE, html)
        last_conditional = _last_end(_CONDITIONAL_CLOSE, html)
    else:
        last_section = last_conditional = -1
    out: list[str] = []
    done = 0
    position = 0
    # openings after the last ">" are all hopeless: escaped in one go after this loop
    while (match := _MARKUP_OPEN.search(html, position, last_gt + 1)) is not None:
        start = match.start()
        position = start + 1
        if html.startswith("<!--", start):
            hopeless = start + 4 > last_comment
        elif html.startswith("<![", start):
            name = _SECTION_NAME.match(html, start)
            keyword = name.group(1).lower() if name else ""
            if keyword in _SECTIONS:
                hopeless = start + 3 > last_section
            elif keyword in _CONDITIONALS:
                hopeless = start + 3 > last_conditional
            else:
                hopeless = True  # html.parser refuses the whole page for an unknown keyword
        else:
            hopeless = False
        if not hopeless:
            tag = _TAG_NAME.match(html, start)
            raw = _RAW_TEXT.get(tag.group(1).lower()) if tag else None
            if raw is not None:  # html.parser reads script and style as text to their end tag
                close = raw.search(html, html.find(">", start) + 1)
                position = close.end() if close else len(html)
            continue
        # html.parser shows such an opening as text up to the next ">": write that stretch
        # with its "<" escaped (each stretch is looked at once)
        end = html.find(">", start + 1) + 1
        out.append(html[done:start])
        out.append(html[start:end].replace("<", "&lt;"))
        done = position = end
    tail = max(done, last_gt + 1)
    if not out and "<" not in html[tail:]:
        return html
    out.append(html[done:tail])
    # after the last ">" nothing can close: every "<" there is text (html.parser shows each
    # as text, after rescanning to the end of the file for a ">" each time)
    out.append(html[tail:].replace("<", "&lt;"))
    return "".join(out)


class _TooDeep(Exception):
    """More elements are open at once than MAX_OPEN_HTML_ELEMENTS."""


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
    def __init__(self, sheets: HiddenSelectors | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.sheets = sheets
        self.out: list[str] = []
        self.at_line_start = True
        self.pending_space = False
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, hides its content)
        self.open_count: Counter[str] = Counter()  # open elements by tag, for linear searches
        self.hiding = 0  # open elements that hide their content
        self.pre = 0  # depth of preformatted elements
        self.pre_opened = False  # just after <pre>: a first newline is dropped, as browsers do
        self.cells: list[int] = []  # per open table row: cells started in it
        self.in_cell = 0  # open table cells (blocks inside a cell do not break the row's line)
        self.in_title = False
        self.title: list[str] = []
        self.title_done = False  # only the first <title> counts
        self.in_body = False
        self.author = ""

    # -- parser callbacks --

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HEAD_CONTENT and self.open_count["head"]:
            self._close("head")  # any body tag ends the head, even without </head>
        if tag not in _HEAD_CONTENT and tag not in {"html", "head"}:
            self.in_body = True
        if tag == "meta":
            values = dict(attrs)
            if (values.get("name") or "").lower() == "author":
                self.author = self.author or values.get("content") or ""
        self._implied_end_tags(tag)
        hides = _hides(tag, attrs, self.sheets)
        if tag == "title":
            self.in_title = True
        elif not self.hiding and not hides:
            self._layout_start(tag)
        if tag not in _VOID:
            if len(self.stack) >= MAX_OPEN_HTML_ELEMENTS:
                raise _TooDeep
            self.stack.append((tag, hides))
            self.open_count[tag] += 1
            self.hiding += hides

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:  # <div/> is a start tag in HTML; only foreign elements close here
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            self.title_done = bool(self.title)
        if tag == "br" and not self.hiding:  # </br> is a <br> in every browser
            self._newline()
        if self.open_count[tag]:
            self._close(tag)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            if not (self.title_done or self.in_body):  # not an SVG <title> further down
                self.title.append(data)
            return
        if self.open_count["head"] and data.strip() and self.stack[-1][0] == "head":
            self._close("head")  # text in the head means the body has begun
        if self.hiding:
            return
        if data.strip():
            self.in_body = True
        if self.pre:
            self._preformatted(data)
        else:
            self._flowing(data)

    # -- the stack of open elements --

    def _implied_end_tags(self, tag: str) -> None:
        if tag in _CLOSES_P and self.open_count["p"] and self.stack[-1][0] == "p":
            self._pop()
        rule = _IMPLIED.get(tag)
        if rule is None:
            return
        closes, stops = rule
        if not any(self.open_count[name] for name in closes):
            return
        for index in range(len(self.stack) - 1, -1, -1):
            name = self.stack[index][0]
            if name in closes:
                while len(self.stack) > index:
                    self._pop()
                return
            if name in stops:
                return

    def _close(self, tag: str) -> None:
        """Pop open elements down to and including the innermost ``tag`` (which is open)."""
        while self.stack:
            if self._pop() == tag:
                return

    def _pop(self) -> str:
        tag, hides = self.stack.pop()
        self.open_count[tag] -= 1
        self.hiding -= hides
        if not self.hiding and not hides:
            self._layout_end(tag)
        return tag

    def _layout_start(self, tag: str) -> None:
        if tag == "br":
            self._newline()
        elif tag in _CELLS:
            if self.cells:
                if self.cells[-1]:
                    self.out.append("\t")
                    self.at_line_start = False
                    self.pending_space = False
                self.cells[-1] += 1
            self.in_cell += 1
        elif tag in _BLOCK:
            self._break()
            if tag == "tr":
                self.cells.append(0)
            if tag in _PREFORMATTED:
                self.pre += 1
                self.pre_opened = True

    def _layout_end(self, tag: str) -> None:
        if tag in _CELLS:
            self.in_cell = max(0, self.in_cell - 1)
            self.pending_space = False
        elif tag in _BLOCK:
            if tag in _PREFORMATTED and self.pre:
                self.pre -= 1
            if tag == "tr" and self.cells:
                self.cells.pop()
            self._break()

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
        """End the current line unless it is empty (blocks do not make empty lines); inside a
        table cell, a space instead (the row stays one line)."""
        if self.in_cell and self.cells:
            self.pending_space = not self.at_line_start
            return
        if not self.at_line_start:
            self.out.append("\n")
            self.at_line_start = True
        self.pending_space = False
        self.pre_opened = False

    def _newline(self) -> None:
        self.out.append("\n")
        self.at_line_start = True
        self.pending_space = False

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
