"""How a stored text is shown: long paragraphs cut into display blocks at safe points, every
position still the exact code point of the stored text (emoji, combining marks, CJK, RTL)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from glocal_annotator.ui.document.display import _between_characters, display_text  # noqa: E402
from glocal_annotator.ui.document.offsets import OffsetMap  # noqa: E402

SCIENTIST = "👩🏽‍🔬"


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def check_display(text: str, max_block: int, split_over: int) -> None:
    """Everything a display must keep: the stored characters, exact positions both ways, the
    blocks' own texts, and breaks only where a line was too long."""
    shown = display_text(text, max_block, split_over)
    offsets = shown.offsets
    breaks = offsets.breaks
    # what Qt holds is the stored text (stray separators as "\n") with "\n" at each break
    expected = text.translate({0x0D: "\n", 0x2028: "\n", 0x2029: "\n"})
    pieces, previous = [], 0
    for cut in breaks:
        pieces.append(expected[previous:cut])
        previous = cut
    pieces.append(expected[previous:])
    assert shown.shown == "\n".join(pieces)
    assert offsets.qt_length == utf16(shown.shown)
    # every code point maps to where Qt shows it, and back
    for cp in range(len(text) + 1):
        qt = offsets.to_qt(cp)
        assert offsets.to_cp(qt) == cp
        before = shown.shown[: cp + sum(1 for b in breaks if b <= cp)]
        assert qt == utf16(before), cp
        assert offsets.to_qt_end(cp) == qt - (1 if cp in breaks else 0)
    # each Qt position (breaks and the second halves of pairs included) maps to a code point
    for qt in range(offsets.qt_length + 1):
        cp = offsets.to_cp(qt)
        assert 0 <= cp <= len(text)
        assert offsets.to_qt(cp) >= qt - 1
    # the blocks: starts and ends in code points, as Qt numbers them
    lines = shown.shown.split("\n")
    assert len(shown.starts) == len(shown.ends) == len(lines)
    for start, end, line in zip(shown.starts, shown.ends, lines, strict=True):
        assert expected[start:end] == line
    # a break only inside a line longer than split_over, and no block longer than max_block
    for cut in breaks:
        line_start = expected.rfind("\n", 0, cut) + 1
        line_end = expected.find("\n", cut)
        line_end = len(expected) if line_end == -1 else line_end
        assert line_end - line_start > split_over
    for start, end in zip(shown.starts, shown.ends, strict=True):
        if start in breaks:
            assert end > start  # a cut never leaves an empty block
        if start in breaks or end in breaks:
            # longer only when there was nowhere to cut (one long joined character)
            assert end - start <= max_block or not any(
                _between_characters(text, point) for point in range(start + 1, end)), (start, end)
    # never inside what a reader sees as one character
    for cut in breaks:
        assert text[cut] not in "\u0301\u200d\ufe0f" and text[cut - 1] != "\u200d"
        assert not ("\U0001f3fb" <= text[cut] <= "\U0001f3ff")


def test_a_long_paragraph_is_cut_after_sentences() -> None:
    sentence = "The council met the women of the village at dawn. "
    text = sentence * 400  # 20,000 characters, one line
    shown = display_text(text, max_block=2000, split_over=10_000)
    assert len(shown.starts) == 10
    for cut in shown.offsets.breaks:
        assert text[cut - 2: cut] == ". "  # after a sentence end and its space
    check_display(text[:5000], 300, 1000)


def test_ordinary_paragraphs_are_shown_whole() -> None:
    text = "\n".join(["A paragraph of ordinary length, said twice. " * 60] * 5)  # 2,700 each
    shown = display_text(text)
    assert shown.offsets.breaks == []
    assert shown.shown == text
    assert shown.offsets.identity


def test_no_space_and_no_stop_cuts_between_characters() -> None:
    # a transcript in a script without spaces, with emoji and combining marks
    unit = "全球本土化e\u0301" + SCIENTIST + "ب"
    text = unit * 300
    shown = display_text(text, max_block=100, split_over=200)
    assert shown.offsets.breaks
    for cut in shown.offsets.breaks:
        assert text[cut] != "\u0301"  # never before a combining mark
        assert text[cut - 1] != "\u200d" and text[cut] != "\u200d"  # never inside a ZWJ join
        assert not ("\U0001f3fb" <= text[cut] <= "\U0001f3ff")  # nor before a skin tone
    check_display(text[:700], 100, 200)


def test_wide_sentence_ends_are_used() -> None:
    text = "全球本土化的研究。" * 400
    shown = display_text(text, max_block=200, split_over=300)
    for cut in shown.offsets.breaks:
        assert text[cut - 1] == "。"


def test_stray_paragraph_separators_are_one_character_each() -> None:
    text = "one\rtwo\u2028three\u2029four " * 3
    shown = display_text(text)
    assert len(shown.shown) == len(text)
    assert shown.offsets.identity
    check_display(text, 10, 20)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", ". ", "\n", "é", "e\u0301", "🌍", SCIENTIST, "全",
                                 "ب", "\u2029", "。"]), max_size=120),
       st.integers(4, 30), st.integers(0, 40))
def test_any_text_keeps_exact_positions(parts: list[str], max_block: int, extra: int) -> None:
    check_display("".join(parts), max_block, max_block + extra)


@pytest.mark.parametrize("breaks", [[], [3], [1, 2, 5], [6]])
def test_offset_map_with_breaks_round_trips(breaks: list[int]) -> None:
    text = f"ab{SCIENTIST}c"  # 7 code points, 10 units
    offsets = OffsetMap(text, breaks)
    kept = [b for b in breaks if 0 < b < len(text)]
    assert offsets.qt_length == utf16(text) + len(kept)
    assert [offsets.to_cp(offsets.to_qt(cp)) for cp in range(len(text) + 1)] == list(
        range(len(text) + 1))
    assert offsets.identity == (not kept and text.isascii())
