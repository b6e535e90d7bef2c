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


@pytest.mark.parametrize(
    "text",
    [
        # another tool's labels, cases and synonyms are not our layout: kept as written
        "SHORT DEFINITION: s\nfull_definition : d\nWhen-To-Use:\tw\nwhen not to use:n",
        "Definition: d\nInclusion criteria: in\nExclusion criteria: out",
        "Definition: a plain description that starts with a label word",
        "memo: lower-case label, not ours",
        "Some intro text.\nExample: e\nFull definition: d",
        "Example: first\nsecond line, not indented\nExample: another example",
        "Memo:no space after the colon",
    ],
)
def test_another_tools_description_is_kept_as_written_and_written_back_unchanged(
    text: str,
) -> None:
    parsed = parse_description(text)
    field = "short_definition" if "\n" not in text else "definition"
    assert parsed == fields(**{field: text})
    assert render_description(parsed) == text


def test_reexport_never_grows_a_label_prefix() -> None:
    text = "Anything about jobs or taxes or business"
    for _ in range(3):
        text = render_description(parse_description(text))
    assert text == "Anything about jobs or taxes or business"
    # a description already polluted by an older export loses the prefix again
    polluted = "Short definition: Definition: foo"
    assert render_description(parse_description(polluted)) == "Definition: foo"


def test_our_layout_with_one_field_is_still_read_as_ours() -> None:
    assert parse_description("Memo: call Anna") == fields(memo="call Anna")
    assert parse_description("Short definition: s") == fields(short_definition="s")
    assert render_description(fields(memo="call Anna")) == "Memo: call Anna"
    # a lone definition that would read back as something else keeps its label
    assert render_description(fields(short_definition="Memo: x")) == "Short definition: Memo: x"
    assert render_description(fields(definition="short")) == "Full definition: short"


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


def test_indented_labels_from_pretty_printers_are_found() -> None:
    text = "\n      Short definition: s\n      Example: e\n    "
    assert parse_description(text) == fields(short_definition="s", example="e")


def test_label_inside_a_line_is_not_a_label() -> None:
    text = "Short definition: see the Example: below"
    assert parse_description(text) == fields(short_definition="see the Example: below")
