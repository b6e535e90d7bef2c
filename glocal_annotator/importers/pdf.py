"""PDF (.pdf): the text layer read as a reader reads the page, with PDFium (pypdfium2).

PDFium, Chromium's PDF engine (BSD-3/Apache-2.0, C++, fuzzed continuously), interprets the
content streams and gives each page's text with its lines and their boxes; pypdfium2 ships it as
wheels for Linux, macOS and Windows. It does in C++ what made the pure-Python pdfminer.six take
two minutes over a 1,800-page report: about 1 ms a page instead of 30. The layout decisions
are ours, in three pure steps: :mod:`.pdf_text` reads a page's printed lines and boxes,
:mod:`.pdf_blocks` groups them into blocks and orders the blocks column by column, and
:mod:`.pdf_layout` makes paragraphs of the blocks (joined lines, rejoined hyphenated words,
ligatures spelled out, running headers/footers and page numbers left out, paragraphs that run on
across columns and pages joined). Right-to-left lines come out of PDFium in logical order with
their spaces, whatever order the producer drew their glyphs in.

Pages: ``page_starts[i]`` is the offset in the text where page ``i`` begins, one entry per page
(a page without text starts where the next text does); a paragraph running on from one page to
the next has the next page's start inside it. Scanned PDFs (no text layer) are refused; OCR them
first. Encrypted PDFs that open with an empty password (permissions only; RC4 or AES, PDFium
decrypts them) are imported, those that need a password are refused. Damaged files, page trees
that loop and the like are refused in one line (PDFium checks them and stops). PDFium is not
thread-safe, so every use of it here holds :data:`_PDFIUM`.

Before PDFium sees a file, :mod:`.pdf_scan` measures what its pages unpack to and refuses a
decompression bomb in one line (PDFium unpacks each stream whole, in memory); while reading,
the characters are counted page by page against the document limit, so a file of a thousand
dense pages stops as soon as it passes it, not after it has all been read.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from glocal_annotator.errors import ImportFailure
from glocal_annotator.importers import ExtractedText
from glocal_annotator.importers.normalize import normalize
from glocal_annotator.importers.pdf_blocks import blocks
from glocal_annotator.importers.pdf_layout import Page, assemble
from glocal_annotator.importers.pdf_scan import check_expansion
from glocal_annotator.importers.pdf_text import page_lines
from glocal_annotator.importers.safety import failure
from glocal_annotator.limits import MAX_DOCUMENT_CHARACTERS, describe_characters

if TYPE_CHECKING:
    import pypdfium2

_PDFIUM = threading.Lock()  # PDFium may be used by one thread at a time
_ENCRYPTED = "it is encrypted; remove the password and import again"
_DAMAGED = ("it is damaged or not a PDF ({}); open it in a PDF viewer, save or print it to a new "
            "PDF, and import that")


def extract(path: Path, fmt: str, encoding: str | None = None) -> ExtractedText:
    """The text of the PDF at ``path`` (``encoding`` is for text files; a PDF names its own).

    Returns the paragraphs (one per line), ``page_starts`` (code-point offsets, one per page),
    the title and author from the document information, and a notice when running headers,
    footers or page numbers were left out. Raises :class:`ImportFailure` (one line) for a
    password, damage, no pages, no text layer, a decompression bomb (:mod:`.pdf_scan`) or more
    characters than a document may have.
    """
    # The file's bytes, not its path: PDFium reads a path in the system's code page on some
    # systems, and a name with accents or another script must open everywhere.
    data = path.read_bytes()
    check_expansion(path, data)  # before PDFium, and outside its lock: pure Python
    with _PDFIUM:
        pages, metadata = _read(path, data)
    if not pages:
        raise failure(path, "it has no pages; check that it is the right file")
    assembled = assemble(pages)
    text = normalize(assembled.text)
    if not text:
        raise failure(path, "it has no text layer (it is probably scanned images); run OCR on it "
                      "first and import the result")
    # normalize() only strips trailing white space, so every page start stays within the text.
    starts = tuple(min(start, len(text)) for start in assembled.page_starts)
    notices = (left_out_notice(assembled.left_out),) if assembled.left_out else ()
    return ExtractedText(text=text, format=fmt, page_starts=starts, metadata=metadata,
                         notices=notices)


def left_out_notice(count: int) -> str:
    """The import notice for ``count`` (at least 1) printed lines left out as running headers,
    footers and page numbers, worded for its count."""
    lines = ("running header, footer or page number" if count == 1
             else "running headers, footers and page numbers")
    return f"left out {count:,} {lines}; page boundaries are kept"


def _read(path: Path, data: bytes) -> tuple[list[Page], dict[str, str]]:
    import pypdfium2
    import pypdfium2.raw

    try:
        document = pypdfium2.PdfDocument(data, password="")
    except pypdfium2.PdfiumError as exc:
        code = _load_error(exc)
        if code == pypdfium2.raw.FPDF_ERR_PASSWORD:
            raise failure(path, _ENCRYPTED) from exc
        if code == pypdfium2.raw.FPDF_ERR_SECURITY:
            raise failure(path, "it is encrypted in a way this app cannot open; print it to a "
                          "new PDF and import that") from exc
        raise failure(path, _DAMAGED.format(_detail(exc))) from exc
    try:
        metadata = _metadata(document)
        pages = []
        characters = 0
        for index in range(len(document)):
            try:
                page = document[index]
                textpage = page.get_textpage()
            except pypdfium2.PdfiumError as exc:
                raise failure(path, _DAMAGED.format(f"page {index + 1}: {_detail(exc)}")) from exc
            try:
                characters += textpage.count_chars()
                if characters > MAX_DOCUMENT_CHARACTERS:
                    raise failure(path, f"its first {index + 1:,} pages hold more characters "
                                  "than a document may have ("
                                  f"{describe_characters(MAX_DOCUMENT_CHARACTERS)}); split it "
                                  "and import the parts")
                pages.append(Page(blocks=blocks(page_lines(textpage))))
            finally:
                textpage.close()
                page.close()
        return pages, metadata
    except (ImportFailure, MemoryError):
        raise
    except Exception as exc:  # anything else from a damaged file: one line, never a traceback
        raise failure(path, _DAMAGED.format(_detail(exc))) from exc
    finally:
        document.close()


def _load_error(exc: Exception) -> int:
    """PDFium's reason (``FPDF_ERR_*``) for a document that did not open: pypdfium2 5 puts it
    on the exception; older ones leave it to ``FPDF_GetLastError`` (same thread, under
    :data:`_PDFIUM`, so it is this load's)."""
    code = getattr(exc, "err_code", None)
    if code is None:
        import pypdfium2.raw as pdfium_c

        code = pdfium_c.FPDF_GetLastError()
    return int(code)


def _metadata(document: pypdfium2.PdfDocument) -> dict[str, str]:
    """Title and author from the document information (PDFium decodes their text)."""
    meta: dict[str, str] = {}
    try:
        info = document.get_metadata_dict(skip_empty=True)
    except Exception:  # metadata is optional: any problem with it just means none
        return meta
    for key, name in (("title", "Title"), ("author", "Author")):
        value = info.get(name)
        if isinstance(value, str):
            value = normalize(value).replace("\n", " ").strip()
            if value:
                meta[key] = value
    return meta


def _detail(exc: Exception) -> str:
    first = str(exc).splitlines()[0][:120] if str(exc) else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__
