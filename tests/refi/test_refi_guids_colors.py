from __future__ import annotations

import re

import pytest

from glocal_annotator.refi.colors import is_color, parse_color
from glocal_annotator.refi.guids import new_guid, normalize_guid

CANONICAL = "d7aa29da-519b-4946-9b90-253b6db8fd0a"


@pytest.mark.parametrize(
    "value",
    [
        CANONICAL,
        CANONICAL.upper(),
        "{" + CANONICAL + "}",
        "{" + CANONICAL.upper() + "}",
        "  {D7aa29DA-519B-4946-9b90-253B6DB8FD0A}\n",
        "urn:uuid:" + CANONICAL,
        CANONICAL.replace("-", "").upper(),
    ],
)
def test_guid_forms_normalise_to_lowercase(value: str) -> None:
    assert normalize_guid(value) == CANONICAL


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "xyz",
        42,
        "{" + CANONICAL,
        CANONICAL + "}",
        CANONICAL[:-1],
        CANONICAL + "0",
        CANONICAL.replace("d", "g"),
        "d7aa29da519b-4946-9b90-253b6db8fd0a",
        "{{" + CANONICAL + "}}",
    ],
)
def test_invalid_guids_give_none(value: object) -> None:
    assert normalize_guid(value) is None


def test_new_guid_is_canonical_and_fresh() -> None:
    guids = {new_guid() for _ in range(100)}
    assert len(guids) == 100
    for guid in guids:
        assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", guid)
        assert normalize_guid(guid) == guid


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("#46AA00", "#46AA00"),
        ("#46aa00", "#46AA00"),
        ("  #ffff00 ", "#FFFF00"),
        ("#f00", "#FF0000"),
        ("#0aF", "#00AAFF"),
        ("#f00c", "#FF0000"),  # CSS #RGBA
        ("#FF336699", "#336699"),  # #AARRGGBB (.NET order)
        ("#80336699", "#336699"),  # #AARRGGBB with alpha
        ("#336699FF", "#336699"),  # CSS #RRGGBBAA, opaque
        ("46aa00", "#46AA00"),  # bare RRGGBB
        ("0x46aa00", "#46AA00"),
        ("rgb(255,0,0)", "#FF0000"),
        ("rgb( 70 , 170 , 0 )", "#46AA00"),
        ("RGB(0, 128, 255)", "#0080FF"),
        ("rgba(0,128,255,0.5)", "#0080FF"),
        ("rgba(0, 128, 255, 50%)", "#0080FF"),
        ("rgb(0 128 255 / 0.5)", "#0080FF"),
        ("rgb(100%, 0%, 50%)", "#FF0080"),
        ("rgb(300, -5, 12.6)", "#FF000D"),  # clamped, rounded
        ("Red", "#FF0000"),
        ("grey", "#808080"),
    ],
)
def test_colour_forms(value: str, expected: str) -> None:
    assert parse_color(value) == expected
    assert is_color(expected)


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "   ",
        "bad",  # a word, not bare #RGB
        "face",
        "#12345",
        "#1234567",
        "#ggg",
        "rgb(1,2)",
        "rgb(a,b,c)",
        "rgb(1e999, 0, 0)",
        "rgb(nan, 0, 0)",
        "rgba(1,2,3,4,5)",
        "hsl(0, 100%, 50%)",
        "chartreuse-ish",
        12345,
        ["#FF0000"],
        "#" + "F" * 500,
    ],
)
def test_unreadable_colours_give_none_and_never_raise(value: object) -> None:
    assert parse_color(value) is None


def test_is_color_is_strict() -> None:
    assert is_color("#ABCDEF")
    assert not is_color("#abcdef")
    assert not is_color("#ABC")
    assert not is_color(None)
