"""PDF (.pdf): the text layer read as a reader reads the page, with pdfminer.six.

pdfminer.six (MIT, maintained, pure Python) does the layout analysis a researcher's paragraph
needs and pypdf's text layer lacks: characters are grouped into lines and lines into text boxes by
their positions, and boxes are ordered column by column (its ``boxes_flow``). :mod:`.pdf_layout`
then makes paragraphs of the boxes (joined lines, rejoined hyphenated words, ligatures spelled out,
running headers/footers and page numbers left out, paragraphs that run on across columns and
pages joined). Lines holding right-to-left letters are rebuilt here from their characters'
positions (:mod:`.bidi`), so that Hebrew and Arabic come out in reading order with their spaces
whatever order the producer drew them in.

Pages: ``page_starts[i]`` is the offset in the text where page ``i`` begins, one entry per page
(a page without text starts where the next text does); a paragraph running on from one page to
the next has the next page's start inside it. Scanned PDFs (no text layer) are refused; OCR them
first. Encrypted PDFs that open with an empty password (permissions only) are imported, those
that need a password are refused; pdfminer decrypts RC4 and AES itself (with ``cryptography``),
so pypdf is no longer needed here.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from glocal_annotator.errors import ImportFailure
from glocal_annotator.importers import ExtractedText
from glocal_annotator.importers.bidi import has_rtl, visual_to_logical
from glocal_annotator.importers.normalize import normalize
from glocal_annotator.importers.pdf_layout import Block, Line, Page, assemble
from glocal_annotator.importers.safety import failure

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from pdfminer.layout import LTTextLine
    from pdfminer.pdfdocument import PDFDocument

_ENCRYPTED = "it is encrypted; remove the password and import again"
# pdfminer's own spacing rule: a gap wider than this share of a character's size is a space.
_WORD_MARGIN = 0.1
# Justified lines get runs of spaces (space glyphs plus pdfminer's gap spaces): one is meant.
_SPACES = re.compile(r"[ \t\n\r\u00a0]*[ \t\n\r][ \t\n\r\u00a0]*")


def extract(path: Path, fmt: str, encoding: str | None = None) -> ExtractedText:
    """The text of the PDF at ``path`` (``encoding`` is for text files; a PDF names its own)."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    # pdfminer logs every defect it works around; they mean nothing to a user, and the CLI must
    # print one line.
    logging.getLogger("pdfminer").setLevel(logging.CRITICAL)
    # pdfminer raises many kinds of exception on malformed input (PDFSyntaxError, PSEOF, but
    # also KeyError, ValueError, TypeError, zlib.error ...), so every call into it is guarded.
    try:
        pages, metadata = _read(path)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise failure(path, _ENCRYPTED) from exc
    except (RecursionError, MemoryError) as exc:
        raise failure(path, "it is too complex or too large to read; print it to a new PDF "
                      "and import that") from exc
    except ImportFailure:
        raise
    except Exception as exc:
        raise failure(path, f"it is damaged or not a PDF ({_detail(exc)}); open it in a PDF "
                      "viewer, save or print it to a new PDF, and import that") from exc
    if not pages:
        raise failure(path, "it has no pages; check that it is the right file")
    assembled = assemble(pages)
    text = normalize(assembled.text)
    if not text:
        raise failure(path, "it has no text layer (it is probably scanned images); run OCR on it "
                      "first and import the result")
    # normalize() only strips trailing white space, so every page start stays within the text.
    starts = tuple(min(start, len(text)) for start in assembled.page_starts)
    notices = ()
    if assembled.left_out:
        notices = (f"left out {assembled.left_out} running header(s), footer(s) and page "
                   "number(s); page boundaries are kept",)
    return ExtractedText(text=text, format=fmt, page_starts=starts, metadata=metadata,
                         notices=notices)


def _read(path: Path) -> tuple[list[Page], dict[str, str]]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    with path.open("rb") as fh:
        document = PDFDocument(PDFParser(fh), password="")
        metadata = _metadata(document)
        resources = PDFResourceManager(caching=True)
        device = PDFPageAggregator(resources, laparams=LAParams(all_texts=True))
        interpreter = PDFPageInterpreter(resources, device)
        pages = []
        for pdf_page in PDFPage.create_pages(document):
            interpreter.process_page(pdf_page)
            pages.append(Page(blocks=list(_blocks(device.get_result()))))
    return pages, metadata


def _blocks(container: Iterable[object]) -> Iterator[Block]:
    """Text boxes of a laid-out page (or figure) in pdfminer's reading order."""
    from pdfminer.layout import LTFigure, LTTextBox, LTTextLine

    for item in container:
        if isinstance(item, LTTextBox):
            lines = _lines([line for line in item if isinstance(line, LTTextLine)])
            if lines:
                yield Block(lines=lines)
        elif isinstance(item, LTTextLine):
            yield Block(lines=_lines([item]))
        elif isinstance(item, LTFigure):
            yield from _blocks(item)


def _lines(pieces: list[LTTextLine]) -> list[Line]:
    """One :class:`Line` per printed line of a box, top to bottom.

    pdfminer splits a line where a gap is wider than two characters (a wide justified space)
    and may list the pieces out of order; pieces that overlap vertically by more than half a
    line are one line again, read left to right.
    """
    pieces = sorted(pieces, key=lambda piece: -piece.y1)
    groups: list[list[LTTextLine]] = []
    for piece in pieces:
        if groups:
            last = groups[-1][0]
            overlap = min(last.y1, piece.y1) - max(last.y0, piece.y0)
            if overlap > 0.5 * min(last.height, piece.height):
                groups[-1].append(piece)
                continue
        groups.append([piece])
    return [_line(sorted(group, key=lambda piece: piece.x0)) for group in groups]


def _line(pieces: list[LTTextLine]) -> Line:
    text = " ".join(piece.get_text() for piece in pieces)
    if has_rtl(text):
        text = _rtl_line(pieces)
    # Broken ToUnicode maps can yield lone surrogates, which cannot be stored as UTF-8: re-pair
    # what pairs and replace the rest with U+FFFD.
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = _SPACES.sub(" ", text).strip()
    return Line(text=text, x0=min(p.x0 for p in pieces), y0=min(p.y0 for p in pieces),
                x1=max(p.x1 for p in pieces), y1=max(p.y1 for p in pieces))


def _rtl_line(pieces: list[LTTextLine]) -> str:
    """A line holding right-to-left letters, from its glyphs' positions: spaces where the gaps
    are (pdfminer adds none when glyphs are drawn right to left), then in logical order."""
    from pdfminer.layout import LTChar

    glyphs = sorted((char for piece in pieces for char in piece if isinstance(char, LTChar)),
                    key=lambda char: char.x0)
    clusters: list[str] = []
    previous = None
    for glyph in glyphs:
        text = glyph.get_text()
        if not text:
            continue
        if text.isspace():
            if clusters and clusters[-1] != " ":
                clusters.append(" ")
            previous = glyph
            continue
        if previous is not None and clusters and clusters[-1] != " ":
            gap = glyph.x0 - previous.x1
            if gap > _WORD_MARGIN * max(glyph.width, glyph.height):
                clusters.append(" ")
        if _is_mark(text) and clusters and clusters[-1] != " ":
            clusters[-1] += text  # a combining mark stays with its base letter
        else:
            clusters.append(text)
        previous = glyph
    return visual_to_logical(clusters).strip()


def _is_mark(text: str) -> bool:
    return all(unicodedata.category(ch) in {"Mn", "Me"} for ch in text)


def _metadata(document: PDFDocument) -> dict[str, str]:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    meta: dict[str, str] = {}
    try:
        for info in document.info:
            for key, name in (("title", "Title"), ("author", "Author")):
                value = resolve1(info.get(name))
                if isinstance(value, bytes):
                    value = decode_text(value)
                if isinstance(value, str):
                    value = normalize(value).replace("\n", " ").strip()
                    if value and key not in meta:
                        meta[key] = value
    except Exception:  # metadata is optional: any problem with it just means none
        pass
    return meta


def _detail(exc: Exception) -> str:
    first = str(exc).splitlines()[0][:120] if str(exc) else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__
