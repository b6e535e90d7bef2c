"""Widening hits to sentences and paragraphs: the same rule for one hit and for many, and linear
in the text for any number of hits (counted, not timed)."""

from __future__ import annotations

import random
import re

import pytest

from glocal_annotator.errors import GlocalError
from glocal_annotator.search.widening import Boundaries, widen
from glocal_annotator.text_units import SENTENCE_END, line_bounds, sentence_bounds


def _old_sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The rule before widening was made linear (one scan of the line per hit), as reference."""
    line_start, line_end = line_bounds(text, start, end)
    sentence_start = line_start
    for match in SENTENCE_END.finditer(text, line_start, start):
        sentence_start = match.end()
    while sentence_start < start and text[sentence_start].isspace():
        sentence_start += 1
    match = SENTENCE_END.search(text, max(end - 1, start), line_end)
    sentence_end = match.end() if match else line_end
    return sentence_start, max(sentence_end, end)


def _random_text(rng: random.Random, size: int) -> str:
    pieces = ["word", "Mr.", "e.g.", "3.5", "end.", "why?!", "“quoted.”", "so…", "。", "！", " ",
              " ", "  ", "\n", "(a.)", "x"]
    return "".join(rng.choice(pieces) for _ in range(size))


def test_many_hits_widen_as_one_hit_does():
    rng = random.Random(5)
    for _ in range(300):
        text = _random_text(rng, rng.randint(1, 60))
        boundaries = Boundaries(text)
        for _ in range(20):
            start = rng.randrange(len(text))
            end = rng.randint(start + 1, min(len(text), start + 12))
            assert boundaries.sentence(start, end) == sentence_bounds(text, start, end)
            assert boundaries.paragraph(start, end) == line_bounds(text, start, end)


def test_the_rule_is_the_one_hits_at_word_starts_always_had():
    """For a hit that starts a word after a space or at a line start (what searches find), the
    linear rule gives what the per-hit rescan gave."""
    rng = random.Random(6)
    for _ in range(300):
        text = _random_text(rng, rng.randint(1, 60))
        boundaries = Boundaries(text)
        for match in re.finditer(r"(?<![^\s])\w+", text):
            start, end = match.span()
            assert boundaries.sentence(start, end) == _old_sentence_bounds(text, start, end)


def test_sentences_and_paragraphs():
    text = "First one. Second one!\n\nThird para here. “Quoted.” Last\nNo end"
    boundaries = Boundaries(text)
    assert boundaries.sentence(12, 14) == (11, 22)
    assert boundaries.sentence(0, 3) == (0, 10)
    assert boundaries.sentence(8, 13) == (0, 22)  # a hit across a sentence end takes both
    assert text[slice(*boundaries.sentence(42, 46))] == "“Quoted.”"
    assert text[slice(*boundaries.sentence(52, 54))] == "Last"
    assert text[slice(*boundaries.paragraph(60, 62))] == "No end"
    assert boundaries.paragraph(3, 3) == (0, 22)
    assert boundaries.paragraph(23, 23) == (23, 23)  # the empty line
    assert widen(text, 12, 14, "none") == (12, 14)
    with pytest.raises(GlocalError, match="choose one of"):
        widen(text, 0, 1, "page")


def _paragraph_of_hits(words: int) -> tuple[str, list[tuple[int, int]]]:
    text = " ".join("ngo" if number % 3 == 0 else "word" for number in range(words))
    return text, [m.span() for m in re.finditer("ngo", text)]


@pytest.mark.parametrize("unit", ["sentence", "paragraph"])
def test_widening_reads_a_long_paragraph_a_bounded_number_of_times(unit):
    """10,000 hits in a 360,000-character paragraph without punctuation: the text is read a
    fixed number of times, not once per hit (the old rule read it 10,000 times)."""
    text, hits = _paragraph_of_hits(72_000)
    assert len(text) > 320_000 and len(hits) == 24_000
    hits = hits[:10_000]
    boundaries = Boundaries(text)
    for start, end in hits:
        assert boundaries.widen(start, end, unit) == (0, len(text))
    assert boundaries.characters_scanned <= 2 * len(text)
    few = Boundaries(text)
    for start, end in hits[:10]:
        few.widen(start, end, unit)
    assert boundaries.characters_scanned == few.characters_scanned  # not more with more hits


def test_widening_work_is_linear_whatever_the_shape():
    """Sentences separated by long runs of spaces, many lines, or one line: the characters read
    stay within a small multiple of the text."""
    shapes = [
        "A. " + ("   " * 1000 + "ngo. ") * 200,
        "\n".join("ngo word." for _ in range(20_000)),
        "ngo " * 50_000,
    ]
    for text in shapes:
        boundaries = Boundaries(text)
        for match in re.finditer("ngo", text):
            boundaries.sentence(*match.span())
            boundaries.paragraph(*match.span())
        assert boundaries.characters_scanned <= 3 * len(text)
