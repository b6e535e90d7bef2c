"""Code points <-> UTF-16 units: emoji, CJK, combining marks, right-to-left text."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from glocal_annotator.ui.document.offsets import OffsetMap  # noqa: E402

SCIENTIST = "👩🏽‍🔬"  # woman, skin tone (both astral), ZWJ, microscope (astral): 4 cp, 7 units
SAMPLES = [
    "",
    "plain ascii text",
    "Café au lait",
    f"{SCIENTIST} studies 全球本土化",
    "e\u0301te\u0301 (combining acute)",
    "العولمة والمحلية",
    f"mixed {SCIENTIST}\n全球本土化 e\u0301 العولمة 🌍🌍 end",
    "🌍",
    "🌍🌍",
    "\U0010ffff x \U00010000",
]


def utf16_position(text: str, cp: int) -> int:
    return len(text[:cp].encode("utf-16-le")) // 2


@pytest.mark.parametrize("text", SAMPLES)
def test_every_position_round_trips(text: str) -> None:
    offsets = OffsetMap(text)
    assert offsets.qt_length == len(text.encode("utf-16-le")) // 2
    for cp in range(len(text) + 1):
        qt = offsets.to_qt(cp)
        assert qt == utf16_position(text, cp)
        assert offsets.to_cp(qt) == cp


def test_exact_values_with_emoji() -> None:
    text = f"a{SCIENTIST}b"
    offsets = OffsetMap(text)
    # a | 👩 (2) | 🏽 (2) | ZWJ (1) | 🔬 (2) | b
    assert [offsets.to_qt(cp) for cp in range(len(text) + 1)] == [0, 1, 3, 5, 6, 8, 9]
    assert offsets.to_cp(9) == 6
    assert not offsets.identity


def test_bmp_scripts_are_identity() -> None:
    for text in ("全球本土化", "e\u0301", "العولمة", "plain"):
        offsets = OffsetMap(text)
        assert offsets.identity
        assert all(offsets.to_qt(i) == i == offsets.to_cp(i) for i in range(len(text) + 1))


def test_position_inside_a_surrogate_pair_rounds_to_the_char_start() -> None:
    text = f"x{SCIENTIST}y🌍"
    offsets = OffsetMap(text)
    # units: x=0, 👩=1-2, 🏽=3-4, ZWJ=5, 🔬=6-7, y=8, 🌍=9-10
    assert offsets.to_cp(2) == 1  # inside 👩
    assert offsets.to_cp(4) == 2  # inside 🏽
    assert offsets.to_cp(7) == 4  # inside 🔬
    assert offsets.to_cp(10) == 6  # inside 🌍
    assert offsets.to_cp(11) == 7  # the end


def test_out_of_range_is_clamped() -> None:
    offsets = OffsetMap("ab🌍")
    assert offsets.to_qt(-3) == 0
    assert offsets.to_qt(99) == 4
    assert offsets.to_cp(-1) == 0
    assert offsets.to_cp(99) == 3


def test_large_bmp_text_is_cheap() -> None:
    text = "全球本土化 and text " * 200_000  # 3.4M code points, no astral characters
    offsets = OffsetMap(text)
    assert offsets.identity
    assert offsets.to_qt(3_000_000) == 3_000_000
