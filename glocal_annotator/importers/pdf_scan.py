"""Before PDFium reads a PDF: how much its pages unpack to, and a refusal above the limits.

PDFium unpacks every stream a page needs in memory, whole: the page's content streams, the
forms (``/XObject /Subtype /Form``) it draws, and the fonts it shows text in (font programs,
``/ToUnicode`` maps, Type 3 glyph procedures). A 300 KB file whose one page content inflates to
500 MB made it peak at 640 MB; a 200 MB font program or character map, at 420 MB. So this scan
walks the page tree with pypdf (a pure-Python reader that never interprets the content) and
measures each of those streams with :mod:`.pdf_inflate`, which unpacks in bounded steps and
keeps nothing. It refuses, in one line, before PDFium sees the file, when

- all pages together draw more than :data:`~glocal_annotator.limits.MAX_PDF_CONTENT_BYTES` (a
  stream used by many pages counts once per page, as PDFium unpacks it again for each page;
  fonts count once, as PDFium keeps them),
- one page draws more than :data:`~glocal_annotator.limits.MAX_PDF_PAGE_CONTENT_BYTES`, or shows
  more than :data:`~glocal_annotator.limits.MAX_PDF_PAGE_TEXT_BYTES` of text,
- the fonts unpack to more than :data:`~glocal_annotator.limits.MAX_PDF_FONT_BYTES`.

The work is bounded too: each stream is unpacked at most once and at most to its cap, and the
scan stops at the first limit crossed. Files pypdf cannot read are scanned raw instead
(:func:`_raw_scan`: every unpackable stream in the file, images left out). An encrypted file is
scanned with the empty password (pypdf tries it); one that needs a real password is left to
PDFium, which refuses it.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glocal_annotator.importers.pdf_inflate import Decoded, measure
from glocal_annotator.importers.safety import failure
from glocal_annotator.limits import (
    MAX_PDF_CONTENT_BYTES,
    MAX_PDF_FONT_BYTES,
    MAX_PDF_PAGE_CONTENT_BYTES,
    MAX_PDF_PAGE_TEXT_BYTES,
)

MB = 1024 * 1024
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
_NOT_READ = " (a decompression bomb or a damaged file); not imported"

# pypdf reports what it repairs through the "pypdf" logger; without a handler Python would print
# those warnings on stderr, under the command line's one line.
logging.getLogger("pypdf").addHandler(logging.NullHandler())


class TooMuch(Exception):
    """A limit crossed: ``str(self)`` is the clause for the refusal."""


@dataclass
class Expansion:
    """What the pages of a PDF unpack to, in bytes (as far as the scan went)."""

    content: int = 0  # all pages' content and forms (per use) and the fonts (once)
    largest_page: int = 0
    most_text: int = 0  # the most text bytes one page shows (an estimate that errs high)
    fonts: int = 0
    pages: int = 0
    raw: bool = False  # pypdf could not read the structure: every stream was counted instead


@dataclass
class _Walk:
    reader: Any
    found: Expansion = field(default_factory=Expansion)
    sizes: dict[object, Decoded] = field(default_factory=dict)  # (stream, cap) -> decoded
    seen_fonts: set[object] = field(default_factory=set)
    seen_resources: set[object] = field(default_factory=set)  # their fonts counted
    forms: dict[object, tuple[int, int]] = field(default_factory=dict)  # one drawing of a form


def check_expansion(path: Path, data: bytes) -> Expansion:
    """Refuse (:class:`~glocal_annotator.errors.ImportFailure`, one line) the PDF whose bytes are
    ``data`` when its pages unpack beyond the limits above; else return the figures."""
    try:
        return scan(data)
    except TooMuch as exc:
        raise failure(path, f"{exc}{_NOT_READ}") from exc


def scan(data: bytes) -> Expansion:
    """The :class:`Expansion` of the PDF ``data``; raises :class:`TooMuch` at the first limit
    crossed. Never raises anything else for a damaged file (it is scanned raw)."""
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        walk = _Walk(reader)
        _walk_pages(walk, reader.trailer["/Root"].get_object())
        return walk.found
    except TooMuch:
        raise
    except pypdf.errors.FileNotDecryptedError:
        return Expansion()  # it needs a password: PDFium refuses it before unpacking anything
    except Exception:  # pypdf could not follow the structure, or reached one of its own limits
        return _raw_scan(data)  # (a stream over 75 MB ...): count every stream instead


def _walk_pages(walk: _Walk, root: Any) -> None:
    """Depth first through the page tree, inherited resources passed down, each node once (a
    tree that contains itself is walked once; PDFium refuses or trims it)."""
    pages = _resolve(root.raw_get("/Pages")) if "/Pages" in root else None
    stack: list[tuple[Any, Any]] = [(pages, None)] if pages is not None else []
    visited: set[object] = set()
    while stack:
        node, inherited = stack.pop()
        key = _key(node)
        if key in visited or not hasattr(node, "raw_get"):
            continue
        visited.add(key)
        resources = _resolve(node.raw_get("/Resources")) if "/Resources" in node else inherited
        if "/Kids" in node:
            kids = _resolve(node.raw_get("/Kids"))
            if isinstance(kids, list):
                stack.extend((_resolve(kid), resources) for kid in reversed(kids))
            continue
        walk.found.pages += 1
        _page(walk, node, resources)


def _page(walk: _Walk, page: Any, resources: Any) -> None:
    size = text = 0
    draws: dict[bytes, int] = {}
    contents = _resolve(page.raw_get("/Contents")) if "/Contents" in page else None
    for stream in contents if isinstance(contents, list) else [contents]:
        decoded = _decoded(walk, _resolve(stream), stream)
        size += decoded.size
        text += decoded.text
        for name, count in decoded.draws.items():
            draws[name] = draws.get(name, 0) + count
    _fonts(walk, resources)
    form_size, form_text = _drawn(walk, draws, resources, frozenset())
    size += form_size
    text += form_text
    number = walk.found.pages
    found = walk.found
    found.content += size
    found.largest_page = max(found.largest_page, size)
    found.most_text = max(found.most_text, text)
    if size > MAX_PDF_PAGE_CONTENT_BYTES:
        raise TooMuch(f"page {number} expands to more than "
                      f"{MAX_PDF_PAGE_CONTENT_BYTES // MB} MB of page content")
    if text > MAX_PDF_PAGE_TEXT_BYTES:
        raise TooMuch(f"page {number} shows more than {MAX_PDF_PAGE_TEXT_BYTES // MB} MB of text, "
                      "where a printed page holds a few thousand characters")
    _total(found)


def _total(found: Expansion) -> None:
    if found.content > MAX_PDF_CONTENT_BYTES:
        raise TooMuch(f"it expands to more than {MAX_PDF_CONTENT_BYTES // MB} MB of page content")


def _drawn(walk: _Walk, draws: dict[bytes, int], resources: Any,
           path: frozenset[object]) -> tuple[int, int]:
    """Bytes and text of the forms drawn by ``draws`` (name -> times), looked up in
    ``resources``: each form as often as it is drawn, with the forms it draws in turn. A form
    inside its own drawing is cut off where it recurs, as PDFium does. Stops counting past the
    page limit (the page is refused then anyway)."""
    xobjects = _resolve(resources.raw_get("/XObject")) \
        if hasattr(resources, "raw_get") and "/XObject" in resources else None
    if not hasattr(xobjects, "raw_get") or not draws:
        return 0, 0
    size = text = 0
    for name, times in draws.items():
        key = _name(name)
        if key not in xobjects:
            continue
        reference = xobjects.raw_get(key)
        form = _resolve(reference)
        if not hasattr(form, "raw_get") or form.get("/Subtype") != "/Form":
            continue
        form_key = _key(form, reference)
        if form_key in path:
            continue
        one_size, one_text = _form(walk, form, reference, form_key, resources, path)
        size += times * one_size
        text += times * one_text
        if size > MAX_PDF_PAGE_CONTENT_BYTES or text > MAX_PDF_PAGE_TEXT_BYTES:
            break
    return size, text


def _form(walk: _Walk, form: Any, reference: Any, form_key: object, outer: Any,
          path: frozenset[object]) -> tuple[int, int]:
    """One drawing of a form: its stream and what it draws (with its own resources, or the
    page's where it has none, as PDF 1.1 allowed). Worked out once per form and resources."""
    memo = (form_key, _key(outer))
    if memo in walk.forms:
        return walk.forms[memo]
    decoded = _decoded(walk, form, reference)
    inner = _resolve(form.raw_get("/Resources")) if "/Resources" in form else outer
    _fonts(walk, inner)
    inner_size, inner_text = _drawn(walk, decoded.draws, inner, path | {form_key})
    result = (decoded.size + inner_size, decoded.text + inner_text)
    walk.forms[memo] = result
    return result


def _fonts(walk: _Walk, resources: Any) -> None:
    """Count the fonts a resource dictionary offers (each font once per document: PDFium keeps
    them): their programs, character maps and, for Type 3 fonts, glyph procedures."""
    if not hasattr(resources, "raw_get"):
        return
    key = _key(resources)
    if key in walk.seen_resources or "/Font" not in resources:
        return
    walk.seen_resources.add(key)
    fonts = _resolve(resources.raw_get("/Font"))
    if not hasattr(fonts, "raw_get"):
        return
    for name in list(fonts):
        reference = fonts.raw_get(name)
        font = _resolve(reference)
        key = _key(font, reference)
        if key in walk.seen_fonts or not hasattr(font, "raw_get"):
            continue
        walk.seen_fonts.add(key)
        streams = [font.raw_get("/ToUnicode")] if "/ToUnicode" in font else []
        descendants = _resolve(font.raw_get("/DescendantFonts")) if "/DescendantFonts" in font \
            else []
        for described in [font, *(_resolve(d) for d in descendants or [])]:
            descriptor = _resolve(described.raw_get("/FontDescriptor")) \
                if hasattr(described, "raw_get") and "/FontDescriptor" in described else None
            if hasattr(descriptor, "raw_get"):
                streams += [descriptor.raw_get(k) for k in _FONT_FILES if k in descriptor]
        procedures = _resolve(font.raw_get("/CharProcs")) if "/CharProcs" in font else None
        if hasattr(procedures, "raw_get"):
            streams += [procedures.raw_get(glyph) for glyph in list(procedures)]
        for reference in streams:
            decoded = _decoded(walk, _resolve(reference), reference, MAX_PDF_FONT_BYTES)
            walk.found.fonts += decoded.size
            walk.found.content += decoded.size
            if walk.found.fonts > MAX_PDF_FONT_BYTES:
                raise TooMuch(f"its fonts expand to more than {MAX_PDF_FONT_BYTES // MB} MB")
            _total(walk.found)
        if "/Resources" in font:  # a Type 3 font's glyphs show text in fonts of their own
            _fonts(walk, _resolve(font.raw_get("/Resources")))


def _decoded(walk: _Walk, stream: Any, reference: Any,
             cap: int = MAX_PDF_PAGE_CONTENT_BYTES) -> Decoded:
    """What one stream decodes to (unpacked no further than ``cap``), unpacked once per
    document however often it is used."""
    if stream is None or not hasattr(stream, "_data"):
        return Decoded(0, 0)
    key = (_key(stream, reference), cap)
    if key not in walk.sizes:
        filters = _resolve(stream.raw_get("/Filter")) if "/Filter" in stream else []
        names = [str(_resolve(f)) for f in (filters if isinstance(filters, list) else [filters])]
        walk.sizes[key] = measure(stream._data, names, cap)
    return walk.sizes[key]


def _name(raw: bytes) -> str:
    """A name as written in a content stream (``X#202``), as pypdf keys it (``/X 2``)."""
    unescaped = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
    try:
        return "/" + unescaped.decode("utf-8")
    except UnicodeDecodeError:
        return "/" + unescaped.decode("latin-1")


def _resolve(value: Any) -> Any:
    return value.get_object() if hasattr(value, "get_object") and value is not None else value


def _key(value: Any, reference: Any = None) -> object:
    """An object's identity in the file: its indirect reference, else the Python object."""
    ref = reference if hasattr(reference, "idnum") else getattr(value, "indirect_reference",
                                                                None)
    if ref is not None and hasattr(ref, "idnum"):
        return (ref.idnum, ref.generation)
    return id(value)


# -- when pypdf cannot read the file ------------------------------------------------------------

_STREAM = re.compile(rb"stream\r?\n")
_DICT_BEFORE = 2048  # bytes looked back for the stream's dictionary
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_IMAGE = re.compile(rb"/Subtype\s*/Image")
# A font program: TrueType and Type 1 ones give /Length1, compact ones a /Subtype of their own
_FONT_PROGRAM = re.compile(rb"/Length1\b|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)\b")


def _raw_scan(data: bytes) -> Expansion:
    """Every stream in the file, found by its keyword, unpacked and counted once (images left
    out: PDFium does not unpack them to read text). Without the page tree, the sum over the
    file stands for the total, each font program is held to the fonts' limit, and any other
    stream to one page's."""
    found = Expansion(raw=True)
    position = 0
    while True:
        match = _STREAM.search(data, position)
        if match is None:
            return found
        start = match.end()
        end = data.find(b"endstream", start)
        end = len(data) if end < 0 else end
        position = end
        head = data[max(0, match.start() - _DICT_BEFORE):match.start()]
        head = head[head.rfind(b"obj"):] if b"obj" in head else head
        if _IMAGE.search(head):
            continue
        font = _FONT_PROGRAM.search(head) is not None
        cap = MAX_PDF_FONT_BYTES if font else MAX_PDF_PAGE_CONTENT_BYTES
        filters = _FILTER.search(head)
        names = re.findall(rb"/[A-Za-z0-9]+", filters.group(1)) if filters else []
        decoded = measure(data[start:end], [n.decode("ascii") for n in names], cap)
        found.content += decoded.size
        if font:
            found.fonts += decoded.size
            if found.fonts > MAX_PDF_FONT_BYTES:
                raise TooMuch(f"its fonts expand to more than {MAX_PDF_FONT_BYTES // MB} MB")
        else:
            found.largest_page = max(found.largest_page, decoded.size)
            if decoded.size > MAX_PDF_PAGE_CONTENT_BYTES:
                raise TooMuch(f"a stream in it expands to more than "
                              f"{MAX_PDF_PAGE_CONTENT_BYTES // MB} MB")
        _total(found)
