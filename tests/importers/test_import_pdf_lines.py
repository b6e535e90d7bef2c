"""PDF lines as PDFium reports them, corrected: line-end hyphens, columns and table rows drawn
across the page, mixed-direction lines, Chinese and Japanese spacing, scaled fonts, damage."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from glocal_annotator.importers import extract
from tests.importers.builders import Cells, Spaced, build_pdf, pdf_from_objects, pdf_stream

SAMPLES = Path(__file__).resolve().parent / "samples"


def _import(tmp_path: Path, pages: list[list[str]], **options: object) -> str:
    path = tmp_path / "lines.pdf"
    path.write_bytes(build_pdf(pages, **options))
    return extract(path).text


# -- line-end hyphens (PDFium joins these lines itself and hides the hyphen) ----------------------

@pytest.mark.parametrize(("before", "after", "joined"), [
    ("the inter-", "national donors", "the international donors"),
    ("a mother-in-", "law who", "a mother-in-law who"),
    ("the COVID-", "19 crisis", "the COVID-19 crisis"),
    ("the Franco-", "German border", "the Franco-German border"),
    ("Gleichstellungs\u00ad", "beauftragte", "Gleichstellungsbeauftragte"),  # soft hyphen glyph
    ("co\u2010", "operation", "cooperation"),  # U+2010, which PDFium leaves alone
    ("the NGO -", "and the state", "the NGO - and the state"),
    ("a well-known pattern, so well-", "known that", "a well-known pattern, so well-known that"),
])
def test_line_end_hyphens_in_a_pdf(tmp_path, before, after, joined):
    assert _import(tmp_path, [[before, after]]) == joined


def test_a_hyphen_at_the_foot_of_a_page_joins_the_word_on_the_next(tmp_path):
    text = _import(tmp_path, [["The women formed a coopera-"], ["tive of their own."]])
    assert text == "The women formed a cooperative of their own."


# -- things drawn side by side on one baseline ---------------------------------------------------

def test_two_columns_drawn_line_by_line_across_the_page_are_read_one_after_the_other(tmp_path):
    rows = [Cells(((72, "Left column line one about"), (320, "Right column line one on"))),
            Cells(((72, "the market and the river."), (320, "the NGO and its funding.")))]
    assert _import(tmp_path, [rows]).split("\n") == [
        "Left column line one about the market and the river.",
        "Right column line one on the NGO and its funding."]


def test_a_row_of_three_thousand_cells_keeps_every_cell(tmp_path):
    """One baseline cut at 2,999 gaps (a pathological table): each cut is found by a search
    from the one before, so this stays n log n, and no cell is taken for a running header."""
    row = Cells(tuple((10 + 60 * i, f"c{i}") for i in range(3000)))
    assert _import(tmp_path, [[row]]).split() == [f"c{i}" for i in range(3000)]


def test_a_line_with_a_tab_stop_gap_stays_one_line(tmp_path):
    """A gap of a few points (a tab, a wide justified space) is a space, not a column."""
    rows = [Cells(((72, "Before the tab"), (160, "after the tab")))]
    assert _import(tmp_path, [rows]) == "Before the tab after the tab"


# -- mixed-direction lines (PDFium misplaces neutrals next to right-to-left words) ---------------

@pytest.mark.parametrize(("logical", "visual"), [
    ("We met שלום? Then we left.", "We met םולש? Then we left."),
    ("he said שלום \u201chello\u201d twice", "he said םולש \u201chello\u201d twice"),
    ("the word (שלום) here", "the word (םולש) here"),
    ("Hello שלום world", "Hello םולש world"),
    ("שלום עולם, NGO!", "!NGO ,םלוע םולש"),  # a right-to-left sentence quoting a name
])
def test_mixed_direction_lines_keep_their_punctuation_in_place(tmp_path, logical, visual):
    assert _import(tmp_path, [[visual]]) == logical


# -- Chinese and Japanese -----------------------------------------------------------------------

def test_chinese_lines_of_a_paragraph_join_without_a_space(tmp_path):
    assert _import(tmp_path, [["全球本土化是一个", "研究的主题", "", "第二段"]]).split("\n") == [
        "全球本土化是一个研究的主题", "第二段"]


def test_spread_chinese_characters_get_no_spaces_between_them(tmp_path):
    assert _import(tmp_path, [[Spaced("全球本土化 glocal")]]) == "全球本土化 glocal"


def test_latin_lines_beside_chinese_still_join_with_a_space(tmp_path):
    assert _import(tmp_path, [["研究 global", "studies 研究"]]) == "研究 global studies 研究"


# -- fonts scaled by the text matrix ------------------------------------------------------------

def test_a_font_set_at_one_point_and_scaled_reads_like_any_other(tmp_path):
    """``1 Tf`` scaled to 12 pt by the text matrix: lines still measure 12 pt, so paragraphs
    group and join as usual."""
    pages = [["Women in the village formed a", "cooperative of their own.", "",
              "A second paragraph."]]
    assert _import(tmp_path, pages, scaled=True).split("\n") == [
        "Women in the village formed a cooperative of their own.", "A second paragraph."]


# -- damage -------------------------------------------------------------------------------------

_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _page(resources: bytes = b"") -> bytes:
    return (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font "
            b"<< /F1 3 0 R >> %s >> /Contents 4 0 R >>" % resources)


def test_a_page_tree_that_loops_is_one_line(tmp_path, expect_failure):
    path = tmp_path / "loop.pdf"
    path.write_bytes(pdf_from_objects({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [2 0 R 5 0 R] /Count 2 >>",
        3: _FONT, 4: pdf_stream(b"BT /F1 12 Tf 72 720 Td (Looping) Tj ET"), 5: _page()}))
    error = expect_failure(path)
    assert "damaged or not a PDF" in str(error)


def test_a_form_that_draws_itself_is_read_once(tmp_path):
    path = tmp_path / "form.pdf"
    form = pdf_stream(b"BT /F1 12 Tf 72 700 Td (Inside the form.) Tj ET /X1 Do",
                      b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font "
                      b"<< /F1 3 0 R >> /XObject << /X1 6 0 R >> >> ")
    path.write_bytes(pdf_from_objects({
        1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        3: _FONT, 4: pdf_stream(b"BT /F1 12 Tf 72 720 Td (On the page.) Tj ET /X1 Do"),
        5: _page(b"/XObject << /X1 6 0 R >>"), 6: form}))
    assert extract(path).text.split("\n") == ["On the page.", "Inside the form."]


def test_deeply_nested_objects_do_not_overflow(tmp_path):
    path = tmp_path / "nested.pdf"
    path.write_bytes(pdf_from_objects({
        1: b"<< /Type /Catalog /Pages 2 0 R /Deep " + b"[" * 100_000 + b"]" * 100_000 + b" >>",
        2: b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>", 3: _FONT,
        4: pdf_stream(b"BT /F1 12 Tf 72 720 Td (Still here.) Tj ET"), 5: _page()}))
    assert extract(path).text == "Still here."


def test_an_unpaired_surrogate_from_a_broken_unicode_map_becomes_a_replacement(tmp_path):
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
            b"1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfchar "
            b"<41> <0041> <42> <D800> endbfchar endcmap CMapName currentdict /CMap "
            b"defineresource pop end end")
    path = tmp_path / "surrogate.pdf"
    path.write_bytes(pdf_from_objects({
        1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        4: pdf_stream(b"BT /F1 12 Tf 72 720 Td (ABA) Tj ET"), 5: _page(), 6: pdf_stream(cmap)}))
    text = extract(path).text
    assert text.startswith("A") and "\ud800" not in text
    text.encode("utf-8")  # storable


# -- PDFium is used by one thread at a time ----------------------------------------------------

def test_imports_in_several_threads_at_once_read_the_same(tmp_path):
    expected = extract(SAMPLES / "report.pdf").text
    results: list[str] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            results.append(extract(SAMPLES / "report.pdf").text)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert results == [expected] * 4


def test_the_quick_check_for_plain_lines_misses_nothing_the_corrections_need():
    """A line the one search passes over gets none of the corrections: so it must find every
    right-to-left, Chinese or Japanese, control and surrogate character."""
    import sys

    from glocal_annotator.importers.bidi import has_rtl
    from glocal_annotator.importers.pdf_layout import CJK
    from glocal_annotator.importers.pdf_text import _CONTROL, _SURROGATE, _UNUSUAL

    missed = [hex(code) for code in range(sys.maxunicode + 1)
              if (has_rtl(chr(code)) or CJK.match(chr(code)) or _CONTROL.match(chr(code))
                  or _SURROGATE.match(chr(code))) and not _UNUSUAL.search(chr(code))]
    assert missed == []
    assert _UNUSUAL.search("two  spaces") and not _UNUSUAL.search("A plain line, café.")


def test_a_file_name_in_another_script_opens(tmp_path):
    path = tmp_path / "Zürich \u05de\u05d7\u05e7\u05e8 \u5168\u7403.pdf"
    path.write_bytes(build_pdf([["A study of the market."]]))
    assert extract(path).text == "A study of the market."
