"""Offsets in every units reading map to the same stored text: around emoji, CJK, combining marks,
right-to-left text, CRLF and a BOM; and the reading that explains the selections is chosen."""

from __future__ import annotations

import random

import pytest

from glocal_annotator.refi.offset_units import (
    READINGS,
    STANDARD,
    OffsetMap,
    Reading,
    Selection,
    choose_reading,
    name_matches,
    on_boundary,
    stored_text,
)

RAW = (
    "\ufeffInterview 👩🏽\u200d🔬 with Amélie about 全球本土化.\r\n"
    "She said: the global programme was made local. Cafe\u0301 owners agreed!\r\n"
    "العولمة والمحلية are both present. 😀😀 Women's groups watched the river.\r\n"
)
WORDS = ["Interview", "Amélie", "全球本土化", "global programme", "Cafe\u0301", "العولمة",
         "😀😀", "Women's groups", "river"]


def offsets_in(reading: Reading, raw: str, start: int, end: int) -> tuple[int, int]:
    """What a writer counting in ``reading`` writes for raw[start:end]."""
    def count(prefix: str) -> int:
        if not reading.bom_counted and prefix.startswith("\ufeff"):
            prefix = prefix[1:]
        if reading.crlf_as_one:
            prefix = prefix.replace("\r\n", "\n")
        return len(prefix.encode("utf-16-le")) // 2 if reading.utf16 else len(prefix)
    return count(raw[:start]), count(raw[:end])


@pytest.mark.parametrize("reading", READINGS, ids=lambda r: r.key)
def test_every_reading_maps_every_word_exactly(reading: Reading) -> None:
    text = stored_text(RAW)
    assert not text.startswith("\ufeff") and "\r" not in text
    mapping = OffsetMap(RAW, reading)
    for word in WORDS:
        raw_start = RAW.index(word)
        start, end = offsets_in(reading, RAW, raw_start, raw_start + len(word))
        got = (mapping.map(start).offset, mapping.map(end, end=True).offset)
        assert text[got[0] : got[1]] == word, (reading, word)


@pytest.mark.parametrize("reading", READINGS, ids=lambda r: r.key)
def test_the_writers_reading_is_chosen_from_the_selections_alone(reading: Reading) -> None:
    selections = []
    for word in WORDS:
        raw_start = RAW.index(word)
        start, end = offsets_in(reading, RAW, raw_start, raw_start + len(word))
        selections.append(Selection(start, end))  # no names: word boundaries must decide
    choice = choose_reading(RAW, selections)
    text = stored_text(RAW)
    assert [text[s:e] for s, e in choice.ranges] == WORDS
    assert choice.on_words == len(WORDS)
    assert choice.reading == reading or all(
        text[s:e] == w for (s, e), w in zip(choice.ranges, WORDS, strict=True))


def test_names_decide_where_boundaries_cannot() -> None:
    raw = "a b c d e f g h i j k l m n o p\r\n" * 3 + "x y z"
    start = raw.index("x")
    # CRLF counted as one: 6 positions less than counted as two; both readings land on words
    selection = Selection(start - 3, start - 3 + 5, name="x y z")
    choice = choose_reading(raw, [selection])
    assert choice.reading.crlf_as_one
    assert choice.names_matched == 1


def test_without_evidence_the_standard_reading_wins() -> None:
    assert choose_reading("plain text", [Selection(0, 5)]).reading == STANDARD
    assert choose_reading("\ufeffplain\r\ntext 😀", []).reading == STANDARD


def test_readings_that_cannot_differ_are_not_tried() -> None:
    assert choose_reading("plain", [Selection(0, 5)]).considered == (STANDARD,)
    assert len(choose_reading("\ufeffa\r\nb 😀", []).considered) == 8


def test_offsets_inside_a_character_or_past_the_end_are_marked() -> None:
    raw = "😀 word"
    mapping = OffsetMap(raw, Reading(utf16=True))
    inside = mapping.map(1)
    assert inside.offset == 0 and not inside.clean
    assert mapping.map(1, end=True).offset == 1
    past = mapping.map(99)
    assert past.offset == len(raw) and not past.clean
    crlf = OffsetMap("a\r\nb", Reading())
    assert crlf.map(1).offset == 1 and crlf.map(2).offset == 1 and crlf.map(3).offset == 2


def test_word_boundaries() -> None:
    text = "Cafe\u0301 全球 word's end"
    assert on_boundary(text, 0) and on_boundary(text, len(text))
    assert not on_boundary(text, 4)  # before the combining accent
    assert on_boundary(text, 5)
    assert on_boundary(text, text.index("球"))  # CJK: every position
    assert not on_boundary(text, text.index("ord"))


def test_names_cut_short_by_the_writer_match() -> None:
    selected = "For some reason  babies\naren't supposed"
    assert name_matches("For some reason babies aren't…", selected)
    assert name_matches("exact", "exact")
    assert not name_matches("Quotation 6:1", "some text")
    assert not name_matches("…", "anything")


def test_mapping_is_consistent_for_random_texts() -> None:
    pieces = ["a", "b ", "😀", "\r\n", "\r", "e\u0301", "中", "\x00", " ", "\u2028"]
    rng = random.Random(11)
    for _ in range(300):
        raw = ("\ufeff" if rng.random() < 0.3 else "") + "".join(
            rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        text = stored_text(raw)
        for reading in READINGS:
            mapping = OffsetMap(raw, reading)
            previous = 0
            for offset in range(mapping.length + 1):
                mapped = mapping.map(offset).offset
                assert previous <= mapped <= len(text)
                previous = mapped
            assert mapping.map(mapping.length).offset == len(text)
