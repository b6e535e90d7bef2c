"""Lines into blocks and blocks into reading order, on hand-made line boxes (no PDF)."""

from __future__ import annotations

from glocal_annotator.importers.pdf_blocks import MAX_ORDERED, blocks
from glocal_annotator.importers.pdf_layout import Line


def _column(*texts: str, left: float = 72, top: float = 700, size: float = 12,
            width: float = 200, pitch: float = 14) -> list[Line]:
    """Lines of one column: ``size`` high, ``pitch`` apart, starting with the top one."""
    return [Line(text, left, top - pitch * i - size, left + width, top - pitch * i)
            for i, text in enumerate(texts)]


def _read(lines: list[Line]) -> list[list[str]]:
    return [[line.text for line in block.lines] for block in blocks(lines)]


def test_a_paragraph_is_one_block_and_a_wide_gap_starts_another():
    first = _column("one", "two", "three")
    second = _column("four", "five", top=700 - 3 * 14 - 10)  # 10 pt more than the pitch
    assert _read(first + second) == [["one", "two", "three"], ["four", "five"]]


def test_lines_of_a_much_larger_size_are_another_block():
    """Heights may differ by half a line (pdfminer.six's tolerance): a 30 pt title is apart."""
    heading = _column("Heading", size=30, top=736)
    body = _column("body one", "body two", top=700)
    assert _read(heading + body) == [["Heading"], ["body one", "body two"]]


def test_two_columns_are_read_one_after_the_other_whatever_the_drawing_order():
    left = _column("L1", "L2", "L3", left=72)
    right = _column("R1", "R2", "R3", left=320)
    across = [line for pair in zip(right, left, strict=True) for line in pair]  # R1 L1 R2 L2 ..
    assert _read(across) == [["L1", "L2", "L3"], ["R1", "R2", "R3"]]


def test_a_shorter_right_column_still_comes_second():
    left = _column(*(f"L{i}" for i in range(30)), left=72)
    right = _column("R1", "R2", left=320)
    assert _read(right + left) == [[f"L{i}" for i in range(30)], ["R1", "R2"]]


def test_a_title_over_the_columns_comes_first_and_a_closing_paragraph_last():
    title = _column("Title across both", left=72, top=760, width=450)
    left = _column("L1", "L2", left=72)
    right = _column("R1", "R2", left=320)
    closing = _column("Closing across both", left=72, top=600, width=450)
    assert _read(closing + right + left + title) == [
        ["Title across both"], ["L1", "L2"], ["R1", "R2"], ["Closing across both"]]


def test_a_heading_across_the_page_separates_the_column_rows_above_and_below():
    upper = _column("UL", left=72, top=700) + _column("UR", left=320, top=700)
    heading = _column("Heading across", left=72, top=650, width=450)
    lower = _column("LL", left=72, top=600) + _column("LR", left=320, top=600)
    assert _read(lower + heading + upper) == [["UL"], ["UR"], ["Heading across"], ["LL"],
                                              ["LR"]]


def test_pieces_of_one_printed_line_are_one_line_again():
    """A justified line cut at a wide gap lands in one block and is joined left to right."""
    lines = [*_column("first full line"),
             Line("second", 72, 674, 150, 686), Line("line", 230, 674, 272, 686),
             *_column("third full line", top=672)]
    assert _read(lines) == [["first full line", "second line", "third full line"]]


def test_pieces_of_a_right_to_left_line_are_joined_right_to_left():
    lines = [*_column("שורה ראשונה מלאה"),
             Line("שנייה", 72, 674, 150, 686), Line("שורה", 230, 674, 272, 686),
             *_column("שורה שלישית מלאה", top=672)]
    assert _read(lines)[0][1] == "שורה שנייה"


def test_table_cells_side_by_side_are_read_column_by_column():
    cells = [Line("Village", 72, 688, 120, 700), Line("Cooperative", 300, 688, 370, 700),
             Line("Nyeri", 72, 674, 110, 686), Line("Women's dairy", 300, 674, 390, 686)]
    assert _read(cells) == [["Village", "Nyeri"], ["Cooperative", "Women's dairy"]]


def test_a_page_of_very_many_blocks_keeps_the_drawing_order():
    count = MAX_ORDERED + 50
    # Each a one-line block far from the others, drawn from the bottom up.
    lines = [Line(f"b{i}", 72 + (i % 2) * 300, 20 * i, 100 + (i % 2) * 300, 20 * i + 5)
             for i in range(count)]
    assert [block[0] for block in _read(lines)] == [f"b{i}" for i in range(count)]


def test_ten_thousand_pieces_on_one_row_stay_in_blocks_without_pairing_them_all():
    """One row of 10,000 cells (a pathological table): the sweep looks at a bounded number of
    neighbours per line and ordering falls back to drawing order, so this stays linear."""
    lines = [Line(f"c{i}", 10.0 * i, 700, 10.0 * i + 8, 712) for i in range(10_000)]
    result = _read(lines)
    assert sum(len(block) for block in result) == 10_000


def test_an_empty_page_has_no_blocks():
    assert blocks([]) == []


def test_a_lone_piece_cut_from_a_line_goes_back_to_its_line():
    """A gap inside one drawn line (a glyph without text, such as an emoji) cut it in two; the
    far piece has no lines of its own under it, so it is no column: it rejoins its line."""
    lines = [*_column("first full line of the text", width=400),
             Line("second line before the", 72, 674, 250, 686, row=1),
             Line("gap and after it", 300, 674, 460, 686, row=1),
             *_column("third full line of the text", top=672, width=400)]
    assert _read(lines) == [["first full line of the text", "second line before the gap and "
                             "after it", "third full line of the text"]]


def test_pieces_that_stack_into_a_column_stay_a_column():
    left = [Line(f"L{i}", 72, 686 - 14 * i, 250, 698 - 14 * i, row=i) for i in range(3)]
    right = [Line(f"R{i}", 320, 686 - 14 * i, 500, 698 - 14 * i, row=i) for i in range(3)]
    assert _read([line for pair in zip(left, right, strict=True) for line in pair]) == [
        ["L0", "L1", "L2"], ["R0", "R1", "R2"]]
