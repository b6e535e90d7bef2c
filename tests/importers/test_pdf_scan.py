"""The PDF pre-scan: what a PDF's pages unpack to, measured in bounded steps before PDFium reads
it, and the one-line refusal of a decompression bomb (issue 13)."""

from __future__ import annotations

import base64
import io
import zlib

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glocal_annotator.errors import ImportFailure
from glocal_annotator.importers import extract, pdf_inflate, pdf_scan
from glocal_annotator.importers import pdf as pdf_importer
from glocal_annotator.importers.pdf_inflate import STEP, WHOLE_AS_TEXT, measure
from glocal_annotator.limits import (
    MAX_PDF_CONTENT_BYTES,
    MAX_PDF_FONT_BYTES,
    MAX_PDF_PAGE_CONTENT_BYTES,
    MAX_PDF_PAGE_TEXT_BYTES,
)
from tests.hostile import pdf_bombs
from tests.hostile.pdf_bombs import MB, filled, flate_of, pages, stream
from tests.importers.builders import build_pdf

FLATE = ["/FlateDecode"]
LINES = b"72 720 m 100 700 l S\n"


# -- one stream --------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=5000), repeat=st.integers(1, 300), cap=st.integers(0, 400_000))
def test_flate_is_measured_exactly_up_to_the_cap(data, repeat, cap):
    plain = data * repeat
    decoded = measure(zlib.compress(plain), FLATE, cap)
    assert decoded.size == min(len(plain), cap + 1)


def test_a_bomb_is_unpacked_a_step_at_a_time_and_no_further_than_the_cap():
    chunks = list(pdf_inflate._inflate(flate_of(*filled(b" ", 300 * MB)), 5 * MB + 1))
    assert max(len(chunk) for chunk in chunks) <= STEP
    assert sum(len(chunk) for chunk in chunks) == 5 * MB + 1
    assert measure(flate_of(*filled(b" ", 300 * MB)), FLATE, 5 * MB).size == 5 * MB + 1


def test_filters_before_the_flate_are_decoded_first():
    plain = b"BT (glocal) Tj ET\n" * 1000
    a85 = base64.a85encode(zlib.compress(plain)) + b"~>"
    assert measure(a85, ["/ASCII85Decode", "/FlateDecode"], 10**9).size == len(plain)
    hexed = zlib.compress(plain).hex().encode() + b">"
    assert measure(hexed, ["/AHx", "/Fl"], 10**9).size == len(plain)
    twice = zlib.compress(zlib.compress(plain))
    assert measure(twice, FLATE * 2, 10**9).size == len(plain)


def test_raw_deflate_and_damaged_streams_count_what_comes_out():
    plain = b"q 1 0 0 1 0 0 cm Q\n" * 5000
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = compressor.compress(plain) + compressor.flush()
    assert measure(raw, FLATE, 10**9).size == len(plain)
    damaged = zlib.compress(plain)
    cut = damaged[: len(damaged) // 2] + b"\xff" * 64
    assert 0 < measure(cut, FLATE, 10**9).size < len(plain)
    assert measure(b"not zlib at all", FLATE, 10**9).size == 0


def test_unknown_filters_and_plain_streams_count_their_bytes():
    assert measure(b"x" * 500, [], 10**9).size == 500
    assert measure(b"x" * 500, ["/DCTDecode"], 10**9).size == 500
    assert measure(b"x" * 500, [], 100).size == 101


def test_text_is_the_bytes_inside_strings_once_a_stream_is_worth_looking_at():
    small = b"BT (glocal) Tj ET 72 720 m 100 700 l S\n" * 100
    assert measure(small, [], 10**9).text == len(small)  # small: counted whole
    big = (b"(a)Tj " + LINES) * (2 * MB // 27)
    text = measure(zlib.compress(big), FLATE, 10**9).text
    assert text == 3 * (2 * MB // 27)
    paths = LINES * (WHOLE_AS_TEXT // len(LINES) + 10)
    assert measure(zlib.compress(paths), FLATE, 10**9).text == 0


def test_a_string_cut_by_the_edge_of_a_step_is_counted():
    long_string = b"(" + b"a" * (3 * STEP) + b") Tj"
    decoded = measure(zlib.compress(LINES * 5000 + long_string), FLATE, 10**9)
    assert decoded.text >= 3 * STEP


def test_forms_drawn_are_counted_by_name():
    content = b"q /X1 Do Q /Im0 Do /X1 Do\n/X#202 Do (Do) Tj /Fm1Do"
    assert measure(content, [], 10**9).draws == {b"X1": 2, b"Im0": 1, b"X#202": 1}


# -- a document ---------------------------------------------------------------------------------


def _decoded_contents(data: bytes) -> int:
    return sum(len(page.get_contents().get_data()) for page in pypdf.PdfReader(io.BytesIO(data))
               .pages)


def test_an_honest_document_is_measured_page_by_page_with_fonts_once():
    data = build_pdf([["Glocal text, page one.", "全球本土化"], ["Page two."]] * 20)
    found = pdf_scan.scan(data)
    reader = pypdf.PdfReader(io.BytesIO(data))
    fonts = sum(len(reader.get_object(n).get_data()) for n in (4, 8, 9))  # maps, Type 3 glyph
    assert found.pages == 40 and not found.raw
    assert found.fonts == fonts
    assert found.content == _decoded_contents(data) + fonts
    assert found.largest_page == max(len(p.get_contents().get_data()) for p in reader.pages)


def test_a_stream_shared_by_pages_counts_once_per_page():
    data = pages([4, 4, 4], {4: stream(flate_of(*filled(LINES, 2 * MB)))})
    found = pdf_scan.scan(data)
    block, times = filled(LINES, 2 * MB)
    assert found.pages == 3 and found.content == 3 * len(block) * times


def test_forms_count_each_time_they_are_drawn_and_inside_each_other():
    data = pdf_bombs.nested_form_bomb(outer=3, inner=5, kilobytes=64)
    found = pdf_scan.scan(data)
    inner_form = len(LINES * (64 * 1024 // 21))
    assert found.largest_page == len(b"/A Do\n" * 3) + 3 * (len(b"/B Do\n" * 5) + 5 * inner_form)


def test_a_form_that_draws_itself_and_a_page_tree_that_holds_itself_end():
    form = b"/X1 Do /X1 Do"
    data = pages([4], {
        4: stream(b"/X1 Do", filters=b""),
        5: stream(form, b"/Type /XObject /Subtype /Form /BBox [0 0 1 1] "
                  b"/Resources << /XObject << /X1 5 0 R >> >>", filters=b""),
    }, resources=b"/XObject << /X1 5 0 R >>")
    assert pdf_scan.scan(data).largest_page == len(b"/X1 Do") + len(form)
    looped = data.replace(b"/Kids [1000 0 R]", b"/Kids [1000 0 R 2 0 R]")
    assert pdf_scan.scan(looped).pages == 1


@pytest.mark.parametrize(("bomb", "said"), [
    (lambda: pdf_bombs.page_content_bomb(40), f"page 1 expands to more than "
     f"{MAX_PDF_PAGE_CONTENT_BYTES // MB} MB of page content"),
    (lambda: pdf_bombs.shared_content_bomb(20, 15), f"it expands to more than "
     f"{MAX_PDF_CONTENT_BYTES // MB} MB of page content"),
    (lambda: pdf_bombs.form_bomb(40), "page 1 expands to more than"),
    (lambda: pdf_bombs.nested_form_bomb(), "page 1 expands to more than"),
    (lambda: pdf_bombs.font_bomb(b"/ToUnicode", 70), f"its fonts expand to more than "
     f"{MAX_PDF_FONT_BYTES // MB} MB"),
    (lambda: pdf_bombs.font_bomb(b"/FontFile2", 70), "its fonts expand to more than"),
    (lambda: pdf_bombs.text_bomb(3), f"page 1 shows more than {MAX_PDF_PAGE_TEXT_BYTES // MB} MB "
     "of text"),
    (lambda: pdf_bombs.chained_filter_bomb(40), "page 1 expands to more than"),
    (lambda: pdf_bombs.encrypted_bomb(20), "page 1 expands to more than"),
    (lambda: pdf_bombs.damaged_bomb(40), "a stream in it expands to more than"),
], ids=["page", "shared", "form", "nested-forms", "tounicode", "fontfile", "text", "chain",
        "encrypted", "damaged"])
def test_each_kind_of_bomb_is_refused_in_one_line_before_pdfium(bomb, said, tmp_path,
                                                                 monkeypatch):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(bomb())
    monkeypatch.setattr(pdf_importer, "_read", _pdfium_must_not_run)
    with pytest.raises(ImportFailure) as caught:
        extract(path)
    message = str(caught.value)
    assert said in message and message.endswith(
        "(a decompression bomb or a damaged file); not imported.")
    assert message.startswith("Cannot import bomb.pdf: ") and "\n" not in message


def _pdfium_must_not_run(path, data):
    raise AssertionError("PDFium was given a decompression bomb")


def test_just_under_the_limits_is_imported(tmp_path):
    block, times = filled(LINES, MAX_PDF_PAGE_CONTENT_BYTES - MB)
    text = b"BT /F1 12 Tf 72 720 Td (Glocal words under the limit.) Tj ET\n"
    data = pages([4, 5], {4: stream(flate_of(block, times)), 5: stream(text, filters=b"")})
    path = tmp_path / "heavy.pdf"
    path.write_bytes(data)
    assert pdf_scan.check_expansion(path, data).largest_page == len(block) * times
    assert "Glocal words under the limit." in extract(path).text


def test_a_file_pypdf_cannot_read_is_scanned_raw(monkeypatch):
    def unreadable(*args, **kwargs):
        raise pypdf.errors.PdfReadError("cannot read")

    monkeypatch.setattr(pypdf, "PdfReader", unreadable)
    honest = pdf_scan.scan(build_pdf([["Glocal text."]]))
    assert honest.raw and 0 < honest.content < 10_000
    with pytest.raises(pdf_scan.TooMuch, match="a stream in it expands"):
        pdf_scan.scan(pdf_bombs.page_content_bomb(40))
    image = stream(flate_of(*filled(b" ", 40 * MB)), b"/Subtype /Image")
    assert pdf_scan.scan(b"%PDF-1.4\n1 0 obj\n" + image).content == 0  # PDFium leaves it packed
    font = stream(flate_of(*filled(b"\0", 20 * MB)), b"/Length1 %d" % (20 * MB))
    assert pdf_scan.scan(b"%PDF-1.4\n1 0 obj\n" + font).fonts == 20 * MB  # a whole CJK font
    with pytest.raises(pdf_scan.TooMuch, match="its fonts expand"):
        pdf_scan.scan(b"%PDF-1.4\n1 0 obj\n" + font * 4)
    monkeypatch.setattr(pdf_scan, "MAX_PDF_CONTENT_BYTES", 20 * MB)
    many = b"".join(stream(flate_of(*filled(b" ", 8 * MB))) for _ in range(3))
    with pytest.raises(pdf_scan.TooMuch, match="20 MB of page content"):
        pdf_scan.scan(b"%PDF-1.4\n" + many)


def test_a_file_that_needs_a_password_is_left_to_pdfium(tmp_path):
    reader = pypdf.PdfReader(io.BytesIO(pdf_bombs.page_content_bomb(40)))
    writer = pypdf.PdfWriter()
    writer.add_page(reader.pages[0])
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert pdf_scan.scan(buffer.getvalue()).content == 0
    path = tmp_path / "locked.pdf"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ImportFailure, match="encrypted"):
        extract(path)


def test_characters_are_counted_page_by_page_against_the_document_limit(tmp_path, monkeypatch):
    path = tmp_path / "long.pdf"
    path.write_bytes(build_pdf([["Glocal words on a page, " * 3]] * 10))
    monkeypatch.setattr(pdf_importer, "MAX_DOCUMENT_CHARACTERS", 200)
    with pytest.raises(ImportFailure, match=r"its first 3 pages hold more characters than a "
                       r"document may have"):
        extract(path)


def test_pypdf_keeps_a_streams_encoded_bytes_decrypted_in_its_data():
    """The scan reads ``StreamObject._data`` (pypdf's private name for the bytes as filed, after
    decryption, before the filters) so that it can unpack them itself, in bounded steps; this
    pins it, so that a pypdf release that moves it fails here (the floor runs it too)."""
    plain = b"BT /F1 12 Tf 72 720 Td (Glocal) Tj ET"
    bomb = pdf_bombs.pages([4], {4: stream(zlib.compress(plain))})
    reader = pypdf.PdfReader(io.BytesIO(bomb))
    writer = pypdf.PdfWriter()
    writer.add_page(reader.pages[0])
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert plain not in buffer.getvalue()
    encrypted = pypdf.PdfReader(io.BytesIO(buffer.getvalue()), strict=False)
    content = encrypted.pages[0].raw_get("/Contents").get_object()
    assert zlib.decompress(content._data) == plain
