"""Values checked against their variable's type, in one canonical form, with one-line errors."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from glocal_annotator.errors import InvalidOperation, InvalidValue
from glocal_annotator.variable_types import (
    canonical_value,
    cell_text,
    check_type,
    clean_choices,
    infer_type,
    sort_key,
)


@pytest.mark.parametrize(("text", "kept"), [
    ("12", "12"), ("12.50", "12.5"), (" -3.0 ", "-3"), ("+7", "7"), ("1e3", "1000"),
    (".5", "0.5"), ("-0", "0"), ("0.000", "0"), ("1.5E-3", "0.0015"),
])
def test_numbers_are_kept_in_their_shortest_plain_form(text, kept):
    assert canonical_value("number", text) == kept


@pytest.mark.parametrize("text", ["12,5", "1,000", "1.000,5", "12 ,5"])
def test_a_comma_in_a_number_is_refused_with_a_hint(text):
    with pytest.raises(InvalidValue) as error:
        canonical_value("number", text)
    message = str(error.value)
    assert "not a number" in message and 'decimal point as "."' in message
    assert "\n" not in message


@pytest.mark.parametrize("text", ["twelve", "12 5", "1_000", "nan", "inf", "0x10", "1e999"])
def test_other_non_numbers_are_refused(text):
    with pytest.raises(InvalidValue):
        canonical_value("number", text)


def test_dates_are_iso_and_an_ambiguous_date_is_refused():
    assert canonical_value("date", "2024-03-01") == "2024-03-01"
    assert canonical_value("date", "20240301") == "2024-03-01"
    assert canonical_value("date", "2024-03-01T00:00:00") == "2024-03-01"
    for text in ("01/02/2024", "2024-02-30", "March 1", "2024-03-01T10:30:00"):
        with pytest.raises(InvalidValue, match="YYYY-MM-DD"):
            canonical_value("date", text)


def test_booleans_choices_and_text():
    assert [canonical_value("boolean", t) for t in ("Yes", "n", "TRUE", "0", "1")] == [
        "true", "false", "true", "false", "true"]
    with pytest.raises(InvalidValue, match="true or false"):
        canonical_value("boolean", "maybe")
    choices = ("Local", "Global", "Both at once")
    assert canonical_value("choice", "  global ", choices) == "Global"
    assert canonical_value("choice", "both   AT once", choices) == "Both at once"
    with pytest.raises(InvalidValue, match="Local, Global, Both at once"):
        canonical_value("choice", "Glocal", choices)
    assert canonical_value("text", "  Kenya  ") == "Kenya"
    assert all(canonical_value(kind, "  ", ("a",)) == "" for kind in
               ("text", "number", "date", "boolean", "choice"))


def test_types_and_choices_are_checked():
    assert check_type(" Number ") == "number" and check_type("float") == "number"
    with pytest.raises(InvalidOperation, match="choose one of text, number"):
        check_type("colour")
    assert clean_choices(["a", " A ", "", "b  c", "b c"]) == ("a", "b c")


def test_spreadsheet_cells_become_text():
    assert cell_text(None) == ""
    assert cell_text(12) == "12"
    assert cell_text(12.5) == "12.5"
    assert cell_text(3.0) == "3"
    assert cell_text(True) == "true"
    assert cell_text(datetime(2024, 3, 1)) == "2024-03-01"
    assert cell_text(date(2024, 3, 1)) == "2024-03-01"
    assert cell_text(datetime(2024, 3, 1, 10, 30)) == "2024-03-01T10:30:00"
    assert cell_text("=1+1") == "=1+1"


@pytest.mark.parametrize(("values", "kind"), [
    (["12", "3.5", "", "-1"], "number"),
    (["007", "12"], "text"),  # a leading zero: an identifier or a postcode, kept as written
    (["2024-03-01", "1999-12-31"], "date"),
    (["yes", "No", "TRUE"], "boolean"),
    (["1", "0"], "number"),
    (["Kenya", "12"], "text"),
    (["", " "], "text"),
    (["0.5", "0"], "number"),
])
def test_a_new_column_s_type_is_inferred_and_explained(values, kind):
    inferred, reason = infer_type(values)
    assert inferred == kind
    assert reason


def test_values_sort_as_a_reader_expects():
    numbers = sorted(["10", "9", "-2", "", "2.5"], key=lambda v: sort_key("number", v))
    assert numbers == ["-2", "2.5", "9", "10", ""]
