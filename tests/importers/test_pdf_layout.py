"""PDF paragraph rules on hand-made layouts: hyphens, indents, bullets, furniture, linearity."""

from __future__ import annotations

import pytest

from glocal_annotator.importers.bidi import visual_to_logical
from glocal_annotator.importers.pdf_layout import Block, Line, Page, assemble, fix_ligatures


def _block(*texts: str, top: float = 700, left: float = 72, indents: dict[int, float] | None = None
           ) -> Block:
    indents = indents or {}
    lines = []
    for i, text in enumerate(texts):
        x0 = left + indents.get(i, 0)
        lines.append(Line(text, x0, top - 14 * i - 12, x0 + 6 * len(text), top - 14 * i))
    return Block(lines=lines)


def _text(*blocks: Block) -> str:
    return assemble([Page(blocks=list(blocks))]).text


@pytest.mark.parametrize(("before", "after", "joined"), [
    ("the inter-", "national donors", "the international donors"),
    ("Inter-", "national donors", "International donors"),
    ("a mother-in-", "law who", "a mother-in-law who"),        # the word already has a hyphen
    ("the Franco-", "German border", "the Franco-German border"),  # capital after
    ("the COVID-", "19 crisis", "the COVID-19 crisis"),          # digit after
    ("in 2019-", "2020 we", "in 2019-2020 we"),                  # digit before
    ("the NGO -", "and the state", "the NGO - and the state"),    # a dash, not a hyphen
    ("Gleichstellungs\u00ad", "beauftragte", "Gleichstellungsbeauftragte"),  # soft hyphen
    ("co\u2010", "operation", "cooperation"),                     # U+2010 HYPHEN
    ("the market", "and the river", "the market and the river"),
])
def test_line_end_hyphen_rule(before, after, joined):
    assert _text(_block(before, after)) == joined


def test_a_compound_the_document_writes_hyphenated_keeps_its_hyphen():
    assert _text(_block("a well-known pattern, so well-", "known that")) == (
        "a well-known pattern, so well-known that")
    # ... unless the document also writes it solid.
    assert _text(_block("a wellknown pattern, so well-", "known that")) == (
        "a wellknown pattern, so wellknown that")


def test_ligatures_become_letters_and_nothing_else_changes():
    assert fix_ligatures("\ufb00 \ufb01 \ufb02 \ufb03 \ufb04 \ufb05 \ufb06 \u00bd \u2460") == (
        "ff fi fl ffi ffl st st \u00bd \u2460")


def test_first_line_indent_and_bullets_start_paragraphs():
    block = _block("First paragraph runs", "on here.", "Second one, indented,", "runs on.",
                   "\u2022 a listed point", "\u2022 another point", indents={2: 20})
    assert _text(block).split("\n") == [
        "First paragraph runs on here.", "Second one, indented, runs on.",
        "\u2022 a listed point", "\u2022 another point"]


def test_hanging_indent_starts_paragraphs_at_the_outdented_lines():
    block = _block("1. first item runs", "on here", "2. second item", "runs on",
                   indents={1: 18, 3: 18})
    assert _text(block).split("\n") == ["1. first item runs on here", "2. second item runs on"]


def test_blocks_join_only_when_the_sentence_goes_on():
    heading = _block("Introduction", top=700)
    body = _block("The market was", "busy.", top=660)
    next_block = _block("and the river", "was high.", top=600)  # lowercase: runs on? no: "busy."
    assert _text(heading, body, next_block).split("\n") == [
        "Introduction", "The market was busy.", "and the river was high."]
    unfinished = _block("The market was", "busy and", top=660)
    assert _text(heading, unfinished, next_block).split("\n") == [
        "Introduction", "The market was busy and and the river was high."]


def test_page_numbers_in_roman_and_words_are_left_out():
    pages = [Page(blocks=[_block(body, top=700),
                          _block(number, top=60)])
             for body, number in zip(["The market.", "The river.", "The town."],
                                     ["iv", "Page 5 of 9", "- 6 -"], strict=True)]
    result = assemble(pages)
    assert result.text.split("\n") == ["The market.", "The river.", "The town."]
    assert result.left_out == 3


def test_a_page_with_one_block_keeps_it_even_if_it_looks_like_a_number():
    assert assemble([Page(blocks=[_block("2024")])]).text == "2024"


def test_one_huge_paragraph_is_linear():
    lines = [f"word{i} inter-" if i % 2 else f"national{i} and" for i in range(30_000)]
    text = _text(_block(*lines))
    assert text.count("\n") == 0
    assert "inter" + "national" in text


@pytest.mark.parametrize(("visual", "logical"), [
    ("םולש", "שלום"),
    ("abc", "abc"),
    ("ב NGO א", "א NGO ב"),
    ("2020 םולש", "שלום 2020"),
    ("ג (ב) א", "א (ב) ג"),
    ("Hello םולש world", "Hello שלום world"),  # mostly left-to-right: only the Hebrew turns
])
def test_visual_to_logical(visual, logical):
    assert visual_to_logical(list(visual)) == logical


def test_a_number_beside_other_text_at_the_foot_is_not_a_page_number():
    """The last row of a table ("Total", "125") is text, though "125" alone looks like a page
    number."""
    page = Page(blocks=[_block("The counts were these.", top=700), _block("Total", top=60),
                        _block("125", top=60, left=300)])
    result = assemble([page])
    assert result.text.split("\n") == ["The counts were these.", "Total", "125"]
    assert result.left_out == 0


def test_chinese_and_japanese_lines_join_without_a_space():
    assert _text(_block("全球本土化是", "一个主题")) == "全球本土化是一个主题"
    assert _text(_block("グローカル", "化の研究")) == "グローカル化の研究"
    assert _text(_block("研究 global", "studies")) == "研究 global studies"


def test_left_to_right_lines_quoting_arabic_words_keep_their_left_edge():
    """Lines that merely quote a right-to-left word are left-to-right lines: their ragged right
    edge is no indent (each line would otherwise become a paragraph of its own)."""
    lines = [Line("tradition we العولمة really was river", 72, 688, 300, 700),
             Line("العولمة local heritage youth said were", 72, 674, 310, 686),
             Line("brand local media brand.", 72, 660, 180, 672)]
    assert _text(Block(lines=lines)).count("\n") == 0


def test_right_to_left_paragraphs_show_their_indent_at_the_right():
    lines = [Line("שורה ראשונה של פסקה", 300, 688, 520, 700),  # indented from the right edge
             Line("שורה שנייה של הפסקה", 260, 674, 540, 686),
             Line("ושורה שלישית", 380, 660, 540, 672),
             Line("פסקה חדשה מתחילה כאן", 250, 646, 520, 658),
             Line("והיא ממשיכה", 400, 632, 540, 644)]
    assert _text(Block(lines=lines)).split("\n") == [
        "שורה ראשונה של פסקה שורה שנייה של הפסקה ושורה שלישית",
        "פסקה חדשה מתחילה כאן והיא ממשיכה"]


def test_has_rtl_finds_every_right_to_left_letter_unicode_knows():
    """The fast pre-check by blocks must not miss a character of bidi class R or AL."""
    import sys
    import unicodedata

    from glocal_annotator.importers.bidi import has_rtl

    missed = [hex(code) for code in range(sys.maxunicode + 1)
              if unicodedata.bidirectional(chr(code)) in ("R", "AL") and not has_rtl(chr(code))]
    assert missed == []
    assert not has_rtl("Caf\u00e9 \u201cglocal\u201d 2020 \u5168\u7403 \U0001f469")


@pytest.mark.parametrize(("text", "mostly"), [
    ("שלום עולם", True), ("שלום NGO עולם", True), ("We met שלום there", False),
    ("2020 (1)", False), ("العولمة", True)])
def test_mostly_rtl(text, mostly):
    from glocal_annotator.importers.bidi import mostly_rtl

    assert mostly_rtl(text) is mostly


def test_a_row_of_like_cells_on_one_page_is_no_running_header():
    """Furniture repeats across pages; a table row "c1 c2 c3" on a lone page repeats only
    within it, so it stays."""
    page = Page(blocks=[_block(f"C{i}", left=72 + 60 * i) for i in range(5)])
    result = assemble([page])
    assert result.text.split("\n") == [f"C{i}" for i in range(5)]
    assert result.left_out == 0
