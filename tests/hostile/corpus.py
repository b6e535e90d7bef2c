"""The hostile and broken input corpus: bad files of every format the app reads.

Small files are checked in under ``files/``; the rest (binary, or large) are built here at test
time by :func:`build`, each by a function that writes one file. Every :class:`Case` says how the
app is given the file (``import`` a document, ``codebook`` import, ``open`` a project), what must
come of it (``refused`` with one line holding ``expect``, or ``imported``), and whether it is
``big`` (only in the slow run).

Formats and kinds covered: .txt/.md (empty, binary, invalid UTF-8, a BOM only, a single 50 MB
line), .html (1 MB of ``<div>``, ``<!``, ``<a``, ``<!--``; binary), .docx and .odt (truncated,
damaged, zip bombs with honest and lying sizes, entries that climb out or are absolute, external
entities, entity expansion, deep nesting, password-protected, other kinds of office file), .pdf
(truncated, not a PDF, password-protected, AES with an empty password, recursive page tree and
form, no text, and decompression bombs of every kind PDFium unpacks: page content, a content stream
shared by 200 pages, forms drawn many times and nested, font programs and character maps, text a
letter at a time, a filter chain, encrypted, damaged), .qdc/.qdpx (external entities, entity
expansion, deep nesting, truncated, 50,000 sibling codes, a 10 MB name, not a codebook, zip entries
that climb out or are absolute, a bomb), .csv codebooks (200,000 rows, 5,000 levels, binary, empty,
a 10 MB name), .xlsx (nothing in the app reads it: given to ``import`` it is refused as
unsupported), projects (a newer version, not SQLite, another program's SQLite, a table missing,
truncated, empty).
"""

from __future__ import annotations

import io
import random
import shutil
import sqlite3
import struct
import uuid
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.hostile import pdf_bombs
from tests.hostile_xml import billion_laughs_doctype
from tests.importers.builders import (
    ODT_MIMETYPE,
    build_pdf,
    docx_xml,
    odt_content,
)

FILES = Path(__file__).parent / "files"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)
XXE = '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
MB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    """One bad file and what the app must make of it."""

    name: str  # the file's name (its suffix picks the reader)
    make: Callable[[Path], None] | None  # writes the file at the path given; None: in files/
    command: str  # "import" | "codebook" | "open"
    # "imported", or a fragment of the one-line refusal (case-insensitive); "a|b": either
    expect: str
    big: bool = False  # built and run only in the slow run
    known_gap: str = ""  # why the app does not pass yet (the test expects the failure)

    @property
    def kind(self) -> str:
        """The class of file, for the figures: its suffix."""
        return Path(self.name).suffix.lstrip(".") or "none"


# -- writers -----------------------------------------------------------------------------------


def _zip(path: Path, entries: dict[str, bytes | str], stored: tuple[str, ...] = ()) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            kind = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=kind)


def _docx(body_xml: str) -> Callable[[Path], None]:
    return lambda path: _zip(path, {"[Content_Types].xml": CONTENT_TYPES,
                                    "word/document.xml": body_xml})


def _odt(content: str, mimetype: str = ODT_MIMETYPE) -> Callable[[Path], None]:
    return lambda path: _zip(path, {"mimetype": mimetype, "content.xml": content},
                             stored=("mimetype",))


def _valid_docx() -> bytes:
    buffer = io.BytesIO()
    _zip_to(buffer, {"[Content_Types].xml": CONTENT_TYPES,
                     "word/document.xml": docx_xml("<w:p><w:r><w:t>"
                                                   + "Glocal words. " * 400
                                                   + "</w:t></w:r></w:p>")})
    return buffer.getvalue()


def _zip_to(target: io.BytesIO, entries: dict[str, str]) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)


def _truncated(data: Callable[[], bytes]) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data()[: len(data()) // 2])


def _damaged_docx(path: Path) -> None:
    """A .docx whose document.xml's compressed bytes are overwritten (the directory intact)."""
    data = bytearray(_valid_docx())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    rng = random.Random(7)
    for offset in range(start + 4, start + min(info.compress_size, 400)):
        data[offset] = rng.randrange(256)
    path.write_bytes(bytes(data))


def _repeated_deflate(prefix: bytes, filler: int, megabytes: int) -> tuple[bytes, int, int]:
    """Raw deflate of ``prefix`` and ``megabytes`` MB of ``filler``, built fast: one full-flushed
    segment of 1 MB (which inflates on its own) repeated. Returns (data, crc32, adler32 start)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = bytes([filler]) * MB
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    segment = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush()
    crc, adler = zlib.crc32(prefix), zlib.adler32(prefix)
    for _ in range(megabytes):
        crc, adler = zlib.crc32(block, crc), zlib.adler32(block, adler)
    return head + segment * megabytes + tail, crc, adler


def _deflated_entry(name: str, prefix: bytes, filler: int, size: int, suffix: bytes) -> bytes:
    """One zip holding ``name``: ``prefix`` then ``size`` bytes (whole MB) of ``filler``."""
    assert not suffix
    data, crc, _adler = _repeated_deflate(prefix, filler, size // MB)
    total = len(prefix) + (size // MB) * MB
    return _zip_with(name, data, crc, total, total)


def _zip_with(name: str, compressed: bytes, crc: int, size: int, declared: int) -> bytes:
    """A one-entry zip written by hand; ``declared`` is the unpacked size its headers claim."""
    encoded = name.encode()
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(compressed),
                        declared, len(encoded), 0) + encoded
    central = struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc,
                          len(compressed), declared, len(encoded), 0, 0, 0, 0, 0, 0) + encoded
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, len(central),
                      len(local) + len(compressed), 0)
    return local + compressed + central + end


def _docx_bomb(declared_honestly: bool) -> Callable[[Path], None]:
    """A small .docx whose body unpacks to 300 MB of spaces (the declared size true or a lie)."""

    def make(path: Path) -> None:
        head = docx_xml("<w:p><w:r><w:t>bomb</w:t></w:r></w:p>").encode()
        data = _deflated_entry("word/document.xml", head, ord(" "), 300 * 1024 * 1024, b"")
        if not declared_honestly:  # rewrite both size fields to claim 1 KB
            data = _lie_about_size(data, 1024)
        path.write_bytes(data)

    return make


def _lie_about_size(data: bytes, declared: int) -> bytes:
    out = bytearray(data)
    out[22:26] = struct.pack("<I", declared)  # local header: uncompressed size
    central = out.rfind(b"PK\x01\x02")
    out[central + 24:central + 28] = struct.pack("<I", declared)
    return bytes(out)


_pdf = pdf_bombs.document

_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _recursive_pages(path: Path) -> None:
    content = b"BT /F1 12 Tf 72 720 Td (Pages that hold themselves) Tj ET"
    path.write_bytes(_pdf({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R >> >> >>",
        4: b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        5: _FONT,
    }))


def _recursive_form(path: Path) -> None:
    content = b"BT /F1 12 Tf 72 720 Td (A form that draws itself) Tj ET /X1 Do"
    form = b"/X1 Do"
    path.write_bytes(_pdf({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources "
           b"<< /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> >>",
        4: b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        5: _FONT,
        6: b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject "
           b"<< /X1 6 0 R >> >> /Length %d >>\nstream\n%s\nendstream" % (len(form), form),
    }))


def _encrypted_pdf(user: str, algorithm: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        import pypdf

        reader = pypdf.PdfReader(io.BytesIO(build_pdf([["Encrypted glocal text."]])))
        writer = pypdf.PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        writer.encrypt(user_password=user, owner_password="owner-secret", algorithm=algorithm)
        buffer = io.BytesIO()
        writer.write(buffer)
        path.write_bytes(buffer.getvalue())

    return make


def _qdc(codes: str, prolog: str = '<?xml version="1.0" encoding="UTF-8"?>\n') -> str:
    return f'{prolog}<CodeBook xmlns="{CODEBOOK_NS}"><Codes>{codes}</Codes></CodeBook>'


def _code(name: str, inner: str = "") -> str:
    return f'<Code guid="{uuid.uuid4()}" name="{name}" isCodable="true">{inner}</Code>'


def _text(text: str | Callable[[], str], encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda path: path.write_text(text() if callable(text) else text, encoding=encoding)


def _bytes(data: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data() if callable(data) else data)


def _deep_qdc() -> str:
    inner = ""
    for level in range(300):
        inner = _code(f"level {level}", inner)
    return _qdc(inner)


def _project(path: Path, change: Callable[[sqlite3.Connection], None] | None = None) -> None:
    from glocal_annotator.importers import ExtractedText
    from glocal_annotator.project import Project

    with Project.create(path, coder="ana") as project:
        document = project.add_document("a.txt", ExtractedText("Local food, global brands.\n",
                                                               "txt")).result
        project.add_coding(document, project.find_code("hybridization").id, 0, 10)
    if change is not None:
        conn = sqlite3.connect(path)
        change(conn)
        conn.commit()
        conn.close()


def _truncated_project(path: Path) -> None:
    _project(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _other_app(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, what TEXT)")
    conn.execute("INSERT INTO orders (what) VALUES ('tea')")
    conn.commit()
    conn.close()


def _random_bytes(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


def _traversal_qdpx(entry: str) -> Callable[[Path], None]:
    return lambda path: _zip(path, {"project.qde": _qdc(_code("A")), entry: "owned"})


def _qdpx_bomb(path: Path) -> None:
    head = _qdc(_code("A")).encode()
    path.write_bytes(_deflated_entry("project.qde", head, ord(" "), 120 * 1024 * 1024, b""))


# -- the cases ---------------------------------------------------------------------------------

DEEP_XML = "<w:p>" * 100_000

CASES: tuple[Case, ...] = (
    # plain text
    Case("empty.txt", None, "import", "empty (0 bytes)"),
    Case("binary.txt", None, "import", "binary"),
    Case("png-named.txt", _bytes(b"\x89PNG\r\n\x1a\n" + _random_bytes(4096, 1)), "import",
         "binary"),
    Case("invalid-utf8.txt", None, "import", "encoding"),
    Case("bom-only.txt", _bytes(b"\xef\xbb\xbf\n\n"), "import", "no text"),
    Case("nul-bytes.md", _bytes(b"text\x00" * 5000), "import", "binary"),
    Case("one-line-50mb.txt", _text(lambda: "glocal " * (50 * MB // 7)), "import",
         "more than a document may have", big=True),
    # HTML
    Case("div-1mb.html", _text("<div>" * (MB // 5)), "import", "open at once"),
    Case("bang-1mb.html", _text("<!" * (MB // 2)), "import", "imported"),
    Case("unclosed-a-1mb.html", _text("<a" * (MB // 2)), "import", "imported", big=True),
    Case("unclosed-comment-1mb.html", _text("<p>seen</p>" + "<!--" * (MB // 4)), "import",
         "imported", big=True),
    Case("bang-4mb.html", _text("<!" * (2 * MB)), "import", "imported", big=True),
    Case("unclosed-a-4mb.html", _text("<a" * (2 * MB)), "import", "imported", big=True),
    Case("unclosed-comment-4mb.html", _text("<!--x>" * (MB // 2) + "<!--" * MB), "import",
         "imported", big=True),
    Case("binary.html", _bytes(lambda: _random_bytes(8192, 2)), "import", "binary"),
    # Word
    Case("truncated.docx", _truncated(_valid_docx), "import", "not a valid word"),
    Case("damaged.docx", _damaged_docx, "import", "damaged"),
    Case("bomb-honest.docx", _docx_bomb(True), "import", "zip bomb"),
    Case("bomb-lying.docx", _docx_bomb(False), "import", "damaged"),
    Case("climbs-out.docx", lambda p: _zip(p, {"word/document.xml": docx_xml(""),
                                               "../../evil.txt": "x"}), "import",
         "points outside"),
    Case("absolute.docx", lambda p: _zip(p, {"word/document.xml": docx_xml(""),
                                             "/etc/evil": "x"}), "import", "absolute"),
    Case("xxe.docx", _docx(docx_xml("<w:p><w:r><w:t>&x;</w:t></w:r></w:p>", XXE)), "import",
         "dtd"),
    Case("laughs.docx", _docx(docx_xml("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>",
                                       billion_laughs_doctype("w:document"))), "import", "dtd"),
    Case("deep.docx", _docx(docx_xml(DEEP_XML)), "import", "not well-formed"),
    Case("password.docx", _bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)), "import",
         "password-protected"),
    Case("empty-zip.docx", lambda p: _zip(p, {}), "import", "not a valid word"),
    # OpenDocument
    Case("truncated.odt", _truncated(lambda: _valid_odt()), "import", "not a valid"),
    Case("big-content.odt", lambda p: p.write_bytes(_deflated_entry(
        "content.xml", odt_content("<text:p>x</text:p>").encode(), ord(" "), 60 * MB, b"")),
         "import", "more than the 48 mb"),
    Case("xxe.odt", _odt(odt_content("<text:p>&x;</text:p>", XXE)), "import", "dtd"),
    Case("laughs.odt", _odt(odt_content("<text:p>&lol9;</text:p>",
                                        billion_laughs_doctype("office:document-content"))),
         "import", "dtd"),
    Case("deep.odt", _odt(odt_content("<text:span>" * 100_000)), "import", "not well-formed"),
    Case("spreadsheet.odt", _odt(odt_content("<text:p>x</text:p>"),
                                 "application/vnd.oasis.opendocument.spreadsheet"), "import",
         "not a text document"),
    Case("space-bomb.odt", _odt(odt_content('<text:p><text:s text:c="2000000000"/></text:p>')),
         "import", "spaces"),
    # PDF
    Case("truncated.pdf", _truncated(lambda: build_pdf([["Some text on a page."]] * 3)),
         "import", "damaged"),
    Case("not-a.pdf", _text("This is plain text, named .pdf\n"), "import", "not a pdf"),
    Case("password.pdf", _encrypted_pdf("secret", "AES-256"), "import", "encrypted"),
    Case("aes-empty-password.pdf", _encrypted_pdf("", "AES-128"), "import", "imported"),
    Case("aes256-empty-password.pdf", _encrypted_pdf("", "AES-256"), "import", "imported"),
    Case("recursive-pages.pdf", _recursive_pages, "import", "imported|text layer"),
    Case("recursive-form.pdf", _recursive_form, "import", "imported"),
    # decompression bombs, each a way PDFium unpacks (tests/hostile/pdf_bombs.py); without the
    # pre-scan they peaked at 625 MB, 2.5 GB, 3.2 GB, 424 MB, 563 MB or ran over a minute
    Case("inflate-bomb.pdf", _bytes(pdf_bombs.page_content_bomb), "import", "decompression bomb"),
    Case("shared-content-bomb.pdf", _bytes(pdf_bombs.shared_content_bomb), "import",
         "expands to more than 256 mb of page content"),
    Case("form-bomb.pdf", _bytes(pdf_bombs.form_bomb), "import", "decompression bomb"),
    Case("nested-form-bomb.pdf", _bytes(pdf_bombs.nested_form_bomb), "import",
         "decompression bomb"),
    Case("tounicode-bomb.pdf", _bytes(pdf_bombs.font_bomb), "import", "fonts expand"),
    Case("fontfile-bomb.pdf", _bytes(lambda: pdf_bombs.font_bomb(b"/FontFile2")), "import",
         "fonts expand"),
    Case("text-bomb.pdf", _bytes(pdf_bombs.text_bomb), "import", "mb of text"),
    Case("chained-filter-bomb.pdf", _bytes(pdf_bombs.chained_filter_bomb), "import",
         "decompression bomb"),
    Case("encrypted-bomb.pdf", _bytes(pdf_bombs.encrypted_bomb), "import", "decompression bomb"),
    Case("damaged-bomb.pdf", _bytes(pdf_bombs.damaged_bomb), "import", "decompression bomb"),
    # the heaviest the pre-scan lets through stay within the bounds too (249 MB and 283 MB)
    Case("under-page-limit.pdf", _bytes(pdf_bombs.just_under_the_page_limit), "import",
         "text layer", big=True),
    Case("under-text-limit.pdf", _bytes(pdf_bombs.just_under_the_text_limit), "import",
         "imported", big=True),
    Case("no-text.pdf", _bytes(lambda: build_pdf([[]])), "import", "text layer"),
    # REFI-QDA codebooks and projects
    Case("xxe.qdc", None, "codebook", "declares entities"),
    Case("laughs.qdc", _text(_qdc("<Code name='&lol9;'/>", billion_laughs_doctype("CodeBook"))),
         "codebook", "declares entities"),
    # never fetched; lxml 5.0 (our floor) refuses it as an entity reference, later ones read it
    Case("external-dtd.qdc", None, "codebook", "imported|entity reference"),
    Case("deep.qdc", _text(_deep_qdc), "codebook", "not well-formed"),
    Case("truncated.qdc", None, "codebook", "not well-formed"),
    Case("siblings-50000.qdc", _text(lambda: _qdc("".join(_code(f"c{n}")
                                                          for n in range(50_000)))),
         "codebook", "more than 20,000 codes"),
    Case("name-10mb.qdc", _text(lambda: _qdc(_code("n" * (10 * MB)))), "codebook",
         "cannot read"),
    Case("not-a-codebook.qdc", None, "codebook", "not a refi-qda codebook"),
    Case("climbs-out.qdpx", _traversal_qdpx("../evil.txt"), "codebook", "points outside"),
    Case("absolute.qdpx", _traversal_qdpx("/tmp/evil.txt"), "codebook", "absolute"),
    Case("bomb.qdpx", _qdpx_bomb, "codebook", "more than 50 mb"),
    Case("truncated.qdpx", _truncated(lambda: _zip_bytes({"project.qde": _qdc(_code("A")
                                                                               * 200)})),
         "codebook", "zip"),
    # CSV codebooks
    Case("rows-200000.csv", _text(lambda: "name\n" + "".join(f"code {n}\n"
                                                            for n in range(200_000))),
         "codebook", "at most 20,000 codes"),
    Case("deep-5000.csv", _text(lambda: "path\n" + "/".join(f"c{n}" for n in range(5000))),
         "codebook", "at most 250 levels"),
    Case("binary.csv", _bytes(lambda: _random_bytes(4096, 3)), "codebook", "cannot read"),
    Case("empty.csv", _bytes(b""), "codebook", "cannot read"),
    Case("name-10mb.csv", _text(lambda: "name\n" + "n" * (10 * MB) + "\n"), "codebook",
         "131,072 characters"),
    Case("name-100kb.csv", _text(lambda: "name\n" + "n" * 100_000 + "\n"), "codebook",
         "at most 1,024"),
    # spreadsheets: nothing in the app reads .xlsx
    Case("corrupt.xlsx", _truncated(_valid_docx), "import", "supported:"),
    # projects
    Case("newer.glocal", lambda p: _project(p, lambda c: c.execute("PRAGMA user_version = 99")),
         "open", "newer glocal annotator"),
    Case("not-sqlite.glocal", None, "open", "not a glocal annotator project"),
    Case("other-app.glocal", _other_app, "open", "another program's database"),
    Case("table-missing.glocal", lambda p: _project(p, lambda c: c.execute("DROP TABLE codings")),
         "open", "damaged"),
    Case("truncated.glocal", _truncated_project, "open",
         "damaged|not a glocal annotator project"),
    Case("empty.glocal", _bytes(b""), "open", "empty file"),
)


def _valid_odt() -> bytes:
    return _zip_bytes({"mimetype": ODT_MIMETYPE, "content.xml": odt_content(
        "<text:p>" + "Glocal words. " * 300 + "</text:p>")})


def _zip_bytes(entries: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    _zip_to(buffer, entries)
    return buffer.getvalue()


def build(folder: Path, *, big: bool = False) -> list[tuple[Case, Path]]:
    """Write every case (the big ones only with ``big``) into ``folder``; ``(case, path)``."""
    folder.mkdir(parents=True, exist_ok=True)
    built = []
    for case in CASES:
        if case.big and not big:
            continue
        path = folder / case.name
        if case.make is None:
            shutil.copyfile(FILES / case.name, path)
        else:
            case.make(path)
        built.append((case, path))
    return built


def checked_in() -> list[str]:
    """The names of the cases kept as files (for the test that they are all there)."""
    return [case.name for case in CASES if case.make is None]
