"""Builders for real test documents (written into tmp_path) and a check for import failures;
conftest.py offers the fixtures among them to the tests."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from glocal_annotator.errors import ImportFailure
from glocal_annotator.importers import extract
from tests.hostile_xml import billion_laughs_doctype

# The scripts every position-sensitive test must include (see DESIGN.md "Text and offsets").
EMOJI = "\U0001f469\U0001f3fd\u200d\U0001f52c"  # woman scientist, medium skin tone (4 code points)
CJK = "全球本土化"
COMBINING = "e\u0301"  # e + COMBINING ACUTE ACCENT, not the precomposed é
RTL = "العولمة"


@pytest.fixture
def expect_failure() -> Callable[..., ImportFailure]:
    """Import ``path``, expect ImportFailure with one line naming the file and containing
    every fragment given (case-insensitive); return the exception for further checks."""

    def check(path: Path, *fragments: str) -> ImportFailure:
        with pytest.raises(ImportFailure) as info:
            extract(path)
        message = str(info.value)
        assert "\n" not in message and "\r" not in message, message
        assert Path(path).name in message, message
        for fragment in fragments:
            assert fragment.lower() in message.lower(), message
        return info.value

    return check


# --- zip containers -----------------------------------------------------------------------------

def write_zip(path: Path, entries: dict[str, bytes | str], stored: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            kind = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            zf.writestr(name, data, compress_type=kind)
    return path


BILLION_LAUGHS = billion_laughs_doctype("lolz")

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def docx_xml(body: str, prolog: str = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             ) -> str:
    return (f'{prolog}<w:document xmlns:w="{W_NS}" xmlns:mc="{MC_NS}">'
            f"<w:body>{body}</w:body></w:document>")


@pytest.fixture
def make_docx_xml(tmp_path: Path) -> Callable[..., Path]:
    """A .docx written by hand around a given ``w:body`` content (for tracked changes etc.)."""

    def make(body: str, name: str = "hand.docx", prolog: str | None = None) -> Path:
        xml = docx_xml(body) if prolog is None else docx_xml(body, prolog)
        return write_zip(tmp_path / name, {
            "[Content_Types].xml": (
                '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxml'
                'formats.org/package/2006/content-types"><Default Extension="xml" ContentType='
                '"application/xml"/><Override PartName="/word/document.xml" ContentType="applic'
                'ation/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                "</Types>"),
            "word/document.xml": xml,
        })

    return make


ODT_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
)
ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"


def odt_content(body: str, prolog: str = '<?xml version="1.0" encoding="UTF-8"?>\n') -> str:
    return (f'{prolog}<office:document-content {ODT_NAMESPACES} office:version="1.2">'
            f"<office:body><office:text>{body}</office:text></office:body>"
            "</office:document-content>")


@pytest.fixture
def make_odt(tmp_path: Path) -> Callable[..., Path]:
    """A minimal valid .odt: mimetype (first, stored), manifest, content.xml, optional meta.xml."""

    def make(body: str, name: str = "doc.odt", meta: str | None = None,
             mimetype: str = ODT_MIMETYPE, content: str | None = None) -> Path:
        manifest = (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
            'names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry'
            f' manifest:full-path="/" manifest:media-type="{mimetype}"/><manifest:file-entry '
            'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>")
        entries: dict[str, bytes | str] = {
            "mimetype": mimetype,
            "META-INF/manifest.xml": manifest,
            "content.xml": odt_content(body) if content is None else content,
        }
        if meta is not None:
            entries["meta.xml"] = (
                f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {ODT_NAMESPACES}>'
                f"<office:meta>{meta}</office:meta></office:document-meta>")
        return write_zip(tmp_path / name, entries, stored=("mimetype",))

    return make


# --- PDF ------------------------------------------------------------------------------------------

def _winansi(line: str) -> bool:
    try:
        line.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


class DrawnRightToLeft(str):
    """A line (in logical order) whose glyphs are drawn one by one from the right margin
    leftwards, as some producers write Hebrew and Arabic; a space is a gap, not a glyph.

    Its glyphs come from a Type3 font whose glyphs are filled squares, so that each has a box
    as glyphs of embedded fonts do (PDFium leaves out a text object without any extent, such as
    one glyph of a font it has no outlines for)."""


class Spaced(str):
    """A line set with 3 pt of character spacing (``Tc``), as justified Chinese and Japanese
    lines spread their characters."""


class Cells(tuple):
    """One printed row of separately placed pieces: ``Cells(((72, "left"), (320, "right")))``
    draws each text (Windows-1252, Helvetica 12 pt) at its x on the row's baseline, in the given
    order: a table row, or the lines of two columns drawn across the page."""


def _literal(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _to_unicode(codes: dict[str, int], digits: int) -> bytes:
    """A ToUnicode CMap mapping each code (``digits`` hex digits) to its one character."""
    bfchar = "\n".join(f"<{code:0{digits}X}> <{ch.encode('utf-16-be').hex().upper()}>"
                       for ch, code in codes.items())
    top = "F" * digits
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            f"1 begincodespacerange\n<{'0' * digits}> <{top}>\nendcodespacerange\n"
            f"{len(codes)} beginbfchar\n{bfchar}\nendbfchar\n"
            "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend").encode()


def build_pdf(pages: list[list[str]], title: str | None = None, scaled: bool = False) -> bytes:
    """A small valid PDF, written by hand, one text line per list item (12 pt, 14 pt apart).

    Lines that fit Windows-1252 are set in Helvetica; others in a Type0 font whose ToUnicode CMap
    maps one two-byte code per code point (no glyphs are needed to extract text; each is 12 pt
    wide), and :class:`DrawnRightToLeft` lines in a Type3 font of boxes. As in most real PDFs,
    right-to-left lines must be given in visual order (reversed), except a
    :class:`DrawnRightToLeft` line. See also :class:`Spaced` and :class:`Cells`. An empty string
    leaves an empty line (a paragraph gap). A page given as [] has no text at all, like a
    scanned page. ``scaled``: the font is set at 1 pt and scaled to 12 pt by the text matrix
    (``1 Tf`` with ``12 0 0 12 x y Tm``), as some producers write every line.
    """
    chars = sorted({ch for page in pages for line in page
                    if not isinstance(line, (DrawnRightToLeft, Cells)) and not _winansi(line)
                    for ch in line})
    cid = {ch: i + 1 for i, ch in enumerate(chars)}
    drawn = sorted({ch for page in pages for line in page
                    if isinstance(line, DrawnRightToLeft) for ch in line if ch != " "})
    assert len(drawn) < 256, "a Type3 font has one-byte codes"
    code = {ch: i + 1 for i, ch in enumerate(drawn)}

    objects: dict[int, bytes] = {
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        4: pdf_stream(_to_unicode(cid, 4)),
        5: (b"<< /Type /Font /Subtype /Type0 /BaseFont /Uni /Encoding /Identity-H "
            b"/DescendantFonts [6 0 R] /ToUnicode 4 0 R >>"),
        6: (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Uni /CIDSystemInfo "
            b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>"),
        7: (b"<< /Type /Font /Subtype /Type3 /FontBBox [0 -200 1000 800] "
            b"/FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << /box 9 0 R >> "
            b"/Encoding << /Type /Encoding /Differences [1 %s] >> /FirstChar 1 /LastChar %d "
            b"/Widths [%s] /ToUnicode 8 0 R /Resources << >> >>"
            % (b" /box" * len(drawn), max(len(drawn), 1), b" 1000" * max(len(drawn), 1))),
        8: pdf_stream(_to_unicode(code, 2)),
        9: pdf_stream(b"1000 0 0 -200 1000 800 d1 0 -200 1000 1000 re f"),
    }
    kids = []
    number = 10
    for page in pages:
        size = b"1" if scaled else b"12"
        ops = ([b"BT", b"1.1667 TL", b"12 0 0 12 72 720 Tm"] if scaled
               else [b"BT", b"14 TL", b"72 720 Td"])
        for row, line in enumerate(page):
            if isinstance(line, (DrawnRightToLeft, Cells)) and scaled:
                raise ValueError("scaled pages take plain lines only")
            if isinstance(line, Cells):
                ops.append(b"ET")
                for x, text in line:
                    ops.append(b"BT /F1 12 Tf %d %d Td %s Tj ET" % (x, 720 - 14 * row,
                                                                   _literal(text)))
                ops.append(b"BT 14 TL 72 %d Td T*" % (720 - 14 * row))
                continue
            if isinstance(line, Spaced):
                ops.append(b"3 Tc")
            if isinstance(line, DrawnRightToLeft):
                ops.append(b"ET")
                for index, ch in enumerate(line):
                    if ch != " ":
                        x = 540 - 12 * (index + 1)
                        ops.append(b"BT /F3 12 Tf %d %d Td <%02X> Tj ET"
                                   % (x, 720 - 14 * row, code[ch]))
                ops.append(b"BT 14 TL 72 %d Td T*" % (720 - 14 * row))
            elif _winansi(line):
                ops.append(b"/F1 %s Tf %s Tj T*" % (size, _literal(line)))
            else:
                codes = "".join(f"{cid[ch]:04X}" for ch in line).encode()
                ops.append(b"/F2 %s Tf <%s> Tj T*" % (size, codes))
            if isinstance(line, Spaced):
                ops.append(b"0 Tc")
        ops.append(b"ET")
        if not page:  # a drawn rectangle and no text, like a scanned image
            ops = [b"0.5 g 72 72 468 648 re f"]
        objects[number] = pdf_stream(b"\n".join(ops))
        objects[number + 1] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font "
            b"<< /F1 3 0 R /F2 5 0 R /F3 7 0 R >> >> /Contents %d 0 R >>" % number)
        kids.append(number + 1)
        number += 2
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % kid for kid in kids), len(kids))
    info = None
    if title is not None:
        utf16 = b"FEFF" + title.encode("utf-16-be").hex().encode()
        objects[number] = b"<< /Title <%s> >>" % utf16
        info = number
    return pdf_from_objects(objects, info)


def pdf_stream(data: bytes, entries: bytes = b"") -> bytes:
    """A stream object holding ``data`` (``entries``: more of its dictionary)."""
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), entries, data)


def pdf_from_objects(objects: dict[int, bytes], info: int | None = None) -> bytes:
    """A PDF file of numbered objects (1 is the catalog) with a classic cross-reference table;
    objects may be anything, so that damaged structures can be written on purpose."""
    info_entry = b" /Info %d 0 R" % info if info is not None else b""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, objects[num])
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num]
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (size, info_entry,
                                                                              xref)
    return bytes(out)


# --- fixtures exposing the builders (test modules do not import conftest) ------------------------

@pytest.fixture
def pdf_bytes() -> Callable[..., bytes]:
    return build_pdf


@pytest.fixture
def drawn_right_to_left() -> type[DrawnRightToLeft]:
    return DrawnRightToLeft


@pytest.fixture
def billion_laughs() -> str:
    """An XML prolog declaring exponentially nested entities (10**9 'lol's if expanded)."""
    return BILLION_LAUGHS


@pytest.fixture
def odt_xml() -> Callable[..., str]:
    return odt_content


@pytest.fixture
def zip_file(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str, entries: dict[str, bytes | str]) -> Path:
        return write_zip(tmp_path / name, entries)

    return make


@pytest.fixture
def mixed() -> str:
    """Emoji, CJK, a combining mark and right-to-left text in one line."""
    return f"{EMOJI} {CJK} caf{COMBINING} {RTL}"
