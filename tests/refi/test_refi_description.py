from __future__ import annotations

import random

import pytest

from glocal_annotator.refi.description import (
    FIELD_NAMES,
    SHORT_DEFINITION_MAX,
    empty_fields,
    parse_description,
    render_description,
)


def fields(**values: str) -> dict[str, str]:
    result = empty_fields()
    result.update(values)
    return result


def test_layout_is_labelled_and_readable() -> None:
    text = render_description(
        fields(
            short_definition="Local actors adapt a global form.",
            definition="First line.\nSecond line.\n\nNew paragraph.",
            when_to_use="Adaptation is explicit.",
            when_not_to_use="Mere translation.",
            example='"We kept the franchise, but the menu is ours."',
            memo="Check with coder B.",
        )
    )
    assert text == (
        "Short definition: Local actors adapt a global form.\n"
        "\n"
        "Full definition: First line.\n"
        "Second line.\n"
        "\n"
        "New paragraph.\n"
        "\n"
        "When to use: Adaptation is explicit.\n"
        "\n"
        "When not to use: Mere translation.\n"
        "\n"
        'Example: "We kept the franchise, but the menu is ours."\n'
        "\n"
        "Memo: Check with coder B."
    )


def test_empty_fields_are_left_out() -> None:
    assert render_description(empty_fields()) == ""
    assert render_description({}) == ""
    assert render_description({"example": "x", "memo": None, "unknown": "y"}) == "Example: x"
    assert parse_description("") == empty_fields()
    assert parse_description(None) == empty_fields()


def test_value_lines_that_look_like_labels_are_escaped() -> None:
    original = fields(
        definition="Intro\nExample: not the example field\nmemo : nor the memo\n  indented",
        example="Short definition: inside the example",
    )
    text = render_description(original)
    assert "\n  Example: not the example field\n" in text
    assert "\n  memo : nor the memo\n" in text
    assert "\n    indented" in text
    assert parse_description(text) == original


@pytest.mark.parametrize(
    "value",
    [
        "a",
        " leading space",
        "trailing space ",
        "\nstarts with newline",
        "ends with newline\n",
        "\n",
        "\n\n\n",
        " ",
        "colon: inside",
        ":",
        "Example:",
        "Example: x",
        "\nExample: x",
        "line\r\nwith CRLF",
        "tab\tinside\n\tand at a line start",
        "😀 emoji, 中文, עברית, e\u0301",
        "  two spaces\n  two spaces again\n   three",
    ],
)
def test_round_trip_of_awkward_values_in_every_field(value: str) -> None:
    for name in FIELD_NAMES:
        original = fields(**{name: value})
        assert parse_description(render_description(original)) == original
    everything = dict.fromkeys(FIELD_NAMES, value)
    assert parse_description(render_description(everything)) == everything


def test_round_trip_is_exact_for_random_strings() -> None:
    pieces = [
        "a", "Zz", " ", "  ", "\n", "\n\n", ":", " : ", "\t", "\r", "é", "😀", "中",
        "Example:", "example :", "MEMO:", "When not to use:", "when-to-use:", "Definition:",
        "Short definition:", "  Example: x", "Full definition: y", "Examples:", "Memo",
    ]  # fmt: skip
    rng = random.Random(20240915)
    for _ in range(5000):
        original = {
            name: "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
            if rng.random() < 0.7
            else ""
            for name in FIELD_NAMES
        }
        text = render_description(original)
        assert parse_description(text) == original, text


def test_labels_are_matched_case_insensitively_and_loosely() -> None:
    text = (
        "SHORT DEFINITION: s\n"
        "full_definition : d\n"
        "When-To-Use:\tw\n"
        "when not to use:n\n"
        "EXAMPLES: e1\n"
        "memo: m"
    )
    assert parse_description(text) == fields(
        short_definition="s", definition="d", when_to_use="w", when_not_to_use="n", example="e1",
        memo="m",
    )  # fmt: skip


def test_synonyms() -> None:
    text = "Definition: d\nInclusion criteria: in\nExclusion criteria: out"
    assert parse_description(text) == fields(
        definition="d", when_to_use="in", when_not_to_use="out"
    )


def test_unlabelled_one_liner_is_a_short_definition() -> None:
    assert parse_description("Anything about jobs or taxes or business") == fields(
        short_definition="Anything about jobs or taxes or business"
    )
    assert parse_description("\n    padded by a pretty-printer\n  ") == fields(
        short_definition="padded by a pretty-printer"
    )


def test_unlabelled_long_or_multiline_text_is_the_definition() -> None:
    long = "x" * (SHORT_DEFINITION_MAX + 1)
    assert parse_description(long) == fields(definition=long)
    assert parse_description("x" * SHORT_DEFINITION_MAX) == fields(
        short_definition="x" * SHORT_DEFINITION_MAX
    )
    assert parse_description("line one\nline two") == fields(definition="line one\nline two")


def test_text_before_the_first_label_is_kept() -> None:
    parsed = parse_description("Some intro text.\nExample: e\nFull definition: d")
    assert parsed == fields(short_definition="Some intro text.", example="e", definition="d")
    parsed = parse_description("Intro\nmore intro\nFull definition: d")
    assert parsed == fields(definition="Intro\nmore intro\nd")


def test_human_written_continuations_and_repeated_labels() -> None:
    text = "Example: first\nsecond line, not indented\nExample: another example"
    assert parse_description(text) == fields(
        example="first\nsecond line, not indented\nanother example"
    )


def test_indented_labels_from_pretty_printers_are_found() -> None:
    text = "\n      Short definition: s\n      Example: e\n    "
    assert parse_description(text) == fields(short_definition="s", example="e")


def test_label_inside_a_line_is_not_a_label() -> None:
    text = "Short definition: see the Example: below"
    assert parse_description(text) == fields(short_definition="see the Example: below")
