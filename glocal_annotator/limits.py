"""The stated limits of what the app reads and keeps, in one place, each with its reason.

Every reader checks its limits *before* the work that could run away (a count, a depth, a size
read from the file or its archive directory), works in linear time below them, and refuses above
them with one line naming the limit. The numbers are several times the largest honest input we
know of, and far below what would exhaust a laptop:

- :data:`MAX_CODE_NAME_CHARACTERS`: a code's name is a label. NVivo allows 256 characters; this
  is four times that. A 10 MB name broke the Word export and any tree view.
- :data:`MAX_CODE_DEPTH`: libxml2 (without ``huge_tree``) stops at 256 nested elements, so a
  REFI-QDA codebook deeper than this could not be read back by this app or most others.
- :data:`MAX_CODEBOOK_CODES`: DESIGN.md's largest codebook is 5,000 codes; four times that
  imports in a few seconds. A codebook of 200,000 codes is a list of something else.
- :data:`MAX_DOCUMENT_CHARACTERS`: DESIGN.md's largest document is 3 million characters (a
  transcript as one paragraph); about 6,000 printed pages fit in this. Beyond it, import time and
  memory (several bytes per character for the search forms) and the viewer's layout run away.
- :data:`MAX_TEXT_FILE_BYTES`: a text or HTML file is read whole before it is decoded; four bytes
  per character (UTF-32, the widest encoding) of :data:`MAX_DOCUMENT_CHARACTERS`.
- :data:`MAX_OPEN_HTML_ELEMENTS`: browsers stop nesting elements deeper than a few hundred
  (Chromium: 512); a page with this many elements open at once (start tags never closed) is
  broken or hostile, and its stack of open elements (some 120 bytes each) would grow with the
  file: 1 MB of ``<div>`` opens 200,000.
- :data:`MAX_ODT_CONTENT_BYTES`: the XML of an .odt body is parsed into a tree of about eight
  times its size; 48 MB of it (some 20 million characters of text) stays under 400 MB.
- :data:`MAX_OFFICE_PART_BYTES`: one XML part of a .docx (the body, notes, comments ...) is read
  whole and streamed through a parser at some four times its size; 64 MB of WordprocessingML
  holds well over ten million characters, and a zip bomb (a small file that unpacks to hundreds
  of megabytes) is refused by the size its archive declares, before anything is unpacked.
- :data:`MAX_PDF_CONTENT_BYTES`: what PDFium unpacks to read a PDF's pages (their content
  streams and forms, once per page that draws them, and the fonts, once), checked by a pre-scan
  before PDFium sees the file (:mod:`glocal_annotator.importers.pdf_scan`). A 1,781-page report
  (5 MB, 5 million characters) unpacks to 26 MB; a document at :data:`MAX_DOCUMENT_CHARACTERS`
  to some 100-300 MB. Beyond this, PDFium's work runs away (a 300 KB file held one page of
  500 MB of content, and PDFium peaked at 640 MB).
- :data:`MAX_PDF_PAGE_CONTENT_BYTES`: one page's content and forms. PDFium keeps a page's parsed
  drawing whole, some 2 bytes per content byte for blank content and 14 for dense line drawing
  (32 MB of it peaked at 456 MB); the largest page of that report is 17 KB, a detailed map a few MB.
- :data:`MAX_PDF_PAGE_TEXT_BYTES`: the text one page shows (bytes inside its string operands, an
  estimate that errs high). PDFium's text page takes some 230 bytes a character: a 7 KB file
  whose one page showed 700,000 one-letter strings peaked at 563 MB. A printed page holds a few
  thousand characters (the report's densest: 1,800 strings); this is some 200 dense pages' worth.
- :data:`MAX_PDF_FONT_BYTES`: a document's embedded fonts and their character maps, unpacked and
  kept by PDFium for the whole document (a 200 MB font program peaked at 420 MB). A whole CJK
  font embedded is about 20 MB.
"""

from __future__ import annotations

MAX_CODE_NAME_CHARACTERS = 1024
MAX_CODE_DEPTH = 250
MAX_CODEBOOK_CODES = 20_000
MAX_DOCUMENT_CHARACTERS = 20_000_000
MAX_TEXT_FILE_BYTES = 4 * MAX_DOCUMENT_CHARACTERS
MAX_OPEN_HTML_ELEMENTS = 100_000
MAX_ODT_CONTENT_BYTES = 48 * 1024 * 1024
MAX_OFFICE_PART_BYTES = 64 * 1024 * 1024
MAX_PDF_CONTENT_BYTES = 256 * 1024 * 1024
MAX_PDF_PAGE_CONTENT_BYTES = 16 * 1024 * 1024
MAX_PDF_PAGE_TEXT_BYTES = 1024 * 1024
MAX_PDF_FONT_BYTES = 64 * 1024 * 1024


def too_long_name(name: str) -> str | None:
    """Why ``name`` cannot be a code's name (one clause), or None when it can."""
    if len(name) > MAX_CODE_NAME_CHARACTERS:
        shown = " ".join(name[:40].split())
        return (
            f"the code name {shown!r}... has {len(name):,} characters; a name may have at most "
            f"{MAX_CODE_NAME_CHARACTERS:,} (put longer text in its definition)"
        )
    return None


def describe_characters(count: int) -> str:
    """``20,000,000 characters (about 6,000 pages)`` for messages."""
    return f"{count:,} characters (about {count // 3300:,} pages)"
